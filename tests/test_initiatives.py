"""Named initiatives: routes named by adjectives, capitalized plans with their acronym, lists of
quoted names, initiatives named after a person; and the names that are none."""
from conftest import adjust


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
