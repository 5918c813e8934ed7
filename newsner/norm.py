"""Normal forms: a name in the nominative, inflecting only its head.

The functions here take tagged tokens (text, pos, feats in Universal
Dependencies terms, as slovnet's morph tagger gives them) and a ``vocab``: a
callable that maps a lower-case word to its dictionary analyses, each with
``pos``, ``feats`` and ``inflect(grams)`` (natasha's MorphVocab). They never
load a model themselves.

- People: every part of the name goes to the nominative, keeping its gender:
  "Парвиза Шахбазова" -> "Парвиз Шахбазов", "Хушем Чокси" -> "Хуш Чокси".
- Places and organizations: the head noun and the adjectives before it go to
  the nominative, the rest stays as written: "Государственного агентства по
  возобновляемым источникам энергии" -> "Государственное агентство по
  возобновляемым источникам энергии", "Центральной Азией" -> "Центральная Азия".
  Words in quotes are names and are never inflected.
"""
from .head_names import head_words, may_head, unchanged_head_word
from .person_names import person_words, unchanged_person_part
from .types import PER
from .words import WORD, Token, abbreviation, join_words

__all__ = ['Token', 'normalize', 'needs_tags']


def normalize(vocab, type, tokens):
    """The normal form of a name made of ``tokens`` (of one type: 'PER', 'LOC', 'ORG', ...)."""
    if not tokens:
        return ''
    if type == PER:
        words = person_words(vocab, tokens)
    else:
        words = head_words(vocab, tokens)
    return join_words(words, tokens)


def needs_tags(vocab, type, words):
    """Whether the normal form of a name made of ``words`` can depend on its morph tags.

    It cannot when no reading of any word the normal form could inflect
    changes that word: every reading is a nominative, or has the word itself
    as its nominative ("Казахстан", nominative or accusative). The name is
    then its own normal form whatever the tagger says ("Владимир Путин",
    "Москва", "Министерство энергетики"), and the tagger need not run. Words
    the dictionary does not know need tags, save the parts of a person's name
    whose guessed readings do not depend on them.
    """
    if type == PER:
        return any(not unchanged_person_part(vocab, word) for word in words
                   if WORD.match(word) and len(word) > 1 and not abbreviation(word))
    return any(not unchanged_head_word(vocab, word) for word in words if may_head(word))
