"""The HTML report: every document's text with its mentions highlighted.

One self-contained page (inline CSS, no script, nothing fetched):
a legend of the types; per document, the text with each mention in a
``<mark>`` (colour by type, normal form and type on hover) and a table of its
entities, a person's with the organizations and places they work for; for
several documents, an index with links, a corpus-wide chart of the top
entities per type and the most frequent "who works where" pairs, the entities
of all documents merged into one row per thing as in the corpus summary
(:class:`newsner.summary.Summarizer`, :mod:`newsner.identity`). A linked
entity's name is a plain link to its Wikidata page. Everything that comes from
the input is escaped.

The report streams like the other writers: each document's section is written
as the document arrives, and only small summaries are kept (per document its
id and counts per type; per distinct entity the summary's tallies, with small
bounded tables). The index and the chart, which need the whole corpus, are written
after the documents and shown before them: the page is a flex column and the
index has ``order: -1``. Two documents are read ahead to tell a single
document (shown open, without an index) from a corpus (documents collapsed).
"""
import heapq
import io
import itertools
import os
import re
import zlib
from collections.abc import Iterable
from html import escape
from importlib import resources
from typing import IO, Optional, Union
from urllib.parse import quote

from . import records
from .summary import Summarizer

#: the colours of the types: (highlight, strong) for marks and chart bars
COLOURS = {
    'PER': ('#ffd8a8', '#e8590c'),
    'LOC': ('#b2f2bb', '#2b8a3e'),
    'ORG': ('#a5d8ff', '#1971c2'),
    'GOV': ('#d0bfff', '#6741d9'),
    'COMPANY': ('#99e9f2', '#0c8599'),
    'MEDIA': ('#fcc2d7', '#c2255c'),
    'INITIATIVE': ('#ffec99', '#e67700'),
}
#: colours for other types, taken in turn
SPARE = [
    ('#c3fae8', '#087f5b'),
    ('#eebefa', '#9c36b5'),
    ('#ffc9c9', '#c92a2a'),
    ('#d8f5a2', '#5c940d'),
    ('#bac8ff', '#3b5bdb'),
    ('#ffe8cc', '#d9480f'),
]
#: the colour of a type the legend does not know
OTHER = ('#e9ecef', '#495057')

LABELS = {
    'PER': 'people',
    'LOC': 'places',
    'ORG': 'organizations',
    'GOV': 'government bodies',
    'COMPANY': 'companies',
    'MEDIA': 'media',
    'INITIATIVE': 'initiatives',
}

#: entities per type in the corpus chart
TOP = 10
#: "who works where" pairs in the corpus index
TOP_PAIRS = 15
#: partners, roles and aliases counted per entity for the index (it shows none: the merging reads the aliases)
SLOTS = 16
#: where a linked entity's page is: the Wikidata id follows
WIKIDATA = 'https://www.wikidata.org/wiki/'

#: the page's style sheet, shipped beside the gazetteers
CSS = resources.files('newsner').joinpath('data').joinpath('report.css').read_text(encoding='utf-8')


def write_html(docs: Iterable[records.Document], file: IO[str], *, single: bool = False, text: bool = False) -> None:
    """The HTML report of ``docs``, streamed to ``file`` one document at a time.

    The texts are always part of the report (``text`` is accepted for the
    writers' common signature); ``single`` shows the documents open, without an
    index, as does a lone document.
    """
    Report(file).write(docs, single=single)


def render_html(documents: Union[records.Document, Iterable[records.Document]],
                file: Union[None, str, 'os.PathLike[str]', IO[str]] = None) -> Optional[str]:
    """The HTML report of one Document or an iterable of them.

    Returns the page as a string; with ``file`` (a text file or a path), writes
    it there instead, streaming, and returns None.
    """
    if isinstance(documents, records.Document):
        documents = [documents]
    if file is None:
        page = io.StringIO()
        write_html(documents, page)
        return page.getvalue()
    if isinstance(file, (str, os.PathLike)):
        with open(file, 'w', encoding='utf-8', errors='replace', newline='') as out:
            write_html(documents, out)
    else:
        write_html(documents, file)
    return None


