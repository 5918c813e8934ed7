"""What counts as a mention (docs/conventions.md): bodies with their place, the outermost name,
where a lower-case name stops, brackets and quotes, and the types the rules mend.

Most cases give the rules hand-made model spans, so that they test the rules, not the model;
a few go through the whole extractor and the CLI.
"""
import csv
import io
import json

import pytest
from click.testing import CliRunner

from newsner.cli import cli

from conftest import adjust, span



# -- 1. a body named with its country, region or city ----------------------

@pytest.mark.parametrize('text, body, place, kind', [
    ('Вчера МИД Японии вызвал посла.', 'МИД Японии', 'Японии', 'GOV'),
    ('Минфин Казахстана выпустил облигации.', 'Минфин Казахстана', 'Казахстана', 'GOV'),
    ('Верховный суд Башкирии оставил приговор в силе.', 'Верховный суд Башкирии', 'Башкирии', 'GOV'),
    ('Банк Кореи снизил ставку.', 'Банк Кореи', 'Кореи', 'GOV'),
    ('Делегацию приняла Торговая палата Канады.', 'Торговая палата Канады', 'Канады', 'ORG'),
])
def test_body_and_its_place_are_one_mention_with_the_place_nested(extractor, text, body, place, kind):
    name = body[:-len(place) - 1]
    found = adjust(extractor, text, span(text, name), span(text, place, 'LOC'))
    assert found[0][0] == body and found[0][1] in (kind, 'GOV', 'ORG', 'COMPANY')
    assert (place, 'LOC') in found
    assert len(found) == 2


@pytest.mark.parametrize('text, body, place', [
    ('Решение приняло Правительство РФ.', 'Правительство РФ', 'РФ'),
    ('Проект внесли в администрацию Тверской области.', 'администрацию Тверской области', 'Тверской области'),
    ('Глава правительства Латвии выступил в парламенте.', 'правительства Латвии', 'Латвии'),
])
def test_type_word_before_a_place_is_a_body(extractor, text, body, place):
    assert adjust(extractor, text, span(text, place, 'LOC')) == [(body, 'GOV'), (place, 'LOC')]


def test_one_body_of_two_countries_is_two_entities(extractor):
    doc = extractor('МИД Японии направил ноту, и МИД Китая ответил на нее через сутки.')
    bodies = [e for e in doc.entities if e.type == 'GOV']
    written = [sorted(m.text for m in e.mentions) for e in bodies]
    assert ['МИД Японии'] in written and ['МИД Китая'] in written
    assert 'МИД' not in {e.name for e in bodies}


def test_body_normal_form_is_nominative(extractor):
    doc = extractor('В пресс-службе правительства Латвии сообщили о решении.')
    body = next(e for e in doc.entities if e.type == 'GOV')
    assert body.name == 'правительство Латвии'


@pytest.mark.parametrize('text, spans, expected', [
    # a place in another case is no body's: "передал Японии"
    ('МИД передал Японии ноту.', [('МИД', 'ORG'), ('Японии', 'LOC')], [('МИД', 'GOV'), ('Японии', 'LOC')]),
    # a person before a place is no body
    ('Посол Японии прибыл.', [('Японии', 'LOC')], [('Японии', 'LOC')]),
    # a closing quote ends a name
    ('Акции «Северного холдинга» России выросли.',
     [('Северного холдинга', 'ORG'), ('России', 'LOC')], None),
])
def test_place_joins_no_body_where_it_must_not(extractor, text, spans, expected):
    found = adjust(extractor, text, *(span(text, part, type) for part, type in spans))
    if expected is not None:
        assert found == expected
    assert ('России', 'LOC') in found or 'России' not in text
    assert not any(t != 'LOC' and name.endswith('России') for name, t in found)


# -- 2. the outermost name wins ---------------------------------------------

