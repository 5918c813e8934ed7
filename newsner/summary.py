"""A corpus at a glance: the entities of many documents, one row per thing.

:func:`summarize` reads documents as they come (a generator of them is fine)
and keeps one small record per distinct key, (type, name, kb_id): memory grows
with the number of distinct entities, never with the number of documents.
Each key counts its documents and mentions, remembers the first and last
document, its roles and other names, and the keys seen with it most often, in
a bounded table (the Space-Saving algorithm: the commonest partners are kept
exactly as long as they are common). Pairs are counted among at most
``DOCUMENT_PARTNERS`` entities of one document, its most mentioned, so that a
document's cost grows with its length, not with the square of its entities. Relations make a second table, "who works
where": each (person, object) pair with its commonest role, the documents that
tie the two and the person's mentions in them.

When records are asked for, the keys merge into rows, one per thing
(:func:`newsner.identity.merge`: by kb_id, by name whatever the letter case, by
the aliases and surnames the corpus leaves no doubt about). A row sums its
keys' counts, roles, aliases, partners and pairs; a document that holds two
keys of one row counts once. No model imports here.
"""
import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional

from .identity import Key, Rows, Seen, spellings
from .records import Document, Entity
from .types import PER

#: partners kept per entity while counting (the table's bound)
PARTNER_SLOTS = 64
#: the entities of one document whose pairs are counted: its most mentioned (a
#: news article has far fewer; a transcript or a day's feed in one text may have
#: thousands, whose every pair would cost the square of their number)
DOCUMENT_PARTNERS = 200
#: partners, roles and aliases reported per entity
TOP = 5


@dataclass(frozen=True)
class Partner:
    """An entity seen with another one, and in how many documents (at most; see :mod:`newsner.summary`)."""
    type: str
    name: str
    documents: int

    def as_dict(self):
        return {'type': self.type, 'name': self.name, 'documents': self.documents}


@dataclass(frozen=True)
class EntitySummary:
    """One thing across a corpus: the entities of its row (see :mod:`newsner.identity`).

    ``kb_id`` is its Wikidata id when documents linked it, else None.
    ``first`` and ``last`` are the ids of the first and last documents it is
    in; ``first_title``, ``first_date``, ``last_title`` and ``last_date`` are
    their titles and dates, for documents that have them (pages, feed items).
    """
    type: str
    name: str
    documents: int
    mentions: int
    first: str
    last: str
    kb_id: Optional[str] = None
    roles: tuple = ()
    aliases: tuple = ()
    partners: tuple = ()
    first_title: Optional[str] = None
    first_date: Optional[str] = None
    last_title: Optional[str] = None
    last_date: Optional[str] = None

    def as_dict(self):
        data = {'type': self.type, 'name': self.name, 'kb_id': self.kb_id, 'documents': self.documents,
                'mentions': self.mentions, 'first': self.first, 'last': self.last, 'roles': list(self.roles),
                'aliases': list(self.aliases), 'partners': [p.as_dict() for p in self.partners]}
        for name in DOCUMENT_FIELDS:  # only when set: a corpus of text files is summed up as before
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data


#: what a summary says of an entity's first and last documents beyond their ids
DOCUMENT_FIELDS = ('first_title', 'first_date', 'last_title', 'last_date')


@dataclass(frozen=True)
class WorkSummary:
    """A person's post at an organization or place across a corpus.

    ``documents`` counts the documents that tie the two; ``mentions`` the
    person's mentions in those documents; ``role`` is the commonest role;
    ``person_kb_id`` and ``object_kb_id`` the two rows' Wikidata ids, if linked.
    """
    person: str
    object: str
    object_type: str
    role: str
    documents: int
    mentions: int
    first: str
    last: str
    person_kb_id: Optional[str] = None
    object_kb_id: Optional[str] = None

    def as_dict(self) -> dict[str, Any]:
        return {'person': self.person, 'person_kb_id': self.person_kb_id, 'role': self.role, 'object': self.object,
                'object_kb_id': self.object_kb_id, 'object_type': self.object_type, 'documents': self.documents,
                'mentions': self.mentions, 'first': self.first, 'last': self.last}


class Summary(list[EntitySummary]):
    """The :class:`EntitySummary` records of a corpus (a list), with ``works``:
    the :class:`WorkSummary` records, the pairs in most documents first."""

    def __init__(self, records: Iterable[EntitySummary] = (), works: Iterable[WorkSummary] = ()) -> None:
        super().__init__(records)
        self.works: list[WorkSummary] = list(works)


