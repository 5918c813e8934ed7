"""The command line end to end, through click's CliRunner; outputs are parsed, not grepped."""
import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from newsner import __version__
from newsner.cli import cli

from conftest import SAMPLES, SEED


@pytest.fixture(scope='module')
def runner():
    return CliRunner()


def run(runner, args, input=None):
    result = runner.invoke(cli, args, input=input, catch_exceptions=False)
    return result


def entity_set(docs):
    return {(d['id'], e['type'], e['name'], e['count']) for d in docs for e in d['entities']}


def from_csv(output):
    rows = list(csv.DictReader(io.StringIO(output)))
    counts = {}
    for row in rows:
        key = (row['id'], row['type'], row['entity'])
        counts[key] = counts.get(key, 0) + 1
    return {key + (count,) for key, count in counts.items()}


@pytest.fixture
def corpus(tmp_path):
    """The samples as a folder (with a subfolder) and as a JSONL file with the same ids."""
    folder = tmp_path / 'articles'
    (folder / 'more').mkdir(parents=True)
    names = sorted(p.name for p in SAMPLES.glob('*.txt'))
    for index, name in enumerate(names):
        target = folder / 'more' / name if index % 2 else folder / name
        shutil.copy(SAMPLES / name, target)
    ids = sorted(str(p.relative_to(folder)) for p in folder.rglob('*.txt'))
    feed = tmp_path / 'feed.jsonl'
    with open(feed, 'w', encoding='utf-8') as file:
        for id in ids:
            text = (folder / id).read_text(encoding='utf-8')
            file.write(json.dumps({'id': id, 'text': text}, ensure_ascii=False) + '\n')
    return folder, feed, ids


def test_stdin_gives_one_json_document(runner):
    text = SEED.read_text(encoding='utf-8')
    result = run(runner, [], input=text)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc['id'] == '-' and doc['error'] == ''
    names = {(e['type'], e['name']) for e in doc['entities']}
    assert {('PER', 'Парвиз Шахбазов'), ('PER', 'Хуш Чокси'), ('LOC', 'Центральная Азия')} <= names
    for entity in doc['entities']:
        assert entity['count'] == len(entity['mentions'])
        for mention in entity['mentions']:
            assert text[mention['start']:mention['stop']] == mention['text']
    assert result.stderr.strip() == 'newsner: 1 document, %d entities, 0 failed' % len(doc['entities'])


def test_dash_is_stdin_and_file_equals_stdin(runner):
    text = SEED.read_text(encoding='utf-8')
    piped = json.loads(run(runner, ['-'], input=text).stdout)
    filed = json.loads(run(runner, [str(SEED)]).stdout)
    assert filed['id'] == str(SEED)
    assert filed['entities'] == piped['entities']


def test_folder_jsonl_and_formats_agree(runner, corpus):
    folder, feed, ids = corpus
    from_folder = run(runner, [str(folder), '-f', 'json', '-j', '1'])
    assert from_folder.exit_code == 0, from_folder.stderr
    docs = json.loads(from_folder.stdout)
    assert [d['id'] for d in docs] == ids  # relative paths, sorted, recursive
    expected = entity_set(docs)
    assert len(expected) > 50

    lines = run(runner, [str(feed), '-f', 'jsonl', '-j', '1']).stdout.splitlines()
    assert entity_set(json.loads(line) for line in lines) == expected

    table = run(runner, [str(folder), '-f', 'csv', '-j', '1']).stdout
    assert from_csv(table) == expected
    table = run(runner, [str(feed), '-f', 'csv', '-j', '1']).stdout
    assert from_csv(table) == expected


def test_jobs_two_equals_jobs_one(runner, corpus):
    folder, feed, ids = corpus
    one = run(runner, [str(feed), '-f', 'jsonl', '-j', '1']).stdout
    two = run(runner, [str(feed), '-f', 'jsonl', '-j', '2', '--batch-size', '1']).stdout
    assert one == two


def test_csv_columns(runner):
    result = run(runner, ['-f', 'csv'], input='Сергей Лавров прилетел в Москву.')
    assert result.stdout.splitlines()[0] == 'id,type,entity,kb_id,normal,text,start,stop,sentence'
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # the entity's Wikidata id, empty when not linked: as in the JSON output
    linked = json.loads(run(runner, [], input='Сергей Лавров прилетел в Москву.').stdout)['entities']
    assert [row.pop('kb_id') for row in rows] == [e['kb_id'] or '' for e in linked]
    assert rows == [
        {'id': '-', 'type': 'PER', 'entity': 'Сергей Лавров', 'normal': 'Сергей Лавров',
         'text': 'Сергей Лавров', 'start': '0', 'stop': '13', 'sentence': '0'},
        {'id': '-', 'type': 'LOC', 'entity': 'Москва', 'normal': 'Москва',
         'text': 'Москву', 'start': '25', 'stop': '31', 'sentence': '0'},
    ]