@pytest.mark.parametrize('text, inner, expected', [
    ('Поправки одобрил комитет Сената по обороне.', ('Сената', 'ORG'), ('комитет Сената по обороне', 'GOV')),
    ('Доклад подготовил Комитет ООН по правам ребенка.', ('ООН', 'ORG'),
     ('Комитет ООН по правам ребенка', 'ORG')),
    ('Справку готовил аппарат правительства.', None, ('аппарат правительства', 'GOV')),
])
def test_outermost_name_wins(extractor, text, inner, expected):
    spans = [span(text, *inner)] if inner else []
    if inner == ('Сената', 'ORG'):
        spans = [span(text, 'Сената', 'GOV')]
    assert adjust(extractor, text, *spans) == [expected]


# -- 3. lower-case bodies stop where the name stops --------------------------

@pytest.mark.parametrize('text', [
    'Капитан ушел со службы по собственному желанию в связи с переездом.',
    'Ведомство промолчало, а министерство ответило позже.',
    'Правительство собралось на заседание.',
    'По данным комиссии, по итогам года рост составил два процента.',
])
def test_lower_case_grammar_does_not_fire(extractor, text):
    assert adjust(extractor, text) == []


@pytest.mark.parametrize('text, expected', [
    ('Об этом сообщили в министерстве финансов страны.', [('министерстве финансов', 'GOV')]),
    ('Ответ дала федеральная антимонопольная служба.', [('федеральная антимонопольная служба', 'GOV')]),
    ('Письмо ушло в министерство сельского хозяйства Киргизии.',
     [('министерство сельского хозяйства Киргизии', 'GOV'), ('Киргизии', 'LOC')]),
])
def test_lower_case_body_stops_where_the_name_stops(extractor, text, expected):
    spans = [span(text, 'Киргизии', 'LOC')] if 'Киргизии' in text else []
    assert adjust(extractor, text, *spans) == expected


# -- 4. brackets and quotes ----------------------------------------------------

def test_acronym_then_long_name_in_brackets(extractor):
    text = 'ВОЗ (Всемирная организация здравоохранения) выпустила доклад.'
    found = adjust(extractor, text, span(text, 'ВОЗ (Всемирная организация здравоохранения'))
    assert [name for name, _ in found] == ['ВОЗ', 'Всемирная организация здравоохранения']
    doc = extractor(text)
    who = [e for e in doc.entities if any(m.text == 'ВОЗ' for m in e.mentions)]
    assert len(who) == 1 and sorted(m.text for m in who[0].mentions) == [
        'ВОЗ', 'Всемирная организация здравоохранения']


def test_long_name_then_acronym_in_brackets(extractor):
    text = 'Инвестиции одобрил Фонд прямых вложений Армении (ФПВА).'
    found = adjust(extractor, text, span(text, 'Фонд прямых вложений'), span(text, 'Армении (ФПВА)', 'LOC'))
    assert found[0] == ('Фонд прямых вложений Армении', found[0][1])
    assert ('Армении', 'LOC') in found and ('ФПВА', found[0][1]) in found
    assert not any('(' in name or ')' in name for name, _ in found)


@pytest.mark.parametrize('text, model, expected', [
    ('Акционеры АО "Лесная поляна" собрались в пятницу.', 'АО "Лесная поляна', ('Лесная поляна', 'COMPANY')),
    ('Суд признал банкротом ООО «Нива».', 'ООО «Нива', ('Нива', 'COMPANY')),
    ('Завод «Восток» остановил линию.', 'Восток» остановил', ('Восток', 'ORG')),
])
def test_quotes_are_never_half_of_a_name(extractor, text, model, expected):
    found = adjust(extractor, text, span(text, model))
    assert len(found) == 1
    assert found[0][0] == expected[0]
    assert not any(c in found[0][0] for c in '«»"')


def test_latin_legal_form_stays_russian_one_goes(extractor):
    text = 'Контракт подписали ПАО «Зарница» и Nordlys AB.'
    found = adjust(extractor, text, span(text, 'ПАО «Зарница»'), span(text, 'Nordlys'))
    assert found == [('Зарница', 'COMPANY'), ('Nordlys AB', 'COMPANY')]


