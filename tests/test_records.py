"""Records: shapes of as_dict(), grouping of mentions into entities. No models."""
import dataclasses
import pickle

import pytest

from newsner.records import (LOC, ORG, PER, TYPES, Document, Entity, Mention, Relation, Text,
                             canonical_name, group_mentions)


def mention(start, stop, type=PER, text=None, normal=None, sentence=0):
    text = text if text is not None else 'x' * (stop - start)
    return Mention(start, stop, type, text, normal if normal is not None else text, sentence)


def test_types_in_display_order():
    assert TYPES == ('PER', 'LOC', 'GOV', 'COMPANY', 'MEDIA', 'ORG', 'INITIATIVE')


def test_mention_as_dict():
    m = Mention(3, 9, LOC, 'Москве', 'Москва', sentence=2)
    assert m.as_dict() == {'start': 3, 'stop': 9, 'type': 'LOC', 'text': 'Москве',
                           'normal': 'Москва', 'sentence': 2}
    assert list(m.as_dict()) == ['start', 'stop', 'type', 'text', 'normal', 'sentence']


def test_mention_sentence_defaults_to_zero():
    assert Mention(0, 1, PER, 'a', 'a').sentence == 0


def test_records_are_frozen_hashable_and_picklable():
    m = Mention(0, 6, LOC, 'Москва', 'Москва')
    e = Entity(LOC, 'Москва', (m,))
    d = Document('a', (e,), text='Москва', encoding='utf-8')
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.start = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.error = 'x'
    assert pickle.loads(pickle.dumps(d)) == d
    assert hash(d) == hash(Document('a', (e,), text='Москва', encoding='utf-8'))


def test_entity_count_and_as_dict():
    m1 = Mention(0, 6, LOC, 'Москва', 'Москва')
    m2 = Mention(10, 16, LOC, 'Москве', 'Москва', sentence=1)
    e = Entity(LOC, 'Москва', (m1, m2))
    assert e.count == 2
    assert Entity(ORG, 'X').count == 0
    assert e.as_dict() == {'type': 'LOC', 'name': 'Москва', 'kb_id': None, 'aliases': [], 'role': '', 'count': 2,
                           'mentions': [m1.as_dict(), m2.as_dict()]}
    assert list(e.as_dict()) == ['type', 'name', 'kb_id', 'aliases', 'role', 'count', 'mentions']
    assert Entity(LOC, 'Москва', (m1,), kb_id='Q649').as_dict()['kb_id'] == 'Q649'
    person = Entity('PER', 'Парвиз Шахбазов', (m1,), aliases=('Шахбазов',), role='министр энергетики')
    assert person.as_dict()['aliases'] == ['Шахбазов']
    assert person.as_dict()['role'] == 'министр энергетики'


def test_document_as_dict_default_shape():
    m = Mention(0, 6, LOC, 'Москва', 'Москва')
    d = Document('doc-1', (Entity(LOC, 'Москва', (m,)),), text='Москва стоит')
    assert d.as_dict() == {'id': 'doc-1', 'encoding': None, 'entities': [{
        'type': 'LOC', 'name': 'Москва', 'kb_id': None, 'aliases': [], 'role': '', 'count': 1,
        'mentions': [m.as_dict()]}], 'relations': [], 'error': ''}
    assert list(d.as_dict()) == ['id', 'encoding', 'entities', 'relations', 'error']


def test_document_as_dict_with_text_and_encoding():
    d = Document('a', text='Привет', encoding='cp1251')
    assert d.as_dict(text=True) == {'id': 'a', 'encoding': 'cp1251', 'text': 'Привет',
                                    'entities': [], 'relations': [], 'error': ''}
    assert list(d.as_dict(text=True)) == ['id', 'encoding', 'text', 'entities', 'relations', 'error']
    assert 'text' not in d.as_dict()


def test_document_error_shape():
    d = Document('bad.txt', error='bad.txt: binary data, not text')
    # every record has the same fields: the encoding is null when the input was never decoded
    assert d.as_dict() == {'id': 'bad.txt', 'encoding': None, 'entities': [], 'relations': [],
                           'error': 'bad.txt: binary data, not text'}


