"""The learned kind classifier: kinds of names no list holds, initiatives, retraining, the seed without lists."""
import importlib.util
import json

import numpy as np
import pytest

from newsner.rules import Rules
from newsner.rules import gazetteer as gazetteers
from newsner.rules.classifier import CLASSES, FEATURES, KindClassifier, features

from conftest import DATA, ROOT


def mentions(extractor, text):
    return [(m.text, m.type) for m in extractor(text).mentions]


def kind_of(extractor, text, name):
    found = [t for m, t in mentions(extractor, text) if m == name]
    assert found, (name, mentions(extractor, text))
    return found[0]


@pytest.mark.parametrize('text, name, kind', [
    # Latin names of companies no list holds: a ratings firm, a game platform, a messenger, a chain
    ('Рейтинговое решение опубликовала Kestrel Ratings, прогноз по долгу области понижен.',
     'Kestrel Ratings', 'COMPANY'),
    ('Игроки пожаловались, что платформа Steam заблокировала их аккаунты.', 'Steam', 'COMPANY'),
    ('Вечером пользователи заметили сбои в работе WhatsApp.', 'WhatsApp', 'COMPANY'),
    ('Сеть Burger King закрыла три ресторана в Самаре.', 'Burger King', 'COMPANY'),
    # news agencies and their regional editions
    ('Об этом сообщает Kazinform со ссылкой на акимат области.', 'Kazinform', 'MEDIA'),
    ('Как передает Azertac, делегация прибыла во вторник.', 'Azertac', 'MEDIA'),
    ('По данным Интерфакс-Казахстан, тарифы на тепло вырастут.', 'Интерфакс-Казахстан', 'MEDIA'),
    ('Как сообщает ТАСС-Урал, в городе открылась ярмарка.', 'ТАСС-Урал', 'MEDIA'),
    ('Об этом пишет RIA.RU со ссылкой на источники.', 'RIA.RU', 'MEDIA'),
])
def test_kinds_of_names_no_list_holds(extractor, text, name, kind):
    assert kind_of(extractor, text, name) == kind


@pytest.mark.parametrize('text, expected', [
    ('Стороны обсудили загрузку Trans-Caspian International Transport Route (TITR) в этом году.',
     [('Trans-Caspian International Transport Route', 'INITIATIVE'), ('TITR', 'INITIATIVE')]),
    ('Грузы по Транскаспийскому международному транспортному маршруту (ТМТМ) пошли быстрее.',
     [('Транскаспийскому международному транспортному маршруту', 'INITIATIVE'), ('ТМТМ', 'INITIATIVE')]),
    ('Министр рассказал о ходе нацпроекта «Семья» в районах.', [('Семья', 'INITIATIVE')]),
    ('Пекин продвигает инициативу «Один пояс — один путь» в соседних странах.',
     [('Пекин', 'LOC'), ('Один пояс — один путь', 'INITIATIVE')]),
    ('Объем перевозок по «Среднему коридору» вырос вдвое.', [('Среднему коридору', 'INITIATIVE')]),
    ('Груз отправили по «Маршруту северного транзита» через порт.', [('Маршруту северного транзита', 'INITIATIVE')]),
])
def test_initiatives(extractor, text, expected):
    found = mentions(extractor, text)
    for item in expected:
        assert item in found, found


@pytest.mark.parametrize('text', [
    'Губернатор рассказал о планах на новые нацпроекты до конца десятилетия.',  # a generic phrase
    'В Пекине открылся форум «Один пояс — один путь», приехали делегации.',  # an event named after one
    'Делегаты форума «Стратегия роста» обсудили налоги.',
])
def test_no_initiative(extractor, text):
    assert not [m for m in mentions(extractor, text) if m[1] == 'INITIATIVE']


@pytest.mark.parametrize('text, name, kind', [
    ('Фонд Northbridge Cultural Project провел выставку в Лондоне.', 'Northbridge Cultural Project', 'INITIATIVE'),
])
def test_an_english_project_is_not_an_initiative(extractor, text, name, kind):
    found = [t for m, t in mentions(extractor, text) if m == name]
    assert found and kind not in found