class _Tally:
    # what is counted of a key, or of a (person, object) pair
    __slots__ = ('documents', 'mentions', 'first', 'last', 'first_n', 'last_n', 'first_about', 'last_about',
                 'roles', 'aliases', 'partners')

    def __init__(self, doc: Document, number: int) -> None:
        self.documents = self.mentions = 0
        self.first = self.last = doc.id
        self.first_n = self.last_n = number
        self.first_about = self.last_about = (doc.title, doc.date)
        self.roles: dict[str, int] = {}
        self.aliases: dict[str, int] = {}
        self.partners: dict[Key, list[int]] = {}  # key -> [count, overestimate]

    def seen(self, doc: Document, number: int) -> None:
        self.documents += 1
        self.last, self.last_n, self.last_about = doc.id, number, (doc.title, doc.date)


class Summarizer:
    """Counts entities document by document; :meth:`records` gives the summary so far.

    ``tallies`` holds one small record per distinct key, (type, name, kb_id);
    :meth:`records` and :meth:`works` merge the keys into rows
    (:func:`newsner.identity.merge`) when called, so that an alias or a
    surname is judged against the whole corpus.

    >>> summarizer = Summarizer()
    >>> for doc in docs:           # doctest: +SKIP
    ...     summarizer.add(doc)
    >>> summarizer.records()       # doctest: +SKIP
    """

    def __init__(self, *, top: int = TOP, slots: int = PARTNER_SLOTS) -> None:
        self.top = top
        self.slots = max(slots, top)
        self.tallies: dict[Key, _Tally] = {}
        self.documents = 0
        self.pairs: dict[tuple[Key, Key], _Tally] = {}  # (person key, object key) -> its documents
        self.rows: Optional[Rows] = None

    def add(self, doc: Document) -> None:
        """Count one document (one with an error counts for nothing)."""
        if doc.error:
            return
        self.documents += 1
        self.rows = None
        keys: dict[Key, int] = {}  # the document's entities, in order, each once, with their mentions
        for entity in doc.entities:
            key = (entity.type, entity.name, entity.kb_id)
            tally = self.tallies.get(key)
            if tally is None:
                tally = self.tallies[key] = _Tally(doc, self.documents)
            if key not in keys:
                keys[key] = 0
                tally.seen(doc, self.documents)
            keys[key] += entity.count
            tally.mentions += entity.count
            if entity.role:
                _bump(tally.roles, entity.role, self.slots)
            for alias in entity.aliases:
                _bump(tally.aliases, alias, self.slots)
        paired = list(keys) if len(keys) <= DOCUMENT_PARTNERS else \
            heapq.nlargest(DOCUMENT_PARTNERS, keys, key=keys.__getitem__)
        for key in paired:
            partners = self.tallies[key].partners
            for other in paired:
                if other != key:
                    _space_saving(partners, other, self.slots)
        self._add_relations(doc)

    def _add_relations(self, doc: Document) -> None:
        if not doc.relations:
            return
        people: dict[str, Entity] = {}
        objects: dict[str, Entity] = {}
        for entity in doc.entities:
            (people if entity.type == PER else objects).setdefault(entity.name, entity)
        for relation in doc.relations:
            person, object = people.get(relation.person), objects.get(relation.object)
            key = ((PER, relation.person, person.kb_id if person else None),
                   (object.type, object.name, object.kb_id) if object else ('', relation.object, None))
            pair = self.pairs.get(key)
            if pair is None:
                pair = self.pairs[key] = _Tally(doc, self.documents)
            pair.seen(doc, self.documents)
            pair.mentions += person.count if person else 0
            if relation.role:
                _bump(pair.roles, relation.role, self.slots)

    def grouping(self) -> Rows:
        """The rows so far (:class:`newsner.identity.Rows`): each key's row, each row's keys and documents."""
        if self.rows is None:
            self.rows = Rows((Seen(key, tally.mentions, tally.documents, tuple(tally.aliases))
                              for key, tally in self.tallies.items()),
                             lambda key: ((other, count - over)
                                          for other, (count, over) in self.tallies[key].partners.items()))
        return self.rows

    def works(self) -> list[WorkSummary]:
        """:class:`WorkSummary` records: who works where, by rows, the pairs in most documents first."""
        rows = self.grouping()
        merged: dict[tuple[Key, Key], list[_Tally]] = {}
        for (person, object), pair in self.pairs.items():
            merged.setdefault((rows.label.get(person, person), rows.label.get(object, object)), []).append(pair)
        works = []
        for (person, object), pairs in merged.items():
            documents, mentions, first, last, roles = _combine(pairs)
            documents = min([documents] + [rows.documents[row] for row in (person, object) if row in rows.documents])
            works.append(WorkSummary(
                person=person[1], object=object[1], object_type=object[0], role=next(iter(_commonest(roles, 1)), ''),
                documents=documents, mentions=mentions, first=first.first, last=last.last,
                person_kb_id=person[2], object_kb_id=object[2]))
        works.sort(key=lambda w: (-w.documents, -w.mentions, w.person, w.object, w.person_kb_id or '',
                                  w.object_kb_id or ''))
        return works

    def records(self) -> list[EntitySummary]:
        """:class:`EntitySummary` records, one per row, the rows in most documents first."""
        rows = self.grouping()
        records = [self._record(row, keys, rows) for row, keys in rows.members.items()]
        records.sort(key=lambda r: (-r.documents, -r.mentions, r.type, r.name, r.kb_id or ''))
        return records

    def _record(self, row: Key, keys: list[Key], rows: Rows) -> EntitySummary:
        tallies = [self.tallies[key] for key in keys]
        _, mentions, first, last, roles = _combine(tallies)
        names: dict[str, int] = {}
        partners: dict[Key, int] = {}
        for key, tally in zip(keys, tallies):
            _add_counts(names, tally.aliases)
            names[key[1]] = names.get(key[1], 0) + tally.documents  # the other names of the row
            for other, (count, _) in tally.partners.items():
                if rows.label[other] != row:
                    partners[rows.label[other]] = partners.get(rows.label[other], 0) + count
        # two keys of a row seen with one partner in one document: once
        top = sorted(((other, min(count, rows.documents[row], rows.documents[other]))
                      for other, count in partners.items()), key=lambda kv: (-kv[1], _order(kv[0])))[:self.top]
        return EntitySummary(
            type=row[0], name=row[1], kb_id=row[2], documents=rows.documents[row], mentions=mentions,
            first=first.first, last=last.last, first_title=first.first_about[0], first_date=first.first_about[1],
            last_title=last.last_about[0], last_date=last.last_about[1],
            roles=_commonest(roles, self.top), aliases=spellings(names, row[1], self.top),
            partners=tuple(Partner(type, name, count) for (type, name, _), count in top))


