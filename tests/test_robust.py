"""Bad inputs and broken runs end to end: every input accounted for, no traceback.

Each case checks the record, the message and the exit code. Most run through
click's CliRunner; a closed pipe and Ctrl-C run a real newsner process.
"""
import codecs
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest
from click.testing import CliRunner

from newsner.cli import cli

SENTENCE = 'Сергей Лавров прилетел в Москву.'
NAMES = ['Сергей Лавров', 'Москва']
SKIPPED = 'not a regular file: skipped unread (to read it, name it or pipe it in: newsner - < FILE)'


@pytest.fixture(scope='module')
def runner():
    return CliRunner()


def run(runner, args, input=None):
    result = runner.invoke(cli, args, input=input, catch_exceptions=False)
    assert 'Traceback' not in result.stderr
    return result


def jsonl(result):
    return [json.loads(line) for line in result.stdout.splitlines()]


def names(doc):
    return [e['name'] for e in doc['entities']]


def summary(result):
    return result.stderr.splitlines()[-1]


def folder_with(tmp_path, files):
    """A folder 'd' with the files {name: bytes}, and a good article 'a.txt' first."""
    root = tmp_path / 'd'
    root.mkdir()
    (root / 'a.txt').write_bytes(SENTENCE.encode())
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


# encodings

@pytest.mark.parametrize('encoding, data', [
    ('utf-8', SENTENCE.encode('utf-8')),
    ('utf-8', codecs.BOM_UTF8 + SENTENCE.encode('utf-8')),
    ('utf-16', SENTENCE.encode('utf-16')),
    ('utf-16', codecs.BOM_UTF16_BE + SENTENCE.encode('utf-16-be')),
    ('cp1251', SENTENCE.encode('cp1251')),
    ('koi8-r', SENTENCE.encode('koi8-r')),
])
def test_encodings_are_detected_and_reported(runner, tmp_path, encoding, data):
    path = tmp_path / 'x.txt'
    path.write_bytes(data)
    result = run(runner, [str(path), '--with-text'])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert (doc['encoding'], doc['error'], doc['text']) == (encoding, '', SENTENCE)
    assert names(doc) == NAMES
    for entity in doc['entities']:
        for mention in entity['mentions']:
            assert SENTENCE[mention['start']:mention['stop']] == mention['text']


def test_encoding_option_forces_one(runner, tmp_path):
    path = tmp_path / 'x.txt'
    path.write_bytes(SENTENCE.encode('koi8-r'))
    doc = json.loads(run(runner, [str(path), '--encoding', 'koi8-r']).stdout)
    assert (doc['encoding'], names(doc)) == ('koi8-r', NAMES)
    # forced, the wrong one is used as told
    result = run(runner, [str(path), '--encoding', 'utf-8'])
    assert result.exit_code == 1
    assert json.loads(result.stdout)['error'] == '%s: cannot be decoded as utf-8 (byte 0)' % path


def test_unknown_encoding_is_a_usage_error(runner, tmp_path):
    result = run(runner, ['-', '--encoding', 'no-such'], input=SENTENCE)
    assert result.exit_code == 2
    assert "unknown encoding 'no-such'" in result.stderr


@pytest.mark.parametrize('codec', ['undefined', 'hex', 'rot13'])
def test_a_codec_that_is_no_text_encoding_is_a_usage_error(runner, codec):
    result = run(runner, ['-', '--encoding', codec], input=SENTENCE)
    assert result.exit_code == 2
    assert "is not a text encoding" in result.stderr


@pytest.mark.parametrize('codec', ['hex', 'base64', 'bz2', 'quopri', 'rot13', 'uu', 'zlib', 'undefined'])
def test_a_page_declaring_a_codec_that_is_no_text_encoding_costs_nothing_else(runner, tmp_path, codec):
    good = tmp_path / 'ok.txt'
    good.write_bytes(SENTENCE.encode())
    bad = tmp_path / 'm.html'
    bad.write_bytes(('<meta charset="%s">' % codec).encode() + b'\xcf\xf3')
    result = run(runner, [str(good), str(bad), str(good), '-f', 'jsonl'])
    docs = jsonl(result)
    assert [(d['id'], names(d)) for d in docs] == [(str(good), NAMES), (str(bad), []), (str(good), NAMES)]
    assert docs[1]['error'].startswith('%s: ' % bad) and result.exit_code == 1


@pytest.mark.parametrize('data', [
    b'WARC/1.0\r\nWARC-Type: response\r\n',  # no WARC-Target-URI, cut short
    b'WARC/1.0\r\nWARC-Type: request\r\nWARC-Target-URI: https://x.ru/\r\nContent-Len',
    b'WARC/1.0\r\nWARC-Type: request\r\nWARC-Target-URI: https://x.ru/\r\nContent-Length: 1'
    + b'0' * 30 + b'\r\n\r\nGET / HTTP/1.1\r\n\r\n',
], ids=['no-uri', 'cut', 'huge-length'])
def test_a_broken_archive_costs_nothing_else(runner, tmp_path, data):
    good = tmp_path / 'ok.txt'
    good.write_bytes(SENTENCE.encode())
    bad = tmp_path / 't.warc'
    bad.write_bytes(data)
    result = run(runner, [str(good), str(bad), str(good), '-f', 'jsonl'])
    docs = jsonl(result)
    assert [names(d) for d in docs] == [NAMES, [], NAMES] and result.exit_code == 1
    assert docs[1]['id'].startswith(str(bad)) and docs[1]['error'].startswith('%s' % bad)


