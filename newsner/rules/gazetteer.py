"""Gazetteers: known names with their type and aliases, read from CSV or JSON files.

A CSV file has the columns ``name,type,aliases`` and, optionally, ``id`` (a
header row first; aliases separated by ``|``). A JSON file holds a list of
objects ``{"name", "type", "aliases", "id"}`` (``aliases`` a list, or a string
separated by ``|``; ``id`` optional), or an object with such a list under
``"entries"``. Types are GOV, COMPANY, MEDIA, ORG, INITIATIVE, PER or LOC; an
id is a Wikidata id ("Q42"): the entities named so link to it
(:mod:`newsner.linking`).

Names are looked up by their key: the dictionary form of every word, lower
case, "ё" read as "е", quotes and punctuation dropped, so "Министерства
иностранных дел" finds "Министерство иностранных дел".
"""
import csv
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Union

from ..types import OPEN_QUOTES, TYPES
from .lemma import WORDS
from .text import LATIN, is_acronym

#: the files shipped in newsner/data
BUILTIN = ('gov.csv', 'companies.csv', 'media.csv', 'orgs.csv', 'initiatives.csv')
#: the largest gazetteer file read, in bytes
MAX_BYTES = 64 << 20
#: a Wikidata id
WIKIDATA_ID = re.compile(r'Q[1-9][0-9]{0,11}')


@dataclass(frozen=True)
class Entry:
    """A known name: its type, its other names, where it was given, and its Wikidata id if any."""
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    source: str = ''
    id: str = ''

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name,) + self.aliases

    def as_dict(self) -> dict[str, Any]:
        """The entry as the ``{"name", "type", "aliases"}`` mapping it can be given as
        (with ``"id"`` when it has one)."""
        data: dict[str, Any] = {'name': self.name, 'type': self.type, 'aliases': list(self.aliases)}
        if self.id:
            data['id'] = self.id
        return data


#: what a gazetteer can be given as: a CSV or JSON file's path, or one entry in memory
GazetteerSource = Union[str, 'os.PathLike[str]', Mapping[str, Any], Entry]


def sources(items: Iterable[GazetteerSource]) -> tuple[Union[str, Entry], ...]:
    """The gazetteers given as paths (kept as strings) and entries (checked, as :class:`Entry`).

    A ValueError names an entry that is not valid, or an item that is neither.
    """
    found: list[Union[str, Entry]] = []
    for number, item in enumerate(items, 1):
        if isinstance(item, Entry):
            found.append(item)
        elif isinstance(item, Mapping):
            found.append(make_entry(item, 'gazetteer entry %d' % number))
        elif isinstance(item, (str, os.PathLike)):
            found.append(os.fspath(item))
        else:
            raise ValueError('gazetteer %d is a %s: give a file path or a {"name", "type", "aliases"} '
                             'mapping' % (number, type(item).__name__))
    return tuple(found)


def make_entry(row: Mapping[str, Any], where: str) -> Entry:
    """The entry of a row (a CSV line or a JSON object), or a ValueError naming ``where``."""
    name = row.get('name') or ''
    if not isinstance(name, str):
        raise ValueError('%s: the name must be a string, not %s' % (where, _json_type(name)))
    name = name.strip()
    type = row.get('type') or ''
    if not isinstance(type, str):
        raise ValueError('%s: the type of %r must be a string, not %s' % (where, name, _json_type(type)))
    type = type.strip().upper()
    if not name:
        raise ValueError('%s: an entry has no name' % where)
    if type not in TYPES:
        raise ValueError('%s: %r has type %r; choose from %s' % (where, name, type, ', '.join(TYPES)))
    aliases = row.get('aliases') or ()
    if isinstance(aliases, str):
        aliases = aliases.split('|')
    if not isinstance(aliases, (list, tuple)) or not all(isinstance(_, str) for _ in aliases):
        raise ValueError('%s: the aliases of %r must be strings' % (where, name))
    aliases = tuple(a.strip() for a in aliases if a.strip() and a.strip() != name)
    id = row.get('id') or ''
    if not isinstance(id, str):
        raise ValueError('%s: the id of %r must be a string, not %s' % (where, name, _json_type(id)))
    id = id.strip()
    if id and not WIKIDATA_ID.fullmatch(id):
        raise ValueError('%s: %r has id %r; an id is a Wikidata id such as Q42' % (where, name, id[:40]))
    return Entry(name, type, aliases, where, id)


def _json_type(value: Any) -> str:
    return {bool: 'a boolean', int: 'a number', float: 'a number', list: 'an array',
            dict: 'an object'}.get(type(value), type(value).__name__)