@pytest.mark.parametrize('text, name, kind', [
    # the rules keep their word: the classifier types only what they leave
    ('Глава Минфина выступил в Думе.', 'Минфина', 'GOV'),
    ('Вкладчики Промсвязьбанка получили выплаты.', 'Промсвязьбанка', 'COMPANY'),
    ('Лидер партии «Новый путь» выдвинул кандидата.', 'Новый путь', 'ORG'),
    # people and places are not the classifier's
    ('Сергей Миронов прилетел в Красноярск.', 'Сергей Миронов', 'PER'),
    ('Сергей Миронов прилетел в Красноярск.', 'Красноярск', 'LOC'),
])
def test_rules_people_and_places_come_first(extractor, text, name, kind):
    assert kind_of(extractor, text, name) == kind


def test_seed_companies_without_list_entries(extractor, seed_text):
    # the names the sample article alone used are no longer listed, and still come out right
    listed = {form for entry in gazetteers.builtin() for form in entry.forms}
    doc = extractor(seed_text)
    found = {(m.text, m.type) for m in doc.mentions}
    for name in ['Азерэнержи', 'Азеришыг', 'Азеристилитэджхизат', 'Wabtec', 'Herbalife', 'Illumina',
                 'Motorola Solutions', 'Honeywell', 'Marriott', 'Baker Hughes']:
        assert name not in listed
        assert (name, 'COMPANY') in found, name
    assert 'Day.Az' not in listed and ('Day.Az', 'MEDIA') in found


def test_without_the_builtin_gazetteer(extractor, monkeypatch):
    # the classifier alone (no list) still types the names a list would
    monkeypatch.setattr(gazetteers, 'BUILTIN', ())
    rules = Rules(extractor.vocab, vectors=extractor.rules.vectors, classifier=extractor.rules.classifier)
    assert len(rules.gazetteer) == 0
    text = 'Yandex и Ведомости подписали соглашение, сообщил Интерфакс.'
    spans = [(text.index(name), text.index(name) + len(name), 'ORG') for name in ('Yandex', 'Ведомости', 'Интерфакс')]
    assert [type for _, _, type in rules.adjust(text, spans)] == ['COMPANY', 'MEDIA', 'MEDIA']
    rules.classifier = None  # no list, no classifier, no rule: ORG
    assert [type for _, _, type in rules.adjust(text, spans)] == ['ORG', 'ORG', 'ORG']


def test_the_shipped_weights():
    model = KindClassifier.load()
    assert model.weights.shape == (FEATURES, len(CLASSES))
    assert (ROOT / 'newsner' / 'data' / 'kinds.npz').stat().st_size < 300_000
    with pytest.raises(ValueError, match='do not fit'):
        KindClassifier(np.zeros((3, 5)), np.zeros(5), np.zeros(3), np.ones(3))


def test_features_of_an_unknown_word_are_its_letters(extractor):
    vectors = extractor.rules.vectors
    one = features(vectors, 'Zyxwabank', ['Zyxwabank'], ['zyxwabank'], [], [])
    two = features(vectors, 'Qqqwabank', ['Qqqwabank'], ['qqqwabank'], [], [])
    assert one.shape == (FEATURES,)
    assert not one[:300].any()  # navec does not know it
    assert one[-100:].any() and (one != two).any()


def _training_script():
    spec = importlib.util.spec_from_file_location('train_kinds', ROOT / 'training' / 'train_kinds.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_retraining_gives_the_same_decisions(extractor):
    # the training on a slice of the gold half (tests/data holds the dev file), twice: the
    # same weights to the bit and the same decisions, and the decisions follow the labels
    train_kinds = _training_script()
    rules = Rules(extractor.vocab, vectors=extractor.rules.vectors, classifier=None)
    with open(DATA / 'factru-dev-kinds.jsonl', encoding='utf-8') as file:
        docs = [json.loads(line) for line in file][0:40:2]
    examples = [(d['text'], s['start'], s['stop'], s['type']) for d in docs for s in d['spans']
                if s['type'] in CLASSES]
    matrix, labels = train_kinds.rows(rules, examples)
    weights = np.ones(len(labels))
    first = train_kinds.train(matrix, labels, weights)
    second = train_kinds.train(matrix, labels, weights)
    for a, b in zip(first, second):
        assert a.tobytes() == b.tobytes()
    decisions = train_kinds.predict(first, matrix)
    assert (decisions == train_kinds.predict(second, matrix)).all()
    assert np.mean(decisions == labels) > 0.9  # it learns its data
    shuffled = train_kinds.train(matrix, np.roll(labels, 1), weights)
    assert not (train_kinds.predict(shuffled, matrix) == decisions).all()
