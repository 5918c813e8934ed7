"""Parallel runs: order, and workers that die or raise. Model-free except the last test."""
import multiprocessing
import os
import signal
import subprocess
import sys

import pytest

from newsner import parallel
from newsner.parallel import DIED, LOCAL_BATCH, chop, run_parallel
from newsner.records import Document, Text


class Fake:
    """A stand-in for the Extractor in the workers: one empty Document per text.

    A text 'die' kills its worker every time; 'die-once:PATH' kills it only while
    PATH does not exist (and creates it), so a retry succeeds; 'raise' raises.
    """

    def __init__(self, **options):
        self.options = options

    def process(self, batch):
        docs = []
        for item in batch:
            if item.text == 'die':
                os.kill(os.getpid(), signal.SIGKILL)
            if item.text.startswith('die-once:'):
                path = item.text.split(':', 1)[1]
                if not os.path.exists(path):
                    open(path, 'w').close()
                    os.kill(os.getpid(), signal.SIGKILL)
            if item.text == 'raise':
                raise ValueError('bad text')
            docs.append(Document(id=item.id, text=item.text, encoding=item.encoding))
        return docs


def texts(values):
    return [Text(id='d%d' % i, text=value, encoding='utf-8') for i, value in enumerate(values)]


def run(items, batch_size=3):
    return list(run_parallel(items, {}, batch_size=batch_size, jobs=2, factory=Fake))


def test_chop():
    assert list(chop(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chop([], 3)) == []


def test_documents_in_input_order():
    items = texts(['t%d' % i for i in range(20)])
    docs = run(items)
    assert [(d.id, d.text, d.error) for d in docs] == [(t.id, t.text, '') for t in items]


def test_error_texts_pass_through():
    items = [Text('a', 'x'), Text('b', error='b: broken'), Text('c', 'y')]
    assert [d.id for d in run(items)] == ['a', 'b', 'c']


@pytest.mark.skipif(not hasattr(signal, 'SIGKILL'), reason='no SIGKILL')
def test_worker_killed_once_its_documents_are_retried(tmp_path):
    values = ['t%d' % i for i in range(20)]
    values[7] = 'die-once:%s' % (tmp_path / 'marker')
    docs = run(texts(values))
    assert [(d.id, d.error) for d in docs] == [('d%d' % i, '') for i in range(20)]
    assert (tmp_path / 'marker').exists()


@pytest.mark.skipif(not hasattr(signal, 'SIGKILL'), reason='no SIGKILL')
def test_document_that_always_kills_its_worker_is_an_error_and_only_it():
    values = ['t%d' % i for i in range(14)]
    values[4] = values[12] = 'die'
    docs = run(texts(values))
    assert [d.id for d in docs] == ['d%d' % i for i in range(14)]
    failed = [d for d in docs if d.error]
    assert [d.id for d in failed] == ['d4', 'd12']
    assert failed[0].error == 'd4: ' + DIED
    assert failed[0].encoding == 'utf-8'
    assert all(d.text == values[i] for i, d in enumerate(docs) if not d.error)


def test_document_that_raises_is_an_error_and_only_it():
    values = ['a', 'b', 'raise', 'c', 'd']
    docs = run(texts(values))
    assert [(d.id, d.error) for d in docs] == [
        ('d0', ''), ('d1', ''), ('d2', 'd2: internal error: ValueError: bad text'), ('d3', ''), ('d4', '')]


def test_this_process_works_while_the_workers_start(monkeypatch):
    # the fork server is held back until this process has run two parts itself
    state = {'ready': False}
    here = []

    def local(batch):
        here.extend(item.id for item in batch)
        if len(here) >= 2 * LOCAL_BATCH:
            state['ready'] = True  # from the next batch on, the workers take the work
        return [Document(id=item.id, text='here', encoding=item.encoding) for item in batch]

    monkeypatch.setattr(parallel, 'server_ready', lambda: state['ready'])
    items = texts(['t%d' % i for i in range(100)])
    docs = list(run_parallel(items, {}, batch_size=20, jobs=2, factory=Fake, local=local))
    assert [d.id for d in docs] == [item.id for item in items]
    assert [d.id for d in docs if d.text == 'here'] == here == [item.id for item in items[:len(here)]]
    assert 2 * LOCAL_BATCH <= len(here) <= 20
    assert all(d.text == item.text for d, item in zip(docs[len(here):], items[len(here):]))


def test_a_new_fork_server_tells_when_it_has_loaded_the_models(tmp_path):
    # in a fresh process: the server starts, loads the models, then says so
    script = (
        'import time\n'
        'from newsner import parallel\n'
        'assert parallel.start_server()\n'
        'assert not parallel.server_ready()\n'
        'deadline = time.monotonic() + 120\n'
        'while not parallel.server_ready():\n'
        '    assert time.monotonic() < deadline\n'
        '    time.sleep(0.02)\n'
        'print("ready")\n')
    result = subprocess.run([sys.executable, '-c', script], capture_output=True, text=True, timeout=180,
                            env=dict(os.environ, TMPDIR=str(tmp_path)))
    assert (result.returncode, result.stdout, result.stderr) == (0, 'ready\n', '')
    assert list(tmp_path.iterdir()) == []  # the file was removed once seen


def pool_workers():
    return multiprocessing.active_children()


@pytest.mark.skipif(not hasattr(signal, 'SIGKILL'), reason='no SIGKILL')
def test_real_worker_killed_mid_run_every_document_accounted_for(extractor, seed_text):
    # the real extractor in two workers; one of them is killed once the workers
    # have started (this process runs the first texts itself while they start):
    # the documents in flight are run again
    items = [('a%d' % i, seed_text) for i in range(200)]
    docs = extractor.pipe(items, batch_size=2, jobs=2)
    seen = []
    for doc in docs:
        seen.append(doc)
        if pool_workers():
            break
    workers = pool_workers()
    assert workers and len(seen) < 150
    os.kill(workers[0].pid, signal.SIGKILL)
    seen += list(docs)
    assert [d.id for d in seen] == ['a%d' % i for i in range(200)]
    assert all(not d.error for d in seen)
    expected = extractor(seed_text)
    assert all(d.entities == expected.entities for d in seen)
