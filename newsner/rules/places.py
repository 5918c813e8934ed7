"""Bodies named with their place, and bodies inside bodies: one mention, the outermost name.

- A state body or organization followed by its country, region or city in the
  genitive is one name: "МИД России", "Верховный суд Татарстана", "Банк
  России", "Торговая палата США". So is a state body's type word before a
  place, which the model often leaves out: "правительства РФ", "администрации
  Ставропольского края". The place stays a LOC mention of its own, nested
  inside the body's mention (see docs/conventions.md).
- A part of a body named with the body it belongs to, and with its field, is
  one name: "комитет Госдумы по бюджету", "Совет ООН по правам человека",
  "аппарат правительства". The body inside is not reported on its own.
- A type word alone ("правительство", "министерство") is no name.

The words are read with pymorphy (the pipeline's MorphVocab): a place joins a
body only in the genitive, and a field ("по бюджету") is "по" and a noun in
the dative with the adjectives and genitive nouns that go with it.
"""
import re

from .grammars import CIRCUMSTANCES, NAMELESS_PLACES
from ..types import GOV, LOC
from ..wordlists import word_list
from .kinds import GOV_WORD, HEAD_KIND, KIND_HEADS, NOT_GOV_WORD, word_kind
from .lemma import WORDS
from .spans import Span, SpanIndex
from .text import sentence_start

#: type words of state bodies that name one body with a place after them
#: ("правительство России", "администрация края"): the GOV heads of kinds.py
PLACE_HEADS = KIND_HEADS[GOV]
#: type words that name a part of a body with the body after them ("аппарат
#: правительства", "комитет Госдумы")
PART_HEADS = word_list('part-heads')
#: what stands between a body and the body it is attached to: "совет при министерстве"
ATTACHED = re.compile(r'[ \t]+при[ \t]+')
#: organs of a body, not bodies of their own: "коллегия Министерства обороны" is the ministry's
ORGANS = word_list('organs')
#: adjectives of a regional branch: "областное управление Следственного комитета" is the committee's
BRANCH_ADJECTIVES = word_list('branch-adjectives')
#: bodies that a part may belong to, named by a type word in lower case ("аппарат правительства")
OWNER_HEADS = word_list('owner-heads')
GAP = re.compile(r'[ \t]+$')
TERRITORY = re.compile(r'[ \t]+по[ \t]+(г\.[ \t]*)?')
#: a part of a body named by type words alone: "аппарат правительства", "Аппарата президента"
APPARATUS = re.compile(r'(?i)(?<![\w-])аппарат\w{0,3}[ \t]+(правительств|президент|администраци|мэри|губернатор)\w{0,3}'
                       r'(?![\w-])')
FIELD_REACH = 6


