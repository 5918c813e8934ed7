"""Linking: the entities of one document to the things of the knowledge base.

For each entity, the keys of its names (its canonical name, its aliases and the
normal forms of its mentions, lemmatized) are looked up in the knowledge base
(:mod:`newsner.kb`). The things of the entity's type family (a person, a place,
an organization) that the names meant are the candidates, with the counts of
those meanings, the prior; the times the names meant a thing Wikidata lacks
count against them all. A candidate is chosen when it takes at least
``MIN_SHARE`` of the evidence and at least ``MIN_COUNT`` counts; otherwise the
entity stays unlinked (``kb_id`` None): precision first.

Names that may mean several things are decided by the document: first the
entities with one candidate are linked, and their things are the document's
context; then each candidate of an ambiguous name gains by the things of the
context its own documents named more often than documents at large did (a
damped naive Bayes over the co-occurrence shares the base keeps), and the
share is taken again. "ЦБ" beside "Россия" and "Москва" is the Bank of Russia.

A linked entity takes the thing's name (its own names stay as aliases), its id
and, when the base is sure of it, its type, which its mentions take too; the
entities of one document linked to one thing become one entity. A user's
gazetteer entry beats the base: an entry with an id links the names it lists
to that id, with its name and type; an entry without one claims its names, and
they stay unlinked.

Cost: a few dictionary lookups per entity, linear in the entities and mentions
of the document.
"""
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Optional

from .kb import KnowledgeBase, Thing, family
from .rules.gazetteer import Entry
from .records import Entity, Mention, commonest_type
from .types import COARSE, LOC, ORG, PER, EntityType
from .wordlists import word_list

__all__ = ['Linker', 'MIN_SHARE', 'MIN_COUNT', 'CONTEXT_WEIGHT']

#: a candidate is chosen when it takes at least this share of the evidence...
MIN_SHARE = 0.6
#: ...and its names meant it at least this many times in the sources
MIN_COUNT = 1
#: how much the document's other things weigh against the prior (0: not at all)
CONTEXT_WEIGHT = 0.5
#: a person named by one word alone links only to a thing its name meant this many
#: times, in this many documents of the sources
LONE_COUNT = 3
LONE_DOCUMENTS = 3
#: the smoothing of the co-occurrence shares
SMOOTHING = 0.1


#: the names (keys) of buildings that stand for the administration inside them: "Кремль"
SEATS = word_list('seats')


