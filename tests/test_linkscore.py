"""Link scoring: the method of the shared linkeval.py, number for number.

Small cases are counted by hand. tests/data/linkeval.py is a verbatim copy of
the shared scoring script (tools/linkeval.py), run here as a subprocess on
predictions perturbed from a small hand-made gold file, to check that
:mod:`newsner.linkscore` gives the same figures. No models, but for the one
test of the `newsner evaluate` command.
"""
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsner.cli import cli
from newsner.evaluate import load_gold
from newsner.linkscore import best_mention, check_links, format_links, has_links, score_links
from newsner.records import Document, Entity, Mention

LINKEVAL = Path(__file__).resolve().parent / 'data' / 'linkeval.py'


def entity(kb_id, *spans, type='PER'):
    return Entity(type, 'x', tuple(Mention(a, b, type, 'x' * (b - a), 'x') for a, b in spans), kb_id=kb_id)


def link(start, stop, type, qid):
    return {'start': start, 'stop': stop, 'type': type, 'qid': qid}


def row(correct, pred, gold):
    prec = correct / pred if pred else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * prec * recall / (prec + recall) if prec + recall else 0.0
    return {'prec': prec, 'recall': recall, 'f1': f1, 'correct': correct, 'pred': pred, 'gold': gold}


# --- hand-counted cases -------------------------------------------------------

GOLD = [
    {'id': '1', 'links': [
        link(0, 14, 'PERSON', 'Q7747'),          # same bounds: right, though (0, 8) overlaps too
        link(26, 32, 'CITY', 'Q649'),            # overlap 6 twice: the shorter (26, 33) wins, right
        link(40, 50, 'COUNTRY', 'Q159'),         # (44, 52) overlaps most: wrong id
        link(60, 70, 'ORGANIZATION', 'NULL'),    # an id where the gold has none: wrong
        link(72, 80, 'ORGANIZATION', 'NULL'),    # no id, none in gold: not counted
        link(82, 90, 'PERSON', 'Q1'),            # its mention has no id: missed
        link(95, 99, 'LOCATION', 'Q2'),          # no mention at all: missed
        link(100, 110, 'PROFESSION', 'Q3'),      # a type not scored
    ]},
    {'id': '2', 'links': [link(0, 5, 'DISTRICT', 'Q4'), link(6, 10, 'PERSON', 'Q5')]},  # not predicted
]

PREDICTED = Document('1', entities=(
    entity('Q7747', (0, 14)),
    entity('Q2', (0, 8)),
    entity('Q1', (20, 32), type='LOC'),
    entity('Q649', (26, 33), type='LOC'),
    entity('Q159', (38, 45), type='LOC'),
    entity('Q30', (44, 52), type='LOC'),
    entity('Q9', (60, 70), type='ORG'),
    entity(None, (72, 80), (82, 90), type='ORG'),
    entity('Q3', (100, 110)),
))

EXPECTED = {
    'PERSON': row(1, 1, 3),
    'ORGANIZATION': row(0, 1, 0),
    'COUNTRY': row(0, 1, 1),
    'CITY': row(1, 1, 1),
    'LOCATION': row(0, 0, 1),
    'DISTRICT': row(0, 0, 1),
    'micro': row(2, 4, 7),
}


def test_counts_by_hand():
    result = score_links(GOLD, {'1': PREDICTED})
    assert result == EXPECTED
    assert list(result) == list(EXPECTED)  # NEREL's order, STATE_OR_PROVINCE left out, micro last
    assert format_links(result).splitlines()[-1] == 'link P 0.500 R 0.286 F1 0.364'


def test_prediction_shapes():
    # a Document, its dict, a list of either: the same figures; a later id replaces an earlier one
    assert score_links(GOLD, {'1': PREDICTED.as_dict()}) == EXPECTED
    assert score_links(GOLD, [PREDICTED]) == EXPECTED
    assert score_links(GOLD, [Document('1'), PREDICTED.as_dict(), Document('extra')]) == EXPECTED


