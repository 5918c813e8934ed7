"""Sources: collecting paths, reading text and JSONL files, decoding bytes. No models."""
import codecs
import io
import json
import os
import subprocess
import sys
import threading
import time

import pytest

from newsner.records import Text
from newsner.decode import decode, text_codec
from newsner.sources import Source, collect, count_documents, read, read_jsonl, read_text

RU = 'Министр энергетики Азербайджана Парвиз Шахбазов'


class FakeStdin:
    def __init__(self, data):
        self.buffer = io.BytesIO(data)


@pytest.fixture
def stdin(monkeypatch):
    def feed(data):
        fake = FakeStdin(data)
        monkeypatch.setattr(sys, 'stdin', fake)
        return fake
    return feed


def write(path, text, encoding='utf-8'):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def ids(sources):
    return [s.id for s in sources]


# collect

def test_collect_defaults_to_stdin():
    assert collect([]) == [Source('-', '-', 'text')]
    assert collect(None) == [Source('-', '-', 'text')]
    assert collect(['-']) == [Source('-', '-', 'text')]
    assert collect(['-'], jsonl=True) == [Source('-', '-', 'jsonl')]


def test_collect_files_keep_their_order_and_path_as_id(tmp_path):
    b = str(write(tmp_path / 'b.txt', 'b'))
    a = str(write(tmp_path / 'a.md', 'a'))  # the glob does not apply to named files
    feed = str(write(tmp_path / 'feed.JSONL', '{}'))
    nd = str(write(tmp_path / 'x.ndjson', '{}'))
    sources = collect([b, a, '-', feed, nd])
    assert sources == [Source(b, b, 'text', named=True), Source(a, a, 'text', named=True),
                       Source('-', '-', 'text'), Source(feed, feed, 'jsonl', named=True),
                       Source(nd, nd, 'jsonl', named=True)]


def test_collect_folder_recursive_sorted_relative_ids(tmp_path):
    root = tmp_path / 'news'
    for name in ['b.txt', 'a.txt', 'sub/z.txt', 'sub/deeper/c.txt', 'a/a.txt', 'skip.md',
                 'sub/skip.json', 'feed.jsonl']:
        write(root / name, name)
    sources = collect([str(root)])
    assert all(s.kind != 'error' for s in sources)
    assert ids(sources) == ['a.txt', 'a/a.txt', 'b.txt', 'sub/deeper/c.txt', 'sub/z.txt']
    assert [s.path for s in sources] == [os.path.join(str(root), *i.split('/')) for i in ids(sources)]
    assert {s.kind for s in sources} == {'text'}


def test_collect_folder_with_trailing_slash_gives_the_same_ids(tmp_path):
    write(tmp_path / 'd' / 'sub' / 'a.txt', 'a')
    assert ids(collect([str(tmp_path / 'd') + os.sep])) == ['sub/a.txt']


def test_collect_glob_on_names_and_relative_paths(tmp_path):
    root = tmp_path / 'd'
    for name in ['a.txt', 'feed.jsonl', 'sub/b.jsonl', 'sub/c.txt', 'other/d.txt']:
        write(root / name, '{}')
    sources = collect([str(root)], glob='*.jsonl')
    assert [(s.id, s.kind) for s in sources] == [('feed.jsonl', 'jsonl'), ('sub/b.jsonl', 'jsonl')]
    assert ids(collect([str(root)], glob='sub/*.txt')) == ['sub/c.txt']
    assert ids(collect([str(root)], glob='*')) == ['a.txt', 'feed.jsonl', 'other/d.txt',
                                                      'sub/b.jsonl', 'sub/c.txt']
    assert collect([str(root)], glob='*.html') == []


def test_collect_missing_path_is_an_error_source_in_place(tmp_path):
    real = str(write(tmp_path / 'a.txt', 'a'))
    missing = str(tmp_path / 'nope.txt')
    sources = collect([real, missing, real])
    error = '%s: no such file or folder' % missing
    assert sources == [Source(real, real, 'text', named=True), Source(missing, missing, 'error', error),
                       Source(real, real, 'text', named=True)]
    assert [t.error for t in read(sources)] == ['', error, '']


def test_collect_broken_symlink_is_a_problem(tmp_path):
    link = tmp_path / 'link.txt'
    link.symlink_to(tmp_path / 'gone.txt')
    error = '%s: broken symbolic link' % link
    assert collect([str(link)]) == [Source(str(link), str(link), 'error', error)]
    assert list(read(collect([str(link)]))) == [Text(id=str(link), error=error)]


