"""newsner on a real Dask cluster: two worker processes, the bag, dataframe and CLI paths,
and a worker killed mid-run. Every result is compared with a local run (Extractor.pipe, jobs=1)."""
import csv
import io
import json
import logging
import os
import random
import signal
import time
from dataclasses import replace

import dask.bag
import dask.dataframe
import distributed
import pandas
import pytest
from click.testing import CliRunner

import newsner.dask
from newsner.cli import cli
from newsner.pipeline import Extractor
from newsner.records import Text
from newsner.writers import write_csv, write_jsonl

from conftest import SAMPLES

PEOPLE = ['Сергей Лавров', 'Владимир Путин', 'Эльвира Набиуллина', 'Алексей Миллер', 'Парвиз Шахбазов',
          'Ангела Меркель', 'Дмитрий Песков', 'Ильхам Алиев']
PLACES = ['Москву', 'Баку', 'Санкт-Петербург', 'Германию', 'Казань', 'Китай', 'Новосибирск']
BODIES = ['министерства энергетики', 'компании «Газпром»', 'Сбербанка', 'ООН', 'агентства ТАСС',
          'Государственной думы', 'Центрального банка']
TEMPLATES = [
    '{p} прилетел в {l}, где встретился с представителями {o}.',
    'Как сообщает пресс-служба {o}, {p} посетит {l} на следующей неделе.\n\n{q} отказался от комментариев.',
    'В {l} прошли переговоры: {p} и {q} обсудили работу {o}. Итоги подвели в {m}.',
    'Пресс-секретарь {o} заявил, что {p} не приедет в {l}.',
    'Новость дня: погода в {l} испортилась.',
    '',
]


def generated(count=200, seed=8):
    """(id, text) pairs of short news-like texts, an empty one among them."""
    rng = random.Random(seed)
    items = []
    for index in range(count):
        p, q = rng.sample(PEOPLE, 2)
        l, m = rng.sample(PLACES, 2)
        text = rng.choice(TEMPLATES).format(p=p, q=q, l=l, m=m, o=rng.choice(BODIES))
        items.append(('g%03d' % index, text))
    return items


@pytest.fixture(scope='module')
def texts():
    samples = [(path.name, path.read_text(encoding='utf-8')) for path in sorted(SAMPLES.glob('*.txt'))]
    return samples + generated()


@pytest.fixture(scope='module')
def local(extractor, texts):
    """The documents of a local run, in order."""
    return list(extractor.pipe(texts, jobs=1))


@pytest.fixture(scope='module')
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=':0', silence_logs=logging.CRITICAL)
    client = distributed.Client(cluster)
    pids = set()
    try:
        yield client
        pids = {pid for pid in client.run(os.getpid).values()}
    finally:
        client.close()
        cluster.close()
    deadline = time.monotonic() + 10
    while pids and time.monotonic() < deadline:
        pids = {pid for pid in pids if _alive(pid)}
        time.sleep(0.1)
    assert not pids, 'worker processes left running'


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def records(texts):
    return [{'id': id, 'text': text} for id, text in texts]


def test_bag_of_records_equals_local(client, texts, local):
    bag = dask.bag.from_sequence(records(texts), npartitions=7)
    assert client.compute(newsner.dask.extract_bag(bag)).result() == [d.as_dict() for d in local]
    assert any(d.relations for d in local)  # relations come back from the workers too


def test_one_extractor_per_worker_process(client, texts):
    def extractors():
        import newsner.dask
        from newsner.models import load_models
        return [id(e) for e, _ in newsner.dask._extractors.values()], load_models.cache_info().misses

    before = client.run(extractors)
    bag = dask.bag.from_sequence(records(texts[:40]), npartitions=8)
    client.compute(newsner.dask.extract_bag(bag)).result()
    after = client.run(extractors)
    assert len(after) == 2
    for worker, (ids, loads) in after.items():
        assert len(ids) == 1 and loads == 1
        assert not before[worker][0] or before[worker] == (ids, loads)


def test_bag_of_strings_named_by_position(client, extractor, texts):
    strings = [text for _, text in texts[:12]]
    bag = dask.bag.from_sequence(strings, npartitions=5)
    got = client.compute(newsner.dask.extract_bag(bag, text=True)).result()
    assert got == [d.as_dict(text=True) for d in extractor.pipe(strings)]
    assert [d['id'] for d in got] == [str(i) for i in range(12)]


def test_bag_items_of_every_shape(client, extractor):
    text = 'Сергей Лавров прилетел в Москву.'
    items = [text, ('pair', text), Text('record', text), {'id': 'dict', 'text': text},
             {'text': text}, {'id': 'no-text'}, {'id': 'number', 'text': 5}, 7]
    got = client.compute(newsner.dask.extract_bag(dask.bag.from_sequence(items, npartitions=3),
                                                  types=['PER'])).result()
    assert [d['id'] for d in got] == ['0', 'pair', 'record', 'dict', '4', 'no-text', 'number', '7']
    assert [bool(d['error']) for d in got] == [False] * 5 + [True] * 3
    people = Extractor(types=['PER'])(text).as_dict()['entities']
    assert all(d['entities'] == people for d in got[:5])
    assert "no 'text' field" in got[5]['error']


def csv_rows(docs):
    file = io.StringIO()
    write_csv(docs, file, safe=False)
    file.seek(0)
    return list(csv.DictReader(file))


def test_dataframe_equals_local_csv(client, texts, local):
    frame = pandas.DataFrame({'doc': [id for id, _ in texts], 'text': [text for _, text in texts]})
    df = dask.dataframe.from_pandas(frame, npartitions=5)
    mentions = newsner.dask.extract_dataframe(df, text_column='text', id_column='doc')
    got = client.compute(mentions).result()
    assert list(got.columns) == newsner.dask.COLUMNS
    assert dict(got.dtypes) == dict(mentions.dtypes)
    rows = [{key: str(value) for key, value in row.items()} for row in got.to_dict('records')]
    assert rows == csv_rows(local)