def test_undecodable_file_is_an_error_record_suggesting_the_option(runner, tmp_path):
    root = folder_with(tmp_path, {'b.txt': 'café résumé naïve'.encode('latin-1')})
    result = run(runner, [str(root), '-f', 'jsonl'])
    assert result.exit_code == 1
    docs = jsonl(result)
    assert [(d['id'], names(d)) for d in docs] == [('a.txt', NAMES), ('b.txt', [])]
    error = ('%s: not UTF-8 (byte 3) and no Cyrillic encoding fits; give the encoding, for example '
             '--encoding cp1251' % (root / 'b.txt'))
    assert docs[1]['error'] == error
    assert 'newsner: error: ' + error in result.stderr
    assert summary(result) == 'newsner: 2 documents, 2 entities, 1 failed'


# files that are not texts

def test_binary_files_in_a_folder(runner, tmp_path):
    png = b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01'
    controls = bytes(range(1, 32)) * 50 + b'\xff'
    root = folder_with(tmp_path, {'image.txt': png, 'blob.txt': controls})
    result = run(runner, [str(root), '-f', 'jsonl'])
    assert result.exit_code == 1
    docs = jsonl(result)
    assert [d['id'] for d in docs] == ['a.txt', 'blob.txt', 'image.txt']
    assert names(docs[0]) == NAMES
    assert docs[1]['error'] == '%s: binary data (control characters), not text' % (root / 'blob.txt')
    assert docs[2]['error'] == '%s: binary data (NUL bytes), not text' % (root / 'image.txt')
    assert docs[1]['entities'] == docs[2]['entities'] == []
    assert summary(result) == 'newsner: 3 documents, 2 entities, 2 failed'


def test_empty_and_blank_files_are_empty_documents(runner, tmp_path):
    root = folder_with(tmp_path, {'empty.txt': b'', 'blank.txt': b' \n\t \r\n'})
    result = run(runner, [str(root), '-f', 'jsonl'])
    assert result.exit_code == 0
    assert [(d['id'], d['entities'], d['error']) for d in jsonl(result)][1:] == [
        ('blank.txt', [], ''), ('empty.txt', [], '')]
    assert summary(result) == 'newsner: 3 documents, 2 entities, 0 failed'


def test_broken_symlink_and_loops_in_a_folder(runner, tmp_path):
    root = folder_with(tmp_path, {})
    (root / 'broken.txt').symlink_to(tmp_path / 'gone.txt')
    (root / 'loop.txt').symlink_to(root / 'loop.txt')
    (root / 'sub').mkdir()
    (root / 'sub' / 'up').symlink_to(root, target_is_directory=True)
    result = run(runner, [str(root), '-f', 'jsonl'])
    assert result.exit_code == 1
    docs = jsonl(result)
    assert [(d['id'], d['error']) for d in docs] == [
        ('a.txt', ''),
        ('broken.txt', '%s: broken symbolic link' % (root / 'broken.txt')),
        ('loop.txt', '%s: Too many levels of symbolic links' % (root / 'loop.txt')),
    ]
    assert summary(result) == 'newsner: 3 documents, 2 entities, 2 failed'


def test_broken_symlink_named(runner, tmp_path):
    link = tmp_path / 'link.txt'
    link.symlink_to(tmp_path / 'gone.txt')
    result = run(runner, [str(link), '-f', 'jsonl'])
    assert result.exit_code == 1
    assert jsonl(result)[0]['error'] == '%s: broken symbolic link' % link


@pytest.mark.skipif(not hasattr(os, 'mkfifo'), reason='no FIFOs here')
def test_fifos_and_devices_are_never_read(runner, tmp_path):
    # nothing writes to the FIFOs and /dev/zero never ends: reading either would hang
    root = folder_with(tmp_path, {})
    os.mkfifo(root / 'pipe.txt')
    args = [str(root), '-f', 'jsonl']
    if os.path.exists('/dev/zero'):
        args.insert(0, '/dev/zero')
    result = run(runner, args)
    assert result.exit_code == 1
    docs = {d['id']: d for d in jsonl(result)}
    assert names(docs['a.txt']) == NAMES
    assert docs['pipe.txt']['error'] == '%s: a named pipe (FIFO), %s' % (root / 'pipe.txt', SKIPPED)
    if os.path.exists('/dev/zero'):
        assert docs['/dev/zero']['error'] == '/dev/zero: a character device, %s' % SKIPPED


