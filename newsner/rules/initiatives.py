"""Named initiatives in quotes that begin with their own head word: «Маршрут Трампа ...», «Стратегия-2030».

A quoted name whose first word is a program, project, route, corridor or strategy
is that initiative, with no descriptor before the quotes: "по «Маршруту Трампа для
международного мира и процветания»", "в рамках «Программы развития села»". A name
after an event word ("форум «Один пояс — один путь»") is the event's, not one.
"""
import re
from typing import Callable, Iterator, Tuple

from ..wordlists import word_list
from .kinds import named_event

#: first words (lemmas) that make a quoted name an initiative
INITIATIVE_HEADS = word_list('initiative-heads')
#: an opening quote, then a capitalized Russian word
QUOTED = re.compile(r'[«"„“]([А-ЯЁ][а-яё]+)')
CLOSE = {'«': '»', '"': '"“”', '„': '“”"', '“': '”"'}
LONGEST = 120


def quoted_initiatives(text: str, lemma: Callable[[str], str]) -> Iterator[Tuple[int, int]]:
    """(start, stop) of the initiatives in quotes of ``text``, quotes not included.

    ``lemma`` gives a word's dictionary form in lower case.
    """
    for match in QUOTED.finditer(text):
        if lemma(match.group(1)) not in INITIATIVE_HEADS:
            continue
        start = match.start(1)
        closing = CLOSE[text[match.start()]]
        stop = start
        limit = min(len(text), start + LONGEST)
        while stop < limit and text[stop] not in closing and text[stop] != '\n':
            stop += 1
        if stop == limit or text[stop] not in closing or named_event(text, start):
            continue
        stop = len(text[start:stop].rstrip())
        yield start, start + stop
