"""The models: natasha's NER and morph taggers and pymorphy2's dictionary, loaded once per process.

The one module that imports natasha, slovnet, pymorphy2 and onnxruntime. It
computes the taggers' steps itself where that is faster (the word lists of a
call packed end to end, the CNN encoder and CRF decoding of :mod:`newsner.cnn`),
with results equal to slovnet's (tests/test_models.py checks them against
slovnet and natasha), or the NER model's scores in ONNX Runtime with int8
weights when the ``onnx`` extra is installed (:func:`ner_session`), and reads
pymorphy2's dictionary with less work (:class:`Vocab`).
"""
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional


def _use_packaged_dictionary() -> None:
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
import pymorphy2.shapes  # noqa: E402
from pymorphy2 import MorphAnalyzer as PymorphyAnalyzer  # noqa: E402
from pymorphy2.units.by_lookup import DictionaryAnalyzer  # noqa: E402
from slovnet.bio import bio_spans  # noqa: E402
from slovnet.conll import parse_conll_tag  # noqa: E402
from slovnet.shape import word_shape  # noqa: E402

from . import cnn, extras  # noqa: E402
from .types import SURROGATES  # noqa: E402


def _is_latin_char(char: str) -> bool:
    # pymorphy2's test of a letter, for letters Unicode gives no name too (Tangut,
    # unassigned code points), where pymorphy2's own raises ValueError
    if isinstance(char, bytes):
        char = char.decode('ascii')
    return 'LATIN' in unicodedata.name(char, '')


pymorphy2.shapes.is_latin_char = _is_latin_char

#: the NER model's convolutions and projection with int8 weights, for ONNX Runtime
#: (made from natasha's model by training/export_onnx.py)
NER_ONNX = Path(__file__).resolve().parent / 'data' / 'ner-int8.onnx'
#: how the NER model is computed: numpy (float32, as slovnet), ONNX Runtime with
#: int8 weights (the ``onnx`` extra), or ``auto``: what the environment variable
#: NEWSNER_RUNTIME names, else numpy, so that the answers never depend on what
#: happens to be installed
RUNTIMES = ('auto', 'numpy', 'onnx')


@lru_cache(maxsize=None)
def load_models() -> tuple[Any, Any, 'Vocab']:
    """The NER tagger, morph tagger and dictionary, loaded once per process and shared."""
    embedding = NewsEmbedding()
    ner = NewsNERTagger(embedding)
    morph = NewsMorphTagger(embedding)
    return ner, morph, Vocab()


def ner_session(runtime: str = 'auto') -> Optional[Any]:
    """The ONNX Runtime session that computes the NER model's tag scores, or None
    where numpy computes them: ``runtime`` is one of :data:`RUNTIMES`; ``auto``
    takes what the environment variable NEWSNER_RUNTIME names, else numpy;
    ``onnx`` raises MissingExtra when ONNX Runtime is not installed."""
    if runtime == 'auto':
        runtime = os.environ.get('NEWSNER_RUNTIME') or 'numpy'
    if runtime not in RUNTIMES or runtime == 'auto':
        raise ValueError('unknown runtime %r: one of numpy, onnx' % runtime)
    if runtime == 'numpy':
        return None
    session = onnx_session()
    if isinstance(session, extras.MissingExtra):
        if runtime == 'onnx':
            raise session
        return None
    return session


@lru_cache(maxsize=None)
def onnx_session() -> Any:
    """The ONNX Runtime session of the NER model, made once per process, or the
    MissingExtra of importing onnxruntime (``onnx_session.cache_clear()`` forgets it)."""
    # ONNX Runtime's Linux and macOS wheels collect usage telemetry, and create a
    # file in the temporary folder on import, unless told not to before it loads
    # (a value the user set is kept)
    os.environ.setdefault('ORT_DISABLE_TELEMETRY', '1')
    try:
        ort = extras.need('onnx', 'onnxruntime')
    except extras.MissingExtra as error:
        return error
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1  # parallel work comes from processes
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(str(NER_ONNX), options, providers=['CPUExecutionProvider'])


def word_vectors(ner: Any) -> Callable[[str], Optional[np.ndarray]]:
    """A function giving a word's navec vector as natasha's NER model holds it, or None for a
    word it does not know: the kind classifier's vectors, with no second copy of navec."""
    ids = ner.infer.encoder.words_vocab.item_ids
    embedding = ner.infer.model.emb.word

    def vector(word: str) -> Optional[np.ndarray]:
        id = ids.get(word)
        return None if id is None else embedding(np.array([id]))[0]
    return vector


class Form(MorphForm):
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
    """natasha's MorphVocab (pymorphy2 with its own cache), its analyses as :class:`Form`."""

    def __init__(self):
        PymorphyAnalyzer.__init__(self, result_type=Form)
        #: {(paradigm, form index, grammemes): the index of the inflected form, or None}
        self.inflected_places = {}
        self._paradigms = {}

    def paradigm(self, paradigm):
        """The (prefix, tag, suffix) of each form of a paradigm of the dictionary, built once."""
        found = self._paradigms.get(paradigm)
        if found is None:
            found = self._paradigms[paradigm] = self.dictionary.build_paradigm_info(paradigm)
        return found

    # pymorphy2 looks words up as UTF-8: a lone surrogate (a JSONL text may hold
    # "\ud800") cannot be encoded, and is looked up as U+FFFD instead

    def parse(self, word: str) -> list[Any]:
        try:
            return MorphVocab.parse(self, word)
        except UnicodeEncodeError:
            return MorphVocab.parse(self, _encodable(word))

    __call__ = parse

    def word_is_known(self, word: str, strict: bool = False) -> bool:
        try:
            return MorphVocab.word_is_known(self, word, strict)
        except UnicodeEncodeError:
            return MorphVocab.word_is_known(self, _encodable(word), strict)


