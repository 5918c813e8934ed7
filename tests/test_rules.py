"""Entity kinds, acronyms, initiatives and gazetteers: the rules over the model's spans."""
import json
import os
import random
import re
import sys

import pytest
from click.testing import CliRunner

import newsner.rules as rules_module
from newsner.cli import cli
from newsner.pipeline import Extractor
from newsner.records import Mention
from newsner.rules.text import standing_alone
from newsner.rules import gazetteer as gazetteers
from newsner.rules.spans import Span, SpanIndex

from conftest import adjust, span

# The seed article's table: (type, name) -> written forms, one entity each
SEED_TABLE = {
    ('PER', 'Парвиз Шахбазов'): ['Парвиза Шахбазова'],
    ('PER', 'Хуш Чокси'): ['Хушем Чокси'],
    ('LOC', 'Центральная Азия'): ['Центральной Азией'],
    ('GOV', 'министерство энергетики Азербайджана'): ['министерство энергетики Азербайджана'],
    ('GOV', 'Государственное агентство по возобновляемым источникам энергии'):
        ['Государственного агентства по возобновляемым источникам энергии'],
    ('GOV', 'Агентство по регулированию энергетических вопросов'):
        ['Агентства по регулированию энергетических вопросов'],
    ('COMPANY', 'SOCAR'): ['SOCAR', 'SOCAR'],
    ('COMPANY', 'Азерэнержи'): ['Азерэнержи'],
    ('COMPANY', 'Азеришыг'): ['Азеришыг'],
    ('COMPANY', 'ExxonMobil'): ['ExxonMobil', 'ExxonMobil'],
    ('COMPANY', 'bp'): ['bp'],
    ('COMPANY', 'J.P. Morgan'): ['J.P. Morgan'],
    ('COMPANY', 'Ardea Energy Technologies Inc.'): ['Ardea Energy Technologies Inc.'],
    ('COMPANY', 'Ericsson AB'): ['Ericsson AB'],
    ('COMPANY', 'Straife'): ['Straife'],
    ('MEDIA', 'Day.Az'): ['Day.Az'],
    ('ORG', 'Торговая палата США'): ['Торговой палаты США'],
    ('INITIATIVE', 'Маршрут Трампа для международного мира и процветания'):
        ['Маршруту Трампа для международного мира и процветания', 'TRIPP'],
}


def test_seed_table(extractor, seed_text):
    doc = extractor(seed_text)
    found = {(e.type, e.name): [m.text for m in e.mentions] for e in doc.entities}
    for key, texts in SEED_TABLE.items():
        assert found.get(key) == texts, key
    tripp = next(e for e in doc.entities if e.type == 'INITIATIVE')
    assert tripp.aliases == ('TRIPP',)
    # one body per thing: no ORG "Торговая палата" cut from its "США"; the places inside the
    # bodies' names are LOC mentions nested in them
    assert not any(e.type == 'ORG' and e.name == 'Торговая палата' for e in doc.entities)
    bodies = [m for m in doc.mentions if m.type in ('GOV', 'ORG')]
    usa = [m for m in doc.mentions if m.type == 'LOC' and m.text == 'США']
    assert usa and all(any(b.start < m.start and m.stop == b.stop for b in bodies) for m in usa)
    ministry = next(m for m in bodies if m.text == 'министерство энергетики Азербайджана')
    assert any(m.type == 'LOC' and m.text == 'Азербайджана' and m.stop == ministry.stop for m in doc.mentions)
    for mention in doc.mentions:
        assert seed_text[mention.start:mention.stop] == mention.text



