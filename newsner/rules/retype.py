"""Types the model gets wrong, mended from the words of a name and the words around it.

- A union of states is an organization, not a place: "Евросоюз", "Европейский
  союз", "ЕС" (a word the dictionary knows as an organization, not a place).
- A seat of power acts as the administration when a verb of saying or
  deciding goes with it ("Кремль заявил", "в Белом доме сообщили",
  "пресс-секретарь Кремля"): GOV; elsewhere it stays a place.
- A "person" whose first word is a ministry's short form ("Минпромторг",
  "Минтранс России") is that ministry (GOV); the place after it joins it as
  for any body (places.py).
- A one-word "person" that the dictionary knows only as an organization
  ("Минтруда", "Уралсиббанк") or that is a bank's compound word is an
  organization.
- A "place" that is no place in the dictionary and is the subject of a
  business verb ("Магнит открыл магазин") is a company.
- Named events (forums, summits, exhibitions, with their year or not:
  "ПМЭФ-2025", "саммит G20", "форум «Один пояс — один путь»") are neither
  organizations nor initiatives, and site chrome
  ("Поделиться", a lone capital letter, an all-caps dateline such as "БАКУ,"
  at the start of a text or a line) is no name at all: both are dropped.
"""
import re

from ..types import COMPANY, GOV, INITIATIVE, LOC, ORG, PER
from ..wordlists import word_list
from .kinds import GOV_WORD, INTERNATIONAL, MINISTRY_WORD, NOT_GOV_WORD
from .lemma import WORDS

#: names of buildings that stand for the administration inside them, as tuples of lemmas
SEATS = frozenset(tuple(seat.split()) for seat in word_list('seats'))
#: adjectives of a union of states, not of a state ("Советский Союз")
UNION_ADJECTIVES = INTERNATIONAL | word_list('union-adjectives')
#: verbs (lemmas) of saying or deciding
ACTS = word_list('acts')
#: verbs (lemmas) a building does as the subject: "Кремль стоит на холме"
PLACE_VERBS = word_list('place-verbs')
#: people who speak for an administration: "пресс-секретарь Кремля"
SPOKESMEN = word_list('spokesmen')
#: what an administration says or decides: "в заявлении Кремля"
STATEMENTS = word_list('statements')
#: verbs (lemmas) of doing business
BUSINESS = word_list('business-verbs')
#: head words (lemmas) of named events
EVENTS = word_list('events')
#: the stems of EVENTS, a cheap test before the dictionary's
EVENT_STEMS = re.compile(r'(?i)(форум|саммит|конференц|выставк|фестивал|олимпиад|чемпионат|биеннале|ярмарк|'
                         r'конкурс|турнир|съезд|сл[её]т|марафон|экспо)')
#: endings of infinitives and imperatives: "Поделиться", "Читайте"
VERB_ENDING = re.compile(r'(ть|ться|тись|чь|чься|те|тесь|й|йся|и|ись)$')
#: a name with its year: "ПМЭФ-2025", "Иннопром-2024", "ЭКСПО 2030"
WITH_YEAR = re.compile(r'[-\s](19|20)\d\d$')
DATELINE_AFTER = re.compile(r'[ \t]*(,|\.|[ \t]+[-—–])')
#: one-word names of EU institutions, which the model may take for places
EU_BODY = re.compile(r'евро(комиссия|парламент|совет|суд|юст|пол)$')
BANK = re.compile(r'банк(а|у|ом|е|и|ов|ам|ами|ах)?$')


