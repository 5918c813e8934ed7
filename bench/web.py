#!/usr/bin/env python3
"""What reading articles from the web costs: saved pages against text files, and memory over a WARC.

    python bench/web.py [CORPUS.jsonl] [--limit N] [--rounds R] [--warc-pages P] [--run-pages Q]

CORPUS is a JSONL file of {"id", "text"} objects (default: the project's news
corpus, ../shared/data/news-corpus.jsonl beside the project). Each article is
written twice to a temporary folder: as a .txt file, and as a .html page of a
news site (menu, cookie banner, "read also" block naming other people and
companies, footer) around it.

1. Throughput, one process, one Extractor loaded once (loading not timed). An
   untimed first pass of every mode does the imports and fills the caches
   (the normal forms of words, the pages' extraction) that the timed rounds
   then read, as the later documents of a long run do: the "with entities"
   figures are those of warm caches. Then R rounds, the order of the modes
   rotated by one each round (round 1: read-txt, read-html, txt, html; round
   2: read-html, txt, html, read-txt; ...) so that machine noise falls on all
   alike:

     read-txt    sources.read over the .txt files (reading and decoding only)
     read-html   the same over the pages: decoding and trafilatura's extraction
     txt         read-txt, then entities (Extractor.pipe, jobs=1)
     html        read-html, then entities

   It prints the median of each, articles/s, the ratio html/txt, and how many of
   the entities found in the .txt files were found in the pages (and how many
   names of the layout came out: it should be none).

2. Memory over a WARC archive of P pages (gzipped, with a request record before
   each response and an image response every tenth page), read in a fresh
   process by sources.read (the pages extracted, no entities): the resident
   memory after each tenth of the archive, and its peak. Then `newsner
   ARCHIVE -f jsonl -q -j 1` on the first Q pages of such an archive, its peak
   resident memory against the same run over the Q articles as .txt files.
"""
import argparse
import gzip
import html
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, proc_kb  # noqa: E402

#: names in the layout around the articles: entities found in a page and not in
#: its .txt that contain one of these come from the layout
LAYOUT_NAMES = ['Газпром', 'Роснефть', 'Греф', 'Сбербанк', 'Миллер', 'Росатом', 'Набиуллина', 'Центробанк',
                'Петров', 'Пример']


def wrap(text, number):
    """A news site's page around an article."""
    lines = [line for line in text.split('\n') if line.strip()]
    title = lines[0][:80] if lines else 'Новость %d' % number
    paragraphs = ''.join('<p>%s</p>\n' % html.escape(p) for p in lines)
    return '''<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>%s — Пример.Ру</title>
<link rel="canonical" href="https://news.example.ru/%d/">
<meta property="article:published_time" content="2024-05-%02dT10:30:00+03:00">
<script>window.dataLayer = [];</script></head><body>
<header><nav><ul><li><a href="/">Главная</a></li><li><a href="/e/">Газпром и Роснефть: итоги года</a></li>
<li><a href="/i/">Интервью: Герман Греф о будущем банков</a></li></ul></nav>
<div class="cookie">Мы используем cookie. <button>Понятно</button></div></header>
<main><article><h1>%s</h1>
%s</article>
<aside class="related"><h3>Читайте также</h3><ul>
<li><a href="/a/">Сбербанк снизил ставки по ипотеке</a></li>
<li><a href="/b/">Алексей Миллер встретился с главой Росатома</a></li>
<li><a href="/c/">Эльвира Набиуллина: Центробанк сохранит ставку</a></li></ul></aside></main>
<footer><p>© 2024 Пример.Ру. Главный редактор — Иван Петров.</p></footer>
</body></html>
''' % (html.escape(title), number, number % 28 + 1, html.escape(title), paragraphs)


def load_texts(path, limit=None):
    with open(path, encoding='utf-8') as file:
        texts = [json.loads(line)['text'] for line in file if line.strip()]
    return texts[:limit] if limit else texts


def write_folders(texts, root):
    txt, pages = os.path.join(root, 'txt'), os.path.join(root, 'html')
    os.makedirs(txt)
    os.makedirs(pages)
    for number, text in enumerate(texts):
        with open(os.path.join(txt, '%05d.txt' % number), 'w', encoding='utf-8') as file:
            file.write(text)
        with open(os.path.join(pages, '%05d.html' % number), 'w', encoding='utf-8') as file:
            file.write(wrap(text, number))
    return txt, pages


def write_warc(texts, pages, path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, 'wb') as out:
        writer = WARCWriter(out, gzip=True)
        for number in range(pages):
            uri = 'https://news.example.ru/%d/' % number
            request = StatusAndHeaders('GET /%d/ HTTP/1.1' % number, [('Host', 'news.example.ru')],
                                       is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, 'request', payload=io.BytesIO(b''),
                                                          http_headers=request))
            body = wrap(texts[number % len(texts)], number).encode('utf-8')
            headers = StatusAndHeaders('200 OK', [('Content-Type', 'text/html; charset=utf-8')],
                                       protocol='HTTP/1.1')
            writer.write_record(writer.create_warc_record(uri, 'response', payload=io.BytesIO(body),
                                                          http_headers=headers))
            if number % 10 == 9:
                image = StatusAndHeaders('200 OK', [('Content-Type', 'image/jpeg')], protocol='HTTP/1.1')
                writer.write_record(writer.create_warc_record(
                    uri + 'photo.jpg', 'response', payload=io.BytesIO(os.urandom(20000)), http_headers=image))


def rotated(modes, round):
    """The modes in the order of round ``round`` (from 0): rotated by one each round, so that
    over len(modes) rounds each mode runs once in each place."""
    shift = round % len(modes)
    return modes[shift:] + modes[:shift]


