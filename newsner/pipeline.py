"""The extractor: the one module that imports natasha, slovnet and razdel.

Texts flow through in batches: each text is cut into pieces of at most
``MAX_PIECE`` characters at paragraph or sentence bounds, the NER model tags the
pieces of a whole batch at once (sorted by length, so little padding is
computed), and only the words of the names found, with a little context, go
through the morphological tagger to get their normal forms.
"""
import os
from bisect import bisect_right
from collections import OrderedDict
from functools import lru_cache


def _use_packaged_dictionary():
    # pymorphy2 (natasha's morphology) looks its dictionary up through
    # pkg_resources, which Python 3.12+ environments no longer provide. Its
    # documented PYMORPHY2_DICT_PATH names the dictionary directly, which works
    # on every Python version; a value the user set is kept.
    if 'PYMORPHY2_DICT_PATH' not in os.environ:
        import pymorphy2_dicts_ru
        os.environ['PYMORPHY2_DICT_PATH'] = pymorphy2_dicts_ru.get_path()


_use_packaged_dictionary()

from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger  # noqa: E402
from razdel import sentenize, tokenize  # noqa: E402

from .norm import Token, normalize  # noqa: E402
from .parallel import chop  # noqa: E402
from .records import Document, Mention, Text, group_mentions  # noqa: E402

#: NER sees texts in pieces of at most this many characters, cut at paragraph,
#: then sentence, then space bounds; offsets stay those of the whole text.
MAX_PIECE = 4000
#: how many pieces the NER model tags in one call
NER_BATCH = 16
#: how many name windows the morph tagger tags in one call
MORPH_BATCH = 128
#: normal forms kept for repeated names
CACHE_SIZE = 50000
#: words of context the morph tagger sees on each side of a name
LEFT_CONTEXT = 2
RIGHT_CONTEXT = 1
SENTENCE_ENDS = ('.', '!', '?', '…')


@lru_cache(maxsize=None)
def load_models():
    """The NER tagger, morph tagger and dictionary, loaded once per process and shared."""
    embedding = NewsEmbedding()
    ner = NewsNERTagger(embedding)
    ner.batch_size = NER_BATCH
    morph = NewsMorphTagger(embedding)
    morph.batch_size = MORPH_BATCH
    return ner, morph, MorphVocab()


class Extractor:
    """Extracts entities from texts; the models load once per process, on the first Extractor.

    >>> extractor = Extractor()
    >>> doc = extractor('Парвиз Шахбазов посетил Баку.')
    >>> [e.name for e in doc.entities]
    ['Парвиз Шахбазов', 'Баку']
    """

    def __init__(self, *, types=None, batch_size=32):
        self.types = frozenset(types) if types else None
        self.batch_size = batch_size
        self.ner, self.morph, self.vocab = load_models()
        self._normals = OrderedDict()

    @property
    def options(self):
        """The keyword arguments that build an equal Extractor (in a worker process)."""
        return {'types': sorted(self.types) if self.types else None,
                'batch_size': self.batch_size}

    def __repr__(self):
        return 'Extractor(%s)' % ', '.join('%s=%r' % _ for _ in self.options.items())

    def __call__(self, text, *, id='-'):
        """Extract the entities of one text."""
        return next(iter(self.pipe([(id, text)], jobs=1)))

    def pipe(self, texts, *, batch_size=None, jobs=1):
        """Yield one Document per text, lazily and in input order.

        ``texts`` holds strings (ids are then their positions, from 0),
        ``(id, text)`` pairs, or :class:`newsner.records.Text` records from a
        source (a record with an error passes through as an error Document).
        ``jobs`` > 1 runs the work in that many processes, with the same output.
        """
        batch_size = batch_size or self.batch_size
        items = _as_inputs(texts)
        if jobs is None or jobs > 1:
            from .parallel import run_parallel
            yield from run_parallel(items, self.options, batch_size=batch_size, jobs=jobs)
            return
        for batch in chop(items, batch_size):
            yield from self.process(batch)

    def process(self, batch):
        """Documents for a list of :class:`Text` records, in the same order."""
        docs = [None] * len(batch)
        work = []
        for index, item in enumerate(batch):
            if item.error:
                docs[index] = Document(id=item.id, error=item.error, encoding=item.encoding)
            elif not isinstance(item.text, str):
                docs[index] = Document(id=item.id, error='text is not a string', encoding=item.encoding)
            else:
                work.append(index)

        spans = self._find(batch, work)
        found = []  # (doc index, start, stop, type)
        for index in work:
            for start, stop, type in self._adjust(batch[index].text, spans[index]):
                found.append((index, start, stop, type))
        normals = self._normalize_all(batch, found)

        mentions = {index: [] for index in work}
        sentences = {}
        for (index, start, stop, type), normal in zip(found, normals):
            text = batch[index].text
            if index not in sentences:
                sentences[index] = [_.start for _ in sentenize(text)]
            sentence = max(bisect_right(sentences[index], start) - 1, 0)
            mentions[index].append(Mention(start, stop, type, text[start:stop], normal, sentence))
        for index in work:
            item = batch[index]
            entities = self._entities(item.text, mentions[index])
            if self.types is not None:
                entities = tuple(e for e in entities if e.type in self.types)
            docs[index] = Document(id=item.id, entities=entities, text=item.text, encoding=item.encoding)
        return docs

    def _find(self, batch, work):
        # {doc index: [(start, stop, type)]}: the NER model's spans, the pieces
        # of the whole batch tagged together, shortest first
        pieces = []  # (doc index, piece start, piece text)
        for index in work:
            text = batch[index].text
            for start, stop in split_text(text):
                pieces.append((index, start, text[start:stop]))
        spans = {index: [] for index in work}
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i][2]))
        markups = self.ner.map([pieces[i][2] for i in order])
        for i, markup in zip(order, markups):
            index, offset, _ = pieces[i]
            for span in markup.spans:
                spans[index].append((offset + span.start, offset + span.stop, span.type))
        return spans

    def _adjust(self, text, spans):
        """The spans of one text as mentions will have them: sorted (start, stop, type)."""
        return sorted(spans)

    def _entities(self, text, mentions):
        """The entities of one text from its mentions (in text order)."""
        return group_mentions(mentions)

    def _normalize_all(self, batch, found):
        # the normal form of each found name. The morph tagger sees each name
        # with a few words of context around it; a name seen before in the
        # same context (same words, same spacing) is looked up instead.
        keys, fresh = [], {}
        for index, start, stop, type in found:
            text = batch[index].text
            words = tuple((t.text, t.start, t.stop) for t in tokenize(text[start:stop]))
            key = (type, _context_left(text, start), words, _context_right(text, stop))
            keys.append(key)
            if key not in self._normals:
                fresh[key] = None
        windows = list(fresh)
        tagged = self.morph.map([list(left) + [w[0] for w in words] + list(right)
                                 for _, left, words, right in windows])
        for key, markup in zip(windows, tagged):
            type, left, words, _ = key
            tags = markup.tokens[len(left):len(left) + len(words)]
            tokens = [Token(start, stop, text, tag.pos, tag.feats) for (text, start, stop), tag in zip(words, tags)]
            fresh[key] = normalize(self.vocab, type, tokens)
        normals = [fresh[key] if key in fresh else self._normals[key] for key in keys]
        for key in keys:
            if key in self._normals:
                self._normals.move_to_end(key)
        self._normals.update(fresh)
        while len(self._normals) > CACHE_SIZE:
            self._normals.popitem(last=False)
        return normals


