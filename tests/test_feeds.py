"""RSS and Atom feeds: a Text per item, its id, title, date and text with the HTML stripped."""
import pytest

from newsner.feeds import html_text, read_feed

from webinputs import ISO_DATES, ITEMS, atom, rss


def read(data, **options):
    return list(read_feed(data, id='news.rss', name='news.rss', **options))


@pytest.mark.parametrize('data', [rss(), atom()], ids=['rss', 'atom'])
def test_a_feed_gives_a_text_per_item(data):
    texts = read(data)
    assert [t.id for t in texts] == [link for link, _, _, _ in ITEMS]
    assert [t.url for t in texts] == [link for link, _, _, _ in ITEMS]
    assert [t.title for t in texts] == [title for _, title, _, _ in ITEMS]
    assert [t.date for t in texts] == ISO_DATES
    assert {t.source_format for t in texts} == {'feed'} and not any(t.error for t in texts)
    first = texts[0].text
    assert first == ('Шойгу прибыл в Минск\n\nМинистр обороны России Сергей Шойгу прибыл в Минск.\n'
                     'Его встретил президент Белоруссии Александр Лукашенко.')
    assert texts[1].text.endswith('Глава Сбербанка Герман Греф рассказал о росте прибыли.')
    assert '<' not in ''.join(t.text for t in texts)


def test_a_cp1251_feed_is_read_by_its_declaration():
    data = rss(encoding='windows-1251')
    texts = read(data)
    assert [t.title for t in texts] == [title for _, title, _, _ in ITEMS]
    assert texts[0].encoding == 'windows-1251'


def test_a_feed_without_a_declaration_is_detected_as_a_text_file_is():
    data = rss().replace(b' encoding="utf-8"', b'').decode('utf-8').encode('cp1251')
    texts = read(data)
    assert [t.title for t in texts] == [title for _, title, _, _ in ITEMS]
    assert texts[0].encoding == 'cp1251'


def test_an_item_without_a_link_is_named_by_its_guid_then_its_place():
    data = (b'<rss version="2.0"><channel><title>t</title>'
            b'<item><title>A</title><guid isPermaLink="false">tag:one</guid></item>'
            b'<item><description>B &amp; C</description></item></channel></rss>')
    texts = read(data)
    assert [(t.id, t.url, t.title, t.text, t.date) for t in texts] == [
        ('tag:one', None, 'A', 'A', None), ('news.rss#2', None, None, 'B & C', None)]


@pytest.mark.parametrize('data', [b'', b'just some text', b'<?xml version="1.0"?><root><a>1</a></root>',
                                  b'<html><body><p>a page</p></body></html>'])
def test_what_is_not_a_feed_is_one_error_record(data):
    (text,) = read(data)
    assert text.id == 'news.rss'
    assert text.error.startswith('news.rss: not an RSS or Atom feed')
    assert '--format-in' in text.error


def test_an_empty_feed_has_no_documents():
    assert read(b'<rss version="2.0"><channel><title>t</title></channel></rss>') == []


@pytest.mark.parametrize('fragment, expected', [
    ('<p>One</p><p>Two  <b>three</b></p>', 'One\nTwo three'),
    ('a<br>b<br/>c', 'a\nb\nc'),
    ('<script>alert(1)</script><style>p {}</style>Text', 'Text'),
    ('&laquo;Газпром&raquo; &amp; партнёры', '«Газпром» & партнёры'),
    ('no markup at all', 'no markup at all'),
    ('', ''),
    ('<ul><li>1</li><li>2</li></ul><!-- comment -->', '1\n2'),
])
def test_html_text(fragment, expected):
    assert html_text(fragment) == expected
