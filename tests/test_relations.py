"""Relations: who works for which organization or place, and only when the grammar says so."""
import json
import pickle

import pytest

from newsner.records import Document, Entity, Mention, Relation
from newsner.relations import find_relations
from newsner.roles import RoleSpan


def pairs(extractor, text):
    return {(r.person, r.object): r.role for r in extractor(text).relations}


def test_seed_relations(extractor, seed_text):
    # the names the pipeline gives now: the ministry is named in full further down,
    # the chamber of commerce with its country
    found = pairs(extractor, seed_text)
    assert found == {
        ('Хуш Чокси', 'Торговая палата США'):
            'старший вице-президент Торговой палаты США по международным отношениям с членами, '
            'Ближнему Востоку и Турции',
        ('Парвиз Шахбазов', 'Азербайджан'): 'министр энергетики Азербайджана',
        ('Парвиз Шахбазов', 'министерство энергетики Азербайджана'): 'министр энергетики Азербайджана',
    }


@pytest.mark.parametrize('text, expected', [
    # a role before the name that names its organization
    ('Глава Минфина Антон Силуанов выступил на форуме в Петербурге.',
     {('Антон Силуанов', 'Минфин'): 'глава Минфина'}),
    ('Президент компании «Северсталь» Алексей Мордашов посетил завод в Череповце.',
     {('Алексей Мордашов', 'Северсталь'): 'президент компании «Северсталь»'}),
    # a role after the name, in apposition
    ('Антон Силуанов, министр финансов России, выступил в Думе.',
     {('Антон Силуанов', 'Россия'): 'министр финансов России'}),
    # "представитель X", "сотрудник X", "член партии X"
    ('Официальный представитель МИД Мария Захарова прокомментировала заявление Вашингтона.',
     {('Мария Захарова', 'МИД'): 'официальный представитель МИД'}),
    ('Сотрудник «Лаборатории Касперского» Игорь Смирнов рассказал о новом вирусе.',
     {('Игорь Смирнов', 'Касперский'): 'сотрудник «Лаборатории Касперского»'}),
    ('Член партии «Яблоко» Пётр Иванов подал заявку на участие в выборах.',
     {('Пётр Иванов', 'Яблоко'): 'член партии «Яблоко»'}),
    # "X в лице Y": the role given next to the name
    ('Договор подписали компания «Ростелеком» в лице президента Михаила Осеевского и правительство области.',
     {('Михаил Осеевский', 'Ростелеком'): 'президент'}),
    # a person quoted from an organization
    ('Об этом сообщил Сергей Орлов, глава пресс-службы «Аэрофлота».',
     {('Сергей Орлов', 'Аэрофлот'): 'глава пресс-службы «Аэрофлота»'}),
    # the role's own organization, not a place after a preposition
    ('Посол США в России Линн Трейси посетила Казань.',
     {('Линн Трейси', 'США'): 'посол США в России'}),
    # a party in brackets after a name; a verb of office; a post given
    ('Депутат Иван Петров (ЛДПР) внёс законопроект в Госдуму.', {('Иван Петров', 'Либерально-демократическая партия России'): 'депутат'}),
    ('Иван Сидоров возглавляет «Аэрофлот» с 2010 года.', {('Иван Сидоров', 'Аэрофлот'): ''}),
    ('Главой «Аэрофлота» назначен Сергей Александровский.', {('Сергей Александровский', 'Аэрофлот'): ''}),
])
def test_evidence(extractor, text, expected):
    assert pairs(extractor, text) == expected


def test_two_people_two_organizations_each_paired_right(extractor):
    text = ('Глава «Роснефти» Игорь Сечин и председатель правления «Газпрома» Алексей Миллер '
            'подписали соглашение.')
    assert pairs(extractor, text) == {
        ('Игорь Сечин', 'Роснефть'): 'глава «Роснефти»',
        ('Алексей Миллер', 'Газпром'): 'председатель правления «Газпрома»',
    }


