"""The knowledge base: things with a Wikidata id, the names they go by, and how often each name meant each.

The base ships as ``newsner/data/kb.jsonl.gz``, made by ``training/build_kb.py``
(docs/linking.md says from what). Its first line is a header; then one line per
thing::

    {"id": "Q159", "type": "LOC", "sure": true, "name": "Россия", "documents": 412,
     "aliases": [["Россия", "россия", 51], ["РФ", "рф", 183], ...],
     "context": {"Q649": 0.31, ...}}

``aliases`` are ``[form, key, count]``: a normal form, its lookup key (the
lemmas of its words, as :meth:`newsner.rules.lemma.Lemmas.key` gives them,
joined by spaces) and how many times a name with that key meant this thing in
the sources: the prior. ``sure`` says whether the evidence for the type is
strong. ``context`` holds, for things that share a name with another, the
share of this thing's documents that also name each of the other things listed:
what the document around an ambiguous name is compared with. The last line,
``{"null": {key: {family: count}}}``, counts the names that meant a thing
Wikidata lacks, by type family (PER, LOC or ORG), so that a name that often
means no known thing is not linked on a few counts.

Nothing here loads a model: keys are computed by the caller.
"""
import gzip
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import IO, Any, Optional, Union

from .types import COARSE, INITIATIVE, LOC, ORG, PER

__all__ = ['Thing', 'KnowledgeBase', 'family', 'load', 'FILE', 'FORMAT']

#: the shipped base, in newsner/data
FILE = 'kb.jsonl.gz'
#: the header's format name and version
FORMAT = 'newsner-kb'
VERSION = 1


def family(type: str) -> str:
    """The family of a type: PER, LOC or ORG (the organization kinds and initiatives)."""
    if type in (PER, LOC):
        return str(type)
    return str(ORG) if type in COARSE or type in (ORG, INITIATIVE) else str(type)


@dataclass(frozen=True)
class Thing:
    """One thing of the knowledge base: its Wikidata id, type, name and aliases.

    ``aliases`` are ``(form, key, count)`` triples (see :mod:`newsner.kb`);
    ``context`` maps other things' ids to the share of this thing's documents
    that name them too.
    """
    id: str
    type: str
    name: str
    sure: bool = False
    aliases: tuple[tuple[str, str, int], ...] = ()
    documents: int = 0
    context: Mapping[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {'id': self.id, 'type': self.type, 'sure': self.sure, 'name': self.name,
                'documents': self.documents, 'aliases': [list(a) for a in self.aliases],
                'context': dict(self.context)}


class KnowledgeBase:
    """Things by id, and the things each name key may mean with their counts."""

    def __init__(self, things: Iterable[Thing] = (), nulls: Optional[Mapping[str, Mapping[str, int]]] = None,
                 header: Optional[Mapping[str, Any]] = None) -> None:
        self.header: dict[str, Any] = dict(header or {})
        self.things: dict[str, Thing] = {}
        #: key -> {thing id: count}
        self.index: dict[str, dict[str, int]] = {}
        for thing in things:
            self.add(thing)
        #: key -> {family: count of the times the name meant a thing Wikidata lacks}
        self.nulls: dict[str, dict[str, int]] = {k: dict(v) for k, v in (nulls or {}).items()}

    def add(self, thing: Thing) -> None:
        """Add a thing (a second thing with the same id replaces the first's entries)."""
        if thing.id in self.things:
            for _, key, _ in self.things[thing.id].aliases:
                self.index.get(key, {}).pop(thing.id, None)
        self.things[thing.id] = thing
        for _, key, count in thing.aliases:
            counts = self.index.setdefault(key, {})
            counts[thing.id] = counts.get(thing.id, 0) + count

    def __len__(self) -> int:
        return len(self.things)

    def get(self, id: str) -> Optional[Thing]:
        return self.things.get(id)

    def candidates(self, key: str) -> dict[str, int]:
        """{thing id: count} of the things the name key meant (empty when none)."""
        return self.index.get(key, {})

    def null(self, key: str, family: str) -> int:
        """How often the name key of this type family meant a thing Wikidata lacks."""
        return self.nulls.get(key, {}).get(family, 0)

    def lines(self) -> Iterator[str]:
        """The lines of the base's file, header first."""
        header = dict(self.header)
        header.update(format=FORMAT, version=VERSION, things=len(self.things))
        yield json.dumps(header, ensure_ascii=False, sort_keys=True)
        for id in sorted(self.things, key=_id_order):
            yield json.dumps(self.things[id].as_dict(), ensure_ascii=False)
        yield json.dumps({'null': {k: self.nulls[k] for k in sorted(self.nulls)}}, ensure_ascii=False,
                         sort_keys=True)

    def write(self, path: str) -> None:
        """Write the base, gzipped, byte for byte the same for the same content."""
        with open(path, 'wb') as raw:
            with gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as file:
                for line in self.lines():
                    file.write(line.encode('utf-8') + b'\n')


def _id_order(id: str) -> tuple[int, str]:
    return (int(id[1:]), id) if id[1:].isdigit() else (1 << 62, id)


def read(file: IO[bytes], where: str = FILE) -> KnowledgeBase:
    """The base in a gzipped file's bytes; a ValueError names ``where`` if it is not a base."""
    header: dict[str, Any] = {}
    things = []
    nulls: dict[str, dict[str, int]] = {}
    with gzip.open(file, 'rt', encoding='utf-8') as lines:
        for number, line in enumerate(lines, 1):
            data = json.loads(line)
            if number == 1:
                if data.get('format') != FORMAT:
                    raise ValueError('%s: not a newsner knowledge base' % where)
                header = data
            elif 'null' in data:
                nulls = data['null']
            else:
                things.append(Thing(id=data['id'], type=data['type'], name=data['name'], sure=bool(data['sure']),
                                    aliases=tuple((form, key, int(count)) for form, key, count in data['aliases']),
                                    documents=int(data.get('documents', 0)), context=data.get('context') or {}))
    return KnowledgeBase(things, nulls, header)


_loaded: dict[str, KnowledgeBase] = {}


def load(path: Union[None, str] = None) -> KnowledgeBase:
    """The shipped knowledge base (or the one at ``path``), read once per process."""
    where = path or FILE
    if where not in _loaded:
        if path is None:
            with resources.files('newsner').joinpath('data').joinpath(FILE).open('rb') as file:
                _loaded[where] = read(file, FILE)
        else:
            with open(path, 'rb') as file:
                _loaded[where] = read(file, path)
    return _loaded[where]
