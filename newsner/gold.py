"""Checks of the spans of gold files, shared by the scorers (:mod:`newsner.evaluate`, :mod:`newsner.linkscore`).

Each check returns why a span is malformed, naming it by ``where``, or None.
"""
from collections.abc import Mapping, Sequence
from typing import Any, Optional

__all__ = ['is_int', 'span_shape', 'span_in_text']


def is_int(value: Any) -> bool:
    """An integer, and not a boolean."""
    return isinstance(value, int) and not isinstance(value, bool)


def span_shape(span: Any, where: str, keys: Sequence[str] = ('start', 'stop', 'type')) -> Optional[str]:
    """An object with ``keys``, integer ``start`` and ``stop`` and a non-empty string ``type``."""
    if not isinstance(span, dict):
        return '%s: expected an object {%s}' % (where, ', '.join('"%s"' % key for key in keys))
    for key in keys:
        if key not in span:
            return '%s: missing key %r' % (where, key)
    if not is_int(span['start']) or not is_int(span['stop']):
        return '%s: "start" and "stop" must be integers' % where
    if not isinstance(span['type'], str) or not span['type']:
        return '%s: "type" must be a non-empty string' % where
    return None


def span_in_text(span: Mapping[str, Any], text: str, where: str) -> Optional[str]:
    """Offsets that are a non-empty slice of ``text``, and a ``"text"``, when given, equal to that slice."""
    start, stop = span['start'], span['stop']
    if not 0 <= start < stop <= len(text):
        return '%s: offsets %d:%d are not a non-empty slice of the text (%d characters)' % (
            where, start, stop, len(text))
    if 'text' in span and span['text'] != text[start:stop]:
        return ('%s: "text" is %r but text[%d:%d] is %r; offsets must be character '
                'offsets (Python string indices) into "text"' % (where, span['text'], start, stop, text[start:stop]))
    return None