@pytest.mark.skipif(not os.path.exists('/bin/bash'), reason='needs bash')
def test_process_substitution_is_read(tmp_path):
    # newsner <(zcat feed.gz): a named pipe given on the command line is read
    script = 'printf "%s" | "$0" -m newsner <(cat) -f jsonl -q' % SENTENCE
    result = subprocess.run(['/bin/bash', '-c', script, sys.executable], capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (doc,) = [json.loads(line) for line in result.stdout.decode('utf-8').splitlines()]
    assert doc['id'].startswith('/dev/fd/') and doc['error'] == ''
    assert {(e['type'], e['name']) for e in doc['entities']} >= {('PER', 'Сергей Лавров')}


def test_missing_path_named(runner, tmp_path):
    result = run(runner, [str(tmp_path / 'nope.txt'), '-f', 'jsonl'])
    assert result.exit_code == 1
    assert jsonl(result) == [{'id': str(tmp_path / 'nope.txt'), 'encoding': None, 'entities': [], 'relations': [],
                              'error': '%s: no such file or folder' % (tmp_path / 'nope.txt')}]
    # one path promises one text: a JSON object, even when the path is missing
    result = run(runner, [str(tmp_path / 'nope.txt')])
    assert json.loads(result.stdout)['error'] == '%s: no such file or folder' % (tmp_path / 'nope.txt')
    result = run(runner, [str(tmp_path / 'nope.jsonl')])
    assert [d['id'] for d in json.loads(result.stdout)] == [str(tmp_path / 'nope.jsonl')]


# JSONL lines

def test_bad_jsonl_lines_cost_only_themselves(runner, tmp_path):
    feed = tmp_path / 'feed.jsonl'
    lines = [
        json.dumps({'id': 'ok', 'text': SENTENCE}, ensure_ascii=False),
        '{"id": "cut", "text": "Серг',
        json.dumps({'id': 'no-text', 'body': SENTENCE}, ensure_ascii=False),
        json.dumps({'id': 'number', 'text': 5}),
        json.dumps({'id': 'last', 'text': SENTENCE}, ensure_ascii=False),
    ]
    feed.write_text('\n'.join(lines) + '\n', encoding='utf-8')
    result = run(runner, [str(feed), '-f', 'jsonl'])
    assert result.exit_code == 1
    docs = jsonl(result)
    assert [d['id'] for d in docs] == ['ok', '%s:2' % feed, 'no-text', 'number', 'last']
    assert names(docs[0]) == names(docs[4]) == NAMES
    assert docs[1]['error'].startswith('%s, line 2: not valid JSON (' % feed)
    assert docs[2]['error'] == "%s, line 3: no 'text' field (choose another with --text-field)" % feed
    assert docs[3]['error'] == "%s, line 4: the 'text' field is a number, not a string" % feed
    assert summary(result) == 'newsner: 5 documents, 4 entities, 3 failed'
    # in csv the rows are the good documents' and the errors go to stderr
    result = run(runner, [str(feed), '-f', 'csv'])
    assert result.exit_code == 1
    assert {line.split(',')[0] for line in result.stdout.splitlines()[1:]} == {'ok', 'last'}
    assert result.stderr.count('newsner: error: ') == 3


def test_lone_surrogate_gives_valid_utf8_json(runner, tmp_path):
    feed = tmp_path / 'feed.jsonl'
    feed.write_text('{"id": "s", "text": "%s \\ud800 конец"}\n' % SENTENCE, encoding='utf-8')
    result = runner.invoke(cli, [str(feed), '-f', 'jsonl', '--with-text'], catch_exceptions=False)
    assert result.exit_code == 0
    line = result.stdout_bytes.decode('utf-8')  # strict: valid UTF-8
    doc = json.loads(line)
    assert doc['text'] == SENTENCE + ' ? конец'
    assert names(doc) == NAMES


# a broken pipe and Ctrl-C, in a real process

@pytest.fixture(scope='module')
def big(tmp_path_factory):
    """A folder of 3,000 articles: a run of many seconds, so still running when interrupted."""
    root = tmp_path_factory.mktemp('big')
    text = (SENTENCE + ' ') * 40
    for index in range(3000):
        (root / ('%04d.txt' % index)).write_text(text, encoding='utf-8')
    return root


#: the exit status of a run ended by Ctrl-C: 130, or "killed by SIGINT" when a
#: second Ctrl-C of the process group lands as the interpreter ends; a shell
#: reports both as 130
INTERRUPTED = (130, -signal.SIGINT)


def newsner(args, mark, env_extra=None, **options):
    env = dict(os.environ, NEWSNER_TEST_MARK=mark, **(env_extra or {}))
    return subprocess.Popen([sys.executable, '-m', 'newsner'] + args, env=env,
                            stderr=subprocess.PIPE, **options)


def marked_processes(mark):
    # the processes (the worker processes too) started with this mark
    found = []
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open('/proc/%s/environ' % pid, 'rb') as file:
                if ('NEWSNER_TEST_MARK=%s' % mark).encode() in file.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def gone(mark, seconds=10):
    deadline = time.monotonic() + seconds
    while marked_processes(mark):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


needs_proc = pytest.mark.skipif(not os.path.isdir('/proc/self'), reason='needs /proc')


@needs_proc
def test_closed_pipe_ends_quietly_with_its_workers(big):
    mark = uuid.uuid4().hex
    process = newsner([str(big), '-f', 'jsonl', '-j', '2'], mark, stdout=subprocess.PIPE)
    first = json.loads(process.stdout.readline())
    process.stdout.close()  # `| head -1`
    _, err = process.communicate(timeout=60)
    assert first['id'] == '0000.txt'
    assert err == b''
    assert process.returncode == 128 + signal.SIGPIPE
    assert gone(mark)


@needs_proc
def test_ctrl_c_stops_the_run_with_130_and_leaves_no_output_file(big, tmp_path):
    mark = uuid.uuid4().hex
    out = tmp_path / 'out.jsonl'
    process = newsner([str(big), '-f', 'jsonl', '-j', '2', '-o', str(out)], mark,
                      stdout=subprocess.DEVNULL, start_new_session=True)
    # wait until documents are being written to the temporary file
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size for p in tmp_path.glob('.out.jsonl.*.tmp')):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C goes to the whole process group
    _, err = process.communicate(timeout=30)
    assert process.returncode in INTERRUPTED and err.decode() == 'newsner: interrupted\n'
    assert list(tmp_path.iterdir()) == []
    assert gone(mark)


