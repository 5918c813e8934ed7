"""split_text: cutting long texts into pieces for the model. Loads no model."""
from hypothesis import given, settings, strategies as st

from newsner.segment import split_text


def pieces(text, limit):
    return [text[a:b] for a, b in split_text(text, limit)]


def check(text, limit):
    bounds = split_text(text, limit)
    previous = 0
    for start, stop in bounds:
        assert previous <= start < stop <= len(text)  # in order, non-overlapping, non-empty
        assert stop - start <= limit
        assert text[start:stop].strip()
        previous = stop
    covered = set()
    for start, stop in bounds:
        covered.update(range(start, stop))
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())
    return bounds


ALPHABET = st.sampled_from(list('абвгдАБВ xyz.!?,\n\t') + ['\n\n', '. ', 'Ёж. ', 'США', '\u00a0', '\r\n'])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=120).map(''.join), st.integers(1, 200))
def test_pieces_cover_text_in_order_within_limit(text, limit):
    check(text, limit)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.integers(1, 200))
def test_any_string(text, limit):
    check(text, limit)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(['Путин приехал в Москву. ', 'Он сказал: «Да». ', 'Газпром\n',
                                 'слово ', 'а' * 30, '\n\n']), max_size=60).map(''.join),
       st.integers(1, 200))
def test_sentences_and_paragraphs(text, limit):
    check(text, limit)


def test_short_text_is_one_piece():
    assert split_text('Привет, мир', 100) == [(0, 11)]
    assert split_text('  Привет  ', 10) == [(0, 10)]


def test_blank_text_has_no_pieces():
    assert split_text('', 10) == []
    assert split_text('   \n\n  ', 10) == []
    assert split_text(' ' * 50, 10) == []


def test_paragraphs_preferred_to_sentences():
    first = 'Первое предложение. Второе предложение.\n'
    second = 'Третье предложение. Четвёртое.\n'
    text = first + second
    # the whole of each paragraph fits: cut between paragraphs, not at a sentence
    assert pieces(text, len(first)) == [first, second]
    # both do not fit in one piece
    assert pieces(text, len(text) - 1) == [first, second]


def test_short_paragraphs_packed_together():
    text = 'один\nдва\nтри\nчетыре\n'
    assert pieces(text, 10) == ['один\nдва\n', 'три\n', 'четыре\n']


def test_sentences_preferred_to_spaces():
    text = 'Мама мыла раму. Папа читал газету. Дети спали.'
    assert pieces(text, 20) == ['Мама мыла раму. ', 'Папа читал газету. ', 'Дети спали.']
    # two sentences fit together
    assert pieces(text, 35) == ['Мама мыла раму. Папа читал газету. ', 'Дети спали.']


def test_long_sentence_cut_at_spaces():
    text = 'один два три четыре пять шесть'
    assert pieces(text, 10) == ['один два', ' три', ' четыре', ' пять', ' шесть']
    assert all(len(p) <= 10 for p in pieces(text, 10))


def test_long_run_without_spaces_is_cut_hard():
    text = 'а' * 25
    assert split_text(text, 10) == [(0, 10), (10, 20), (20, 25)]
    assert split_text('x' * 7, 1) == [(i, i + 1) for i in range(7)]


def test_word_too_long_inside_text_is_cut_hard():
    text = 'ab ' + 'c' * 12 + ' de'
    assert pieces(text, 5) == ['ab', ' cccc', 'ccccc', 'ccc', ' de']