@pytest.mark.parametrize('text, name, kind', [
    ('Министерство обороны опровергло данные.', 'Министерство обороны', 'GOV'),
    ('Федеральная налоговая служба проверит сделку.', 'Федеральная налоговая служба', 'GOV'),
    ('Решение принял Верховный суд.', 'Верховный суд', 'GOV'),
    ('Выступил глава Минфина.', 'Минфина', 'GOV'),
    ('Жалобу подали в Роскомнадзор.', 'Роскомнадзор', 'GOV'),
    ('Центральный банк Бразилии поднял ставку.', 'Центральный банк Бразилии', 'GOV'),
    ('Кредит выдал Уралсиббанк.', 'Уралсиббанк', 'COMPANY'),
    ('Акции Northwind Holdings Ltd выросли.', 'Northwind Holdings Ltd', 'COMPANY'),
    ('Об этом пишет Vesti.ru.', 'Vesti.ru', 'MEDIA'),
    ('Об этом сообщило информационное агентство Восток.', 'информационное агентство Восток', 'MEDIA'),
    ('Рейтинговое агентство Эксперт РА повысило рейтинг.', 'Рейтинговое агентство Эксперт РА', 'COMPANY'),
    ('Члены партии Родина собрались.', 'Родина', 'ORG'),
    ('Заявление сделала Торгово-промышленная палата Армении.', 'Торгово-промышленная палата Армении', 'ORG'),
    ('Заседал комитет Госдумы по бюджету.', 'комитет Госдумы по бюджету', 'GOV'),
])
def test_kinds_from_head_nouns_and_context(extractor, text, name, kind):
    assert (name, kind) in adjust(extractor, text, span(text, name))


@pytest.mark.parametrize('text, before, name, kind', [
    ('Акции компании Northwind подешевели.', 'компании', 'Northwind', 'COMPANY'),
    ('Интервью вышло в газете Глашатай.', 'газете', 'Глашатай', 'MEDIA'),
    ('Он выступил на телеканале Восход.', 'телеканале', 'Восход', 'MEDIA'),
    ('Как пишет Северный курьер, сделка сорвалась.', 'пишет', 'Северный курьер', 'MEDIA'),
])
def test_kinds_from_descriptor_before(extractor, text, before, name, kind):
    assert (name, kind) in adjust(extractor, text, span(text, name))


def test_lists_share_a_kind(extractor):
    text = 'В делегацию вошли компании Northwind, Fabrikam и Contoso.'
    spans = [span(text, 'Northwind'), span(text, 'Fabrikam'), span(text, 'Contoso')]
    assert adjust(extractor, text, *spans) == [
        ('Northwind', 'COMPANY'), ('Fabrikam', 'COMPANY'), ('Contoso', 'COMPANY')]


def test_unknown_name_stays_org(extractor):
    text = 'Представители Зеленого света приехали.'
    assert adjust(extractor, text, span(text, 'Зеленого света')) == [('Зеленого света', 'ORG')]


@pytest.mark.parametrize('text, expected', [
    ('Сделку одобрила компания «Газпром нефть».', [('Газпром нефть', 'COMPANY')]),
    ('Деньги выделят по нацпроекту «Экология».', [('Экология', 'INITIATIVE')]),
    ('Об этом рассказала газета "Труд".', [('Труд', 'MEDIA')]),
    ('Лидер движения «Левый фронт» выступил.', [('Левый фронт', 'ORG')]),
    ('Программа «Один пояс — один путь» обсуждалась.', [('Один пояс — один путь', 'INITIATIVE')]),
])
def test_names_in_quotes_after_a_descriptor(extractor, text, expected):
    assert adjust(extractor, text) == expected


def test_quotes_and_legal_forms_are_not_part_of_a_name(extractor):
    text = 'Иск подало ООО «Алтек».'
    assert adjust(extractor, text, span(text, 'ООО «Алтек»')) == [('Алтек', 'COMPANY')]
    text = 'Акции «Северстали» выросли.'
    assert adjust(extractor, text, span(text, '«Северстали»')) == [('Северстали', 'COMPANY')]


def test_latin_legal_form_joins_the_name(extractor):
    text = 'Среди гостей была Ardea Energy Technologies Inc., а также Ericsson AB.'
    spans = [span(text, 'Ardea Energy Technologies'), span(text, 'Ericsson')]
    assert adjust(extractor, text, *spans) == [
        ('Ardea Energy Technologies Inc.', 'COMPANY'), ('Ericsson AB', 'COMPANY')]


@pytest.mark.parametrize('text, expected', [
    ('Документ подготовило министерство энергетики.', [('министерство энергетики', 'GOV')]),
    ('Запрос направили в федеральную службу безопасности.', [('федеральную службу безопасности', 'GOV')]),
    ('Жалобу рассмотрит агентство по страхованию вкладов.', [('агентство по страхованию вкладов', 'GOV')]),
])
def test_state_bodies_in_lower_case(extractor, text, expected):
    assert adjust(extractor, text) == expected


