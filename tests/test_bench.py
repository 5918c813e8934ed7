"""The benchmarks in bench/ do what their text says (they are run by hand; no timing here)."""
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / 'bench'


@pytest.fixture(scope='module')
def bench_path():
    sys.path.insert(0, str(BENCH))
    yield
    sys.path.remove(str(BENCH))


def test_web_modes_alternate_round_by_round(bench_path):
    from web import rotated
    modes = ['read-txt', 'read-html', 'txt', 'html']
    orders = [rotated(modes, r) for r in range(len(modes))]
    assert orders[0] == modes and orders[1] == ['read-html', 'txt', 'html', 'read-txt']
    for place in range(len(modes)):  # each mode once in each place
        assert sorted(order[place] for order in orders) == sorted(modes)


def test_scaling_documents_have_the_paragraphs_asked_for(bench_path):
    from scaling import SENTENCE, document
    text = document([SENTENCE], 1000)
    assert len(text) == 1000 * 87
    assert text.split('\n\n')[:-1] == [SENTENCE] * 1000
    assert document(['а', 'б', 'в'], 5).split('\n\n')[:-1] == ['а', 'б', 'в', 'а', 'б']


@pytest.mark.parametrize('script', ['scaling.py', 'relations.py', 'linking.py'])
def test_a_missing_corpus_is_named(script, tmp_path):
    missing = tmp_path / 'no-such.jsonl'
    result = subprocess.run([sys.executable, str(BENCH / script), str(missing)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    # the file named, and what to give instead
    assert str(missing) in result.stderr and 'JSONL file of {"id", "text"} objects' in result.stderr
