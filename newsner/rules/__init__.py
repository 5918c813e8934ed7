"""Rules over the model's spans: organization kinds, names the model misses or cuts, acronyms, initiatives.

``Rules(vocab, gazetteers).adjust(text, spans)`` takes the NER model's
``(start, stop, type)`` spans of one text and gives them back mended and typed
PER, LOC, GOV, COMPANY, MEDIA, ORG or INITIATIVE; ``links(text, mentions)``
names the mentions that are one thing in other words (an acronym and its long
form, two aliases of one gazetteer entry). Everything here is built once per
process (:func:`load`) and costs little per text: regular expressions find the
places worth a closer look, and only those go through yargy. Every step is
linear in the length of the text and the number of spans: a name is checked
only against the spans near it (:class:`SpanIndex`).

Quotes are never part of a name: "компания «Газпром нефть»" gives
"Газпром нефть", "ООО «Алтек»" gives "Алтек". A Latin name keeps the legal
form written after it ("Ardea Energy Technologies Inc.", "Ericsson AB"). A
body named with its country, region or city is one name ("МИД России",
"министерство энергетики Азербайджана"), the place a LOC span nested inside it
(:mod:`.places`); brackets and lone quotes are cut out of names
(:mod:`.marks`); types the model gets wrong are mended, and named events and
site chrome dropped (:mod:`.retype`), and so are fragments and common words
(a legal form alone, "СМИ", a defined term, a facility: :mod:`.fragments`).
docs/conventions.md says what counts as a mention.
"""
import re
from typing import List, NamedTuple, Optional

from . import gazetteer as gazetteers_module
from .gazetteer import Entry, Gazetteer, GazetteerSource, accepts, sources as gazetteer_sources
from ..types import COARSE, COMPANY, DOUBLE_QUOTES, GOV, INITIATIVE, LOC, MEDIA, OPEN_QUOTES, ORG, ORG_KINDS, PER
from .grammars import QUOTED_DESCRIPTORS, Grammars
from .classifier import CachedVectors, KindClassifier, features
from .fragments import Fragments
from .initiatives import Initiatives, quoted_initiatives
from .kinds import DOMAIN, LATIN_SUFFIXES, LEGAL_FORMS, context_kind, name_kind, named_event
from .lemma import WORDS, Lemmas
from .marks import cut as cut_marks, is_spelling
from .bounds import Bounds
from .places import Places, lone_type_word
from .retype import Retype
from .spans import Span, SpanIndex
from .text import LATIN, has_cyrillic, is_acronym, standing_alone

KINDS = ORG_KINDS + (INITIATIVE,)

__all__ = ['Rules', 'load', 'Entry', 'GazetteerSource', 'gazetteer_sources', 'KINDS']

ACRONYM_AFTER = re.compile(r'[»"”]?[ \t]*\([ \t]*([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё0-9&.\-]{1,14})[ \t]*\)')
OPEN_BRACKET = re.compile(r'[ \t]*\([ \t]*')
CLOSE_BRACKET = re.compile(r'[ \t]*\)')
LIST_GAP = re.compile(r'^[\s«»"“”„]*(,|и|, а также|а также|, и)?[\s«»"“”„]*$')
SEPARATOR = re.compile(r'^( ?[-—–&] ?| |\.|-)$')

#: a learned kind at least this probable is sure: names listed with it take it
SURE_KIND = 0.6

_loaded: dict[tuple, 'Rules'] = {}


def load(vocab, gazetteers=(), vectors=None):
    """The rules of this process for these user gazetteers (file paths and
    :class:`~newsner.rules.gazetteer.Entry` records), built on first use.

    ``vectors`` (a word's navec vector, or None) brings in the learned kind
    classifier for the names no rule types.
    """
    key = (tuple(gazetteers), vectors is not None)
    if key not in _loaded:
        _loaded[key] = Rules(vocab, key[0], vectors=vectors,
                             classifier=KindClassifier.load() if vectors is not None else None)
    return _loaded[key]




class Name(NamedTuple):
    """A name the rules leave untyped, with the words around it."""
    surface: str
    words: List[str]
    lemmas: List[str]
    before: List[str]  # lemmas of up to three words before, in its sentence, nearest last
    after: List[str]  # the two words after, as written
    quoted: bool
    descriptor: Optional[str]  # the kind the words around it tell, if any


