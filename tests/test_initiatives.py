"""Named initiatives: routes named by adjectives, capitalized plans with their acronym, lists of
quoted names, initiatives named after a person; and the names that are none."""
import pytest

from newsner.rules.initiatives import SENTENCE_LEAD
from newsner.rules.text import sentence_start

from conftest import adjust, span


def entities(extractor, text):
    """{(type, name): [mention texts]} of the whole pipeline."""
    return {(e.type, e.name): [m.text for m in e.mentions] for e in extractor(text).entities}


@pytest.mark.parametrize('text, mention, name', [
    ('Строительство Северного широтного хода завершат к 2030 году.', 'Северного широтного хода',
     'Северный широтный ход'),
    ('Грузы пойдут по Южному транспортному коридору через порт.', 'Южному транспортному коридору',
     'Южный транспортный коридор'),
    ('Инвестиции в Восточный полигон выросли вдвое.', 'Восточный полигон', 'Восточный полигон'),
    ('Поезда по Транссибирской магистрали задерживаются.', 'Транссибирской магистрали',
     'Транссибирская магистраль'),
    ('Газ пойдёт по Голубому потоку в Турцию.', 'Голубому потоку', 'Голубой поток'),
])
def test_routes_named_by_adjectives(extractor, text, mention, name):
    assert entities(extractor, text).get(('INITIATIVE', name)) == [mention]


def test_a_route_the_model_calls_a_place_is_an_initiative(extractor):
    text = 'Власти обсудили Южный коридор и порты.'
    assert adjust(extractor, text, span(text, 'Южный коридор', 'LOC')) == [('Южный коридор', 'INITIATIVE')]


def test_a_route_keeps_its_own_mention_and_the_owner_after_it(extractor):
    text = 'Инвестиции в Восточный полигон РЖД выросли вдвое.'
    found = entities(extractor, text)
    assert found[('INITIATIVE', 'Восточный полигон')] == ['Восточный полигон']
    assert ['РЖД'] in found.values()


@pytest.mark.parametrize('text', [
    'Жители Северного Кавказа приехали в Москву.',
    'Лето в Восточной Сибири было жарким.',
    'Поселения на Западном берегу расширяются.',
    'Новый маршрут соединит два города.',  # a capital at a sentence's start names nothing
    'Северный маршрут закрыт на ремонт.',
    'Паломники прошли Великорецкий крестный ход.',  # a procession is an event
    'Туристы прошли новым маршрутом.',
])
def test_no_route_without_a_name(extractor, text):
    assert not any(e.type == 'INITIATIVE' for e in extractor(text).entities)


def test_a_route_at_a_sentence_start_counts_when_the_text_names_it_again():
    assert sentence_start('Северный маршрут закрыт.', 0, SENTENCE_LEAD)
    assert sentence_start('Итог. «Северный маршрут» закрыт.', 7, SENTENCE_LEAD)
    assert not sentence_start('Закрыт Северный маршрут.', 7, SENTENCE_LEAD)


def test_a_route_at_a_sentence_start_named_again_inside_one(extractor):
    text = 'Северный широтный ход построят к 2030 году. Деньги на Северный широтный ход выделены.'
    assert entities(extractor, text).get(('INITIATIVE', 'Северный широтный ход')) == [
        'Северный широтный ход', 'Северный широтный ход']


def test_a_plan_with_its_acronym_is_one_initiative(extractor):
    text = ('Минэнерго представило Программу развития угольной промышленности (ПРУП). '
            'Реализация ПРУП начнётся в 2025 году.')
    found = entities(extractor, text)
    assert found[('INITIATIVE', 'Программа развития угольной промышленности')] == [
        'Программу развития угольной промышленности', 'ПРУП', 'ПРУП']


def test_a_plan_at_a_sentence_start_with_its_acronym(extractor):
    text = 'Программа развития угольной промышленности (ПРУП) принята. Реализация ПРУП начнётся в 2025 году.'
    found = entities(extractor, text)
    assert found[('INITIATIVE', 'Программа развития угольной промышленности')] == [
        'Программа развития угольной промышленности', 'ПРУП', 'ПРУП']


def test_a_place_in_a_plans_name_stays_a_nested_mention(extractor):
    text = 'Эксперты обсудили Концепцию внешней политики России.'
    doc = extractor(text)
    plan = next(m for m in doc.mentions if m.type == 'INITIATIVE')
    assert (plan.text, plan.normal) == ('Концепцию внешней политики России', 'Концепция внешней политики России')
    assert any(m.type == 'LOC' and m.text == 'России' and plan.start < m.start and m.stop == plan.stop
               for m in doc.mentions)


def test_a_plan_runs_to_its_year(extractor):
    text = 'Правительство одобрило Стратегию развития Арктической зоны до 2035 года.'
    assert ('INITIATIVE', 'Стратегия развития Арктической зоны до 2035 года') in entities(extractor, text)


