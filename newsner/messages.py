"""Messages about inputs: one line each, and short, whatever the input holds.

An input's error record names what is wrong with it, often in words taken
from the input or from an exception about it (a line of an archive, a
parser's complaint). Those can be any length and hold any character: a
message is cut to a few hundred characters, on its first line.
"""
from typing import Optional

__all__ = ['MAX_REASON', 'reason', 'shorten']

#: the most characters of an exception's message, or of a part of an input, a message quotes
MAX_REASON = 300


def shorten(text: str, limit: int = MAX_REASON) -> str:
    """The first line of ``text``, at most ``limit`` characters: a longer one is cut and ends in '...'."""
    lines = text.strip()[:limit + 1].splitlines()
    line = lines[0].rstrip() if lines else ''
    if len(line) > limit:
        line = line[:limit - 3].rstrip() + '...'
    return line


def reason(error: BaseException, limit: Optional[int] = None) -> str:
    """What an exception says, on one line of at most ``limit`` characters
    (MAX_REASON by default); its type's name when it says nothing."""
    return shorten(str(error), limit or MAX_REASON) or type(error).__name__