@needs_proc
def test_ctrl_c_while_the_fork_server_loads_the_models(big, tmp_path):
    # the fork server starts first, and loads the models before it can protect itself
    mark = uuid.uuid4().hex
    process = newsner([str(big), '-f', 'jsonl', '-j', '2', '-o', str(tmp_path / 'out.jsonl')], mark,
                      stdout=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    # the server runs, and newsner catches Ctrl-C again (it ignores it while it starts the server)
    while not (any(b'forkserver' in cmdline(pid) for pid in marked_processes(mark))
               and catches_sigint(process.pid)):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode in INTERRUPTED and err.decode() == 'newsner: interrupted\n'
    assert list(tmp_path.iterdir()) == []
    assert gone(mark)


INTERRUPT_WHILE_IMPORTING = """
import os, runpy, signal, sys

class Interrupt:
    # Ctrl-C while the command's modules are imported
    def find_spec(self, name, path=None, target=None):
        if name == %r:
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ['newsner', '--version']
runpy.run_module('newsner', run_name='__main__')
"""


@pytest.mark.parametrize('module', ['newsner.records', 'newsner.cli', 'click', 'newsner.sources'])
def test_ctrl_c_while_the_command_is_imported(module):
    result = subprocess.run([sys.executable, '-c', INTERRUPT_WHILE_IMPORTING % module],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert (result.returncode, result.stderr.decode(), result.stdout) == (130, 'newsner: interrupted\n', b'')


def catches_sigint(pid):
    try:
        with open('/proc/%d/status' % pid) as file:
            caught = next(int(line.split()[1], 16) for line in file if line.startswith('SigCgt:'))
    except (OSError, StopIteration):
        return False
    return bool(caught & (1 << (signal.SIGINT - 1)))


def cmdline(pid):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as file:
            return file.read()
    except OSError:
        return b''


# long texts: cut into pieces, offsets global

def test_long_line_without_spaces_then_a_sentence(extractor):
    from newsner.segment import MAX_PIECE
    text = 'ж' * (250 * MAX_PIECE) + '\n' + SENTENCE
    doc = extractor(text)
    assert [(m.text, m.start) for m in doc.mentions] == [
        ('Сергей Лавров', len(text) - len(SENTENCE)), ('Москву', len(text) - len('Москву.'))]
    assert all(text[m.start:m.stop] == m.text for m in doc.mentions)


def test_sentence_starts_piece_by_piece():
    from razdel import sentenize

    from newsner.segment import MAX_PIECE, sentence_starts, split_text
    short = 'Первое предложение. Второе! А третье?'
    assert sentence_starts(short) == [s.start for s in sentenize(short)] == [0, 20, 28]
    assert sentence_starts('') == sentence_starts('  \n ') == []
    # punctuation with no end makes sentenize slow beyond a piece: it never sees more
    text = '!?.,' * MAX_PIECE
    starts = sentence_starts(text)
    assert starts[0] == 0 and starts == sorted(set(starts))
    assert len(starts) >= len(split_text(text))


# any bytes in a file: a record, and offsets into the decoded text

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NEWSY = 'Сергей Лавров прилетел в Москву. ООО "Ромашка", Минфин России и Day.Az сообщили\n'


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=400),
    st.tuples(st.integers(0, len(NEWSY)), st.binary(max_size=20),
              st.sampled_from(['utf-8', 'cp1251', 'koi8-r', 'utf-16'])).map(
        lambda t: NEWSY[:t[0]].encode(t[2]) + t[1] + NEWSY[t[0]:].encode(t[2] if t[2] != 'utf-16' else 'utf-16-le')),
))
def test_any_bytes_through_reader_and_extractor(extractor, tmp_path, data):
    from newsner.sources import collect, read
    path = tmp_path / 'any.txt'
    path.write_bytes(data)
    (text,) = read(collect([str(path)]))
    (doc,) = extractor.pipe([text])
    assert doc.id == str(path)
    if text.error:
        assert doc.error == text.error and doc.entities == ()
    else:
        assert not doc.error and doc.encoding == text.encoding
        for mention in doc.mentions:
            assert text.text[mention.start:mention.stop] == mention.text


# under attack (issue 13): each promise of "Bad inputs" and "Exit status"

def good_line(id):
    return json.dumps({'id': id, 'text': SENTENCE}, ensure_ascii=False)


def test_deeply_nested_jsonl_line_is_one_error_record(runner, tmp_path):
    feed = tmp_path / 'feed.jsonl'
    deep = '{"id": "b", "text": "x", "m": %s%s}' % ('[' * 100000, ']' * 100000)
    feed.write_text('\n'.join([good_line('a'), deep, good_line('c')]) + '\n', encoding='utf-8')
    result = run(runner, [str(feed), '-f', 'jsonl'])
    assert result.exit_code == 1
    docs = jsonl(result)
    assert [d['id'] for d in docs] == ['a', '%s:2' % feed, 'c']
    assert names(docs[0]) == names(docs[2]) == NAMES
    assert docs[1]['error'] == '%s, line 2: not valid JSON (nested too deeply)' % feed