def test_nothing_predicted():
    result = score_links(GOLD, {})
    assert result['micro'] == row(0, 0, 7)
    assert 'ORGANIZATION' not in result  # only NULL links: no gold, no pred
    assert format_links(score_links([], {})) == (
        '                        P      R     F1   gold   pred\n'
        'micro               0.000  0.000  0.000      0      0\n'
        'link P 0.000 R 0.000 F1 0.000\n')


def test_best_mention():
    gold = link(10, 20, 'PERSON', 'Q1')
    assert best_mention(gold, []) is None
    assert best_mention(gold, [(0, 10, 'Q1'), (20, 30, 'Q1')]) is None  # touching is no overlap
    # the same bounds win over a longer overlap... (the first of two with those bounds)
    assert best_mention(gold, [(5, 25, 'Q2'), (10, 20, 'Q3'), (10, 20, 'Q4')]) == (10, 20, 'Q3')
    # ...else the largest overlap, then the shorter mention
    assert best_mention(gold, [(8, 14, 'Q2'), (12, 19, 'Q3')]) == (12, 19, 'Q3')
    assert best_mention(gold, [(5, 16, 'Q2'), (14, 22, 'Q3')]) == (14, 22, 'Q3')
    # the same overlap and length: the later one, whatever the order
    assert best_mention(gold, [(8, 14, 'Q2'), (16, 22, 'Q3')]) == (16, 22, 'Q3')
    assert best_mention(gold, [(16, 22, 'Q3'), (8, 14, 'Q2')]) == (16, 22, 'Q3')


def test_has_links():
    assert has_links([{'id': 1, 'links': []}])
    assert not has_links([{'id': 1, 'spans': []}])


@pytest.mark.parametrize('links, reason', [
    ({}, '"links" must be a list'),
    ([[0, 5]], 'link 0: expected an object'),
    ([link(0, 5, 'PERSON', 'Q1'), {'start': 0, 'stop': 5, 'type': 'PERSON'}], "link 1: missing key 'qid'"),
    ([link(0, '5', 'PERSON', 'Q1')], 'must be integers'),
    ([link(0, 5, '', 'Q1')], '"type" must be a non-empty string'),
    ([link(0, 5, 'PERSON', 'Q')], '"qid" must be a Wikidata id'),
    ([link(0, 5, 'PERSON', None)], '"qid" must be a Wikidata id'),
    ([link(0, 50, 'PERSON', 'Q1')], 'offsets 0:50'),
    ([dict(link(0, 5, 'PERSON', 'Q1'), text='Петр')], 'character offsets'),
])
def test_check_links(links, reason):
    assert check_links({'id': 'a', 'text': 'Иван Петров', 'links': [link(0, 4, 'PERSON', 'NULL')]}) is None
    assert reason in check_links({'id': 'a', 'text': 'Иван Петров', 'links': links})


def test_load_gold_with_links(tmp_path):
    path = tmp_path / 'gold.jsonl'
    doc = {'id': 'a', 'text': 'Иван Петров', 'links': [dict(link(0, 11, 'PERSON', 'NULL'), text='Иван Петров')]}
    bad = {'id': 'b', 'text': 'Иван Петров', 'links': [link(0, 11, 'PERSON', 'Q0x')]}
    path.write_text(json.dumps(doc) + '\n', encoding='utf-8')
    assert load_gold(path) == [dict(doc, spans=[])]
    path.write_text(json.dumps(doc) + '\n' + json.dumps(bad) + '\n', encoding='utf-8')
    with pytest.raises(ValueError) as error:
        load_gold(path)
    assert str(error.value).startswith('%s, line 2: link 0: "qid"' % path)


# --- parity with the reference scorer linkeval.py ---------------------------------

