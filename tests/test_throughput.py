"""Parallel and streaming extraction: same output as one process, bounded memory, quiet stdout."""
import fcntl
import itertools
import json
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest

from newsner.parallel import WINDOW

from conftest import SAMPLES

SENTENCES = [
    'Министр иностранных дел России Сергей Лавров прилетел в Женеву.',
    'Компания «Газпром нефть» и Сбербанк подписали соглашение в Санкт-Петербурге.',
    'Президент США Джо Байден позвонил канцлеру Германии Олафу Шольцу.',
    'В Казани прошла встреча Рустама Минниханова с делегацией из Узбекистана.',
    'Агентство Reuters сообщило, что ExxonMobil уходит с проекта «Сахалин-1».',
    '',
    'Ничего интересного не произошло.',
]


def generated(count):
    """A stream of short news-like documents, each with a distinct id."""
    texts = itertools.cycle(SENTENCES)
    return (('doc-%d' % i, '%s Номер %d.' % (next(texts), i)) for i in range(count))


@pytest.fixture(scope='module')
def sample_texts():
    return [(p.name, p.read_text(encoding='utf-8')) for p in sorted(SAMPLES.glob('*.txt'))]


def test_two_jobs_equal_one_job(extractor, sample_texts):
    items = sample_texts + list(generated(150))
    one = list(extractor.pipe(items, batch_size=8, jobs=1))
    two = list(extractor.pipe(items, batch_size=8, jobs=2))
    assert [d.id for d in two] == [id for id, _ in items]
    assert two == one
    assert sum(len(d.entities) for d in one) > 300


def test_parallel_pipe_streams_with_a_bounded_window(extractor):
    consumed = []

    def source():
        for item in generated(400):
            consumed.append(item[0])
            yield item

    batch_size, jobs = 4, 2
    docs = extractor.pipe(source(), batch_size=batch_size, jobs=jobs)
    first = next(docs)
    assert first.id == 'doc-0'
    # the first document comes back while most of the input is still unread
    assert len(consumed) <= (jobs * WINDOW + 1) * batch_size
    rest = list(docs)
    assert [d.id for d in rest] == ['doc-%d' % i for i in range(1, 400)]


def resident_bytes():
    with open('/proc/self/statm') as file:
        return int(file.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')


def test_long_stream_keeps_memory_flat(extractor):
    docs = extractor.pipe(generated(2000), batch_size=32)
    list(itertools.islice(docs, 1000))  # caches fill up on the repeated names
    middle = resident_bytes()
    assert len(list(docs)) == 1000
    end = resident_bytes()
    # the second thousand documents may not grow the process by more than 10 MB
    assert end - middle < 10 * 2 ** 20, (middle, end)


def test_progress_goes_to_the_terminal_never_to_stdout(tmp_path):
    feed = tmp_path / 'feed.jsonl'
    with open(feed, 'w', encoding='utf-8') as file:
        for id, text in generated(60):
            file.write(json.dumps({'id': id, 'text': text}, ensure_ascii=False) + '\n')
    master, slave = pty.openpty()  # stderr is a terminal, stdout a pipe
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 100, 0, 0))
    try:
        result = subprocess.run([sys.executable, '-m', 'newsner', str(feed), '-f', 'jsonl', '-j', '1'],
                                stdout=subprocess.PIPE, stderr=slave, timeout=300)
        os.close(slave)
        terminal = b''
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            terminal += chunk
    finally:
        os.close(master)
    assert result.returncode == 0
    lines = result.stdout.decode('utf-8').splitlines()
    assert [json.loads(line)['id'] for line in lines] == ['doc-%d' % i for i in range(60)]
    screen = terminal.decode('utf-8', 'replace')
    assert '60/60' in screen and 'docs/s' in screen
    assert 'newsner: 60 documents' in screen
