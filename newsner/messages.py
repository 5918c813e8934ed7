"""Messages about inputs: one line each, and short, whatever the input holds.

An input's error record names what is wrong with it, often in words taken
from the input or from an exception about it (a line of an archive, a
parser's complaint). Those can be any length and hold any character: a
message is cut to a few hundred characters, on its first line. Written to a
terminal, a message or a table cell shows its invisible characters escaped
(:func:`visible`).
"""
import re
from typing import Optional

__all__ = ['MAX_REASON', 'reason', 'shorten', 'visible', 'INVISIBLE']

#: the most characters of an exception's message, or of a part of an input, a message quotes
MAX_REASON = 300


def shorten(text: str, limit: int = MAX_REASON) -> str:
    """The first line of ``text``, at most ``limit`` characters: a longer one is cut and ends in '...'."""
    lines = text.strip()[:limit + 1].splitlines()
    line = lines[0].rstrip() if lines else ''
    if len(line) > limit:
        line = line[:limit - 3].rstrip() + '...'
    return line


#: characters a terminal would act on or not show: control characters (C0, DEL,
#: C1: they move the cursor, retitle the window or worse), the bidirectional
#: overrides and isolates (they reorder what follows), zero-width characters and
#: the byte order mark (they hide a difference between two names)
INVISIBLE = re.compile('[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]')


def visible(text: str) -> str:
    """``text`` with its invisible characters escaped as Python writes them:
    ESC -> \\x1b, a line break -> \\n, RIGHT-TO-LEFT OVERRIDE -> \\u202e."""
    return INVISIBLE.sub(_escape, text)


def _escape(match: 're.Match[str]') -> str:
    char = match.group()
    return repr(char)[1:-1] if ord(char) < 0x100 and char in '\n\r\t' else (
        '\\x%02x' % ord(char) if ord(char) < 0x100 else '\\u%04x' % ord(char))


def reason(error: BaseException, limit: Optional[int] = None) -> str:
    """What an exception says, on one line of at most ``limit`` characters
    (MAX_REASON by default); its type's name when it says nothing."""
    return shorten(str(error), limit or MAX_REASON) or type(error).__name__
