"""The web formats on the command line: pages, feeds and archives among text files, end to end."""
import csv
import io
import json
import sys

import pytest
from click.testing import CliRunner

from newsner.cli import cli

from webinputs import DATE, HEADLINE, INDEX, ISO_DATES, ITEMS, URL, article_text, atom, page, rss, warc


@pytest.fixture(scope='module')
def runner():
    return CliRunner()


def run(runner, args, input=None):
    return runner.invoke(cli, args, input=input, catch_exceptions=False)


def lines(output):
    return [json.loads(line) for line in output.splitlines()]


@pytest.fixture
def site(tmp_path):
    """A folder of a .txt article, the same article as a saved page, an index page, and a
    feed and an archive (which the default --glob does not take)."""
    folder = tmp_path / 'site'
    folder.mkdir()
    (folder / 'a.txt').write_text(article_text(), encoding='utf-8')
    (folder / 'b.html').write_bytes(page(charset='windows-1251').encode('cp1251'))
    (folder / 'c.htm').write_text(INDEX, encoding='utf-8')
    (folder / 'd.rss').write_bytes(rss())
    (folder / 'e.warc.gz').write_bytes(warc([('https://news.example.ru/x', page().encode(), 'text/html')]))
    return folder


def test_a_saved_page_gives_one_document_with_its_metadata(runner, tmp_path):
    path = tmp_path / 'page.html'
    path.write_text(page(), encoding='utf-8')
    result = run(runner, [str(path), '--with-text'])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # one object, as for one text file
    assert (doc['title'], doc['date'], doc['url'], doc['source_format']) == (HEADLINE, DATE, URL, 'html')
    assert doc['encoding'] == 'utf-8' and doc['error'] == ''
    assert doc['entities'] and 'Сбербанк' not in doc['text']
    for entity in doc['entities']:
        for m in entity['mentions']:
            assert doc['text'][m['start']:m['stop']] == m['text']


def test_stdin_as_html_equals_the_file(runner, tmp_path):
    path = tmp_path / 'page.html'
    path.write_text(page(), encoding='utf-8')
    from_file = json.loads(run(runner, [str(path)]).stdout)
    from_stdin = json.loads(run(runner, ['--html'], input=page().encode('utf-8')).stdout)
    assert from_stdin['id'] == '-'
    assert {k: v for k, v in from_stdin.items() if k != 'id'} == {k: v for k, v in from_file.items() if k != 'id'}


def test_format_in_overrides_the_name(runner, tmp_path):
    odd = tmp_path / 'page.txt'
    odd.write_text(page(), encoding='utf-8')
    as_html = json.loads(run(runner, [str(odd), '--format-in', 'html']).stdout)
    assert as_html['title'] == HEADLINE
    as_text = json.loads(run(runner, [str(odd)]).stdout)
    assert 'title' not in as_text and 'source_format' not in as_text
    result = runner.invoke(cli, [str(odd), '--html', '--jsonl'])
    assert result.exit_code == 2 and 'choose one of --format-in, --jsonl and --html' in result.output


def test_a_folder_takes_text_and_pages_and_accounts_for_every_one(runner, site):
    result = run(runner, [str(site), '-f', 'jsonl', '-j', '1'])
    assert result.exit_code == 1  # the index page has no article
    docs = lines(result.stdout)
    assert [d['id'] for d in docs] == ['a.txt', 'b.html', 'c.htm']
    text, saved, index = docs
    assert set(text) == {'id', 'encoding', 'entities', 'relations', 'error'}  # no web fields for a text file
    assert saved['encoding'] == 'cp1251' and saved['title'] == HEADLINE
    assert {(e['type'], e['name']) for e in text['entities']} <= {(e['type'], e['name']) for e in saved['entities']}
    assert index['entities'] == [] and 'c.htm' in index['error'] and 'no article text found' in index['error']
    assert 'newsner: error: %s' % index['error'] in result.stderr
    assert 'Traceback' not in result.output


def test_two_processes_give_what_one_gives(runner, site):
    args = [str(site), str(site / 'd.rss'), str(site / 'e.warc.gz'), '-f', 'jsonl', '-q']
    one = run(runner, args + ['-j', '1'])
    two = run(runner, args + ['-j', '2', '--batch-size', '2'])
    assert two.stdout == one.stdout
    assert len(lines(one.stdout)) == 3 + len(ITEMS) + 1