# -- 5. types the rules mend ---------------------------------------------------

@pytest.mark.parametrize('text, name', [
    ('Новые пошлины ввел ЕС.', 'ЕС'),
    ('Санкции продлил Евросоюз.', 'Евросоюз'),
    ('Позицию изложил Европейский союз.', 'Европейский союз'),
])
def test_union_of_states_is_an_organization(extractor, text, name):
    assert adjust(extractor, text, span(text, name, 'LOC')) == [(name, 'ORG')]


def test_a_state_called_a_union_stays_a_place(extractor):
    text = 'Он родился в Советском Союзе.'
    assert adjust(extractor, text, span(text, 'Советском Союзе', 'LOC')) == [('Советском Союзе', 'LOC')]


@pytest.mark.parametrize('text, name, kind', [
    ('Кремль опроверг эти сведения.', 'Кремль', 'GOV'),
    ('В Кремле заявили, что встреча состоится.', 'Кремле', 'GOV'),
    ('Так ответил пресс-секретарь Белого дома.', 'Белого дома', 'GOV'),
    ('Экскурсия по Кремлю длилась два часа.', 'Кремлю', 'LOC'),
    ('Демонстранты стояли у Белого дома до вечера.', 'Белого дома', 'LOC'),
    ('Даунинг-стрит отказалась от комментариев.', 'Даунинг-стрит', 'GOV'),
    ('Туристы фотографировали Даунинг-стрит весь день.', 'Даунинг-стрит', 'LOC'),
    # the subject of a verb a building does not do; any reading of the word before
    ('Накануне Белый дом получил ответ из Пекина.', 'Белый дом', 'GOV'),
    ('Кремль снова всех удивил.', 'Кремль', 'GOV'),
    ('Советник сменился, когда он стал главою Белого дома.', 'Белого дома', 'GOV'),
    ('Кремль стоит на холме над рекой.', 'Кремль', 'LOC'),
    # a statement of the administration before it
    ('Об этом сказано в заявлении Белого дома.', 'Белого дома', 'GOV'),
    ('Гости гуляли у Елисейского дворца.', 'Елисейского дворца', 'LOC'),
    ('Школьники осмотрели Кремль, который был построен давно.', 'Кремль', 'LOC'),
])
def test_seat_of_power_is_gov_when_it_acts(extractor, text, name, kind):
    assert adjust(extractor, text, span(text, name, 'LOC')) == [(name, kind)]


@pytest.mark.parametrize('text, name, kind', [
    ('Отчет поступил из Минприроды.', 'Минприроды', 'GOV'),
    ('Кредит одобрил Промсвязьбанк.', 'Промсвязьбанк', 'COMPANY'),
    ('Рядом стоял Минаев.', 'Минаев', 'PER'),
])
def test_one_word_person_that_is_an_organization(extractor, text, name, kind):
    assert adjust(extractor, text, span(text, name, 'PER')) == [(name, kind)]


@pytest.mark.parametrize('text, name', [
    ('Поправки подготовил Минпромторг.', 'Минпромторг'),
    ('Отказ пришёл из Минкульта.', 'Минкульта'),
    ('Деньги на порт выделил Минвостокразвития.', 'Минвостокразвития'),
    ('С предложением выступил Минтранс.', 'Минтранс'),
])
def test_ministry_short_form_typed_person_is_gov(extractor, text, name):
    assert adjust(extractor, text, span(text, name, 'PER')) == [(name, 'GOV')]


def test_ministry_short_form_with_its_place_typed_person(extractor):
    text = 'Правила смягчил Минздрав Татарстана.'
    assert adjust(extractor, text, span(text, 'Минздрав Татарстана', 'PER')) == [
        ('Минздрав Татарстана', 'GOV'), ('Татарстана', 'LOC')]