def test_collect_symlink_loop_in_folder_visited_once(tmp_path):
    root = tmp_path / 'd'
    write(root / 'a.txt', 'a')
    write(root / 'sub' / 'b.txt', 'b')
    (root / 'sub' / 'up').symlink_to(root, target_is_directory=True)
    (root / 'self').symlink_to('.', target_is_directory=True)
    sources = collect([str(root)])
    assert all(s.kind != 'error' for s in sources)
    assert ids(sources) == ['a.txt', 'sub/b.txt']


def test_collect_symlinked_folder_is_followed(tmp_path):
    write(tmp_path / 'outside' / 'x.txt', 'x')
    root = tmp_path / 'd'
    write(root / 'a.txt', 'a')
    (root / 'link').symlink_to(tmp_path / 'outside', target_is_directory=True)
    assert ids(collect([str(root)])) == ['a.txt', 'link/x.txt']


def test_collect_folder_among_files(tmp_path):
    first = str(write(tmp_path / 'first.txt', '1'))
    last = str(write(tmp_path / 'last.txt', '2'))
    folder = tmp_path / 'folder'
    write(folder / 'b.txt', 'b')
    write(folder / 'a.txt', 'a')
    sources = collect([first, str(folder), last])
    assert ids(sources) == [first, 'a.txt', 'b.txt', last]
    assert sources[1] == Source(str(folder / 'a.txt'), 'a.txt', 'text')


# read_text and read

def test_read_text_file(tmp_path):
    path = str(write(tmp_path / 'a.txt', RU))
    assert read_text(Source(path, 'a.txt', 'text')) == Text('a.txt', RU, '', 'utf-8')


def test_read_stdin(stdin):
    fake = stdin(RU.encode('utf-8'))
    assert list(read([Source('-', '-', 'text')])) == [Text('-', RU, '', 'utf-8')]
    assert not fake.buffer.closed


def test_read_stdin_default_through_collect(stdin):
    stdin(RU.encode('cp1251'))
    sources = collect([])
    assert list(read(sources, encoding='cp1251')) == [Text('-', RU, '', 'cp1251')]


def test_read_stdin_error_names_standard_input(stdin):
    stdin(b'ok caf\xe9 r\xe9sum\xe9')
    (text,) = read([Source('-', '-', 'text')])
    assert text.id == '-'
    assert text.error.startswith('standard input: not UTF-8 (byte 6)')


def test_read_stdin_detects_cp1251(stdin):
    stdin(RU.encode('cp1251'))
    assert list(read([Source('-', '-', 'text')])) == [Text('-', RU, '', 'cp1251')]


def test_read_closed_stdin(monkeypatch):
    monkeypatch.setattr(sys, 'stdin', None)
    assert list(read([Source('-', '-', 'text')])) == [Text('-', error='standard input: closed')]
    assert list(read([Source('-', '-', 'jsonl')])) == [Text('-', error='standard input: closed')]


def test_read_text_vanished_file(tmp_path):
    path = write(tmp_path / 'a.txt', 'a')
    sources = collect([str(path)])
    path.unlink()
    assert list(read(sources)) == [Text(
        str(path), error='%s: no such file (it may have been removed while running)' % path)]


def test_read_text_folder_as_file(tmp_path):
    folder = tmp_path / 'd'
    folder.mkdir()
    assert read_text(Source(str(folder), 'd', 'text')) == Text('d', error='%s: is a folder' % folder)


def test_read_jsonl_folder_as_file(tmp_path):
    folder = tmp_path / 'd.jsonl'
    folder.mkdir()
    (text,) = read_jsonl(Source(str(folder), 'd.jsonl', 'jsonl'))
    assert text.id == 'd.jsonl'
    assert text.error.startswith(str(folder) + ': ')
    assert text.text == ''


def test_read_jsonl_vanished_file(tmp_path):
    path = tmp_path / 'gone.jsonl'
    (text,) = read_jsonl(Source(str(path), 'gone.jsonl', 'jsonl'))
    assert text == Text('gone.jsonl', error='%s: no such file (it may have been removed while running)' % path)


def test_read_mixed_sources_in_order(tmp_path, stdin):
    stdin('из stdin'.encode())
    a = write(tmp_path / 'a.txt', 'первый')
    feed = write(tmp_path / 'f.jsonl', '{"id": 1, "text": "второй"}\n{"text": "третий"}\n')
    sources = collect([str(a), '-', str(feed)])
    assert [(t.id, t.text) for t in read(sources)] == [
        (str(a), 'первый'), ('-', 'из stdin'), ('1', 'второй'), ('%s:2' % feed, 'третий')]