def parse(text, where, *, json_format=None):
    """The entries of a gazetteer file's text; ``json_format`` None guesses from the text."""
    if json_format is None:
        json_format = text.lstrip().startswith(('[', '{'))
    if json_format:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ValueError('%s: not valid JSON: %s' % (where, error)) from None
        except RecursionError:
            raise ValueError('%s: not valid JSON: nested too deeply' % where) from None
        if isinstance(data, dict):
            data = data.get('entries')
        if not isinstance(data, list) or not all(isinstance(_, dict) for _ in data):
            raise ValueError('%s: expected a list of {"name", "type", "aliases"} objects' % where)
        return [make_entry(row, '%s, entry %d' % (where, number)) for number, row in enumerate(data, 1)]
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {'name', 'type'} <= {f.strip().lower() for f in reader.fieldnames}:
        raise ValueError('%s: expected a CSV header "name,type,aliases"' % where)
    entries = []
    try:
        for row in reader:
            row = {(k or '').strip().lower(): v for k, v in row.items()}
            if not any((v or '').strip() for v in row.values() if isinstance(v, str)):
                continue
            entries.append(make_entry(row, '%s, line %d' % (where, reader.line_num)))
    except csv.Error as error:  # a field over the csv module's limit
        # (the line that fails is not counted yet)
        raise ValueError('%s, line %d: %s' % (where, reader.line_num + 1, error)) from None
    return entries


def read(path):
    """The entries of a gazetteer file (CSV, or JSON for a .json file or text starting with [ or {)."""
    # a FIFO would block and a device (/dev/zero) may never end: only regular
    # files are read, and only so much of them
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ValueError('cannot read gazetteer %s: not a regular file' % path)
        with open(path, 'rb') as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise ValueError('cannot read gazetteer %s: %s' % (path, error.strerror)) from None
    if len(data) > MAX_BYTES:
        raise ValueError('cannot read gazetteer %s: larger than %d MiB' % (path, MAX_BYTES >> 20))
    try:
        text = data.decode('utf-8-sig')
    except UnicodeDecodeError:
        raise ValueError('gazetteer %s is not UTF-8' % path) from None
    json_format = True if str(path).lower().endswith('.json') else None
    return parse(text, os.fspath(path), json_format=json_format)


def builtin():
    """The entries of the gazetteers shipped with newsner."""
    entries = []
    for name in BUILTIN:
        text = resources.files('newsner').joinpath('data').joinpath(name).read_text(encoding='utf-8')
        entries.extend(parse(text, name, json_format=False))
    return entries


class Gazetteer:
    """Entries indexed by the keys of their names and aliases.

    ``groups`` are lists of entries, the first group first: a key that an
    entry of an earlier group has is not taken from a later group, so the
    user's gazetteers, given first, win over the built-in one.
    """

    def __init__(self, groups, key):
        self.entries: list[Entry] = []
        self.index: dict[tuple[str, ...], list[Entry]] = {}
        self.longest = 1
        for group in groups:
            claimed = set(self.index)
            for entry in group:
                self.entries.append(entry)
                for form in entry.forms:
                    k = key(form)
                    if not k or k in claimed:
                        continue
                    self.longest = max(self.longest, len(k))
                    found = self.index.setdefault(k, [])
                    if entry not in found:
                        found.append(entry)
        #: first words of the keys, to find names in a text cheaply
        self.firsts = {k[0] for k in self.index}
        #: their first three letters: a word whose first three letters are not
        #: among them is not looked up at all
        self.prefixes = {k[:3] for k in self.firsts}

    def __len__(self):
        return len(self.entries)

    def get(self, key):
        """The entry a key names (the first one given when several share it), or None."""
        found = self.index.get(key)
        return found[0] if found else None

    def unique(self, key):
        """The entry a key names when only one entry has it, else None."""
        found = self.index.get(key)
        return found[0] if found and len(found) == 1 else None


def accepts(vocab, text, start, stop, entry):
    """Whether a gazetteer name found in the text (not where the model found a name) is that
    name, not a word that looks like it."""
    surface = text[start:stop]
    words = WORDS.findall(surface)
    forms = {f for f in entry.forms}
    if LATIN.search(surface):
        return surface in forms or any(c.isupper() for c in surface)
    if not surface[0].isupper():
        return surface in forms or surface.lower() in {f.lower() for f in forms if f[:1].islower()}
    if len(words) > 1 or is_acronym(surface):
        return True
    lower = surface.lower()
    if not vocab.word_is_known(lower):
        return True
    tags = [f.tag for f in vocab(lower)]
    return all({'Orgn', 'Abbr', 'Trad', 'Geox', 'Name', 'Surn'} & set(t.grammemes) for t in tags) \
        or (start > 0 and text[start - 1] in OPEN_QUOTES)