@pytest.mark.parametrize('text, name', [
    ('Слово взял Минкин.', 'Минкин'),
    ('Слово взял Минченко.', 'Минченко'),
    ('Слово взял Минеев.', 'Минеев'),
    ('Слово взяла Минина.', 'Минина'),
    ('Слово взял Миндаугас.', 'Миндаугас'),
    ('Слово взял Минасян.', 'Минасян'),
])
def test_surnames_that_begin_like_a_ministry_stay_people(extractor, text, name):
    assert adjust(extractor, text, span(text, name, 'PER')) == [(name, 'PER')]


@pytest.mark.parametrize('text, name, kind', [
    ('Совет безопасности Армении собрался ночью.', 'Совет безопасности Армении', 'GOV'),
    ('Совбез Армении собрался ночью.', 'Совбез Армении', 'GOV'),
    ('Совбез ООН отложил голосование.', 'Совбез ООН', 'ORG'),
    ('Совет безопасности ООН принял резолюцию.', 'Совет безопасности ООН', 'ORG'),
])
def test_a_countrys_security_council_is_gov_the_uns_is_org(extractor, text, name, kind):
    assert adjust(extractor, text, span(text, name, 'ORG'))[0] == (name, kind)


def test_business_subject_is_no_place(extractor):
    text = 'Пятерочка открыла магазин в Омске.'
    found = adjust(extractor, text, span(text, 'Пятерочка', 'LOC'), span(text, 'Омске', 'LOC'))
    assert found[0][0] == 'Пятерочка' and found[0][1] != 'LOC'
    assert found[1] == ('Омске', 'LOC')
    text = 'Казань открыла сезон фонтанов.'
    assert adjust(extractor, text, span(text, 'Казань', 'LOC')) == [('Казань', 'LOC')]


@pytest.mark.parametrize('text, name', [
    ('Соглашение подписали на Иннопроме-2024 в Екатеринбурге.', 'Иннопроме-2024'),
    ('Министр выступит на Восточном экономическом форуме.', 'Восточном экономическом форуме'),
    ('Лидеры встретятся на саммите БРИКС.', 'БРИКС'),
])
def test_named_events_are_dropped(extractor, text, name):
    assert (name, 'ORG') not in adjust(extractor, text, span(text, name))
    assert all(t == 'LOC' for _, t in adjust(extractor, text, span(text, name)))


def test_organizations_of_an_event_stay(extractor):
    text = 'Страны БРИКС обсудили торговлю.'
    assert adjust(extractor, text, span(text, 'БРИКС')) == [('БРИКС', 'ORG')]


@pytest.mark.parametrize('text, chrome', [
    ('Поделиться\nНовость дня.', 'Поделиться'),
    ('Подписаться\nНовость дня.', 'Подписаться'),
    ('Буква Ж стоит в начале.', 'Ж'),
    ('ОМСК, 5 марта. Мэр открыл мост.', 'ОМСК'),
])
def test_site_chrome_is_no_entity(extractor, text, chrome):
    assert adjust(extractor, text, span(text, chrome, 'LOC')) == []
    assert adjust(extractor, text, span(text, chrome, 'ORG')) == []


def test_capitals_inside_a_text_stay(extractor):
    text = 'Делегация прибыла в ОМСК, затем в Томск.'
    assert adjust(extractor, text, span(text, 'ОМСК', 'LOC')) == [('ОМСК', 'LOC')]


# -- nested places in every output format --------------------------------------

NESTED = 'Вчера Верховный суд Удмуртии отклонил жалобу.'