@pytest.mark.parametrize('text', [
    'Новая программа развития села обсуждалась в правительстве.',  # lower case: no name
    'Программа развития села обсуждалась в правительстве.',  # a capital at a sentence's start
    'Фонд работает в рамках Программы развития ООН.',  # the UN's body, not a plan
    'Инициативу Юрия Лужкова не одобрили.',  # a person in full: his initiative, no name
    'Стратегию развития компании обсудили акционеры.',
])
def test_no_plan_without_a_name(extractor, text):
    assert not any(e.type == 'INITIATIVE' for e in extractor(text).entities)


def test_every_quoted_name_of_a_list_takes_the_descriptor(extractor):
    text = ('Правительство утвердило нацпроекты «Инфраструктура для жизни», «Туризм и индустрия '
            'гостеприимства» и «Эффективная и конкурентная экономика».')
    assert adjust(extractor, text) == [
        ('Инфраструктура для жизни', 'INITIATIVE'), ('Туризм и индустрия гостеприимства', 'INITIATIVE'),
        ('Эффективная и конкурентная экономика', 'INITIATIVE')]
    text = 'Об этом написали газеты «Северный вестник», а также «Южный курьер».'
    assert adjust(extractor, text) == [('Северный вестник', 'MEDIA'), ('Южный курьер', 'MEDIA')]


def test_a_list_stops_at_words_between_quotes(extractor):
    text = 'Деньги выделят по нацпроекту «Экология», сообщил «Северный вестник».'
    assert ('Северный вестник', 'INITIATIVE') not in adjust(extractor, text)


@pytest.mark.parametrize('text, mention, person', [
    ('Туристы выбрали маршрут Иванова через Алтай.', 'маршрут Иванова', 'Иванова'),
    ('Историки вспомнили план Маршалла.', 'план Маршалла', 'Маршалла'),
    ('Делегация обсудила Маршрут Трампа в Ереване.', 'Маршрут Трампа', 'Трампа'),
])
def test_an_initiative_named_after_a_person(extractor, text, mention, person):
    doc = extractor(text)
    outer = [m for m in doc.mentions if m.type == 'INITIATIVE']
    assert [m.text for m in outer] == [mention]
    # the person stays a mention, nested in the initiative's name
    assert any(m.type == 'PER' and m.text == person and m.stop == outer[0].stop for m in doc.mentions)


def test_a_person_taken_with_the_head_word_is_cut_to_the_person(extractor):
    text = 'Делегация обсудила Маршрут Трампа в Ереване.'
    assert adjust(extractor, text, span(text, 'Маршрут Трампа', 'PER')) == [
        ('Маршрут Трампа', 'INITIATIVE'), ('Трампа', 'PER')]


@pytest.mark.parametrize('text', [
    'Он купил дом Иванова на окраине.',
    'Журналисты повторили слова Иванова.',
    'По данным Иванова, сделка сорвалась.',
    'Мы выбрали маршрут Ивана Петрова через Алтай.',  # a person in full: whose route, no name
    'Эксперты обсудили стратегию Иванова.',
])
def test_no_initiative_after_a_common_noun(extractor, text):
    doc = extractor(text)
    assert not any(m.type == 'INITIATIVE' for m in doc.mentions)
    assert any(m.type == 'PER' for m in doc.mentions)


@pytest.mark.parametrize('text, expected', [
    ('Грузы пойдут по коридору «Европа — Западный Китай» через Казахстан.', 'Европа — Западный Китай'),
    ('Газпром начал проектирование газопровода «Сила Сибири — 2» через Монголию.', 'Сила Сибири — 2'),
    ('Монголия поддержала проект «Союз Восток».', 'Союз Восток'),
])
def test_quoted_initiatives_stay(extractor, text, expected):
    assert [e.name for e in extractor(text).entities if e.type == 'INITIATIVE'] == [expected]


def test_an_event_named_after_an_initiative_is_dropped(extractor):
    text = 'Он выступил на форуме «Один пояс — один путь» в Пекине.'
    assert not any(e.type == 'INITIATIVE' for e in extractor(text).entities)


@pytest.mark.parametrize('text', [
    'Ведущий программы «Время» на Первом канале сменился.',
    'В эфире программы «Время» показали репортаж.',
    'Программа «Время» выйдет в эфир позже.',
])
def test_a_broadcast_program_is_media(extractor, text):
    assert adjust(extractor, text)[0] == ('Время', 'MEDIA')


def test_a_program_with_no_broadcast_word_stays_an_initiative(extractor):
    text = 'Правительство продлило программу «Земский доктор» ещё на год.'
    assert adjust(extractor, text) == [('Земский доктор', 'INITIATIVE')]


def test_a_route_inside_a_plans_name_is_part_of_it(extractor):
    text = 'Минтранс утвердил Концепцию развития Южного транспортного коридора.'
    assert [m.text for m in extractor(text).mentions if m.type == 'INITIATIVE'] == [
        'Концепцию развития Южного транспортного коридора']