def test_dataframe_ids_from_the_index(client, extractor):
    frame = pandas.DataFrame({'body': ['Сергей Лавров прилетел в Москву.', None, 'Баку.']},
                             index=[10, 20, 30])
    df = dask.dataframe.from_pandas(frame, npartitions=2)
    got = client.compute(newsner.dask.extract_dataframe(df, text_column='body')).result()
    assert got[['id', 'entity', 'start']].values.tolist() == [
        [10, 'Сергей Лавров', 0], [10, 'Москва', 25], [30, 'Баку', 0]]
    with pytest.raises(KeyError, match='text_column'):
        newsner.dask.extract_dataframe(df)


def test_cli_on_the_cluster_equals_local(client, texts, local, tmp_path):
    feed = tmp_path / 'feed.jsonl'
    feed.write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in records(texts)), encoding='utf-8')
    address = client.scheduler.address
    runner = CliRunner()
    result = runner.invoke(cli, [str(feed), '--scheduler', address, '-f', 'jsonl', '-q', '--batch-size', '8'])
    assert result.exit_code == 0, result.output
    expected = io.StringIO()
    write_jsonl([replace(d, encoding='utf-8') for d in local], expected)
    assert result.stdout == expected.getvalue()

    for format in ['json', 'csv']:
        here = runner.invoke(cli, [str(SAMPLES), '-f', format, '-j', '1', '-q'])
        there = runner.invoke(cli, [str(SAMPLES), '-f', format, '-q', '--scheduler', address])
        assert there.exit_code == 0, there.output
        assert there.stdout == here.stdout


def test_cli_web_formats_on_the_cluster_equal_local(client, tmp_path):
    from webinputs import INDEX, page, rss, warc
    (tmp_path / 'a.html').write_text(page(), encoding='utf-8')
    (tmp_path / 'b.html').write_text(INDEX, encoding='utf-8')
    (tmp_path / 'c.rss').write_bytes(rss())
    (tmp_path / 'd.warc.gz').write_bytes(warc([('https://x.ru/a', page().encode('cp1251'), 'text/html')]))
    args = [str(tmp_path), '--glob', '*', '-f', 'jsonl', '-q', '--with-text']
    runner = CliRunner()
    here = runner.invoke(cli, args + ['-j', '1'])
    there = runner.invoke(cli, args + ['--scheduler', client.scheduler.address])
    assert there.exit_code == here.exit_code == 1  # b.html has no article
    assert there.stdout == here.stdout
    docs = [json.loads(line) for line in there.stdout.splitlines()]
    assert [d.get('source_format') for d in docs] == ['html', 'html', 'feed', 'feed', 'feed', 'warc']
    assert docs[0]['title'] and docs[-1]['encoding'] == 'cp1251' and docs[-1]['entities']


def test_cli_local_cluster(texts):
    runner = CliRunner()
    here = runner.invoke(cli, [str(SAMPLES), '-f', 'jsonl', '-j', '1', '-q'])
    there = runner.invoke(cli, [str(SAMPLES), '-f', 'jsonl', '-q', '--scheduler', 'local', '-j', '1'])
    assert there.exit_code == 0, there.output
    assert there.stdout == here.stdout


def test_cli_scheduler_out_of_reach(monkeypatch):
    monkeypatch.setattr(newsner.dask, 'CONNECT_TIMEOUT', 1)
    result = CliRunner().invoke(cli, [str(SAMPLES), '--scheduler', 'tcp://127.0.0.1:9', '-f', 'jsonl'])
    assert result.exit_code == 1
    assert 'cannot reach the Dask scheduler at tcp://127.0.0.1:9' in result.output
    assert result.stdout == ''


def test_pipe_reports_a_batch_that_fails_one_text_at_a_time(client):
    settings = newsner.dask.options(gazetteers=['/nonexistent/names.csv'], batch_size=2)
    items = [Text('a', 'Баку.'), Text('b', error='b: cannot be read'), Text('c', 'Москва.')]
    docs = list(newsner.dask.pipe(items, settings, scheduler=client.scheduler.address))
    assert [d.id for d in docs] == ['a', 'b', 'c']
    assert docs[1].error == 'b: cannot be read'
    assert all('internal error: ValueError: cannot read gazetteer' in d.error for d in (docs[0], docs[2]))


def kill_one_worker_mid_run(client, future=None):
    pids = client.run(os.getpid)
    deadline = time.monotonic() + 30
    while not any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert future is None or not future.done()
    os.kill(sorted(pids.values())[0], signal.SIGKILL)
    return pids


def test_killed_worker_on_the_cli_path(client, texts, local):
    settings = newsner.dask.options(batch_size=8)
    items = [Text(id, text) for id, text in texts]
    docs = newsner.dask.pipe(items, settings, scheduler=client.scheduler.address)
    first = next(docs)
    kill_one_worker_mid_run(client)
    assert [first] + list(docs) == local
    client.wait_for_workers(2, timeout=30)


def test_killed_worker_loses_no_documents(client, texts, local):
    # the texts four times over: a run of a few seconds, so that a worker dies in the middle of it
    pids = client.run(os.getpid)
    bag = dask.bag.from_sequence(records(texts) * 4, npartitions=20)
    future = client.compute(newsner.dask.extract_bag(bag))
    kill_one_worker_mid_run(client, future)
    assert future.result(timeout=120) == [d.as_dict() for d in local] * 4
    client.wait_for_workers(2, timeout=30)
    assert set(client.run(os.getpid).values()) != set(pids.values())