def test_nested_place_in_every_format(tmp_path):
    source = tmp_path / 'a.txt'
    source.write_text(NESTED, encoding='utf-8')
    runner = CliRunner()
    outputs = {}
    for format in ('json', 'jsonl', 'csv', 'html'):
        result = runner.invoke(cli, [str(source), '-f', format])
        assert result.exit_code == 0, result.stderr
        outputs[format] = result.stdout

    def pairs(mentions):
        return {(m['type'], m['text']) for m in mentions}

    data = json.loads(outputs['json'])
    docs = data if isinstance(data, list) else [data]
    mentions = [m for e in docs[0]['entities'] for m in e['mentions']]
    expected = {('GOV', 'Верховный суд Удмуртии'), ('LOC', 'Удмуртии')}
    assert expected <= pairs(mentions)
    line = json.loads(outputs['jsonl'].splitlines()[0])
    assert expected <= pairs(m for e in line['entities'] for m in e['mentions'])
    rows = list(csv.DictReader(io.StringIO(outputs['csv'])))
    assert expected <= {(r['type'], r['text']) for r in rows}
    body = next(r for r in rows if r['type'] == 'GOV')
    place = next(r for r in rows if r['type'] == 'LOC')
    assert int(body['start']) < int(place['start']) and int(place['stop']) == int(body['stop'])
    html = outputs['html']
    # the place is marked inside the body's mark
    start = html.index('Верховный суд')
    assert html.index('Удмуртии', start) < html.index('</mark>', start) < html.index('отклонил', start)
    assert html.count('</mark>', start, html.index('отклонил', start)) == 2


def test_body_with_a_place_of_its_place(extractor):
    text = 'Глава администрации Кировского района Перми подал в отставку.'
    spans = [span(text, 'Кировского района', 'LOC'), span(text, 'Перми', 'LOC')]
    assert adjust(extractor, text, *spans) == [
        ('администрации Кировского района Перми', 'GOV'), ('Кировского района', 'LOC'), ('Перми', 'LOC')]


def test_part_of_a_body_with_its_territory(extractor):
    text = 'Проверку провело Главное управление МЧС по Самаре вчера.'
    spans = [span(text, 'Главное управление МЧС'), span(text, 'Самаре', 'LOC')]
    assert adjust(extractor, text, *spans) == [
        ('Главное управление МЧС по Самаре', 'GOV'), ('Самаре', 'LOC')]
    # "по" and a place after no state body: two names
    text = 'Компания Восход по Самаре не работает.'
    spans = [span(text, 'Восход'), span(text, 'Самаре', 'LOC')]
    assert ('Самаре', 'LOC') in adjust(extractor, text, *spans)
    assert not any(name.endswith('Самаре') and t != 'LOC' for name, t in adjust(extractor, text, *spans))


def test_descriptor_before_a_quoted_name_is_not_part_of_it(extractor):
    text = 'Он руководил ГТРК «Сибирь» десять лет.'
    assert adjust(extractor, text, span(text, 'ГТРК «Сибирь»'))[0][0] == 'Сибирь'


@pytest.mark.parametrize('text, name', [
    ('Об этом рассказал Голос Америки вчера.', 'Голос Америки'),
    ('Лидер партии «Дорога Молдовы» выступил.', 'Дорога Молдовы'),
])
def test_a_name_holding_a_place_is_no_body_with_a_place(extractor, text, name):
    found = adjust(extractor, text, span(text, name))
    assert found[0][0] == name
    assert not any(t == 'LOC' for _, t in found)


def test_bank_named_by_its_country_alone_is_a_state_body(extractor):
    text = 'Банк Швеции повысил ставку, а Северный торговый банк Швеции снизил.'
    spans = [span(text, 'Банк'), span(text, 'Швеции', 'LOC'),
             span(text, 'Северный торговый банк Швеции')]
    found = adjust(extractor, text, *spans)
    assert ('Банк Швеции', 'GOV') in found
    assert ('Северный торговый банк Швеции', 'GOV') not in found
    assert any(name == 'Северный торговый банк Швеции' for name, _ in found)
    assert found.count(('Швеции', 'LOC')) == 2


