"""The Extractor: texts in, Documents out, in stages.

Texts flow through in batches: each text is cut into pieces of at most
``MAX_PIECE`` characters at paragraph or sentence bounds (newsner.segment), the
NER model tags the pieces of a whole batch at once (newsner.models), the rules
mend and type the spans (newsner.rules), and only the words of the names found
whose normal form depends on their case, with a little context, go through the
morphological tagger before they are normalized (newsner.norm). Mentions then
group into entities (newsner.persons, newsner.roles), and the relations say who
works where (newsner.relations).
"""
import re
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any, Optional, Union

from threadpoolctl import threadpool_limits

from . import kb, rules
from .rules import GazetteerSource, gazetteer_sources
from .models import load_models, morph_tag, ner_session, ner_spans, tag, word_vectors
from .norm import Token, needs_tags, normalize
from .parallel import BATCH_SIZE, chop, internal_error, run_parallel
from .persons import bracket_links, feminine_names, first_names, name_people, oblique_names, person_links
from .records import Document, Mention, Text, as_text, group_mentions
from .linking import Linker
from .relations import find_relations
from .roles import find_role_spans, with_roles
from .segment import MAX_PIECE, parts, sentence_starts, tokenize_pieces
from .types import EntityType, check_types

__all__ = ['Extractor', 'MAX_PIECE', 'LONG_TEXT']

#: a text longer than this many characters goes through in parts of about this
#: size (at piece bounds), so that memory stays bounded by the part, not the text
LONG_TEXT = 200_000
#: normal forms kept for repeated names
CACHE_SIZE = 50000
#: words of context the morph tagger sees on each side of a name
LEFT_CONTEXT = 2
RIGHT_CONTEXT = 1
SENTENCE_ENDS = ('.', '!', '?', '…')
CYRILLIC = re.compile('[а-яёА-ЯЁ]')


#: held while an Extractor gets the models, rules and knowledge base, which are built
#: once per process and shared: Extractors built at once in several threads wait for
#: the first instead of each loading its own copy
_BUILDING = threading.Lock()


