"""Messages about inputs: one line, and short whatever the input or the exception holds."""
from newsner.messages import MAX_REASON, reason, shorten


def test_a_message_is_its_first_line():
    assert shorten('  first\nsecond\n') == 'first'
    assert reason(ValueError('\n\nbad thing\nat line 2')) == 'bad thing'
    assert reason(EOFError()) == 'EOFError'


def test_a_long_message_is_cut():
    huge = 'x' * (64 << 20)
    assert len(shorten(huge)) == MAX_REASON and shorten(huge).endswith('...')
    assert reason(ValueError(huge), 40) == 'x' * 37 + '...'
    assert shorten('y' * MAX_REASON) == 'y' * MAX_REASON


def test_invisible_characters_are_escaped():
    from newsner.messages import visible
    assert visible('a\nb\x1b[31m\x9b') == 'a\\nb\\x1b[31m\\x9b'
    # a right-to-left override reorders what follows; zero-width ones hide a difference
    assert visible('Газ\u202eморпзаГ\u200b\u2066\ufeff') == 'Газ\\u202eморпзаГ\\u200b\\u2066\\ufeff'
    assert visible('Газпром «Нефть» — 2025') == 'Газпром «Нефть» — 2025'


def test_the_summary_table_shows_invisible_characters_escaped():
    import io

    from newsner.records import Document, Entity, Mention
    from newsner.summary import summarize
    from newsner.summary_output import write_table
    name = 'Газ\u202eморп\u200bзаГ'
    doc = Document('a', (Entity('ORG', name, (Mention(0, 3, 'ORG', 'x', name),)),))
    out = io.StringIO()
    write_table(summarize([doc]), out)
    assert 'Газ\\u202eморп\\u200bзаГ' in out.getvalue()
    assert '\u202e' not in out.getvalue() and '\u200b' not in out.getvalue()