def test_latin_spelling_in_brackets_is_a_second_mention_of_a_person(extractor):
    text = 'Интервью дал Ларс Эклунд (Lars Eklund), глава совета.'
    found = adjust(extractor, text, span(text, 'Ларс Эклунд (Lars Eklund)', 'PER'))
    assert found == [('Ларс Эклунд', 'PER'), ('Lars Eklund', 'PER')]
    doc = extractor(text)
    person = next(e for e in doc.entities if e.type == 'PER')
    assert sorted(m.text for m in person.mentions) == ['Lars Eklund', 'Ларс Эклунд']


@pytest.mark.parametrize('text, model, expected', [
    # a list or another name in brackets is not a spelling
    ('Гол забил Носов (Петров, Сидоров) в начале.', 'Носов (Петров, Сидоров)', [('Носов', 'PER')]),
    ('Победила Анна Лебедева (Волкова) из Твери.', 'Анна Лебедева (Волкова)', [('Анна Лебедева', 'PER')]),
    # an acronym after a place belongs to no place
    # (and a place stops before a field the model ran it into)
    ('Бюро Канады по стандартам (BCS) выдало лицензию.', 'Канады по стандартам (BCS)',
     [('Канады', 'LOC')]),
])
def test_brackets_after_a_person_or_place_add_nothing_else(extractor, text, model, expected):
    assert adjust(extractor, text, span(text, model, expected[0][1])) == expected


def test_forum_named_after_an_initiative_is_no_initiative(extractor):
    text = 'Делегаты собрались на форуме «Северный путь» в Мурманске.'
    assert adjust(extractor, text, span(text, 'Северный путь', 'INITIATIVE')) == []
    text = 'Правительство продлило программу «Северный путь» на год.'
    assert ('Северный путь', 'INITIATIVE') in adjust(extractor, text)


def test_part_of_a_body_found_by_its_place(extractor):
    text = 'Вчера секретариат правительства Эстонии выпустил заявление.'
    assert adjust(extractor, text, span(text, 'Эстонии', 'LOC')) == [
        ('секретариат правительства Эстонии', 'GOV'), ('Эстонии', 'LOC')]


def test_type_word_in_the_plural_names_no_body(extractor):
    text = 'Встречу готовят представители ведомств Перу и Чили.'
    assert adjust(extractor, text, span(text, 'Перу', 'LOC'), span(text, 'Чили', 'LOC')) == [
        ('Перу', 'LOC'), ('Чили', 'LOC')]


@pytest.mark.parametrize('text, given, expected', [
    # the model runs a body's name on into the subject or object of the clause
    ('В Государственной думе заседание перенесли на среду.', 'Государственной думе заседание',
     [('Государственной думе', 'GOV')]),
    ('Вчера в Федеральном собрании обсуждение продолжили.', 'Федеральном собрании обсуждение',
     [('Федеральном собрании', 'GOV')]),
    # a noun that belongs to the name stays: a genitive, an apposition, after a preposition,
    # governed by the name, or with no verb after it
    ('Акции Газпром нефть выросли.', 'Газпром нефть', [('Газпром нефть', 'COMPANY')]),
    ('Из Центра управления полётом сообщили о стыковке.', 'Центра управления полётом',
     [('Центра управления полётом', 'GOV')]),
    ('Комитет по обороне рассмотрел поправки.', 'Комитет по обороне', [('Комитет по обороне', 'GOV')]),
])
def test_a_common_noun_after_a_body_is_not_part_of_it(extractor, text, given, expected):
    assert adjust(extractor, text, span(text, given)) == expected


@pytest.mark.parametrize('text, given, expected', [
    # an organ or a regional branch with no name of its own: the body is the mention
    ('На заседании коллегии Министерства обороны выступил генерал.', ['Министерства обороны'],
     [('Министерства обороны', 'GOV')]),
    ('Областное управление Следственного комитета возбудило дело.',
     ['Областное управление', 'Следственного комитета'], [('Следственного комитета', 'GOV')]),
    # a part with its field, or a unit, is one mention with its body
    ('Об этом сообщил комитет Госдумы по бюджету.', ['Госдумы'], [('комитет Госдумы по бюджету', 'GOV')]),
    ('Директор департамента Минобрнауки выступил на совещании.', ['Минобрнауки'],
     [('департамента Минобрнауки', 'GOV')]),
])
def test_an_organ_or_a_branch_before_a_body(extractor, text, given, expected):
    assert adjust(extractor, text, *(span(text, part) for part in given)) == expected