class Report:
    """Writes one report; keeps the per-document and per-entity summaries."""

    def __init__(self, file):
        self.file = file
        self.types = list(records.TYPES)
        self.colours = palette(self.types)
        self.index = []     # (number, id, counts per type, entities, error)
        self.corpus = Summarizer(top=1, slots=SLOTS)

    def write(self, docs, *, single=False):
        docs = iter(docs)
        ahead = list(itertools.islice(docs, 2))
        many = len(ahead) > 1 and not single
        title = 'newsner report' if many or not ahead else '%s · newsner' % (ahead[0].title or ahead[0].id)
        self.file.write(self.head(title))
        if not ahead:
            self.file.write('<p class="card empty">No documents.</p>\n')
        for number, doc in enumerate(itertools.chain(ahead, docs), 1):
            self.file.write(self.document(doc, number, many=many))
            self.file.flush()
            self.count(doc, number)
        if many:
            self.file.write(self.nav())
        self.file.write('</main>\n</body>\n</html>\n')
        self.file.flush()

    # page

    def head(self, title):
        css = CSS + ''.join(
            '.t-%s { background: %s; } .t-%s > .tag, .chip.t-%s { color: %s; }\n' % (
                type, light, type, type, strong)
            for type, (light, strong) in self.colours.items())
        css += '.t-other { background: %s; } .t-other > .tag, .chip.t-other { color: %s; }\n' % OTHER
        legend = ''.join(
            '<span><span class="chip %s">%s</span> %s</span>' % (
                self.css_class(type), escape(type), escape(LABELS.get(type, type.lower())))
            for type in self.types)
        return (
            '<!DOCTYPE html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="newsner">\n'
            '<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n'
            '<header><h1>newsner report</h1>\n<div class="legend">%s'
            '<span class="muted">hover a highlighted name for its normal form</span></div></header>\n'
            '<main>\n' % (escape(title), css, legend))

    def css_class(self, type):
        return 't-%s' % type if type in self.colours else 't-other'

    def chip(self, type, value=None):
        label = escape(type) if value is None else '%s&nbsp;%s' % (escape(type), value)
        return '<span class="chip %s">%s</span>' % (self.css_class(type), label)

    # documents

    def document(self, doc, number, *, many):
        counts = type_counts(doc.entities)
        summary = '<h2>%s</h2>' % escape(str(doc.title or doc.id))
        if doc.title or doc.date:
            summary += ' <span class="muted">%s</span>' % escape(' · '.join(
                str(_) for _ in (doc.date, doc.id if doc.title else None) if _))
        if doc.error:
            summary += ' <span class="error">error</span>'
        else:
            summary += ' <span class="counts">%s</span>' % ''.join(
                self.chip(type, n) for type, n in self.ordered(counts))
            summary += ' <span class="muted">%d entities</span>' % len(doc.entities)
        body = about(doc)
        if doc.error:
            body += '<p class="error">%s</p>\n' % escape(doc.error)
        elif not doc.text:
            body += '<p class="empty">Empty text.</p>\n'
        else:
            body += '<div class="text">%s</div>\n' % highlight(doc.text, doc.entities, self.css_class)
            body += self.table(doc.entities, doc.relations)
        if many:
            body += '<p class="up"><a href="#index">&uarr; index</a></p>\n'
        return ('<section class="card doc" id="doc-%d">\n<details%s>\n<summary>%s</summary>\n%s'
                '</details>\n</section>\n' % (number, '' if many else ' open', summary, body))

    def table(self, entities, relations=()):
        if not entities:
            return '<p class="empty">No entities.</p>\n'
        works: dict = {}
        for relation in relations:
            works.setdefault(relation.person, []).append(relation.object)
        rows = []
        order = {type: i for i, type in enumerate(self.types)}
        ranked = sorted(enumerate(entities), key=lambda p: (-p[1].count, order.get(p[1].type, len(order)), p[0]))
        for _, entity in ranked:
            objects = works.get(entity.name, []) if entity.type == records.PER else []
            rows.append('<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class="n">%d</td></tr>\n' % (
                self.chip(entity.type), linked(entity.name, entity.kb_id), escape(', '.join(entity.aliases)),
                escape(entity.role), escape(', '.join(objects)), entity.count))
        return ('<h3>Entities</h3>\n<table class="entities">\n<thead><tr><th>type</th><th>name</th>'
                '<th>aliases</th><th>role</th><th>works for</th><th class="n">mentions</th></tr></thead>\n'
                '<tbody>\n%s</tbody>\n</table>\n' % ''.join(rows))

    def ordered(self, counts):
        known = [(type, counts[type]) for type in self.types if type in counts]
        return known + sorted((type, n) for type, n in counts.items() if type not in self.types)

    # summaries

    def count(self, doc, number):
        name = str(doc.id) if not (doc.title or doc.date) else ' · '.join(
            str(_) for _ in (doc.date, doc.title or doc.id) if _)
        self.index.append((number, name, type_counts(doc.entities), len(doc.entities), bool(doc.error)))
        self.corpus.add(doc)

    def nav(self):
        failed = sum(1 for row in self.index if row[4])
        entities = sum(row[3] for row in self.index)
        parts = ['<nav id="index" class="card">\n<h2>%d documents, %d entities, %d failed</h2>\n' % (
            len(self.index), entities, failed)]
        parts.append(self.charts())
        parts.append(self.works())
        types = [type for type in self.types if any(type in row[2] for row in self.index)]
        types += sorted({type for row in self.index for type in row[2]} - set(types))
        parts.append('<h3>Documents</h3>\n<table class="docs">\n<thead><tr><th class="n">#</th><th>document</th>%s'
                     '<th class="n">entities</th></tr></thead>\n<tbody>\n' % ''.join(
                         '<th class="n">%s</th>' % self.chip(type) for type in types))
        for number, id, counts, total, error in self.index:
            cells = ''.join('<td class="n">%s</td>' % (counts.get(type) or '') for type in types)
            last = '<span class="error">error</span>' if error else str(total)
            parts.append('<tr><td class="n">%d</td><td><a href="#doc-%d">%s</a></td>%s<td class="n">%s</td></tr>\n' % (
                number, number, escape(id), cells, last))
        parts.append('</tbody>\n</table>\n</nav>\n')
        return ''.join(parts)

    def works(self):
        top = self.corpus.works()[:TOP_PAIRS]
        if not top:
            return ''
        rows = ''.join('<tr><td>%s</td><td>%s</td><td class="n">%d</td></tr>\n' % (
            linked(work.person, work.person_kb_id), linked(work.object, work.object_kb_id), work.documents)
            for work in top)
        return ('<h3>Who works where</h3>\n<table class="works">\n<thead><tr><th>person</th><th>works for</th>'
                '<th class="n">documents</th></tr></thead>\n<tbody>\n%s</tbody>\n</table>\n' % rows)

    def charts(self):
        by_type: dict = {}
        for row in self.corpus.records():
            by_type.setdefault(row.type, []).append((row.mentions, row.documents, row.name, row.kb_id))
        if not by_type:
            return ''
        charts = []
        for type, _ in self.ordered({type: 0 for type in by_type}):
            top = heapq.nsmallest(TOP, by_type[type], key=lambda e: (-e[0], -e[1], e[2], e[3] or ''))
            charts.append('<figure class="chart">\n<h3>%s %s</h3>\n%s</figure>\n' % (
                self.chip(type), escape(LABELS.get(type, type.lower())),
                bar_chart(top, self.colours.get(type, OTHER)[1])))
        return '<h3>Top entities</h3>\n<div class="charts">\n%s</div>\n' % ''.join(charts)