def summarize(documents: Iterable[Document], *, top: int = TOP) -> 'Summary':
    """Summarize ``documents`` (an iterable of :class:`newsner.Document`, read once, lazily).

    Returns a :class:`Summary`: a list of :class:`EntitySummary`, one per
    thing, the entities of all documents merged by kb_id, name, alias and
    surname (:mod:`newsner.identity`), in most documents first (``top``
    bounds the partners, roles and aliases listed per entity), whose
    ``works`` attribute lists the :class:`WorkSummary` records: who works where.
    """
    summarizer = Summarizer(top=top)
    for doc in documents:
        summarizer.add(doc)
    return Summary(summarizer.records(), summarizer.works())


def _combine(tallies: list[_Tally]) -> tuple[int, int, _Tally, _Tally, dict[str, int]]:
    # documents (summed), mentions, the tallies with the first and the last document, roles
    roles: dict[str, int] = {}
    for tally in tallies:
        _add_counts(roles, tally.roles)
    return (sum(t.documents for t in tallies), sum(t.mentions for t in tallies),
            min(tallies, key=lambda t: t.first_n), max(tallies, key=lambda t: t.last_n), roles)


def _bump(counts, value, slots):
    if value in counts or len(counts) < slots:
        counts[value] = counts.get(value, 0) + 1


def _add_counts(counts: dict[str, int], more: dict[str, int]) -> None:
    for value, count in more.items():
        counts[value] = counts.get(value, 0) + count


def _commonest(counts, top):
    return tuple(sorted(counts, key=lambda value: (-counts[value], value))[:top])


def _order(key: Key) -> tuple[str, str, str]:
    return key[0], key[1], key[2] or ''


def _space_saving(counts, key, slots):
    # counts: key -> [count, overestimate]; at most ``slots`` keys
    entry = counts.get(key)
    if entry is not None:
        entry[0] += 1
    elif len(counts) < slots:
        counts[key] = [1, 0]
    else:
        smallest = min(counts, key=lambda k: counts[k][0])
        floor = counts.pop(smallest)[0]
        counts[key] = [floor + 1, floor]
