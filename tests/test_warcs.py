"""WARC archives: a Text per HTML response, named by its URI; the other records skipped."""
import io

import pytest

from newsner.warcs import read_warc

from webinputs import HEADLINE, INDEX, article_text, page, warc

PAGES = [
    ('https://news.example.ru/a', page().encode('utf-8'), 'text/html; charset=utf-8'),
    ('https://news.example.ru/logo.png', b'\x89PNG\r\n\x1a\n' + bytes(range(256)), 'image/png'),
    ('https://news.example.ru/b', page(title='Второй заголовок').encode('cp1251'), 'text/html; charset=windows-1251'),
]


def read(data, **options):
    return list(read_warc(io.BytesIO(data), id='crawl.warc.gz', name='crawl.warc.gz', **options))


@pytest.mark.parametrize('gzip', [True, False], ids=['warc.gz', 'warc'])
def test_a_text_per_html_response(gzip):
    texts = read(warc(PAGES, gzip=gzip))
    assert [t.id for t in texts] == ['https://news.example.ru/a', 'https://news.example.ru/b']
    assert [t.title for t in texts] == [HEADLINE, 'Второй заголовок']
    assert [t.encoding for t in texts] == ['utf-8', 'cp1251']
    assert {t.source_format for t in texts} == {'warc'} and not any(t.error for t in texts)
    assert article_text().split('\n')[0] in texts[1].text
    assert 'Сбербанк' not in texts[0].text  # as for a saved page: the article only


def test_the_http_charset_decodes_a_page_that_declares_none():
    data = page(charset=None).encode('koi8-r', errors='replace')
    (text,) = read(warc([('https://x.ru/', data, 'text/html; charset=koi8-r')]))
    assert text.encoding == 'koi8-r' and text.title == HEADLINE


def test_a_page_with_no_article_is_an_error_record():
    texts = read(warc([('https://x.ru/', INDEX.encode('utf-8'), 'text/html')] + PAGES[:1]))
    assert texts[0].id == 'https://x.ru/' and 'no article text found' in texts[0].error
    assert texts[0].error.startswith('crawl.warc.gz, record 2 (https://x.ru/): ')
    assert not texts[1].error


@pytest.mark.parametrize('data', [b'', b'just a text file\n' * 20, b'<html></html>'])
def test_what_is_not_an_archive_is_one_error_record(data):
    (text,) = read(data)
    assert text.id == 'crawl.warc.gz'
    assert text.error.startswith('crawl.warc.gz: not a WARC archive')


def test_a_gzip_of_something_else_is_an_error_record():
    import gzip
    (text,) = read(gzip.compress(b'hello\nworld\n' * 10))
    assert text.error.startswith('crawl.warc.gz: not a WARC archive')


@pytest.mark.parametrize('codec', ['hex', 'zlib', 'undefined'])
def test_a_response_declaring_a_codec_that_is_no_text_encoding_is_detected(codec):
    data = page(charset=None).encode('cp1251')
    texts = read(warc([('https://x.ru/', data, 'text/html; charset=%s' % codec)] + PAGES[:1]))
    assert [(t.id, t.encoding, t.title, t.error) for t in texts] == [
        ('https://x.ru/', 'cp1251', HEADLINE, ''), ('https://news.example.ru/a', 'utf-8', HEADLINE, '')]
