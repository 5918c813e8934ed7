"""The corpus summary: the API on hand-made documents, the CLI on a folder."""
import csv
import io
import json

from click.testing import CliRunner

from newsner import summarize
from newsner.cli import cli
from newsner.records import LOC, ORG, PER, Document, Entity, Mention, Relation
from newsner.summary import Summarizer


def entity(type, name, count=1, role='', aliases=()):
    mentions = tuple(Mention(i, i + 1, type, 'x', name) for i in range(count))
    return Entity(type, name, mentions, aliases=tuple(aliases), role=role)


DOCS = [
    Document('a', (entity(PER, 'Парвиз Шахбазов', 2, role='министр энергетики Азербайджана',
                          aliases=['Шахбазов']), entity(LOC, 'Баку'))),
    Document('b', (entity(PER, 'Владимир Путин', role='президент России'), entity(LOC, 'Баку', 3))),
    Document('bad', error='bad: binary data, not text'),
    Document('c', (entity(PER, 'Владимир Путин'), entity(PER, 'Парвиз Шахбазов', role='министр'),
                   entity(LOC, 'Баку'), entity(ORG, 'Баку'))),
]


def by_key(records):
    return {(r.type, r.name): r for r in records}


def test_counts_first_last_roles_aliases():
    records = summarize(iter(DOCS))
    assert [(r.type, r.name, r.documents, r.mentions) for r in records] == [
        (LOC, 'Баку', 3, 5),
        (PER, 'Парвиз Шахбазов', 2, 3),
        (PER, 'Владимир Путин', 2, 2),
        (ORG, 'Баку', 1, 1),
    ]
    person = by_key(records)[PER, 'Парвиз Шахбазов']
    assert (person.first, person.last) == ('a', 'c')
    assert person.roles == ('министр', 'министр энергетики Азербайджана')
    assert person.aliases == ('Шахбазов',)


def test_partners_count_documents_together():
    baku = by_key(summarize(DOCS))[LOC, 'Баку']
    assert [(p.type, p.name, p.documents) for p in baku.partners] == [
        (PER, 'Владимир Путин', 2), (PER, 'Парвиз Шахбазов', 2), (ORG, 'Баку', 1)]


def test_as_dict_shape():
    record = summarize(DOCS)[0].as_dict()
    assert list(record) == ['type', 'name', 'documents', 'mentions', 'first', 'last', 'roles',
                            'aliases', 'partners']
    assert json.loads(json.dumps(record)) == record


def test_memory_is_bounded_per_entity():
    # one entity seen with 10,000 different ones keeps at most `slots` partners
    summarizer = Summarizer(top=3, slots=8)
    for i in range(10000):
        summarizer.add(Document(str(i), (entity(PER, 'Путин'), entity(LOC, 'город %d' % i))))
    tally = summarizer.tallies[PER, 'Путин']
    assert len(tally.partners) <= 8
    assert tally.documents == 10000 and (tally.first, tally.last) == ('0', '9999')
    assert len(summarizer.records()[0].partners) == 3


def test_frequent_partner_survives_the_bound():
    summarizer = Summarizer(top=1, slots=4)
    for i in range(1000):
        others = [entity(LOC, 'Москва')] if i % 2 else [entity(LOC, 'город %d' % i)]
        summarizer.add(Document(str(i), (entity(PER, 'Путин'), *others)))
    top = by_key(summarizer.records())[PER, 'Путин'].partners[0]
    assert top.name == 'Москва' and top.documents >= 500


def test_empty():
    assert summarize([]) == []


FOLDER = {
    'a.txt': 'Министр энергетики Азербайджана Парвиз Шахбазов прибыл в Баку.',
    'b.txt': 'Владимир Путин прилетел в Баку. Путин провёл переговоры.',
    'sub/c.txt': 'Владимир Путин посетил Баку и Москву.',
}


def write_folder(root):
    for name, text in FOLDER.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding='utf-8')
    return root


