"""The extractor: the one module that imports natasha, slovnet, pymorphy2 and razdel.

Texts flow through in batches: each text is cut into pieces of at most
``MAX_PIECE`` characters at paragraph or sentence bounds, the NER model tags the
pieces of a whole batch at once (sorted by length, so little padding is
computed), and only the words of the names found whose normal form depends on
their case, with a little context, go through the morphological tagger.
"""
import os
import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict, namedtuple
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

import numpy as np  # noqa: E402
from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger  # noqa: E402
from natasha.morph.vocab import MorphForm, ud_feats, ud_pos  # noqa: E402
from pymorphy2 import MorphAnalyzer as PymorphyAnalyzer  # noqa: E402
from pymorphy2.units.by_lookup import DictionaryAnalyzer  # noqa: E402
from razdel import sentenize, tokenize  # noqa: E402
from slovnet.bio import bio_spans  # noqa: E402
from slovnet.conll import parse_conll_tag  # noqa: E402
from slovnet.exec.mask import split_masked  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from .norm import Token, needs_tags, normalize  # noqa: E402
from .parallel import BATCH_SIZE, chop, internal_error  # noqa: E402
from . import rules  # noqa: E402
from .records import Document, Mention, as_text, group_mentions  # noqa: E402
from .persons import first_names, name_people, person_links  # noqa: E402
from .roles import find_roles, with_roles  # noqa: E402

#: NER sees texts in pieces of at most this many characters, cut at paragraph,
#: then sentence, then space bounds; offsets stay those of the whole text.
MAX_PIECE = 4000
#: a text longer than this many characters goes through in parts of about this
#: size (at piece bounds), so that memory stays bounded by the part, not the text
LONG_TEXT = 200_000
#: how many word sequences (pieces of text, name windows) a model computes at
#: once; the sequences come sorted by length, so little padding is computed
MODEL_BATCH = 8
#: normal forms kept for repeated names
CACHE_SIZE = 50000
#: words of context the morph tagger sees on each side of a name
LEFT_CONTEXT = 2
RIGHT_CONTEXT = 1
SENTENCE_ENDS = ('.', '!', '?', '…')
CYRILLIC = re.compile('[а-яёА-ЯЁ]')

_Token = namedtuple('_Token', 'start stop text')


@lru_cache(maxsize=None)
def load_models():
    """The NER tagger, morph tagger and dictionary, loaded once per process and shared."""
    embedding = NewsEmbedding()
    ner = NewsNERTagger(embedding)
    morph = NewsMorphTagger(embedding)
    for tagger in (ner, morph):
        tagger.infer.encoder.batch_size = MODEL_BATCH
    return ner, morph, Vocab()


class _Form(MorphForm):
    """natasha's MorphForm, with the same values, computed with less work.

    - The Universal Dependencies pos and feats are converted once per pymorphy
      tag instead of once per analysis (the feats are shared: read only).
    - ``inflect`` of a dictionary word: pymorphy builds the whole lexeme and
      picks the form whose tag fits best, which depends on the paradigm, the
      form's place in it and the grammemes asked for, not on the word. The
      place picked is kept for those three, and the next word with them gets
      that form built from its stem, as pymorphy builds it.
    """

    def __new__(cls, *args):
        self = tuple.__new__(cls, args)
        self.normal = self.normal_form
        self.pos, self.feats = _ud_tag(self.tag)
        return self

    def inflect(self, grams):
        stack = self.methods_stack
        unit = stack[0][0]
        if len(stack) != 1 or type(unit) is not DictionaryAnalyzer:
            return MorphForm.inflect(self, grams)  # a guess: its lexeme is built by analogy
        _, _, paradigm, index = stack[0]
        places = self._morph.inflected_places
        key = (paradigm, index, frozenset(grams))
        place = places.get(key, _UNKNOWN)
        if place is _UNKNOWN:
            inflected = MorphForm.inflect(self, grams)
            places[key] = None if inflected is None else inflected.methods_stack[0][3]
            return inflected
        if place is None:
            return None
        dictionary = unit.dict
        stem = dictionary.build_stem(dictionary.paradigms[paradigm], index, self.word)
        prefix, tag, suffix = self._morph.paradigm(paradigm)[place]
        word = prefix + stem + suffix
        return type(self)(word, tag, self.normal_form, 1.0, unit._fix_stack(stack, word, paradigm, place))


