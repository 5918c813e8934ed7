"""A corpus at a glance: the entities of many documents, merged by type and canonical name.

:func:`summarize` reads documents as they come (a generator of them is fine)
and keeps one small record per distinct entity, so memory grows with the
number of distinct entities, never with the number of documents. Each entity
counts the documents it is in and its mentions, remembers the first and last
document, the roles and other names it went by, and the entities it appears
with most often. Co-occurrences are counted with a bounded table per entity
(the Space-Saving algorithm): the commonest partners are kept exactly as long
as they are common, whatever the corpus size. Relations make a second table,
"who works where": each (person, object) pair with its commonest role, the
documents that tie the two and the person's mentions in them.

No model imports here: summaries are built from documents already extracted.
"""
import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any, Optional

from .records import Document
from .types import PER
from .writers import neutralize

#: partners kept per entity while counting (the table's bound)
PARTNER_SLOTS = 64
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
    """One entity across a corpus.

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
    roles: tuple = ()
    aliases: tuple = ()
    partners: tuple = ()
    first_title: Optional[str] = None
    first_date: Optional[str] = None
    last_title: Optional[str] = None
    last_date: Optional[str] = None

    def as_dict(self):
        data = {
            'type': self.type,
            'name': self.name,
            'documents': self.documents,
            'mentions': self.mentions,
            'first': self.first,
            'last': self.last,
            'roles': list(self.roles),
            'aliases': list(self.aliases),
            'partners': [p.as_dict() for p in self.partners],
        }
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
    person's mentions in those documents; ``role`` is the commonest role.
    """
    person: str
    object: str
    object_type: str
    role: str
    documents: int
    mentions: int
    first: str
    last: str

    def as_dict(self) -> dict[str, Any]:
        return {
            'person': self.person,
            'role': self.role,
            'object': self.object,
            'object_type': self.object_type,
            'documents': self.documents,
            'mentions': self.mentions,
            'first': self.first,
            'last': self.last,
        }


class Summary(list[EntitySummary]):
    """The :class:`EntitySummary` records of a corpus (a list), with ``works``:
    the :class:`WorkSummary` records, the pairs in most documents first."""

    def __init__(self, records: Iterable[EntitySummary] = (), works: Iterable[WorkSummary] = ()) -> None:
        super().__init__(records)
        self.works: list[WorkSummary] = list(works)


class _Tally:
    __slots__ = ('documents', 'mentions', 'first', 'last', 'first_about', 'last_about', 'roles', 'aliases',
                 'partners')

    def __init__(self, doc):
        self.documents = self.mentions = 0
        self.first = self.last = doc.id
        self.first_about = self.last_about = (doc.title, doc.date)
        self.roles = {}
        self.aliases = {}
        self.partners = {}  # key -> [count, overestimate]


class Summarizer:
    """Counts entities document by document; :meth:`records` gives the summary so far.

    >>> summarizer = Summarizer()
    >>> for doc in docs:           # doctest: +SKIP
    ...     summarizer.add(doc)
    >>> summarizer.records()       # doctest: +SKIP
    """

    def __init__(self, *, top=TOP, slots=PARTNER_SLOTS):
        self.top = top
        self.slots = max(slots, top)
        self.tallies = {}
        self.documents = 0
        self.pairs = {}  # (person, object) -> [object type, documents, mentions, roles, first, last]

    def add(self, doc):
        """Count one document (one with an error counts for nothing)."""
        if doc.error:
            return
        self.documents += 1
        keys = {}  # the document's entities, in order, each once
        for entity in doc.entities:
            key = (entity.type, entity.name)
            tally = self.tallies.get(key)
            if tally is None:
                tally = self.tallies[key] = _Tally(doc)
            if key not in keys:
                keys[key] = None
                tally.documents += 1
                tally.last = doc.id
                tally.last_about = (doc.title, doc.date)
            tally.mentions += entity.count
            if entity.role:
                _bump(tally.roles, entity.role, self.slots)
            for alias in entity.aliases:
                _bump(tally.aliases, alias, self.slots)
        for key in keys:
            partners = self.tallies[key].partners
            for other in keys:
                if other != key:
                    _space_saving(partners, other, self.slots)
        self._add_relations(doc)

    def _add_relations(self, doc: Document) -> None:
        if not doc.relations:
            return
        people = {e.name: e.count for e in doc.entities if e.type == PER}
        types: dict[str, str] = {}
        for entity in doc.entities:
            if entity.type != PER:
                types.setdefault(entity.name, entity.type)
        for relation in doc.relations:
            key = (relation.person, relation.object)
            pair = self.pairs.get(key)
            if pair is None:
                pair = self.pairs[key] = [types.get(relation.object, ''), 0, 0, {}, doc.id, doc.id]
            pair[1] += 1
            pair[2] += people.get(relation.person, 0)
            pair[5] = doc.id
            if relation.role:
                _bump(pair[3], relation.role, self.slots)

    def works(self) -> list[WorkSummary]:
        """:class:`WorkSummary` records: who works where, the pairs in most documents first."""
        items = sorted(self.pairs.items(), key=lambda kv: (-kv[1][1], -kv[1][2], kv[0]))
        return [WorkSummary(person=person, object=object, object_type=pair[0],
                            role=next(iter(_commonest(pair[3], 1)), ''), documents=pair[1], mentions=pair[2],
                            first=pair[4], last=pair[5])
                for (person, object), pair in items]

    def records(self):
        """:class:`EntitySummary` records, the entities in most documents first."""
        items = sorted(self.tallies.items(), key=lambda kv: (-kv[1].documents, -kv[1].mentions,
                                                             kv[0][0], kv[0][1]))
        return [self._record(key, tally) for key, tally in items]

    def _record(self, key, tally):
        partners = sorted(tally.partners.items(), key=lambda kv: (-kv[1][0], kv[0]))[:self.top]
        return EntitySummary(
            type=key[0], name=key[1], documents=tally.documents, mentions=tally.mentions,
            first=tally.first, last=tally.last, first_title=tally.first_about[0], first_date=tally.first_about[1],
            last_title=tally.last_about[0], last_date=tally.last_about[1],
            roles=_commonest(tally.roles, self.top), aliases=_commonest(tally.aliases, self.top),
            partners=tuple(Partner(type, name, count) for (type, name), (count, _) in partners))