def test_lower_case_body_takes_its_country(extractor):
    text = 'Со ссылкой на министерство энергетики Азербайджана.'
    assert adjust(extractor, text, span(text, 'Азербайджана', 'LOC')) == [
        ('министерство энергетики Азербайджана', 'GOV'), ('Азербайджана', 'LOC')]


def test_capitalized_body_takes_its_country_nested(extractor):
    text = 'Письмо Министерства здравоохранения Франции пришло вчера.'
    spans = [span(text, 'Министерства здравоохранения'), span(text, 'Франции', 'LOC')]
    assert adjust(extractor, text, *spans) == [
        ('Министерства здравоохранения Франции', 'GOV'), ('Франции', 'LOC')]


@pytest.mark.parametrize('text', [
    'Компания объявила о росте выручки.',
    'Министерство и ведомство обменялись письмами.',
    'Министр энергетики выступил на форуме.',
    'Служба доставки не работала.',
    'Проект «не должен пострадать», сказал он.',
    'Он назвал это «ошибкой».',
])
def test_rules_that_must_not_fire(extractor, text):
    assert adjust(extractor, text) == []


def test_a_person_after_a_descriptor_stays_a_person(extractor):
    text = 'Глава банка Иван Петров ушел в отставку.'
    assert adjust(extractor, text, span(text, 'Иван Петров', 'PER')) == [('Иван Петров', 'PER')]


def test_common_word_is_no_gazetteer_name(extractor):
    # "Магнит" is a company in the gazetteer, and a word in a sentence
    assert adjust(extractor, 'Магнит притягивает железо.') == []


def test_acronym_after_long_name(extractor):
    text = ('Агентство по развитию малого бизнеса (АРМБ) открыло офис. '
            'По словам главы АРМБ, офис заработает весной.')
    doc = extractor(text)
    agency = next(e for e in doc.entities if e.type == 'GOV')
    assert [m.text for m in agency.mentions] == ['Агентство по развитию малого бизнеса', 'АРМБ', 'АРМБ']
    assert agency.name == 'Агентство по развитию малого бизнеса'
    assert agency.aliases == ('АРМБ',)


def test_acronym_before_long_name(extractor):
    text = 'Компания ЮТК (Южная телефонная компания) подняла тарифы.'
    spans = [span(text, 'ЮТК'), span(text, 'Южная телефонная компания')]
    assert adjust(extractor, text, *spans) == [('ЮТК', 'COMPANY'), ('Южная телефонная компания', 'COMPANY')]


def test_well_known_pairs_are_one_entity(extractor):
    text = ('Минэнерго России опубликовало прогноз. В министерстве энергетики '
            'отметили рост добычи. ООН и Организация Объединенных Наций — одно и то же.')
    doc = extractor(text)
    groups = {m.text: (e.type, sorted(m.text for m in e.mentions)) for e in doc.entities for m in e.mentions}
    # a state body named with its country is one mention, the country nested in it
    assert groups['Минэнерго России'] == ('GOV', ['Минэнерго России', 'министерстве энергетики'])
    assert groups['России'] == ('LOC', ['России'])
    assert groups['ООН'] == ('ORG', ['ООН', 'Организация Объединенных Наций'])


def test_well_known_names_the_model_misses(extractor):
    doc = extractor('Контракт получили bp и SOCAR, сообщает Day.Az.')
    assert {(e.type, e.name) for e in doc.entities} >= {
        ('COMPANY', 'bp'), ('COMPANY', 'SOCAR'), ('MEDIA', 'Day.Az')}


def test_coarse_folds_kinds_and_drops_initiatives(extractor, seed_text):
    coarse = Extractor(coarse=True)(seed_text)
    assert {e.type for e in coarse.entities} == {'PER', 'LOC', 'ORG'}
    fine = extractor(seed_text)
    fold = {'GOV': 'ORG', 'COMPANY': 'ORG', 'MEDIA': 'ORG'}
    assert [(m.start, m.stop, m.type) for m in coarse.mentions] == [
        (m.start, m.stop, fold.get(m.type, m.type)) for m in fine.mentions if m.type != 'INITIATIVE']