def test_deeply_nested_gold_and_gazetteer_are_clear_errors(runner, tmp_path):
    gold = tmp_path / 'gold.jsonl'
    gold.write_text('{"id": "a", "text": "x", "spans": %s%s}\n' % ('[' * 100000, ']' * 100000))
    result = run(runner, ['evaluate', str(gold)])
    assert result.exit_code == 1
    assert result.stderr.strip().endswith('%s, line 1: not valid JSON: nested too deeply' % gold)
    names_file = tmp_path / 'names.json'
    names_file.write_text('[%s%s]' % ('[' * 100000, ']' * 100000))
    result = run(runner, ['--gazetteer', str(names_file)], input=SENTENCE)
    assert result.exit_code == 2
    assert '%s: not valid JSON: nested too deeply' % names_file in result.stderr


def test_lone_surrogate_right_after_a_name(runner, tmp_path):
    feed = tmp_path / 'feed.jsonl'
    feed.write_text('{"id": "s", "text": "Сергей Лавров\\ud800 прилетел в Москву\\udc80."}\n')
    result = run(runner, [str(feed), '-f', 'jsonl'])
    assert result.exit_code == 0
    (doc,) = jsonl(result)
    assert doc['error'] == '' and names(doc) == NAMES


def test_lone_surrogate_in_a_dask_bag():
    import dask.bag

    import newsner.dask
    bag = dask.bag.from_sequence([{'id': 's', 'text': 'Сергей Лавров\ud800 прилетел в Москву.'},
                                  {'id': 't', 'text': SENTENCE}], npartitions=1)
    docs = newsner.dask.extract_bag(bag).compute(scheduler='sync')
    assert [d['error'] for d in docs] == ['', '']
    assert [names(d) for d in docs] == [NAMES, NAMES]


@pytest.mark.skipif(not (hasattr(os, 'geteuid') and os.geteuid() == 0 and os.path.exists('/usr/bin/setpriv')),
                    reason='needs root to run newsner without its file access capabilities')
def test_unreadable_inputs_as_a_user(tmp_path):
    # as root, permission bits do not stop reads: newsner runs without the
    # capabilities that override them (as root still, so that it can run the
    # interpreter wherever it is installed), as any user would
    (tmp_path / 'a.txt').write_text(SENTENCE)
    (tmp_path / 'secret.txt').write_text(SENTENCE)
    os.chmod(tmp_path / 'secret.txt', 0)
    locked = tmp_path / 'locked'
    locked.mkdir()
    (locked / 'inside.txt').write_text(SENTENCE)
    os.chown(locked, 65534, 65534)
    os.chmod(locked, 0o700)  # another user's folder, not searchable by others
    args = [str(tmp_path / 'secret.txt'), str(tmp_path / 'a.txt'), str(locked / 'inside.txt'), '-f', 'jsonl', '-j', '1']
    result = subprocess.run(['setpriv', '--bounding-set', '-dac_override,-dac_read_search',
                             sys.executable, '-m', 'newsner'] + args,
                            capture_output=True, timeout=300)
    err = result.stderr.decode()
    assert 'Traceback' not in err
    assert result.returncode == 1, err
    docs = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [d['error'] for d in docs] == ['%s: Permission denied' % (tmp_path / 'secret.txt'), '',
                                          '%s: Permission denied' % (locked / 'inside.txt')]
    assert names(docs[1]) == NAMES


class Endless(io.RawIOBase):
    """A stream of zeros with no newline, ``size`` bytes long, counting what was read."""

    def __init__(self, size):
        self.left = size
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.left)
        buffer[:count] = b'0' * count
        self.left -= count
        self.read_bytes += count
        return count


def test_endless_jsonl_line_on_stdin_ends_the_input(monkeypatch):
    from newsner import sources
    monkeypatch.setattr(sources, 'MAX_BYTES', 1 << 10)
    stream = Endless(64 << 20)  # 65,536 times the limit: "endless"
    monkeypatch.setattr(sys, 'stdin', io.TextIOWrapper(io.BufferedReader(stream)))
    (text,) = sources.read(sources.collect(['-'], jsonl=True))
    assert text.error.startswith('standard input, line 1: larger than ')
    assert stream.read_bytes < 1 << 20  # the rest is not read


def test_codec_raising_another_error(runner, tmp_path):
    feed = tmp_path / 'feed.jsonl'
    feed.write_bytes(b'abc-99999999999\n')
    text = tmp_path / 'a.txt'
    text.write_bytes(b'abc-99999999999')
    result = run(runner, [str(feed), str(text), '-f', 'jsonl', '--encoding', 'punycode'])
    assert result.exit_code == 1
    docs = jsonl(result)
    assert [d['id'] for d in docs] == ['%s:1' % feed, str(text)]
    assert docs[0]['error'].startswith('%s, line 1: cannot be decoded as punycode' % feed)
    assert docs[1]['error'].startswith('%s: cannot be decoded as punycode' % text)


# output faults