def test_a_name_never_runs_over_a_line_break(extractor):
    text = 'Офис «Вектора»\nХолдинг «Вектор» заявил о планах.'
    found = adjust(extractor, text, (0, len('Офис «Вектора»\nХолдинг «Вектор'), 'ORG'))
    assert [name for name, _ in found] == ['Вектора', 'Вектор']
    text = 'Умер Иван Петров\nИзвестный художник Иван Петров скончался.'
    assert adjust(extractor, text, span(text, 'Иван Петров\nИзвестный', 'PER')) == [('Иван Петров', 'PER')]


def test_a_full_stop_after_a_name_is_no_part_of_it(extractor):
    text = 'Он преподаёт в Колумбийском университете.  Б.Обама его ценит.'
    assert adjust(extractor, text, span(text, 'Колумбийском университете.')) == [('Колумбийском университете', 'ORG')]
    text = 'Акции Apple Inc. выросли.'
    assert adjust(extractor, text, span(text, 'Apple Inc.')) == [('Apple Inc.', 'COMPANY')]


def test_an_eu_institution_the_model_took_for_a_place_is_a_state_body(extractor):
    text = 'Позже Еврокомиссия изменила своё мнение.'
    assert adjust(extractor, text, span(text, 'Еврокомиссия', 'LOC')) == [('Еврокомиссия', 'GOV')]
    text = 'Он вернулся в Минск.'
    assert adjust(extractor, text, span(text, 'Минск', 'LOC')) == [('Минск', 'LOC')]


def test_a_place_stops_before_a_field(extractor):
    text = 'Доклад Совета при Президенте РФ по правам человека вышел.'
    found = adjust(extractor, text, span(text, 'Совета при Президенте'), span(text, 'РФ по правам человека', 'LOC'))
    assert ('РФ', 'LOC') in found and not any(name.startswith('РФ по') for name, _ in found)


@pytest.mark.parametrize('text, given, expected', [
    # a body attached to another ("при") is one name with it, a state body when the other is one
    ('Общественный совет при Министерстве обороны собрался.', ['Общественный совет', 'Министерстве обороны'],
     [('Общественный совет при Министерстве обороны', 'GOV')]),
    ('Доклад подготовил Совет при Президенте РФ по правам человека.', ['Совет при Президенте РФ по правам человека'],
     [('Совет при Президенте РФ по правам человека', 'GOV')]),
    # a role noun the model took in is no part of the name
    ('Член Общественной палаты выступил.', ['Член Общественной палаты'], [('Общественной палаты', 'ORG')]),
    ('Член совета директоров Сбербанка выступил.', ['Член совета директоров Сбербанка'],
     [('совета директоров Сбербанка', 'ORG')]),
])
def test_attached_bodies_and_role_nouns(extractor, text, given, expected):
    assert adjust(extractor, text, *(span(text, part) for part in given)) == expected


@pytest.mark.parametrize('text, given, expected', [
    ('Город Павия встретил гостей дождём.', 'Город Павия', [('Павия', 'LOC')]),
    ('Жители села Ивановка собрались на сход.', 'села Ивановка', [('Ивановка', 'LOC')]),
    # a name whose first word is no kind of settlement stays whole
    ('Мы прилетели в Нижний Новгород.', 'Нижний Новгород', [('Нижний Новгород', 'LOC')]),
])
def test_the_kind_of_a_settlement_is_no_part_of_its_name(extractor, text, given, expected):
    assert adjust(extractor, text, span(text, given, 'LOC')) == expected
