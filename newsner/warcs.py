"""WARC archives (web crawls, Common Crawl): one Text per HTML page, by warcio.

The archive is read record by record from a stream (gzipped or not), and a
record's body is read only when it is an HTML page, so a multi-gigabyte
archive runs in the memory of its largest page. A page is a ``response``
record with a 2xx HTTP status and an HTML content type; its id is the
record's target URI and its text is extracted as for a saved page
(:mod:`newsner.pages`). Other records (requests, metadata, redirects,
images, revisits) are skipped.
"""
import io
import sys
import zlib
from typing import Any, BinaryIO, Iterator, Optional

from .extras import need
from .messages import reason, shorten
from .pages import read_page
from .records import Text

HTML_TYPES = ('text/html', 'application/xhtml+xml')
#: how an archive starts: a WARC record, a gzip member, an ARC file (the WARC's elder)
MAGIC = (b'WARC/', b'\x1f\x8b', b'filedesc://')
#: the largest page read from an archive, in bytes (a larger one is an error record)
MAX_PAGE = 64 << 20
#: the longest line read in the headers of a record or between records, in bytes: a
#: longer one is no WARC (a gzip member of one endless line would be held whole)
MAX_LINE = 64 << 10
#: the bytes of the file read at a time: gzip inflates them a thousand times at most
BLOCK = 4096


class BrokenArchive(ValueError):
    """What makes the rest of an archive unreadable."""


def read_warc(file: BinaryIO, *, id: str, name: str, encoding: Optional[str] = None) -> Iterator[Text]:
    """The Texts of the HTML pages of a WARC archive read from ``file``, in its order.

    Something that is not a WARC archive, or one broken or cut in the middle,
    ends with a Text whose error names the file and the record. Memory stays
    bounded whatever the file holds (MAX_LINE, MAX_PAGE, BLOCK).
    """
    need('web', 'warcio')
    from warcio.exceptions import ArchiveLoadFailed

    if not hasattr(file, 'peek'):
        file = io.BufferedReader(file)  # type: ignore[type-var]
    head = file.peek(16)[:16]
    if not head.startswith(MAGIC):
        # warcio would skip line after line of such a file, warning about each
        yield Text(id=id, error='%s: not a WARC archive (%s)' % (
            name, 'empty' if not head else 'it starts with %r' % head[:8]), source_format='warc')
        return
    number = 0
    record = None
    records, reader = _archive(file)
    try:
        for number, record in enumerate(records, 1):
            if record.format == 'warc' and record.rec_headers.get_header('Content-Length') is None:
                # where the next record starts is not known: the archive ends here
                yield Text(id='%s#%d' % (id, number), error='%s, record %d: no Content-Length '
                           '(cut short, or not a WARC record)' % (name, number), source_format='warc')
                return
            if record.rec_type == 'response' and not record.rec_headers.get_header('WARC-Target-URI'):
                yield Text(id='%s#%d' % (id, number), error='%s, record %d: a response with no '
                           'WARC-Target-URI: skipped' % (name, number), source_format='warc')
                continue
            if not _is_page(record):
                continue
            uri = record.rec_headers.get_header('WARC-Target-URI')
            where = '%s, record %d (%s)' % (name, number, shorten(uri))
            data = record.content_stream().read(MAX_PAGE + 1)
            if len(data) > MAX_PAGE:
                yield Text(id=uri, error='%s: larger than %d MiB, the most one page may be' % (
                    where, MAX_PAGE >> 20), url=uri, source_format='warc')
                continue
            if _at_end(record):
                break  # cut short: said below
            yield read_page(data, id=uri, name=where, encoding=encoding,
                            header=record.http_headers.get_header('Content-Type'), url=uri,
                            source_format='warc')
    except Exception as error:
        # not an archive at all, or broken: a truncated gzip member, an endless
        # line, a record warcio cannot parse. The archive ends here, the run goes on.
        known = isinstance(error, (BrokenArchive, ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error))
        why = reason(error) if known else '%s: %s' % (type(error).__name__, reason(error))
        what = ('not a WARC archive' if number == 0 and not isinstance(error, BrokenArchive)
                else 'broken at record %d' % (number + 1))
        yield Text(id=id if number == 0 else '%s#%d' % (id, number + 1), error='%s: %s (%s)' % (
            name, what, why), source_format='warc')
        return
    if record is not None and _at_end(record):
        yield Text(id='%s#%d' % (id, number), error='%s, record %d: cut short (%d bytes of it missing)' % (
            name, number, record.raw_stream.limit), source_format='warc')
    elif reader.cut:
        yield Text(id='%s#%d' % (id, number + 1), error='%s: cut short after record %d (in a gzip member)' % (
            name, number), source_format='warc')


