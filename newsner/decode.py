"""Decoding: raw bytes to text, with the encoding given, marked, or detected.

UTF-8 and UTF-16/32 are known by their byte order mark or by decoding; other
texts are read in the Cyrillic encoding that fits them best. Binary data is
told from text and refused.
"""
import codecs
import re
from typing import Optional

from .messages import reason

__all__ = ['decode', 'text_codec', 'BOMS', 'CYRILLIC']

BOMS = [
    (codecs.BOM_UTF8, 'utf-8-sig'),
    (codecs.BOM_UTF32_LE, 'utf-32'),
    (codecs.BOM_UTF32_BE, 'utf-32'),
    (codecs.BOM_UTF16_LE, 'utf-16'),
    (codecs.BOM_UTF16_BE, 'utf-16'),
]


def text_codec(name: str) -> Optional[str]:
    """The Python name of the text encoding ``name`` ('windows-1251' -> 'cp1251'), or None
    when Python knows no such codec or it is no text encoding: a codec from bytes to
    bytes or str to str (hex, base64, bz2, quopri, rot13, uu, zlib), or 'undefined',
    which refuses everything."""
    try:
        codec = codecs.lookup(name)
        ''.encode(codec.name)  # LookupError: not a text encoding; UnicodeError: 'undefined'
        b''.decode(codec.name)
    except (LookupError, ValueError, TypeError):
        return None
    return codec.name


def decode(data: bytes, *, encoding: Optional[str] = None, name: str = 'input',
           guess: Optional[str] = None) -> tuple[Optional[str], Optional[str], str]:
    """(text, encoding used, error) for raw bytes.

    With ``encoding`` given it is used as is. Otherwise a byte order mark
    decides, then UTF-8 is tried, then ``guess`` (the encoding found for the
    rest of the same file), then the Cyrillic encodings Russian texts come in
    (see ``CYRILLIC``), whichever charset-normalizer finds the best fit. Binary
    data (NUL bytes without a UTF-16/32 mark, or many control characters) is an
    error, and so is data that fits no encoding: its message suggests --encoding.
    """
    if encoding:
        if text_codec(encoding) is None:
            try:
                codecs.lookup(encoding)
            except LookupError:
                return None, None, '%s: unknown encoding %r' % (name, encoding)
            return None, None, '%s: %r is not a text encoding' % (name, encoding)
        try:
            # a UTF-8 mark is not text, even with the encoding given (Notepad writes one)
            codec = 'utf-8-sig' if codecs.lookup(encoding).name == 'utf-8' else encoding
            return data.decode(codec), encoding, ''
        except LookupError:
            return None, None, '%s: unknown encoding %r' % (name, encoding)
        except UnicodeDecodeError as error:
            return None, None, '%s: cannot be decoded as %s (byte %d)' % (name, encoding, error.start)
        except ValueError as error:  # UnicodeError, or what another codec raises
            return None, None, '%s: cannot be decoded as %s (%s)' % (name, encoding, reason(error))
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace('-sig', ''), ''
            except UnicodeDecodeError as error:
                return None, None, '%s: broken %s (byte %d)' % (name, codec, error.start)
    if b'\x00' in data:
        return None, None, '%s: binary data (NUL bytes), not text' % name
    try:
        return data.decode('utf-8'), 'utf-8', ''
    except UnicodeDecodeError as error:
        position = error.start
    if _looks_binary(data):
        return None, None, '%s: binary data (control characters), not text' % name
    if guess and text_codec(guess):
        # the encoding found for the lines before; a line that reads as less
        # Russian in it than in another (a KOI8-R line after cp1251 ones) is
        # detected again
        try:
            text: Optional[str] = data.decode(guess)
        except UnicodeDecodeError:
            text = None
        if text is not None:
            score = _russian(text)
            if all(_russian(data.decode(other, 'replace')) <= score for other in CYRILLIC):
                return text, guess, ''
            found = _detect(data)
            return (data.decode(found), found, '') if found else (text, guess, '')
    found = _detect(data)
    if found:
        return data.decode(found), found, ''
    return None, None, ('%s: not UTF-8 (byte %d) and no Cyrillic encoding fits; give the encoding, '
                        'for example --encoding cp1251' % (name, position))


#: the encodings tried for a text that is neither UTF-8 nor marked: those
#: Russian texts come in (Windows, KOI8-R, DOS, ISO, Mac). Every byte
#: sequence decodes in most of them, so they are told apart by how Russian
#: the result reads, which is reliable from a sentence or so on; a shorter
#: text may need --encoding.
CYRILLIC = ('cp1251', 'koi8-r', 'cp866', 'iso8859-5', 'mac-cyrillic')
#: how much of a text the binary test and the detector look at
SAMPLE = 1 << 16
_CONTROLS = bytes(set(range(32)) - set(b'\t\n\v\f\r\x1b')) + b'\x7f'


#: the lower-case Russian letters: a Russian text decoded in the wrong
#: Cyrillic encoding reads mostly as capitals or symbols
LOWER = re.compile('[а-яё]')


def _russian(text: str) -> int:
    # how Russian a text reads: its lower-case Russian letters
    return len(LOWER.findall(text))


def _looks_binary(data):
    # more than one byte in 20 of the start is a control character
    head = data[:SAMPLE]
    return len(head) - len(head.translate(None, _CONTROLS)) > len(head) // 20


def _detect(data):
    # the best fitting of the CYRILLIC encodings, or None
    from charset_normalizer import from_bytes

    match = from_bytes(data[:SAMPLE * 4], cp_isolation=list(CYRILLIC)).best()
    if match is None:
        return None
    name = codecs.lookup(match.encoding).name
    try:
        data.decode(name)  # the detector saw a sample; the whole must decode too
    except UnicodeDecodeError:
        return None
    return name