@pytest.mark.skipif(not os.path.exists('/dev/full'), reason='needs /dev/full')
def test_full_disk_fake(runner, tmp_path, monkeypatch):
    # the disk fills up while the output is written: the output file's
    # descriptor is pointed at /dev/full, where every write fails with ENOSPC
    from newsner import writers
    write_jsonl = writers.FORMATS['jsonl']

    def write_then_fill(docs, file, **options):
        full = os.open('/dev/full', os.O_WRONLY)
        os.dup2(full, file.fileno())
        os.close(full)
        write_jsonl(docs, file, **options)

    monkeypatch.setitem(writers.FORMATS, 'jsonl', write_then_fill)
    out = tmp_path / 'out.jsonl'
    result = run(runner, ['-', '-f', 'jsonl', '-o', str(out)], input=SENTENCE)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == 'newsner: error: cannot write %s: No space left on device' % out
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a tmpfs of 64 KiB, where the machine allows mounting one."""
    folder = tmp_path / 'small'
    folder.mkdir()
    mounted = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', str(folder)],
                             capture_output=True).returncode == 0
    if not mounted:
        pytest.skip('cannot mount a tmpfs here (test_full_disk_fake covers the case)')
    yield folder
    subprocess.run(['umount', str(folder)], check=True)


def test_full_disk(runner, small_disk):
    text = (SENTENCE + ' ') * 100
    out = small_disk / 'out.jsonl'
    lines = '\n'.join(json.dumps({'id': str(i), 'text': text}, ensure_ascii=False) for i in range(40))
    result = run(runner, ['--jsonl', '-', '-f', 'jsonl', '--with-text', '-j', '1', '-o', str(out)], input=lines)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == 'newsner: error: cannot write %s: No space left on device' % out
    assert list(small_disk.iterdir()) == []


@pytest.mark.skipif(not os.path.exists('/dev/full'), reason='needs /dev/full')
def test_full_stdout():
    with open('/dev/full', 'w') as full:
        result = subprocess.run([sys.executable, '-m', 'newsner', '-j', '1'], input=SENTENCE.encode(),
                                stdout=full, stderr=subprocess.PIPE, timeout=300)
    assert (result.returncode, result.stderr.decode()) == (
        1, 'newsner: error: cannot write standard output: No space left on device\n')


def pymp_folders(folder):
    return [p for p in os.listdir(folder) if p.startswith('pymp-')]


@needs_proc
def test_sigterm_stops_the_run_like_ctrl_c(big, tmp_path):
    mark = uuid.uuid4().hex
    temp = tmp_path / 'temp'
    temp.mkdir()
    out = tmp_path / 'out'
    out.mkdir()
    process = newsner([str(big), '-f', 'jsonl', '-j', '2', '-o', str(out / 'out.jsonl')], mark,
                      stdout=subprocess.DEVNULL, env_extra={'TMPDIR': str(temp)})
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size for p in out.glob('.out.jsonl.*.tmp')):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    process.terminate()  # SIGTERM, to newsner only (as timeout, systemd or Docker send it)
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err.decode()) == (143, 'newsner: terminated\n')
    assert list(out.iterdir()) == []
    assert gone(mark)
    assert pymp_folders(temp) == []


@needs_proc
def test_ctrl_c_with_a_local_dask_cluster(big, tmp_path):
    mark = uuid.uuid4().hex
    temp = tmp_path / 'temp'
    temp.mkdir()
    out = tmp_path / 'out'
    out.mkdir()
    process = newsner([str(big), '-f', 'jsonl', '--scheduler', 'local', '-j', '2', '-o', str(out / 'out.jsonl')],
                      mark, stdout=subprocess.DEVNULL, start_new_session=True, env_extra={'TMPDIR': str(temp)})
    deadline = time.monotonic() + 120
    while not any(p.stat().st_size for p in out.glob('.out.jsonl.*.tmp')):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode in INTERRUPTED and err.decode() == 'newsner: interrupted\n'
    assert list(out.iterdir()) == []
    assert gone(mark, 30)
    assert pymp_folders(temp) == []


@needs_proc
@pytest.mark.parametrize('number, status, message', [
    (signal.SIGINT, INTERRUPTED, 'newsner: interrupted\n'),
    (signal.SIGTERM, (143,), 'newsner: terminated\n'),  # to the whole group, as systemd sends it
])
def test_a_signal_while_the_local_dask_cluster_starts_is_not_lost(big, tmp_path, number, status, message):
    # the signal comes while the cluster starts, its worker processes spawned and
    # importing: it ends the run once the cluster is up
    mark = uuid.uuid4().hex
    out = tmp_path / 'out'
    out.mkdir()
    process = newsner([str(big), '-f', 'jsonl', '--scheduler', 'local', '-j', '2', '-o', str(out / 'out.jsonl')],
                      mark, stdout=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not any(b'spawn_main' in cmdline(pid) for pid in marked_processes(mark)):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    os.killpg(process.pid, number)
    _, err = process.communicate(timeout=60)
    assert process.returncode in status and err.decode() == message
    assert list(out.iterdir()) == []
    assert gone(mark, 30)


def test_output_naming_an_input_is_refused(runner, tmp_path):
    feed = tmp_path / 'feed.jsonl'
    feed.write_text(good_line('a') + '\n', encoding='utf-8')
    before = feed.read_bytes()
    result = run(runner, [str(feed), '-o', str(feed)])
    assert result.exit_code == 2
    assert "Invalid value for '-o' / '--output': %s is one of the inputs" % feed in result.stderr
    assert feed.read_bytes() == before
    root = folder_with(tmp_path, {})
    result = run(runner, [str(root), '-o', str(root / '.' / 'a.txt')])
    assert result.exit_code == 2
    assert (root / 'a.txt').read_text() == SENTENCE


@pytest.mark.parametrize('redirect, message', [
    ('<&-', 'newsner: error: standard input is closed: give the input as a file, or pipe it in'),
    ('>&-', 'newsner: error: standard output is closed: write to a file with -o FILE'),
])
def test_closed_stdin_or_stdout(redirect, message, tmp_path):
    script = 'exec "$0" -m newsner %s' % redirect
    result = subprocess.run(['/bin/sh', '-c', script, sys.executable], input=SENTENCE.encode(),
                            stdout=None if redirect == '>&-' else subprocess.PIPE,
                            stderr=subprocess.PIPE, timeout=300)
    err = result.stderr.decode()
    assert 'Traceback' not in err
    assert result.returncode == 2, err
    assert message in err


@pytest.mark.parametrize('args, code', [([], 0), (['bad.html', 'garbage.warc'], 1)], ids=['ok', 'failing'])
def test_closed_stderr(tmp_path, args, code):
    # `newsner x.txt -o out.json 2>&-`: the run is done and written, its messages go nowhere
    (tmp_path / 'x.txt').write_bytes(SENTENCE.encode())
    (tmp_path / 'bad.html').write_bytes(b'<meta charset="hex">\xcf\xf3')
    (tmp_path / 'garbage.warc').write_bytes(b'WARC/1.0\r\nContent-Length: 0\r\n\r\n\r\n\r\nnot\nwarc\n')
    script = 'exec "$0" -m newsner "$@" -o out.json 2>&-'
    result = subprocess.run(['/bin/sh', '-c', script, sys.executable, 'x.txt'] + args, cwd=tmp_path,
                            stdout=subprocess.PIPE, timeout=300)
    assert result.returncode == code and result.stdout == b''
    docs = json.loads((tmp_path / 'out.json').read_text(encoding='utf-8'))
    docs = docs if isinstance(docs, list) else [docs]
    assert names(docs[0]) == NAMES and len(docs) == 1 + len(args)


# malformed options

@pytest.mark.parametrize('name, content, message', [
    ('a.json', '[{"name": 123, "type": "ORG"}]', 'a.json, entry 1: the name must be a string, not a number'),
    ('b.json', '[{"name": "Ромашка", "type": ["ORG"]}]',
     "b.json, entry 1: the type of 'Ромашка' must be a string, not an array"),
    ('c.csv', 'name,type\n"%s",ORG\n' % ('я' * 200000), 'c.csv, line 2: field larger than field limit'),
])
def test_malformed_gazetteers_are_usage_errors(runner, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding='utf-8')
    result = run(runner, ['--gazetteer', str(path)], input=SENTENCE)
    assert result.exit_code == 2
    assert message in result.stderr


def test_gazetteer_too_large(runner, tmp_path, monkeypatch):
    from newsner.rules import gazetteer
    monkeypatch.setattr(gazetteer, 'MAX_BYTES', 100)
    path = tmp_path / 'big.csv'
    path.write_text('name,type\n' + 'Ромашка,ORG\n' * 20, encoding='utf-8')
    result = run(runner, ['--gazetteer', str(path)], input=SENTENCE)
    assert result.exit_code == 2
    assert '%s: larger than' % path in result.stderr


@pytest.mark.skipif(not hasattr(os, 'mkfifo'), reason='no FIFOs here')
def test_gazetteer_that_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / 'names.csv'
    os.mkfifo(fifo)
    for path in [str(fifo)] + (['/dev/zero'] if os.path.exists('/dev/zero') else []):
        # nothing writes to the FIFO: reading it would hang
        result = subprocess.run([sys.executable, '-m', 'newsner', '--gazetteer', path], input=SENTENCE.encode(),
                                capture_output=True, timeout=120)
        assert result.returncode == 2
        assert '%s: not a regular file' % path in result.stderr.decode()


@pytest.mark.parametrize('address', ['bogus://x', 'notanaddress', 'tcp://host:port'])
def test_bad_scheduler_address_is_a_usage_error(runner, address):
    result = run(runner, ['--scheduler', address], input=SENTENCE)
    assert result.exit_code == 2
    assert "Invalid value for '--scheduler'" in result.stderr


@pytest.mark.parametrize('address, why', [
    ('tls://127.0.0.1:1', 'needs TLS certificates'),
    ('wss://127.0.0.1:1', 'needs TLS certificates'),
    ('ucx://127.0.0.1:1', 'ucx'),
    ('inproc://x', 'in-process'),
    ('tcp://%s:8786' % ('a' * 300), 'not a host name'),
    ('tcp://%s.example.ru:8786' % ('a' * 64), 'not a host name'),
    ('tcp://news..example.ru:8786', 'not a host name'),
    ('tcp://127.0.0.1:99999', 'port'),
], ids=['tls', 'wss', 'ucx', 'inproc', 'long-host', 'long-label', 'empty-label', 'port'])
def test_a_scheduler_address_that_cannot_work_is_a_usage_error_at_once(tmp_path, address, why):
    pytest.importorskip('distributed')
    if address.startswith('ucx') and importable('ucp'):
        pytest.skip('ucx-py is installed here')
    result = subprocess.run([sys.executable, '-m', 'newsner', '-', '--scheduler', address], input=b'',
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    err = result.stderr.decode()
    assert result.returncode == 2 and "Invalid value for '--scheduler'" in err and why in err, err
    assert 'Traceback' not in err and 'Exception ignored' not in err


def importable(module):
    import importlib.util
    return importlib.util.find_spec(module) is not None


@pytest.mark.skipif(not hasattr(socket, 'AF_UNIX'), reason='no Unix sockets')
def test_sockets_are_not_regular_files(runner, tmp_path):
    root = folder_with(tmp_path, {})
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / 'sock.txt'))
    try:
        result = run(runner, [str(root), str(root / 'sock.txt'), '-f', 'jsonl'])
    finally:
        server.close()
    assert result.exit_code == 1
    docs = jsonl(result)
    error = '%s: a socket, %s' % (root / 'sock.txt', SKIPPED)
    assert [d['error'] for d in docs] == ['', error, error]


def test_default_extractor_loads_once_for_threads(monkeypatch):
    import threading

    import newsner
    import newsner.pipeline
    built = []

    class Slow:
        def __init__(self):
            built.append(self)
            time.sleep(0.2)

        def __call__(self, text):
            return text

    monkeypatch.setattr(newsner.pipeline, 'Extractor', Slow)
    monkeypatch.setattr(newsner, '_default', None)
    results = []
    threads = [threading.Thread(target=lambda: results.append(newsner.extract('x'))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and results == ['x'] * 4


THREADS_BUILDING_EXTRACTORS = """
import threading
from newsner import Extractor