class Rules:
    """The rules of one process: the gazetteers (the user's first) and the compiled grammars."""

    def __init__(self, vocab, gazetteers=(), *, vectors=None, classifier=None):
        self.vocab = vocab
        self.vectors = CachedVectors(vectors) if vectors is not None else None
        self.classifier = classifier if vectors is not None else None
        self.lemmas = Lemmas(vocab)
        # each file is a group, and so is each entry given in memory: an earlier group wins
        groups = [[item] if isinstance(item, Entry) else gazetteers_module.read(item) for item in gazetteers]
        self.user = {entry for group in groups for entry in group}
        #: the user's entries, the earlier given first
        self.user_entries = [entry for group in groups for entry in group]
        groups.append(gazetteers_module.builtin())
        self.gazetteer = Gazetteer(groups, self.lemmas.key)
        self.grammars = Grammars(vocab)
        self.initiatives = Initiatives(self.grammars.tokenizer, self.lemmas)
        self.places = Places(vocab, self.lemmas)
        self.retype = Retype(vocab, self.lemmas)
        self.bounds = Bounds(vocab, self.lemmas)
        self.fragments = Fragments(vocab, self.lemmas)

    # -- spans ------------------------------------------------------------

    def adjust(self, text, spans, *, coarse=False):
        """The final ``(start, stop, type)`` spans of a text from the model's spans, sorted."""
        spans = [Span(start, stop, type) for start, stop, type in sorted(spans)]
        spans = [s for s in (self._trim(text, s) for s in cut_marks(text, self.bounds.lines(text, spans))) if s is not None]
        self._suffixes(text, spans)
        spans = self._quoted(text, spans)
        spans = self._bodies(text, spans)
        spans = self._initiatives(text, spans)
        spans = self.initiatives.find(text, spans)
        spans = self._scan(text, spans)
        spans = self.retype.mend(text, spans, ORG_KINDS)
        spans = self.fragments.drop(text, spans, KINDS)
        for span in spans:
            if span.type == ORG and not span.sure:
                self._kind(text, span)
        spans = self.places.join(text, [s for s in spans if not lone_type_word(text, s, self.lemmas)], ORG_KINDS)
        self._lists(text, spans)
        spans = self._acronyms(text, spans)
        # a forum or summit named after an initiative is an event, not the initiative
        spans = [s for s in spans if s.type != INITIATIVE or not named_event(text, s.start)]
        result = []
        for span in sorted(spans, key=lambda s: (s.start, s.stop)):
            type = span.type
            if coarse:
                if type == INITIATIVE:
                    continue
                type = COARSE.get(type, type)
            result.append((span.start, span.stop, type))
        return result

    def _trim(self, text, span):
        # quotes and a leading legal form ("ООО «Алтек»") are not part of a name
        start, stop = span.start, span.stop
        words = text[start:stop].split()
        if span.type == ORG and len(words) > 1 and words[0].lower() in LEGAL_FORMS and has_cyrillic(words[0]):
            start += text[start:stop].index(words[1])
            span.type, span.sure = COMPANY, True
        while start < stop and (text[start] in DOUBLE_QUOTES or text[start].isspace()):
            start += 1
        while stop > start and (text[stop - 1] in DOUBLE_QUOTES or text[stop - 1].isspace()):
            stop -= 1
        if span.type == LOC:
            start, stop = self.bounds.place(text, start, stop)  # "Город Павия", "РФ по развитию ..."
        stop = self.bounds.full_stop(text, start, stop)  # "в Колумбийском университете."
        if span.type == ORG:
            start = self.bounds.start(text, start, stop)  # "Член общественного совета"
            stop = self.bounds.stop(text, start, stop)  # "Государственной думе заседание"
        if stop <= start or not any(c.isalnum() for c in text[start:stop]):
            return None
        span.start, span.stop = start, stop
        return span

    def _suffixes(self, text, spans):
        # "Ardea Energy Technologies" + " Inc." -> one company with its legal form
        for index, span in enumerate(spans):
            if span.type == LOC or not LATIN.search(text[span.start:span.stop]):
                continue
            match = LATIN_SUFFIXES.match(text, span.stop)
            if match is None:
                if text[span.stop - 3:span.stop] in ('Inc', 'Ltd', 'Co') and text[span.stop:span.stop + 1] == '.':
                    span.stop += 1
                continue
            stop = match.end()
            following = spans[index + 1] if index + 1 < len(spans) else None
            if following is not None and following.start < stop:
                if following.stop > stop:
                    continue
                following.start = following.stop = -1
            span.stop, span.type, span.sure = stop, COMPANY, True
        spans[:] = [s for s in spans if s.start >= 0]

    def _quoted(self, text, spans):
        # a name in quotes after a descriptor: the quoted words, typed by the descriptor
        if '«' not in text and '"' not in text and '„' not in text and '“' not in text:
            return spans
        index = SpanIndex(spans)
        for start, stop, kind, descriptor in self.grammars.quoted_names(text):
            if kind == INITIATIVE and self.initiatives.broadcast(text, descriptor, stop + 1):
                kind = MEDIA  # "в эфире программы «Время»": a show, not a plan
            inner = index.overlapping(start, stop)
            if any(s.start < start - 1 or s.stop > stop + 1 for s in inner):
                continue
            if kind != INITIATIVE and any(s.type == PER and s.start == start and s.stop == stop for s in inner):
                continue
            index.replace(inner, Span(start, stop, kind, sure=kind != ORG))
        return sorted(index, key=lambda s: (s.start, s.stop))

    def _initiatives(self, text, spans):
        # «Маршрут …», «Стратегия …» in quotes: an initiative, whatever the model found inside
        if '«' not in text and '"' not in text and '„' not in text and '“' not in text:
            return spans
        index = SpanIndex(spans)
        for start, stop in quoted_initiatives(text, self.lemmas):
            inner = index.overlapping(start, stop)
            if any(s.start < start or s.stop > stop for s in inner):
                continue
            index.replace(inner, Span(start, stop, INITIATIVE, sure=True))
        return sorted(index, key=lambda s: (s.start, s.stop))

    def _bodies(self, text, spans):
        # state bodies in lower case, with their country when one follows
        index = SpanIndex(spans)
        for start, stop in self.grammars.bodies(text):
            if any(not (s.type in (LOC, ORG) and start <= s.start and s.stop <= stop)
                   for s in index.overlapping(start, stop)):
                continue
            inner = [s for s in index.overlapping(start, stop) if start <= s.start and s.stop <= stop]
            index.replace(inner, Span(start, stop, GOV, sure=True))
        return sorted(index, key=lambda s: (s.start, s.stop))

    def _scan(self, text, spans):
        # names of the gazetteers that the model missed or cut
        gazetteer = self.gazetteer
        tokens = [(m.start(), m.end(), m.group()) for m in WORDS.finditer(text)]
        bounds = {(s.start, s.stop) for s in spans}
        index = 0
        added = []
        while index < len(tokens):
            if tokens[index][2][:3].lower().replace('ё', 'е') not in gazetteer.prefixes:
                index += 1
                continue
            lemma = self.lemmas(tokens[index][2])
            if lemma not in gazetteer.firsts:
                index += 1
                continue
            found = None
            key = [lemma]
            end = index + 1
            for end in range(index + 1, min(len(tokens), index + gazetteer.longest) + 1):
                if end > index + 1:
                    if not SEPARATOR.match(text[tokens[end - 2][1]:tokens[end - 1][0]]):
                        break
                    key.append(self.lemmas(tokens[end - 1][2]))
                entry = gazetteer.get(tuple(key))
                if entry is not None:
                    found = (end, entry)
            if found is None:
                index += 1
                continue
            end, entry = found
            start, stop = tokens[index][0], tokens[end - 1][1]
            if text[stop:stop + 1] == '.' and entry.name.endswith('.'):
                stop += 1
            if (start, stop) in bounds or accepts(self.vocab, text, start, stop, entry):
                added.append((start, stop, entry))
            index = end
        found_spans = SpanIndex(spans)
        for start, stop, entry in added:
            inner = found_spans.overlapping(start, stop)
            kind = entry.type
            if any(s.start < start or s.stop > stop for s in inner):
                continue
            if entry in self.user:
                found_spans.replace(inner, Span(start, stop, kind, sure=True))
                continue
            if kind in (PER, LOC):
                continue
            if kind == GOV and any(s.type == LOC for s in inner):
                continue
            if any(s.type == PER for s in inner) and not LATIN.search(text[start:stop]):
                continue
            if any(s.type == LOC and s.start == start and s.stop == stop for s in inner):
                continue
            found_spans.replace(inner, Span(start, stop, kind, sure=True))
        return sorted(found_spans, key=lambda s: (s.start, s.stop))

    def _words_before(self, text, start, count=3):
        before = text[max(0, start - 80):start]
        cut = max(before.rfind('.'), before.rfind('\n'), before.rfind('!'), before.rfind('?'))
        before = before[cut + 1:]
        return [self.lemmas(w) for w in WORDS.findall(before)[-count:]]

    def _kind(self, text, span):
        surface = text[span.start:span.stop]
        entry = self.gazetteer.get(self.lemmas.key(surface))
        if entry is not None and entry.type in KINDS:
            span.type, span.sure = entry.type, True
            return
        words = WORDS.findall(surface)
        lemmas = [self.lemmas(w) for w in words]
        if span.start and text[span.start - 1] in OPEN_QUOTES and lemmas[:1] \
                and lemmas[0] in QUOTED_DESCRIPTORS[INITIATIVE]:
            span.type, span.sure = INITIATIVE, True  # «Маршрут Трампа ...», «Программа 2030»
            return
        kind = name_kind(words, lemmas)
        if kind is None and DOMAIN.search(surface):
            kind = MEDIA  # "NEWSru.com", "RIA.RU": its words alone lose the dot
        if kind is not None:
            span.type, span.sure = kind, True
            return
        name = self.describe(text, span.start, span.stop)
        if self.classifier is None:
            if name.descriptor is not None:
                span.type, span.sure = name.descriptor, True
            return
        kind, probability = self.classifier(self.features(name))
        span.type, span.sure = kind, probability >= SURE_KIND

    def describe(self, text, start, stop):
        """The words of a name and around it, as the kind classifier sees them (a :class:`Name`)."""
        surface = text[start:stop]
        words = WORDS.findall(surface)
        lemmas = [self.lemmas(w) for w in words]
        before = self._words_before(text, start)
        if before[-1:] == ['как'] and len(before) > 1:
            before = before[:-1]
        after = text[stop:stop + 30].split()[:2]
        quoted = bool(start) and text[start - 1] in OPEN_QUOTES
        return Name(surface, words, lemmas, before, after, quoted, context_kind(before, after))

    def features(self, name):
        """The kind classifier's feature row of a :class:`Name`."""
        after = [w.strip('.,;:!?»"”)').lower() for w in name.after]
        vectors = self.vectors if self.vectors is not None else _no_vector
        return features(vectors, name.surface, name.words, name.lemmas, name.before,
                        [w for w in after if w], quoted=name.quoted, descriptor=name.descriptor)

    def _lists(self, text, spans):
        # names listed together share the kind of a neighbour that has one
        orgs = [s for s in spans if s.type in ORG_KINDS]
        for _ in range(3):
            changed = False
            for a, b in zip(orgs, orgs[1:]):
                if a.sure == b.sure or not LIST_GAP.match(text[a.stop:b.start]):
                    continue
                sure, unsure = (a, b) if a.sure else (b, a)
                unsure.type, unsure.sure = sure.type, True
                changed = True
            if not changed:
                break

    def _acronyms(self, text, spans):
        # "Long Name (ACR)" and "ACR (Long Name)": one kind; the acronym found wherever it recurs
        starts = {s.start: s for s in spans}
        index = SpanIndex(spans)
        acronyms = {}
        for span in list(spans):
            if span.type not in KINDS:
                continue
            match = ACRONYM_AFTER.match(text, span.stop)
            if match is None or not is_acronym(match.group(1)):
                continue
            start, stop = match.span(1)
            other = starts.get(start)
            if other is not None and other.stop == stop:
                if other.type in KINDS:
                    long, short = (span, other) if len(WORDS.findall(text[span.start:span.stop])) > 1 else (other, span)
                    short.type = long.type
                    acronyms[match.group(1)] = long.type
                continue
            if index.overlapping(start, stop):
                continue
            new = Span(start, stop, span.type, sure=True)
            spans.append(new)
            index.add(new)
            starts[start] = new
            acronyms[match.group(1)] = span.type
        places = standing_alone(text, list(acronyms))
        for acronym, type in acronyms.items():
            for start in places[acronym]:
                stop = start + len(acronym)
                inner = index.overlapping(start, stop)
                if not inner:
                    new = Span(start, stop, type, sure=True)
                    spans.append(new)
                    index.add(new)
                for s in inner:
                    if s.start == start and s.stop == stop and s.type in KINDS:
                        s.type = type
        return spans

    # -- entities ---------------------------------------------------------

    def links(self, text, mentions):
        """Pairs of indexes of ``mentions`` that name one thing: acronym and long form, aliases."""
        pairs = []
        by_start = {m.start: i for i, m in enumerate(mentions)}
        entries: dict[Entry, list[int]] = {}
        for index, mention in enumerate(mentions):
            if mention.type in (PER, LOC):
                match = OPEN_BRACKET.match(text, mention.stop)
                other = by_start.get(match.end()) if match is not None else None
                if other is not None and mentions[other].type == mention.type \
                        and CLOSE_BRACKET.match(text, mentions[other].stop) and is_spelling(mentions[other].text, mention.text):
                    pairs.append((index, other))  # "Скотт Хоровитц (Scott Horowitz)": one person
                continue
            match = ACRONYM_AFTER.match(text, mention.stop)
            if match is not None and match.start(1) in by_start:
                other = by_start[match.start(1)]
                if mentions[other].stop == match.end(1) and mentions[other].type not in (PER, LOC):
                    pairs.append((index, other))
            match = OPEN_BRACKET.match(text, mention.stop)
            if match is not None and match.end() in by_start and is_acronym(mention.text):
                other = by_start[match.end()]  # "ACR (Long Name)"
                if CLOSE_BRACKET.match(text, mentions[other].stop) and mentions[other].type not in (PER, LOC):
                    pairs.append((index, other))
            entry = self.gazetteer.unique(self.lemmas.key(mention.text))
            if entry is not None:
                entries.setdefault(entry, []).append(index)
        for indexes in entries.values():
            pairs.extend((indexes[0], i) for i in indexes[1:])
        return pairs


def _no_vector(word: str) -> None:
    # the vector of every word when the Rules have no word vectors
    return None
