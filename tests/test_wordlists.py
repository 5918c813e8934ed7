"""The word lists under newsner/data/words/: each says what it is for, holds lemmas the dictionary
knows (or entries marked as written on purpose), repeats nothing, and ships with the package."""
from pathlib import Path

import pytest

from newsner.wordlists import entries, list_names, read_entries, word_list

FOLDER = Path(__file__).resolve().parent.parent / 'newsner' / 'data' / 'words'


@pytest.fixture(scope='module')
def vocab():
    from newsner.models import Vocab
    return Vocab()


def is_lemma(vocab, word):
    """A word the dictionary knows whose dictionary form is itself ("ё" as "е")."""
    plain = word.replace('ё', 'е')
    return vocab.word_is_known(word) and any(
        form.normal_form.replace('ё', 'е') == plain for form in vocab(word))


def test_every_list_is_shipped_and_found():
    names = list_names()
    assert names == sorted(path.stem for path in FOLDER.glob('*.txt'))
    assert {'heads-gov', 'role-nouns', 'legal-forms', 'surname-particles'} <= set(names)


def test_every_list_says_what_it_is_for():
    for name in list_names():
        first = (FOLDER / (name + '.txt')).read_text(encoding='utf-8').splitlines()[0]
        assert first.startswith('# ') and len(first) > 20, name


def test_no_entry_repeats():
    for name in list_names():
        seen = [entry.word for entry in entries(name)]
        assert len(seen) == len(set(seen)), (name, sorted({w for w in seen if seen.count(w) > 1}))
        assert all(word == word.lower() for word in seen), name


def test_every_entry_is_a_lemma_or_marked(vocab):
    wrong = []
    for name in list_names():
        for entry in entries(name):
            if entry.note:
                continue  # a form as written, a Latin or foreign word: said so on its line
            if not all(is_lemma(vocab, word) for word in entry.word.split()):
                wrong.append('%s.txt:%d %s' % (name, entry.line, entry.word))
    assert not wrong, wrong


def test_the_check_catches_forms(vocab):
    # the two entries that once could never match: a feminine adjective, a genitive
    assert not is_lemma(vocab, 'торговая')
    assert not is_lemma(vocab, 'телеканала')
    assert is_lemma(vocab, 'торговый') and is_lemma(vocab, 'телеканал')


def test_entries_are_read_as_written():
    text = '# what for\n\nминистерство\nbelyi  dom\ninc  # form: Latin\n'
    assert read_entries(text) == [('министерство', '', 3), ('belyi dom', '', 4), ('inc', 'form: Latin', 5)]
    assert 'министерство' in word_list('heads-gov') and isinstance(word_list('heads-gov'), frozenset)
    assert word_list('heads-gov') is word_list('heads-gov')  # read once


def test_mended_entries_match(vocab):
    """Entries once written in a form no lemma takes now match the words of a text."""
    from newsner.rules.kinds import context_kind
    from newsner.rules.lemma import Lemmas
    from newsner.types import COMPANY, MEDIA
    lemmas = Lemmas(vocab)
    assert context_kind([lemmas('крупнейшего'), lemmas('ритейлера')], []) == COMPANY
    assert context_kind([lemmas('торговой'), lemmas('площадки')], []) == COMPANY
    assert context_kind([lemmas('телеканала')], []) == MEDIA
    assert context_kind([lemmas('площадки')], []) is None
