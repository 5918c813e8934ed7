"""Inputs: stdin, text files, folders, JSONL files and web formats, as a stream of Text records.

HTML pages, RSS/Atom feeds and WARC archives are read by newsner.pages,
newsner.feeds and newsner.warcs (the web extra); this module finds them and
reads their bytes.

Every input yields exactly one record: its text, or an error saying what is
wrong with it. Nothing here raises for a bad input, so one broken file never
costs the others their results.
"""
import contextlib
import io
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .decode import BOMS, decode
from .files import STDIN, open_input, os_error
from .records import Text

JSONL_SUFFIXES = ('.jsonl', '.ndjson')
#: the kinds of input a file can be read as (``--format-in``); 'html', 'feed'
#: and 'warc' are read by newsner.pages, newsner.feeds and newsner.warcs
KINDS_IN = ('text', 'html', 'feed', 'warc', 'jsonl')
#: a file's kind by the end of its name (anything else is text)
SUFFIXES = [(suffix, 'jsonl') for suffix in JSONL_SUFFIXES] + [
    ('.html', 'html'), ('.htm', 'html'), ('.rss', 'feed'), ('.atom', 'feed'), ('.xml', 'feed'),
    ('.warc', 'warc'), ('.warc.gz', 'warc')]
#: the files read in folders by default
GLOBS = ('*.txt', '*.html', '*.htm')
#: the largest text read, in bytes: a file, stdin or one JSONL line (a larger
#: one is an error record, so that memory stays bounded)
MAX_BYTES = 256 << 20


@dataclass(frozen=True)
class Source:
    """One input named on the command line or found in a folder.

    ``path`` is '-' for stdin; ``kind`` is one of KINDS_IN, or 'error' for a
    path that cannot be read at all (then ``error`` says why); ``id`` is how
    its documents are named. ``named`` is true for a path given by the user
    rather than found in a folder: a named pipe is read only when named
    (``newsner <(zcat feed.txt.gz)``).
    """
    path: str
    id: str
    kind: str
    error: str = ''
    named: bool = False


def collect(paths, *, glob=GLOBS, jsonl=False, kind=None):
    """The sources behind ``paths`` in the order given, folders expanded (recursively, sorted).

    ``glob`` is a pattern or a sequence of them, for the files in folders. A
    path that does not exist or cannot be listed becomes an 'error' source in
    its place. Files are read by the kind their name says (see SUFFIXES), stdin
    as text; ``kind`` (one of KINDS_IN) reads stdin and every file as that
    kind instead, and ``jsonl`` is ``kind='jsonl'``.
    """
    kind = 'jsonl' if jsonl else kind
    sources = []
    for path in paths or [STDIN]:
        if path == STDIN:
            sources.append(Source(STDIN, STDIN, kind or 'text'))
        elif os.path.isdir(path):
            sources.extend(_folder(path, glob, kind))
        elif os.path.exists(path):
            sources.append(Source(path, path, kind or _kind(path), named=True))
        else:
            sources.append(Source(path, path, 'error', _stat_error(path)))
    return sources


def _stat_error(path):
    # why a path that does not exist for os.path.exists cannot be looked at:
    # missing, a broken symbolic link or a loop, or a folder on the way that
    # cannot be searched (Permission denied)
    try:
        os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return '%s: broken symbolic link' % path
        return '%s: no such file or folder' % path
    except OSError as error:
        return os_error(path, error)
    return '%s: cannot be read' % path


def _kind(path):
    path = path.lower()
    return next((kind for suffix, kind in SUFFIXES if path.endswith(suffix)), 'text')


def _folder(root, glob, kind=None):
    # files under root matching glob, sorted by their path relative to root,
    # so that the output order does not depend on the file system
    found = []
    seen = set()
    # Path.match takes '**' for one folder, so '**/*.txt' would miss the files
    # at the top; on names it means any folder, including none
    globs = [glob] if isinstance(glob, str) else list(glob)
    name_globs = []
    for name_glob in globs:
        while name_glob.startswith('**/'):
            name_glob = name_glob[3:]
        name_globs.append(name_glob)

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
            if any(Path(name).match(n) or Path(relative).match(g) for n, g in zip(name_globs, globs)):
                relative = relative.replace(os.sep, '/')
                found.append((relative, Source(path, relative, kind or _kind(path))))
    found.sort(key=lambda item: item[0])
    return [source for _, source in found]


def read(sources, *, encoding=None, text_field='text', id_field='id'):
    """Yield a Text for every document of every source, in order."""
    for source in sources:
        if source.kind == 'error':
            yield Text(id=source.id, error=source.error)
        elif source.kind == 'jsonl':
            yield from read_jsonl(source, encoding=encoding, text_field=text_field, id_field=id_field)
        elif source.kind in WEB_KINDS:
            yield from read_web(source, encoding=encoding)
        else:
            yield read_text(source, encoding=encoding)


#: the kinds read by newsner.pages, newsner.feeds and newsner.warcs (the web extra)
WEB_KINDS = ('html', 'feed', 'warc')