def run(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_json(tmp_path):
    folder = write_folder(tmp_path / 'news')
    records = json.loads(run(['summary', str(folder), '-q', '-f', 'json']))
    found = {(r['type'], r['name']): r for r in records}
    assert [(r['type'], r['name'], r['documents'], r['mentions']) for r in records] == [
        (LOC, 'Баку', 3, 3),
        (PER, 'Владимир Путин', 2, 3),
        (LOC, 'Азербайджан', 1, 1),
        (LOC, 'Москва', 1, 1),
        (PER, 'Парвиз Шахбазов', 1, 1),
    ]
    assert (found[PER, 'Владимир Путин']['first'], found[PER, 'Владимир Путин']['last']) == (
        'b.txt', 'sub/c.txt')
    assert found[PER, 'Парвиз Шахбазов']['roles'] == ['министр энергетики Азербайджана']
    assert {p['name']: p['documents'] for p in found[LOC, 'Баку']['partners']}['Владимир Путин'] == 2


def test_cli_csv_and_json_agree(tmp_path):
    folder = write_folder(tmp_path / 'news')
    rows = list(csv.DictReader(io.StringIO(run(['summary', str(folder), '-q', '-f', 'csv']))))
    records = json.loads(run(['summary', str(folder), '-q']))  # json when not on a terminal
    assert [(r['type'], r['name'], int(r['documents']), int(r['mentions'])) for r in rows] == [
        (r['type'], r['name'], r['documents'], r['mentions']) for r in records]


def test_cli_table(tmp_path):
    folder = write_folder(tmp_path / 'news')
    lines = run(['summary', str(folder), '-q', '-f', 'table']).splitlines()
    assert lines[0].split() == ['TYPE', 'NAME', 'DOCS', 'MENTIONS', 'ROLE', 'WITH']
    assert lines[1].split()[:4] == ['LOC', 'Баку', '3', '3']


def test_cli_jsonl_input_and_types(tmp_path):
    feed = tmp_path / 'feed.jsonl'
    feed.write_text('\n'.join(json.dumps({'id': name, 'text': text}) for name, text in FOLDER.items()),
                    encoding='utf-8')
    records = json.loads(run(['summary', str(feed), '-q', '-t', 'PER']))
    assert [(r['name'], r['documents']) for r in records] == [('Владимир Путин', 2), ('Парвиз Шахбазов', 1)]


def test_table_escapes_control_characters():
    # a name holding a terminal escape must not reach the terminal raw
    docs = [Document('a', (entity(PER, 'Иван\x1b]0;pwned\x07 Петров', role='мэр\x1b[2J'),
                           entity(LOC, 'Омск\x9b31m')))]
    out = io.StringIO()
    from newsner.summary import write_table
    write_table(summarize(docs), out)
    table = out.getvalue()
    assert not any(ord(c) < 32 and c != '\n' or 0x7f <= ord(c) < 0xa0 for c in table)
    assert 'Иван\\x1b]0;pwned\\x07 Петров' in table
    assert 'мэр\\x1b[2J' in table and 'Омск\\x9b31m' in table


def test_titles_and_dates_of_the_first_and_last_documents():
    from newsner.summary import write_csv
    docs = [Document('https://x.ru/1', (entity(PER, 'Владимир Путин'),), title='Первая', date='2024-05-06'),
            Document('plain.txt', (entity(PER, 'Владимир Путин'), entity(LOC, 'Баку'))),
            Document('https://x.ru/3', (entity(PER, 'Владимир Путин'),), title='Третья', date='2024-05-08')]
    putin, baku = summarize(docs)
    assert (putin.first, putin.first_title, putin.first_date) == ('https://x.ru/1', 'Первая', '2024-05-06')
    assert (putin.last, putin.last_title, putin.last_date) == ('https://x.ru/3', 'Третья', '2024-05-08')
    assert 'first_title' not in baku.as_dict() and putin.as_dict()['last_date'] == '2024-05-08'
    out = io.StringIO()
    write_csv([putin, baku], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]['first_title'] == 'Первая' and rows[1]['first_title'] == ''
    out = io.StringIO()
    write_csv([baku], out)
    assert 'first_title' not in out.getvalue()


# Who works where

WORK_DOCS = [
    Document('a', (entity(PER, 'Антон Силуанов', 2), entity(ORG, 'Минфин'), entity(LOC, 'Россия')),
             relations=(Relation('Антон Силуанов', 'Минфин', role='глава Минфина'),
                        Relation('Антон Силуанов', 'Россия', role='министр финансов России'))),
    Document('b', (entity(PER, 'Антон Силуанов', 3), entity(ORG, 'Минфин')),
             relations=(Relation('Антон Силуанов', 'Минфин', role='министр финансов'),)),
    Document('c', (entity(PER, 'Антон Силуанов'), entity(ORG, 'Минфин')),
             relations=(Relation('Антон Силуанов', 'Минфин', role='глава Минфина'),)),
    Document('d', (entity(PER, 'Антон Силуанов'), entity(ORG, 'Минфин'))),  # together, no relation
]


def test_who_works_where():
    summary = summarize(iter(WORK_DOCS))
    assert [(r.type, r.name) for r in summary][:1] == [(PER, 'Антон Силуанов')]  # still the entity list
    works = [(w.person, w.object, w.object_type, w.role, w.documents, w.mentions, w.first, w.last)
             for w in summary.works]
    assert works == [
        ('Антон Силуанов', 'Минфин', ORG, 'глава Минфина', 3, 6, 'a', 'c'),
        ('Антон Силуанов', 'Россия', LOC, 'министр финансов России', 1, 2, 'a', 'a'),
    ]
    assert summary.works[0].as_dict() == {
        'person': 'Антон Силуанов', 'role': 'глава Минфина', 'object': 'Минфин', 'object_type': ORG,
        'documents': 3, 'mentions': 6, 'first': 'a', 'last': 'c'}


def test_cli_who_works_where_in_every_form(tmp_path):
    folder = write_folder(tmp_path / 'news')
    records = json.loads(run(['summary', str(folder), '-q', '--relations', '-f', 'json']))
    assert [(r['person'], r['object'], r['role'], r['documents']) for r in records] == [
        ('Парвиз Шахбазов', 'Азербайджан', 'министр энергетики Азербайджана', 1)]
    rows = list(csv.DictReader(io.StringIO(run(['summary', str(folder), '-q', '--relations', '-f', 'csv']))))
    assert [(r['person'], r['object'], r['role'], int(r['documents']), int(r['mentions'])) for r in rows] == [
        (r['person'], r['object'], r['role'], r['documents'], r['mentions']) for r in records]
    table = run(['summary', str(folder), '-q', '-f', 'table'])
    entities, works = table.split('\nWHO WORKS WHERE\n')
    assert entities.splitlines()[0].split() == ['TYPE', 'NAME', 'DOCS', 'MENTIONS', 'ROLE', 'WITH']
    assert works.splitlines()[0].split() == ['PERSON', 'ROLE', 'OBJECT', 'DOCS', 'MENTIONS']
    assert works.splitlines()[1].startswith('Парвиз Шахбазов  министр энергетики Азербайджана  Азербайджан')
