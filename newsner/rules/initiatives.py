"""Named initiatives: programs, plans, projects, routes, corridors and pipelines.

- In quotes, beginning with their own head word, with no descriptor before the
  quotes: "по «Маршруту Трампа для международного мира и процветания»", "в рамках
  «Программы развития села»" (:func:`quoted_initiatives`). A name after an event
  word ("форум «Один пояс — один путь»") is the event's, not one.
- A route, corridor, network or pipeline named by capitalized adjectives before
  its head word: "Северный широтный ход", "Восточный полигон", "Байкало-Амурская
  магистраль", "Южный коридор" (:meth:`Initiatives.routes`). A place's name with
  another head ("Северный Кавказ", "Западный берег") is no route.
- A capitalized head word with its genitive words: "Программа развития угольной
  промышленности", "Стратегия развития Арктической зоны до 2035 года"
  (:meth:`Initiatives.plans`); "программа развития" in lower case is no name.
- A route, corridor, plan or doctrine named after a person: the head word and one
  surname in the genitive, "маршрут Иванова", "план Маршалла"
  (:meth:`Initiatives.after_person`); a person named in full ("инициатива Юрия
  Лужкова") or another head ("дом Иванова", "слова Иванова") makes no name.
- A program or project in quotes with a broadcast word near it is a show, MEDIA:
  "в эфире программы «Время»" (:meth:`Initiatives.broadcast`).

A capital at the start of a sentence tells nothing: a name found there by its
capitals alone counts only when its acronym follows in brackets or the text
writes it elsewhere in mid-sentence.
"""
import re
from typing import Callable, Iterator, List, Optional, Tuple

from yargy import Parser, and_, or_, rule
from yargy.predicates import dictionary, eq, gram, is_capitalized, is_lower, type as token_type
from yargy.relations import gnc_relation

from ..types import INITIATIVE, LOC, OPEN_QUOTES, PER
from ..wordlists import word_list
from .kinds import named_event
from .spans import Span, SpanIndex
from .text import is_acronym, sentence_start

#: first words (lemmas) that make a name an initiative: in quotes, or capitalized with genitive words
INITIATIVE_HEADS = word_list('initiative-heads')
#: head words (lemmas) of routes and networks named by capitalized adjectives: "Северный широтный ход"
ROUTE_HEADS = word_list('route-heads')
#: head words (lemmas) of initiatives named after a person: "маршрут Трампа", "план Маршалла"
PERSON_HEADS = word_list('person-named-heads')
#: named events, as head words or as words with their adjective ("крестный ход")
EVENTS = word_list('events')
#: descriptors of a quoted name that may be a broadcast, and the words that say it is one
SHOW_DESCRIPTORS = word_list('show-descriptors')
BROADCAST_WORDS = word_list('broadcast-words')
#: an opening quote, then a capitalized Russian word
QUOTED = re.compile(r'[«"„“]([А-ЯЁ][а-яё]+)')
CLOSE = {'«': '»', '"': '"“”', '„': '“”"', '“': '”"'}
LONGEST = 120
#: the acronym of a name in brackets right after it: "(ПРУП)"
ACRONYM_AFTER = re.compile(r'[ \t]*\([ \t]*([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё0-9&.\-]{1,14})[ \t]*\)')
#: what may stand between a sentence's end and its first word
SENTENCE_LEAD = ' \t«"„“(—–-'
WORD = re.compile(r'[А-Яа-яЁё]+')
#: a word right before a name, nothing but spaces between
HEAD_BEFORE = re.compile(r'(?<![А-Яа-яЁё-])([А-Яа-яЁё]+)[ \t]+$')
#: cheap tests before the grammars: a capitalized word followed by another word
CAPITALIZED = re.compile(r'(?<![\w-])[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?=[ \t]+[а-яёА-ЯЁ])')
#: how far a route's or a plan's words may reach
REACH = 120
#: where a route's or a plan's words stop
WINDOW_END = re.compile(r'[.!?\n;:,()«»"“”„]')


def stems(words):
    """A pattern of the words whose dictionary form may be one of ``words``: each word's stem
    (its lemma less a final vowel, soft sign or й), then any ending."""
    cut = sorted({word[:-1] if word[-1] in 'аеёиоуыэюяйь' and len(word) > 3 else word for word in words},
                 key=len, reverse=True)
    return re.compile(r'(?<![А-Яа-яЁё])(?:%s)[а-яё]*' % '|'.join(map(re.escape, cut)), re.IGNORECASE)


