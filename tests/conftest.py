import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / 'samples'
DATA = Path(__file__).resolve().parent / 'data'
SEED = SAMPLES / 'azerbaijan-energy.txt'


def missing(what: str, how: str) -> None:
    """Stop a test that needs something this machine lacks: a skip on a user's
    clone, saying how to get it; a failure where the environment variable CI is
    set, so that CI always proves what the test checks."""
    message = '%s is missing: %s' % (what, how)
    if os.environ.get('CI'):
        pytest.fail('%s (CI is set, so the test must run)' % message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope='session')
def extractor():
    """One Extractor for the whole session: the models load once."""
    from newsner.pipeline import Extractor
    return Extractor()


@pytest.fixture(scope='session')
def seed_text():
    return SEED.read_text(encoding='utf-8')


@pytest.fixture(scope='session')
def factru_texts():
    with open(DATA / 'factru-dev.jsonl', encoding='utf-8') as file:
        return [json.loads(line) for line in file if line.strip()]


def adjust(extractor, text, *spans):
    """The rules on hand-given model spans: [(text of span, type)], outer spans before nested ones."""
    return [(text[a:b], t) for a, b, t in extractor.rules.adjust(text, list(spans))]


def span(text, part, type='ORG', occurrence=0):
    """The (start, stop, type) of the ``occurrence``-th ``part`` of ``text``, as the model would give it."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return (start, start + len(part), type)
