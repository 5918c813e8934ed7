"""Words of names and what the dictionary says of them: shared by the normalizers of people and of head groups.

``vocab`` everywhere is a callable that maps a lower-case word to its
dictionary analyses, each with ``pos``, ``feats``, ``tag`` and
``inflect(grams)`` (natasha's MorphVocab), with ``word_is_known(word)``.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .types import NOM

WORD = re.compile(r'^[а-яёА-ЯЁ]+(-[а-яёА-ЯЁ]+)*$')
# a Latin or digit prefix joined to a Russian word: "Telegram-канале"
LATIN_PREFIX = re.compile(r'^([A-Za-z0-9]+-)([а-яёА-ЯЁ]+)$')

CASES = ('Nom', 'Gen', 'Acc', 'Dat', 'Ins', 'Loc')
GENDERS = ('Masc', 'Fem')
VOWELS = set('аяоёэеуюыи')
# how a guessed nominative may end once the ending of the written word is off
ADJECTIVE_ENDINGS = ('ого', 'его', 'ому', 'ему')
NOMINATIVE_ENDINGS = {'', 'а', 'я', 'ь', 'й', 'ий', 'ый', 'ой', 'ая', 'яя', 'о', 'е', 'ое', 'ее', 'ы', 'и'}


@dataclass(frozen=True)
class Token:
    """A word of a name with its offsets in the text and its morphological tags."""
    start: int
    stop: int
    text: str
    pos: str = 'X'
    feats: dict = field(default_factory=dict, hash=False, compare=False)


def recover_shape(word, ref):
    """Give ``word`` the letter case and spelling of ``ref``: "пётр" like "Петра" -> "Петр".

    A writer who put no "ё" in a word gets none back from the dictionary.
    """
    if 'ё' not in ref.lower():
        word = word.replace('ё', 'е').replace('Ё', 'Е')
    if word.lower() == ref.lower():
        return ref
    parts, refs = word.split('-'), ref.split('-')
    if len(parts) != len(refs):
        refs = [ref] * len(parts)
    return '-'.join(_shape_part(part, r) for part, r in zip(parts, refs))


def _shape_part(part, ref):
    if not ref or ref.islower():
        return part.lower()
    if ref.isupper() and len(ref) > 1:
        return part.upper()
    if ref[0].isupper():
        return part[:1].upper() + part[1:].lower()
    return part


def join_words(words, tokens):
    """Join words as their tokens stood in the text, any run of spaces or line breaks as one space."""
    parts = []
    offset = None
    for word, token in zip(words, tokens):
        if offset is not None:
            parts.append(' ' if token.start > offset else '')
        parts.append(word)
        offset = token.stop
    return ''.join(parts)


def unchanged(case, nominative, written):
    # whether a reading leaves the written word as it is: a nominative is never inflected
    return case == NOM or recover_shape(nominative, written) == written


@lru_cache(maxsize=100000)
def is_known(vocab, word):
    # whether the dictionary knows the word (the predictor's guesses aside); cached, as
    # the dictionary looks every word up again with its ё/е variants
    return vocab.word_is_known(word)


def plausible_guess(word, nominative):
    """Whether a guessed nominative only swaps the ending of ``word``: "уитакера" -> "уитакер", not "уитакёр"."""
    common = 0
    while common < min(len(word), len(nominative)) and word[common] == nominative[common]:
        common += 1
    return common >= len(word) - 3 and nominative[common:] in NOMINATIVE_ENDINGS


def indeclinable(word):
    """Whether an unknown word looks indeclinable: it ends in a vowel other than а/я ("Роналду", "Версаче").

    Adjectival endings ("Павликовского", "Галчанскому") do not count.
    """
    return word[-1] in VOWELS and word[-1] not in 'ая' and not word.endswith(ADJECTIVE_ENDINGS)


def abbreviation(text):
    """Whether a word is written in capitals: "ФИНАМ", "СвЖД", "ПроеКТОриЯ" (not "МакКей")."""
    return any(part.isupper() or sum(c.isupper() for c in part) > 2 for part in text.split('-'))


@lru_cache(maxsize=100000)
def nominative_of(form):
    """The nominative of a dictionary analysis (its word), or None; cached, as inflecting builds the whole lexeme."""
    nominative = form.inflect({NOM})
    return nominative.word if nominative is not None else None


def guessed_forms(vocab, word):
    # the predictor's analyses of an unknown word whose nominatives are plausible
    for form in vocab(word):
        nominative = nominative_of(form)
        if nominative is not None and plausible_guess(word, nominative):
            yield form, nominative


def split_prefix(text):
    """("Telegram-", "канале") for "Telegram-канале"; ("", text) for other words."""
    match = LATIN_PREFIX.match(text)
    return (match.group(1), match.group(2)) if match else ('', text)