# gazetteers


def test_gazetteer_csv_and_json(tmp_path):
    path = tmp_path / 'mine.csv'
    path.write_text('name,type,aliases\nРомашка,COMPANY,ООО Ромашка|Romashka\nВестник Севера,media,\n',
                    encoding='utf-8')
    entries = gazetteers.read(path)
    assert [(e.name, e.type, e.aliases) for e in entries] == [
        ('Ромашка', 'COMPANY', ('ООО Ромашка', 'Romashka')), ('Вестник Севера', 'MEDIA', ())]
    path = tmp_path / 'mine.json'
    path.write_text(json.dumps([{'name': 'Ромашка', 'type': 'COMPANY', 'aliases': ['Romashka']}]),
                    encoding='utf-8')
    assert [(e.name, e.aliases) for e in gazetteers.read(path)] == [('Ромашка', ('Romashka',))]


@pytest.mark.parametrize('content, message', [
    ('name,aliases\nX,\n', 'header'),
    ('name,type,aliases\nX,CITY,\n', "type 'CITY'"),
    ('[{"name": "X"}]', "type ''"),
    ('[1, 2]', 'list of'),
    ('{"entries": 1', 'not valid JSON'),
])
def test_gazetteer_errors_name_the_problem(tmp_path, content, message):
    path = tmp_path / 'bad.csv'
    path.write_text(content, encoding='utf-8')
    with pytest.raises(ValueError, match=message):
        gazetteers.read(path)


def test_builtin_gazetteer_is_data_with_hundreds_of_entries():
    entries = gazetteers.builtin()
    assert len(entries) > 500
    assert {e.type for e in entries} == {'GOV', 'COMPANY', 'MEDIA', 'ORG', 'INITIATIVE'}


def test_user_gazetteer_wins_and_teaches_new_names(extractor, tmp_path):
    path = tmp_path / 'mine.csv'
    path.write_text('name,type,aliases\nГазпром,MEDIA,\nКвазар Технолоджис,COMPANY,КТ\n', encoding='utf-8')
    text = 'Газпром и Квазар Технолоджис подписали соглашение.'
    mine = Extractor(gazetteers=[path])
    assert mine.options['gazetteers'] == [str(path)]
    assert Extractor(**mine.options).options == mine.options
    found = {(e.type, e.name) for e in mine(text).entities}
    assert ('MEDIA', 'Газпром') in found and ('COMPANY', 'Квазар Технолоджис') in found
    assert ('COMPANY', 'Газпром') in {(e.type, e.name) for e in extractor(text).entities}


def test_gazetteer_entries_in_memory_with_files_earlier_wins(extractor, tmp_path):
    path = tmp_path / 'mine.csv'
    path.write_text('name,type,aliases\nКвазар Технолоджис,MEDIA,\n', encoding='utf-8')
    text = 'Квазар Технолоджис и Орбитал Плюс подписали соглашение в Казани.'
    entries = [{'name': 'Орбитал Плюс', 'type': 'company', 'aliases': ['ОП']},
               {'name': 'Квазар Технолоджис', 'type': 'COMPANY'}]
    mine = Extractor(gazetteers=[path, *entries])
    found = {(e.type, e.name) for e in mine(text).entities}
    # the file comes first and wins over the entry after it; the other entry teaches a name
    assert ('MEDIA', 'Квазар Технолоджис') in found and ('COMPANY', 'Орбитал Плюс') in found
    assert mine.options['gazetteers'] == [str(path), {'name': 'Орбитал Плюс', 'type': 'COMPANY', 'aliases': ['ОП']},
                                          {'name': 'Квазар Технолоджис', 'type': 'COMPANY', 'aliases': []}]
    # the options build an equal extractor, in this process or a worker's
    assert Extractor(**mine.options).options == mine.options
    assert [d.entities for d in mine.pipe([text, text], jobs=2)] == [mine(text).entities] * 2
    reversed_order = Extractor(gazetteers=[*entries, path])
    assert ('COMPANY', 'Квазар Технолоджис') in {(e.type, e.name) for e in reversed_order(text).entities}


