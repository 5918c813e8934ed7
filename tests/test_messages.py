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
