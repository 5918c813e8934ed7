"""The held-out half stays held out: no run of eight words from an odd-indexed document of a dev
set (line indexes 1, 3, 5...) appears in the package or the tests; and no test sentence or rule
example is taken from the tuning half either (no run of eight words of any dev document).

The rules and the kind classifier were tuned on the even-indexed documents; a sentence of an odd
one quoted in a rule, a comment or a test would be tuning on the half whose figures are meant for
unseen news. Left out: the copies of the dev files themselves (tests/data/), binary files (the
trained weights, the knowledge base) and the gazetteers (newsner/data/*.csv), whose rows are
official names of bodies ("Федеральная служба по надзору в сфере связи, ..."), spelt alike by
every text that names them.
"""
import json
import re

import pytest

from conftest import DATA, ROOT, missing

RUN = 8
WORD = re.compile(r'\w+(?:[-‐]\w+)*')
SHARED = ROOT.parent / 'shared' / 'data'
DEV_SETS = {
    'factru-dev': DATA / 'factru-dev.jsonl',
    'nerel-dev': SHARED / 'nerel-dev.jsonl',
}
TEXT_SUFFIXES = ('.py', '.txt', '.md', '.json', '.jsonl', '.csv', '.tsv', '.html', '.css', '.toml', '.cfg')


def runs(text, length=RUN):
    """The runs of ``length`` words of a text, lower case, "ё" as "е"."""
    words = [w.lower().replace('ё', 'е') for w in WORD.findall(text)]
    return {tuple(words[i:i + length]) for i in range(len(words) - length + 1)}


def dev_runs(path, first=1, step=2):
    """{run of words: the index of the document it comes from} of the documents ``first``,
    ``first + step``... of a dev file (by default the odd ones)."""
    with open(path, encoding='utf-8') as file:
        docs = [json.loads(line) for line in file if line.strip()]
    found = {}
    for index in range(first, len(docs), step):
        for run in runs(docs[index]['text']):
            found.setdefault(run, index)
    return found


def checked_files():
    for folder in ('newsner', 'tests'):
        for path in sorted((ROOT / folder).rglob('*')):
            relative = path.relative_to(ROOT).as_posix()
            if not path.is_file() or path.suffix not in TEXT_SUFFIXES or relative.startswith('tests/data/'):
                continue
            if relative.startswith('newsner/data/') and path.suffix == '.csv':
                continue  # gazetteers: official names
            yield relative, path


def quotations(dev_path, first=1, step=2):
    quoted = dev_runs(dev_path, first, step)
    found = []
    for relative, path in checked_files():
        for run in sorted(runs(path.read_text(encoding='utf-8', errors='replace')) & quoted.keys()):
            found.append('%s quotes document %d: %s' % (relative, quoted[run], ' '.join(run)))
    return found


@pytest.mark.parametrize('name', sorted(DEV_SETS))
@pytest.mark.parametrize('half, first', [('held-out', 1), ('tuning', 0)])
def test_no_dev_document_is_quoted(name, half, first):
    # the held-out half above all; and test sentences are our own, so not the tuning half either
    path = DEV_SETS[name]
    if not path.exists():
        missing(str(path), 'the check of %s needs the team\'s dev data beside the project '
                '(docs/accuracy.md, "The dev data and its scorers")' % name)
    assert not quotations(path, first=first, step=2), 'the %s half of %s is quoted' % (half, name)


def test_runs_catch_a_quotation_whatever_its_case_and_punctuation():
    source = 'Вчера вечером Иван Петров, глава сельской управы, открыл новый мост через реку.'
    quoted = "('вчера вечером иван петров — глава сельской управы — открыл новый мост',)"
    assert runs(source) & runs(quoted)
    assert not runs(source) & runs('Иван Петров открыл мост через реку вчера вечером, как глава управы.')
