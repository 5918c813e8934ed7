"""Fragments and common words are no organizations (rules/fragments.py, docs/conventions.md "Not
mentions"): a legal form alone, a common noun's abbreviation, a defined term, a plural body in
lower case, a pronoun, a facility; and the names that hold such words stay.

Most cases give the rules hand-made model spans, so that they test the rules, not the model; the
cases of the issue go through the whole extractor too.
"""
import pytest

from newsner.rules.fragments import plural

from conftest import adjust, span


def names(doc):
    return {(m.text, str(m.type)) for m in doc.mentions}


# -- a legal form or a common noun's abbreviation alone ---------------------

@pytest.mark.parametrize('text, part, type', [
    ('Акции ПАО подешевели к вечеру.', 'ПАО', 'COMPANY'),
    ('Собрание акционеров ЗАО перенесли.', 'ЗАО', 'ORG'),
    ('Долги ООО погасил поручитель.', 'ООО', 'COMPANY'),
    ('Об убытках сообщило НК.', 'НК', 'COMPANY'),
    ('Выручка по МСФО выросла вдвое.', 'МСФО', 'COMPANY'),
    ('Отчёт по РСБУ вышел в срок.', 'РСБУ', 'ORG'),
    ('Субсидии получат предприятия ТЭК.', 'ТЭК', 'ORG'),
    ('Заказы ОПК растут третий год.', 'ОПК', 'COMPANY'),
    ('Реформу ЖКХ опять отложили.', 'ЖКХ', 'GOV'),
    ('Кредиты для АПК подешевеют.', 'АПК', 'ORG'),
    ('Об этом писали СМИ.', 'СМИ', 'MEDIA'),
    ('Расходы на ИТ сократили.', 'ИТ', 'ORG'),  # a plural-only abbreviation of the dictionary
])
def test_a_lone_legal_form_or_common_abbreviation_is_no_name(extractor, text, part, type):
    assert adjust(extractor, text, span(text, part, type)) == []


@pytest.mark.parametrize('text, part, type', [
    ('Фонд защиты СМИ выступил с заявлением.', 'Фонд защиты СМИ', 'ORG'),
    ('Проверку начал Роскомнадзор.', 'Роскомнадзор', 'GOV'),
    ('Ответ прислали из ООН.', 'ООН', 'ORG'),
    ('Учения провели ВМС.', 'ВМС', 'GOV'),
    ('Сделку закрыл ВТБ.', 'ВТБ', 'COMPANY'),
])
def test_names_that_hold_or_look_like_such_words_stay(extractor, text, part, type):
    assert [m for m, _ in adjust(extractor, text, span(text, part, type))] == [part]


def test_a_legal_form_before_a_name_still_makes_a_company(extractor):
    text = 'Акции ПАО «Сосновый бор» выросли.'
    assert adjust(extractor, text, span(text, 'ПАО «Сосновый бор»')) == [('Сосновый бор', 'COMPANY')]


# -- a defined term -----------------------------------------------------------

@pytest.mark.parametrize('text, name, term', [
    ('ПАО «Речной порт» (далее — «Компания») утвердило дивиденды. Компания выплатит их в июле.',
     'Речной порт', 'Компания'),
    ('АО «Лесной край» (далее — Общество) выкупит акции. Общество потратит на это миллиард.',
     'Лесной край', 'Общество'),
    ('Банк «Прибрежный» (далее – «Банк») отчитался. Банк нарастил капитал.', 'Прибрежный', 'Банк'),
])
def test_a_defined_term_is_no_second_company(extractor, text, name, term):
    doc = extractor(text)
    assert [e.name for e in doc.entities] == [name]
    first = text[:text.index('далее')].count(term)  # the term's uses from its definition on
    found = adjust(extractor, text, span(text, name, 'COMPANY'), span(text, term, 'COMPANY', first),
                   span(text, term, 'COMPANY', first + 1))
    assert found == [(name, 'COMPANY')]


def test_a_defined_acronym_stays_a_name(extractor):
    text = 'Федеральная налоговая служба (далее — ФНС) проверила отчёт. ФНС нашла ошибки.'
    found = adjust(extractor, text, span(text, 'Федеральная налоговая служба'), span(text, 'ФНС', 'ORG', 0),
                   span(text, 'ФНС', 'ORG', 1))
    assert [m for m, _ in found] == ['Федеральная налоговая служба', 'ФНС', 'ФНС']


def test_a_company_named_company_stays(extractor):
    doc = extractor('Компания «Вектор» открыла цех в Казани.')
    assert ('Вектор', 'COMPANY') in names(doc)
    text = 'Компания «Вектор» открыла цех. Компания наняла сто человек.'
    found = adjust(extractor, text, span(text, 'Вектор'), span(text, 'Компания', 'COMPANY', 1))
    assert ('Вектор', 'COMPANY') in found  # no definition: the rules leave "Компания" to the model


# -- plural bodies in lower case ----------------------------------------------

@pytest.mark.parametrize('text', [
    'Проект ушёл в федеральные ведомства.',
    'Его согласуют с отраслевыми министерствами.',
    'Жалобы направили антимонопольным службам.',
    'Вопрос обсудят профильные комитеты парламента.',
])
def test_a_plural_body_is_no_name(extractor, text):
    assert [m for m in extractor(text).mentions if str(m.type) in ('GOV', 'ORG', 'COMPANY')] == []