def test_read_jsonl_ids_and_blank_lines(tmp_path):
    lines = [
        json.dumps({'id': 'n1', 'text': RU}, ensure_ascii=False),
        '',
        '   \t',
        json.dumps({'text': 'без id'}, ensure_ascii=False),
        json.dumps({'id': 7, 'text': 'число'}, ensure_ascii=False),
        json.dumps({'id': '', 'text': 'пустой id'}, ensure_ascii=False),
        json.dumps({'id': None, 'text': 'null id'}),
        json.dumps({'id': 0, 'text': 'zero'}),
    ]
    path = write(tmp_path / 'feed.jsonl', '\n'.join(lines) + '\n')
    texts = list(read_jsonl(Source(str(path), 'feed.jsonl', 'jsonl')))
    assert texts == [
        Text('n1', RU, '', 'utf-8'),
        Text('feed.jsonl:4', 'без id', '', 'utf-8'),
        Text('7', 'число', '', 'utf-8'),
        Text('feed.jsonl:6', 'пустой id', '', 'utf-8'),
        Text('feed.jsonl:7', 'null id', '', 'utf-8'),
        Text('0', 'zero', '', 'utf-8'),
    ]


def test_read_jsonl_crlf_and_no_final_newline(tmp_path):
    path = write(tmp_path / 'f.jsonl', '{"text": "a"}\r\n{"text": "b"}')
    assert [(t.id, t.text) for t in read(collect([str(path)]))] == [
        ('%s:1' % path, 'a'), ('%s:2' % path, 'b')]


def test_read_jsonl_custom_fields(tmp_path):
    path = write(tmp_path / 'f.jsonl', '{"key": "k1", "body": "тело", "text": 5}\n{"body": "b"}\n')
    texts = list(read([Source(str(path), 'f.jsonl', 'jsonl')], text_field='body', id_field='key'))
    assert texts == [Text('k1', 'тело', '', 'utf-8'), Text('f.jsonl:2', 'b', '', 'utf-8')]


def test_read_jsonl_bad_lines_give_errors_naming_file_and_line(tmp_path):
    lines = [
        '{"text": "ok"}',
        '{"text": ',
        '[1, 2]',
        '"just a string"',
        '{"id": "no-text", "body": "x"}',
        '{"id": "num", "text": 42}',
        '{"text": null}',
        '{"text": ["a"]}',
        '{"text": {"a": 1}}',
        '{"text": true}',
        '{"text": "last"}',
    ]
    path = write(tmp_path / 'bad.jsonl', '\n'.join(lines) + '\n')
    texts = list(read_jsonl(Source(str(path), 'bad.jsonl', 'jsonl')))
    assert [t.id for t in texts] == ['bad.jsonl:1', 'bad.jsonl:2', 'bad.jsonl:3', 'bad.jsonl:4',
                                     'no-text', 'num', 'bad.jsonl:7', 'bad.jsonl:8', 'bad.jsonl:9',
                                     'bad.jsonl:10', 'bad.jsonl:11']
    assert (texts[0].text, texts[0].error) == ('ok', '')
    assert (texts[-1].text, texts[-1].error) == ('last', '')
    where = lambda n: '%s, line %d: ' % (path, n)  # noqa: E731
    assert texts[1].error.startswith(where(2) + 'not valid JSON (')
    assert texts[2].error == where(3) + 'expected a JSON object, got list'
    assert texts[3].error == where(4) + 'expected a JSON object, got str'
    assert texts[4].error == where(5) + "no 'text' field (choose another with --text-field)"
    assert texts[5].error == where(6) + "the 'text' field is a number, not a string"
    assert texts[6].error == where(7) + "the 'text' field is null, not a string"
    assert texts[7].error == where(8) + "the 'text' field is an array, not a string"
    assert texts[8].error == where(9) + "the 'text' field is an object, not a string"
    assert texts[9].error == where(10) + "the 'text' field is a boolean, not a string"
    assert all(t.text == '' for t in texts[1:-1])


def test_read_jsonl_undecodable_line_does_not_cost_the_others(tmp_path):
    path = tmp_path / 'f.jsonl'
    path.write_bytes(b'{"text": "a"}\n{"text": "caf\xe9 r\xe9sum\xe9 na\xefve"}\n{"text": "c"}\n')
    texts = list(read_jsonl(Source(str(path), 'f.jsonl', 'jsonl')))
    assert [(t.id, t.text) for t in texts] == [('f.jsonl:1', 'a'), ('f.jsonl:2', ''), ('f.jsonl:3', 'c')]
    assert texts[1].error.startswith('%s, line 2: not UTF-8 (byte 13)' % path)
    assert '--encoding cp1251' in texts[1].error


