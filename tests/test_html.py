"""The HTML report, parsed back with html.parser. No models, but for the CLI test."""
import io
import itertools
from dataclasses import replace
from html.parser import HTMLParser

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import newsner
from newsner import records
from newsner.cli import cli
from newsner.records import LOC, ORG, PER, Document, Entity, Mention, Relation
from newsner.report import COLOURS, highlight, palette, render_html, write_html
from newsner.writers import FORMATS

VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'}


class Page(HTMLParser):
    """What a test looks at in a report: marks, texts, tables, links, and the tag balance."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.tags = []
        self.handlers = []
        self.marks = []        # dicts: type, normal, title, class, text, depth, doc
        self.texts = []        # the text of each <div class="text">
        self.sections = []     # dicts: id, open, h2
        self.rows = {}         # table class -> list of rows (lists of cell texts)
        self.links = []
        self.ids = []
        self.title = ''
        self._open_marks = []
        self._cell = None
        self.feed(markup)
        self.close()

    def inside(self, tag, cls=None):
        return any(t == tag and (cls is None or cls in a.get('class', '').split()) for t, a in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.handlers += [name for name in attrs if name.startswith('on')]
        if 'id' in attrs:
            self.ids.append(attrs['id'])
        if tag == 'section':
            self.sections.append({'id': attrs.get('id'), 'open': False, 'h2': ''})
        if tag == 'details' and self.sections:
            self.sections[-1]['open'] = 'open' in attrs
        if tag == 'div' and 'text' in attrs.get('class', '').split():
            self.texts.append('')
        if tag == 'mark':
            mark = {'type': attrs.get('data-type'), 'normal': attrs.get('data-normal'),
                    'title': attrs.get('title'), 'class': attrs.get('class'), 'text': '',
                    'depth': sum(1 for t, _ in self.stack if t == 'mark'), 'doc': len(self.texts) - 1}
            self.marks.append(mark)
            self._open_marks.append(mark)
        if tag == 'tr':
            table = next((a.get('class', '') for t, a in reversed(self.stack) if t == 'table'), '')
            self.rows.setdefault(table, []).append([])
        if tag in ('td', 'th'):
            self._cell = ''
        if tag == 'a':
            self.links.append(attrs.get('href'))
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append('unexpected </%s> in %s' % (tag, [t for t, _ in self.stack]))
            return
        self.stack.pop()
        if tag == 'mark':
            self._open_marks.pop()
        if tag in ('td', 'th'):
            table = next((a.get('class', '') for t, a in reversed(self.stack) if t == 'table'), '')
            self.rows[table][-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == 'title' and self.inside('head'):
            self.title += data
        if self.inside('div', 'text'):
            self.texts[-1] += data
        for mark in self._open_marks:
            mark['text'] += data
        if self._cell is not None:
            self._cell += data
        if self.stack and self.stack[-1][0] == 'h2' and self.sections and self.inside('section'):
            self.sections[-1]['h2'] += data


def page(docs, **options):
    out = io.StringIO()
    write_html(iter(docs), out, **options)
    parsed = Page(out.getvalue())
    assert parsed.errors == [] and parsed.stack == []
    return parsed


def doc_of(id, text, *spans, role=''):
    """A Document whose entities are one per (start, stop, type, normal) span."""
    entities = []
    for start, stop, type, normal in spans:
        mention = Mention(start, stop, type, text[start:stop], normal)
        entities.append(Entity(type, normal, (mention,), role=role if type == PER else ''))
    return Document(id, tuple(entities), text=text)


TEXT = 'Парвиз Шахбазов приехал в Баку. Шахбазов встретил SOCAR.'
M_PER1 = Mention(0, 15, PER, 'Парвиз Шахбазов', 'Парвиз Шахбазов')
M_LOC = Mention(26, 30, LOC, 'Баку', 'Баку')
M_PER2 = Mention(32, 40, PER, 'Шахбазов', 'Шахбазов', sentence=1)
M_ORG = Mention(50, 55, ORG, 'SOCAR', 'SOCAR', sentence=1)
DOC = Document('a.txt', (
    Entity(PER, 'Парвиз Шахбазов', (M_PER1, M_PER2), aliases=('Шахбазов',), role='министр энергетики'),
    Entity(LOC, 'Баку', (M_LOC,)),
    Entity(ORG, 'SOCAR', (M_ORG,)),
), text=TEXT, encoding='utf-8')


def test_html_is_a_format():
    assert FORMATS['html'] is write_html
    assert 'render_html' in newsner.__all__


def test_marks_in_text_order_with_type_normal_and_title():
    parsed = page([DOC])
    assert parsed.texts == [TEXT]
    assert [(m['text'], m['type'], m['normal']) for m in parsed.marks] == [
        ('Парвиз Шахбазов', PER, 'Парвиз Шахбазов'), ('Баку', LOC, 'Баку'),
        ('Шахбазов', PER, 'Шахбазов'), ('SOCAR', ORG, 'SOCAR')]
    # the hover shows the normal form and type, the entity's name when it differs, and the role
    assert parsed.marks[2]['title'] == 'Шахбазов · PER\n= Парвиз Шахбазов\nминистр энергетики'
    assert parsed.marks[1]['title'] == 'Баку · LOC'
    assert parsed.marks[0]['class'] == 't-PER'


def test_entity_table_counts_and_order():
    parsed = page([DOC])
    header, *rows = parsed.rows['entities']
    assert header == ['type', 'name', 'aliases', 'role', 'works for', 'mentions']
    assert rows == [
        ['PER', 'Парвиз Шахбазов', 'Шахбазов', 'министр энергетики', '', '2'],
        ['LOC', 'Баку', '', '', '', '1'],
        ['ORG', 'SOCAR', '', '', '', '1'],
    ]


def test_a_person_s_organizations_and_the_commonest_pairs():
    works = replace(DOC, relations=(Relation('Парвиз Шахбазов', 'SOCAR', role='глава SOCAR'),
                                    Relation('Парвиз Шахбазов', 'Баку')))
    header, *rows = page([works]).rows['entities']
    assert rows[0] == ['PER', 'Парвиз Шахбазов', 'Шахбазов', 'министр энергетики', 'SOCAR, Баку', '2']
    assert rows[1][4] == rows[2][4] == ''  # places and organizations work for no one
    other = replace(DOC, id='b.txt', relations=(Relation('Парвиз Шахбазов', 'SOCAR'),))
    header, *rows = page([works, other, DOC]).rows['works']
    assert header == ['person', 'works for', 'documents']
    assert rows == [['Парвиз Шахбазов', 'SOCAR', '2'], ['Парвиз Шахбазов', 'Баку', '1']]
    assert 'works' not in page([DOC, DOC]).rows


def test_single_document_is_open_without_index():
    parsed = page([DOC])
    assert parsed.sections == [{'id': 'doc-1', 'open': True, 'h2': 'a.txt'}]
    assert 'nav' not in parsed.tags and 'figure' not in parsed.tags
    assert parsed.title == 'a.txt · newsner'


def test_several_documents_index_chart_and_collapsed():
    other = doc_of('b.txt', 'Баку и SOCAR.', (0, 4, LOC, 'Баку'), (7, 12, ORG, 'SOCAR'))
    failed = Document('c.txt', error='c.txt: binary data, not text')
    parsed = page([DOC, other, failed])
    assert [s['id'] for s in parsed.sections] == ['doc-1', 'doc-2', 'doc-3']
    assert not any(s['open'] for s in parsed.sections)
    assert parsed.title == 'newsner report'
    header, *rows = parsed.rows['docs']
    assert header == ['#', 'document', 'PER', 'LOC', 'ORG', 'entities']
    assert rows == [['1', 'a.txt', '1', '1', '1', '3'], ['2', 'b.txt', '', '1', '1', '2'],
                    ['3', 'c.txt', '', '', '', 'error']]
    assert ['#doc-1', '#doc-2', '#doc-3'] == [link for link in parsed.links if link.startswith('#doc-')]
    assert parsed.links.count('#index') == 3
    # one bar chart per type found, with bars for the corpus' entities: name, bar, mentions
    assert parsed.tags.count('figure') == 3
    assert parsed.rows['bars'] == [['Парвиз Шахбазов', '', '2'], ['Баку', '', '2'], ['SOCAR', '', '2']]


def test_index_is_written_last_and_shown_first():
    out = io.StringIO()
    write_html([DOC, DOC], out)
    markup = out.getvalue()
    assert markup.index('id="doc-2"') < markup.index('<nav id="index"')
    assert '#index { order: -1; }' in markup


def test_streams_documents_as_they_come():
    out = io.StringIO()
    seen = []

    def docs():
        for number in itertools.count(1):
            # two documents are read ahead; the earlier ones are written by now
            seen.append(out.getvalue().count('<section'))
            if number > 5:
                return
            yield doc_of('%d.txt' % number, 'Баку', (0, 4, LOC, 'Баку'))

    write_html(docs(), out)
    assert seen == [0, 0, 2, 3, 4, 5]


def test_everything_from_the_input_is_escaped():
    evil = '<script>alert(1)</script></mark>"\'&amp;'
    text = 'Сергей Лавров: %s <img src=x onerror=alert(2)> в Москве.' % evil
    start = text.index('Москве')
    doc = doc_of('"><script>alert(3)</script>.txt', text,
                 (0, 13, PER, '"><img src=x onerror=alert(4)>'), (start, start + 6, LOC, '</mark><b>'),
                 role='</td><script>alert(5)</script>')
    parsed = page([doc, Document('<b>x</b>', error='<script>alert(6)</script>')])
    assert 'script' not in parsed.tags and 'img' not in parsed.tags and 'b' not in parsed.tags
    assert parsed.handlers == []
    assert parsed.texts == [text]
    assert [(m['text'], m['normal']) for m in parsed.marks] == [
        ('Сергей Лавров', '"><img src=x onerror=alert(4)>'), ('Москве', '</mark><b>')]
    assert parsed.sections[0]['h2'] == '"><script>alert(3)</script>.txt'
    assert parsed.sections[1]['h2'] == '<b>x</b>'
    rows = parsed.rows['entities']
    assert rows[1][1] == '"><img src=x onerror=alert(4)>' and rows[1][3] == '</td><script>alert(5)</script>'


def test_nested_mentions_nest():
    text = 'Министерство энергетики Азербайджана сообщило'
    doc = doc_of('n', text, (0, 36, ORG, 'Министерство энергетики Азербайджана'), (24, 36, LOC, 'Азербайджан'))
    parsed = page([doc])
    assert parsed.texts == [text]
    assert [(m['text'], m['type'], m['depth']) for m in parsed.marks] == [
        ('Министерство энергетики Азербайджана', ORG, 0), ('Азербайджана', LOC, 1)]


def test_crossing_mentions_are_cut_not_broken():
    text = 'abcdefghijklmnop'
    doc = doc_of('x', text, (0, 10, ORG, 'A'), (5, 15, LOC, 'B'))
    parsed = page([doc])
    assert parsed.texts == [text]
    assert [(m['text'], m['normal'], m['depth']) for m in parsed.marks] == [
        ('abcdefghij', 'A', 0), ('fghij', 'B', 1), ('klmno', 'B', 0)]


def test_adjacent_and_identical_mentions():
    text = 'МоскваПариж'
    doc = doc_of('adj', text, (0, 6, LOC, 'Москва'), (6, 11, LOC, 'Париж'), (6, 11, ORG, 'Париж'))
    parsed = page([doc])
    assert parsed.texts == [text]
    assert [(m['text'], m['type'], m['depth']) for m in parsed.marks] == [
        ('Москва', LOC, 0), ('Париж', LOC, 0), ('Париж', ORG, 1)]


def test_mentions_outside_the_text_are_left_out():
    text = 'Баку'
    doc = doc_of('o', text, (0, 4, LOC, 'Баку'))
    bad = Entity(ORG, 'X', (Mention(3, 9, ORG, 'x', 'X'), Mention(2, 2, ORG, '', 'X')))
    parsed = page([Document('o', doc.entities + (bad,), text=text)])
    assert parsed.texts == [text]
    assert [m['text'] for m in parsed.marks] == ['Баку']


def test_empty_documents_and_no_documents():
    parsed = page([Document('empty.txt', text=''), Document('none.txt', text='Ничего нет.')])
    assert parsed.texts == ['Ничего нет.']
    assert parsed.marks == []
    assert len(parsed.sections) == 2
    assert page([]).sections == []


def test_text_keeps_newlines_and_spaces():
    text = '  Баку\n\n\tи  Москва\r\n'
    parsed = page([doc_of('w', text, (2, 6, LOC, 'Баку'))])
    assert parsed.texts == [text]


def test_every_type_has_its_colour_and_unknown_ones_a_fallback(monkeypatch):
    monkeypatch.setattr(records, 'TYPES', records.TYPES + ('GOV', 'NEWKIND', 'bad type"'))
    colours = palette(records.TYPES)
    assert len(set(colours.values())) == len(colours)
    assert 'bad type"' not in colours and colours['GOV'] == COLOURS['GOV']
    doc = doc_of('t', 'Минфин и нечто', (0, 6, 'GOV', 'Минфин'), (9, 14, 'ALIEN', 'нечто'))
    out = io.StringIO()
    write_html([doc], out)
    markup = out.getvalue()
    assert '.t-NEWKIND {' in markup and '.t-other {' in markup
    parsed = Page(markup)
    assert [(m['class'], m['type']) for m in parsed.marks] == [('t-GOV', 'GOV'), ('t-other', 'ALIEN')]


def test_render_html_string_file_and_path(tmp_path):
    markup = render_html(DOC)
    assert markup.startswith('<!DOCTYPE html>') and markup == newsner.render_html([DOC])
    out = io.StringIO()
    assert newsner.render_html(iter([DOC]), file=out) is None
    assert out.getvalue() == markup
    path = tmp_path / 'report.html'
    newsner.render_html([DOC], file=path)
    assert path.read_text(encoding='utf-8') == markup


def test_self_contained():
    markup = render_html([DOC, DOC])
    parsed = Page(markup)
    assert not {'script', 'link', 'img', 'iframe', 'object'} & set(parsed.tags)
    assert 'http://' not in markup.replace('http://www.w3.org/2000/svg', '') and 'https://' not in markup
    assert 'url(' not in markup and '@import' not in markup


spans = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from([PER, LOC, ORG])),
                 max_size=8)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30), spans=spans)
def test_highlight_never_breaks_the_text(text, spans):
    entities = [Entity(type, 'n', (Mention(start, stop, type, text[start:stop], 'n'),))
                for start, stop, type in spans]
    parsed = Page('<div class="text">%s</div>' % highlight(text, entities))
    assert parsed.errors == [] and parsed.stack == []
    assert parsed.texts == [text]


def test_cli_html(tmp_path):
    path = tmp_path / 'a.txt'
    path.write_text('Сергей Лавров прилетел в Москву.', encoding='utf-8')
    out = tmp_path / 'report.html'
    result = CliRunner().invoke(cli, [str(path), '-f', 'html', '-o', str(out), '-q'])
    assert result.exit_code == 0, result.output
    parsed = Page(out.read_text(encoding='utf-8'))
    assert parsed.texts == ['Сергей Лавров прилетел в Москву.']
    assert [(m['text'], m['type'], m['normal']) for m in parsed.marks] == [
        ('Сергей Лавров', PER, 'Сергей Лавров'), ('Москву', LOC, 'Москва')]


def test_title_date_and_link_of_a_page():
    doc = Document('https://x.ru/1', (), text='Текст', title='Заголовок <b>', date='2024-05-06',
                   url='https://x.ru/1?a=1&b=2', source_format='html')
    markup = render_html([doc, Document('b.txt', text='x')])
    parsed = Page(markup)
    assert not parsed.errors
    assert '<h2>Заголовок &lt;b&gt;</h2> <span class="muted">2024-05-06 · https://x.ru/1</span>' in markup
    assert 'https://x.ru/1?a=1&b=2' in parsed.links
    assert '2024-05-06 · Заголовок &lt;b&gt;</a>' in markup  # in the index
    # only a web address is a link
    script = render_html(Document('a', text='x', url='javascript:alert(1)'))
    assert 'javascript:alert(1)' in script and 'href="javascript' not in script
    assert render_html(Document('a.txt', text='x')).count('class="muted about"') == 0


# One row per thing in the index; links to Wikidata

def linked_doc(id, text, *spans, relations=()):
    """A Document of (start, stop, type, normal, kb_id, aliases) spans, one entity each."""
    entities = []
    for start, stop, type, normal, kb_id, aliases in spans:
        mention = Mention(start, stop, type, text[start:stop], normal)
        entities.append(Entity(type, normal, (mention,), aliases=aliases, kb_id=kb_id))
    return Document(id, tuple(entities), text=text, relations=relations)


ROSATOM = linked_doc('1', 'Лихачёв возглавляет Росатом в Москве.',
                     (0, 7, PER, 'Алексей Лихачёв', None, ()),
                     (19, 26, ORG, 'Росатом', 'Q1431052', ('Госкорпорация «Росатом»',)),
                     (29, 35, LOC, 'Москва', None, ()),
                     relations=(Relation('Алексей Лихачёв', 'Росатом', role='глава'),))
STATE_CORP = linked_doc('2', 'Госкорпорация «Росатом» и Алексей Лихачёв.',
                        (0, 23, ORG, 'Государственная корпорация «Росатом»', None, ('Госкорпорация «Росатом»',)),
                        (26, 41, PER, 'Алексей Лихачёв', None, ()),
                        relations=(Relation('Алексей Лихачёв', 'Государственная корпорация «Росатом»'),))
ROSATOM_AGAIN = linked_doc('3', 'Госкорпорация «Росатом» в Москве.',
                           (0, 23, ORG, 'Госкорпорация «Росатом»', None, ()), (26, 32, LOC, 'Москва', None, ()))


def test_a_linked_name_links_to_wikidata_and_an_unlinked_one_does_not():
    parsed = page([ROSATOM])
    assert parsed.links == ['https://www.wikidata.org/wiki/Q1431052']
    names = {row[1]: row for row in parsed.rows['entities'][1:]}
    assert set(names) == {'Алексей Лихачёв', 'Росатом', 'Москва'}
    markup = render_html(ROSATOM)
    assert '<a href="https://www.wikidata.org/wiki/Q1431052" rel="noopener noreferrer">Росатом</a>' in markup
    assert '>Москва<' in markup and 'wiki/None' not in markup


def test_a_strange_kb_id_stays_inside_the_link():
    doc = linked_doc('x', 'Нечто', (0, 5, ORG, 'Нечто', '"><script>alert(1)</script>', ()))
    parsed = page([doc])
    assert 'script' not in parsed.tags and parsed.handlers == []
    assert parsed.links == ['https://www.wikidata.org/wiki/%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E']


def test_the_index_merges_entities_as_the_summary_does():
    parsed = page([ROSATOM, STATE_CORP, ROSATOM_AGAIN])
    bars = parsed.rows['bars']
    # the linked "Росатом" goes by "Госкорпорация «Росатом»": the entities named so, or with that alias, join it
    assert ['Росатом', '', '3'] in bars
    assert not any(row[0].startswith(('Госкорпорация', 'Государственная')) for row in bars)
    assert ['Алексей Лихачёв', '', '2'] in bars and ['Москва', '', '2'] in bars
    assert parsed.links.count('https://www.wikidata.org/wiki/Q1431052') == 3  # the text's table, chart, works
    header, *works = parsed.rows['works']
    assert works == [['Алексей Лихачёв', 'Росатом', '2']]


def test_a_long_name_in_the_chart_is_whole_and_cut_by_its_end():
    long = 'Федеральная служба по надзору в сфере защиты прав потребителей и благополучия человека'
    docs = [doc_of(str(i), long, (0, len(long), 'GOV', long)) for i in range(2)]
    markup = render_html(docs)
    parsed = Page(markup)
    assert parsed.rows['bars'] == [[long, '', '2']]
    assert '<tr title="%s: 2 mentions, 2 documents">' % long in markup
    assert 'text-overflow: ellipsis' in markup and 'text-anchor' not in markup
