"""HTML pages: the article's main text, its title, date and URL, by trafilatura.

A saved news page is mostly not the article: menus, footers, "read also"
lists, comments. trafilatura finds the article's own text (and htmldate, its
date engine, the publication date); newsner reads that text, so offsets are
into the extracted text, not into the markup. A page with no article in it
(an index, an error page) is a Text with an error, never an exception.

The page's bytes are decoded here before extraction: a byte order mark, then
UTF-8, then the charset the page declares (the HTTP header of a WARC record,
then a ``<meta>`` at its start), then the detection used for text files
(newsner.decode). Valid UTF-8 wins over a declared charset:
a page saved by a browser is re-encoded in UTF-8 while its ``<meta>`` may still
name the charset it was served in, and text in a single-byte Cyrillic charset
is practically never valid UTF-8.
"""
import logging
import re
from typing import Any, Optional

from .decode import decode, text_codec
from .extras import need
from .messages import reason
from .records import Text

#: characters of text besides the title that make an article: less is an
#: index, an error page or a page of links
MIN_ARTICLE = 100
#: the bytes at the start of a page searched for a declared charset (HTML
#: says 1024; saved pages often put the <meta> later, after scripts)
PRESCAN = 8192
#: htmldate's options: the date of first publication, found in the page's
#: metadata and markup; no guesses from a copyright year or the file's age
DATE_OPTIONS = {'extensive_search': False, 'original_date': True}

META_CHARSET = re.compile(rb'<meta\b[^>]*?charset\s*=\s*["\']?\s*([A-Za-z0-9._:-]+)', re.I)
HEADER_CHARSET = re.compile(r'charset\s*=\s*["\']?\s*([A-Za-z0-9._:-]+)', re.I)


def declared_charset(data: bytes, header: Optional[str] = None) -> Optional[str]:
    """The charset a page declares, as a Python codec name: in ``header`` (an
    HTTP Content-Type), else in a ``<meta>`` near its start; None when it
    declares none that Python knows as a text encoding (``charset=hex`` is none)."""
    names = []
    in_header = HEADER_CHARSET.search(header) if header else None
    if in_header:
        names.append(in_header.group(1))
    in_meta = META_CHARSET.search(data[:PRESCAN])
    if in_meta:
        names.append(in_meta.group(1).decode('ascii'))
    for name in names:
        codec = text_codec(name)
        if codec is None:
            continue
        if codec.startswith(('utf-16', 'utf-32')):
            codec = 'utf-8'  # as browsers do: a page that says UTF-16 in ASCII bytes is not
        return codec
    return None


def read_page(data: bytes, *, id: str, name: str, encoding: Optional[str] = None,
              header: Optional[str] = None, url: Optional[str] = None,
              source_format: str = 'html') -> Text:
    """One Text for the bytes of an HTML page: its article's text and metadata, or an error.

    ``name`` is how messages call the page; ``encoding`` (``--encoding``)
    decodes it as is; ``header`` is its HTTP Content-Type when known; ``url``
    where it was fetched from (the page's canonical URL wins over it).
    """
    charset = None if encoding else declared_charset(data, header)
    html, used, error = decode(data, encoding=encoding, name=name, guess=charset)
    if error or html is None:
        return Text(id=id, error=error, url=url, source_format=source_format)
    return extract_page(html, id=id, name=name, url=url, encoding=used, source_format=source_format)


def extract_page(html: str, *, id: str, name: str = 'page', url: Optional[str] = None,
                 encoding: Optional[str] = None, source_format: str = 'html') -> Text:
    """One Text for the markup of an HTML page (see :func:`read_page`)."""
    trafilatura = need('web', 'trafilatura')
    _quiet()
    fields: dict = {'encoding': encoding, 'source_format': source_format, 'url': url}
    try:
        found = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_precision=True,
            date_extraction_params=dict(DATE_OPTIONS))
    except Exception as error:  # whatever breaks the extractor on one page spoils that page only
        return Text(id=id, error='%s: the article cannot be extracted (%s: %s)' % (
            name, type(error).__name__, reason(error)), **fields)
    found = _as_dict(found)
    text = found.get('text') or ''
    if found:
        fields.update(_metadata(found, url))
    if not _is_article(text, fields.get('title')):
        if not found:
            fields.update(_metadata(_page_metadata(trafilatura, html, url), url))
        return Text(id=id, error='%s: no article text found (an index, error or empty page?)' % name,
                    **fields)
    return Text(id=id, text=text, **fields)


def _is_article(text: str, title: Optional[str]) -> bool:
    body = text.strip()
    if title and body.startswith(title):
        body = body[len(title):]
    return len(body.strip()) >= MIN_ARTICLE


def _metadata(found: dict, url: Optional[str]) -> dict:
    date = found.get('date')
    return {'title': _line(found.get('title')), 'date': date or None, 'url': found.get('url') or url}


def _line(value: Any) -> Optional[str]:
    # a title on one line, or None
    if not value:
        return None
    return ' '.join(str(value).split()) or None


def _page_metadata(trafilatura: Any, html: str, url: Optional[str]) -> dict:
    # the title, date and URL of a page with no article, when it has them
    try:
        return _as_dict(trafilatura.extract_metadata(html, default_url=url, date_config=dict(DATE_OPTIONS)))
    except Exception:
        return {}


def _as_dict(found: Any) -> dict:
    # trafilatura 2 gives a Document, older versions a dict; None for nothing
    if found is None:
        return {}
    if isinstance(found, dict):
        return found
    return found.as_dict()


_quieted = False


def _quiet() -> None:
    # trafilatura and htmldate log every page they cannot parse; without a
    # handler of the user's, Python would print those on stderr. The page's
    # error record says what went wrong instead.
    global _quieted
    if not _quieted:
        for logger in ('trafilatura', 'htmldate', 'courlan', 'justext'):
            logging.getLogger(logger).addHandler(logging.NullHandler())
        _quieted = True