def test_read_jsonl_detects_the_encoding_once_per_file(tmp_path):
    # 'Да' alone could be several encodings: the line before it decides
    path = tmp_path / 'f.jsonl'
    lines = ['{"text": "%s"}' % RU, '{"text": "ok"}', '{"text": "Да"}']
    path.write_bytes('\n'.join(lines).encode('koi8-r'))
    texts = list(read_jsonl(Source(str(path), 'f', 'jsonl')))
    assert [(t.text, t.encoding) for t in texts] == [(RU, 'koi8-r'), ('ok', 'utf-8'), ('Да', 'koi8-r')]


def test_read_jsonl_forced_encoding(tmp_path):
    path = write(tmp_path / 'f.jsonl', '{"text": "%s"}\n' % RU, encoding='cp1251')
    assert list(read_jsonl(Source(str(path), 'f', 'jsonl'), encoding='cp1251')) == [
        Text('f:1', RU, '', 'cp1251')]


def test_read_jsonl_with_utf8_bom(tmp_path):
    path = tmp_path / 'f.jsonl'
    path.write_bytes(codecs.BOM_UTF8 + '{"text": "а"}\n{"text": "б"}\n'.encode())
    for encoding in (None, 'utf-8'):
        assert [t.text for t in read_jsonl(Source(str(path), 'f', 'jsonl'), encoding=encoding)] == ['а', 'б']


@pytest.mark.parametrize('codec', ['utf-16', 'utf-16-le', 'utf-16-be', 'utf-32'])
def test_read_jsonl_in_utf16_and_utf32_with_mark(tmp_path, codec):
    # a newline is more than one byte in these encodings: lines must be split after decoding
    data = '{"id": "a", "text": "%s"}\n\n{"text": "Тверь"}\n' % RU
    bom = {'utf-16-le': codecs.BOM_UTF16_LE, 'utf-16-be': codecs.BOM_UTF16_BE}.get(codec, b'')
    path = tmp_path / 'f.jsonl'
    path.write_bytes(bom + data.encode(codec))
    texts = list(read_jsonl(Source(str(path), 'f', 'jsonl')))
    assert [(t.id, t.text, t.error) for t in texts] == [('a', RU, ''), ('f:3', 'Тверь', '')]
    assert texts[0].encoding == ('utf-32' if codec == 'utf-32' else 'utf-16')


def test_read_jsonl_forced_utf16_without_mark(tmp_path):
    path = tmp_path / 'f.jsonl'
    path.write_bytes('{"text": "а"}\n{"text": "б"}\n'.encode('utf-16-le'))
    texts = list(read_jsonl(Source(str(path), 'f', 'jsonl'), encoding='utf-16-le'))
    assert texts == [Text('f:1', 'а', '', 'utf-16-le'), Text('f:2', 'б', '', 'utf-16-le')]


def test_read_jsonl_from_stdin_leaves_stdin_open(stdin):
    fake = stdin(b'{"text": "a"}\n')
    assert list(read_jsonl(Source('-', '-', 'text'))) == [Text('-:1', 'a', '', 'utf-8')]
    assert not fake.buffer.closed


# decode

def test_decode_utf8():
    assert decode(RU.encode('utf-8')) == (RU, 'utf-8', '')
    assert decode(b'') == ('', 'utf-8', '')


def test_decode_utf8_with_bom():
    assert decode(codecs.BOM_UTF8 + RU.encode('utf-8')) == (RU, 'utf-8', '')


def test_decode_forced_utf8_drops_the_bom():
    assert decode(codecs.BOM_UTF8 + b'abc', encoding='utf-8') == ('abc', 'utf-8', '')
    assert decode(codecs.BOM_UTF8 + b'abc', encoding='UTF8') == ('abc', 'UTF8', '')


@pytest.mark.parametrize('bom, codec', [(codecs.BOM_UTF16_LE, 'utf-16-le'),
                                        (codecs.BOM_UTF16_BE, 'utf-16-be')])
def test_decode_utf16_with_bom(bom, codec):
    assert decode(bom + RU.encode(codec)) == (RU, 'utf-16', '')


def test_decode_utf32_with_bom():
    assert decode(codecs.BOM_UTF32_LE + 'ab'.encode('utf-32-le')) == ('ab', 'utf-32', '')


def test_decode_broken_utf16():
    text, used, error = decode(codecs.BOM_UTF16_LE + b'a\x00b', name='f.txt')
    assert (text, used) == (None, None)
    assert error.startswith('f.txt: broken utf-16 (byte ')


@pytest.mark.parametrize('encoding', ['cp1251', 'koi8-r'])
def test_decode_forced_encoding(encoding):
    assert decode(RU.encode(encoding), encoding=encoding) == (RU, encoding, '')


def test_decode_unknown_encoding():
    assert decode(b'abc', encoding='no-such-codec', name='a.txt') == (
        None, None, "a.txt: unknown encoding 'no-such-codec'")
    # a codec that is not a text encoding
    assert decode(b'abc', encoding='rot13', name='a.txt')[2] == "a.txt: 'rot13' is not a text encoding"


