import itertools

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsner import Document, Text, extract
from newsner.pipeline import Extractor

from conftest import SAMPLES

# The seed article: what must be found, with its normal form.
SEED_ENTITIES = {
    ('PER', 'Парвиз Шахбазов'),
    ('PER', 'Хуш Чокси'),
    ('GOV', 'Государственное агентство по возобновляемым источникам энергии'),
    ('GOV', 'Агентство по регулированию энергетических вопросов'),
    ('GOV', 'министерство энергетики Азербайджана'),
    ('COMPANY', 'SOCAR'),
    ('COMPANY', 'Азерэнержи'),
    ('COMPANY', 'ExxonMobil'),
    ('MEDIA', 'Day.Az'),
    ('COMPANY', 'Apple'),
    ('COMPANY', 'Ericsson AB'),
    ('COMPANY', 'J.P. Morgan'),
    ('COMPANY', 'Baker Hughes'),
    ('COMPANY', 'Shell International'),
    ('COMPANY', 'Motorola Solutions'),
    ('ORG', 'Торговая палата США'),
    ('INITIATIVE', 'Маршрут Трампа для международного мира и процветания'),
    ('LOC', 'Азербайджан'),
    ('LOC', 'Турция'),
    ('LOC', 'Центральная Азия'),
    ('LOC', 'Европа'),
    ('LOC', 'Ближний Восток'),
}


def names(doc):
    return {(e.type, e.name) for e in doc.entities}


def test_seed_article_entities_and_normal_forms(extractor, seed_text):
    doc = extractor(seed_text)
    assert doc.error == ''
    assert SEED_ENTITIES <= names(doc)
    people = {e.name for e in doc.entities if e.type == 'PER'}
    assert people == {'Парвиз Шахбазов', 'Хуш Чокси'}


def test_seed_mentions_grouped_by_normal_form(extractor, seed_text):
    doc = extractor(seed_text)
    azerbaijan = [e for e in doc.entities if e.name == 'Азербайджан']
    assert len(azerbaijan) == 1
    # the second is nested in "министерство энергетики Азербайджана"
    assert [m.text for m in azerbaijan[0].mentions] == ['Азербайджана', 'Азербайджана', 'Азербайджан',
                                                         'Азербайджаном']
    assert azerbaijan[0].count == 4
    socar = next(e for e in doc.entities if e.name == 'SOCAR')
    assert socar.count == 2
    # no two entities of one type share a normal form
    keys = [(e.type, e.name.lower()) for e in doc.entities]
    assert len(keys) == len(set(keys))


def test_seed_offsets_and_sentences(extractor, seed_text):
    doc = extractor(seed_text)
    for mention in doc.mentions:
        assert seed_text[mention.start:mention.stop] == mention.text
    shahbazov = next(m for m in doc.mentions if m.normal == 'Парвиз Шахбазов')
    assert shahbazov.text == 'Парвиза Шахбазова'
    assert shahbazov.sentence == 0
    europe = next(m for m in doc.mentions if m.normal == 'Европа')
    assert europe.sentence == 7


@pytest.mark.parametrize('text, normal', [
    ('Переговоры прошли с Марией Захаровой.', 'Мария Захарова'),
    ('Встреча с Владимиром Путиным состоялась в Кремле.', 'Владимир Путин'),
    ('Доклад Счетной палаты опубликован.', 'Счетная палата'),
    ('Он вернулся из Соединенных Штатов Америки.', 'Соединенные Штаты Америки'),
])
def test_normal_forms_in_context(extractor, text, normal):
    assert normal in {m.normal for m in extractor(text).mentions}


def test_extract_uses_one_default_extractor():
    first = extract('Парвиз Шахбазов посетил Баку.')
    assert {('PER', 'Парвиз Шахбазов'), ('LOC', 'Баку')} <= names(first)
    import newsner
    shared = newsner._default
    extract('Москва')
    assert newsner._default is shared


def test_pipe_equals_one_at_a_time(extractor):
    texts = [path.read_text(encoding='utf-8') for path in sorted(SAMPLES.glob('*.txt'))]
    texts += ['', '   \n\t ', 'Путин', 'Новости из Москвы.']
    piped = list(extractor.pipe(texts, batch_size=3))
    single = [extractor(text, id=str(i)) for i, text in enumerate(texts)]
    assert [d.id for d in piped] == [str(i) for i in range(len(texts))]
    assert [d.entities for d in piped] == [d.entities for d in single]


def test_pipe_is_lazy_and_ordered(extractor):
    stream = (('doc%d' % i, 'Путин приехал в Москву номер %d.' % i) for i in itertools.count())
    docs = extractor.pipe(stream, batch_size=4)
    first = list(itertools.islice(docs, 10))
    assert [d.id for d in first] == ['doc%d' % i for i in range(10)]
    assert all(('LOC', 'Москва') in names(d) for d in first)


@pytest.mark.parametrize('text', ['', ' ', '\n\n\t', '...', '12345'])
def test_empty_and_whitespace_texts(extractor, text):
    doc = extractor(text)
    assert doc == Document(id='-', text=text, encoding=None)
    assert doc.entities == () and doc.error == ''


def test_error_records_pass_through_in_order(extractor):
    items = [Text('a', 'Путин'), Text('b', error='b: broken'), Text('c', 'Москва')]
    docs = list(extractor.pipe(items))
    assert [d.id for d in docs] == ['a', 'b', 'c']
    assert docs[1].error == 'b: broken' and docs[1].entities == ()
    assert docs[0].error == docs[2].error == ''


def test_non_string_text_is_an_error(extractor):
    doc = next(extractor.pipe([Text('x', 42)]))
    assert doc.error == 'text is not a string'


