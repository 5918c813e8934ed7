import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / 'samples'
DATA = Path(__file__).resolve().parent / 'data'
SEED = SAMPLES / 'azerbaijan-energy.txt'


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