def test_decode_forced_encoding_that_does_not_fit():
    assert decode(b'ok \xff', encoding='ascii', name='a.txt') == (
        None, None, 'a.txt: cannot be decoded as ascii (byte 3)')


@pytest.mark.parametrize('encoding', ['cp1251', 'koi8-r', 'cp866', 'iso8859-5'])
def test_decode_detects_cyrillic_encodings(encoding, seed_text):
    for text in (RU, 'Сергей Лавров прилетел в Москву.', seed_text):
        assert decode(text.encode(encoding)) == (text, encoding, '')


def test_decode_utf8_wins_over_detection():
    assert decode('Привет'.encode('utf-8')) == ('Привет', 'utf-8', '')


def test_decode_guess_comes_before_detection():
    assert decode('Да'.encode('koi8-r'), guess='koi8-r') == ('Да', 'koi8-r', '')
    # a guess that does not fit is passed over (0x98 is not cp1251)
    assert decode(b'\x98 \xcf\xf0\xe8\xe2\xe5\xf2', guess='cp1251')[1] != 'cp1251'


#: codecs Python knows that are not text encodings: bytes to bytes, str to str, or none
NOT_TEXT = ['hex', 'base64', 'bz2', 'quopri', 'rot13', 'uu', 'zlib', 'undefined']


@pytest.mark.parametrize('codec', NOT_TEXT)
def test_a_guess_that_is_no_text_encoding_is_passed_over(codec):
    assert text_codec(codec) is None
    assert decode('Сергей Лавров'.encode('cp1251'), guess=codec) == ('Сергей Лавров', 'cp1251', '')


@pytest.mark.parametrize('codec', NOT_TEXT)
def test_a_forced_codec_that_is_no_text_encoding_is_an_error(codec):
    text, used, error = decode(b'abc', encoding=codec, name='a.txt')
    assert (text, used) == (None, None)
    assert error == 'a.txt: %r is not a text encoding' % codec


def test_text_codec_names():
    assert [text_codec(n) for n in ('UTF8', 'windows-1251', 'KOI8-R', 'no-such')] == [
        'utf-8', 'cp1251', 'koi8-r', None]


def test_decode_undecodable_suggests_the_option():
    text, used, error = decode(b'caf\xe9 r\xe9sum\xe9 na\xefve', name='a.txt')
    assert (text, used) == (None, None)
    assert error == ('a.txt: not UTF-8 (byte 3) and no Cyrillic encoding fits; give the encoding, '
                     'for example --encoding cp1251')
    assert decode(b'caf\xe9', encoding='latin-1') == ('café', 'latin-1', '')


def test_decode_nul_bytes_are_binary():
    assert decode(b'PK\x03\x04\x00\x00', name='a.zip') == (None, None, 'a.zip: binary data (NUL bytes), not text')
    assert decode(b'\x00')[2] == 'input: binary data (NUL bytes), not text'


def test_decode_control_characters_are_binary():
    data = bytes(range(1, 256)) * 4  # no NUL, not UTF-8
    assert decode(data, name='x.bin') == (None, None, 'x.bin: binary data (control characters), not text')
    # a few control characters in a text are kept
    assert decode('Да\x07 нет'.encode('utf-8')) == ('Да\x07 нет', 'utf-8', '')


def test_read_binary_file(tmp_path):
    path = tmp_path / 'img.txt'
    path.write_bytes(b'\x89PNG\r\n\x1a\n\x00\x00\x00')
    assert list(read(collect([str(path)]))) == [
        Text(str(path), error='%s: binary data (NUL bytes), not text' % path)]


def test_read_utf16_text_file_keeps_offsets_of_decoded_text(tmp_path):
    path = tmp_path / 'a.txt'
    path.write_bytes(RU.encode('utf-16'))
    (text,) = read(collect([str(path)]))
    assert (text.text, text.encoding, text.error) == (RU, 'utf-16', '')
    assert text.text.index('Парвиз') == RU.index('Парвиз')


def test_collect_glob_with_double_star_includes_the_top_folder(tmp_path):
    root = tmp_path / 'd'
    for name in ['a.txt', 'sub/b.txt', 'sub/deeper/c.txt', 'x.md']:
        write(root / name, 'x')
    assert ids(collect([str(root)], glob='**/*.txt')) == ['a.txt', 'sub/b.txt', 'sub/deeper/c.txt']