class Linker:
    """Links the entities of a document; built once per process.

    ``key`` gives the lookup key of a name (a tuple of lemmas); ``user`` are the
    user's gazetteer entries, the earlier first.
    """

    def __init__(self, kb: KnowledgeBase, key: Callable[[str], Sequence[str]], user: Iterable[Entry] = (), *,
                 min_share: float = MIN_SHARE, min_count: int = MIN_COUNT,
                 context_weight: float = CONTEXT_WEIGHT) -> None:
        self.kb = kb
        self.lemma_key = key
        self.min_share = min_share
        self.min_count = min_count
        self.context_weight = context_weight
        self.total = max(int(kb.header.get('documents', 0)), 1)
        # the user's names: the thing an entry with an id names (its type sure),
        # or None, an entry without one claiming its names
        self.user: dict[str, Optional[Thing]] = {}
        for entry in user:
            known = Thing(entry.id, entry.type, entry.name, sure=True) if entry.id else None
            for form in entry.forms:
                self.user.setdefault(self.key(form), known)
        self.user.pop('', None)

    def key(self, name: str) -> str:
        return ' '.join(self.lemma_key(name))

    def link(self, entities: Sequence[Entity], mentions: Sequence[Mention], *,
             coarse: bool = False) -> tuple[tuple[Entity, ...], list[Mention]]:
        """The entities with their links, those of one thing merged, and the mentions
        (in the order given) with the types their entities now have."""
        choices = self.choose(entities)
        linked: list[Entity] = []
        for entity, choice in zip(entities, choices):
            linked.append(entity if choice is None else _linked(entity, choice, coarse))
        merged = _merge(linked)
        retyped = {(m.start, m.stop): m for e in merged for m in e.mentions}
        return merged, [retyped.get((m.start, m.stop), m) for m in mentions]

    def choose(self, entities: Sequence[Entity]) -> list[Optional[Thing]]:
        """The thing each entity names, or None."""
        evidence = [self._evidence(entity) for entity in entities]
        surnames = _surnames(entities)
        for index, entity in enumerate(entities):
            found = evidence[index]
            if isinstance(found, tuple) and _lone_name(entity):
                # a surname alone: only a thing well attested, and not when the
                # document names another person of that surname
                word = entity.name.lower()
                strong = {id: n for id, n in found[0].items()
                          if n >= LONE_COUNT and self.kb.things[id].documents >= LONE_DOCUMENTS}
                evidence[index] = (strong, found[1]) if strong and surnames.get(word, 0) <= 1 else None
        choices: list[Optional[Thing]] = [None] * len(entities)
        context: set[str] = set()
        ambiguous = []
        for index, found in enumerate(evidence):
            if isinstance(found, Thing):
                choices[index] = found
                context.add(found.id)
            elif found is not None:
                counts, nulls = found
                if len(counts) == 1:
                    choices[index] = self._decide(counts, nulls, set(), 0.0)
                    if choices[index] is not None:
                        context.add(next(iter(counts)))
                else:
                    ambiguous.append(index)
        absent = self._absent(context) if ambiguous and self.context_weight else 0.0
        for index in ambiguous:
            counts, nulls = evidence[index]
            choices[index] = self._decide(counts, nulls, context, absent)
        return choices

    def _evidence(self, entity: Entity):
        # a Thing (a user's entry with an id), None (no candidate, or names a
        # user claimed), or ({thing id: count}, null count) of the entity's family
        # each name once: an entity of a long text has many mentions, of few names
        names = list(dict.fromkeys((entity.name,) + entity.aliases + tuple(m.normal for m in entity.mentions)))
        if entity.type == PER and any(len(name.split()) > 1 for name in names):
            # a person with a full name is looked up by it: a surname or first name
            # alone may belong to someone else ("Панфилов", "Тимур")
            names = [name for name in names if len(name.split()) > 1]
        keys = [key for key in dict.fromkeys(self.key(name) for name in names) if key]
        for key in keys:
            if key in self.user:
                return self.user[key]
        kind = family(entity.type)
        # a seat of power the rules left a place ("осмотрели Кремль") is the place,
        # not the administration inside it
        seat = kind == LOC and any(key in SEATS for key in keys)
        counts: dict[str, int] = {}
        nulls = 0
        for key in keys:
            for id, count in self.kb.candidates(key).items():
                thing = self.kb.get(id)
                if thing is not None and _fits(kind, thing, seat):
                    counts[id] = counts.get(id, 0) + count
            nulls += self.kb.null(key, kind)
        return (counts, nulls) if counts else None

    def _decide(self, counts: dict[str, int], nulls: int, context: set[str], absent: float) -> Optional[Thing]:
        scores = {id: math.log(count) + self._fit(id, context, absent) for id, count in counts.items()}
        if nulls:
            scores[''] = math.log(nulls)
        top = max(scores.values())
        weights = {id: math.exp(score - top) for id, score in scores.items()}
        best = max(sorted(counts), key=lambda id: (weights[id], counts[id]))
        share = weights[best] / sum(weights.values())
        if share < self.min_share or counts[best] < self.min_count:
            return None
        return self.kb.things[best]

    def _fit(self, id: str, context: set[str], absent: float) -> float:
        # how much more often than documents at large the thing's documents
        # named the document's other things (log odds, damped): the sum over the
        # context of log((share with the thing + a) / (share at large + a)),
        # taken as the sum for a thing that named none of them (``_absent``)
        # plus what the thing's own context list adds, so that its cost is that
        # of the list, whatever the size of the document
        if not context or not self.context_weight:
            return 0.0
        thing = self.kb.things[id]
        fit = absent
        if id in context:
            fit -= math.log(SMOOTHING / (self._share(id) + SMOOTHING))
        for other, share in thing.context.items():
            if other in context and other != id:
                fit += math.log((share + SMOOTHING) / SMOOTHING)
        return self.context_weight * fit

    def _share(self, id: str) -> float:
        # the share of the sources' documents that named the thing
        known = self.kb.get(id)
        return min(known.documents / self.total, 1.0) if known is not None else 0.0

    def _absent(self, context: set[str]) -> float:
        # the fit of a thing whose documents named none of the context
        return sum(math.log(SMOOTHING / (self._share(other) + SMOOTHING)) for other in context)