def read_web(source, *, encoding=None):
    """The Texts of an HTML page (one), a feed (one per item) or a WARC archive (one per page).

    Raises newsner.extras.MissingExtra when the web extra is not installed.
    """
    from . import feeds, pages, warcs
    options = {'id': source.id, 'name': _name(source), 'encoding': encoding}
    if source.kind == 'warc':  # streamed, never read whole
        try:
            file = _stdin() if source.path == STDIN else open_input(source.path, pipes=source.named)
        except OSError as error:
            yield Text(id=source.id, error=os_error(source.path, error), source_format='warc')
            return
        with contextlib.nullcontext(file) if source.path == STDIN else file:
            yield from warcs.read_warc(file, **options)
        return
    data, problem = _read_bytes(source)
    if problem:
        yield Text(id=source.id, error=problem, source_format=source.kind)
    elif source.kind == 'html':
        yield pages.read_page(data, **options)
    else:
        yield from feeds.read_feed(data, **options)


def read_text(source, *, encoding=None):
    """One Text for a plain text file or stdin."""
    data, error = _read_bytes(source)
    if error:
        return Text(id=source.id, error=error)
    text, used, error = decode(data, encoding=encoding, name=_name(source))
    if error or text is None:
        return Text(id=source.id, error=error or '%s: not decoded' % _name(source))
    return Text(id=source.id, text=text, encoding=used)


def read_jsonl(source, *, encoding=None, text_field='text', id_field='id'):
    """One Text per non-blank line of a JSONL file of ``{"id": ..., "text": ...}`` objects.

    A line that is not a JSON object, lacks the text field or has a text that
    is not a string becomes a Text with an error naming the file and line.
    """
    name = _name(source)
    try:
        file = _stdin() if source.path == STDIN else open_input(source.path, pipes=source.named)
    except OSError as error:
        yield Text(id=source.id, error=os_error(source.path, error))
        return
    # standard input is not ours to close
    with contextlib.nullcontext(file) if source.path == STDIN else file:
        wide = _wide_codec(file, encoding)
        lines: Any = io.TextIOWrapper(file, encoding=wide) if wide else file
        try:
            number = 0
            guess = None
            while True:
                try:
                    line = lines.readline(MAX_BYTES + 1)
                except OSError as error:
                    yield Text(id='%s:%d' % (source.id, number + 1), error='%s: %s' % (name, error.strerror or error))
                    return
                except ValueError:  # UnicodeError, or what another codec raises
                    # the rest of the stream cannot be split into lines reliably
                    yield Text(id='%s:%d' % (source.id, number + 1),
                               error='%s, line %d: cannot be decoded as %s' % (name, number + 1, wide))
                    return
                if not line:
                    return
                number += 1
                if len(line) > MAX_BYTES:
                    yield Text(id='%s:%d' % (source.id, number), error='%s, line %d: %s' % (
                        name, number, _too_large()))
                    if not _regular(file):
                        return  # a stream may never end (/dev/zero): it is read no further
                    while line and line[-1:] not in ('\n', b'\n'):  # the rest of the line
                        line = lines.readline(1 << 20)
                    continue
                if not line.strip():
                    continue
                record = _jsonl_record(line, number, source, name, encoding, text_field, id_field,
                                       wide=wide, guess=guess)
                if record.encoding and record.encoding != 'utf-8' and not wide:
                    guess = record.encoding  # the rest of a file is likely in the same encoding
                yield record
        finally:
            if wide:
                lines.detach()  # closing the wrapper would close the file under it


def _regular(file):
    # whether a binary file object reads a regular file (which ends)
    try:
        return stat.S_ISREG(os.fstat(file.fileno()).st_mode)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False


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


def _jsonl_record(line, number, source, name, encoding, text_field, id_field, wide=None, guess=None):
    fallback = '%s:%d' % (source.id, number)
    where = '%s, line %d' % (name, number)
    if wide:
        text, used = line, encoding or wide  # decoded already
    else:
        text, used, error = decode(line, encoding=encoding, name=where, guess=guess)
        if error:
            return Text(id=fallback, error=error)
    try:
        record = json.loads(text)
    except ValueError as error:
        return Text(id=fallback, error='%s: not valid JSON (%s)' % (where, error))
    except RecursionError:
        return Text(id=fallback, error='%s: not valid JSON (nested too deeply)' % where)
    if not isinstance(record, dict):
        return Text(id=fallback, error='%s: expected a JSON object, got %s' % (where, type(record).__name__))
    id = record.get(id_field)
    try:
        id = fallback if id is None or id == '' else str(id)
    except RecursionError:  # an id nested almost as deep as the parser goes
        id = fallback
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
    try:
        if source.path == STDIN:
            return _read_all(_stdin())
        with open_input(source.path, pipes=source.named) as file:
            return _read_all(file)
    except OSError as error:
        return None, os_error(source.path, error)


def _read_all(file):
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise OSError(_too_large())
    return data, ''


def _too_large():
    return 'larger than %d MiB, the most one text may be: split it' % (MAX_BYTES >> 20)


def _stdin():
    if sys.stdin is None:
        raise OSError('closed')
    return sys.stdin.buffer


def count_documents(sources):
    """How many documents ``sources`` hold, for a progress bar; None when unknown (stdin JSONL, feeds, WARC).

    A JSONL file counts its lines (blank lines too: a close estimate, read fast).
    """
    total = 0
    for source in sources:
        if source.kind in ('feed', 'warc'):
            return None  # counted only by reading them
        if source.kind != 'jsonl':
            total += 1
        elif source.path == STDIN:
            return None
        else:
            try:
                if not stat.S_ISREG(os.stat(source.path).st_mode):
                    # a named pipe is counted only by reading it; opened to
                    # look, it would take what its writer holds for the reader
                    return None
                with open_input(source.path) as file:
                    total += sum(chunk.count(b'\n') for chunk in iter(lambda: file.read(1 << 20), b''))
            except OSError:
                total += 1
    return total