#: the head words of routes and plans as they may be written
ROUTE_STEMS = stems(ROUTE_HEADS)
INITIATIVE_STEMS = stems(INITIATIVE_HEADS)


def quoted_initiatives(text: str, lemma: Callable[[str], str]) -> Iterator[Tuple[int, int]]:
    """(start, stop) of the initiatives in quotes of ``text``, quotes not included.

    ``lemma`` gives a word's dictionary form in lower case.
    """
    for match in QUOTED.finditer(text):
        if lemma(match.group(1)) not in INITIATIVE_HEADS:
            continue
        start = match.start(1)
        closing = CLOSE[text[match.start()]]
        stop = start
        limit = min(len(text), start + LONGEST)
        while stop < limit and text[stop] not in closing and text[stop] != '\n':
            stop += 1
        if stop == limit or text[stop] not in closing or named_event(text, start):
            continue
        stop = len(text[start:stop].rstrip())
        yield start, start + stop


def _grammars(tokenizer):
    adjective = or_(gram('ADJF'), gram('PRTF'))
    gnc = gnc_relation()
    route = rule(
        rule(is_capitalized(), eq('-')).optional(),  # "Байкало-Амурская"
        and_(adjective, is_capitalized()).match(gnc),
        adjective.match(gnc).repeatable(max=3).optional(),
        and_(dictionary(ROUTE_HEADS), gram('NOUN'), is_lower()).match(gnc),
    )
    genitive = or_(and_(adjective, gram('gent')), and_(gram('NOUN'), gram('gent')))
    plan = rule(
        and_(dictionary(INITIATIVE_HEADS), is_capitalized()),
        genitive.repeatable(max=8),
        rule(eq('до'), token_type('INT'), dictionary({'год'})).optional(),
    )
    return Parser(route, tokenizer=tokenizer), Parser(plan, tokenizer=tokenizer)