def test_relation_as_dict_shape():
    r = Relation('Антон Силуанов', 'Минфин', role='глава Минфина', sentence=2, start=10, stop=40)
    assert r.as_dict() == {'type': 'works_for', 'person': 'Антон Силуанов', 'object': 'Минфин',
                           'role': 'глава Минфина', 'sentence': 2, 'start': 10, 'stop': 40}
    d = Document('a', relations=(r,))
    assert d.as_dict()['relations'] == [r.as_dict()]
    assert pickle.loads(pickle.dumps(d)) == d


def test_document_repr_hides_text():
    assert 'секрет' not in repr(Document('a', text='секрет'))


def test_document_as_dict_text_is_keyword_only():
    with pytest.raises(TypeError):
        Document('a').as_dict(True)


def test_document_mentions_in_text_order_across_entities():
    a1, a2 = mention(0, 3, PER), mention(20, 23, PER)
    b1 = mention(10, 13, LOC)
    c1, c2 = mention(5, 8, ORG), mention(5, 7, ORG)  # same start: the shorter first
    d = Document('x', (Entity(PER, 'a', (a1, a2)), Entity(LOC, 'b', (b1,)),
                       Entity(ORG, 'c', (c1, c2))))
    assert d.mentions == [a1, c2, c1, b1, a2]
    assert Document('empty').mentions == []


def test_text_record_defaults():
    t = Text('a')
    assert (t.id, t.text, t.error, t.encoding) == ('a', '', '', None)
    assert (t.title, t.date, t.url, t.source_format) == (None, None, None, None)


def test_document_from_the_web_says_where_it_comes_from():
    d = Document('https://x.ru/1', text='Текст', encoding='utf-8', title='Заголовок', date='2024-05-06',
                 url='https://x.ru/1', source_format='html')
    assert list(d.as_dict(text=True)) == ['id', 'encoding', 'source_format', 'title', 'date', 'url', 'text',
                                          'entities', 'relations', 'error']
    assert d.as_dict()['date'] == '2024-05-06' and d.as_dict()['source_format'] == 'html'
    # what is not known is not printed
    assert list(Document('a', title='T').as_dict()) == ['id', 'encoding', 'title', 'entities', 'relations', 'error']


def test_text_about_gives_a_document_its_fields():
    t = Text('a', text='x', encoding='cp1251', title='T', date='2024-05-06', url='u', source_format='feed')
    d = Document(t.id, error='e', **t.about())
    assert (d.encoding, d.title, d.date, d.url, d.source_format) == ('cp1251', 'T', '2024-05-06', 'u', 'feed')
    assert Document('a', **Text('a').about()) == Document('a')


def test_group_mentions_empty():
    assert group_mentions([]) == ()


def test_group_mentions_by_type_and_normal_form():
    text = 'Иванов встретил Петрова. Иванова (ORG) и Иванов снова.'
    m1 = Mention(0, 6, PER, 'Иванов', 'Иванов')
    m2 = Mention(16, 23, PER, 'Петрова', 'Петров')
    m3 = Mention(25, 32, ORG, 'Иванова', 'Иванов')  # same normal form, other type
    m4 = Mention(41, 47, PER, 'Иванов', 'Иванов')
    entities = group_mentions([m4, m3, m2, m1])  # order of input does not matter
    assert entities == (
        Entity(PER, 'Иванов', (m1, m4)),
        Entity(PER, 'Петров', (m2,)),
        Entity(ORG, 'Иванов', (m3,)),
    )
    assert all(text[m.start:m.stop] == m.text for e in entities for m in e.mentions)


def test_group_mentions_ignores_case_of_normal_form():
    m1 = Mention(0, 5, ORG, 'SOCAR', 'SOCAR')
    m2 = Mention(10, 15, ORG, 'Socar', 'Socar')
    m3 = Mention(20, 25, ORG, 'socar', 'socar')
    (entity,) = group_mentions([m3, m2, m1])
    assert entity.mentions == (m1, m2, m3)
    assert entity.count == 3
    # equal lengths and counts: the first in text order wins
    assert entity.name == 'SOCAR'