_UNKNOWN = object()


@lru_cache(maxsize=None)
def _ud_tag(tag):
    # a pymorphy tag set is small (a few thousand tags)
    return ud_pos(tag), dict(ud_feats(tag))


class Vocab(MorphVocab):
    """natasha's MorphVocab (pymorphy2 with its own cache), its analyses as :class:`_Form`."""

    def __init__(self):
        PymorphyAnalyzer.__init__(self, result_type=_Form)
        #: {(paradigm, form index, grammemes): the index of the inflected form, or None}
        self.inflected_places = {}
        self._paradigms = {}

    def paradigm(self, paradigm):
        """The (prefix, tag, suffix) of each form of a paradigm of the dictionary, built once."""
        found = self._paradigms.get(paradigm)
        if found is None:
            found = self._paradigms[paradigm] = self.dictionary.build_paradigm_info(paradigm)
        return found


class Extractor:
    """Extracts entities from texts; the models load once per process, on the first Extractor.

    >>> extractor = Extractor()
    >>> doc = extractor('Парвиз Шахбазов посетил Баку.')
    >>> [e.name for e in doc.entities]
    ['Парвиз Шахбазов', 'Баку']
    """

    def __init__(self, *, types=None, batch_size=BATCH_SIZE, coarse=False, gazetteers=()):
        self.types = frozenset(types) if types else None
        self.batch_size = batch_size
        self.coarse = bool(coarse)
        self.gazetteers = tuple(os.fspath(_) for _ in gazetteers or ())
        self.ner, self.morph, self.vocab = load_models()
        self.rules = rules.load(self.vocab, self.gazetteers)
        self._normals = OrderedDict()

    @property
    def options(self):
        """The keyword arguments that build an equal Extractor (in a worker process)."""
        return {'types': sorted(self.types) if self.types else None,
                'batch_size': self.batch_size, 'coarse': self.coarse,
                'gazetteers': list(self.gazetteers)}

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
        items = (as_text(item, position) for position, item in enumerate(texts))
        if jobs is None or jobs > 1:
            from .parallel import run_parallel
            yield from run_parallel(items, self.options, batch_size=batch_size, jobs=jobs,
                                    local=self._process_guarded)
            return
        for batch in chop(items, batch_size):
            yield from self._process_guarded(batch)

    def _process_guarded(self, batch):
        # a batch whose processing raises is run again one text at a time, so
        # that only the text that raises becomes an error document
        try:
            return self.process(batch)
        except Exception as error:
            if len(batch) == 1:
                return [internal_error(batch[0], error)]
            return [doc for item in batch for doc in self._process_guarded([item])]

    def process(self, batch):
        """Documents for a list of :class:`Text` records, in the same order.

        The models compute with one BLAS thread: their matrices are small, and
        a second thread only waits for the first (or, on a busy machine, for a
        core); parallel work comes from processes (``jobs``).
        """
        with threadpool_limits(limits=1, user_api='blas'):
            return self._process(batch)

    def _process(self, batch):
        docs = [None] * len(batch)
        work = []
        for index, item in enumerate(batch):
            if item.error:
                docs[index] = Document(id=item.id, error=item.error, encoding=item.encoding)
            elif not isinstance(item.text, str):
                docs[index] = Document(id=item.id, error='text is not a string', encoding=item.encoding)
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
            entities = self._entities(item.text, mentions[index])
            if self.types is not None:
                entities = tuple(e for e in entities if e.type in self.types)
            docs[index] = Document(id=item.id, entities=entities, text=item.text, encoding=item.encoding)
        return docs

    def _mentions(self, texts, sentences=None):
        """The mentions of each of ``texts``, in text order, before grouping.

        ``sentences`` may give the sentence starts of each text, found when a
        text has a mention otherwise.
        """
        pieces = {index: _tokenize(text) for index, text in enumerate(texts)}
        spans = self._find(pieces)
        found = []  # (text index, start, stop, type)
        for index, text in enumerate(texts):
            for start, stop, type in self._adjust(text, spans[index]):
                found.append((index, start, stop, type))
        normals = self._normalize_all(texts, pieces, found)
        mentions = [[] for _ in texts]
        sentences = dict(enumerate(sentences or ()))
        for (index, start, stop, type), normal in zip(found, normals):
            text = texts[index]
            if index not in sentences:
                sentences[index] = sentence_starts(text)
            sentence = max(bisect_right(sentences[index], start) - 1, 0)
            mentions[index].append(Mention(start, stop, type, text[start:stop], normal, sentence))
        return mentions

    def _long_mentions(self, text):
        # the mentions of a text longer than LONG_TEXT, found part by part so
        # that its tokens are never all in memory; offsets and sentence
        # numbers are those of the whole text
        mentions, sentences = [], 0
        for start, stop in _parts(text, LONG_TEXT):
            part = text[start:stop]
            starts = sentence_starts(part)
            for m in self._mentions([part], [starts])[0]:
                mentions.append(Mention(m.start + start, m.stop + start, m.type, m.text, m.normal,
                                        m.sentence + sentences))
            sentences += len(starts)
        return mentions

    def _find(self, pieces):
        # {doc index: [(start, stop, type)]}: the NER model's spans, the pieces
        # of the whole batch tagged together, shortest first (least padding)
        items = [(index, piece) for index, doc in pieces.items() for piece in doc if piece]
        order = sorted(range(len(items)), key=lambda i: len(items[i][1]))
        tags = _tag(self.ner, [[t.text for t in items[i][1]] for i in order])
        spans = {index: [] for index in pieces}
        for i, piece_tags in zip(order, tags):
            index, piece = items[i]
            for span in bio_spans(piece, piece_tags):
                spans[index].append((span.start, span.stop, span.type))
        return spans

    def _adjust(self, text, spans):
        """The spans of one text as mentions will have them: sorted (start, stop, type).

        The rules mend the model's spans, add the names it misses and type
        organizations GOV, COMPANY, MEDIA or ORG, and initiatives INITIATIVE.
        """
        return self.rules.adjust(text, spans, coarse=self.coarse)

    def _entities(self, text, mentions):
        """The entities of one text from its mentions (in text order).

        Mentions of one person join ("Парвиз Шахбазов", "П. Шахбазов",
        "Шахбазов"), and a person takes the role the text gives next to a name.
        """
        is_first_name = first_names(self.vocab)
        links = list(person_links(mentions, is_first_name=is_first_name)) + self.rules.links(text, mentions)
        entities = name_people(group_mentions(mentions, links), is_first_name=is_first_name)
        return with_roles(entities, mentions, find_roles(self.vocab, text, mentions))

    def _normalize_all(self, texts, pieces, found):
        # the normal form of each found name. The morph tagger sees each name
        # with a few words of context around it; a name seen before in the
        # same context (same words, same spacing) is looked up instead, and a
        # name with no Cyrillic word needs no tagging at all.
        tokens = {index: [t for piece in doc for t in piece] for index, doc in pieces.items()}
        starts = {index: [t.start for t in doc] for index, doc in tokens.items()}
        keys, fresh, plain = [], {}, {}
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
        tagged = _tag(self.morph, [[w for w in left] + [w[0] for w in words] + [w for w in right]
                                   for _, left, words, right in windows])
        for key, tags in zip(windows, tagged):
            type, left, words, _ = key
            tags = [_morph_tag(tag) for tag in tags[len(left):len(left) + len(words)]]
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