def _encodable(word: str) -> str:
    return re.sub(SURROGATES, '\ufffd', word)


def ner_spans(ner: Any, pieces: Sequence[Sequence[Any]], *,
              runtime: str = 'auto') -> list[list[tuple[int, int, str]]]:
    """The NER model's (start, stop, type) spans in each of ``pieces`` (lists of tokens
    with ``start``, ``stop`` and ``text``), the pieces tagged together; ``runtime``
    computes the model (see :func:`ner_session`)."""
    tags = tag(ner, [[t.text for t in piece] for piece in pieces], session=ner_session(runtime))
    return [[(span.start, span.stop, span.type) for span in bio_spans(piece, piece_tags)]
            for piece, piece_tags in zip(pieces, tags)]


def tag(tagger: Any, items: Iterable[Sequence[str]], *, session: Optional[Any] = None) -> Iterator[list[str]]:
    """The tags of lists of words, by one of natasha's slovnet taggers: BIO tags
    for the NER model, Universal Dependencies tags ("NOUN|Case=Gen|...") for the
    morph tagger.

    The words are already tokenized (each text is tokenized once for all
    steps). The steps are slovnet's, computed on the word lists of a call
    packed end to end (:mod:`newsner.cnn`): no padding, and the same sums for
    each word. ``session``: an ONNX Runtime session that computes the NER
    model's tag scores instead of numpy (:func:`ner_session`), piece by piece.
    """
    infer = tagger.infer
    model = infer.model
    ids = [_word_ids(infer.encoder, words) for words in items]
    crf = getattr(model.head, 'crf', None)
    pad_word, pad_shape = infer.encoder.words_vocab.pad_id, infer.encoder.shapes_vocab.pad_id
    scores: list[np.ndarray] = [np.empty(0)] * len(ids)
    for group in cnn.packs([len(words) for words, _ in ids]):
        word_id, separator, starts = cnn.pack([ids[i][0] for i in group], pad_word)
        shape_id = cnn.pack([ids[i][1] for i in group], pad_shape)[0]
        features = _embed(model.emb, word_id, shape_id)
        bounds = [(start, start + len(ids[i][0])) for i, start in zip(group, starts)]
        if session is not None and crf is not None:
            # each piece alone, with its zero rows on both sides: the quantized
            # model's scale is the piece's own, whatever else is in the batch
            for i, (start, stop) in zip(group, bounds):
                scores[i] = session.run(None, {'features': features[start - 1:stop + 1]})[0][1:-1]
        else:
            packed = model.head(_encoder(model)(features[None], separator[None])[0])
            for i, (start, stop) in zip(group, bounds):
                scores[i] = packed[start:stop]
    if crf is not None:
        paths = cnn.viterbi(scores, crf.transitions.array)
    else:
        paths = [model.head.decode(score) for score in scores]
    yield from infer.decoder(paths)


#: words whose slovnet ids are kept, per tagger; the cache empties when full
WORD_IDS = 20000


def _word_ids(encoder: Any, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    # the word and shape ids of ``words``, as slovnet's WordShapeEncoder gives them
    cache = _id_caches.setdefault(id(encoder), {})
    word_ids, shape_ids = [], []
    for word in words:
        found = cache.get(word)
        if found is None:
            if len(cache) >= WORD_IDS:
                cache.clear()
            found = cache[word] = (encoder.words_vocab.encode(word.lower()),
                                   encoder.shapes_vocab.encode(word_shape(word)))
        word_ids.append(found[0])
        shape_ids.append(found[1])
    return np.array(word_ids, dtype=np.int64), np.array(shape_ids, dtype=np.int64)


_id_caches: dict[int, dict[str, tuple[int, int]]] = {}


def _embed(emb: Any, word_id: np.ndarray, shape_id: np.ndarray) -> np.ndarray:
    # slovnet's WordShapeEmbedding (a navec word vector, then a shape vector) of
    # a list of words: each word's navec codes gathered once, from one flat table
    word = emb.word
    flat = _flat_codes.get(id(word))
    if flat is None:
        qdim, centroids, chunk = word.codes.array.shape
        flat = _flat_codes[id(word)] = (word.codes.array.reshape(qdim * centroids, chunk),
                                        np.arange(qdim) * centroids)
    codes, offsets = flat
    unique, inverse = np.unique(word_id, return_inverse=True)
    vectors = codes[word.indexes.array[unique] + offsets].reshape(len(unique), -1)
    return np.concatenate((vectors[inverse], emb.shape.weight.array[shape_id]), axis=-1)


_flat_codes: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _encoder(model: Any) -> cnn.Encoder:
    # the encoder of a slovnet model, built once per process
    encoder = _encoders.get(id(model))
    if encoder is None:
        encoder = _encoders[id(model)] = cnn.Encoder(model.encoder)
    return encoder


_encoders: dict[int, cnn.Encoder] = {}


@lru_cache(maxsize=None)
def morph_tag(tag: str) -> tuple[str, dict[str, str]]:
    # "NOUN|Case=Gen|Number=Sing" -> ('NOUN', {'Case': 'Gen', 'Number': 'Sing'}); a tag
    # set is small, and the feats are only read
    pos, feats = parse_conll_tag(tag)
    return pos, feats