def _context_left(text, start):
    # up to LEFT_CONTEXT words before a name, within its sentence
    words = [t.text for t in tokenize(text[max(0, start - 60):start])]
    context = []
    for word in reversed(words):
        if word in SENTENCE_ENDS or len(context) == LEFT_CONTEXT:
            break
        context.insert(0, word)
    return tuple(context)


def _context_right(text, stop):
    # up to RIGHT_CONTEXT words after a name, within its sentence
    context = []
    for word in (t.text for t in tokenize(text[stop:stop + 40])):
        if word in SENTENCE_ENDS or len(context) == RIGHT_CONTEXT:
            break
        context.append(word)
    return tuple(context)


def _as_inputs(texts):
    for position, item in enumerate(texts):
        if isinstance(item, Text):
            yield item
        elif isinstance(item, str):
            yield Text(id=str(position), text=item)
        else:
            id, text = item
            yield Text(id=str(id), text=text)


def split_text(text, limit=MAX_PIECE):
    """(start, stop) bounds of pieces of ``text`` of at most ``limit`` characters.

    Cuts fall on paragraph bounds, then sentence bounds, then spaces, and only
    inside a piece that is too long; a piece with no such bound is cut hard.
    Pieces cover the text without gaps, so offsets map back by addition.
    """
    if len(text) <= limit:
        return [(0, len(text))] if text.strip() else []
    return [_ for _ in _split(text, 0, len(text), limit) if text[_[0]:_[1]].strip()]


def _split(text, start, stop, limit):
    if stop - start <= limit:
        yield start, stop
        return
    bounds = _paragraph_bounds(text, start, stop)
    if len(bounds) <= 2:
        bounds = _sentence_bounds(text, start, stop, limit)
    if len(bounds) <= 2:
        bounds = _space_bounds(text, start, stop, limit)
    # pack consecutive parts into pieces of at most limit characters; a part
    # still too long is split again at the next finer kind of bound
    piece = bounds[0]
    for previous, bound in zip(bounds, bounds[1:]):
        if bound - piece > limit and previous > piece:
            yield from _split(text, piece, previous, limit)
            piece = previous
    yield from _split(text, piece, bounds[-1], limit)


def _paragraph_bounds(text, start, stop):
    bounds = [start]
    index = text.find('\n', start, stop)
    while index != -1:
        bounds.append(index + 1)
        index = text.find('\n', index + 1, stop)
    if bounds[-1] != stop:
        bounds.append(stop)
    return bounds


def _sentence_bounds(text, start, stop, limit):
    if stop - start > limit * 50:
        return [start, stop]  # too long to sentenize as a whole: cut at spaces
    bounds = [start] + [start + s.start for s in sentenize(text[start:stop])][1:] + [stop]
    return sorted(set(bounds))


def _space_bounds(text, start, stop, limit):
    bounds = [start]
    position = start
    while stop - position > limit:
        cut = text.rfind(' ', position + 1, position + limit)
        if cut <= position:
            cut = position + limit  # no space at all: a hard cut
        bounds.append(cut)
        position = cut
    bounds.append(stop)
    return bounds