def highlight(text, entities, css_class=lambda type: 't-' + type):
    """The text as HTML with every mention in a ``<mark>``.

    Marks nest: a mention inside another is marked inside it, and a mention
    that crosses another is cut where the other ends, so the tags always
    balance and the text comes out whole and in order. Mentions whose offsets
    fall outside the text are left out.
    """
    spans: list = []
    for entity in entities:
        for mention in entity.mentions:
            if 0 <= mention.start < mention.stop <= len(text):
                spans.append((mention.start, -mention.stop, len(spans), mention, entity))
    spans.sort()
    bounds = sorted({0, len(text)} | {s[0] for s in spans} | {-s[1] for s in spans})
    out = []
    stack: list = []
    active: list = []
    waiting = iter(spans)
    next_span = next(waiting, None)
    for start, stop in zip(bounds, bounds[1:]):
        active = [s for s in active if -s[1] > start]
        while next_span is not None and next_span[0] == start:
            active.append(next_span)
            next_span = next(waiting, None)
        active.sort()
        common = 0
        while common < min(len(stack), len(active)) and stack[common] is active[common]:
            common += 1
        while len(stack) > common:
            out.append(_close(stack.pop(), start))
        for span in active[common:]:
            out.append(_open(span, css_class))
            stack.append(span)
        out.append(escape(text[start:stop], quote=False))
    while stack:
        out.append(_close(stack.pop(), len(text)))
    return ''.join(out)


