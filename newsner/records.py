"""Plain records: what newsner reads and what it gives back.

No model imports here: these records are built by the pipeline, written by the
writers and sent between processes, so they stay small, frozen and picklable.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Optional

from .types import COMPANY, GOV, INITIATIVE, LOC, MEDIA, ORG, PER, TYPES

__all__ = ['Mention', 'Entity', 'Relation', 'Document', 'Text', 'as_text', 'group_mentions', 'commonest_type',
           'PER', 'LOC', 'GOV', 'COMPANY', 'MEDIA', 'ORG', 'INITIATIVE', 'TYPES']


@dataclass(frozen=True)
class Mention:
    """One occurrence of a name in a text.

    ``start``/``stop`` are character offsets (Python string indices, stop
    exclusive) into the decoded text, so ``text[start:stop] == mention.text``.
    ``normal`` is the name in the nominative, dictionary form; ``sentence`` is
    the index of the sentence the mention starts in.
    """
    start: int
    stop: int
    type: str
    text: str
    normal: str
    sentence: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            'start': self.start,
            'stop': self.stop,
            'type': self.type,
            'text': self.text,
            'normal': self.normal,
            'sentence': self.sentence,
        }


@dataclass(frozen=True)
class Entity:
    """The mentions of one thing in one document.

    ``name`` is the canonical name: the fullest normal form among the mentions;
    ``aliases`` are the other normal forms it goes by ("Минэнерго" for
    "Министерство энергетики"); ``role`` says who a person is, when the text
    tells ("министр энергетики Азербайджана"), else it is empty. ``kb_id`` is
    the thing's Wikidata id ("Q159") when the knowledge base knows it and the
    document leaves no doubt (see :mod:`newsner.linking`), else None; a linked
    entity's ``name`` is the knowledge base's name for it.
    """
    type: str
    name: str
    mentions: tuple[Mention, ...] = ()
    aliases: tuple[str, ...] = ()
    role: str = ''
    kb_id: Optional[str] = None

    @property
    def count(self) -> int:
        """How many times the text mentions it."""
        return len(self.mentions)

    def as_dict(self) -> dict[str, Any]:
        return {
            'type': self.type,
            'name': self.name,
            'kb_id': self.kb_id,
            'aliases': list(self.aliases),
            'role': self.role,
            'count': self.count,
            'mentions': [_.as_dict() for _ in self.mentions],
        }


@dataclass(frozen=True)
class Relation:
    """One person's post at an organization or place, as one document tells it.

    ``type`` is "works_for"; ``person`` is the canonical name of a PER entity,
    ``object`` that of a GOV, COMPANY, MEDIA, ORG or LOC entity of the same
    document; ``role`` is the post when the text names it ("министр энергетики
    Азербайджана", "бывший глава ..."), else empty. ``sentence`` is the index of
    the sentence of the evidence, ``start``/``stop`` the character offsets of
    the evidence: the words from the person's mention to the object's.
    """
    person: str
    object: str
    role: str = ''
    sentence: int = 0
    start: int = 0
    stop: int = 0
    type: str = 'works_for'

    def as_dict(self) -> dict[str, Any]:
        return {
            'type': self.type,
            'person': self.person,
            'object': self.object,
            'role': self.role,
            'sentence': self.sentence,
            'start': self.start,
            'stop': self.stop,
        }


@dataclass(frozen=True)
class Document:
    """One input text and what was found in it.

    ``error`` is empty on success; when it is set, the input could not be
    processed and ``entities`` is empty. ``text`` is kept so that offsets can be
    checked and the text shown, but it is not part of the default output.
    ``title``, ``date`` (ISO 8601), ``url`` and ``source_format`` ('html',
    'feed' or 'warc') are set for documents read from the web, when known.
    """
    id: str
    entities: tuple[Entity, ...] = ()
    error: str = ''
    text: str = field(default='', repr=False)
    encoding: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None
    url: Optional[str] = None
    source_format: Optional[str] = None
    relations: tuple[Relation, ...] = ()

    @property
    def mentions(self) -> list[Mention]:
        """All mentions of the document, in text order."""
        mentions = [m for e in self.entities for m in e.mentions]
        mentions.sort(key=lambda m: (m.start, m.stop))
        return mentions

    def as_dict(self, *, text: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {'id': self.id, 'encoding': self.encoding}
        for name in WEB_FIELDS:  # only when set: a text file's output stays as it was
            value = getattr(self, name)
            if value:
                data[name] = value
        if text:
            data['text'] = self.text
        data['entities'] = [_.as_dict() for _ in self.entities]
        data['relations'] = [_.as_dict() for _ in self.relations]
        data['error'] = self.error
        return data


#: what a document read from the web may say about itself, in output order
WEB_FIELDS = ('source_format', 'title', 'date', 'url')


@dataclass(frozen=True)
class Text:
    """One input as read by a source: its id and text, or why it could not be read.

    The fields after ``encoding`` are those of :class:`Document`, passed on to it.
    """
    id: str
    text: str = ''
    error: str = ''
    encoding: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None
    url: Optional[str] = None
    source_format: Optional[str] = None

    def about(self) -> dict[str, Optional[str]]:
        """The fields a Document takes over: encoding, title, date, url and source_format."""
        return {'encoding': self.encoding, 'title': self.title, 'date': self.date, 'url': self.url,
                'source_format': self.source_format}


def as_text(item: Any, position: int, *, text_field: str = 'text', id_field: str = 'id') -> Text:
    """The Text record of one input to the extractor.

    ``item`` is a Text; a string (its id is ``position``); an ``(id, text)``
    pair; or a dict with ``text_field`` and, optionally, ``id_field``. Anything
    else is a Text with an error, not an exception.
    """
    if isinstance(item, Text):
        return item
    if isinstance(item, str):
        return Text(id=str(position), text=item)
    if isinstance(item, dict):
        id = item.get(id_field)
        id = str(position) if id is None or id == '' else str(id)
        if text_field not in item:
            return Text(id=id, error='%s: no %r field' % (id, text_field))
        return Text(id=id, text=item[text_field])
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return Text(id=str(item[0]), text=item[1])
    return Text(id=str(position), error='%s: expected a text, an (id, text) pair or a record, got %s' % (
        position, type(item).__name__))


def group_mentions(mentions: Iterable[Mention], links: Iterable[tuple[int, int]] = ()) -> tuple[Entity, ...]:
    """Group mentions into entities.

    Mentions of one type with the same normal form (whatever its letter case)
    are one entity, and so are the mentions that ``links`` join: pairs of
    indexes into ``mentions`` that name one thing in different words (an
    acronym and its long form, a surname and the full name). Entities come in
    the order of their first mention and take the commonest type of their
    mentions; mentions keep text order.
    """
    mentions = list(mentions)
    parent = list(range(len(mentions)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i, j):
        i, j = find(i), find(j)
        if i != j:
            parent[max(i, j)] = min(i, j)

    first: dict[tuple[str, str], int] = {}
    for index, mention in enumerate(mentions):
        key = (mention.type, mention.normal.lower())
        union(first.setdefault(key, index), index)
    for i, j in links:
        union(i, j)

    groups: dict[int, list[Mention]] = {}
    for index in range(len(mentions)):
        groups.setdefault(find(index), []).append(mentions[index])
    entities: list[Entity] = []
    for items in groups.values():
        items.sort(key=lambda m: (m.start, m.stop))
        name = canonical_name(items)
        aliases: list[str] = []
        seen = {name.lower()}
        for mention in items:
            if mention.normal.lower() not in seen:
                seen.add(mention.normal.lower())
                aliases.append(mention.normal)
        entities.append(Entity(type=commonest_type(items), name=name, mentions=tuple(items),
                               aliases=tuple(aliases)))
    entities.sort(key=lambda e: (e.mentions[0].start, e.mentions[0].stop))
    return tuple(entities)


def commonest_type(mentions: Iterable[Mention]) -> str:
    """The type most of ``mentions`` have (the first such on a tie)."""
    counts: dict[str, int] = {}
    for mention in mentions:
        counts[mention.type] = counts.get(mention.type, 0) + 1
    return max(counts, key=lambda type: counts[type])


def canonical_name(mentions: Iterable[Mention]) -> str:
    """The fullest normal form: the longest one, the most frequent on ties, then the first."""
    counts: dict[str, int] = {}
    for mention in mentions:
        counts[mention.normal] = counts.get(mention.normal, 0) + 1
    return max(counts, key=lambda name: (len(name), counts[name]))