# texts of our own; the Wikidata ids are only strings to the scorer
TEXTS = {
    'a': ('Владимир Путин провёл в Москве встречу с президентом Казахстана Касым-Жомартом Токаевым.', [
        ('Владимир Путин', 'PERSON', 'Q7747'), ('Москве', 'CITY', 'Q649'), ('президентом', 'PROFESSION', 'Q30461'),
        ('Казахстана', 'COUNTRY', 'Q232'), ('Касым-Жомартом Токаевым', 'PERSON', 'Q357855')]),
    'b': ('МИД России заявил протест послу Латвии в связи с событиями в Риге.', [
        ('МИД России', 'ORGANIZATION', 'NULL'), ('России', 'COUNTRY', 'Q159'), ('послу', 'PROFESSION', 'NULL'),
        ('Латвии', 'COUNTRY', 'Q211'), ('Риге', 'CITY', 'Q1773')]),
    'c': ('Жители Подмосковья и Тверской области пожаловались губернатору на дороги у Волги.', [
        ('Подмосковья', 'STATE_OR_PROVINCE', 'Q1697'), ('Тверской области', 'STATE_OR_PROVINCE', 'Q2292'),
        ('губернатору', 'PROFESSION', 'NULL'), ('Волги', 'LOCATION', 'Q626')]),
    'd': ('В районе Хамовники открылся офис компании «Яндекс», сообщил Иван Петров из Яндекса.', [
        ('Хамовники', 'DISTRICT', 'Q1000001'), ('Яндекс', 'ORGANIZATION', 'Q1753'),
        ('Иван Петров', 'PERSON', 'NULL'), ('Яндекса', 'ORGANIZATION', 'Q1753')]),
    'e': ('Дождь шёл весь день.', []),
}


def gold_file(path):
    rows = []
    for id, (text, links) in TEXTS.items():
        row = {'id': id, 'text': text, 'links': []}
        for words, type, qid in links:
            start = text.index(words)
            row['links'].append({'start': start, 'stop': start + len(words), 'type': type, 'qid': qid,
                                 'text': words})
        rows.append(row)
    with open(path, 'w', encoding='utf-8') as file:
        for row in rows:
            file.write(json.dumps(row, ensure_ascii=False) + '\n')
    return rows


def perturb(gold, seed):
    """Predicted documents (dicts) made from gold links: some dropped, kb_ids dropped or
    changed, ids given for NULL links, bounds shifted, overlapping mentions added, one
    document missing and one extra. No two mentions of a document share bounds, so that
    linkeval.py never compares a kb_id with None."""
    rng = random.Random(seed)
    docs = []
    for row in gold:
        if rng.random() < 0.15:
            continue
        mentions, bounds = [], set()

        def add(start, stop, kb_id):
            start, stop = max(0, start), min(len(row['text']), stop)
            if start < stop and (start, stop) not in bounds:
                bounds.add((start, stop))
                mentions.append((start, stop, kb_id))

        for g in row['links']:
            if rng.random() < 0.1:
                continue
            start, stop = g['start'], g['stop']
            if rng.random() < 0.2:
                start += rng.choice([-2, -1, 1, 2])
            if rng.random() < 0.2:
                stop += rng.choice([-2, -1, 1, 2])
            kb_id = None if g['qid'] == 'NULL' else g['qid']
            r = rng.random()
            if r < 0.2:
                kb_id = None
            elif r < 0.4:
                kb_id = 'Q%d' % rng.randint(1, 30)
            elif r < 0.6 and kb_id is None:
                kb_id = 'Q42'
            add(start, stop, kb_id)
            if rng.random() < 0.25:
                add(start + rng.randint(-3, 3), stop + rng.randint(-3, 3), rng.choice([None, 'Q7', g['qid']]))
        # mentions of one kb_id are one entity; each one without an id is an entity of its own
        entities, by_id = [], {}
        for start, stop, kb_id in mentions:
            mention = {'start': start, 'stop': stop, 'type': 'PER', 'text': row['text'][start:stop]}
            if kb_id is None:
                entities.append({'type': 'PER', 'kb_id': None, 'mentions': [mention]})
            elif kb_id in by_id:
                by_id[kb_id]['mentions'].append(mention)
            else:
                by_id[kb_id] = {'type': 'PER', 'kb_id': kb_id, 'mentions': [mention]}
                entities.append(by_id[kb_id])
        docs.append({'id': row['id'], 'entities': entities})
    docs.append({'id': 'extra', 'entities': [{'kb_id': 'Q1', 'mentions': [{'start': 0, 'stop': 3}]}]})
    return docs


