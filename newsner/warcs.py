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
import zlib
from typing import BinaryIO, Iterator, Optional

from .extras import need
from .pages import read_page
from .records import Text

HTML_TYPES = ('text/html', 'application/xhtml+xml')
#: how an archive starts: a WARC record, a gzip member, an ARC file (the WARC's elder)
MAGIC = (b'WARC/', b'\x1f\x8b', b'filedesc://')
#: the largest page read from an archive, in bytes (a larger one is an error record)
MAX_PAGE = 64 << 20


def read_warc(file: BinaryIO, *, id: str, name: str, encoding: Optional[str] = None) -> Iterator[Text]:
    """The Texts of the HTML pages of a WARC archive read from ``file``, in its order.

    Something that is not a WARC archive, or one broken in the middle, ends
    with a Text whose error names the file and the record.
    """
    need('web', 'warcio')
    from warcio.archiveiterator import ArchiveIterator
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
    try:
        for number, record in enumerate(ArchiveIterator(file), 1):
            if not _is_page(record):
                continue
            uri = record.rec_headers.get_header('WARC-Target-URI') or '%s#%d' % (id, number)
            where = '%s, record %d (%s)' % (name, number, uri)
            data = record.content_stream().read(MAX_PAGE + 1)
            if len(data) > MAX_PAGE:
                yield Text(id=uri, error='%s: larger than %d MiB, the most one page may be' % (
                    where, MAX_PAGE >> 20), url=uri, source_format='warc')
                continue
            yield read_page(data, id=uri, name=where, encoding=encoding,
                            header=record.http_headers.get_header('Content-Type'), url=uri,
                            source_format='warc')
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as error:
        # not an archive at all, or a truncated gzip member, a cut download
        what = 'not a WARC archive' if number == 0 else 'broken after record %d' % number
        yield Text(id=id if number == 0 else '%s#%d' % (id, number + 1), error='%s: %s (%s)' % (
            name, what, _one_line(error)), source_format='warc')


def _is_page(record) -> bool:
    if record.rec_type != 'response' or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ''
    kind = (record.http_headers.get_header('Content-Type') or '').split(';')[0].strip().lower()
    return status.startswith('2') and kind in HTML_TYPES


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
