"""The models: natasha's NER and morph taggers and pymorphy2's dictionary, loaded once per process.

The one module that imports natasha, slovnet and pymorphy2. It computes the
taggers' steps itself where that is faster (the CNN encoder, see
:class:`Encoder`), with results equal to slovnet's (tests/test_models.py
checks them against slovnet and natasha), and reads pymorphy2's dictionary
with less work (:class:`Vocab`).
"""
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
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
from slovnet.exec.mask import split_masked  # noqa: E402

from .types import SURROGATES  # noqa: E402


def _is_latin_char(char: str) -> bool:
    # pymorphy2's test of a letter, for letters Unicode gives no name too (Tangut,
    # unassigned code points), where pymorphy2's own raises ValueError
    if isinstance(char, bytes):
        char = char.decode('ascii')
    return 'LATIN' in unicodedata.name(char, '')


pymorphy2.shapes.is_latin_char = _is_latin_char

#: how many word sequences (pieces of text, name windows) a model computes at
#: once; the sequences come sorted by length, so little padding is computed
MODEL_BATCH = 8


@lru_cache(maxsize=None)
def load_models() -> tuple[Any, Any, 'Vocab']:
    """The NER tagger, morph tagger and dictionary, loaded once per process and shared."""
    embedding = NewsEmbedding()
    ner = NewsNERTagger(embedding)
    morph = NewsMorphTagger(embedding)
    for tagger in (ner, morph):
        tagger.infer.encoder.batch_size = MODEL_BATCH
    return ner, morph, Vocab()



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


def ner_spans(ner: Any, pieces: Sequence[Sequence[Any]]) -> list[list[tuple[int, int, str]]]:
    """The NER model's (start, stop, type) spans in each of ``pieces`` (lists of tokens
    with ``start``, ``stop`` and ``text``), the pieces tagged together, shortest first
    (least padding)."""
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
    tags = tag(ner, [[t.text for t in pieces[i]] for i in order])
    spans: list[list[tuple[int, int, str]]] = [[] for _ in pieces]
    for i, piece_tags in zip(order, tags):
        spans[i] = [(span.start, span.stop, span.type) for span in bio_spans(pieces[i], piece_tags)]
    return spans


def tag(tagger: Any, items: Iterable[Sequence[str]]) -> Iterator[list[str]]:
    """The tags of lists of words, by one of natasha's slovnet taggers: BIO tags
    for the NER model, Universal Dependencies tags ("NOUN|Case=Gen|...") for the
    morph tagger.

    The words are already tokenized (each text is tokenized once for all
    steps) and come sorted by length; the model computes MODEL_BATCH of them
    at once. The steps are slovnet's, save the convolutions (see
    :class:`Encoder`).
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


class Encoder:
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


_encoders: dict[int, Encoder] = {}


def _encoder(model):
    # the encoder of a slovnet model, built once per process
    encoder = _encoders.get(id(model))
    if encoder is None:
        encoder = _encoders[id(model)] = Encoder(model.encoder)
    return encoder


@lru_cache(maxsize=None)
def morph_tag(tag: str) -> tuple[str, dict[str, str]]:
    # "NOUN|Case=Gen|Number=Sing" -> ('NOUN', {'Case': 'Gen', 'Number': 'Sing'}); a tag
    # set is small, and the feats are only read
    pos, feats = parse_conll_tag(tag)
    return pos, feats