def test_types_filter(extractor):
    text = 'Президент Владимир Путин приехал в Москву на встречу с руководством «Газпрома».'
    assert {e.type for e in extractor(text).entities} == {'PER', 'LOC', 'COMPANY'}
    doc = Extractor(types=['PER', 'COMPANY'])(text)
    assert names(doc) == {('PER', 'Владимир Путин'), ('COMPANY', 'Газпром')}


@pytest.mark.parametrize('types, message', [
    ('PER', "not the string 'PER'"),
    (['PERSON'], "unknown entity type 'PERSON'; valid types: PER, LOC, GOV, COMPANY, MEDIA, ORG, INITIATIVE"),
    (['PER', 'org'], "unknown entity type 'org'"),
    (5, 'must be a collection of type names'),
])
def test_unknown_types_are_refused(types, message):
    with pytest.raises(ValueError, match=message):
        Extractor(types=types)


def test_no_types_means_every_type(extractor):
    text = 'Президент Владимир Путин приехал в Москву.'
    assert Extractor(types=[])(text).entities == Extractor(types=None)(text).entities == extractor(text).entities


def test_long_text_is_split_and_offsets_stay_global(extractor):
    paragraph = 'Министр Сергей Лавров прибыл в Москву. ' * 20
    text = '\n'.join([paragraph] * 30)  # about 24,000 characters
    doc = extractor(text)
    lavrov = next(e for e in doc.entities if e.name == 'Сергей Лавров')
    assert lavrov.count == 600
    for mention in doc.mentions:
        assert text[mention.start:mention.stop] == mention.text


def test_offsets_over_the_factru_devset(extractor, factru_texts):
    texts = [(d['id'], d['text']) for d in factru_texts]
    count = 0
    for (id, text), doc in zip(texts, extractor.pipe(texts)):
        assert doc.id == id
        for mention in doc.mentions:
            assert text[mention.start:mention.stop] == mention.text
            assert mention.normal.strip() == mention.normal != ''
            count += 1
    assert count > 2000


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_string_gives_valid_offsets(extractor, text):
    doc = extractor(text)
    assert doc.error == ''
    for mention in doc.mentions:
        assert text[mention.start:mention.stop] == mention.text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(['Путин', 'в', 'Москве', 'и', 'Газпром', '.', '\n', 'Ельцин', 'ООН']),
                max_size=40))
def test_russian_like_strings_give_valid_offsets(extractor, words):
    text = ' '.join(words)
    doc = extractor(text)
    for mention in doc.mentions:
        assert text[mention.start:mention.stop] == mention.text


def test_a_text_that_raises_becomes_an_error_document_alone(extractor, monkeypatch):
    # one process (jobs=1): the batch is run again text by text, the others keep their results
    real = Extractor._adjust

    def adjust(self, text, spans):
        if 'СБОЙ' in text:
            raise ValueError('broken rule')
        return real(self, text, spans)

    monkeypatch.setattr(Extractor, '_adjust', adjust)
    items = [('a', 'Сергей Лавров прилетел в Москву.'), ('b', 'СБОЙ в Москве.'), ('c', 'Москва')]
    docs = list(extractor.pipe(items, batch_size=3))
    assert [d.id for d in docs] == ['a', 'b', 'c']
    assert docs[1].error == 'b: internal error: ValueError: broken rule'
    assert [e.name for e in docs[0].entities] == ['Сергей Лавров', 'Москва']
    assert [e.name for e in docs[2].entities] == ['Москва']


def test_long_texts_go_through_in_parts_with_the_same_result(extractor, seed_text, monkeypatch):
    import newsner.pipeline as pipeline
    text = '\n'.join([seed_text] * 4)  # about 17,000 characters
    whole = extractor(text)
    monkeypatch.setattr(pipeline, 'LONG_TEXT', 5000)
    parted = extractor(text)
    assert parted.mentions == whole.mentions
    assert parted.entities == whole.entities
    # sentence numbers run on across the parts: the last names stand in the last sentence
    assert max(m.sentence for m in parted.mentions) == len(pipeline.sentence_starts(text)) - 1 > 30


def test_names_in_their_nominative_skip_the_tagger_with_the_same_normal_forms(factru_texts, monkeypatch):
    import newsner.pipeline as pipeline
    texts = [item['text'] for item in factru_texts[:60]]
    tagged = []
    real_tag = pipeline.tag

    def tag(tagger, items):
        if tagger is pipeline.load_models()[1]:
            tagged.append(len(items))
        return real_tag(tagger, items)

    monkeypatch.setattr(pipeline, 'tag', tag)
    fast = [doc.mentions for doc in Extractor().pipe(texts)]
    windows = sum(tagged)
    tagged.clear()
    monkeypatch.setattr(pipeline, 'needs_tags', lambda vocab, type, words: True)
    slow = [doc.mentions for doc in Extractor().pipe(texts)]
    assert fast == slow
    assert windows < 0.8 * sum(tagged)


def test_entity_and_mention_types_are_always_entity_types(extractor, seed_text):
    # the model's types and the rules' come as strings: a document holds one kind
    from newsner import EntityType
    long_text = (seed_text + '\n\n') * 60  # over 200,000 characters: found part by part
    for doc in (extractor(seed_text), Extractor(coarse=True)(seed_text), extractor(long_text)):
        assert doc.entities
        assert {type(e.type) for e in doc.entities} == {EntityType}
        assert {type(m.type) for e in doc.entities for m in e.mentions} == {EntityType}


def test_dir_of_the_package_is_its_public_names():
    import newsner
    assert dir(newsner) == sorted(newsner.__all__)
    assert 'os' not in dir(newsner) and 'threading' not in dir(newsner)
    for name in newsner.__all__:  # each one is there
        assert getattr(newsner, name) is not None