def test_broken_symlink_inside_a_folder(tmp_path):
    root = tmp_path / 'd'
    write(root / 'a.txt', 'a')
    (root / 'b.txt').symlink_to(tmp_path / 'gone.txt')
    sources = collect([str(root)])
    assert all(s.kind != 'error' for s in sources)
    texts = list(read(sources))
    assert texts == [Text('a.txt', 'a', '', 'utf-8'),
                     Text('b.txt', error='%s: broken symbolic link' % (root / 'b.txt'))]


# things that are not regular files are looked at, never read

needs_fifo = pytest.mark.skipif(not hasattr(os, 'mkfifo'), reason='no FIFOs here')
SKIPPED = 'not a regular file: skipped unread (to read it, name it or pipe it in: newsner - < FILE)'


@needs_fifo
@pytest.mark.parametrize('kind, data, expected', [
    ('text', RU, [Text('{}', RU, '', 'utf-8')]),
    ('jsonl', '{"id": "x", "text": "%s"}\n' % RU, [Text('x', RU, '', 'utf-8')]),
])
def test_named_fifo_is_read(tmp_path, kind, data, expected):
    # a pipe the user names, as from newsner <(zcat feed.gz), is what they want read
    fifo = tmp_path / 'pipe.txt'
    os.mkfifo(fifo)

    def feed():
        with open(fifo, 'wb') as pipe:
            pipe.write(data.encode('utf-8'))

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        texts = read_bounded(fifo, jsonl=kind == 'jsonl')
    finally:
        writer.join(10)
    assert texts == [Text(t.id.format(fifo), t.text, t.error, t.encoding) for t in expected]


@needs_fifo
def test_named_fifo_is_opened_once(tmp_path, monkeypatch):
    # closed and opened again, a pipe loses what its writer left, and the
    # second open waits for a writer that has gone
    fifo = tmp_path / 'p'
    os.mkfifo(fifo)
    opened = []
    real_open = os.open

    def counting_open(path, *args, **kwargs):
        if os.fspath(path) == str(fifo):
            opened.append(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, 'open', counting_open)
    texts = read_while_writing(fifo, ['sh', '-c', 'printf %s "$1" > "$2"', 'sh', RU, str(fifo)])
    assert texts == [Text(str(fifo), RU, '', 'utf-8')]
    assert len(opened) == 1


@needs_fifo
def test_named_jsonl_fifo_is_not_counted_by_opening_it(tmp_path):
    # the progress bar's count is unknown for a pipe, which it must not open:
    # its writer would write to that reader, which goes, and the text be lost
    fifo = tmp_path / 'p.jsonl'
    os.mkfifo(fifo)
    assert count_documents(collect([str(fifo)], jsonl=True)) is None


#: a writer that opens the pipe the moment a reader has it open (retried,
#: non-blocking: ENXIO while no reader), writes its text and exits at once
WRITE_WHEN_READ = """
import os, sys, time
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    try:
        fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        continue
    os.write(fd, sys.argv[2].encode('utf-8'))
    sys.exit(0)
sys.exit(1)
"""


