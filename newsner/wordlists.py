"""The word lists the rules use, read once from ``data/words/`` (one file per list).

Each file begins with a comment line saying what its list is for, then holds one
entry a line: a lemma as :class:`newsner.rules.lemma.Lemmas` gives it (lower
case, "ё" kept where the dictionary keeps it), or a name of several words
separated by spaces ("белый дом"). An entry that is not a lemma the dictionary
knows (a form as written, a Latin word, a foreign name) says so in a comment
after it (``inc  # form: Latin``); ``tests/test_wordlists.py`` checks that every
other entry is a lemma and that no entry repeats. Blank lines are skipped.
"""
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

__all__ = ['Entry', 'entries', 'list_names', 'word_list']

SUFFIX = '.txt'


class Entry(NamedTuple):
    """One line of a word list: the entry, the comment after it ('' if none), its line number."""
    word: str
    note: str
    line: int


def read_entries(text: str) -> list[Entry]:
    """The entries of a word list's text, comment lines and blank lines left out."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        word, _, note = line.partition('#')
        word = ' '.join(word.split())
        if word:
            found.append(Entry(word, note.strip(), number))
    return found


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[Entry, ...]:
    """The entries of the list ``name`` (``data/words/NAME.txt``), in file order."""
    path = resources.files('newsner').joinpath('data').joinpath('words').joinpath(name + SUFFIX)
    return tuple(read_entries(path.read_text(encoding='utf-8')))


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The words of the list ``name``, read once per process."""
    return frozenset(entry.word for entry in entries(name))


def list_names() -> list[str]:
    """The names of all the shipped word lists, sorted."""
    folder = resources.files('newsner').joinpath('data').joinpath('words')
    return sorted(item.name[:-len(SUFFIX)] for item in folder.iterdir() if item.name.endswith(SUFFIX))
