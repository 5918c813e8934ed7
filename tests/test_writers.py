"""Writers: JSON, JSONL and CSV output, parsed back. No models."""
import csv
import io
import json

import pytest

from newsner.records import LOC, ORG, PER, Document, Entity, Mention
from newsner.writers import CSV_COLUMNS, FORMATS, neutralize, write_csv, write_html, write_json, write_jsonl

TEXT = 'Парвиз Шахбазов приехал в Баку. Шахбазов встретил SOCAR.'
M_PER1 = Mention(0, 15, PER, 'Парвиз Шахбазов', 'Парвиз Шахбазов')
M_LOC = Mention(26, 30, LOC, 'Баку', 'Баку')
M_PER2 = Mention(32, 40, PER, 'Шахбазов', 'Шахбазов', sentence=1)
M_ORG = Mention(50, 55, ORG, 'SOCAR', 'SOCAR', sentence=1)
DOC = Document('a.txt', (
    Entity(PER, 'Парвиз Шахбазов', (M_PER1, M_PER2)),
    Entity(LOC, 'Баку', (M_LOC,)),
    Entity(ORG, 'SOCAR', (M_ORG,)),
), text=TEXT, encoding='utf-8')
EMPTY = Document('empty.txt', text='ничего')
FAILED = Document('bad.txt', error='bad.txt: binary data, not text')


def run(writer, docs, **options):
    out = io.StringIO()
    writer(iter(docs), out, **options)
    return out.getvalue()


def test_fixture_offsets_are_right():
    assert all(TEXT[m.start:m.stop] == m.text for m in DOC.mentions)


def test_formats_mapping():
    assert FORMATS == {'json': write_json, 'jsonl': write_jsonl, 'csv': write_csv, 'html': write_html}


# json

def test_json_single_is_one_object():
    out = run(write_json, [DOC], single=True)
    assert json.loads(out) == DOC.as_dict()
    assert out.endswith('}\n')


def test_json_single_with_text():
    data = json.loads(run(write_json, [DOC], single=True, text=True))
    assert data['text'] == TEXT
    assert data == DOC.as_dict(text=True)


def test_json_array_of_documents():
    out = run(write_json, [DOC, FAILED, EMPTY])
    assert json.loads(out) == [DOC.as_dict(), FAILED.as_dict(), EMPTY.as_dict()]
    assert out.startswith('[\n') and out.endswith('\n]\n')
    # one document per line between the brackets
    assert len(out.splitlines()) == 5


def test_json_array_single_document():
    assert json.loads(run(write_json, [DOC])) == [DOC.as_dict()]


def test_json_empty_input_is_an_empty_array():
    out = run(write_json, [])
    assert out == '[]\n'
    assert json.loads(out) == []


def test_json_array_is_streamed():
    # each document is written before the next one is asked for
    out = io.StringIO()
    seen = []

    def docs():
        for doc in (DOC, FAILED):
            yield doc
            seen.append(out.getvalue())

    write_json(docs(), out)
    assert json.loads(seen[0] + '\n]') == [DOC.as_dict()]
    assert json.loads(seen[1] + '\n]') == [DOC.as_dict(), FAILED.as_dict()]


def test_json_non_ascii_as_is():
    out = run(write_json, [DOC])
    assert 'Парвиз Шахбазов' in out
    assert '\\u' not in out


# jsonl

def test_jsonl_one_object_per_line():
    out = run(write_jsonl, [DOC, FAILED, EMPTY])
    lines = out.split('\n')
    assert lines[-1] == ''
    assert [json.loads(line) for line in lines[:-1]] == [DOC.as_dict(), FAILED.as_dict(), EMPTY.as_dict()]
    assert 'Баку' in out and '\\u' not in out


def test_jsonl_with_text_and_single_ignored():
    out = run(write_jsonl, [DOC], single=True, text=True)
    assert [json.loads(line) for line in out.splitlines()] == [DOC.as_dict(text=True)]


def test_jsonl_empty_input_writes_nothing():
    assert run(write_jsonl, []) == ''


# csv

def rows(out):
    return list(csv.DictReader(io.StringIO(out)))


def test_csv_header_and_one_row_per_mention():
    out = run(write_csv, [DOC])
    assert out.splitlines()[0] == ','.join(CSV_COLUMNS)
    assert CSV_COLUMNS == ['id', 'type', 'entity', 'kb_id', 'normal', 'text', 'start', 'stop', 'sentence']
    assert rows(out) == [
        {'id': 'a.txt', 'type': 'PER', 'entity': 'Парвиз Шахбазов', 'kb_id': '', 'normal': 'Парвиз Шахбазов',
         'text': 'Парвиз Шахбазов', 'start': '0', 'stop': '15', 'sentence': '0'},
        {'id': 'a.txt', 'type': 'PER', 'entity': 'Парвиз Шахбазов', 'kb_id': '', 'normal': 'Шахбазов',
         'text': 'Шахбазов', 'start': '32', 'stop': '40', 'sentence': '1'},
        {'id': 'a.txt', 'type': 'LOC', 'entity': 'Баку', 'kb_id': '', 'normal': 'Баку',
         'text': 'Баку', 'start': '26', 'stop': '30', 'sentence': '0'},
        {'id': 'a.txt', 'type': 'ORG', 'entity': 'SOCAR', 'kb_id': '', 'normal': 'SOCAR',
         'text': 'SOCAR', 'start': '50', 'stop': '55', 'sentence': '1'},
    ]


