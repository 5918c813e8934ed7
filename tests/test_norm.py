"""Normal forms of hand-tagged names (pos/feats as slovnet's tagger gives them, slips included)."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsner.norm import Token, needs_tags, normalize
from newsner.words import CASES


@pytest.fixture(scope='module')
def vocab():
    import newsner.models  # noqa: F401  (sets up the dictionary path)
    from natasha import MorphVocab
    return MorphVocab()


def tokens(*words):
    """Tokens from (text, pos, 'Case Gender Number') triples, one space apart."""
    result, offset = [], 0
    for text, pos, feats in words:
        keys = ('Case', 'Gender', 'Number')
        result.append(Token(offset, offset + len(text), text, pos,
                            {k: v for k, v in zip(keys, feats.split()) if v != '-'}))
        offset += len(text) + 1
    return result


def norm(vocab, type, *words):
    return normalize(vocab, type, tokens(*words))


def test_people_to_nominative(vocab):
    assert norm(vocab, 'PER', ('Парвиза', 'PROPN', 'Nom Masc Sing'),
                ('Шахбазова', 'PROPN', 'Nom Masc Sing')) == 'Парвиз Шахбазов'
    assert norm(vocab, 'PER', ('Хушем', 'PROPN', 'Ins Masc Sing'),
                ('Чокси', 'PROPN', 'Ins Masc Sing')) == 'Хуш Чокси'
    assert norm(vocab, 'PER', ('Марии', 'PROPN', 'Gen Fem Sing'),
                ('Захаровой', 'PROPN', 'Gen Fem Sing')) == 'Мария Захарова'
    assert norm(vocab, 'PER', ('Кевина', 'PROPN', 'Acc Masc Sing'),
                ('Уитакера', 'PROPN', 'Gen Masc Sing')) == 'Кевин Уитакер'


def test_keeps_writers_e(vocab):
    assert norm(vocab, 'PER', ('Петром', 'PROPN', 'Ins Masc Sing'),
                ('Порошенко', 'PROPN', 'Ins Masc Sing')) == 'Петр Порошенко'
    assert norm(vocab, 'ORG', ('Счетной', 'ADJ', 'Gen Fem Sing'),
                ('палаты', 'NOUN', 'Gen Fem Sing')) == 'Счетная палата'
    assert norm(vocab, 'PER', ('Алёхина', 'PROPN', 'Gen Masc Sing')) == 'Алёхин'


@pytest.mark.parametrize('words, normal', [
    ([('Роналду', 'PROPN', 'Nom Masc Sing')], 'Роналду'),
    ([('Криштиану', 'PROPN', 'Gen Masc Sing'), ('Роналду', 'PROPN', 'Nom Masc Sing')], 'Криштиану Роналду'),
    ([('Джанни', 'PROPN', 'Gen Masc Sing'), ('Версаче', 'PROPN', 'Gen Masc Sing')], 'Джанни Версаче'),
    ([('Трейси', 'PROPN', 'Nom Fem Sing'), ('Холлоуэй', 'PROPN', 'Nom Masc Sing')], 'Трейси Холлоуэй'),
    ([('Хирокадзу', 'PROPN', 'Gen Masc Sing')], 'Хирокадзу'),
    ([('Зенеле', 'PROPN', 'Gen Masc Sing'), ('Хлатшвайо', 'PROPN', 'Gen Masc Sing')], 'Зенеле Хлатшвайо'),
    ([('Марджори', 'PROPN', 'Nom Fem Sing')], 'Марджори'),
])
def test_indeclinable_foreign_names(vocab, words, normal):
    assert norm(vocab, 'PER', *words) == normal


def test_dative_of_consonant_name(vocab):
    assert norm(vocab, 'PER', ('Джо', 'PROPN', 'Dat Masc Sing'),
                ('Байдену', 'PROPN', 'Dat Masc Sing')) == 'Джо Байден'


def test_gender_of_first_name_and_surnames(vocab):
    assert norm(vocab, 'PER', ('Ирина', 'PROPN', 'Nom Fem Sing'),
                ('Бурьян', 'PROPN', 'Nom Fem Sing')) == 'Ирина Бурьян'
    assert norm(vocab, 'PER', ('Лейсан', 'PROPN', 'Nom Masc Sing'),
                ('Абдулина', 'PROPN', 'Nom Masc Sing')) == 'Лейсан Абдулина'
    assert norm(vocab, 'PER', ('Яровой', 'ADJ', 'Gen Fem Sing')) == 'Яровая'
    assert norm(vocab, 'PER', ('Достоевского', 'PROPN', 'Gen Masc Sing')) == 'Достоевский'
    assert norm(vocab, 'PER', ('Артемом', 'PROPN', 'Ins Masc Sing'),
                ('Пальяновым', 'PROPN', 'Ins Masc Sing')) == 'Артем Пальянов'
    assert norm(vocab, 'PER', ('Андреем', 'PROPN', 'Ins Masc Sing'),
                ('Луговым', 'PROPN', 'Ins Masc Sing')) == 'Андрей Луговой'
    assert norm(vocab, 'PER', ('Геннадия', 'PROPN', 'Acc Masc Sing'),
                ('Бордюгова', 'PROPN', 'Gen Masc Sing')) == 'Геннадий Бордюгов'


def test_places_and_organizations(vocab):
    assert norm(vocab, 'ORG', ('Государственного', 'ADJ', 'Gen Neut Sing'), ('агентства', 'NOUN', 'Gen Neut Sing'),
                ('по', 'ADP', '- - -'), ('возобновляемым', 'VERB', 'Dat - Plur'),
                ('источникам', 'NOUN', 'Dat Masc Plur'), ('энергии', 'NOUN', 'Gen Fem Sing')) == \
        'Государственное агентство по возобновляемым источникам энергии'
    assert norm(vocab, 'LOC', ('Центральной', 'ADJ', 'Ins Fem Sing'),
                ('Азией', 'PROPN', 'Ins Fem Sing')) == 'Центральная Азия'
    assert norm(vocab, 'ORG', ('Торговой', 'ADJ', 'Gen Fem Sing'), ('палаты', 'NOUN', 'Gen Fem Sing'),
                ('США', 'PROPN', 'Gen - Plur')) == 'Торговая палата США'
    assert norm(vocab, 'LOC', ('Соединенных', 'VERB', 'Gen - Plur'), ('Штатов', 'PROPN', 'Gen Masc Plur'),
                ('Америки', 'PROPN', 'Gen Fem Sing')) == 'Соединенные Штаты Америки'


def test_head_group_read_by_agreement(vocab):
    assert norm(vocab, 'ORG', ('Ореховского', 'PROPN', 'Nom Masc Sing'), ('районного', 'ADJ', 'Gen Masc Sing'),
                ('суда', 'NOUN', 'Gen Masc Sing')) == 'Ореховский районный суд'
    assert norm(vocab, 'ORG', ('Свердловской', 'ADJ', 'Gen Fem Sing'), ('железной', 'NOUN', 'Gen Fem Sing'),
                ('дороги', 'NOUN', 'Gen Fem Sing')) == 'Свердловская железная дорога'
    assert norm(vocab, 'ORG', ('Тверской', 'ADJ', 'Gen Fem Sing'), ('и', 'CCONJ', '- - -'),
                ('Кашинской', 'ADJ', 'Gen Fem Sing'), ('епархии', 'NOUN', 'Gen Fem Sing')) == \
        'Тверская и Кашинская епархия'
    assert norm(vocab, 'ORG', ('5', 'NUM', '- - -'), ('канала', 'NOUN', 'Gen Masc Sing')) == '5 канал'
    assert norm(vocab, 'ORG', ('Telegram-канале', 'NOUN', 'Loc Masc Sing')) == 'Telegram-канал'


@pytest.mark.parametrize('type, words, normal', [
    ('ORG', [('«', 'PUNCT', '- - -'), ('Звезды', 'PROPN', 'Gen Fem Sing'), ('»', 'PUNCT', '- - -')], '« Звезды »'),
    ('PER', [('Мария', 'PROPN', 'Nom Fem Sing'), ('Захарова', 'PROPN', 'Nom Fem Sing')], 'Мария Захарова'),
    ('ORG', [('ExxonMobil', 'PROPN', 'Gen Masc Sing')], 'ExxonMobil'),
    ('ORG', [('J.P.', 'PROPN', 'Gen Masc Sing'), ('Morgan', 'PROPN', 'Gen Masc Sing')], 'J.P. Morgan'),
    ('ORG', [('ФИНАМ', 'PROPN', 'Nom Masc Sing')], 'ФИНАМ'),
    ('ORG', [('Говорит', 'VERB', '- - Sing'), ('Москва', 'PROPN', 'Nom Fem Sing')], 'Говорит Москва'),
])
def test_unchanged(vocab, type, words, normal):
    assert norm(vocab, type, *words) == normal


@pytest.mark.parametrize('type, words, needed', [
    ('PER', ['Владимир', 'Путин'], False),
    ('PER', ['Путина'], True),             # Путин in the genitive, or a woman named Путина
    ('PER', ['Парвиза', 'Шахбазова'], True),
    ('PER', ['Мария', 'Захарова'], True),   # Захарова: also Захаров in the genitive
    ('PER', ['Версаче'], False),            # unknown, indeclinable
    ('PER', ['Байдену'], True),             # unknown, a dative if the tagger says so
    ('LOC', ['Москва'], False),
    ('LOC', ['Москве'], True),
    ('LOC', ['Казахстан'], False),          # nominative or accusative: the same word
    ('GOV', ['Государственная', 'дума'], False),
    ('GOV', ['Министерство', 'энергетики'], True),  # энергетики: a genitive, were it in the head group
    ('ORG', ['ExxonMobil'], False),
    ('ORG', ['Уитакерстан'], True),         # unknown: guesses follow the tags
])
def test_needs_tags(vocab, type, words, needed):
    assert needs_tags(vocab, type, words) is needed


NAMES = [
    ('PER', 'Владимир Путин'), ('PER', 'Путин'), ('PER', 'Мария Захарова'), ('PER', 'Сергей Лавров'),
    ('PER', 'Роналду'), ('PER', 'Илон Маск'), ('PER', 'Дональд Трамп'), ('PER', 'Шакира'),
    ('PER', 'Иван Петрович Сидоров'), ('PER', 'Анна Иванова'), ('PER', 'Джо Байден'),
    ('LOC', 'Москва'), ('LOC', 'Казахстан'), ('LOC', 'Китай'), ('LOC', 'Санкт-Петербург'),
    ('LOC', 'Южная Корея'), ('LOC', 'Центральная Азия'), ('LOC', 'Кремль'), ('LOC', 'Баку'),
    ('GOV', 'Министерство энергетики'), ('GOV', 'Государственная дума'), ('ORG', 'Газпром'),
    ('ORG', 'Telegram-канал'), ('COMPANY', 'Роснефть'), ('MEDIA', 'Первый канал'),
    ('ORG', 'Тверская и Кашинская епархия'), ('ORG', '5 канал'), ('GOV', 'Совет Федерации'),
]
POS = ['NOUN', 'PROPN', 'ADJ', 'VERB', 'NUM', 'DET', 'X', 'CCONJ']


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(NAMES), st.data())
def test_name_that_needs_no_tags_keeps_its_form_whatever_the_tags(vocab, name, data):
    # a name in its nominative, as needs_tags judges it, comes back as written under any tags
    type, text = name
    words = text.split()
    if needs_tags(vocab, type, words):
        return
    feats = st.fixed_dictionaries({}, optional={
        'Case': st.sampled_from(CASES), 'Gender': st.sampled_from(['Masc', 'Fem', 'Neut']),
        'Number': st.sampled_from(['Sing', 'Plur'])})
    tagged, offset = [], 0
    for word in words:
        tagged.append(Token(offset, offset + len(word), word, data.draw(st.sampled_from(POS)), data.draw(feats)))
        offset += len(word) + 1
    assert normalize(vocab, type, tagged) == text


def test_most_test_names_need_no_tags(vocab):
    # the property above is only worth something if it is not vacuous
    free = [name for name in NAMES if not needs_tags(vocab, name[0], name[1].split())]
    assert len(free) >= len(NAMES) // 2