def test_a_plural_body_the_model_gives_is_dropped(extractor):
    text = 'Проект ушёл в федеральные ведомства.'
    assert adjust(extractor, text, span(text, 'федеральные ведомства', 'ORG')) == []


@pytest.mark.parametrize('text, body', [
    ('Письмо ушло в министерство энергетики Азербайджана.', 'министерство энергетики Азербайджана'),
    ('Проверку провела федеральная налоговая служба.', 'федеральная налоговая служба'),
    ('Ответ пришёл из министерства иностранных дел.', 'министерства иностранных дел'),
])
def test_a_singular_body_in_lower_case_stays(extractor, text, body):
    assert (body, 'GOV') in names(extractor(text))


def test_plural_agrees_with_the_adjectives(extractor):
    vocab = extractor.rules.vocab

    def analyses(word):
        return [f.tag.grammemes for f in vocab(word)]
    assert plural([analyses('федеральные')], analyses('ведомства'))
    assert not plural([analyses('федерального')], analyses('ведомства'))
    assert not plural([], analyses('ведомства'))  # a genitive singular as well
    assert plural([], analyses('министерствами'))


# -- pronouns -----------------------------------------------------------------

@pytest.mark.parametrize('text, part, type', [
    ('Вы знаете, — сказал он, — это непросто.', 'Вы', 'PER'),
    ('Премьеру фильма «Вы все ещё здесь» перенесли.', 'Вы', 'GOV'),
    ('Они пришли поздно.', 'Они', 'ORG'),
])
def test_a_pronoun_is_never_a_name(extractor, text, part, type):
    assert adjust(extractor, text, span(text, part, type)) == []


def test_pronouns_through_the_extractor(extractor):
    for text in ('Вы знаете, — сказал он, — это непросто.', 'Премьеру фильма «Вы все ещё здесь» перенесли.'):
        assert not [m for m in extractor(text).mentions if m.text == 'Вы']


# -- facilities -----------------------------------------------------------------

@pytest.mark.parametrize('text, part, type', [
    ('На Курской АЭС прошли учения.', 'Курской АЭС', 'COMPANY'),
    ('Саяно-Шушенская ГЭС вышла на полную мощность.', 'Саяно-Шушенская ГЭС', 'COMPANY'),
    ('Новосибирская ТЭЦ-5 остановлена на ремонт.', 'Новосибирская ТЭЦ-5', 'COMPANY'),
    ('Концерт пройдёт в Исаакиевском соборе.', 'Исаакиевском соборе', 'ORG'),
    ('Матч сыграют на стадионе «Лужники».', 'Лужники', 'ORG'),
    ('Самолёт сел в аэропорту «Внуково».', 'Внуково', 'COMPANY'),
    ('Митинг прошёл у телецентра «Заречье».', 'Заречье', 'ORG'),
])
def test_a_facility_is_no_organization(extractor, text, part, type):
    assert adjust(extractor, text, span(text, part, type)) == []


@pytest.mark.parametrize('text, part, type', [
    ('«Росатом» достроит энергоблок.', 'Росатом', 'COMPANY'),
    ('РусГидро отчиталась о выработке.', 'РусГидро', 'COMPANY'),
    ('Спектакль показал Большой театр.', 'Большой театр', 'ORG'),
    ('Завод «Красное Сормово» спустил на воду танкер.', 'Красное Сормово', 'COMPANY'),
])
def test_operators_plants_and_theatres_stay(extractor, text, part, type):
    assert [m for m, _ in adjust(extractor, text, span(text, part, type))] == [part]


def test_a_facility_the_model_calls_a_place_stays_a_place(extractor):
    text = 'Рейс задержали в аэропорту Шереметьево.'
    assert adjust(extractor, text, span(text, 'Шереметьево', 'LOC')) == [('Шереметьево', 'LOC')]


def test_the_issue_cases_through_the_extractor(extractor):
    text = ('На Курской АЭС и Саяно-Шушенской ГЭС прошли учения, а в Исаакиевском соборе и на стадионе '
            '«Лужники» — концерты. Акции ПАО выросли, сообщили СМИ.')
    assert [m for m in extractor(text).mentions if str(m.type) not in ('PER', 'LOC')] == []


# -- a descriptor before a quoted name ----------------------------------------

@pytest.mark.parametrize('text, parts, expected', [
    ('Нефтяная компания «Роснефть» увеличила добычу.', ['Нефтяная компания', 'Роснефть'],
     [('Роснефть', 'COMPANY')]),
    ('Телекомпания «Восток» сняла фильм.', ['Телекомпания', 'Восток'], [('Восток', 'MEDIA')]),
    # a closing quote after a name is no quoted name after a descriptor
    ('Он рассказал "Первому каналу", что уезжает.', ['Первому каналу'], [('Первому каналу', 'MEDIA')]),
])
def test_a_descriptor_before_a_quoted_name_is_no_name(extractor, text, parts, expected):
    assert adjust(extractor, text, *(span(text, part) for part in parts)) == expected
