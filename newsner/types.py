"""What the other modules share: the entity types, the coarse mapping, quote characters, word classes.

Defined once here and imported everywhere else, so that no two copies can
disagree.
"""
import sys
from collections.abc import Iterable
from enum import Enum

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # Python 3.10: the same behaviour, spelled out
    class StrEnum(str, Enum):
        """An Enum whose members are strings and print as their values."""

        def __str__(self) -> str:
            return str.__str__(self)

        def __format__(self, spec: str) -> str:
            return str.__format__(str(self), spec)


class EntityType(StrEnum):
    """The types of the entities newsner finds; each member equals its name as a string."""

    PER = 'PER'
    LOC = 'LOC'
    GOV = 'GOV'
    COMPANY = 'COMPANY'
    MEDIA = 'MEDIA'
    ORG = 'ORG'
    INITIATIVE = 'INITIATIVE'


PER = EntityType.PER
LOC = EntityType.LOC
GOV = EntityType.GOV
COMPANY = EntityType.COMPANY
MEDIA = EntityType.MEDIA
ORG = EntityType.ORG
INITIATIVE = EntityType.INITIATIVE

#: every type newsner can output, in the order used for display: people, places,
#: state bodies, businesses, news outlets, other organizations, named initiatives
TYPES: tuple[str, ...] = tuple(EntityType)
#: the kinds of organizations
ORG_KINDS: tuple[str, ...] = (GOV, COMPANY, MEDIA, ORG)
#: natasha's three types: the kinds of organizations become ORG (INITIATIVE has no coarse type)
COARSE: dict[str, str] = {GOV: ORG, COMPANY: ORG, MEDIA: ORG}
#: the types finer than natasha's PER, LOC and ORG
FINE: tuple[str, ...] = (GOV, COMPANY, MEDIA, INITIATIVE)


def check_types(types: Iterable[str]) -> frozenset[str]:
    """``types`` (an iterable of type names) as a set, or ValueError naming the valid types."""
    if isinstance(types, str):
        raise ValueError('types must be a collection of type names, not the string %r: '
                         'use [%r]; valid types: %s' % (types, types, ', '.join(TYPES)))
    try:
        chosen = frozenset(types)
    except TypeError:
        raise ValueError('types must be a collection of type names: %s' % ', '.join(TYPES)) from None
    unknown = sorted(str(t) for t in chosen if t not in TYPES)
    if unknown:
        raise ValueError('unknown entity type %s; valid types: %s' % (', '.join(map(repr, unknown)), ', '.join(TYPES)))
    return chosen


#: every quote character, apostrophes and backquotes included: never a word of a name
QUOTES = frozenset('"«»“”„‘’\'`')
#: the double quotes that open and close a quoted name («Газпром нефть», "Газпром нефть", „…“)
OPEN_QUOTES = '«"„“'
CLOSE_QUOTES = '»"“”'
DOUBLE_QUOTES = frozenset(OPEN_QUOTES + CLOSE_QUOTES)
#: a lone surrogate: half of a UTF-16 pair, alone. A str may hold one (a JSONL
#: text with "\ud800"), UTF-8 cannot encode it
SURROGATES = '[\ud800-\udfff]'

# Universal Dependencies parts of speech and features that the normalizers read
NOUN = 'NOUN'
PROPN = 'PROPN'
ADJ = 'ADJ'
DET = 'DET'
VERB = 'VERB'
NUM = 'NUM'
NOM = 'Nom'
CASE = 'Case'
GENDER = 'Gender'
NUMBER = 'Number'


def word_class(pos: str) -> str:
    """NOUN for nouns and proper nouns, ADJ for adjectives, determiners, participles and
    ordinal numbers (what agrees with a noun), any other part of speech as it is."""
    if pos in (NOUN, PROPN):
        return NOUN
    if pos in (ADJ, DET, VERB, NUM):
        return ADJ
    return pos
