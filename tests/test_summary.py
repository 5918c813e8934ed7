"""The corpus summary: the API on hand-made documents, the CLI on a folder."""
import csv
import io
import json
import re
from dataclasses import replace

from click.testing import CliRunner

from newsner import summarize
from newsner.cli import cli
from newsner.records import COMPANY, GOV, LOC, MEDIA, ORG, PER, Document, Entity, Mention, Relation
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
    assert list(record) == ['type', 'name', 'kb_id', 'documents', 'mentions', 'first', 'last', 'roles',
                            'aliases', 'partners']
    assert record['kb_id'] is None
    assert json.loads(json.dumps(record)) == record


def test_memory_is_bounded_per_entity():
    # one entity seen with 10,000 different ones keeps at most `slots` partners
    summarizer = Summarizer(top=3, slots=8)
    for i in range(10000):
        summarizer.add(Document(str(i), (entity(PER, 'Путин'), entity(LOC, 'город %d' % i))))
    tally = summarizer.tallies[PER, 'Путин', None]
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
    # the KB column is there when the linking stage linked some entity
    assert unlinked(lines[0].split()) == ['TYPE', 'NAME', 'DOCS', 'MENTIONS', 'ROLE', 'WITH']
    assert unlinked(lines[1].split())[:4] == ['LOC', 'Баку', '3', '3']


def unlinked(cells):
    return [cell for cell in cells if not re.fullmatch(r'KB|Q[0-9]+', cell)]


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
    from newsner.summary_output import write_table
    write_table(summarize(docs), out)
    table = out.getvalue()
    assert not any(ord(c) < 32 and c != '\n' or 0x7f <= ord(c) < 0xa0 for c in table)
    assert 'Иван\\x1b]0;pwned\\x07 Петров' in table
    assert 'мэр\\x1b[2J' in table and 'Омск\\x9b31m' in table


def test_titles_and_dates_of_the_first_and_last_documents():
    from newsner.summary_output import write_csv
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
        'person': 'Антон Силуанов', 'person_kb_id': None, 'role': 'глава Минфина', 'object': 'Минфин',
        'object_kb_id': None, 'object_type': ORG, 'documents': 3, 'mentions': 6, 'first': 'a', 'last': 'c'}


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
    assert unlinked(entities.splitlines()[0].split()) == ['TYPE', 'NAME', 'DOCS', 'MENTIONS', 'ROLE', 'WITH']
    assert works.splitlines()[0].split() == ['PERSON', 'ROLE', 'OBJECT', 'DOCS', 'MENTIONS']
    assert works.splitlines()[1].startswith('Парвиз Шахбазов  министр энергетики Азербайджана  Азербайджан')


# One row per thing: merging across documents

def linked(type, name, kb_id, count=1, aliases=()):
    return replace(entity(type, name, count, aliases=aliases), kb_id=kb_id)


# three days of a made-up parliament chronicle
CORPUS = [
    Document('вторник', (
        linked(LOC, 'Россия', 'Q159', 2),
        entity(GOV, 'Государственная дума', aliases=['Госдума']),
        entity(PER, 'Вячеслав Володин', role='председатель Государственной думы', aliases=['Володин']),
        entity(PER, 'Алексей Миллер'),
        entity(GOV, 'МИД России', aliases=['МИД']),
        linked(COMPANY, 'Лукойл', 'Q329347', aliases=['ПАО Лукойл']),
        entity(COMPANY, 'СЕВЕРСТАЛЬ'),
    ), relations=(Relation('Вячеслав Володин', 'Государственная дума', role='председатель Государственной думы'),)),
    Document('среда', (
        linked(LOC, 'Российская Федерация', 'Q159'),
        entity(GOV, 'Госдума', 2),
        entity(PER, 'Володин', role='спикер'),
        entity(PER, 'Ольга Миллер'),
        entity(GOV, 'МИД Армении', aliases=['МИД']),
        entity(ORG, 'ПАО Лукойл'),
        entity(COMPANY, 'Северсталь', 2),
    ), relations=(Relation('Володин', 'Госдума', role='спикер'),)),
    Document('четверг', (
        linked(ORG, 'Россия', 'Q159'),
        entity(GOV, 'Государственная дума'),
        entity(GOV, 'Госдума'),  # the same body, not joined in this document
        entity(PER, 'Миллер'),
        entity(GOV, 'МИД'),
        entity(PER, 'Вячеслав Володин'),
        entity(COMPANY, 'ЛУКОЙЛ'),
    ), relations=(Relation('Вячеслав Володин', 'Госдума'),)),
]