built = []
threads = [threading.Thread(target=lambda: built.append(Extractor())) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
shared = [(e.ner, e.morph, e.vocab, e.rules, e.linker.kb) for e in built]
print(len(built), sum(all(a is b for a, b in zip(s, shared[0])) for s in shared))
"""


def test_threads_building_extractors_load_the_models_once():
    # the README: the models load once per process, however many Extractors
    result = subprocess.run([sys.executable, '-c', THREADS_BUILDING_EXTRACTORS], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, timeout=600)
    assert result.stdout.split() == [b'4', b'4'], result.stderr.decode()[-2000:]


# any JSON value on a JSONL line: one record per line, and the run never raises

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers(-10 ** 30, 10 ** 30)
    | st.text(st.characters(blacklist_categories=[])) | st.sampled_from([SENTENCE, 'Сергей Лавров\ud800']),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(['id', 'text', 'm']) | st.text(max_size=3), children, max_size=4),
    max_leaves=12)


def jsonl_line(value, depth, huge, ascii):
    # a JSON value, optionally nested ``depth`` arrays deep or holding a huge number
    line = json.dumps(value, ensure_ascii=ascii)
    if huge:
        line = '{"id": %s, "text": %s}' % ('9' * 5000, json.dumps(SENTENCE))
    if depth:
        line = '{"id": "deep", "text": %s, "m": %s%s}' % (json.dumps(SENTENCE), '[' * depth, ']' * depth)
    return line.encode('utf-8', 'surrogatepass')


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.tuples(
    JSON_VALUES | st.fixed_dictionaries({'id': JSON_VALUES, 'text': JSON_VALUES}),
    st.sampled_from([0, 0, 0, 500, 990, 5000, 100000]), st.booleans(), st.booleans()), min_size=1, max_size=5))
def test_any_json_values_as_jsonl_lines(extractor, tmp_path, lines):
    from newsner.sources import collect, read
    path = tmp_path / 'any.jsonl'
    path.write_bytes(b'\n'.join(jsonl_line(*line) for line in lines) + b'\n')
    docs = list(extractor.pipe(read(collect([str(path)]))))
    assert len(docs) == len(lines)
    for doc in docs:
        assert isinstance(doc.id, str)
        assert not doc.error.startswith('%s: internal error' % doc.id)
        for mention in doc.mentions:
            assert doc.text[mention.start:mention.stop] == mention.text


def test_a_letter_unicode_has_no_name_for_is_read(extractor):
    # pymorphy2 asks unicodedata.name() of every letter; a Tangut one has none
    doc = extractor('𗔩Б NATO и Россия подписали соглашение.')
    assert not doc.error
    assert 'NATO' in {m.text for m in doc.mentions}


def test_an_input_name_with_a_line_break_is_one_line_of_stderr(runner, tmp_path):
    missing = str(tmp_path / 'первая\nвторая.txt')
    result = run(runner, [missing, '-f', 'jsonl'])
    [line] = [l for l in result.stderr.splitlines() if l.startswith('newsner: error:')]
    assert 'первая\\nвторая.txt' in line
    assert len(result.stderr.splitlines()) == 2  # the error and the closing count
    assert jsonl(result)[0]['id'] == missing


def test_a_second_ctrl_c_while_the_run_ends_ends_it_the_same(monkeypatch, capsys):
    # a Ctrl-C held while a worker started may be delivered as the run already ends
    # on the first one: the status stays 130 and the message is not repeated
    import newsner.cli
    from newsner import console

    def ending_twice():
        try:
            sys.exit(130)
        finally:
            raise KeyboardInterrupt

    def interrupted_once():
        raise KeyboardInterrupt

    monkeypatch.setattr(newsner.cli, 'main', ending_twice)
    with pytest.raises(SystemExit) as ended:
        console.main()
    assert ended.value.code == 130 and capsys.readouterr().err == ''
    monkeypatch.setattr(newsner.cli, 'main', interrupted_once)
    with pytest.raises(SystemExit) as ended:
        console.main()
    assert ended.value.code == 130 and capsys.readouterr().err == 'newsner: interrupted\n'