@pytest.mark.parametrize('gazetteer, message', [
    ({'name': 'Ромашка', 'type': 'SHOP'}, "gazetteer entry 1: 'Ромашка' has type 'SHOP'"),
    ({'type': 'ORG'}, 'gazetteer entry 1: an entry has no name'),
    (42, 'gazetteer 1 is a int'),
])
def test_bad_gazetteer_entries_in_memory(gazetteer, message):
    with pytest.raises(ValueError, match=message):
        Extractor(gazetteers=[gazetteer])


def test_cli_gazetteer_and_coarse(tmp_path, seed_text):
    path = tmp_path / 'mine.json'
    path.write_text(json.dumps({'entries': [{'name': 'Straife', 'type': 'ORG', 'aliases': []}]}),
                    encoding='utf-8')
    runner = CliRunner()
    result = runner.invoke(cli, ['--gazetteer', str(path)], input=seed_text)
    assert result.exit_code == 0
    types = {e['name']: e['type'] for e in json.loads(result.stdout)['entities']}
    assert types['Straife'] == 'ORG' and types['SOCAR'] == 'COMPANY'
    result = runner.invoke(cli, ['--coarse', '-t', 'ORG'], input=seed_text)
    names = {e['name'] for e in json.loads(result.stdout)['entities']}
    assert {'SOCAR', 'Day.Az', 'Торговая палата США'} <= names
    bad = tmp_path / 'bad.csv'
    bad.write_text('nothing here\n', encoding='utf-8')
    result = runner.invoke(cli, ['--gazetteer', str(bad)], input='x')
    assert result.exit_code == 2 and 'name,type,aliases' in result.stderr


def test_cli_types_accept_kinds(seed_text):
    result = CliRunner().invoke(cli, ['-t', 'gov,initiative', '-f', 'csv'], input=seed_text)
    assert result.exit_code == 0
    assert {line.split(',')[1] for line in result.stdout.splitlines()[1:]} == {'GOV', 'INITIATIVE'}


def test_evaluate_fine_kinds_on_a_tiny_gold_file(tmp_path):
    text = 'Об этом сообщил Минфин. Сделку одобрила компания «Газпром нефть».'
    gold = {'id': 'a', 'text': text, 'spans': [
        {'start': text.index('Минфин'), 'stop': text.index('Минфин') + 6, 'type': 'GOV'},
        {'start': text.index('Газпром'), 'stop': text.index('нефть') + 5, 'type': 'MEDIA'}]}
    path = tmp_path / 'gold.jsonl'
    path.write_text(json.dumps(gold, ensure_ascii=False) + '\n', encoding='utf-8')
    runner = CliRunner()
    fine = json.loads(runner.invoke(cli, ['evaluate', str(path), '--json']).stdout)
    assert (fine['exact']['GOV']['correct'], fine['exact']['GOV']['pred'], fine['exact']['GOV']['gold']) == (1, 1, 1)
    assert (fine['exact']['MEDIA']['correct'], fine['exact']['MEDIA']['gold']) == (0, 1)
    assert fine['exact']['micro']['correct'] == 1
    coarse = json.loads(runner.invoke(cli, ['evaluate', str(path), '--coarse', '--json']).stdout)
    assert list(coarse['exact']) == ['ORG', 'micro']
    assert coarse['exact']['ORG']['correct'] == 2


def test_quoted_name_headed_by_a_project_word_is_an_initiative(extractor):
    text = 'Энергию передадут по "Маршруту Свободы для мира" (MSM).'
    name = 'Маршруту Свободы для мира'
    assert adjust(extractor, text, span(text, name)) == [(name, 'INITIATIVE'), ('MSM', 'INITIATIVE')]


def test_evaluate_a_coarse_gold_file_scores_coarse(tmp_path):
    text = 'Об этом сообщил Минфин.'
    gold = {'id': 'a', 'text': text, 'spans': [{'start': 16, 'stop': 22, 'type': 'ORG'}]}
    path = tmp_path / 'gold.jsonl'
    path.write_text(json.dumps(gold, ensure_ascii=False) + '\n', encoding='utf-8')
    result = json.loads(CliRunner().invoke(cli, ['evaluate', str(path), '--json']).stdout)
    assert result['exact']['ORG']['correct'] == 1


