"""Person names: their parts, and which mentions of a text name one person."""
import pytest

from newsner.persons import Name, name_parts, person_links
from newsner.records import LOC, PER, Mention, group_mentions

FIRST_NAMES = {'Парвиз', 'Сергей', 'Андрей', 'Владимир', 'Иван', 'Анна', 'Хуш'}


def is_first_name(word):
    return word in FIRST_NAMES


@pytest.mark.parametrize('normal, parts', [
    ('Парвиз Шахбазов', Name('Парвиз', '', 'Шахбазов')),
    ('Шахбазов', Name(last='Шахбазов')),
    ('П. Шахбазов', Name('П.', '', 'Шахбазов')),
    ('П.А. Шахбазов', Name('П.', 'А.', 'Шахбазов')),
    ('Шахбазов П. А.', Name('П.', 'А.', 'Шахбазов')),
    ('Владимир Владимирович Путин', Name('Владимир', 'Владимирович', 'Путин')),
    ('Путин Владимир Владимирович', Name('Владимир', 'Владимирович', 'Путин')),
    ('Путин Владимир', Name('Владимир', '', 'Путин')),
    ('Владимир Владимирович', Name('Владимир', 'Владимирович', '')),
    ('Владимир', Name(first='Владимир')),
    ('Людвиг ван Бетховен', Name('Людвиг', '', 'ван Бетховен')),
    ('фон дер Ляйен', Name(last='фон дер Ляйен')),
    ('де Голль', Name(last='де Голль')),
    ('Ильхам Гейдар оглы Алиев', Name('Ильхам', 'Гейдар оглы', 'Алиев')),
])
def test_name_parts(normal, parts):
    assert name_parts(normal, is_first_name=is_first_name) == parts


def mentions_of(*normals, texts=None):
    # mentions one after the other, each written as its normal form unless texts say otherwise
    result, offset = [], 0
    for index, normal in enumerate(normals):
        type = PER
        if isinstance(normal, tuple):
            type, normal = normal
        text = texts[index] if texts and texts[index] else normal
        result.append(Mention(offset, offset + len(text), type, text, normal))
        offset += len(text) + 10
    return result


def grouped(mentions):
    entities = group_mentions(mentions, person_links(mentions, is_first_name=is_first_name))
    return [(e.name, sorted({m.normal for m in e.mentions})) for e in entities]


def test_full_name_initial_and_surname_are_one_person():
    mentions = mentions_of('Парвиз Шахбазов', 'Шахбазов', 'П. Шахбазов', 'Шахбазов')
    assert grouped(mentions) == [('Парвиз Шахбазов', ['П. Шахбазов', 'Парвиз Шахбазов', 'Шахбазов'])]


def test_surname_before_the_full_name_joins_too():
    assert grouped(mentions_of('Чокси', 'Хуш Чокси')) == [('Хуш Чокси', ['Хуш Чокси', 'Чокси'])]


def test_same_surname_different_first_names_never_merge():
    mentions = mentions_of('Сергей Иванов', 'Андрей Иванов', 'Иванов', 'А. Иванов', 'С. Иванов')
    assert grouped(mentions) == [
        ('Сергей Иванов', ['С. Иванов', 'Сергей Иванов']),
        ('Андрей Иванов', ['А. Иванов', 'Андрей Иванов']),
        ('Иванов', ['Иванов']),  # ambiguous: joins neither
    ]


def test_initials_that_fit_no_full_name_keep_a_surname_apart():
    mentions = mentions_of('П. Шахбазов', 'А. Шахбазов', 'Шахбазов')
    assert len(grouped(mentions)) == 3


def test_one_initial_person_takes_the_surname():
    assert grouped(mentions_of('П. Шахбазов', 'Шахбазов')) == [('П. Шахбазов', ['П. Шахбазов', 'Шахбазов'])]


def test_surname_as_written_in_an_oblique_case():
    # "Иванова" as the genitive of "Иванов", left unnormalized, joins the one Иванов
    mentions = mentions_of('Сергей Иванов', 'Иванова', texts=['Сергея Иванова', 'Иванова'])
    assert grouped(mentions) == [('Сергей Иванов', ['Иванова', 'Сергей Иванов'])]


def test_a_woman_with_the_surname_keeps_it():
    mentions = mentions_of('Сергей Иванов', 'Анна Иванова', 'Иванова')
    assert grouped(mentions) == [('Сергей Иванов', ['Сергей Иванов']),
                                 ('Анна Иванова', ['Анна Иванова', 'Иванова'])]


def test_first_name_and_patronymic_join_the_one_person():
    mentions = mentions_of('Владимир Путин', 'Владимир Владимирович')
    assert len(grouped(mentions)) == 1


def test_other_types_are_left_alone():
    mentions = mentions_of((LOC, 'Шахбазов'), 'Парвиз Шахбазов')
    assert len(grouped(mentions)) == 2


def test_extractor_groups_people(extractor):
    text = ('Министр энергетики Азербайджана Парвиз Шахбазов прибыл в Баку. Позже Шахбазов '
            'заявил, что П. Шахбазов доволен. Сергей Иванов и Андрей Иванов встретились. '
            'Иванов промолчал.')
    people = [(e.name, e.count) for e in extractor(text).entities if e.type == PER]
    assert people == [('Парвиз Шахбазов', 3), ('Сергей Иванов', 1), ('Андрей Иванов', 1), ('Иванов', 1)]