def _tag(tagger, items):
    """The tags of lists of words, by one of natasha's slovnet taggers: BIO tags
    for the NER model, Universal Dependencies tags ("NOUN|Case=Gen|...") for the
    morph tagger.

    The words are already tokenized (each text is tokenized once for all
    steps) and come sorted by length; the model computes MODEL_BATCH of them
    at once. The steps are slovnet's, save the convolutions (see
    :class:`_Encoder`).
    """
    infer = tagger.infer
    model = infer.model
    encoder = _encoder(model)
    for input in infer.encoder(items):
        words = ~input.pad_mask
        pred = model.head(encoder(model.emb(input.word_id, input.shape_id), input.pad_mask))
        if hasattr(model.head, 'crf'):
            tags = model.head.crf.decode(pred, words)
        else:
            tags = split_masked(model.head.decode(pred), words)
        yield from infer.decoder(tags)


class _Encoder:
    """slovnet's CNN encoder (convolution, ReLU, batch norm per layer), computed
    on words x features arrays as a sum of shifted matrix products.

    slovnet's own encoder copies each window of words into a row of a new
    matrix before one product (im2col); this one multiplies the padded words by
    each kernel column and adds the products shifted, with no copy: the same
    sums in another order, about 1.5 times faster.
    """

    def __init__(self, encoder):
        self.layers = []
        for layer in encoder.layers:
            conv, norm = layer.conv, layer.norm
            kernels = [np.ascontiguousarray(conv.weight.array[:, :, shift].T)
                       for shift in range(conv.weight.shape[2])]
            self.layers.append((kernels, conv.padding, conv.bias.array, norm))

    def __call__(self, input, pad_mask):
        batch, length, _ = input.shape
        keep = (~pad_mask)[:, :, None]
        for kernels, padding, bias, norm in self.layers:
            dim, filters = kernels[0].shape
            padded = np.zeros((batch, length + 2 * padding, dim), dtype=input.dtype)
            padded[:, padding:padding + length] = input
            flat = padded.reshape(-1, dim)
            output = flat @ kernels[0]
            for shift, kernel in enumerate(kernels[1:], 1):
                output[:-shift] += flat[shift:] @ kernel
            output = output.reshape(batch, length + 2 * padding, filters)[:, :length]
            output += bias
            np.maximum(output, 0, out=output)
            output = (output - norm.mean.array) / norm.std.array * norm.weight.array + norm.bias.array
            output *= keep  # padding words stay zero, as in slovnet
            input = output
        return input