@pytest.mark.parametrize('feed', [rss(), atom()], ids=['rss', 'atom'])
def test_a_feed_gives_a_document_per_item(runner, tmp_path, feed):
    path = tmp_path / 'news.xml'
    path.write_bytes(feed)
    result = run(runner, [str(path), '-f', 'jsonl'])
    assert result.exit_code == 0, result.output
    docs = lines(result.stdout)
    assert [d['id'] for d in docs] == [link for link, _, _, _ in ITEMS]
    assert [d['date'] for d in docs] == ISO_DATES
    assert {d['source_format'] for d in docs} == {'feed'}
    names = {e['name'] for e in docs[0]['entities']}
    assert {'Сергей Шойгу', 'Александр Лукашенко', 'Минск'} <= names


def test_an_archive_gives_a_document_per_page_named_by_its_uri(runner, tmp_path):
    path = tmp_path / 'crawl.warc.gz'
    path.write_bytes(warc([('https://news.example.ru/a', page().encode('utf-8'), 'text/html'),
                           ('https://news.example.ru/i.png', b'\x89PNG', 'image/png'),
                           ('https://news.example.ru/b', page(title='Второй').encode('utf-8'), 'text/html')]))
    result = run(runner, [str(path), '-f', 'csv'])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row['id'] for row in rows][0] == 'https://news.example.ru/a'
    assert {row['id'] for row in rows} == {'https://news.example.ru/a', 'https://news.example.ru/b'}


def test_a_file_that_is_not_what_its_name_says_is_an_error_record(runner, tmp_path):
    xml = tmp_path / 'data.xml'
    xml.write_text('<?xml version="1.0"?><root/>', encoding='utf-8')
    archive = tmp_path / 'x.warc'
    archive.write_text('not an archive', encoding='utf-8')
    good = tmp_path / 'a.txt'
    good.write_text(article_text(), encoding='utf-8')
    result = run(runner, [str(xml), str(archive), str(good), '-f', 'jsonl'])
    assert result.exit_code == 1
    docs = lines(result.stdout)
    assert [d['id'] for d in docs] == [str(xml), str(archive), str(good)]
    assert 'not an RSS or Atom feed' in docs[0]['error'] and 'not a WARC archive' in docs[1]['error']
    assert docs[2]['entities'] and not docs[2]['error']


def test_a_missing_extra_is_one_line_naming_the_install(runner, tmp_path, monkeypatch):
    path = tmp_path / 'news.rss'
    path.write_bytes(rss())
    monkeypatch.setitem(sys.modules, 'feedparser', None)
    result = runner.invoke(cli, [str(path)])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.endswith("feedparser cannot be imported (import of feedparser halted; None in sys.modules): "
                         "pip install 'newsner[web]'")
    text = tmp_path / 'a.txt'  # text files need no extra
    text.write_text('Владимир Путин прилетел в Казань.', encoding='utf-8')
    assert runner.invoke(cli, [str(text)]).exit_code == 0


def test_summary_and_report_show_titles_and_dates(runner, tmp_path):
    path = tmp_path / 'news.rss'
    path.write_bytes(rss())
    result = run(runner, ['summary', str(path), '-f', 'json', '-q'])
    records = json.loads(result.stdout)
    shoigu = next(r for r in records if r['name'] == 'Сергей Шойгу')
    assert (shoigu['first'], shoigu['first_title'], shoigu['first_date']) == (
        ITEMS[0][0], ITEMS[0][1], ISO_DATES[0])
    table = run(runner, ['summary', str(path), '-f', 'table', '-q']).stdout
    assert table.splitlines()[0].split()[-1] == 'FIRST'
    assert '%s %s' % (ISO_DATES[0], ITEMS[0][1]) in table
    report = run(runner, [str(path), '-f', 'html', '-q']).stdout
    assert '<h2>%s</h2>' % ITEMS[0][1] in report and ISO_DATES[0] in report
    assert '<a href="%s" rel="noopener noreferrer">' % ITEMS[0][0] in report


def test_text_files_are_summed_up_as_before(runner):
    from conftest import SEED
    records = json.loads(run(runner, ['summary', str(SEED), '-f', 'json', '-q']).stdout)
    assert not any(key.endswith(('_title', '_date')) for r in records for key in r)
    assert 'FIRST' not in run(runner, ['summary', str(SEED), '-f', 'table', '-q']).stdout