class Places:
    """The rules of this module over one text's spans; ``vocab`` is the pipeline's MorphVocab."""

    def __init__(self, vocab, lemmas):
        self.vocab = vocab
        self.lemmas = lemmas

    # -- word classes -------------------------------------------------------

    def _tags(self, word):
        return [f.tag for f in self.vocab(word.lower())]

    def genitive(self, word):
        """Whether a word may be in the genitive (an indeclinable abbreviation may be)."""
        if len(word) > 1 and word.isupper():
            return True
        return any('gent' in t for t in self._tags(word))

    def _noun(self, word, case):
        return any(t.POS == 'NOUN' and case in t for t in self._tags(word))

    def _adjective(self, word, case):
        return any(t.POS in ('ADJF', 'PRTF') and case in t for t in self._tags(word))

    def is_head(self, word, heads):
        lemma = self.lemmas(word)
        if lemma in heads:
            return True
        return heads is PLACE_HEADS and word[:1].isupper() and lemma not in NOT_GOV_WORD \
            and not lemma.startswith('министр') and bool(GOV_WORD.match(lemma)) \
            and not any({'Surn', 'Name'} & t.grammemes for t in self._tags(word))

    def field_stop(self, text, stop):
        """Where "по" and a field after ``stop`` end ("по бюджету", "по правам человека"), or ``stop``."""
        match = re.compile(r'[ \t]+по[ \t]+').match(text, stop)
        if match is None:
            return stop
        words = list(WORDS.finditer(text, match.end(), match.end() + 120))[:FIELD_REACH]
        end, index = None, 0
        while index < len(words) and self._adjective(words[index].group(), 'datv') \
                and not self._noun(words[index].group(), 'datv'):
            index += 1
        if index >= len(words) or not self._noun(words[index].group(), 'datv') \
                or self.lemmas(words[index].group()) in CIRCUMSTANCES or words[index].group()[:1].isupper():
            return stop
        end = words[index].end()
        index += 1
        # genitive complements: "по правам человека", "по делам национальностей"
        while index < len(words) and text[words[index - 1].end():words[index].start()] == ' ' \
                and words[index].group().islower() \
                and (self._noun(words[index].group(), 'gent') or self._adjective(words[index].group(), 'gent')):
            if self._noun(words[index].group(), 'gent'):
                end = words[index].end()
            index += 1
        return end

    # -- the rule -----------------------------------------------------------

    def join(self, text, spans, kinds):
        """The spans with bodies named with their place or owner made one; places nested.

        ``kinds`` are the organization types (GOV, COMPANY, MEDIA, ORG). Returns
        the spans sorted, the nested places among them.
        """
        index = SpanIndex(spans)
        nested = NestedPlaces()
        for match in APPARATUS.finditer(text):
            if not index.overlapping(match.start(), match.end()):
                index.add(Span(match.start(), match.end(), GOV, sure=True))
        for span in sorted(spans, key=lambda s: (s.start, s.stop)):
            if span not in index.order:
                continue
            if span.type == LOC:
                body = self._type_word_before(text, span, index, nested)
                if body is not None:  # "канцелярия правительства Израиля"
                    self._owner_word_before(text, body, index, kinds)
            elif span.type in kinds:
                self._owner_word_before(text, span, index, kinds)
        for span in sorted(index, key=lambda s: (s.start, s.stop)):
            if span not in index.order or span.type not in kinds:
                continue
            while span is not None:
                span = self._place_after(text, span, index, nested, kinds) or self._attached(text, span, index, kinds)
        for span in sorted(index, key=lambda s: (s.start, s.stop)):
            if span.type in kinds and span in index.order:
                self._field_after(text, span, index)
        for span in list(index):
            if span.type in kinds:
                place = self.place_inside(text, span)
                if place is not None and (place.start, place.stop) not in nested.bounds:
                    nested.append(place)
                    span.type = self._bank_kind(text, span, place.start)
        result = list(index)
        result.extend(nested)
        return sorted(result, key=lambda s: (s.start, -s.stop))

    def is_body(self, text, span):
        """Whether a name is a body's, which a place may follow: a state body, or a name with a
        type word ("Банк", "палата", "партия"); not "Голос Америки", "Путь Грузии"."""
        if span.type == GOV:
            return True
        for word in WORDS.findall(text[span.start:span.stop]):
            lemma = self.lemmas(word)
            if lemma in HEAD_KIND or lemma in PLACE_HEADS or lemma in PART_HEADS or word_kind(lemma):
                return True
        return False

    def place_inside(self, text, body):
        """The place a body's name ends with, as a LOC span ("Банк России" -> "России"), or None."""
        words = list(WORDS.finditer(text, body.start, body.stop))
        if len(words) < 2 or text[words[-1].end():body.stop].strip() or not self.is_body(text, body):
            return None
        last = words[-1]
        tags = self._tags(last.group())
        if not last.group()[:1].isupper() or not any('Geox' in t and 'gent' in t for t in tags):
            return None
        start = last.start()
        previous = words[-2]
        if len(words) > 2 and previous.group()[:1].isupper() and text[previous.end():last.start()] == ' ' \
                and self._adjective(previous.group(), 'gent'):
            start = previous.start()  # "Южной Кореи"
        return Span(start, last.end(), LOC, sure=True)

    def _word_before(self, text, start):
        # the word right before ``start``, one space or tab apart, as a match
        before = text[max(0, start - 40):start]
        if not GAP.search(before) or len(before) - len(before.rstrip(' \t')) > 1:
            return None
        match = None
        for match in WORDS.finditer(text, max(0, start - 40), start):
            pass
        if match is None or text[match.end():start] != ' ':
            return None
        return match

    def _type_word_before(self, text, place, index, nested):
        # "правительства РФ", "администрации Ставропольского края": a body's type word, then a place
        word = self._word_before(text, place.start)
        if word is None or not self.genitive(text[place.start:place.stop].split()[0]):
            return None
        if not self.is_head(word.group(), PLACE_HEADS) or index.overlapping(word.start(), word.end()):
            return None
        if not word.group().isupper() and not any('sing' in t or 'Fixd' in t for t in self._tags(word.group())):
            return None  # "ведомств Японии и России": several bodies, no name
        index.remove(place)
        body = Span(word.start(), place.stop, GOV, sure=True)
        index.add(body)
        nested.append(place)
        return body

    def _owner_word_before(self, text, body, index, kinds):
        # "комитета Госдумы", "Совет ООН": a part's type word before the body it belongs to
        word = self._word_before(text, body.start)
        if word is None or not self.is_head(word.group(), PART_HEADS):
            return
        if not self.genitive(text[body.start:body.stop].split()[0]) or index.overlapping(word.start(), word.end()):
            return
        if self.lemmas(word.group()) == 'совет' and body.type != GOV and not self.field_after_exists(text, body.stop):
            return  # "совет ООН" alone may be a piece of advice; with a field it is a body
        if word.group().islower() and not self.field_after_exists(text, body.stop) \
                and (body.type != GOV or self.lemmas(word.group()) in ORGANS):
            return  # "комитетом ООН против пыток", "коллегии Минобороны": no name of its own ends there
        start = word.start()
        while True:  # the adjectives of the type word: "Судейский комитет ФИФА"
            adjective = self._word_before(text, start)
            if adjective is None or index.overlapping(adjective.start(), adjective.end()) \
                    or not any(t.POS in ('ADJF', 'PRTF') for t in self._tags(adjective.group())):
                break
            start = adjective.start()
        index.remove(body)
        index.add(Span(start, body.stop, self._part_kind(text, body), sure=True))

    def _part_kind(self, text, owner):
        # a part of a state body is one, and so is a part of the EU ("Комиссия ЕС"); a part
        # of another organization is of its kind
        lemmas = [self.lemmas(w) for w in WORDS.findall(text[owner.start:owner.stop])]
        if owner.type == GOV or lemmas == ['ес'] or lemmas[-1:] and lemmas[-1].endswith('союз'):
            return GOV
        return owner.type

    def field_after_exists(self, text, stop):
        return self.field_stop(text, stop) != stop

    def _place_after(self, text, body, index, nested, kinds):
        # "МИД России", "Верховный суд Татарстана", "аппарат правительства"
        gap = text[body.stop:body.stop + 1]
        if gap != ' ':
            return None
        territory = self._territory_after(text, body, index, nested)
        if territory is not None:
            return territory
        following = [s for s in index.overlapping(body.stop + 1, body.stop + 2) if s.start == body.stop + 1]
        place = next((s for s in following if s.type == LOC), None)
        if place is not None:
            first = text[place.start:place.stop].split()[0]
            if not self.genitive(first) or text[body.stop - 1] in '»"”)' or self._ends_nameless(text, body, nested) \
                    or not self.is_body(text, body):
                return None
            index.remove(body)
            index.remove(place)
            joined = Span(body.start, place.stop, self._bank_kind(text, body, body.stop), sure=True)
            index.add(joined)
            nested.append(place)
            return joined  # "Администрации Советского района Уфы": a place of the place
        owner = next((s for s in following if s.type in kinds), None)
        if owner is not None:
            # "антимонопольной комиссии Европейского союза": a part named with the body it belongs to
            last = self._head(text, body)
            if not last or self.lemmas(last[0]) not in PART_HEADS \
                    or not self.genitive(text[owner.start:owner.stop].split()[0]):
                return None
            if self._common(text, body) and not self.field_after_exists(text, owner.stop):
                if self._branch(text, body, last[0]):
                    # "областное управление Следственного комитета", "коллегия Минобороны":
                    # a branch or an organ with no name of its own; the body is the mention
                    index.remove(body)
                    return None
                if owner.type != GOV:
                    return None  # "комиссии союза": a lower-case part of a non-state body, with no field
            index.remove(body)
            index.remove(owner)
            kind = GOV if GOV in (body.type, self._part_kind(text, owner)) else body.type
            joined = Span(body.start, owner.stop, kind, sure=True)
            index.add(joined)
            return joined
        if following:
            return None
        # a body's owner written as a lower-case type word: "аппарат правительства"
        words = text[body.start:body.stop].split()
        match = WORDS.match(text, body.stop + 1)
        if match is None or not match.group().islower() or not self.lemmas(words[-1]) in PART_HEADS | {'аппарат'}:
            return None
        if self.lemmas(match.group()) in OWNER_HEADS and self._noun(match.group(), 'gent'):
            index.remove(body)
            joined = Span(body.start, match.end(), body.type, sure=True)
            index.add(joined)
            return joined
        return None

    def _common(self, text, body):
        # whether a name is in lower case but for a capital that starts its sentence
        words = WORDS.findall(text[body.start:body.stop])
        if not words or any(w[:1].isupper() for w in words[1:]) or self.lemmas(words[-1]) == 'аппарат':
            return False
        return words[0].islower() or sentence_start(text, body.start)

    def _branch(self, text, body, head):
        # a regional branch ("областное управление") or an organ of a body ("коллегия")
        words = WORDS.findall(text[body.start:body.stop])
        return self.lemmas(head) in ORGANS or any(self.lemmas(w) in BRANCH_ADJECTIVES for w in words)

    def _attached(self, text, body, index, kinds):
        # "Общественный совет при Министерстве обороны": a body attached to another is one
        # name with it, a state body when the other is one
        match = ATTACHED.match(text, body.stop)
        if match is None:
            return None
        patron = next((s for s in index.overlapping(match.end(), match.end() + 1)
                       if s.start == match.end() and s.type in kinds), None)
        if patron is None or not self.is_body(text, body):
            return None
        index.remove(body)
        index.remove(patron)
        joined = Span(body.start, patron.stop, GOV if patron.type == GOV else body.type, sure=True)
        index.add(joined)
        return joined

    def _bank_kind(self, text, body, stop):
        # "Банк России", "Банк Англии": a bank named by its country alone is its central bank
        if [self.lemmas(w) for w in WORDS.findall(text[body.start:stop])] == ['банк']:
            return GOV
        return body.type

    def _head(self, text, body):
        # the head noun of a body's name as a one-word list ("Главного управления МВД" ->
        # ["управления"]), or the last word when no word is a noun
        words = WORDS.findall(text[body.start:body.stop])
        nouns = [w for w in words if any(t.POS == 'NOUN' for t in self._tags(w))]
        return nouns[:1] or words[-1:]

    def _territory_after(self, text, body, index, nested):
        # "Главного управления МВД по Москве": a state body's territory after "по"
        match = TERRITORY.match(text, body.stop)
        if match is None or body.type != GOV:
            return None
        place = next((s for s in index.overlapping(match.end(), match.end() + 1)
                      if s.start == match.end() and s.type == LOC), None)
        if place is None or not any('datv' in t for t in self._tags(text[place.start:place.stop].split()[0])):
            return None
        index.remove(body)
        index.remove(place)
        joined = Span(body.start, place.stop, body.type, sure=True)
        index.add(joined)
        nested.append(place)
        return joined

    def _ends_nameless(self, text, body, nested):
        if body.stop in nested.stops:
            return False  # "Администрации Советского района": the place is named
        last = WORDS.findall(text[body.start:body.stop])[-1:]
        return bool(last) and self.lemmas(last[0]) in NAMELESS_PLACES

    def _field_after(self, text, body, index):
        # "комитет Госдумы по бюджету": the field of a body whose head takes one
        words = WORDS.findall(text[body.start:body.stop])
        if not words or not any(self.lemmas(w) in PART_HEADS or self.lemmas(w) == 'комиссия' for w in words):
            return
        stop = self.field_stop(text, body.stop)
        if stop == body.stop or index.overlapping(body.stop, stop):
            return
        index.remove(body)
        index.add(Span(body.start, stop, body.type, sure=True))


class NestedPlaces(list):
    """The places nested in bodies, in the order found, with their bounds and ends at hand."""

    def __init__(self):
        super().__init__()
        self.bounds = set()
        self.stops = set()

    def append(self, place):
        super().append(place)
        self.bounds.add((place.start, place.stop))
        self.stops.add(place.stop)


def lone_type_word(text, span, lemmas):
    """Whether a span is a bare type word ("правительство", "министерство"): no name."""
    words = WORDS.findall(text[span.start:span.stop])
    return len(words) == 1 and words[0].islower() and lemmas(words[0]) in PLACE_HEADS | PART_HEADS
