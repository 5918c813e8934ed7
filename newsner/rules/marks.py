"""Brackets and quotes inside the model's spans: never part of a name, never half of one.

- "ООН (Организация Объединенных Наций" or "Long Name (ACR)" taken as one
  span: the names before and inside the brackets, each a span of its own.
  A person or place keeps a Latin spelling in brackets as a second
  mention ("Скотт Хоровитц (Scott Horowitz)"), nothing else a bracket adds,
  save the surname after a first name in brackets ("госпожой (Урсулой) фон
  дер Ляйен": "Урсулой" and "фон дер Ляйен", one person, see ``persons.py``):
  "Азербайджанской Республики (SOCAR)" keeps the place only; the bracketed name is found after the organization
  the place belongs to (``Rules._acronyms``).
- A descriptor before a quoted name ('РГТРК «Останкино»'): the quoted name.
- A quote left alone inside a span ('ПАО "Ромашка', 'Ромашка" собрались'):
  the span is cut at the quote and keeps the side the quoted name is on. A
  Russian legal form cut off that way makes the name a COMPANY.
"""
import re

from ..types import CLOSE_QUOTES, COMPANY, DOUBLE_QUOTES, LOC, OPEN_QUOTES, PER
from .kinds import LEGAL_FORMS
from .spans import Span
from .text import after_open_bracket

QUOTES = DOUBLE_QUOTES
BRACKETS = re.compile(r'[()\[\]]')
#: quote characters that only open or only close a name ('"' does both)
ONLY_OPEN = set(OPEN_QUOTES) - set(CLOSE_QUOTES)
ONLY_CLOSE = set(CLOSE_QUOTES) - set(OPEN_QUOTES)


def cut(text, spans):
    """The spans with brackets and lone quotes cut out of them (a span may become two)."""
    for span in spans:
        for piece in _bracketed(text, span):
            piece = _lone_quote(text, piece)
            if piece is not None:
                yield piece


def _bracketed(text, span):
    surface = text[span.start:span.stop]
    if not BRACKETS.search(surface):
        yield span
        return
    pieces = []
    position = span.start
    for match in BRACKETS.finditer(text, span.start, span.stop):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, span.stop))
    pieces = [_strip(text, a, b) for a, b in pieces]
    pieces = [p for p in pieces if p is not None]
    if span.type == PER and _first_name_in_brackets(text, span):
        # "госпожа (Урсула) фон дер Ляйен": the first name in brackets, and the surname after
        pieces = pieces[:2]
    elif span.type in (PER, LOC):
        # the name, and its Latin spelling in brackets ("Скотт Хоровитц (Scott Horowitz)");
        # not other words a bracket adds ("(Половникова)", "(Рой, Грин)")
        pieces = pieces[:1] + [p for p in pieces[1:2] if is_spelling(text[p[0]:p[1]], text[pieces[0][0]:pieces[0][1]])]
    for start, stop in pieces:
        yield Span(start, stop, span.type, span.sure)


def _first_name_in_brackets(text, span):
    # the span opens inside a bracket that it closes, and a name goes on after it
    surface = text[span.start:span.stop]
    first = BRACKETS.search(surface)
    return (after_open_bracket(text, span.start) and first is not None and first.group() == ')'
            and len(BRACKETS.findall(surface)) == 1 and bool(surface[first.end():].strip()))


def is_spelling(name, before=None):
    """Whether a bracketed name is another spelling of the name ``before`` it: Latin words, no
    list, and no acronym unless the name before is in capitals too ("ДЖЕЙ-ЗИ (JAY-Z)")."""
    if not LATIN_NAME.match(name) or ',' in name:
        return False
    return not name.isupper() or before is None or before.isupper()


LATIN_NAME = re.compile(r"^[A-Z][A-Za-zÀ-ÿ'’.\- ]*$")


def _strip(text, start, stop):
    while start < stop and (text[start].isspace() or text[start] in QUOTES or text[start] in ',;'):
        start += 1
    while stop > start and (text[stop - 1].isspace() or text[stop - 1] in QUOTES or text[stop - 1] in ',;'):
        stop -= 1
    if not any(c.isalnum() for c in text[start:stop]):
        return None
    return start, stop


def _lone_quote(text, span):
    # a quote inside the span with no partner inside it: keep the side of the name
    surface = text[span.start:span.stop]
    quotes = [i for i, c in enumerate(surface) if c in QUOTES]
    if not quotes:
        return span
    opens = [i for i in quotes if surface[i] in ONLY_OPEN]
    closes = [i for i in quotes if surface[i] in ONLY_CLOSE]
    straight = [i for i in quotes if surface[i] not in ONLY_OPEN and surface[i] not in ONLY_CLOSE]
    if len(opens) == len(closes) and len(straight) % 2 == 0:
        first = (opens or straight)[0] if opens or straight else None
        if first and surface.rstrip()[-1:] in QUOTES and len(quotes) == 2 and surface[:first].strip():
            # 'РГТРК «Останкино»': a descriptor before a quoted name is not part of it
            before = surface[:first].split()
            stripped = _strip(text, span.start + first + 1, span.stop)
            if stripped is None:
                return None
            kind, sure = span.type, span.sure
            if before[-1].lower() in LEGAL_FORMS and any('а' <= c <= 'я' for c in before[-1].lower()):
                kind, sure = COMPANY, True
            return Span(stripped[0], stripped[1], kind, sure)
        return span  # balanced: «Газпром нефть» inside a longer name
    if len(opens) > len(closes) or (straight and len(straight) % 2 and _opens(surface, straight[-1])):
        at = (opens or straight)[-1]
        before = surface[:at].split()
        start, stop = span.start + at + 1, span.stop
    else:
        at = (closes or straight)[0]
        before = []
        start, stop = span.start, span.start + at
    stripped = _strip(text, start, stop)
    if stripped is None:
        return None
    kind = span.type
    sure = span.sure
    if before and before[-1].lower() in LEGAL_FORMS and any('а' <= c <= 'я' for c in before[-1].lower()):
        kind, sure = COMPANY, True
    return Span(stripped[0], stripped[1], kind, sure)


def _opens(surface, index):
    # a straight quote opens a name when a word follows it, not when one ends before it
    return index + 1 < len(surface) and surface[index + 1].isalnum() and (index == 0 or surface[index - 1].isspace())
