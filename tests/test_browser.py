"""The HTML report in a real browser: headless Chromium loads it, and the DOM it
dumps is parsed. Without Chromium these tests are skipped, except where the
environment variable CI is set (CI installs Debian's package): there they fail."""
import dataclasses
import os
import shutil
import struct
import subprocess

import pytest

from newsner.records import ORG, TYPES, Entity, Mention
from newsner.report import render_html
from conftest import missing
from test_html import Page

TIMEOUT = 60
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--hide-scrollbars']
# what the injected code does when it runs
ATTACK = 'document.title="pwned";document.body.insertAdjacentHTML("beforeend","<p id=pwned>pwned</p>")'
EVIL_TEXT = ('Сергей Лавров прилетел в Москву. <script>%s</script> Конец </mark> "кавычки" \'и\' &amp;.'
             % ATTACK)
EVIL_NORMAL = '"><img src=x onerror=\'%s\'>' % ATTACK


@pytest.fixture(scope='module')
def chromium():
    path = shutil.which('chromium') or shutil.which('chromium-browser')
    if path is None:
        missing('chromium, for the browser tests of the HTML report',
                'install it (Debian: apt-get update && apt-get install -y chromium)')
    return path


def run(chromium, tmp_path, page, *args):
    profile = tmp_path / 'profile'
    profile.mkdir(exist_ok=True)
    command = [chromium, *FLAGS, '--user-data-dir=%s' % profile, *args, page.as_uri()]
    try:
        result = subprocess.run(command, capture_output=True, timeout=TIMEOUT,
                                env=dict(os.environ, LANG='C.UTF-8'))
    except subprocess.TimeoutExpired:
        pytest.fail('chromium did not finish within %d s: %s' % (TIMEOUT, ' '.join(command)))
    assert result.returncode == 0, result.stderr.decode('utf-8', 'replace')[-2000:]
    return result.stdout.decode('utf-8')


def dump_dom(chromium, tmp_path, page):
    dom = Page(run(chromium, tmp_path, page, '--dump-dom'))
    assert dom.errors == []
    return dom


def test_the_injected_script_would_run_unescaped(chromium, tmp_path):
    page = tmp_path / 'control.html'
    page.write_text('<!DOCTYPE html><title>control</title><body><script>%s</script>' % ATTACK,
                    encoding='utf-8')
    dom = dump_dom(chromium, tmp_path, page)
    assert dom.title == 'pwned' and 'pwned' in dom.ids


def test_report_in_chromium(chromium, tmp_path, extractor, seed_text):
    seed = extractor(seed_text)
    evil = extractor(EVIL_TEXT)
    evil = dataclasses.replace(evil, id='<script>%s</script>' % ATTACK, entities=evil.entities + (
        Entity(ORG, EVIL_NORMAL, (Mention(0, 6, ORG, EVIL_TEXT[0:6], EVIL_NORMAL),)),))
    page = tmp_path / 'report.html'
    render_html([seed, evil], file=page)

    dom = dump_dom(chromium, tmp_path, page)

    # nothing from the input ran
    assert dom.title == 'newsner report'
    assert 'pwned' not in dom.ids and 'script' not in dom.tags and 'img' not in dom.tags
    assert dom.handlers == []
    # the texts are shown whole, the injected markup as text
    assert dom.texts == [seed_text, EVIL_TEXT]
    assert dom.sections[1]['h2'] == '<script>%s</script>' % ATTACK
    # every mention is highlighted with its type and normal form
    seed_marks = [(m['text'], m['type'], m['normal']) for m in dom.marks if m['doc'] == 0]
    assert set(seed_marks) == {(m.text, m.type, m.normal) for m in seed.mentions}
    assert len(seed_marks) == len(seed.mentions)
    for expected in [('Хушем Чокси', 'PER', 'Хуш Чокси'), ('Парвиза Шахбазова', 'PER', 'Парвиз Шахбазов'),
                     ('Азербайджана', 'LOC', 'Азербайджан'), ('Центральной Азией', 'LOC', 'Центральная Азия')]:
        assert expected in seed_marks
    assert [type for text, type, _ in seed_marks if text == 'SOCAR'][0] in TYPES
    assert {type for _, type, _ in seed_marks} <= set(TYPES)
    # every type found has its own colour
    assert all(m['class'] == 't-%s' % m['type'] for m in dom.marks)
    evil_marks = [(m['text'], m['type'], m['normal']) for m in dom.marks if m['doc'] == 1]
    assert ('Сергей', ORG, EVIL_NORMAL) in evil_marks
    assert ('Москву', 'LOC', 'Москва') in evil_marks
    # the index lists both documents
    assert [row[1] for row in dom.rows['docs'][1:]] == [seed.id, evil.id]


def test_screenshot_of_the_seed_report(chromium, tmp_path, extractor, seed_text):
    page = tmp_path / 'seed.html'
    render_html(extractor(seed_text), file=page)
    shot = tmp_path / 'seed.png'
    run(chromium, tmp_path, page, '--screenshot=%s' % shot, '--window-size=1000,800')
    data = shot.read_bytes()
    assert data[:8] == b'\x89PNG\r\n\x1a\n'
    assert struct.unpack('>II', data[16:24]) == (1000, 800)
    assert len(data) > 20000  # a page with text, not a blank one