def test_extractor_names_a_person_by_first_name_and_surname(extractor):
    doc = extractor('Владимир Путин, президент России, встретился с журналистами. '
                    'Владимир Владимирович ответил на вопросы.')
    person = [e for e in doc.entities if e.type == PER][0]
    assert (person.name, person.aliases) == ('Владимир Путин', ('Владимир Владимирович',))


def test_foreign_name_in_the_nominative(extractor, seed_text):
    people = {e.name for e in extractor(seed_text).entities if e.type == PER}
    assert people == {'Хуш Чокси', 'Парвиз Шахбазов'}


def test_seed_has_no_duplicate_entities(extractor, seed_text):
    entities = extractor(seed_text).entities
    normals = [m.normal.lower() for e in entities for m in {m.normal: m for m in e.mentions}.values()]
    assert len(normals) == len(set(normals))  # a normal form belongs to one entity only
    assert len({e.name.lower() for e in entities}) == len(entities)


def persons(extractor, text):
    """{entity name: [(mention as written, its normal form)]} of the people of a text."""
    return {e.name: [(m.text, m.normal) for m in e.mentions] for e in extractor(text).entities if e.type == PER}


@pytest.mark.parametrize('text, name, mentions', [
    # "Кая" is also the genitive of "Кай": the woman's name written elsewhere ("Каей") decides
    ('Журналисты ждали Каю Каллас у входа. Встреча с Каей Каллас прошла спокойно.',
     'Кая Каллас', [('Каю Каллас', 'Кая Каллас'), ('Каей Каллас', 'Кая Каллас')]),
    ('Интервью дала Кая Каллас. Журналисты поговорили с Каей Каллас после встречи.',
     'Кая Каллас', [('Кая Каллас', 'Кая Каллас'), ('Каей Каллас', 'Кая Каллас')]),
])
def test_a_womans_first_name_makes_one_woman(extractor, text, name, mentions):
    assert persons(extractor, text) == {name: mentions}


def test_a_womans_first_name_keeps_a_foreign_surname(extractor):
    found = persons(extractor, 'Кай Метсон ответил Каей Метсон, своей сестре.')
    assert found['Кая Метсон'] == [('Каей Метсон', 'Кая Метсон')]
    assert found['Кай Метсон'] == [('Кай Метсон', 'Кай Метсон')]  # a man with her surname stays a man


def test_a_man_and_a_woman_with_one_surname_stay_two(extractor):
    found = persons(extractor, 'Иван Петров встретился с Ниной Петровой.')
    assert set(found) == {'Иван Петров', 'Нина Петрова'}


def test_a_name_left_in_the_genitive_joins_its_nominative(extractor):
    found = persons(extractor, 'Гитарист Лиам Хоулетт выступил в Лондоне. Поклонники Лиама Хоулетта '
                               'собрались у клуба.')
    assert list(found) == ['Лиам Хоулетт'] and len(found['Лиам Хоулетт']) == 2


def test_a_womans_surname_wins_over_a_masculine_reading(extractor):
    from newsner.models import load_models
    from newsner.persons import oblique_names
    vocab = load_models()[2]
    mentions = [Mention(0, 11, PER, 'Анна Иванов', 'Анна Иванов'), Mention(20, 32, PER, 'Анны Ивановой', 'Анна Иванова')]
    assert [m.normal for m in oblique_names(vocab, mentions)] == ['Анна Иванова', 'Анна Иванова']
    # a first name that may be a woman's keeps two people apart
    mentions = [Mention(0, 16, PER, 'Александр Иванов', 'Александр Иванов'),
                Mention(19, 37, PER, 'Александра Иванова', 'Александра Иванова')]
    assert [m.normal for m in oblique_names(vocab, mentions)] == ['Александр Иванов', 'Александра Иванова']


def test_a_first_name_in_brackets_keeps_the_surname_after_it(extractor):
    found = persons(extractor, 'Депутаты спорили с госпожой (Урсулой) фон дер Ляйен весь вечер.')
    assert found == {'фон дер Ляйен': [('Урсулой', 'Урсула'), ('фон дер Ляйен', 'фон дер Ляйен')]}


def test_a_surname_with_its_particle_joins_the_full_name(extractor):
    found = persons(extractor, 'Урсула фон дер Ляйен прилетела в Киев. Позже фон дер Ляйен выступила.')
    assert list(found) == ['Урсула фон дер Ляйен']
    assert len(found['Урсула фон дер Ляйен']) == 2


def test_a_bracket_after_a_name_still_adds_nothing(extractor):
    # a surname in brackets after a full name is no first name in brackets
    found = persons(extractor, 'Выступил Пётр Сидоров (Петров) из Самары.')
    assert 'Пётр Сидоров' in found


def test_feminine_declension():
    from newsner.person_names import feminine_declension
    assert feminine_declension('Кая') == {'кая': 'Nom', 'каи': 'Gen', 'каю': 'Acc', 'каей': 'Ins', 'кае': 'Dat'}
    assert feminine_declension('Нина') == {'нина': 'Nom', 'нины': 'Gen', 'нину': 'Acc', 'ниной': 'Ins', 'нине': 'Dat'}
    assert feminine_declension('Ольга')['ольги'] == 'Gen'
    assert feminine_declension('Кай') == {}
