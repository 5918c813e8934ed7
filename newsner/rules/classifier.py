"""The learned kind of an organization's name: a softmax over features of the name in its text.

When no rule settles the kind of a name the NER model found (no gazetteer
entry, no legal form, no head noun, see :mod:`newsner.rules.kinds`), the
classifier gives it one of GOV, COMPANY, MEDIA, ORG or INITIATIVE from:

- navec vectors (natasha's NewsEmbedding, already in memory for the NER model)
  of the name's words (their mean), its first and last word, the word just
  before it, the three words before it (their mean) and the word after it;
- letter n-grams of the name, hashed into ``BUCKETS`` slots, so that a name
  navec does not know still shows its "-банк", "-пром", "-информ", "-ТВ",
  "news", "bank", "route";
- its shape: Latin or Cyrillic, capitals, words, digits, hyphens, a domain
  (".ru"), quotes around it; and the kind a descriptor before it tells
  (:func:`newsner.rules.kinds.context_kind`).

The weights are a matrix read with numpy from ``newsner/data/kinds.npz``;
``training/train_kinds.py`` makes that file. A decision costs a few vector
look-ups and one matrix product.
"""
import math
import re
import zlib
from importlib import resources
from typing import Callable, List, Optional, Sequence, Tuple

import numpy as np

from ..types import COMPANY, GOV, INITIATIVE, MEDIA, ORG
from .kinds import DOMAIN, LEGAL_FORMS

#: the classes, in the order of the weight matrix's columns
CLASSES = (GOV, COMPANY, MEDIA, ORG, INITIATIVE)
#: the kinds a descriptor may tell, in the order of their features
CONTEXT_KINDS = (GOV, COMPANY, MEDIA, ORG)
DIM = 300
VECTORS = 6  # name mean, first word, last word, word before, three words before, word after
BUCKETS = 1024
NGRAMS = (2, 3, 4)
SUFFIXES = ('банк', 'пром', 'инфо', 'информ', 'тв', 'tv', 'ньюс', 'news', 'media', 'медиа', 'пресс',
            'press', 'bank', 'group', 'газ', 'нефть', 'строй', 'сервис', 'маркет', 'route', 'corridor',
            'коридор', 'маршрут', 'проект', 'программа', 'стратегия')
SHAPES = ('latin', 'all latin', 'cyrillic', 'all caps', 'capitalized', 'one word', 'two words',
          'three words', 'more words', 'digit', 'hyphen', 'dot', 'domain', 'quoted', 'legal form',
          'unknown words', 'nothing known') + tuple('ends ' + s for s in SUFFIXES) \
    + tuple('descriptor ' + k for k in CONTEXT_KINDS)
#: the least probability at which the classifier calls a name an initiative
SURE_INITIATIVE = 0.8
FEATURES = VECTORS * DIM + BUCKETS + len(SHAPES)

LATIN = re.compile('[A-Za-z]')
CYRILLIC = re.compile('[А-Яа-яЁё]')
LETTERS = re.compile(r'\w+', re.UNICODE)

#: word -> its vector, or None for a word the embedding does not hold (navec's ``get``)
Vectors = Callable[[str], Optional[np.ndarray]]


class CachedVectors:
    """A word's vector by a :data:`Vectors` function, kept for the next time (up to ``size`` words)."""

    def __init__(self, vectors: Vectors, size: int = 50000):
        self.vectors = vectors
        self.size = size
        self.cache: dict = {}

    def __call__(self, word: str) -> Optional[np.ndarray]:
        try:
            return self.cache[word]
        except KeyError:
            pass
        if len(self.cache) >= self.size:
            self.cache.clear()
        found = self.cache[word] = self.vectors(word)
        return found


def _vector(vectors: Vectors, word: str, lemma: str = '') -> Optional[np.ndarray]:
    found = vectors(word.lower())
    if found is None and lemma:
        found = vectors(lemma)
    return found