def summarize(documents: Iterable[Document], *, top: int = TOP) -> 'Summary':
    """Summarize ``documents`` (an iterable of :class:`newsner.Document`, read once, lazily).

    Returns a :class:`Summary`: a list of :class:`EntitySummary`, one per
    (type, canonical name), the entities in most documents first (``top``
    bounds the partners, roles and aliases listed per entity), whose
    ``works`` attribute lists the :class:`WorkSummary` records: who works where.
    """
    summarizer = Summarizer(top=top)
    for doc in documents:
        summarizer.add(doc)
    return Summary(summarizer.records(), summarizer.works())


def _bump(counts, value, slots):
    if value in counts or len(counts) < slots:
        counts[value] = counts.get(value, 0) + 1


def _commonest(counts, top):
    return tuple(sorted(counts, key=lambda value: (-counts[value], value))[:top])


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


# Output


def write_json(records, file):
    """A JSON array, one record per line."""
    file.write('[')
    count = 0
    for record in records:
        file.write(',\n' if count else '\n')
        file.write(json.dumps(record.as_dict(), ensure_ascii=False))
        count += 1
    file.write('\n]\n' if count else ']\n')


CSV_FIELDS = ['type', 'name', 'documents', 'mentions', 'first', 'last', 'roles', 'aliases', 'partners']


def write_csv(records, file, *, safe=True):
    """A header and one row per entity; lists are joined with "; ", partners as "name (n)".

    The titles and dates of the first and last documents are columns when some
    document had them."""
    records = list(records)
    writer = csv.writer(file)
    extra = [name for name in DOCUMENT_FIELDS if any(getattr(r, name) for r in records)]
    writer.writerow(CSV_FIELDS + extra)
    for record in records:
        row = [record.type, record.name, record.documents, record.mentions, record.first, record.last,
               '; '.join(record.roles), '; '.join(record.aliases),
               '; '.join('%s (%d)' % (p.name, p.documents) for p in record.partners)]
        row += [getattr(record, name) or '' for name in extra]
        writer.writerow([neutralize(cell) if safe else cell for cell in row])


def write_table(records, file, *, width=None):
    """An aligned table for a person to read: type, name, documents, mentions, role, partners,
    and the date and title of the first document when documents have them."""
    records = list(records)
    dated = any(r.first_title or r.first_date for r in records)
    rows = [('TYPE', 'NAME', 'DOCS', 'MENTIONS', 'ROLE', 'WITH') + (('FIRST',) if dated else ())]
    for record in records:
        rows.append((record.type, record.name, str(record.documents), str(record.mentions),
                     record.roles[0] if record.roles else '',
                     ', '.join(p.name for p in record.partners[:3]))
                    + ((' '.join(_ for _ in (record.first_date, record.first_title) if _),) if dated else ()))
    limits = (10, 40, 6, 8, 40, 60, 60)[:len(rows[0])]
    rows = [[_clip(_visible(cell), limit) for cell, limit in zip(row, limits)] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(limits))]
    for row in rows:
        cells = [cell.rjust(w) if i in (2, 3) else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        file.write('  '.join(cells).rstrip() + '\n')


#: control characters (C0, DEL, C1): written to a terminal, they move the
#: cursor, retitle the window or worse
CONTROLS = re.compile('[\x00-\x1f\x7f-\x9f]')


def _visible(text):
    # control characters escaped as Python writes them: ESC -> \x1b
    return CONTROLS.sub(lambda match: '\\x%02x' % ord(match.group()), text)


def _clip(text, limit):
    return text if len(text) <= limit else text[:limit - 1] + '…'


WORKS_CSV_FIELDS = ['person', 'role', 'object', 'object_type', 'documents', 'mentions', 'first', 'last']


def write_works_csv(works: Iterable[WorkSummary], file: IO[str], *, safe: bool = True) -> None:
    """A header and one row per (person, object) pair."""
    writer = csv.writer(file)
    writer.writerow(WORKS_CSV_FIELDS)
    for work in works:
        row = [work.person, work.role, work.object, work.object_type, work.documents, work.mentions,
               work.first, work.last]
        writer.writerow([neutralize(cell) if safe else cell for cell in row])


def write_works_table(works: Iterable[WorkSummary], file: IO[str], *, width: Optional[int] = None) -> None:
    """An aligned table for a person to read: person, role, object, documents, mentions."""
    rows = [('PERSON', 'ROLE', 'OBJECT', 'DOCS', 'MENTIONS')]
    for work in works:
        rows.append((work.person, work.role, work.object, str(work.documents), str(work.mentions)))
    _write_rows(rows, file, (30, 50, 40, 6, 8), right=(3, 4))


def _write_rows(rows: list, file: IO[str], limits: tuple[int, ...], right: tuple[int, ...]) -> None:
    rows = [[_clip(_visible(cell), limit) for cell, limit in zip(row, limits)] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(limits))]
    for row in rows:
        cells = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        file.write('  '.join(cells).rstrip() + '\n')


FORMATS = {'json': write_json, 'csv': write_csv, 'table': write_table}
#: the forms of the "who works where" table
WORKS_FORMATS = {'json': write_json, 'csv': write_works_csv, 'table': write_works_table}
