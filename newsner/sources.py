"""Inputs: stdin, text files, folders and JSONL files, as a stream of Text records.

Every input yields exactly one record: its text, or an error saying what is
wrong with it. Nothing here raises for a bad input, so one broken file never
costs the others their results.
"""
import codecs
import contextlib
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .records import Text

STDIN = '-'
JSONL_SUFFIXES = ('.jsonl', '.ndjson')


@dataclass(frozen=True)
class Source:
    """One input named on the command line or found in a folder.

    ``path`` is '-' for stdin; ``kind`` is 'text', 'jsonl', or 'error' for a
    path that cannot be read at all (then ``error`` says why); ``id`` is how
    its documents are named.
    """
    path: str
    id: str
    kind: str
    error: str = ''


def collect(paths, *, glob='*.txt', jsonl=False):
    """The sources behind ``paths`` in the order given, folders expanded (recursively, sorted).

    A path that does not exist or cannot be listed becomes an 'error' source in
    its place. With ``jsonl``, stdin and every file are read as JSONL.
    """
    sources = []
    for path in paths or [STDIN]:
        if path == STDIN:
            sources.append(Source(STDIN, STDIN, 'jsonl' if jsonl else 'text'))
        elif os.path.isdir(path):
            sources.extend(_folder(path, glob, jsonl))
        elif os.path.exists(path):
            sources.append(Source(path, path, 'jsonl' if jsonl else _kind(path)))
        elif os.path.islink(path):
            sources.append(Source(path, path, 'error', '%s: broken symbolic link' % path))
        else:
            sources.append(Source(path, path, 'error', '%s: no such file or folder' % path))
    return sources


def _kind(path):
    return 'jsonl' if path.lower().endswith(JSONL_SUFFIXES) else 'text'


def _folder(root, glob, jsonl=False):
    # files under root matching glob, sorted by their path relative to root,
    # so that the output order does not depend on the file system
    found = []
    seen = set()
    # Path.match takes '**' for one folder, so '**/*.txt' would miss the files
    # at the top; on names it means any folder, including none
    name_glob = glob
    while name_glob.startswith('**/'):
        name_glob = name_glob[3:]

    def onerror(error):
        name = error.filename or root
        relative = os.path.relpath(name, root).replace(os.sep, '/')
        found.append((relative, Source(name, relative, 'error', '%s: %s' % (name, error.strerror))))

    for folder, folders, files in os.walk(root, onerror=onerror, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:  # a symbolic link loop: each folder is read once
            folders[:] = []
            continue
        seen.add(real)
        folders.sort()
        for name in files:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root)
            if Path(name).match(name_glob) or Path(relative).match(glob):
                relative = relative.replace(os.sep, '/')
                found.append((relative, Source(path, relative, 'jsonl' if jsonl else _kind(path))))
    found.sort(key=lambda item: item[0])
    return [source for _, source in found]


def read(sources, *, encoding=None, text_field='text', id_field='id'):
    """Yield a Text for every document of every source, in order."""
    for source in sources:
        if source.kind == 'error':
            yield Text(id=source.id, error=source.error)
        elif source.kind == 'jsonl':
            yield from read_jsonl(source, encoding=encoding, text_field=text_field, id_field=id_field)
        else:
            yield read_text(source, encoding=encoding)


def read_text(source, *, encoding=None):
    """One Text for a plain text file or stdin."""
    data, error = _read_bytes(source)
    if error:
        return Text(id=source.id, error=error)
    text, used, error = decode(data, encoding=encoding, name=_name(source))
    if error:
        return Text(id=source.id, error=error)
    return Text(id=source.id, text=text, encoding=used)


def read_jsonl(source, *, encoding=None, text_field='text', id_field='id'):
    """One Text per non-blank line of a JSONL file of ``{"id": ..., "text": ...}`` objects.

    A line that is not a JSON object, lacks the text field or has a text that
    is not a string becomes a Text with an error naming the file and line.
    """
    name = _name(source)
    try:
        file = sys.stdin.buffer if source.path == STDIN else open(source.path, 'rb')
    except OSError as error:
        yield Text(id=source.id, error='%s: %s' % (name, error.strerror or error))
        return
    # standard input is not ours to close
    with contextlib.nullcontext(file) if source.path == STDIN else file:
        wide = _wide_codec(file, encoding)
        lines = io.TextIOWrapper(file, encoding=wide) if wide else file
        try:
            number = 0
            while True:
                try:
                    line = lines.readline()
                except OSError as error:
                    yield Text(id='%s:%d' % (source.id, number + 1), error='%s: %s' % (name, error.strerror or error))
                    return
                except UnicodeDecodeError:
                    # the rest of the stream cannot be split into lines reliably
                    yield Text(id='%s:%d' % (source.id, number + 1),
                               error='%s, line %d: cannot be decoded as %s' % (name, number + 1, wide))
                    return
                if not line:
                    return
                number += 1
                if not line.strip():
                    continue
                yield _jsonl_record(line, number, source, name, encoding, text_field, id_field,
                                    wide=wide)
        finally:
            if wide:
                lines.detach()  # closing the wrapper would close the file under it


