"""Pieces and sentences of texts: where long texts are cut for the models, and where sentences start.

razdel tokenizes and finds sentences; everything here keeps offsets into the
whole text and stays linear in its length, whatever the text holds.
"""
import re
from collections import namedtuple
from collections.abc import Iterator

from razdel import sentenize, tokenize

from .types import SURROGATES

#: NER sees texts in pieces of at most this many characters, cut at paragraph,
#: then sentence, then space bounds; offsets stay those of the whole text.
MAX_PIECE = 4000
#: a paragraph longer than this many pieces is cut at spaces, not sentences:
#: razdel's sentenize slows down more than linearly on long runs of punctuation
SENTENIZE_PIECES = 10

#: a razdel token with offsets into the whole text
WordToken = namedtuple('WordToken', 'start stop text')


def parts(text: str, size: int) -> Iterator[tuple[int, int]]:
    """(start, stop) of consecutive parts of ``text`` of about ``size`` characters, cut at piece bounds."""
    start = stop = 0
    for piece_start, piece_stop in split_text(text):
        if piece_stop - start > size and stop > start:
            yield start, stop
            start = stop
        stop = piece_stop
    if stop > start:
        yield start, stop


def tokenize_pieces(text: str) -> list[list[WordToken]]:
    """The razdel tokens of ``text`` by piece (see :func:`split_text`), offsets into the whole text.

    A lone surrogate (a JSONL text may hold "\\ud800") is no part of a word:
    the tokens are those of the text with a space in its place.
    """
    text = re.sub(SURROGATES, ' ', text)
    pieces = []
    for start, stop in split_text(text):
        if start == 0 and stop == len(text):
            pieces.append(list(tokenize(text)))
        else:
            pieces.append([WordToken(start + t.start, start + t.stop, t.text) for t in tokenize(text[start:stop])])
    return pieces


def split_text(text: str, limit: int = MAX_PIECE) -> list[tuple[int, int]]:
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


def sentence_starts(text: str) -> list[int]:
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