# the cost of the rules on long texts


def _rules_work(rules, text, spans):
    """The found spans of a text and the work the rules did for them and for their links:
    the lines of newsner/rules that ran, and the calls into it."""
    where = os.path.dirname(rules_module.__file__)
    work = 0

    def count(frame, event, arg):
        nonlocal work
        work += 1
        return count

    def calls(frame, event, arg):
        return count(frame, event, arg) if frame.f_code.co_filename.startswith(where) else None

    before = sys.gettrace()
    sys.settrace(calls)
    try:
        found = rules.adjust(text, spans)
        rules.links(text, [Mention(a, b, t, text[a:b], text[a:b]) for a, b, t in found])
    finally:
        sys.settrace(before)
    return found, work


def test_rules_work_grows_linearly_with_the_text(extractor, seed_text):
    # the seed article copied 2 and 8 times, with the model-like spans of its names
    # (PER, LOC, ORG): 4 times the text is 4 times the work, not 16
    doc = extractor(seed_text)
    spans = [(m.start, m.stop, m.type if m.type in ('PER', 'LOC') else 'ORG') for m in doc.mentions]
    _rules_work(extractor.rules, seed_text, spans)  # the caches of words filled

    def copies(count):
        shift = len(seed_text) + 2
        text = '\n\n'.join([seed_text] * count)
        return text, [(a + i * shift, b + i * shift, t) for i in range(count) for a, b, t in spans]

    one = extractor.rules.adjust(seed_text, spans)
    found, short = _rules_work(extractor.rules, *copies(2))
    shift = len(seed_text) + 2
    assert found == [(a + i * shift, b + i * shift, t) for i in range(2) for a, b, t in one]
    found, long = _rules_work(extractor.rules, *copies(8))
    assert len(found) == 8 * len(one)
    assert long < 4 * 1.25 * short, (short, long)


def test_span_index_finds_what_a_scan_finds():
    rng = random.Random(7)
    spans = []
    for _ in range(400):
        start = rng.randrange(3000)
        spans.append(Span(start, start + rng.choice([0, 1, 5, 40, 63, 64, 65, 300]), 'ORG'))
    index = SpanIndex(spans)
    for removed in spans[::3]:
        index.remove(removed)
    alive = [s for s in spans if s in set(index)]
    assert list(index) == alive
    for start in range(0, 3100, 7):
        for length in (0, 1, 2, 64, 130):
            stop = start + length
            assert index.overlapping(start, stop) == [s for s in alive if s.overlaps(start, stop)]


@pytest.mark.parametrize('text, words', [
    ('ООН, ООН-Хабитат, СООН и (ООН) ООН_ ООН.', ['ООН']),
    ('A.A.A.A и A.A', ['A.A', 'A.A.A']),
    ('ЕС ЕСПЧ ЕСП ЕС', ['ЕС', 'ЕСП', 'ЕСПЧ']),
    ('в конце ФНС', ['ФНС', 'ФНСР']),
])
def test_acronym_places_are_those_of_a_regex_per_acronym(text, words):
    expected = {w: [m.start() for m in re.finditer(r'(?<![\w-])%s(?![\w-])' % re.escape(w), text)]
                for w in words}
    assert standing_alone(text, words) == expected


def test_grammar_prefilters_drop_no_match(extractor, factru_texts, monkeypatch):
    # the grammars run only where their descriptor or head word stands; run everywhere, they find the same
    grammars = extractor.rules.grammars
    texts = [item['text'] for item in factru_texts]
    filtered = [(grammars.quoted_names(text), grammars.bodies(text)) for text in texts]
    monkeypatch.setattr(type(grammars), '_may_be_described', lambda self, text, start, quote: True)
    monkeypatch.setattr(type(grammars), '_may_head', lambda self, text, start, stop: True)
    assert [(grammars.quoted_names(text), grammars.bodies(text)) for text in texts] == filtered
    assert sum(len(quoted) for quoted, _ in filtered) > 40 and sum(len(bodies) for _, bodies in filtered) > 10
