"""Inputs from the web, built for the tests: a news site's page around a real
article, feeds, a WARC archive. The names in the site's menu, "related news"
block and footer are not in the article: they must never come out."""
import io
from html import escape

from conftest import SAMPLES

ARTICLE = SAMPLES / 'lenta-005.txt'
HEADLINE = 'Архиепископ Лонгин отказался ехать на собор в Киеве'
URL = 'https://news.example.ru/2018/12/14/longin/'
DATE = '2018-12-14'
#: names of organizations and people in the site's layout, not in the article
LAYOUT_NAMES = ['Газпром', 'Роснефть', 'Герман Греф', 'Сбербанк', 'Алексей Миллер', 'Росатом',
                'Эльвира Набиуллина', 'Центробанк', 'Иван Петров', 'Медиахолдинг Пример']


def article_text():
    return ARTICLE.read_text(encoding='utf-8')


def page(text=None, *, title=HEADLINE, charset='utf-8', canonical=URL, date=DATE, article=True):
    """A news site's page: menu, the article (or nothing), related news, footer."""
    text = article_text() if text is None else text
    paragraphs = ''.join('<p>%s</p>\n' % escape(p) for p in text.split('\n') if p.strip())
    body = ('<article>\n<h1>%s</h1>\n<time datetime="%s">%s</time>\n%s</article>\n' % (
        escape(title), date, date, paragraphs)) if article else ''
    meta = '<meta charset="%s">' % charset if charset else ''
    head = '<link rel="canonical" href="%s">\n' % canonical if canonical else ''
    if date:
        head += '<meta property="article:published_time" content="%sT10:30:00+03:00">\n' % date
    return '''<!DOCTYPE html>
<html lang="ru"><head>%s
<title>%s — Пример.Ру</title>
%s<meta property="og:site_name" content="Пример.Ру">
</head><body>
<header><nav><ul>
<li><a href="/">Главная</a></li>
<li><a href="/economy/">Газпром и Роснефть: итоги года</a></li>
<li><a href="/interview/">Интервью: Герман Греф о будущем банков</a></li>
</ul></nav>
<div class="cookie">Мы используем cookie. <button>Понятно</button></div></header>
<main>%s
<aside class="related"><h3>Читайте также</h3><ul>
<li><a href="/a/">Сбербанк снизил ставки по ипотеке</a></li>
<li><a href="/b/">Алексей Миллер встретился с главой Росатома</a></li>
<li><a href="/c/">Эльвира Набиуллина: Центробанк сохранит ставку</a></li>
</ul></aside>
</main>
<footer><p>© 2018 ООО «Медиахолдинг Пример». Главный редактор — Иван Петров.</p>
<p><a href="/about/">О проекте</a> · <a href="/ads/">Реклама</a></p></footer>
</body></html>
''' % (meta, escape(title), head, body)


INDEX = page(article=False, title='Главные новости', canonical=None, date=None)

ITEMS = [
    ('https://news.example.ru/1', 'Шойгу прибыл в Минск', 'Mon, 06 May 2024 10:00:00 +0300',
     '<p>Министр обороны России <b>Сергей Шойгу</b> прибыл в Минск.</p><p>Его встретил президент '
     'Белоруссии Александр Лукашенко.</p>'),
    ('https://news.example.ru/2', 'Сбербанк отчитался о прибыли', 'Tue, 07 May 2024 08:15:00 +0000',
     'Глава Сбербанка <a href="/gref">Герман Греф</a> рассказал о росте прибыли.'),
    ('https://news.example.ru/3', 'Погода в Москве', 'Wed, 08 May 2024 23:59:00 +0300',
     '<div>В Москве ожидается дождь, сообщает Гидрометцентр.</div>'),
]
ISO_DATES = ['2024-05-06T07:00:00+00:00', '2024-05-07T08:15:00+00:00', '2024-05-08T20:59:00+00:00']


def rss(encoding='utf-8'):
    items = ''.join(
        '<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate>'
        '<description><![CDATA[%s]]></description></item>\n' % (escape(title), link, link, date, html)
        for link, title, date, html in ITEMS)
    return ('<?xml version="1.0" encoding="%s"?>\n<rss version="2.0"><channel><title>Пример.Ру</title>'
            '<link>https://news.example.ru/</link><description>Новости</description>\n%s</channel></rss>\n' % (
                encoding, items)).encode(encoding)


def atom():
    from email.utils import parsedate_to_datetime
    entries = ''.join(
        '<entry><title>%s</title><id>urn:example:%d</id><link href="%s"/><updated>%s</updated>'
        '<content type="html">%s</content></entry>\n' % (
            escape(title), number, link, parsedate_to_datetime(date).isoformat(), escape(html))
        for number, (link, title, date, html) in enumerate(ITEMS, 1))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            '<title>Пример.Ру</title><id>urn:example</id><updated>2024-05-08T20:59:00Z</updated>\n%s</feed>\n'
            % entries).encode('utf-8')


def warc(pages, *, gzip=True):
    """A WARC archive of (uri, body bytes, content type) responses, with a request record
    before each, as a crawler writes them."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for uri, body, kind in pages:
        request = StatusAndHeaders('GET / HTTP/1.1', [('Host', 'news.example.ru')], is_http_request=True)
        writer.write_record(writer.create_warc_record(uri, 'request', payload=io.BytesIO(b''),
                                                      http_headers=request))
        headers = StatusAndHeaders('200 OK', [('Content-Type', kind)], protocol='HTTP/1.1')
        writer.write_record(writer.create_warc_record(uri, 'response', payload=io.BytesIO(body),
                                                      http_headers=headers))
    return out.getvalue()