class Retype:
    """The rules of this module; ``vocab`` is the pipeline's MorphVocab, ``lemmas`` a Lemmas."""

    def __init__(self, vocab, lemmas):
        self.vocab = vocab
        self.lemmas = lemmas

    def _grammemes(self, word):
        return [f.tag.grammemes for f in self.vocab(word.lower())]

    def _verb_lemmas(self, word):
        return {f.normal_form.replace('ё', 'е') for f in self.vocab(word.lower())
                if f.tag.POS in ('VERB', 'INFN', 'PRTS', 'GRND') or word.lower() == 'не'}

    def mend(self, text, spans, kinds):
        """The spans with their types mended; dropped spans left out. ``kinds``: organization types."""
        kept = []
        for span in spans:
            if self._chrome(text, span) or (span.type in kinds + (INITIATIVE,) and self._event(text, span)):
                continue
            words = WORDS.findall(text[span.start:span.stop])
            if not words:
                continue
            if span.type == LOC:
                self._place(text, span, words, tuple(self.lemmas(w) for w in words))
            elif span.type == PER and MINISTRY_WORD.match(words[0].lower()):
                span.type, span.sure = GOV, True  # "Минпромторг", "Минтранс России" (places.py nests the place)
            elif span.type == PER and len(words) == 1:
                self._person(span, words[0], self.lemmas(words[0]))
            kept.append(span)
        return kept

    def _place(self, text, span, words, lemmas):
        if self._union(words, lemmas) or self._acronym_of_organization(words):
            span.type, span.sure = ORG, True  # Евросоюз, Европейский союз, ЕС
            return
        if len(lemmas) == 1 and EU_BODY.match(lemmas[0]):
            span.type, span.sure = GOV, True  # "Еврокомиссия": an EU institution, a state body
            return
        if lemmas in SEATS:
            if self._acts(text, span):
                span.type, span.sure = GOV, True
            return
        if len(words) == 1 and not any('Geox' in g for g in self._grammemes(words[0])) \
                and self._does_business(text, span):
            span.type, span.sure = COMPANY, True

    def _union(self, words, lemmas):
        # "Евросоюз", "Европейский союз", "Евразийский экономический союз"; not "Советский Союз"
        if len(words) == 1:
            return lemmas[0].endswith('союз') and lemmas[0] != 'союз'
        return lemmas[-1] == 'союз' and bool(set(lemmas[:-1]) & UNION_ADJECTIVES)

    def _acronym_of_organization(self, words):
        grammemes = self._grammemes(words[0])
        return len(words) == 1 and words[0].isupper() and self.vocab.word_is_known(words[0].lower()) \
            and all('Orgn' in g and 'Geox' not in g for g in grammemes)

    def _person(self, span, word, lemma):
        grammemes = self._grammemes(word)
        human = any({'Name', 'Surn', 'Patr'} & g for g in grammemes)
        if BANK.search(word.lower()) and len(word) > 6 and not human:
            span.type, span.sure = COMPANY, True  # Уралсиббанк
        elif self.vocab.word_is_known(word.lower()) and grammemes and all('Orgn' in g for g in grammemes):
            span.type, span.sure = ORG, False  # the kind rules tell which: Минтруда GOV
            if GOV_WORD.match(lemma) and lemma not in NOT_GOV_WORD:
                span.type, span.sure = GOV, True


    def _acts(self, text, span):
        # "Кремль заявил", "в Кремле считают", "пресс-секретарь Кремля"
        after = WORDS.findall(text[span.stop:span.stop + 60].split('.')[0])[:3]
        if any(self._verb_lemmas(w) & ACTS for w in after[:2]) or (after[:1] == ['не'] and after[1:2]
                                                                  and self._verb_lemmas(after[1])):
            return True
        if self._subject(text, span):
            return True
        before = WORDS.findall(text[max(0, span.start - 40):span.start])[-2:]
        if before and {f.normal_form for f in self.vocab(before[-1].lower())} & (SPOKESMEN | STATEMENTS):
            return True  # any reading of the word: "главою" is first an adjective to the dictionary
        if before and before[-1].lower() in ('в', 'во') and any(self._verb_lemmas(w) & ACTS for w in after[:2]):
            return True
        return False

    def _subject(self, text, span):
        # the seat is the subject of a verb that a building does not do: "Белый дом
        # получил известие", "Кремль всех опередил" (not "Кремль стоит на холме");
        # the verb (indicative) is one of the three words after it, with no punctuation between
        if 'nomn' not in set().union(*self._grammemes(WORDS.findall(text[span.start:span.stop])[-1])):
            return False
        clause = re.split(r'[.,;:!?()«»"—–]|\s-\s', text[span.stop:span.stop + 60], maxsplit=1)[0]
        for word in WORDS.findall(clause)[:3]:
            forms = [f for f in self.vocab(word.lower()) if f.tag.POS == 'VERB' and 'indc' in f.tag.grammemes]
            if forms:
                return not {f.normal_form.replace('ё', 'е') for f in forms} & PLACE_VERBS
        return False

    def _does_business(self, text, span):
        after = WORDS.findall(text[span.stop:span.stop + 40])[:1]
        return bool(after) and bool(self._verb_lemmas(after[0]) & BUSINESS)

    def _event(self, text, span):
        surface = text[span.start:span.stop]
        words = WORDS.findall(surface)
        if WITH_YEAR.search(surface) and not surface[:1].isdigit():
            return True
        if EVENT_STEMS.search(surface) and any(self.lemmas(w) in EVENTS for w in words[:4]):
            return True
        before = WORDS.findall(text[max(0, span.start - 30):span.start])[-1:]
        if not before or not EVENT_STEMS.match(before[0]):
            return False
        between = text[span.start - 1:span.start] if span.start else ''
        return bool(before) and self.lemmas(before[0]) in EVENTS and between in ' «"' \
            and (len(words) == 1 and sum(c.isupper() or c.isdigit() for c in words[0]) >= 2
                 or text[span.start - 1:span.start] in '«"')

    def _chrome(self, text, span):
        surface = text[span.start:span.stop]
        letters = [c for c in surface if c.isalpha()]
        if len(surface.rstrip('.')) <= 1:
            return True  # a lone letter
        words = WORDS.findall(surface)
        if len(words) == 1 and VERB_ENDING.search(words[0].lower()) and self.vocab.word_is_known(words[0].lower()):
            grammemes = [f.tag for f in self.vocab(words[0].lower())]
            if grammemes and all(t.POS in ('INFN', 'VERB') for t in grammemes):
                return True  # "Поделиться", "Подписаться", "Читайте"
        line = text.rfind('\n', 0, span.start) + 1
        if not text[line:span.start].strip() and surface.isupper() and len(letters) >= 3 \
                and span.type != PER and DATELINE_AFTER.match(text, span.stop) \
                and any('Geox' in t.grammemes for t in [f.tag for f in self.vocab(surface.lower())]):
            return True  # "БАКУ, 3 декабря": a dateline
        return False