def test_group_mentions_entities_ordered_by_first_mention():
    late_first = mention(50, 52, LOC, normal='b')
    early = mention(0, 2, PER, normal='a')
    middle = mention(10, 12, ORG, normal='c')
    late_again = mention(60, 62, PER, normal='a')
    entities = group_mentions([late_first, late_again, middle, early])
    assert [(e.type, e.name) for e in entities] == [(PER, 'a'), (ORG, 'c'), (LOC, 'b')]
    assert entities[0].mentions == (early, late_again)


def test_group_mentions_canonical_name_is_longest_normal_form():
    short = Mention(0, 6, PER, 'Путина', 'путин')
    full = Mention(20, 35, PER, 'Владимир Путин', 'владимир путин')
    # grouping is by normal form, so only forms equal up to case share an entity
    assert [e.name for e in group_mentions([short, full])] == ['путин', 'владимир путин']
    lower = Mention(0, 4, ORG, 'ООН', 'оон')
    upper = Mention(10, 14, ORG, 'ООН', 'ООН')
    upper2 = Mention(20, 24, ORG, 'ООН', 'ООН')
    (entity,) = group_mentions([lower, upper, upper2])
    assert entity.name == 'ООН'  # equal length: the more frequent


def test_canonical_name_rules():
    def names(*normals):
        return [mention(i * 10, i * 10 + 1, normal=n) for i, n in enumerate(normals)]
    assert canonical_name(names('Азербайджан', 'Азербайджанская Республика')) == 'Азербайджанская Республика'
    assert canonical_name(names('abc', 'ABC', 'ABC')) == 'ABC'  # tie on length: most frequent
    assert canonical_name(names('abc', 'ABC', 'ABC', 'abc')) == 'abc'  # then the first
    assert canonical_name(names('ABC', 'abc')) == 'ABC'
    assert canonical_name(names('x')) == 'x'


def test_group_mentions_links_join_entities_with_aliases():
    long = Mention(0, 22, ORG, 'Министерства энергетики', 'Министерство энергетики')
    short = Mention(30, 39, ORG, 'Минэнерго', 'Минэнерго')
    again = Mention(50, 59, ORG, 'Минэнерго', 'Минэнерго')
    other = Mention(60, 66, LOC, 'Москва', 'Москва')
    entities = group_mentions([short, long, again, other], links=[(0, 1)])
    assert [(e.type, e.name, e.aliases, e.count) for e in entities] == [
        (ORG, 'Министерство энергетики', ('Минэнерго',), 3),
        (LOC, 'Москва', (), 1),
    ]
    assert entities[0].mentions == (long, short, again)


def test_group_mentions_linked_types_take_the_commonest():
    a = Mention(0, 3, ORG, 'ООН', 'ООН')
    b = Mention(5, 8, ORG, 'ООН', 'ООН')
    c = Mention(10, 33, LOC, 'Организации Объединенных', 'Организация Объединенных')
    (entity,) = group_mentions([a, b, c], links=[(1, 2)])
    assert entity.type == ORG and entity.name == 'Организация Объединенных'
    assert entity.aliases == ('ООН',)


def test_as_text_adapts_every_input_shape():
    from newsner.records import as_text
    assert as_text(Text('a', 'x'), 5) == Text('a', 'x')
    assert as_text('Москва', 3) == Text('3', 'Москва')
    assert as_text(('id-1', 'Москва'), 0) == Text('id-1', 'Москва')
    assert as_text({'id': 7, 'text': 'Москва'}, 0) == Text('7', 'Москва')
    assert as_text({'body': 'Москва'}, 2, text_field='body') == Text('2', 'Москва')
    assert as_text({'id': 'x'}, 0) == Text('x', error="x: no 'text' field")
    assert as_text(42, 4) == Text('4', error='4: expected a text, an (id, text) pair or a record, got int')