def features(vectors: Vectors, surface: str, words: Sequence[str], lemmas: Sequence[str],
             before: Sequence[str], after: Sequence[str], *, quoted: bool = False,
             descriptor: Optional[str] = None) -> np.ndarray:
    """The feature vector of a name.

    ``surface`` the name as written, ``words`` and ``lemmas`` its words and their
    dictionary forms, ``before`` up to three words before it in its sentence
    (nearest last) and ``after`` the words after it; ``quoted`` whether it stands
    in quotes, ``descriptor`` the kind the words before it tell, if any.
    """
    row = np.zeros(FEATURES, dtype=np.float32)
    found = [_vector(vectors, w, l) for w, l in zip(words, lemmas)]
    known = [v for v in found if v is not None]
    if known:
        row[0:DIM] = sum(known) / len(known)
    if found:
        if found[0] is not None:
            row[DIM:2 * DIM] = found[0]
        if found[-1] is not None:
            row[2 * DIM:3 * DIM] = found[-1]
    nearest = vectors(before[-1]) if before else None
    if nearest is not None:
        row[3 * DIM:4 * DIM] = nearest
    context = [v for v in (vectors(w) for w in before[-3:]) if v is not None]
    if context:
        row[4 * DIM:5 * DIM] = sum(context) / len(context)
    following = vectors(after[0].lower()) if after else None
    if following is not None:
        row[5 * DIM:6 * DIM] = following
    offset = VECTORS * DIM
    grams = _ngrams(surface)
    if grams:
        row[[offset + zlib.crc32(gram.encode('utf-8')) % BUCKETS for gram in grams]] = 1.0 / np.sqrt(len(grams))
    offset += BUCKETS
    lower = surface.lower()
    last = lower.split()[-1] if lower.split() else lower
    letters = [c for c in surface if c.isalpha()]
    count = len(words)
    latin = bool(LATIN.search(surface))
    cyrillic = bool(CYRILLIC.search(surface))
    shape = [
        latin, bool(letters) and not cyrillic, cyrillic,
        len(letters) > 1 and all(c.isupper() for c in letters),
        surface[:1].isupper(),
        count == 1, count == 2, count == 3, count > 3,
        any(c.isdigit() for c in surface),
        '-' in surface,
        '.' in surface.strip('.'),
        bool(DOMAIN.search(surface.rstrip('/'))),
        quoted,
        any(w.lower().rstrip('.') in LEGAL_FORMS for w in words),
        len(known) < count,
        not known,
    ]
    shape.extend(last.endswith(suffix) for suffix in SUFFIXES)
    shape.extend(descriptor == kind for kind in CONTEXT_KINDS)
    row[offset:offset + len(SHAPES)] = shape
    return row


def _ngrams(surface: str) -> List[str]:
    grams: List[str] = []
    for word in LETTERS.findall(surface.lower().replace('ё', 'е')):
        word = '<%s>' % word
        for n in NGRAMS:
            grams.extend(word[i:i + n] for i in range(len(word) - n + 1))
    return grams


class KindClassifier:
    """A softmax over :func:`features`: ``weights`` (FEATURES x classes) and ``bias``."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, mean: np.ndarray, scale: np.ndarray):
        if weights.shape != (FEATURES, len(CLASSES)) or bias.shape != (len(CLASSES),):
            raise ValueError('kind weights of shape %s do not fit %d features and %d classes'
                             % (weights.shape, FEATURES, len(CLASSES)))
        # the standardization (row - mean) / scale folded into the weights: one product per name
        self.weights = (weights / scale[:, None]).astype(np.float32)
        self.bias = (bias - (mean / scale) @ weights).astype(np.float32)

    @classmethod
    def load(cls, path: Optional[str] = None) -> 'KindClassifier':
        """The classifier of ``path`` (an .npz file), by default the one shipped with newsner."""
        source = resources.files('newsner').joinpath('data').joinpath('kinds.npz') if path is None else None
        with source.open('rb') if source is not None else open(path or '', 'rb') as file:
            data = np.load(file)
            return cls(data['weights'], data['bias'], data['mean'], data['scale'])

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """The probability of each class (columns in CLASSES order) for feature rows."""
        scores = rows @ self.weights + self.bias
        scores -= scores.max(axis=-1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=-1, keepdims=True)

    def __call__(self, row: np.ndarray) -> Tuple[str, float]:
        """The most probable kind of one feature row, with its probability.

        INITIATIVE, a class with few examples, is given only when it is at least
        ``SURE_INITIATIVE`` probable; otherwise the most probable organization kind.
        """
        scores = (row @ self.weights + self.bias).tolist()  # five numbers: plain Python is quicker
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        best = exps.index(1.0)
        if CLASSES[best] == INITIATIVE and exps[best] / total < SURE_INITIATIVE:
            best = max(range(len(CLASSES) - 1), key=exps.__getitem__)
        return CLASSES[best], exps[best] / total