def _open(span, css_class):
    _, _, _, mention, entity = span
    title = '%s · %s' % (mention.normal, mention.type)
    if entity.name != mention.normal:
        title += '\n= %s' % entity.name
    if entity.role:
        title += '\n%s' % entity.role
    return '<mark class="%s" data-type="%s" data-normal="%s" title="%s">' % (
        css_class(mention.type), escape(mention.type), escape(mention.normal), escape(title))


def _close(span, at):
    if at == -span[1]:
        return '<span class="tag" data-type="%s"></span></mark>' % escape(span[3].type)
    return '</mark>'


def about(doc):
    """A line with where a document read from the web comes from: its link and format."""
    if not (doc.url or doc.source_format):
        return ''
    parts = []
    if doc.url:
        # a link only to the web: a javascript: or data: URL stays text
        if doc.url.lower().startswith(('http://', 'https://')):
            parts.append('<a href="%s" rel="noopener noreferrer">%s</a>' % (escape(doc.url), escape(doc.url)))
        else:
            parts.append(escape(doc.url))
    if doc.source_format:
        parts.append(escape(doc.source_format))
    return '<p class="muted about">%s</p>\n' % ' · '.join(parts)


def type_counts(entities):
    counts: dict = {}
    for entity in entities:
        counts[entity.type] = counts.get(entity.type, 0) + 1
    return counts


def palette(types):
    """A colour pair for each of ``types``: its own if it has one, else a spare one."""
    colours = {}
    spare = [_ for _ in SPARE if _ not in COLOURS.values()]
    free = iter(spare)
    for type in types:
        if not re.fullmatch(r'[A-Za-z][A-Za-z0-9_-]*', type):
            continue
        if type in COLOURS:
            colours[type] = COLOURS[type]
        else:
            colours[type] = next(free, None) or spare[zlib.crc32(type.encode()) % len(spare)]
    return colours


def linked(name: str, kb_id: Optional[str]) -> str:
    """``name`` as HTML: a plain link to its Wikidata page when it has a ``kb_id``, else text."""
    if not kb_id:
        return escape(name)
    return '<a href="%s%s" rel="noopener noreferrer">%s</a>' % (WIKIDATA, escape(quote(kb_id, safe='')), escape(name))


def bar_chart(items, colour):
    """A chart of horizontal bars, an HTML table: per (mentions, documents, name, kb_id), the name
    (a link when linked; a long one is cut at its end with an ellipsis, the row's tooltip holds it
    whole), a bar as long as the mentions and their number."""
    most = max(item[0] for item in items)
    rows = []
    for mentions, documents, name, kb_id in items:
        note = '%d mention%s, %d document%s' % (mentions, '' if mentions == 1 else 's',
                                                documents, '' if documents == 1 else 's')
        rows.append('<tr title="%s: %s"><td class="name"><span>%s</span></td><td class="bar">'
                    '<span style="width: %d%%; background: %s"></span></td><td class="n">%d</td></tr>\n' % (
                        escape(name), note, linked(name, kb_id), max(1, round(100 * mentions / most)),
                        escape(colour), mentions))
    return '<table class="bars">\n<tbody>\n%s</tbody>\n</table>\n' % ''.join(rows)
