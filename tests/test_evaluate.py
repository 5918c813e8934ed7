"""Evaluation: span scoring by the exact and naeval methods. No models.

Small cases are counted by hand; the parity test checks the numbers of the
team's reference scorers on the factru devset with perturbed predictions
(nereval.py, whose figures are written out below; kindeval.py, copied verbatim
into tests/data and run).

Run as a script, this module prints those perturbed predictions as JSONL:
    .venv/bin/python tests/test_evaluate.py > /tmp/pred.jsonl
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from razdel import tokenize

from newsner.evaluate import format_report, load_gold, score
from newsner.records import Mention

DEV = Path(__file__).resolve().parent / 'data' / 'factru-dev.jsonl'
KINDS_DEV = DEV.with_name('factru-dev-kinds.jsonl')
# the team's reference scorer of kinds: a verbatim copy of the shared tools/kindeval.py
KINDEVAL = Path(__file__).resolve().parent / 'data' / 'kindeval.py'

# tokens: Иван 0:4, Петров 5:11, живёт 12:17, в 18:19, Москве 20:26, . 26:27
TEXT1 = 'Иван Петров живёт в Москве.'
# tokens: Газпром 0:7, и 8:9, мэрия 10:15, Москвы 16:22, . 22:23
TEXT2 = 'Газпром и мэрия Москвы.'


def doc(id, text, *spans):
    return dict(id=id, text=text, spans=[dict(start=a, stop=b, type=t) for a, b, t in spans])


def counts(result, method, type):
    r = result[method][type]
    return r['correct'], r['pred'], r['gold']


GOLD1 = doc('1', TEXT1, (0, 11, 'PER'), (20, 26, 'LOC'))


# --- hand-counted cases -------------------------------------------------------

def test_perfect_prediction():
    result = score([GOLD1], {'1': [(0, 11, 'PER'), (20, 26, 'LOC')]})
    assert list(result['exact']) == ['PER', 'LOC', 'micro']
    for method in ('exact', 'naeval'):
        assert result[method]['micro']['f1'] == 1.0
    assert counts(result, 'exact', 'micro') == (2, 2, 2)
    assert counts(result, 'naeval', 'micro') == (3, 3, 3)   # Иван Петров, Москве


def test_partial_span_exact_vs_tokens():
    # PER 0:4 covers "Иван" only: wrong as a span, 1 of 2 tokens
    result = score([GOLD1], {'1': [(0, 4, 'PER'), (20, 26, 'LOC')]})
    assert counts(result, 'exact', 'PER') == (0, 1, 1)
    assert counts(result, 'exact', 'LOC') == (1, 1, 1)
    assert counts(result, 'exact', 'micro') == (1, 2, 2)
    assert counts(result, 'naeval', 'PER') == (1, 1, 2)
    per = result['naeval']['PER']
    assert (per['prec'], per['recall']) == (1.0, 0.5)
    assert per['f1'] == pytest.approx(2 / 3)
    assert counts(result, 'naeval', 'micro') == (2, 2, 3)
    assert result['naeval']['micro']['recall'] == pytest.approx(2 / 3)
    assert result['exact']['micro']['f1'] == 0.5


def test_misaligned_prediction_dropped_by_naeval_only():
    # 0:3 ends inside "Иван": a wrong span for exact, dropped for naeval
    result = score([GOLD1], {'1': [(0, 3, 'PER'), (20, 26, 'LOC')]})
    assert counts(result, 'exact', 'PER') == (0, 1, 1)
    assert counts(result, 'naeval', 'PER') == (0, 0, 2)
    assert result['naeval']['PER']['prec'] == 0.0     # no prediction: 0, not an error
    assert result['stats']['pred_misaligned'] == 1
    assert result['stats']['gold_misaligned'] == 0


def test_misaligned_gold_dropped_by_naeval():
    gold = doc('1', TEXT1, (0, 11, 'PER'), (21, 26, 'LOC'))   # "оскве"
    result = score([gold], {'1': [(0, 11, 'PER'), (21, 26, 'LOC')]})
    assert counts(result, 'exact', 'LOC') == (1, 1, 1)
    assert counts(result, 'naeval', 'LOC') == (0, 0, 0)
    assert result['stats']['gold_misaligned'] == 1
    assert result['stats']['pred_misaligned'] == 1


def test_overlapping_predictions():
    # "Иван Петров" and "Петров": two spans, one correct; tokens counted once
    result = score([GOLD1], {'1': [(0, 11, 'PER'), (5, 11, 'PER'), (20, 26, 'LOC')]})
    assert counts(result, 'exact', 'PER') == (1, 2, 1)
    assert counts(result, 'naeval', 'PER') == (2, 2, 2)
    assert result['stats']['pred_overlapping'] == 1


def test_duplicate_prediction_counts_once():
    result = score([GOLD1], {'1': [(0, 11, 'PER'), (0, 11, 'PER')]})
    assert counts(result, 'exact', 'PER') == (1, 1, 1)
    assert counts(result, 'naeval', 'PER') == (2, 2, 2)
    assert result['stats']['pred_overlapping'] == 1


def test_wrong_type_counts_against_both_types():
    result = score([GOLD1], {'1': [(0, 11, 'LOC'), (20, 26, 'LOC')]})
    assert counts(result, 'exact', 'PER') == (0, 0, 1)
    assert counts(result, 'exact', 'LOC') == (1, 2, 1)
    assert counts(result, 'naeval', 'PER') == (0, 0, 2)
    assert counts(result, 'naeval', 'LOC') == (1, 3, 1)


def test_missing_and_extra_predictions():
    gold2 = doc('2', TEXT2, (0, 7, 'ORG'))
    result = score([GOLD1, gold2], {'1': [(0, 11, 'PER')], 'zzz': [(0, 1, 'PER')]})
    assert result['stats'] == dict(docs=2, missing_pred=1, extra_pred=1, gold_misaligned=0,
                                   pred_misaligned=0, pred_overlapping=0)
    assert counts(result, 'exact', 'ORG') == (0, 0, 1)
    assert counts(result, 'exact', 'micro') == (1, 1, 3)
    assert counts(result, 'naeval', 'micro') == (2, 2, 4)


GOLD2 = doc('2', TEXT2, (0, 7, 'ORG'), (10, 22, 'ORG'), (16, 22, 'LOC'))
PRED2 = [(0, 7, 'COMPANY'), (10, 22, 'GOV'), (10, 15, 'INITIATIVE'), (16, 22, 'LOC')]


def test_coarse_maps_gov_company_media_and_drops_others():
    result = score([GOLD2], {'2': PRED2})
    assert list(result['naeval']) == ['LOC', 'ORG', 'micro']
    assert counts(result, 'exact', 'ORG') == (2, 2, 2)
    assert counts(result, 'exact', 'LOC') == (1, 1, 1)
    assert counts(result, 'naeval', 'ORG') == (3, 3, 3)
    assert counts(result, 'naeval', 'LOC') == (1, 1, 1)
    media = score([GOLD2], {'2': [(0, 7, 'MEDIA')]})
    assert counts(media, 'exact', 'ORG') == (1, 1, 2)


def test_not_coarse_compares_types_as_they_are():
    result = score([GOLD2], {'2': PRED2}, coarse=False)
    assert list(result['exact']) == ['LOC', 'ORG', 'micro']   # GOV... not in gold: dropped
    assert counts(result, 'exact', 'ORG') == (0, 0, 2)
    assert counts(result, 'naeval', 'ORG') == (0, 0, 3)
    assert counts(result, 'exact', 'LOC') == (1, 1, 1)


def test_fine_gold_types():
    gold = doc('2', TEXT2, (0, 7, 'COMPANY'), (10, 22, 'GOV'), (16, 22, 'LOC'))
    pred = {'2': [(0, 7, 'COMPANY'), (10, 22, 'COMPANY'), (16, 22, 'LOC')]}
    fine = score([gold], pred, coarse=False)
    assert list(fine['exact']) == ['LOC', 'GOV', 'COMPANY', 'micro']
    assert counts(fine, 'exact', 'COMPANY') == (1, 2, 1)
    assert counts(fine, 'exact', 'GOV') == (0, 0, 1)
    assert counts(fine, 'naeval', 'COMPANY') == (1, 3, 1)
    assert counts(fine, 'naeval', 'GOV') == (0, 0, 2)
    assert counts(fine, 'naeval', 'micro') == (2, 4, 4)
    coarse = score([gold], pred)                               # the same as ORG: all right
    assert list(coarse['exact']) == ['LOC', 'ORG', 'micro']
    assert counts(coarse, 'exact', 'micro') == (3, 3, 3)


def test_kind_accuracy_on_matched_organization_spans():
    gold = doc('2', TEXT2, (0, 7, 'COMPANY'), (10, 22, 'GOV'), (16, 22, 'LOC'))
    # Газпром matched and right; мэрия Москвы matched with the wrong kind; Москвы is no organization
    pred = {'2': [(0, 7, 'COMPANY'), (10, 22, 'MEDIA'), (16, 22, 'ORG'), (10, 15, 'GOV')]}
    kinds = score([gold], pred, coarse=False)['kinds']
    assert (kinds['right'], kinds['matched'], kinds['accuracy']) == (1, 2, 0.5)
    assert kinds['confusion']['GOV'] == {'GOV': 0, 'COMPANY': 0, 'MEDIA': 1, 'ORG': 0}
    assert 'kinds' not in score([gold], pred)                 # coarse: no kinds to tell apart
    assert 'kind accuracy on matched organization spans: 0.500 (1/2)' in format_report(
        score([gold], pred, coarse=False))


def test_kind_accuracy_equals_the_reference_kind_scorer(tmp_path):
    gold = load_gold(KINDS_DEV)
    kinds = ('GOV', 'COMPANY', 'MEDIA', 'ORG', 'INITIATIVE', 'PER')
    preds = []
    for n, item in enumerate(gold):
        spans = []
        for k, span in enumerate(item['spans']):
            start, stop, type = span['start'], span['stop'], span['type']
            if (n + k) % 5 == 1 and type in kinds:
                type = kinds[(kinds.index(type) + k) % len(kinds)]   # another kind, or no organization
            if (n + k) % 7 == 2:
                stop += 1                                             # bounds off: not matched
            if (n + k) % 9 != 4:                                      # some spans missed
                spans.append(dict(start=start, stop=stop, type=type))
        preds.append(dict(id=item['id'], spans=spans))
    path = tmp_path / 'pred.jsonl'
    path.write_text(''.join(json.dumps(p, ensure_ascii=False) + '\n' for p in preds), encoding='utf-8')
    reference = json.loads(subprocess.run([sys.executable, str(KINDEVAL), str(KINDS_DEV), str(path), '--json'],
                                          capture_output=True, text=True, check=True).stdout)
    assert score(gold, preds, coarse=False)['kinds'] == reference['kindacc']


def test_predicted_types_not_in_gold_are_dropped_unless_types_given():
    pred = {'1': [(0, 11, 'PER'), (20, 26, 'LOC'), (12, 17, 'ORG')]}
    result = score([GOLD1], pred)
    assert 'ORG' not in result['exact']
    assert counts(result, 'exact', 'micro') == (2, 2, 2)
    fixed = score([GOLD1], pred, types=('PER', 'LOC', 'ORG'))   # nereval.py's fixed types
    assert list(fixed['exact']) == ['PER', 'LOC', 'ORG', 'micro']
    assert counts(fixed, 'exact', 'ORG') == (0, 1, 0)
    assert counts(fixed, 'exact', 'micro') == (2, 3, 2)
    assert counts(fixed, 'naeval', 'ORG') == (0, 1, 0)


def test_prediction_shapes():
    spans = [(0, 11, 'PER'), (20, 26, 'LOC')]
    expected = score([GOLD1], {'1': spans})
    mentions = [Mention(a, b, t, TEXT1[a:b], TEXT1[a:b]) for a, b, t in spans]
    assert score([GOLD1], {'1': mentions}) == expected
    assert score([GOLD1], iter([('1', spans)])) == expected
    assert score([GOLD1], [GOLD1]) == expected                  # docs with "id", "spans"
    with pytest.raises(ValueError, match='text differs'):
        score([GOLD1], [dict(GOLD1, text='other')])


def test_no_gold_spans():
    result = score([doc('1', TEXT1)], {'1': [(0, 4, 'PER')]})
    assert list(result['exact']) == ['micro']
    assert counts(result, 'naeval', 'micro') == (0, 0, 0)
    assert format_report(result).splitlines()[-1] == ''


def test_format_report():
    result = score([GOLD1], {'1': [(0, 4, 'PER'), (20, 26, 'LOC')]})
    assert format_report(result) == (
        'docs=1 missing_pred=0 extra_pred=0 gold_misaligned=0 pred_misaligned=0 '
        'pred_overlapping=0\n'
        '\n'
        'exact (spans)      prec  recall      f1  correct/pred/gold\n'
        '  PER              0.000   0.000   0.000  0/1/1\n'
        '  LOC              1.000   1.000   1.000  1/1/1\n'
        '  micro            0.500   0.500   0.500  1/2/2\n'
        '\n'
        'naeval (tokens)    prec  recall      f1  correct/pred/gold\n'
        '  PER              1.000   0.500   0.667  1/1/2\n'
        '  LOC              1.000   1.000   1.000  1/1/1\n'
        '  micro            1.000   0.667   0.800  2/2/3\n'
        '\n'
        'PER 0.667 LOC 1.000\n')


WORDS = ['Иван', 'Москва', ',', '.', ' ', '  ', '-', 'ООО', '«', '»']


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12),
       st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8),
                          st.sampled_from(['PER', 'LOC', 'GOV', 'INITIATIVE'])), max_size=6))
def test_gold_against_itself_is_perfect(words, spans):
    text = ''.join(words)
    spans = [(a, a + n, t) for a, n, t in spans if a + n <= len(text)]
    gold = doc('x', text, *spans)
    for coarse in (True, False):
        result = score([gold], {'x': spans}, coarse=coarse)
        for method in ('exact', 'naeval'):
            for r in result[method].values():
                assert r['correct'] == r['pred'] == r['gold']
                assert r['f1'] == (1.0 if r['gold'] else 0.0)


# --- gold files -----------------------------------------------------------------

def test_load_gold(tmp_path):
    path = tmp_path / 'gold.jsonl'
    path.write_text('\ufeff' + json.dumps(GOLD1, ensure_ascii=False) + '\n\n'
                    + json.dumps(GOLD2) + '\n', encoding='utf-8')
    assert load_gold(path) == [GOLD1, GOLD2]
    assert len(load_gold(DEV)) == 122


@pytest.mark.parametrize('line, reason', [
    ('{"id": "2", "text": "abc", "spans": [', 'not valid JSON'),
    ('[1, 2]', 'expected a JSON object'),
    ('{"id": "2", "text": "abc"}', "missing key 'spans'"),
    ('{"id": "2", "text": "abc", "spans": [{"start": 0, "stop": 2}]}',
     "span 0: missing key 'type'"),
    ('{"id": "2", "text": "abc", "spans": [{"start": 0, "stop": "2", "type": "PER"}]}',
     'must be integers'),
    ('{"id": "2", "text": "abc", "spans": [{"start": 1, "stop": 4, "type": "PER"}]}',
     'offsets 1:4'),
    ('{"id": "2", "text": "abc", "spans": [{"start": 1, "stop": 1, "type": "PER"}]}',
     'offsets 1:1'),
    ('{"id": "2", "text": "abc", "spans": [{"start": 0, "stop": 1, "type": "PER", "text": "b"}]}',
     'character offsets'),
    ('{"id": "1", "text": "abc", "spans": []}', "id '1' already used on line 1"),
])
def test_malformed_gold_line(tmp_path, line, reason):
    path = tmp_path / 'gold.jsonl'
    path.write_text(json.dumps(GOLD1) + '\n\n' + line + '\n', encoding='utf-8')
    with pytest.raises(ValueError) as error:
        load_gold(path)
    message = str(error.value)
    assert message.startswith('%s, line 3: ' % path)
    assert reason in message


def test_gold_not_utf8(tmp_path):
    path = tmp_path / 'gold.jsonl'
    path.write_bytes(json.dumps(GOLD1, ensure_ascii=False).encode('cp1251') + b'\n')
    with pytest.raises(ValueError, match='gold.jsonl.*not UTF-8'):
        load_gold(path)


# --- parity with the reference scorer nereval.py ---------------------------------

FINE = ['GOV', 'COMPANY', 'MEDIA']
RELABEL = {'PER': 'LOC', 'LOC': 'ORG', 'ORG': 'PER'}


def perturb(gold_docs):
    """Deterministic predictions made from gold.

    Counting spans k = 1, 2, ... over the whole file: every 5th span dropped;
    k % 7 == 3: stop moved to the end of the next token; k % 11 == 5: type
    relabelled PER->LOC->ORG->PER; k % 13 == 6: ORG made GOV/COMPANY/MEDIA, other
    types INITIATIVE; k % 17 == 8: stop cut by one character (misaligned);
    k % 19 == 9: an overlapping span to the end of the next token added. Every
    10th document has no prediction, and one extra id is predicted.
    """
    preds, k = [], 0
    for n, gold in enumerate(gold_docs):
        if n % 10 == 9:
            continue
        stops = [_.stop for _ in tokenize(gold['text'])]
        spans = []
        for span in gold['spans']:
            k += 1
            start, stop, type = span['start'], span['stop'], span['type']
            if k % 5 == 0:
                continue
            later = [_ for _ in stops if _ > stop]
            if k % 7 == 3 and later:
                stop = later[0]
            if k % 11 == 5:
                type = RELABEL[type]
            if k % 13 == 6:
                type = FINE[k % 3] if type == 'ORG' else 'INITIATIVE'
            if k % 17 == 8 and stop - start > 2:
                stop -= 1
            spans.append(dict(start=start, stop=stop, type=type))
            if k % 19 == 9 and later:
                spans.append(dict(start=start, stop=later[0], type=type))
        pred = dict(id=gold['id'], spans=spans)
        if n % 2:
            pred['text'] = gold['text']
        preds.append(pred)
    preds.append(dict(id='extra', spans=[dict(start=0, stop=1, type='PER')]))
    return preds


def _row(prec, recall, f1, correct, pred, gold):
    return dict(prec=prec, recall=recall, f1=f1, correct=correct, pred=pred, gold=gold)


# Produced by (in the project folder):
#   .venv/bin/python tests/test_evaluate.py > /tmp/pred.jsonl
#   .venv/bin/python ../shared/tools/nereval.py tests/data/factru-dev.jsonl \
#       /tmp/pred.jsonl --json
NEREVAL_JSON = {
    'stats': dict(docs=122, missing_pred=12, extra_pred=1, gold_misaligned=0,
                  pred_misaligned=87, pred_overlapping=85),
    'exact': {
        'PER': _row(0.7021696252465484, 0.48567530695770805, 0.5741935483870968,
                   356, 507, 733),
        'LOC': _row(0.7356143079315708, 0.46971201588877853, 0.5733333333333334,
                   473, 643, 1007),
        'ORG': _row(0.6592292089249493, 0.5327868852459017, 0.5893019038984588,
                   325, 493, 610),
        'micro': _row(0.7023737066342057, 0.49106382978723406, 0.5780115201602805,
                   1154, 1643, 2350),
    },
    'naeval': {
        'PER': _row(0.8125, 0.5688146380270486, 0.6691623771642489,
                   715, 880, 1257),
        'LOC': _row(0.7934640522875817, 0.545863309352518, 0.6467767714437934,
                   607, 765, 1112),
        'ORG': _row(0.8083832335329342, 0.635593220338983, 0.7116499736425936,
                   675, 835, 1062),
        'micro': _row(0.805241935483871, 0.5820460507140776, 0.6756893926577567,
                   1997, 2480, 3431),
    },
}

# the same command without --json
NEREVAL_TEXT = (
    'docs=122 missing_pred=12 extra_pred=1 gold_misaligned=0 pred_misaligned=87 '
    'pred_overlapping=85\n'
    '\n'
    'exact (spans)      prec  recall      f1  correct/pred/gold\n'
    '  PER              0.702   0.486   0.574  356/507/733\n'
    '  LOC              0.736   0.470   0.573  473/643/1007\n'
    '  ORG              0.659   0.533   0.589  325/493/610\n'
    '  micro            0.702   0.491   0.578  1154/1643/2350\n'
    '\n'
    'naeval (tokens)    prec  recall      f1  correct/pred/gold\n'
    '  PER              0.812   0.569   0.669  715/880/1257\n'
    '  LOC              0.793   0.546   0.647  607/765/1112\n'
    '  ORG              0.808   0.636   0.712  675/835/1062\n'
    '  micro            0.805   0.582   0.676  1997/2480/3431\n'
    '\n'
    'PER 0.669 LOC 0.647 ORG 0.712\n')


def test_parity_with_nereval():
    gold = load_gold(DEV)
    preds = perturb(gold)
    assert score(gold, preds) == NEREVAL_JSON
    # the same predictions as a mapping of tuples
    mapping = {_['id']: [(s['start'], s['stop'], s['type']) for s in _['spans']] for _ in preds}
    result = score(gold, mapping)
    assert result == NEREVAL_JSON
    assert format_report(result) == NEREVAL_TEXT


if __name__ == '__main__':
    for pred in perturb(load_gold(DEV)):
        sys.stdout.write(json.dumps(pred, ensure_ascii=False) + '\n')
