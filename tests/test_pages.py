"""HTML pages: the article's text without the site around it, its metadata, charsets, pages with no article."""
import sys

import pytest

from newsner.extras import MissingExtra
from newsner.pages import declared_charset, extract_page, read_page

from webinputs import DATE, HEADLINE, INDEX, LAYOUT_NAMES, URL, article_text, page


def read(data, **options):
    return read_page(data, id='page.html', name='page.html', **options)


def test_the_article_is_extracted_without_the_site_around_it():
    text = read(page().encode('utf-8'))
    assert not text.error
    for paragraph in article_text().split('\n'):
        assert paragraph.strip() in text.text
    for name in LAYOUT_NAMES + ['Читайте также', 'cookie', 'Главная']:
        assert name not in text.text
    assert (text.title, text.date, text.url, text.source_format) == (HEADLINE, DATE, URL, 'html')
    assert text.encoding == 'utf-8'


def test_page_entities_are_the_article_entities_with_offsets_into_the_extracted_text(extractor):
    text = read(page().encode('utf-8'))
    doc = extractor.pipe([text]).__next__()
    assert (doc.title, doc.date, doc.url, doc.source_format) == (HEADLINE, DATE, URL, 'html')
    assert doc.text == text.text
    for mention in doc.mentions:
        assert doc.text[mention.start:mention.stop] == mention.text
    found = {(e.type, e.name) for e in doc.entities}
    plain = {(e.type, e.name) for e in extractor(article_text()).entities}
    assert plain <= found  # everything the article names, and
    words = {w for e in doc.entities for m in e.mentions for w in (m.text, m.normal, e.name)}
    for name in LAYOUT_NAMES:  # nothing that the site around it names
        assert not any(part in word for word in words for part in name.split())


def test_a_cp1251_page_is_decoded_by_its_declared_charset():
    data = page(charset='windows-1251').encode('cp1251')
    with pytest.raises(UnicodeDecodeError):
        data.decode('utf-8')
    text = read(data)
    assert text.encoding == 'cp1251'
    assert article_text().split('\n')[0] in text.text
    assert text.title == HEADLINE


def test_a_page_saved_in_utf8_keeps_utf8_whatever_its_meta_says():
    text = read(page(charset='windows-1251').encode('utf-8'))
    assert text.encoding == 'utf-8' and text.title == HEADLINE


def test_a_page_without_a_charset_is_detected_as_a_text_file_is():
    text = read(page(charset=None).encode('cp1251'))
    assert text.encoding == 'cp1251' and text.title == HEADLINE


def test_the_encoding_option_wins():
    data = page(charset='utf-8').encode('cp1251')  # a wrong declaration
    assert read(data, encoding='cp1251').title == HEADLINE
    text = read(page().encode('utf-8'), encoding='ascii')
    assert 'cannot be decoded as ascii' in text.error and text.source_format == 'html'


@pytest.mark.parametrize('markup, header, expected', [
    (b'<meta charset="windows-1251">', None, 'cp1251'),
    (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=KOI8-R'>", None, 'koi8-r'),
    (b'<meta charset=utf-8>', 'text/html; charset=windows-1251', 'cp1251'),  # the header wins
    (b'<meta charset="no-such-charset">', None, None),
    (b'<meta charset="utf-16">', None, 'utf-8'),
    (b'<meta charset="hex">', None, None),  # codecs that are not text encodings are none
    (b'<meta charset="undefined">', None, None),
    (b'<meta charset="koi8-r">', 'text/html; charset=rot13', 'koi8-r'),
    (b'<p>no declaration</p>', 'text/html', None),
])
def test_declared_charset(markup, header, expected):
    assert declared_charset(b'<html><head>' + markup + b'</head>', header) == expected


def test_a_page_with_no_article_is_an_error_record_with_its_metadata():
    text = read(INDEX.encode('utf-8'))
    assert 'page.html: no article text found' in text.error
    assert text.text == '' and text.source_format == 'html'
    assert text.title == 'Главные новости'


@pytest.mark.parametrize('data', [b'', b'   \n', b'<html></html>', b'<<<>>>', b'\xff\xfe<\x00'])
def test_empty_and_broken_pages_are_error_records(data):
    text = read(data)
    assert text.error.startswith('page.html: ')
    assert text.text == ''


def test_an_extractor_failure_spoils_one_page_only(monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise RecursionError('maximum recursion depth exceeded')
    monkeypatch.setattr(trafilatura, 'bare_extraction', broken)
    text = extract_page(page(), id='a', name='a.html')
    assert text.error == 'a.html: the article cannot be extracted (RecursionError: maximum recursion depth exceeded)'


def test_a_missing_extra_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, 'trafilatura', None)  # import trafilatura raises ImportError
    with pytest.raises(MissingExtra) as raised:
        read(page().encode('utf-8'))
    message = str(raised.value)
    assert "pip install 'newsner[web]'" in message and 'trafilatura' in message
    assert '\n' not in message
    assert isinstance(raised.value, ImportError)


@pytest.mark.parametrize('codec', ['hex', 'base64', 'bz2', 'quopri', 'rot13', 'uu', 'zlib', 'undefined'])
def test_a_page_declaring_a_codec_that_is_no_text_encoding_is_detected(codec):
    data = page(charset=codec).encode('cp1251')
    text = read(data)
    assert not text.error and (text.encoding, text.title) == ('cp1251', HEADLINE)
    tiny = read(('<meta charset="%s">' % codec).encode() + b'\xcf\xf3')
    assert tiny.error.startswith('page.html: ')  # an error record, not an exception