def rows_of(docs, top=20):
    summary = summarize(docs, top=top)
    return {r.name: r for r in summary}, summary


def test_linked_entities_are_one_row_whatever_their_names_and_types():
    rows, _ = rows_of(CORPUS)
    russia = rows['Россия']
    # LOC by mentions (3 against 1), the commonest of the linked names
    assert (russia.type, russia.kb_id, russia.documents, russia.mentions) == (LOC, 'Q159', 3, 4)
    assert russia.aliases == ('Российская Федерация',)
    assert 'Российская Федерация' not in rows


def test_unlinked_names_merge_whatever_the_letter_case():
    rows, _ = rows_of(CORPUS)
    steel = rows['Северсталь']
    assert (steel.type, steel.kb_id, steel.documents, steel.mentions, steel.aliases) == (COMPANY, None, 2, 3, ())
    assert 'СЕВЕРСТАЛЬ' not in rows


def test_an_unlinked_name_or_alias_of_one_linked_thing_joins_it():
    rows, _ = rows_of(CORPUS)
    oil = rows['Лукойл']
    # "ПАО Лукойл" (ORG, an alias of the linked company) and "ЛУКОЙЛ" (its name) join it
    assert (oil.type, oil.kb_id, oil.documents, oil.mentions) == (COMPANY, 'Q329347', 3, 3)
    assert 'ПАО Лукойл' in oil.aliases and 'ЛУКОЙЛ' not in rows and 'ПАО Лукойл' not in rows


def test_an_alias_ties_two_names_and_a_document_counts_once():
    rows, _ = rows_of(CORPUS)
    duma = rows['Государственная дума']
    # the keys are in 2 + 2 documents, one of them holds both: 3 documents
    assert (duma.type, duma.documents, duma.mentions, duma.aliases) == (GOV, 3, 5, ('Госдума',))
    assert 'Госдума' not in rows
    assert all(p.name != 'Государственная дума' for p in duma.partners)  # never its own partner


def test_a_surname_joins_the_one_person_of_that_surname():
    rows, _ = rows_of(CORPUS)
    speaker = rows['Вячеслав Володин']
    assert (speaker.documents, speaker.mentions, speaker.first, speaker.last) == (3, 3, 'вторник', 'четверг')
    assert speaker.roles == ('председатель Государственной думы', 'спикер')
    assert speaker.aliases == ('Володин',) and 'Володин' not in rows


def test_people_of_one_surname_stay_apart_and_the_surname_joins_neither():
    rows, _ = rows_of(CORPUS)
    assert [(rows[name].type, rows[name].documents) for name in ('Алексей Миллер', 'Ольга Миллер', 'Миллер')] == [
        (PER, 1), (PER, 1), (PER, 1)]


def test_an_ambiguous_alias_joins_nothing_and_ministries_stay_apart():
    rows, _ = rows_of(CORPUS)
    # "МИД" is an alias of two ministries: it joins neither, and they stay two rows
    assert [(rows[name].type, rows[name].documents) for name in ('МИД России', 'МИД Армении', 'МИД')] == [
        (GOV, 1), (GOV, 1), (GOV, 1)]
    assert rows['МИД России'].aliases == ('МИД',)


def test_partners_and_works_go_through_the_rows():
    rows, summary = rows_of(CORPUS)
    partners = {p.name: p.documents for p in rows['Вячеслав Володин'].partners}
    # with the duma in every document (4 key pairs, 3 documents) and Russia under three names
    assert partners['Государственная дума'] == 3 and partners['Россия'] == 3
    assert 'Госдума' not in partners and 'Российская Федерация' not in partners
    assert 'Вячеслав Володин' not in partners and 'Володин' not in partners
    assert [(w.person, w.object, w.object_type, w.role, w.documents, w.mentions, w.first, w.last)
            for w in summary.works] == [
        ('Вячеслав Володин', 'Государственная дума', GOV, 'председатель Государственной думы', 3, 3,
         'вторник', 'четверг')]
    assert summary.works[0].person_kb_id is None and summary.works[0].object_kb_id is None


def test_a_row_count_never_repeats_a_document():
    # every key of the row in every document: three documents, however the keys were spelled
    docs = [Document(str(i), (entity(GOV, 'Государственная дума', aliases=['Госдума']), entity(GOV, 'Госдума'),
                              entity(GOV, 'ГОСДУМА'), entity(LOC, 'Москва'))) for i in range(3)]
    summary = summarize(docs)
    assert [(r.name, r.documents, r.mentions) for r in summary] == [
        ('Государственная дума', 3, 9), ('Москва', 3, 3)]
    assert [(p.name, p.documents) for p in summary[1].partners] == [('Государственная дума', 3)]