def _archive(file: BinaryIO) -> tuple[Iterator[Any], Any]:
    # warcio's records and the reader under them, read with bounded lines, in small blocks, and with its
    # failures on odd headers (no target URI, a Content-Length beyond any file)
    # turned into errors
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader
    from warcio.recordloader import ArcWarcRecordLoader
    from warcio.statusandheaders import StatusAndHeadersParser

    class Reader(DecompressingBufferedReader):
        #: whether the file ended inside a gzip member
        cut = False

        def close_decompressor(self) -> None:
            self.cut = self.cut or not getattr(self.decompressor, 'eof', True)
            super().close_decompressor()

        def readline(self, length: Optional[int] = None) -> bytes:
            limit = MAX_LINE if length is None or length < 0 else min(length, MAX_LINE)
            parts, size = [], 0
            while size < limit:
                part = super().readline(limit - size)
                if not part:
                    break
                parts.append(part)
                size += len(part)
                if part.endswith(b'\n'):
                    break
            line = b''.join(parts)
            if size >= MAX_LINE and not line.endswith(b'\n') and (length is None or length > MAX_LINE):
                raise BrokenArchive('a line longer than %d KiB, starting %s' % (MAX_LINE >> 10, repr(line[:40])))
            return line

    class Lines:
        # a stream whose last line read is known
        def __init__(self, stream: Any) -> None:
            self.stream, self.last = stream, b''

        def readline(self, length: Optional[int] = None) -> bytes:
            self.last = self.stream.readline(length)
            return self.last

    class WarcHeaders(StatusAndHeadersParser):
        def parse(self, stream: Any, full_statusline: Any = None) -> Any:
            lines = Lines(stream)
            headers = super().parse(lines, full_statusline)
            if not lines.last:
                # the headers ended with the file, not with their blank line
                raise BrokenArchive('cut short in the WARC headers of a record')
            return headers

    class Loader(ArcWarcRecordLoader):
        def __init__(self) -> None:
            super().__init__(verify_http=False, arc2warc=False)
            self.warc_parser = WarcHeaders(self.WARC_TYPES)

        def load_http_headers(self, rec_type: Any, uri: Any, stream: Any, length: Any) -> Any:
            if length is not None and length > sys.maxsize:
                raise BrokenArchive('a record with a Content-Length larger than any file')
            try:
                return super().load_http_headers(rec_type, uri or '', stream, length)
            except EOFError:  # warcio would take it for the end of the archive
                raise BrokenArchive('cut short in the HTTP headers of a record') from None

    records = ArchiveIterator(file, block_size=BLOCK)
    records.reader = reader = Reader(records.fh, block_size=BLOCK)
    records.loader = Loader()
    return iter(records), reader


def _at_end(record: Any) -> bool:
    # whether the file ends inside the record: bytes its Content-Length counts are missing
    stream = record.raw_stream
    limit = getattr(stream, 'limit', 0)
    return isinstance(limit, int) and limit > 0 and not stream.read(min(limit, BLOCK))


def _is_page(record: Any) -> bool:
    if record.rec_type != 'response' or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ''
    kind = (record.http_headers.get_header('Content-Type') or '').split(';')[0].strip().lower()
    return status.startswith('2') and kind in HTML_TYPES