def test_types_option(runner):
    result = run(runner, ['-t', 'loc'], input='Сергей Лавров прилетел в Москву.')
    doc = json.loads(result.stdout)
    assert [(e['type'], e['name']) for e in doc['entities']] == [('LOC', 'Москва')]


def test_output_file(runner, tmp_path):
    target = tmp_path / 'out.jsonl'
    result = run(runner, [str(SEED), '-f', 'jsonl', '-o', str(target)])
    assert result.exit_code == 0 and result.stdout == ''
    docs = [json.loads(line) for line in target.read_text(encoding='utf-8').splitlines()]
    assert [d['id'] for d in docs] == [str(SEED)]
    assert os.listdir(tmp_path) == ['out.jsonl']  # no temporary file left


def test_failed_input_exit_code_one_and_others_written(runner, tmp_path):
    good = tmp_path / 'good.txt'
    good.write_text('Сергей Лавров прилетел в Москву.', encoding='utf-8')
    bad = tmp_path / 'bad.txt'
    bad.write_bytes('café résumé naïve'.encode('latin-1'))  # no Cyrillic encoding fits
    result = run(runner, [str(good), str(bad), str(tmp_path / 'missing.txt'), '-f', 'jsonl'])
    assert result.exit_code == 1
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d['id'] for d in docs] == [str(good), str(bad), str(tmp_path / 'missing.txt')]
    assert docs[0]['error'] == '' and len(docs[0]['entities']) == 2
    assert 'not UTF-8' in docs[1]['error'] and '--encoding cp1251' in docs[1]['error']
    assert docs[2]['error'] == '%s: no such file or folder' % (tmp_path / 'missing.txt')
    assert 'newsner: error: %s: not UTF-8' % bad in result.stderr
    assert result.stderr.splitlines()[-1] == 'newsner: 3 documents, 2 entities, 2 failed'


def test_encoding_option(runner, tmp_path):
    path = tmp_path / 'win.txt'
    path.write_bytes('Сергей Лавров прилетел в Москву.'.encode('cp1251'))
    doc = json.loads(run(runner, [str(path), '--encoding', 'cp1251']).stdout)
    assert doc['encoding'] == 'cp1251'
    assert [e['name'] for e in doc['entities']] == ['Сергей Лавров', 'Москва']


def test_jsonl_fields_and_line_ids(runner, tmp_path):
    feed = tmp_path / 'feed.jsonl'
    feed.write_text('{"body": "Сергей Лавров прилетел в Москву."}\n'
                    '{"uid": 7, "body": "Москва"}\n'
                    'not json\n', encoding='utf-8')
    result = run(runner, [str(feed), '--text-field', 'body', '--id-field', 'uid', '-f', 'jsonl', '-j', '1'])
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d['id'] for d in docs] == ['%s:1' % feed, '7', '%s:3' % feed]
    assert 'not valid JSON' in docs[2]['error']
    assert result.exit_code == 1


def test_jsonl_from_stdin(runner):
    feed = '{"id": "a", "text": "Сергей Лавров прилетел в Москву."}\n{"id": "b", "text": "Москва"}\n'
    result = run(runner, ['--jsonl', '-f', 'jsonl', '-j', '1'], input=feed)
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d['id'], [e['name'] for e in d['entities']]) for d in docs] == [
        ('a', ['Сергей Лавров', 'Москва']), ('b', ['Москва'])]


