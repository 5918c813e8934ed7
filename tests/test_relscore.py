"""Relation scoring: the method of the shared releval.py, number for number.

tests/data/releval.py is a verbatim copy of the shared scoring script
(tools/releval.py), run here as a subprocess to check that
:mod:`newsner.relscore` gives the same figures.
"""
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from newsner.cli import cli
from newsner.records import Document, Entity, Mention, Relation
from newsner.relscore import check_relations, format_relations, score_relations

RELEVAL = Path(__file__).resolve().parent / 'data' / 'releval.py'


def entity(type, name, *spans):
    return Entity(type, name, tuple(Mention(a, b, type, 'x' * (b - a), name) for a, b in spans))


def gold_relation(person, object, type='ORG'):
    return {'person': [person[0], person[1], 'p'], 'object': [object[0], object[1], 'o'], 'object_type': type}


def test_counts_by_hand():
    doc = Document('1', entities=(
        entity('PER', 'Иван Петров', (0, 11), (50, 56)),
        entity('COMPANY', 'Газпром', (20, 27)),
        entity('LOC', 'Москва', (30, 36)),
        entity('PER', 'Олег Сидоров', (60, 72)),
    ), relations=(Relation('Иван Петров', 'Газпром'), Relation('Иван Петров', 'Москва'),
                  Relation('Олег Сидоров', 'Газпром')))
    gold = [{'id': '1', 'relations': [
        gold_relation((50, 56), (20, 27)),          # matched through the second mention
        gold_relation((0, 11), (30, 36), 'LOC'),     # matched
        gold_relation((60, 72), (80, 90)),           # object never found: missed
    ]}, {'id': '2', 'relations': [gold_relation((0, 4), (5, 9))]}]  # no prediction at all
    result = score_relations(gold, {'1': doc})
    assert result['LOC'] == {'prec': 1.0, 'recall': 1.0, 'f1': 1.0, 'correct_pred': 1, 'pred': 1,
                             'correct_gold': 1, 'gold': 1}
    assert (result['ORG']['correct_pred'], result['ORG']['pred']) == (1, 2)
    assert (result['ORG']['correct_gold'], result['ORG']['gold']) == (1, 3)
    micro = result['micro']
    assert (micro['correct_pred'], micro['pred'], micro['correct_gold'], micro['gold']) == (2, 3, 2, 4)
    assert format_relations(result).splitlines()[-1] == 'P 0.667 R 0.500 F1 0.571'


def test_check_relations():
    assert check_relations({'relations': [gold_relation((0, 1), (2, 3))]}) is None
    assert 'object_type' in check_relations({'relations': [dict(gold_relation((0, 1), (2, 3)), object_type='X')]})
    assert '"person"' in check_relations({'relations': [{'person': 'a', 'object': [1, 2], 'object_type': 'ORG'}]})


TEXTS = [
    'Глава «Роснефти» Игорь Сечин и председатель правления «Газпрома» Алексей Миллер подписали соглашение.',
    'Антон Силуанов, министр финансов России, выступил в Думе. Иван Петров прилетел в Москву.',
    'Бывший глава «Аэрофлота» Иван Сидоров дал интервью. Его сменила Ольга Смирнова из «Сбербанка».',
]


def find(text, words):
    start = text.index(words)
    return [start, start + len(words), words]


def gold_file(path):
    # relations written by hand: right ones, one the extractor cannot know, one it gets wrong
    rows = [
        {'id': 'a', 'text': TEXTS[0], 'relations': [
            {'person': find(TEXTS[0], 'Игорь Сечин'), 'object': find(TEXTS[0], 'Роснефти'), 'object_type': 'ORG'},
            {'person': find(TEXTS[0], 'Алексей Миллер'), 'object': find(TEXTS[0], 'Газпрома'), 'object_type': 'ORG'},
        ]},
        {'id': 'b', 'text': TEXTS[1], 'relations': [
            {'person': find(TEXTS[1], 'Антон Силуанов'), 'object': find(TEXTS[1], 'Думе'), 'object_type': 'ORG'},
            {'person': find(TEXTS[1], 'Иван Петров'), 'object': find(TEXTS[1], 'Москву'), 'object_type': 'LOC'},
        ]},
        {'id': 'c', 'text': TEXTS[2], 'relations': [
            {'person': find(TEXTS[2], 'Иван Сидоров'), 'object': find(TEXTS[2], 'Аэрофлота'), 'object_type': 'ORG'},
            {'person': find(TEXTS[2], 'Ольга Смирнова'), 'object': find(TEXTS[2], 'Сбербанка'), 'object_type': 'ORG'},
        ]},
    ]
    with open(path, 'w', encoding='utf-8') as file:
        for row in rows:
            file.write(json.dumps(row, ensure_ascii=False) + '\n')
    return rows


def test_parity_with_releval(extractor, tmp_path):
    gold = gold_file(tmp_path / 'gold.jsonl')
    docs = list(extractor.pipe([(row['id'], row['text']) for row in gold]))
    assert any(d.relations for d in docs)
    with open(tmp_path / 'pred.jsonl', 'w', encoding='utf-8') as file:
        for doc in docs:
            file.write(json.dumps(doc.as_dict(), ensure_ascii=False) + '\n')
    expected = subprocess.run([sys.executable, str(RELEVAL), str(tmp_path / 'gold.jsonl'),
                               str(tmp_path / 'pred.jsonl')], capture_output=True, text=True, check=True).stdout
    result = score_relations(gold, {d.id: d for d in docs})
    assert format_relations(result) == expected
    micro = result['micro']
    assert 0 < micro['correct_pred'] < micro['pred'] and 0 < micro['correct_gold'] < micro['gold']


def test_evaluate_command_scores_relations(tmp_path):
    path = tmp_path / 'gold.jsonl'
    gold = gold_file(path)
    runner = CliRunner()
    result = runner.invoke(cli, ['evaluate', str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith('relations (works_for)\n')
    data = json.loads(runner.invoke(cli, ['evaluate', str(path), '--json']).output)
    assert set(data) == {'relations'}
    assert data['relations']['micro']['gold'] == sum(len(row['relations']) for row in gold)
    # with spans as well, both are scored
    with open(path, 'w', encoding='utf-8') as file:
        for row in gold:
            file.write(json.dumps(dict(row, spans=[{'start': 0, 'stop': 5, 'type': 'PER'}]), ensure_ascii=False) + '\n')
    data = json.loads(runner.invoke(cli, ['evaluate', str(path), '--json']).output)
    assert {'exact', 'naeval', 'relations'} <= set(data)


def test_evaluate_bad_relations_is_a_clear_error(tmp_path):
    path = tmp_path / 'gold.jsonl'
    path.write_text(json.dumps({'id': 'a', 'text': 'Текст', 'relations': [{'person': [0, 1]}]}) + '\n',
                    encoding='utf-8')
    result = CliRunner().invoke(cli, ['evaluate', str(path)])
    assert result.exit_code == 1
    assert 'gold.jsonl, line 1: relation 0' in result.output
    assert 'Traceback' not in result.output