_encoders = {}


def _encoder(model):
    # the encoder of a slovnet model, built once per process
    encoder = _encoders.get(id(model))
    if encoder is None:
        encoder = _encoders[id(model)] = _Encoder(model.encoder)
    return encoder


@lru_cache(maxsize=None)
def _morph_tag(tag):
    # "NOUN|Case=Gen|Number=Sing" -> ('NOUN', {'Case': 'Gen', 'Number': 'Sing'}); a tag
    # set is small, and the feats are only read
    pos, feats = parse_conll_tag(tag)
    return pos, feats


def _context_left(tokens, first):
    # up to LEFT_CONTEXT words before the token at ``first``, within its sentence
    context = []
    index = first - 1
    while index >= 0 and len(context) < LEFT_CONTEXT and tokens[index].text not in SENTENCE_ENDS:
        context.insert(0, tokens[index].text)
        index -= 1
    return tuple(context)


def _context_right(tokens, last):
    # up to RIGHT_CONTEXT words from the token at ``last`` on, within its sentence
    context = []
    index = last
    while index < len(tokens) and len(context) < RIGHT_CONTEXT and tokens[index].text not in SENTENCE_ENDS:
        context.append(tokens[index].text)
        index += 1
    return tuple(context)


def _parts(text, size):
    """(start, stop) of consecutive parts of ``text`` of about ``size`` characters, cut at piece bounds."""
    start = stop = 0
    for piece_start, piece_stop in split_text(text):
        if piece_stop - start > size and stop > start:
            yield start, stop
            start = stop
        stop = piece_stop
    if stop > start:
        yield start, stop


def _tokenize(text):
    """The razdel tokens of ``text`` by piece (see :func:`split_text`), offsets into the whole text."""
    pieces = []
    for start, stop in split_text(text):
        if start == 0 and stop == len(text):
            pieces.append(list(tokenize(text)))
        else:
            pieces.append([_Token(start + t.start, start + t.stop, t.text) for t in tokenize(text[start:stop])])
    return pieces


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


#: a paragraph longer than this many pieces is cut at spaces, not sentences:
#: razdel's sentenize slows down more than linearly on long runs of punctuation
SENTENIZE_PIECES = 10


def sentence_starts(text):
    """The start offsets of the sentences of ``text``.

    razdel's sentenize runs piece by piece (see :func:`split_text`), so the time
    stays linear in the length of the text whatever it holds; a sentence longer
    than a piece counts as several.
    """
    return [start + s.start for start, stop in split_text(text) for s in sentenize(text[start:stop])]


def _sentence_bounds(text, start, stop, limit):
    if stop - start > limit * SENTENIZE_PIECES:
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
