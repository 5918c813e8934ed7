"""RSS and Atom feeds: one Text per item, by feedparser.

An item's text is its title, a blank line, and its content (or, without one,
its description), HTML stripped to text with a line per paragraph. Its id is
its link, else its guid; its date is when it was published (else updated), in
ISO 8601 and UTC. feedparser reads every RSS and Atom version and the
encodings XML allows; a feed that declares no encoding and is not UTF-8 is
decoded with the detection used for text files (newsner.decode).
"""
import io
import re
from datetime import datetime, timezone
from typing import Any, Iterator, Optional

from .decode import decode
from .messages import reason
from .extras import need
from .records import Text

#: the elements that end a line when HTML is stripped to text
BLOCKS = frozenset('''address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5
h6 header hr li main nav ol p pre section table td th tr ul'''.split())
#: elements whose content is not text
HIDDEN = frozenset(['script', 'style', 'template', 'noscript'])
XML_DECLARED = re.compile(rb'^\s*<\?xml[^>]*encoding\s*=', re.I)


def read_feed(data: bytes, *, id: str, name: str, encoding: Optional[str] = None) -> Iterator[Text]:
    """The Texts of the items of an RSS or Atom feed, in the feed's order, or one
    Text with an error for something that is not a feed."""
    feedparser = need('web', 'feedparser')
    if not encoding and not data.startswith((b'\xef\xbb\xbf', b'\xff\xfe', b'\xfe\xff')) \
            and not XML_DECLARED.match(data):
        # XML says UTF-8 then; a feed that is not is decoded as a text file is
        _, encoding, error = decode(data, name=name)
        if error:
            yield Text(id=id, error=error, source_format='feed')
            return
    headers = {'content-type': 'application/xml; charset=%s' % encoding} if encoding else {}
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers,
                                  resolve_relative_uris=False, sanitize_html=False)
    except Exception as error:  # feedparser's own failure on this input spoils this input only
        yield Text(id=id, error='%s: cannot be read as a feed (%s: %s)' % (name, type(error).__name__, reason(error)),
                   source_format='feed')
        return
    if not parsed.get('version'):
        why = parsed.get('bozo_exception')
        yield Text(id=id, error='%s: not an RSS or Atom feed%s (read it as another kind with --format-in)' % (
            name, ' (%s)' % reason(why) if why else ''), source_format='feed')
        return
    used = parsed.get('encoding') or encoding
    for number, entry in enumerate(parsed.entries, 1):
        yield _item(entry, '%s#%d' % (id, number), used)


def _item(entry: Any, fallback: str, encoding: Optional[str]) -> Text:
    title = _line(_text_of(entry.get('title_detail'), entry.get('title', '')))
    body = _body(entry)
    link = entry.get('link') or None
    text = '\n\n'.join(part for part in (title, body) if part)
    return Text(id=link or entry.get('id') or fallback, text=text, encoding=encoding, title=title or None,
                date=_date(entry), url=link, source_format='feed')


def _body(entry: Any) -> str:
    # the longest of the item's contents, else its description
    contents = [_text_of(c, c.get('value', '')) for c in entry.get('content') or []]
    contents = [c for c in contents if c]
    if contents:
        return max(contents, key=len)
    return _text_of(entry.get('summary_detail'), entry.get('summary', ''))


def _text_of(detail: Any, value: str) -> str:
    # a feed value as plain text: HTML stripped when its type says HTML
    kind = (detail or {}).get('type', 'text/html')
    return html_text(value) if 'html' in kind else value.strip()


def html_text(fragment: str) -> str:
    """The text of an HTML fragment: a line per paragraph, runs of spaces as one."""
    if not fragment or not fragment.strip():
        return ''
    if '<' not in fragment and '&' not in fragment:
        return _squeeze(fragment)
    from lxml import etree, html

    try:
        root = html.fragment_fromstring(fragment, create_parent='div')
    except (etree.ParserError, ValueError):
        return _squeeze(fragment)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # a comment or a processing instruction
            continue
        if element.tag in HIDDEN:
            element.drop_tree()
        elif element.tag in BLOCKS:
            element.tail = '\n' + (element.tail or '')
    return _squeeze(root.text_content())


def _squeeze(text: str) -> str:
    lines = (' '.join(line.split()) for line in text.splitlines())
    return '\n'.join(line for line in lines if line)


def _line(text: str) -> str:
    return ' '.join(text.split())


def _date(entry: Any) -> Optional[str]:
    parsed = entry.get('published_parsed') or entry.get('updated_parsed')
    if not parsed:
        return None
    try:
        year, month, day, hour, minute, second = parsed[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc).isoformat()
    except (TypeError, ValueError):
        return None