@pytest.mark.parametrize('text', [
    'Иван Петров прилетел в Москву и посетил офис «Газпрома».',
    'Михаил Павлов из Москвы приехал на фестиваль.',  # where one comes from is no post
    'Журналисты спросили Ольгу Смирнову о планах «Газпрома» на следующий год.',
])
def test_a_name_near_an_organization_is_no_relation(extractor, text):
    assert pairs(extractor, text) == {}


def test_former_post_is_kept_with_its_word(extractor):
    assert pairs(extractor, 'Бывший глава «Роснефти» Иван Сидоров дал интервью газете.') == {
        ('Иван Сидоров', 'Роснефть'): 'бывший глава «Роснефти»'}


def test_minister_works_for_the_ministry_and_the_country(extractor):
    text = ('Министр энергетики Казахстана Алмас Саткалиев провёл совещание. '
            'В министерстве энергетики Казахстана обсудили тарифы.')
    assert set(pairs(extractor, text)) == {('Алмас Саткалиев', 'Казахстан'),
                                           ('Алмас Саткалиев', 'министерство энергетики Казахстана')}


def test_one_relation_per_pair_with_its_evidence(extractor):
    text = 'Глава «Аэрофлота» Иван Сидоров выступил. Позже Иван Сидоров, глава «Аэрофлота», уехал.'
    doc = extractor(text)
    assert len(doc.relations) == 1
    relation = doc.relations[0]
    assert (relation.person, relation.object, relation.sentence) == ('Иван Сидоров', 'Аэрофлот', 0)
    assert text[relation.start:relation.stop] == 'Глава «Аэрофлота» Иван Сидоров'


def test_relations_name_entities_of_the_document(extractor, seed_text):
    doc = extractor(seed_text)
    names = {(e.type == 'PER', e.name) for e in doc.entities}
    for relation in doc.relations:
        assert (True, relation.person) in names and (False, relation.object) in names
        assert 0 <= relation.start < relation.stop <= len(doc.text)


def test_types_filter_drops_relations_to_dropped_entities(seed_text):
    from newsner.pipeline import Extractor
    doc = Extractor(types=['PER', 'LOC'])(seed_text)
    assert {(r.person, r.object) for r in doc.relations} == {('Парвиз Шахбазов', 'Азербайджан')}


def test_relations_survive_worker_processes(extractor, seed_text):
    texts = [seed_text, 'Глава Минфина Антон Силуанов выступил на форуме.']
    one = [d.relations for d in extractor.pipe(texts)]
    two = [d.relations for d in extractor.pipe(texts, jobs=2)]
    assert one == two and one[0] and one[1]
    doc = extractor(seed_text)
    assert pickle.loads(pickle.dumps(doc)).relations == doc.relations


def test_relations_in_json(extractor):
    doc = extractor('Глава Минфина Антон Силуанов выступил на форуме.')
    data = json.loads(json.dumps(doc.as_dict(), ensure_ascii=False))
    assert data['relations'] == [{'type': 'works_for', 'person': 'Антон Силуанов', 'object': 'Минфин',
                                  'role': 'глава Минфина', 'sentence': 0, 'start': 0, 'stop': 28}]


# Model-free: the relation logic on hand-made mentions


class NoVocab:
    """A dictionary that knows no word: the role nouns come from roles.ROLE_NOUNS alone."""

    def __call__(self, word):
        return []


def test_role_chain_stops_at_a_preposition_without_models():
    text = 'Посол Франции в Италии Жан Дюпон прибыл.'
    france = Mention(6, 13, 'LOC', 'Франции', 'Франция')
    italy = Mention(16, 22, 'LOC', 'Италии', 'Италия')
    person = Mention(23, 32, 'PER', 'Жан Дюпон', 'Жан Дюпон')
    mentions = [france, italy, person]
    entities = tuple(Entity(m.type, m.normal, (m,)) for m in mentions)
    spans = {2: RoleSpan('посол Франции в Италии', 0, 22)}
    found = find_relations(NoVocab(), text, entities, mentions, spans)
    assert found == (Relation('Жан Дюпон', 'Франция', role='посол Франции в Италии', start=0, stop=32),)


def test_document_default_has_no_relations():
    assert Document('a').relations == ()