class Extractor:
    """Extracts entities from texts; the models load once per process, on the first Extractor.

    >>> extractor = Extractor()
    >>> doc = extractor('Парвиз Шахбазов посетил Баку.')
    >>> [e.name for e in doc.entities]
    ['Парвиз Шахбазов', 'Баку']
    """

    def __init__(self, *, types: Optional[Iterable[str]] = None, batch_size: int = BATCH_SIZE,
                 coarse: bool = False, gazetteers: Iterable[GazetteerSource] = (), link: bool = True,
                 runtime: str = 'auto') -> None:
        """``types``: the entity types to keep (all of :data:`newsner.TYPES` by default;
        an unknown type is a ValueError). ``coarse``: natasha's PER, LOC and ORG only.
        ``gazetteers``: known names, each a path to a CSV or JSON file or an entry
        ``{"name", "type", "aliases"}`` in memory; they win over the built-in ones, and
        the earlier given wins over the later when two name the same thing.
        ``link``: link entities to the knowledge base (Wikidata ids, :mod:`newsner.linking`).
        ``runtime``: how the NER model is computed, ``numpy``, ``onnx`` (ONNX Runtime, int8
        weights: the ``onnx`` extra) or ``auto``: what the environment variable NEWSNER_RUNTIME
        names, else numpy (:func:`newsner.models.ner_session`).
        """
        # no types, or an empty collection: every type
        self.types = (check_types(types) if types is not None else frozenset()) or None
        self.batch_size = batch_size
        self.coarse = bool(coarse)
        self.gazetteers = gazetteer_sources(gazetteers or ())
        with _BUILDING:  # by one thread at a time: the first builds what the others share
            self.ner, self.morph, self.vocab = load_models()
            ner_session(runtime)  # an unknown runtime, or onnx not installed, fails here
            self.runtime = runtime
            self.rules = rules.load(self.vocab, self.gazetteers, vectors=word_vectors(self.ner))
            self.link = bool(link)
            self.linker = Linker(kb.load(), self.rules.lemmas.key, self.rules.user_entries) if self.link else None
        self._normals: OrderedDict[tuple, str] = OrderedDict()

    @property
    def options(self) -> dict[str, Any]:
        """The keyword arguments that build an equal Extractor (in a worker process)."""
        return {'types': sorted(self.types) if self.types is not None else None,
                'batch_size': self.batch_size, 'coarse': self.coarse,
                'gazetteers': [g if isinstance(g, str) else g.as_dict() for g in self.gazetteers],
                'link': self.link, 'runtime': self.runtime}

    def __repr__(self) -> str:
        return 'Extractor(%s)' % ', '.join('%s=%r' % _ for _ in self.options.items())

    def __call__(self, text: str, *, id: str = '-') -> Document:
        """Extract the entities of one text."""
        return next(iter(self.pipe([(id, text)], jobs=1)))

    def pipe(self, texts: Iterable[Union[str, tuple[str, str], Text]], *, batch_size: Optional[int] = None,
             jobs: Optional[int] = 1) -> Iterator[Document]:
        """Yield one Document per text, lazily and in input order.

        ``texts`` holds strings (ids are then their positions, from 0),
        ``(id, text)`` pairs, or :class:`newsner.records.Text` records from a
        source (a record with an error passes through as an error Document).
        ``jobs`` > 1 runs the work in that many processes, with the same output.
        """
        batch_size = batch_size or self.batch_size
        items = (as_text(item, position) for position, item in enumerate(texts))
        if jobs is None or jobs > 1:
            yield from run_parallel(items, self.options, batch_size=batch_size, jobs=jobs,
                                    factory=type(self), local=self._process_guarded)
            return
        for batch in chop(items, batch_size):
            yield from self._process_guarded(batch)

    def _process_guarded(self, batch: list[Text]) -> list[Document]:
        # a batch whose processing raises is run again one text at a time, so
        # that only the text that raises becomes an error document
        try:
            return self.process(batch)
        except Exception as error:
            if len(batch) == 1:
                return [internal_error(batch[0], error)]
            return [doc for item in batch for doc in self._process_guarded([item])]

    def process(self, batch: list[Text]) -> list[Document]:
        """Documents for a list of :class:`Text` records, in the same order.

        The models compute with one BLAS thread: their matrices are small, and
        a second thread only waits for the first (or, on a busy machine, for a
        core); parallel work comes from processes (``jobs``).
        """
        with threadpool_limits(limits=1, user_api='blas'):
            return self._process(batch)

    def _process(self, batch):
        docs: list[Any] = [None] * len(batch)
        work = []
        for index, item in enumerate(batch):
            if item.error:
                docs[index] = Document(id=item.id, error=item.error, **item.about())
            elif not isinstance(item.text, str):
                docs[index] = Document(id=item.id, error='text is not a string', **item.about())
            else:
                work.append(index)

        small = [index for index in work if len(batch[index].text) <= LONG_TEXT]
        mentions = self._mentions([batch[index].text for index in small])
        mentions = dict(zip(small, mentions))
        for index in work:
            if index not in mentions:
                mentions[index] = self._long_mentions(batch[index].text)
        for index in work:
            item = batch[index]
            entities, relations = self._entities(item.text, mentions[index])
            if self.types is not None:
                entities = tuple(e for e in entities if e.type in self.types)
                names = {(e.type == 'PER', e.name) for e in entities}
                relations = tuple(r for r in relations if (True, r.person) in names and (False, r.object) in names)
            docs[index] = Document(id=item.id, entities=entities, text=item.text, relations=relations,
                                   **item.about())
        return docs

    def normal_forms(self, text: str, spans: Iterable[tuple[int, int, str]]) -> list[str]:
        """The normal form of each ``(start, stop, type)`` span of ``text``, as the
        pipeline gives its own mentions (the morph tagger sees the words around)."""
        found = [(0, start, stop, type) for start, stop, type in spans]
        if not found:
            return []
        with threadpool_limits(limits=1, user_api='blas'):
            return self._normalize_all([text], {0: tokenize_pieces(text)}, found)

    def _mentions(self, texts, sentences=None):
        """The mentions of each of ``texts``, in text order, before grouping.

        ``sentences`` may give the sentence starts of each text, found when a
        text has a mention otherwise.
        """
        pieces = {index: tokenize_pieces(text) for index, text in enumerate(texts)}
        spans = self._find(pieces)
        found = []  # (text index, start, stop, type)
        for index, text in enumerate(texts):
            for start, stop, type in self._adjust(text, spans[index]):
                found.append((index, start, stop, type))
        normals = self._normalize_all(texts, pieces, found)
        mentions: list[list[Mention]] = [[] for _ in texts]
        sentences = dict(enumerate(sentences or ()))
        for (index, start, stop, type), normal in zip(found, normals):
            text = texts[index]
            if index not in sentences:
                sentences[index] = sentence_starts(text)
            sentence = max(bisect_right(sentences[index], start) - 1, 0)
            # one kind of type, always: the model's and the rules' strings become EntityType
            mentions[index].append(Mention(start, stop, EntityType(type), text[start:stop], normal, sentence))
        return mentions

    def _long_mentions(self, text):
        # the mentions of a text longer than LONG_TEXT, found part by part so
        # that its tokens are never all in memory; offsets and sentence
        # numbers are those of the whole text
        mentions, sentences = [], 0
        for start, stop in parts(text, LONG_TEXT):
            part = text[start:stop]
            starts = sentence_starts(part)
            for m in self._mentions([part], [starts])[0]:
                mentions.append(Mention(m.start + start, m.stop + start, m.type, m.text, m.normal,
                                        m.sentence + sentences))
            sentences += len(starts)
        return mentions

    def _find(self, pieces):
        # {doc index: [(start, stop, type)]}: the NER model's spans, the pieces
        # of the whole batch tagged together
        items = [(index, piece) for index, doc in pieces.items() for piece in doc if piece]
        spans: dict[int, list] = {index: [] for index in pieces}
        for (index, _), found in zip(items, ner_spans(self.ner, [piece for _, piece in items], runtime=self.runtime)):
            spans[index].extend(found)
        return spans

    def _adjust(self, text, spans):
        """The spans of one text as mentions will have them: sorted (start, stop, type).

        The rules mend the model's spans, add the names it misses and type
        organizations GOV, COMPANY, MEDIA or ORG, and initiatives INITIATIVE.
        """
        return self.rules.adjust(text, spans, coarse=self.coarse)

    def _entities(self, text, mentions):
        """The entities of one text from its mentions (in text order), and their relations.

        Mentions of one person join ("Парвиз Шахбазов", "П. Шахбазов",
        "Шахбазов"), a person takes the role the text gives next to a name, and
        the relations say who works for which organization or place.
        """
        is_first_name = first_names(self.vocab)
        mentions = oblique_names(self.vocab, feminine_names(self.vocab, mentions))
        links = (list(person_links(mentions, is_first_name=is_first_name)) + bracket_links(text, mentions)
                 + self.rules.links(text, mentions))
        entities = name_people(group_mentions(mentions, links), is_first_name=is_first_name)
        if self.linker is not None:
            entities, mentions = self.linker.link(entities, mentions, coarse=self.coarse)
        roles = find_role_spans(self.vocab, text, mentions)
        entities = with_roles(entities, mentions, {i: span.text for i, span in roles.items()})
        return entities, find_relations(self.vocab, text, entities, mentions, roles)

    def _normalize_all(self, texts, pieces, found):
        # the normal form of each found name. The morph tagger sees each name
        # with a few words of context around it; a name seen before in the
        # same context (same words, same spacing) is looked up instead, and a
        # name with no Cyrillic word needs no tagging at all.
        tokens = {index: [t for piece in doc for t in piece] for index, doc in pieces.items()}
        starts = {index: [t.start for t in doc] for index, doc in tokens.items()}
        keys: list[tuple] = []
        fresh: dict[tuple, Any] = {}
        plain: dict[tuple, Any] = {}
        for index, start, stop, type in found:
            doc = tokens[index]
            first = bisect_left(starts[index], start)
            last = first
            while last < len(doc) and doc[last].stop <= stop:
                last += 1
            words = tuple((t.text, t.start - start, t.stop - start) for t in doc[first:last])
            if not any(CYRILLIC.search(w[0]) for w in words) or not needs_tags(self.vocab, type, [w[0] for w in words]):
                key = (type, (), words, ())
                plain[key] = None
            else:
                key = (type, _context_left(doc, first), words, _context_right(doc, last))
                if key not in self._normals:
                    fresh[key] = None
            keys.append(key)
        for key in plain:
            plain[key] = normalize(self.vocab, key[0], [Token(start, stop, text) for text, start, stop in key[2]])
        windows = sorted(fresh, key=lambda k: len(k[1]) + len(k[2]) + len(k[3]))
        tagged = tag(self.morph, [[w for w in left] + [w[0] for w in words] + [w for w in right]
                                   for _, left, words, right in windows])
        for key, window_tags in zip(windows, tagged):
            type, left, words, _ = key
            tags = [morph_tag(t) for t in window_tags[len(left):len(left) + len(words)]]
            name = [Token(start, stop, text, pos, feats) for (text, start, stop), (pos, feats) in zip(words, tags)]
            fresh[key] = normalize(self.vocab, type, name)
        normals = []
        for key, (index, start, stop, _) in zip(keys, found):
            normal = plain[key] if key in plain else fresh[key] if key in fresh else self._normals[key]
            normals.append(normal or texts[index][start:stop])
        for key in keys:
            if key in self._normals:
                self._normals.move_to_end(key)
        self._normals.update(fresh)
        while len(self._normals) > CACHE_SIZE:
            self._normals.popitem(last=False)
        return normals


def _context_left(tokens, first):
    # up to LEFT_CONTEXT words before the token at ``first``, within its sentence
    context: list[str] = []
    index = first - 1
    while index >= 0 and len(context) < LEFT_CONTEXT and tokens[index].text not in SENTENCE_ENDS:
        context.insert(0, tokens[index].text)
        index -= 1
    return tuple(context)


def _context_right(tokens, last):
    # up to RIGHT_CONTEXT words from the token at ``last`` on, within its sentence
    context: list[str] = []
    index = last
    while index < len(tokens) and len(context) < RIGHT_CONTEXT and tokens[index].text not in SENTENCE_ENDS:
        context.append(tokens[index].text)
        index += 1
    return tuple(context)