def read_bounded(fifo, *, jsonl=False, timeout=10):
    # the texts read from a named pipe, in a thread; a read still waiting after
    # ``timeout`` is freed (a writer that opens and closes gives it the end of
    # the pipe) and the test fails, so a hang never stops the suite
    result = []
    reader = threading.Thread(target=lambda: result.extend(read(collect([str(fifo)], jsonl=jsonl))), daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        reader.join(timeout)
        pytest.fail('reading the named pipe %s still waited after %s s' % (fifo, timeout))
    return result


def read_while_writing(fifo, command, delay=0.0):
    # the texts read from a named pipe that the process ``command`` writes to,
    # started ``delay`` seconds before the read; the writer must succeed
    writer = subprocess.Popen(command)
    try:
        time.sleep(delay)
        texts = read_bounded(fifo, timeout=5)
        assert writer.wait(timeout=10) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    return texts


@needs_fifo
@pytest.mark.parametrize('round', range(20))
def test_named_fifo_race_with_a_writer_that_exits(tmp_path, round):
    # mkfifo p; (echo TEXT > p &); sleep; newsner p: the writer writes and goes,
    # before or while newsner opens the pipe; every time, the text is read once.
    # Odd rounds: a shell writer, waiting in its open for newsner's; even
    # rounds: a writer that opens as soon as a reader is there (non-blocking,
    # retried), writes and closes at once
    fifo = tmp_path / 'p'
    os.mkfifo(fifo)
    delay = (round % 5) * 0.01
    if round % 2:
        command = ['sh', '-c', 'printf %s "$1" > "$2"', 'sh', RU, str(fifo)]
    else:
        command = [sys.executable, '-c', WRITE_WHEN_READ, str(fifo), RU]
    texts = read_while_writing(fifo, command, delay + (0 if round % 2 else 0.1))  # the Python writer's start-up
    assert texts == [Text(str(fifo), RU, '', 'utf-8')]


@needs_fifo
def test_fifo_in_a_folder_is_skipped_and_the_others_read(tmp_path):
    root = tmp_path / 'd'
    write(root / 'a.txt', 'a')
    os.mkfifo(root / 'b.txt')
    write(root / 'c.txt', 'c')
    texts = list(read(collect([str(root)])))
    assert [(t.id, t.text) for t in texts] == [('a.txt', 'a'), ('b.txt', ''), ('c.txt', 'c')]
    assert texts[1].error == '%s: a named pipe (FIFO), %s' % (root / 'b.txt', SKIPPED)


@pytest.mark.skipif(not os.path.exists('/dev/zero'), reason='no /dev/zero')
def test_device_is_skipped_unread():
    # /dev/zero never ends
    assert list(read(collect(['/dev/zero']))) == [
        Text('/dev/zero', error='/dev/zero: a character device, %s' % SKIPPED)]


def test_symlink_to_a_device_in_a_folder_is_skipped(tmp_path):
    if not os.path.exists('/dev/zero'):
        pytest.skip('no /dev/zero')
    root = tmp_path / 'd'
    write(root / 'a.txt', 'a')
    (root / 'zero.txt').symlink_to('/dev/zero')
    texts = list(read(collect([str(root)])))
    assert [t.error for t in texts] == ['', '%s: a character device, %s' % (root / 'zero.txt', SKIPPED)]


def test_file_symlink_loop(tmp_path):
    root = tmp_path / 'd'
    write(root / 'a.txt', 'a')
    (root / 'loop.txt').symlink_to(root / 'loop.txt')
    (root / 'x.txt').symlink_to(root / 'y.txt')
    (root / 'y.txt').symlink_to(root / 'x.txt')
    texts = list(read(collect([str(root)])))
    assert [t.id for t in texts] == ['a.txt', 'loop.txt', 'x.txt', 'y.txt']
    for text, name in zip(texts[1:], ['loop.txt', 'x.txt', 'y.txt']):
        assert text.error == '%s: Too many levels of symbolic links' % (root / name)
    assert list(read(collect([str(root / 'loop.txt')])))[0].error.endswith('symbolic links')


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / 'a.txt', 'a')
    real_open = os.open

    def refuse(name, *args, **kwargs):
        # what open(2) says of a file without read permission (root would read it anyway)
        if os.fspath(name) == str(path):
            raise PermissionError(13, 'Permission denied', str(path))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, 'open', refuse)
    assert list(read(collect([str(path)])))[0].error == '%s: Permission denied' % path


def test_file_vanishing_between_listing_and_reading_in_a_folder(tmp_path):
    root = tmp_path / 'd'
    for name in 'abc':
        write(root / ('%s.txt' % name), name)
    sources = collect([str(root)])
    (root / 'b.txt').unlink()
    texts = list(read(sources))
    assert [(t.id, t.text) for t in texts] == [('a.txt', 'a'), ('b.txt', ''), ('c.txt', 'c')]
    assert texts[1].error == '%s: no such file (it may have been removed while running)' % (root / 'b.txt')


def test_empty_and_blank_files_are_empty_texts(tmp_path):
    empty = write(tmp_path / 'empty.txt', '')
    blank = write(tmp_path / 'blank.txt', ' \n\t\r\n')
    assert list(read(collect([str(empty), str(blank)]))) == [
        Text(str(empty), '', '', 'utf-8'), Text(str(blank), ' \n\t\r\n', '', 'utf-8')]


def test_text_larger_than_the_limit(tmp_path, monkeypatch, stdin):
    monkeypatch.setattr('newsner.sources.MAX_BYTES', 10)
    fits = write(tmp_path / 'fits.txt', 'x' * 10)
    big = write(tmp_path / 'big.txt', 'x' * 11)
    message = 'larger than 0 MiB, the most one text may be: split it'
    assert list(read(collect([str(fits), str(big)]))) == [
        Text(str(fits), 'x' * 10, '', 'utf-8'), Text(str(big), error='%s: %s' % (big, message))]
    stdin(b'y' * 11)
    assert list(read(collect([]))) == [Text('-', error='standard input: %s' % message)]


def test_jsonl_line_larger_than_the_limit_is_skipped_to_its_end(tmp_path, monkeypatch):
    monkeypatch.setattr('newsner.sources.MAX_BYTES', 40)
    path = write(tmp_path / 'f.jsonl', '{"text": "a"}\n{"text": "%s"}\n{"text": "b"}' % ('x' * 3000))
    texts = list(read_jsonl(Source(str(path), 'f', 'jsonl')))
    assert [(t.id, t.text) for t in texts] == [('f:1', 'a'), ('f:2', ''), ('f:3', 'b')]
    assert texts[1].error == '%s, line 2: larger than 0 MiB, the most one text may be: split it' % path