def test_csv_kb_id_after_the_entity():
    linked = Document('k.txt', (Entity(LOC, 'Новосибирск', (Mention(0, 11, LOC, 'Новосибирске', 'Новосибирск'),),
                                       kb_id='Q883'),
                                Entity(ORG, 'Клуб любителей ежей', (Mention(20, 39, ORG, 'клуб', 'Клуб любителей ежей'),))))
    out = run(write_csv, [linked])
    assert out.splitlines()[0].startswith('id,type,entity,kb_id,normal,')
    assert [(r['entity'], r['kb_id']) for r in rows(out)] == [('Новосибирск', 'Q883'), ('Клуб любителей ежей', '')]


def test_csv_error_and_empty_documents_give_no_rows():
    out = run(write_csv, [FAILED, EMPTY, DOC, FAILED])
    assert [r['id'] for r in rows(out)] == ['a.txt'] * 4
    assert run(write_csv, [FAILED]) == ','.join(CSV_COLUMNS) + '\n'
    assert run(write_csv, []) == ','.join(CSV_COLUMNS) + '\n'


def test_csv_quotes_commas_quotes_and_newlines():
    m = Mention(0, 10, ORG, 'ООО "Рога,\nи"', 'ООО "Рога, и"')
    doc = Document('x, "y".txt', (Entity(ORG, 'ООО "Рога, и"', (m,)),))
    (row,) = rows(run(write_csv, [doc]))
    assert (row['id'], row['text'], row['entity']) == ('x, "y".txt', 'ООО "Рога,\nи"', 'ООО "Рога, и"')


def formula_doc(id, text):
    m = Mention(0, len(text), ORG, text, text)
    return Document(id, (Entity(ORG, text, (m,)),))


@pytest.mark.parametrize('value', ['=cmd|"/c calc"!A1', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
def test_csv_neutralises_formulas(value):
    (row,) = rows(run(write_csv, [formula_doc(value, value)]))
    assert row['id'] == row['entity'] == row['normal'] == row['text'] == "'" + value
    assert row['start'] == '0'


@pytest.mark.parametrize('value', ['=cmd()', '+1', '-1', '@A1'])
def test_csv_unsafe_keeps_cells_as_they_are(value):
    (row,) = rows(run(write_csv, [formula_doc(value, value)], safe=False))
    assert row['id'] == row['entity'] == row['normal'] == row['text'] == value


def test_csv_lone_dash_id_is_left_as_is():
    (row,) = rows(run(write_csv, [formula_doc('-', 'Баку')]))
    assert row['id'] == '-'
    assert row['text'] == 'Баку'


def test_csv_plain_cells_untouched():
    (row,) = rows(run(write_csv, [formula_doc('news/a.txt', 'Газпром')]))
    assert (row['id'], row['text']) == ('news/a.txt', 'Газпром')


def test_neutralize():
    assert neutralize('=1') == "'=1"
    assert neutralize('a=1') == 'a=1'
    assert neutralize('-') == '-'
    assert neutralize('') == ''
    assert neutralize(-5) == -5
    assert neutralize(7) == 7


@pytest.mark.parametrize('cell', [' =1+2', '\u00a0=cmd()', '\n+1', ' \u00a0-2+3', '\n@SUM(A1)', '\u2003=1'])
def test_neutralize_after_leading_spaces(cell):
    # a spreadsheet skips leading spaces and line breaks before a formula
    assert neutralize(cell) == "'" + cell


def test_csv_non_ascii_as_is():
    out = run(write_csv, [DOC])
    assert 'Парвиз Шахбазов' in out


def test_csv_carriage_return_inside_a_cell_is_quoted():
    m = Mention(0, 9, LOC, 'Баку\r\nСити', 'Баку Сити')
    doc = Document('a\rb', (Entity(LOC, 'Баку Сити', (m,)),))
    for safe in (True, False):
        parsed = rows(run(write_csv, [doc, DOC], safe=safe))
        assert len(parsed) == 5
        row = parsed[0]
        assert (row['id'], row['text'], row['start'], row['stop']) == ('a\rb', 'Баку\r\nСити', '0', '9')
        assert parsed[1]['text'] == 'Парвиз Шахбазов'