def _wide_codec(file, encoding):
    # UTF-16 and UTF-32 files cannot be split into lines as bytes (a newline is
    # several bytes, the mark comes only once): the codec to read such a file as
    # a whole with, or None for the encodings where b'\n' is a newline
    if encoding:
        try:
            return None if '\n'.encode(encoding) == b'\n' else encoding
        except (LookupError, ValueError):
            return None  # each line reports the unknown encoding
    head = file.peek(4)[:4] if hasattr(file, 'peek') else b''
    for bom, codec in BOMS:
        if head.startswith(bom):
            return None if codec == 'utf-8-sig' else codec
    return None


def _jsonl_record(line, number, source, name, encoding, text_field, id_field, wide=None):
    fallback = '%s:%d' % (source.id, number)
    where = '%s, line %d' % (name, number)
    if wide:
        text, used = line, encoding or wide  # decoded already
    else:
        text, used, error = decode(line, encoding=encoding, name=where)
        if error:
            return Text(id=fallback, error=error)
    try:
        record = json.loads(text)
    except ValueError as error:
        return Text(id=fallback, error='%s: not valid JSON (%s)' % (where, error))
    if not isinstance(record, dict):
        return Text(id=fallback, error='%s: expected a JSON object, got %s' % (where, type(record).__name__))
    id = record.get(id_field)
    id = fallback if id is None or id == '' else str(id)
    if text_field not in record:
        return Text(id=id, error='%s: no %r field (choose another with --text-field)' % (where, text_field))
    value = record[text_field]
    if not isinstance(value, str):
        return Text(id=id, error='%s: the %r field is %s, not a string' % (where, text_field, _json_type(value)))
    return Text(id=id, text=value, encoding=used)


def _json_type(value):
    return {type(None): 'null', bool: 'a boolean', int: 'a number', float: 'a number',
            list: 'an array', dict: 'an object'}.get(type(value), type(value).__name__)


def _name(source):
    return 'standard input' if source.path == STDIN else source.path


def _read_bytes(source):
    # (data, error): the whole content of a file or of stdin
    if source.path == STDIN:
        return sys.stdin.buffer.read(), ''
    path = source.path
    try:
        if os.path.isdir(path):
            return None, '%s: is a folder' % path
        with open(path, 'rb') as file:
            return file.read(), ''
    except FileNotFoundError:
        if os.path.islink(path):  # found in a folder, pointing nowhere
            return None, '%s: broken symbolic link' % path
        return None, '%s: no such file (it may have been removed while running)' % path
    except OSError as error:
        return None, '%s: %s' % (path, error.strerror or error)


BOMS = [
    (codecs.BOM_UTF8, 'utf-8-sig'),
    (codecs.BOM_UTF32_LE, 'utf-32'),
    (codecs.BOM_UTF32_BE, 'utf-32'),
    (codecs.BOM_UTF16_LE, 'utf-16'),
    (codecs.BOM_UTF16_BE, 'utf-16'),
]


def decode(data, *, encoding=None, name='input'):
    """(text, encoding used, error) for raw bytes.

    With ``encoding`` given it is used as is. Otherwise a byte order mark
    decides, then UTF-8 is tried; data that is not UTF-8 is an error that
    suggests --encoding. Binary data (NUL bytes without a UTF-16/32 mark) is an
    error too.
    """
    if encoding:
        try:
            # a UTF-8 mark is not text, even with the encoding given (Notepad writes one)
            codec = 'utf-8-sig' if codecs.lookup(encoding).name == 'utf-8' else encoding
            return data.decode(codec), encoding, ''
        except LookupError:
            return None, None, '%s: unknown encoding %r' % (name, encoding)
        except UnicodeDecodeError as error:
            return None, None, '%s: cannot be decoded as %s (byte %d)' % (name, encoding, error.start)
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace('-sig', ''), ''
            except UnicodeDecodeError as error:
                return None, None, '%s: broken %s (byte %d)' % (name, codec, error.start)
    if b'\x00' in data:
        return None, None, '%s: binary data, not text' % name
    try:
        return data.decode('utf-8'), 'utf-8', ''
    except UnicodeDecodeError as error:
        return None, None, ('%s: not UTF-8 (byte %d); give the encoding, for example --encoding cp1251'
                            % (name, error.start))