def test_mistyped_command_is_a_usage_error_with_did_you_mean(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for typed, meant in (('summry', 'summary'), ('evalute', 'evaluate'), ('extarct', 'extract')):
        result = run(runner, [typed, 'folder/'], input='')
        assert result.exit_code == 2, typed
        assert result.stdout == ''
        assert result.stderr.startswith("newsner: error: '%s' is no command and no file (did you mean '%s'?)"
                                        % (typed, meant)), result.stderr
    # a file of that name is read as one, and a name like no command is a missing file's error record
    (tmp_path / 'summry').write_text('Сергей Лавров прилетел в Москву.', encoding='utf-8')
    docs = json.loads(run(runner, ['summry', '-j', '1'], input='').stdout)
    assert docs['id'] == 'summry' and docs['error'] == ''
    result = run(runner, ['zzz', '-f', 'jsonl', '-j', '1'], input='')
    assert json.loads(result.stdout)['error'] == 'zzz: no such file or folder'


def test_usage_errors_exit_two(runner):
    for args in (['-f', 'xml'], ['-t', 'ANIMAL'], ['-j', '0'], ['--no-such-option'], ['evaluate']):
        result = run(runner, args, input='')
        assert result.exit_code == 2, args
        # one style for every error: "newsner: error: ...", then where to find help
        first, hint = result.stderr.splitlines()[:2]
        assert first.startswith('newsner: error: ') and hint.endswith("--help' for help."), args
    assert 'unknown type ANIMAL; choose from PER, LOC' in run(runner, ['-t', 'ANIMAL'], input='').stderr


def test_runtime_errors_in_the_same_style(runner, tmp_path):
    result = run(runner, [str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("newsner: error: no input: nothing matches '*.txt'")
    assert 'Error:' not in result.stderr


def test_empty_folder_is_a_clear_error(runner, tmp_path):
    result = run(runner, [str(tmp_path)])
    assert result.exit_code == 1
    assert "no input: nothing matches '*.txt'" in result.stderr


def test_version_and_help(runner):
    assert run(runner, ['--version']).stdout.strip() == 'newsner, version %s' % __version__
    top = run(runner, ['--help']).stdout
    # the top-level help shows the options of extract (the default command) and the commands
    for option in ('--format', '--output', '--types', '--jobs', '--encoding', '--version', '--help'):
        assert option in top, option
    assert top.count('--help') == 1
    assert all(command in top.split('Commands:')[1] for command in ('extract', 'summary', 'evaluate'))
    assert '--format' in run(runner, ['extract', '--help']).stdout


def test_console_script_and_module(tmp_path):
    # the installed entry points, in a real process: python -m newsner and stdout encoding
    result = subprocess.run([sys.executable, '-m', 'newsner', '-f', 'jsonl', '-q'],
                            input='Сергей Лавров прилетел в Москву.'.encode('utf-8'),
                            capture_output=True, env=dict(os.environ, PYTHONIOENCODING='ascii'))
    assert result.returncode == 0, result.stderr
    assert result.stderr == b''
    doc = json.loads(result.stdout.decode('utf-8'))
    assert [e['name'] for e in doc['entities']] == ['Сергей Лавров', 'Москва']


def test_evaluate_on_a_tiny_gold_file(runner, tmp_path):
    gold = tmp_path / 'gold.jsonl'
    docs = [
        {'id': 'a', 'text': 'Сергей Лавров прилетел в Москву.',
         'spans': [{'start': 0, 'stop': 13, 'type': 'PER'}, {'start': 25, 'stop': 31, 'type': 'LOC'}]},
        # "Лавров" alone is a person the model may miss; "Кремль" is marked ORG on purpose
        {'id': 'b', 'text': 'Москва ответила Кремлю.',
         'spans': [{'start': 0, 'stop': 6, 'type': 'LOC'}, {'start': 16, 'stop': 22, 'type': 'ORG'}]},
    ]
    gold.write_text('\n'.join(json.dumps(d, ensure_ascii=False) for d in docs), encoding='utf-8')
    result = run(runner, ['evaluate', str(gold), '--json'])
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores['exact']['PER'] == {'prec': 1.0, 'recall': 1.0, 'f1': 1.0, 'correct': 1, 'pred': 1, 'gold': 1}
    assert scores['exact']['LOC']['correct'] == 2 and scores['exact']['LOC']['gold'] == 2
    assert scores['exact']['ORG']['gold'] == 1
    text = run(runner, ['evaluate', str(gold)]).stdout
    assert text.splitlines()[-1].startswith('PER 1.000 LOC ')


def test_evaluate_bad_gold_is_a_clear_error(runner, tmp_path):
    gold = tmp_path / 'gold.jsonl'
    gold.write_text('{"id": "a", "text": "x", "spans": []}\nnot json\n', encoding='utf-8')
    result = run(runner, ['evaluate', str(gold)])
    assert result.exit_code == 1
    assert result.stderr.startswith('newsner: error: %s, line 2: ' % gold)
