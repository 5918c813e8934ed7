"""Tests on the surface of a text: acronyms, Cyrillic words, where words stand alone."""
import re
from typing import Optional

#: a Latin letter
LATIN = re.compile(r'[A-Za-z]')
#: nothing that continues a word after it: no letter, digit, "_" or "-"
ALONE_AFTER = re.compile(r'(?![\w-])')


def is_acronym(word: str) -> bool:
    """Whether a word is written as an acronym: two letters or more, two capitals or more."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def after_open_bracket(text: str, start: int) -> bool:
    """Whether the first character before ``start`` that is not a space is "(": a look
    back over the spaces alone, never a copy of the text before (a text's every name
    may ask)."""
    index = start - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index >= 0 and text[index] == '('


#: what ends a sentence before the next one's first word
SENTENCE_END = '.!?…\n'


def sentence_start(text: str, start: int, lead: Optional[str] = None) -> bool:
    """Whether the word at ``start`` begins a sentence: the text starts there, or the first
    character before it that is not one of ``lead`` (by default, not a space of any kind) ends
    a sentence. A look back over ``lead`` alone, never a copy of the text before."""
    index = start - 1
    while index >= 0 and (text[index].isspace() if lead is None else text[index] in lead):
        index -= 1
    return index < 0 or text[index] in SENTENCE_END


def has_cyrillic(word: str) -> bool:
    """Whether a word has a Russian letter."""
    return any('а' <= c <= 'я' or c == 'ё' for c in word.lower())


def standing_alone(text: str, words: list[str]) -> dict[str, list[int]]:
    r"""{word: [start, ...]}: where each word stands alone in the text, in one pass over it.

    "Alone" and the places are those of ``re.finditer(r'(?<![\w-])WORD(?![\w-])', text)``
    for each word: no letter, digit, "_" or "-" next to it, and no two places of one word
    overlapping (the earlier one kept).
    """
    places: dict[str, list[int]] = {word: [] for word in words}
    if not places:
        return places
    free = dict.fromkeys(places, 0)  # where a word's next place may start
    lengths = sorted({len(word) for word in places})
    firsts = re.compile(r'(?<![\w-])[%s]' % re.escape(''.join(sorted({word[0] for word in places}))))
    for match in firsts.finditer(text):
        start = match.start()
        for length in lengths:
            word = text[start:start + length]
            if len(word) < length:
                break
            if word in places and start >= free[word] and ALONE_AFTER.match(text, start + length):
                places[word].append(start)
                free[word] = start + length
    return places
