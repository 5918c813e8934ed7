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


# broken archives: each is that archive's error record, never an exception

SHORT = [('https://x.ru/a', page().encode('utf-8'), 'text/html; charset=utf-8')]


def test_a_record_with_no_target_uri_is_an_error_record():
    (text,) = read(b'WARC/1.0\r\nWARC-Type: response\r\n')
    assert text.error == 'crawl.warc.gz: broken at record 1 (cut short in the WARC headers of a record)'
    assert text.id == 'crawl.warc.gz'


def test_a_response_with_no_target_uri_costs_only_itself():
    data = warc(SHORT + [('https://x.ru/b', page().encode('utf-8'), 'text/html')], gzip=False)
    first = data.index(b'WARC-Target-URI: https://x.ru/a\r\n', data.index(b'WARC-Type: response'))
    data = data[:first] + data[first + len(b'WARC-Target-URI: https://x.ru/a\r\n'):]
    texts = read(data)
    assert [t.id for t in texts] == ['crawl.warc.gz#2', 'https://x.ru/b']
    assert 'no WARC-Target-URI' in texts[0].error and not texts[1].error


@pytest.mark.parametrize('gzip', [True, False], ids=['warc.gz', 'warc'])
def test_an_archive_cut_anywhere_keeps_its_whole_pages_and_says_it_was_cut(gzip):
    data = warc(SHORT * 2, gzip=gzip)
    whole = read(data)
    assert len(whole) == 2 and not any(t.error for t in whole)
    for cut in list(range(30, 90, 10)) + list(range(90, len(data) - 1, max(len(data) // 23, 1))):
        texts = read(data[:cut])
        assert texts, cut
        *pages, last = texts
        assert all(t == whole[0] for t in pages), cut
        assert last == whole[0] or (last.error.startswith('crawl.warc.gz') and len(last.error) < 1000), cut
        assert last.error or len(texts) == 1, cut  # a cut is never silent


@pytest.mark.parametrize('gzip', [True, False], ids=['warc.gz', 'warc'])
def test_a_content_length_beyond_any_file_is_an_error_record(gzip):
    data = warc(SHORT, gzip=False)
    data = data.replace(b'Content-Length: ', b'Content-Length: 1' + b'0' * 30 + b'\r\nX-Was: ', 1)
    if gzip:
        import gzip as gz
        data = gz.compress(data)
    (text,) = read(data)
    assert text.error.startswith('crawl.warc.gz: ') and 'Content-Length' in text.error


def peak_memory(function):
    import tracemalloc
    tracemalloc.start()
    try:
        result = function()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize('where', ['first', 'between'])
def test_an_endless_line_in_a_gzipped_archive_is_read_in_bounded_memory(where):
    import gzip as gz
    line = gz.compress(b'x' * (48 << 20), 9)  # 48 MiB in about 50 KB
    data = line if where == 'first' else warc(SHORT) + line
    texts, peak = peak_memory(lambda: read(data))
    assert peak < 16 << 20
    assert texts[-1].error.startswith('crawl.warc.gz') and len(texts[-1].error) < 1000
    assert [t.error for t in texts[:-1]] == [''] * (where == 'between')


def test_garbage_between_records_is_read_in_bounded_memory():
    import gzip as gz
    garbage = gz.compress(b'\x00garbage' * (6 << 20) + b'\n' + (b'garbage ' * 100 + b'\n') * 5000, 9)
    texts, peak = peak_memory(lambda: read(warc(SHORT) + garbage + warc(SHORT)))
    assert peak < 16 << 20
    assert not texts[0].error and texts[-1].error.startswith('crawl.warc.gz')
    assert all(len(t.error) < 1000 for t in texts)