def test_namesakes_linked_apart_and_the_unlinked_name_joins_neither():
    docs = [Document('1', (linked(PER, 'Иван Петров', 'Q101'), linked(COMPANY, 'Газпром', 'Q102673'))),
            Document('2', (linked(PER, 'Иван Петров', 'Q202'), entity(LOC, 'Газпром'))),
            Document('3', (entity(PER, 'Иван Петров'), entity(MEDIA, 'газпром')))]
    summary = summarize(docs)
    assert sorted((r.type, r.name, r.kb_id or '', r.documents) for r in summary) == [
        (COMPANY, 'Газпром', 'Q102673', 2),  # a MEDIA entity: an organization, as the company
        (LOC, 'Газпром', '', 1),             # a place: another family, another row
        (PER, 'Иван Петров', '', 1),
        (PER, 'Иван Петров', 'Q101', 1),
        (PER, 'Иван Петров', 'Q202', 1)]


def test_a_surname_form_from_an_alias():
    # the surname comes first: "Мао" is the one-word alias of "Мао Цзэдун"
    docs = [Document('1', (entity(PER, 'Мао Цзэдун', aliases=['Мао']),)), Document('2', (entity(PER, 'Мао'),))]
    assert [(r.name, r.documents, r.aliases) for r in summarize(docs)] == [('Мао Цзэдун', 2, ('Мао',))]


def test_kb_id_in_json_csv_and_table():
    from newsner.summary_output import write_csv, write_json, write_table
    _, summary = rows_of(CORPUS)
    out = io.StringIO()
    write_json(summary, out)
    found = {r['name']: r for r in json.loads(out.getvalue())}
    assert found['Россия']['kb_id'] == 'Q159' and found['Северсталь']['kb_id'] is None
    assert list(found['Россия'])[:3] == ['type', 'name', 'kb_id']
    out = io.StringIO()
    write_csv(summary, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0])[:4] == ['type', 'name', 'kb_id', 'documents']
    assert {r['name']: r['kb_id'] for r in rows}['Россия'] == 'Q159'
    assert {r['name']: r['kb_id'] for r in rows}['Северсталь'] == ''
    out = io.StringIO()
    write_table(summary, out)
    header, *lines = out.getvalue().splitlines()
    assert header.split()[:4] == ['TYPE', 'NAME', 'KB', 'DOCS']
    assert next(line for line in lines if line.split()[:2] == ['LOC', 'Россия']).split()[:4] == ['LOC', 'Россия', 'Q159', '3']
    out = io.StringIO()
    write_table(summarize(DOCS), out)  # nothing linked: no KB column
    assert 'KB' not in out.getvalue().splitlines()[0].split()


def test_works_csv_has_the_kb_ids():
    from newsner.summary_output import write_works_csv
    docs = [Document('1', (linked(PER, 'Эльвира Набиуллина', 'Q4399'), linked(GOV, 'Банк России', 'Q1063527')),
                     relations=(Relation('Эльвира Набиуллина', 'Банк России', role='председатель'),))]
    out = io.StringIO()
    write_works_csv(summarize(docs).works, out)
    [row] = csv.DictReader(io.StringIO(out.getvalue()))
    assert (row['person'], row['person_kb_id'], row['object'], row['object_kb_id']) == (
        'Эльвира Набиуллина', 'Q4399', 'Банк России', 'Q1063527')


def test_a_document_of_thousands_of_entities_pairs_its_most_mentioned():
    # every pair of 3,000 entities would be 9 million counts: pairs are counted
    # among the document's most mentioned entities only, each entity still counted
    from newsner.summary import DOCUMENT_PARTNERS
    many = [entity(PER, 'Человек %d' % i) for i in range(3000)]
    doc = Document('long', (entity(LOC, 'Москва', 5), entity(ORG, 'Завод', 3)) + tuple(many))
    summarizer = Summarizer()
    summarizer.add(doc)
    assert len(summarizer.tallies) == 3002
    paired = [key for key, tally in summarizer.tallies.items() if tally.partners]
    assert len(paired) == DOCUMENT_PARTNERS
    assert (LOC, 'Москва', None) in paired and (ORG, 'Завод', None) in paired
    assert all(set(summarizer.tallies[key].partners) <= set(paired) for key in paired)
    assert not summarizer.tallies[PER, 'Человек 2999', None].partners
    assert {r.name for r in summarizer.records()} >= {'Москва', 'Завод', 'Человек 2999'}
