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
import re
import zlib
from importlib import resources
from typing import Callable, Optional, Sequence, Tuple

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
    found = [v for v in (_vector(vectors, w, l) for w, l in zip(words, lemmas)) if v is not None]
    if found:
        row[0:DIM] = np.mean(found, axis=0)
    blocks = [
        _vector(vectors, words[0], lemmas[0]) if words else None,
        _vector(vectors, words[-1], lemmas[-1]) if words else None,
        _vector(vectors, before[-1]) if before else None,
        None,
        _vector(vectors, after[0]) if after else None,
    ]
    context = [v for v in (_vector(vectors, w) for w in before[-3:]) if v is not None]
    if context:
        blocks[3] = np.mean(context, axis=0)
    for index, vector in enumerate(blocks, 1):
        if vector is not None:
            row[index * DIM:(index + 1) * DIM] = vector
    offset = VECTORS * DIM
    grams = _ngrams(surface)
    if grams:
        weight = 1.0 / np.sqrt(len(grams))
        for gram in grams:
            row[offset + zlib.crc32(gram.encode('utf-8')) % BUCKETS] = weight
    offset += BUCKETS
    lower = surface.lower()
    last = lower.split()[-1] if lower.split() else lower
    letters = [c for c in surface if c.isalpha()]
    count = len(words)
    shape = {
        'latin': bool(LATIN.search(surface)),
        'all latin': bool(letters) and not CYRILLIC.search(surface),
        'cyrillic': bool(CYRILLIC.search(surface)),
        'all caps': len(letters) > 1 and all(c.isupper() for c in letters),
        'capitalized': surface[:1].isupper(),
        'one word': count == 1, 'two words': count == 2, 'three words': count == 3,
        'more words': count > 3,
        'digit': any(c.isdigit() for c in surface),
        'hyphen': '-' in surface,
        'dot': '.' in surface.strip('.'),
        'domain': bool(DOMAIN.search(surface.rstrip('/'))),
        'quoted': quoted,
        'legal form': any(w.lower().rstrip('.') in LEGAL_FORMS for w in words),
        'unknown words': len(found) < count,
        'nothing known': not found,
    }
    for suffix in SUFFIXES:
        shape['ends ' + suffix] = last.endswith(suffix)
    for kind in CONTEXT_KINDS:
        shape['descriptor ' + kind] = descriptor == kind
    for index, name in enumerate(SHAPES):
        if shape[name]:
            row[offset + index] = 1.0
    return row


def _ngrams(surface: str) -> list:
    grams = []
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
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.mean = mean.astype(np.float32)
        self.scale = scale.astype(np.float32)

    @classmethod
    def load(cls, path=None) -> 'KindClassifier':
        """The classifier of ``path`` (an .npz file), by default the one shipped with newsner."""
        if path is None:
            path = resources.files('newsner').joinpath('data', 'kinds.npz')
        with path.open('rb') if hasattr(path, 'open') and not isinstance(path, str) else open(path, 'rb') as file:
            data = np.load(file)
            return cls(data['weights'], data['bias'], data['mean'], data['scale'])

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """The probability of each class (columns in CLASSES order) for feature rows."""
        scores = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        scores -= scores.max(axis=-1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=-1, keepdims=True)

    def __call__(self, row: np.ndarray) -> Tuple[str, float]:
        """The most probable kind of one feature row, with its probability.

        INITIATIVE, a class with few examples, is given only when it is at least
        ``SURE_INITIATIVE`` probable; otherwise the most probable organization kind.
        """
        probabilities = self.probabilities(row[None, :])[0]
        best = int(np.argmax(probabilities))
        if CLASSES[best] == INITIATIVE and probabilities[best] < SURE_INITIATIVE:
            best = int(np.argmax(probabilities[:-1]))
        return CLASSES[best], float(probabilities[best])