class Initiatives:
    """The grammars of initiatives named by their capitals and words, over a yargy MorphTokenizer."""

    def __init__(self, tokenizer, lemmas):
        self.tokenizer = tokenizer
        self.lemmas = lemmas
        self.route, self.plan = _grammars(tokenizer)

    def find(self, text: str, spans: List[Span]) -> List[Span]:
        """The spans with the routes, plans and initiatives named after a person of ``text``
        added; a place or a person in a plan's name, and the person an initiative is named
        after, stay spans nested in it."""
        index = SpanIndex(spans)
        for start, stop in self.routes(text):
            inner = index.overlapping(start, stop)
            if any(s.start < start or s.stop > stop or s.sure for s in inner):
                continue
            index.replace(inner, Span(start, stop, INITIATIVE, sure=True))
        for start, stop in self.plans(text):
            inner = index.overlapping(start, stop)
            if any(s.start <= start or s.stop > stop or s.type not in (LOC, PER, INITIATIVE) for s in inner) \
                    or any(s.type == PER and len(text[s.start:s.stop].split()) > 1 for s in inner):
                continue  # "Программа развития ООН" is the UN's body; "Инициатива Юрия Лужкова" his
            # a route in a plan's name is part of it: "Концепция развития Северного морского пути"
            index.replace([s for s in inner if s.type == INITIATIVE], Span(start, stop, INITIATIVE, sure=True))
        for person in [s for s in index if s.type == PER]:
            found = self.named_after(text, person.start, person.stop)
            if found is None:
                continue
            head, start = found
            if any(s is not person for s in index.overlapping(head, person.stop)):
                continue
            if start != person.start:  # "Маршрут Трампа" taken whole for a person
                index.remove(person)
                person.start = start
                index.add(person)
            index.add(Span(head, person.stop, INITIATIVE, sure=True))
        return sorted(index, key=lambda s: (s.start, s.stop))

    def _heads(self, text, words, stems, *, first=False):
        # (start of a capitalized word, stop of its window) where the word, or with ``first``
        # false one of the few after it, is one of ``words`` (found by their ``stems``)
        if first:
            for head in stems.finditer(text):
                if head.group()[:1].isupper() and CAPITALIZED.match(text, head.start()) \
                        and self.lemmas(head.group()) in words:
                    yield head.start(), _window_stop(text, head.start())
            return
        # the head words first (a text seldom has one), then the capitalized words before each
        heads = [m.start() for m in stems.finditer(text) if self.lemmas(m.group()) in words]
        starts: set = set()
        for head in heads:
            for match in CAPITALIZED.finditer(text, max(0, head - REACH), head + 1):
                starts.add(match.start())
        for start in sorted(starts):
            stop = _window_stop(text, start)
            if any(self.lemmas(w) in words for w in WORD.findall(text, start, stop)[:6]):
                yield start, stop

    def routes(self, text: str) -> List[Tuple[int, int]]:
        """(start, stop) of routes named by capitalized adjectives before their head word."""
        found = []
        last = -1
        for start, stop in self._heads(text, ROUTE_HEADS, ROUTE_STEMS):
            if start < last:
                continue
            for match in self.route.findall(text[start:stop]):
                tokens = match.tokens
                if tokens[0].span.start != 0:
                    break
                if ' '.join(self.lemmas(t.value) for t in tokens[-2:]) in EVENTS:
                    break  # "Великорецкий крестный ход": a procession, an event
                found.append((start, start + tokens[-1].span.stop))
                last = start + tokens[-1].span.stop
                break
        return self._confirmed(text, found)

    def plans(self, text: str) -> List[Tuple[int, int]]:
        """(start, stop) of capitalized plans, programs and strategies with their genitive words."""
        found = []
        last = -1
        for start, stop in self._heads(text, INITIATIVE_HEADS, INITIATIVE_STEMS, first=True):
            if start < last:
                continue
            for match in self.plan.findall(text[start:stop]):
                tokens = match.tokens
                if tokens[0].span.start != 0:
                    break
                end = _last_noun(tokens)
                if end is not None and not any(is_acronym(t.value) for t in tokens[1:end + 1]):
                    found.append((start, start + tokens[end].span.stop))
                    last = found[-1][1]
                break
        return self._confirmed(text, found)

    def _confirmed(self, text, found):
        # a name at a sentence's start needs its acronym after it or a mid-sentence twin
        inside = {self.lemmas.key(text[a:b]) for a, b in found if not sentence_start(text, a, SENTENCE_LEAD)}
        kept = []
        for start, stop in found:
            if start and text[start - 1] in OPEN_QUOTES:
                continue  # a quoted name is the quote rules'
            if sentence_start(text, start, SENTENCE_LEAD) and self.lemmas.key(text[start:stop]) not in inside:
                match = ACRONYM_AFTER.match(text, stop)
                if match is None or not is_acronym(match.group(1)):
                    continue
            kept.append((start, stop))
        return kept

    def named_after(self, text: str, start: int, stop: int) -> Optional[Tuple[int, int]]:
        """(start of the initiative, start of the person) when the person found at
        ``start:stop`` names an initiative, else None.

        The person is one word in the genitive right after a head word: "маршрут
        Иванова", or "Маршрут Трампа" taken whole for a person.
        """
        words = list(WORD.finditer(text, start, stop))
        if len(words) == 2 and self.lemmas(words[0].group()) in PERSON_HEADS \
                and WORD.fullmatch(text, words[1].start(), stop) and text[words[0].end():words[1].start()].isspace():
            start = words[1].start()  # the head taken into the person's name
            head = words[0].start()
        else:
            before = HEAD_BEFORE.search(text, max(0, start - 40), start)
            if len(words) != 1 or before is None or self.lemmas(before.group(1)) not in PERSON_HEADS:
                return None
            head = before.start()
        if not any('gent' in f.grams for f in self.tokenizer.morph(text[start:stop])):
            return None
        return head, start

    def broadcast(self, text: str, descriptor: int, stop: int) -> bool:
        """Whether the quoted name of the descriptor at ``descriptor`` (ending at ``stop``) is a
        show: "программа «Время»" with a broadcast word near ("в эфире", "на телеканале")."""
        first = WORD.match(text, descriptor)
        if first is None or self.lemmas(first.group()) not in SHOW_DESCRIPTORS:
            return False
        before = WORD.findall(text[max(0, descriptor - 40):descriptor])[-3:]
        after = WORD.findall(text[stop:stop + 50])[:4]
        return any(self.lemmas(w) in BROADCAST_WORDS for w in before + after)


def _window_stop(text, start):
    end = WINDOW_END.search(text, start, start + REACH)
    return end.start() if end is not None else min(len(text), start + REACH)


def _last_noun(tokens):
    # the index of the last word a plan's name may end on: a noun, or the year of "до 2035 года"
    for index in range(len(tokens) - 1, 0, -1):
        if any('NOUN' in f.grams for f in tokens[index].forms):
            return index
    return None