def test_jsonl_lone_surrogate_escape_is_read():
    # "\ud800" is valid JSON and gives a str no encoder accepts: the writers replace it
    path_text = read_jsonl_text(b'{"id": "s", "text": "a\\ud800b"}\n')
    assert path_text == [Text('s', 'a\ud800b', '', 'utf-8')]


def read_jsonl_text(data):
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'f.jsonl')
        with open(path, 'wb') as file:
            file.write(data)
        return list(read_jsonl(Source(path, 's', 'jsonl')))


# any bytes: one record, text or error, never an exception

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

BYTES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=100).map(lambda t: t.encode('utf-8', 'surrogatepass')),
    st.text(alphabet='абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВ .,\n', max_size=100).flatmap(
        lambda t: st.sampled_from(['cp1251', 'koi8-r', 'utf-16', 'utf-8-sig']).map(t.encode)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=BYTES)
def test_any_bytes_decode_to_text_or_error(data):
    text, used, error = decode(data, name='f')
    assert (text is None) == bool(error) == (used is None)
    if error:
        assert error.startswith('f: ')
    else:
        assert isinstance(text, str)
        assert codecs.lookup(used)
        if used not in ('utf-16', 'utf-32'):
            assert data.decode(used if used != 'utf-8' else 'utf-8-sig') == text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=BYTES)
def test_any_bytes_through_the_file_readers(tmp_path, data):
    path = tmp_path / 'any.txt'
    path.write_bytes(data)
    (text,) = read(collect([str(path)]))
    assert text.id == str(path)
    assert bool(text.error) != bool(text.encoding)
    assert text.error.startswith(str(path) + ': ') or not text.error
    feed = tmp_path / 'any.jsonl'
    feed.write_bytes(data)
    for text in read(collect([str(feed)])):
        assert text.error.startswith(str(feed)) or (text.encoding and isinstance(text.text, str))


def test_jsonl_line_in_another_encoding_is_detected_again(tmp_path):
    # a KOI8-R line after a cp1251 one: the cp1251 guess would garble it
    first = 'Министр иностранных дел России Сергей Лавров прилетел в Москву вечером.'
    second = 'Президент Азербайджана Ильхам Алиев провёл переговоры в Баку в четверг.'
    path = tmp_path / 'mixed.jsonl'
    path.write_bytes(json.dumps({'id': 'a', 'text': first}, ensure_ascii=False).encode('cp1251') + b'\n'
                     + json.dumps({'id': 'b', 'text': second}, ensure_ascii=False).encode('koi8-r') + b'\n')
    texts = list(read(collect([str(path)])))
    assert [(t.text, t.encoding, t.error) for t in texts] == [(first, 'cp1251', ''), (second, 'koi8-r', '')]


# web formats: kinds by name, the default globs, the override

def test_collect_chooses_the_kind_by_the_name(tmp_path):
    names = ['a.txt', 'b.HTML', 'c.htm', 'd.rss', 'e.atom', 'f.xml', 'g.warc', 'h.warc.gz', 'i.jsonl', 'j.gz']
    paths = [str(write(tmp_path / name, 'x')) for name in names]
    assert [s.kind for s in collect(paths)] == ['text', 'html', 'html', 'feed', 'feed', 'feed', 'warc',
                                                'warc', 'jsonl', 'text']
    assert {s.kind for s in collect(paths, kind='html')} == {'html'}
    assert collect(['-'], kind='warc') == [Source('-', '-', 'warc')]


def test_collect_folder_default_globs_take_text_and_pages(tmp_path):
    root = tmp_path / 'site'
    for name in ['a.txt', 'b.html', 'sub/c.htm', 'd.rss', 'e.warc.gz', 'f.jsonl', 'g.md']:
        write(root / name, 'x')
    assert [(s.id, s.kind) for s in collect([str(root)])] == [('a.txt', 'text'), ('b.html', 'html'),
                                                              ('sub/c.htm', 'html')]
    assert ids(collect([str(root)], glob=['*.rss', '*.warc.gz'])) == ['d.rss', 'e.warc.gz']


def test_read_dispatches_web_kinds(tmp_path):
    page = write(tmp_path / 'p.html', '<html><body><p>short</p></body></html>')
    missing = str(tmp_path / 'gone.warc')
    texts = list(read([Source(str(page), 'p.html', 'html'), Source(missing, 'gone.warc', 'warc')]))
    assert texts[0].source_format == 'html' and 'no article text found' in texts[0].error
    assert texts[1].error == '%s: no such file (it may have been removed while running)' % missing