def _fits(kind: str, thing: Thing, seat: bool = False) -> bool:
    # a thing of the entity's family; or an organization the base is sure of,
    # for a name the model took for a place ("Сбер"), unless it is a seat of power
    other = family(thing.type)
    return other == kind or (kind == LOC and other == ORG and thing.sure and not seat)


def _lone_name(entity: Entity) -> bool:
    # a person whose every name is one word ("Иванов")
    return entity.type == PER and all(len(name.split()) == 1 for name in (entity.name,) + entity.aliases)


def _surnames(entities: Sequence[Entity]) -> dict[str, int]:
    # how many people of the document go by each last word of a name
    counts: dict[str, int] = {}
    for entity in entities:
        if entity.type == PER:
            for word in {name.split()[-1].lower() for name in (entity.name,) + entity.aliases if name.split()}:
                counts[word] = counts.get(word, 0) + 1
    return counts


def _linked(entity: Entity, choice: Thing, coarse: bool) -> Entity:
    type = entity.type
    if choice.sure:
        type = EntityType(choice.type)
        type = COARSE.get(type, type) if coarse else type
    aliases = _aliases(choice.name, (entity.name,) + entity.aliases)
    return replace(entity, type=type, name=choice.name, aliases=aliases, mentions=_retyped(entity.mentions, type),
                   kb_id=choice.id)


def _retyped(mentions: Iterable[Mention], type: str) -> tuple[Mention, ...]:
    return tuple(replace(m, type=type) if m.type != type else m for m in mentions)


def _aliases(name: str, names: Iterable[str]) -> tuple[str, ...]:
    seen = {name.lower()}
    result = []
    for other in names:
        if other.lower() not in seen:
            seen.add(other.lower())
            result.append(other)
    return tuple(result)


def _merge(entities: Sequence[Entity]) -> tuple[Entity, ...]:
    # the entities linked to one thing become one, in the place of the first
    first: dict[str, int] = {}
    groups: list[list[Entity]] = []
    for entity in entities:
        if entity.kb_id is not None and entity.kb_id in first:
            groups[first[entity.kb_id]].append(entity)
            continue
        if entity.kb_id is not None:
            first[entity.kb_id] = len(groups)
        groups.append([entity])
    result = []
    for group in groups:
        if len(group) == 1:
            result.append(group[0])
            continue
        head = group[0]
        mentions = tuple(sorted({m for e in group for m in e.mentions}, key=lambda m: (m.start, m.stop)))
        type = head.type
        if any(e.type != type for e in group):  # a type the base is not sure of: the commonest
            type = commonest_type(mentions)
            mentions = _retyped(mentions, type)
        aliases = _aliases(head.name, [a for e in group for a in (e.name,) + e.aliases])
        role = next((e.role for e in group if e.role), '')
        result.append(replace(head, type=type, mentions=mentions, aliases=aliases, role=role))
    result.sort(key=lambda e: (e.mentions[0].start, e.mentions[0].stop) if e.mentions else (0, 0))
    return tuple(result)