def throughput(args):
    from newsner.pipeline import Extractor
    from newsner.sources import collect, read

    texts = load_texts(args.corpus, args.limit)
    extractor = Extractor()
    with tempfile.TemporaryDirectory() as root:
        txt, pages = write_folders(texts, root)
        modes = {
            'read-txt': lambda: list(read(collect([txt]))),
            'read-html': lambda: list(read(collect([pages]))),
            'txt': lambda: list(extractor.pipe(read(collect([txt])), jobs=1)),
            'html': lambda: list(extractor.pipe(read(collect([pages])), jobs=1)),
        }
        for work in modes.values():  # untimed: imports, and the caches the rounds read
            work()
        times = {mode: [] for mode in modes}
        results = {}
        names = list(modes)
        for round in range(args.rounds):
            for mode in rotated(names, round):
                start = time.perf_counter()
                results[mode] = modes[mode]()
                times[mode].append(time.perf_counter() - start)
    n = len(texts)
    chars = sum(len(t) for t in texts)
    print('%d articles, %d characters of text; %d rounds, medians\n' % (n, chars, args.rounds))
    print('| mode | seconds | articles/s |')
    print('|---|---|---|')
    median = {mode: statistics.median(values) for mode, values in times.items()}
    for mode in modes:
        print('| %s | %.2f | %.0f |' % (mode, median[mode], n / median[mode]))
    print('\nhtml/txt time ratio: %.2f; extraction (read-html minus read-txt) is %.0f%% of the html run'
          % (median['html'] / median['txt'], 100 * (median['read-html'] - median['read-txt']) / median['html']))
    plain = [{(e.type, e.name) for e in d.entities} for d in results['txt']]
    paged = [{(e.type, e.name) for e in d.entities} for d in results['html']]
    found = sum(len(p & h) for p, h in zip(plain, paged))
    total = sum(len(p) for p in plain)
    extra = sum(len(h - p) for p, h in zip(plain, paged))
    layout = sum(1 for p, h in zip(plain, paged) for _, name in h - p if any(n in name for n in LAYOUT_NAMES))
    failed = sum(1 for d in results['html'] if d.error)
    print('entities of the .txt files found in the pages: %d of %d (%.1f%%); %d more in the pages '
          '(from headlines); names from the layout: %d; pages without an article: %d'
          % (found, total, 100 * found / total, extra, layout, failed))


def read_archive(path, pages):
    # the child process of the memory test: read the archive, print RSS per tenth
    from newsner.sources import collect, read
    tenth = max(1, pages // 10)
    count = 0
    start = time.perf_counter()
    print('| pages read | RSS MB |')
    print('|---|---|')
    for text in read(collect([path])):
        count += 1
        if count % tenth == 0:
            print('| %d | %.0f |' % (count, proc_kb(os.getpid()) / 1024), flush=True)
    seconds = time.perf_counter() - start
    # VmHWM, not ru_maxrss: that one keeps the parent's peak across fork and exec
    print('\n%d pages in %.0f s (%.0f pages/s); peak RSS %.0f MB' % (
        count, seconds, count / seconds, proc_kb(os.getpid(), 'status', 'VmHWM') / 1024))


def peak_rss(command):
    # the peak resident memory of a command and its children, in MB, sampled every 0.2 s
    from throughput import descendants
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        pids = [process.pid] + sorted(descendants(process.pid))
        peak = max(peak, sum(proc_kb(pid) for pid in pids))
        time.sleep(0.2)
    if process.returncode not in (0, 1):
        sys.exit('%s ended with status %d' % (' '.join(command), process.returncode))
    return peak / 1024


def memory(args):
    texts = load_texts(args.corpus)
    with tempfile.TemporaryDirectory() as root:
        path = os.path.join(root, 'crawl.warc.gz')
        write_warc(texts, args.warc_pages, path)
        print('\nWARC archive: %d pages, %.0f MB gzipped, %.0f MB unpacked\n' % (
            args.warc_pages, os.path.getsize(path) / 2**20, _unpacked(path) / 2**20))
        subprocess.run([sys.executable, __file__, '--child', path, '--warc-pages', str(args.warc_pages)],
                       check=True)
        small = os.path.join(root, 'small.warc.gz')
        write_warc(texts, args.run_pages, small)
        folder = os.path.join(root, 'small')
        os.makedirs(folder)
        for number in range(args.run_pages):
            with open(os.path.join(folder, '%05d.txt' % number), 'w', encoding='utf-8') as file:
                file.write(texts[number % len(texts)])
        newsner = [sys.executable, '-m', 'newsner', '-f', 'jsonl', '-q', '-j', '1']
        print('\nnewsner -j 1 over %d pages: peak RSS %.0f MB from the WARC archive, %.0f MB from .txt files'
              % (args.run_pages, peak_rss(newsner + [small]), peak_rss(newsner + [folder])))


def _unpacked(path):
    size = 0
    with gzip.open(path) as file:
        for chunk in iter(lambda: file.read(1 << 20), b''):
            size += len(chunk)
    return size


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('corpus', nargs='?', default=str(DEFAULT_CORPUS))
    parser.add_argument('--limit', type=int, default=300, help='articles in the throughput test')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--warc-pages', type=int, default=20000)
    parser.add_argument('--run-pages', type=int, default=1000)
    parser.add_argument('--skip', choices=['throughput', 'memory'], default=None)
    parser.add_argument('--child', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        read_archive(args.child, args.warc_pages)
        return
    if args.skip != 'throughput':
        throughput(args)
    if args.skip != 'memory':
        memory(args)


if __name__ == '__main__':
    main()