def as_document(data):
    return Document(data['id'], entities=tuple(
        Entity('PER', 'x', tuple(Mention(m['start'], m['stop'], 'PER', 'x', 'x') for m in e['mentions']),
               kb_id=e['kb_id']) for e in data['entities']))


def test_parity_with_linkeval(tmp_path):
    gold_path, pred_path = tmp_path / 'gold.jsonl', tmp_path / 'pred.jsonl'
    gold_file(gold_path)
    gold = load_gold(gold_path)
    seen = set()
    for seed in range(8):
        preds = perturb(gold, seed)
        with open(pred_path, 'w', encoding='utf-8') as file:
            for pred in preds:
                file.write(json.dumps(pred, ensure_ascii=False) + '\n')
        expected = subprocess.run([sys.executable, str(LINKEVAL), str(gold_path), str(pred_path)],
                                  capture_output=True, text=True, check=True).stdout
        result = score_links(gold, preds)
        assert format_links(result) == expected, seed
        assert score_links(gold, [as_document(_) for _ in preds]) == result
        micro = result['micro']
        seen.add((micro['correct'], micro['pred'], micro['gold']))
        assert 0 < micro['correct'] < micro['pred'] and micro['correct'] < micro['gold']
    assert len(seen) > 4  # the perturbations differ


# --- the evaluate command ------------------------------------------------------------

def test_evaluate_command_scores_links(tmp_path):
    text = 'Владимир Путин прилетел в Москву.'
    doc = {'id': 'a', 'text': text, 'links': [
        {'start': 0, 'stop': 14, 'type': 'PERSON', 'qid': 'Q7747', 'text': 'Владимир Путин'},
        {'start': 26, 'stop': 32, 'type': 'CITY', 'qid': 'Q649', 'text': 'Москву'}]}
    path = tmp_path / 'gold.jsonl'
    path.write_text(json.dumps(doc, ensure_ascii=False) + '\n', encoding='utf-8')
    runner = CliRunner()
    result = runner.invoke(cli, ['evaluate', str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == 'links (Wikidata ids)' and lines[-1].startswith('link P ')
    data = json.loads(runner.invoke(cli, ['evaluate', str(path), '--json']).output)
    assert set(data) == {'links'}
    micro = data['links']['micro']
    assert micro['gold'] == 2 and micro['correct'] <= micro['pred'] <= 2
    # with spans as well, both are scored
    path.write_text(json.dumps(dict(doc, spans=[{'start': 0, 'stop': 14, 'type': 'PER'}]),
                               ensure_ascii=False) + '\n', encoding='utf-8')
    data = json.loads(runner.invoke(cli, ['evaluate', str(path), '--json']).output)
    assert {'exact', 'naeval', 'links'} <= set(data)


def test_evaluate_bad_links_is_a_clear_error(tmp_path):
    path = tmp_path / 'gold.jsonl'
    path.write_text(json.dumps({'id': 'a', 'text': 'Текст', 'links': [{'start': 0, 'stop': 5}]}) + '\n',
                    encoding='utf-8')
    result = CliRunner().invoke(cli, ['evaluate', str(path)])
    assert result.exit_code == 1
    assert "gold.jsonl, line 1: link 0: missing key 'type'" in result.output
    assert 'Traceback' not in result.output
