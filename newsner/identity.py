"""Which entities of different documents are one thing: the rows of a corpus summary.

A document names an entity by a key, ``(type, name, kb_id)``. :func:`merge`
takes the distinct keys of a corpus (with their mention and document counts
and the aliases the documents gave them) and puts them into rows, a
union-find over the keys in four passes, each one a single look at every key
and alias through a dictionary (never a scan of all keys per key):

1. **the same thing**: keys with the same ``kb_id`` are one row whatever their
   names and types; unlinked keys with the same type and name, whatever the
   letter case ("ЛУКОЙЛ", "Лукойл"), are one row.
2. **a linked thing's name**: an unlinked key whose name or an alias equals
   (letter case aside) the name or an alias of exactly one linked thing of the
   same type family (GOV, COMPANY, MEDIA and ORG are one family) joins it.
3. **aliases**: a document's entity named N with the alias A ties (type, A) to
   its row; the unlinked key (type, A) joins that row when every tie of A, over
   the whole corpus, leads to that one row. An alias tied to two rows ("МИД"
   of "МИД России" and of "МИД Армении") joins neither.
4. **surnames**: an unlinked person named by one word ("Путин") joins the
   person whose full name ends in that word ("Владимир Путин"), or who has
   that word as a one-word alias, when the corpus has exactly one such person
   (row); with "Алексей Миллер" and "Ольга Миллер", a lone "Миллер" joins
   neither. A person's one-word aliases are surnames: they count here and not
   in passes 2 and 3.

Two keys with different ``kb_id`` are never one row. Names are compared
whole: two names that share a word ("МИД России", "МИД Армении") stay apart.

A row is labelled by a key, ``(type, name, kb_id)``: the name is the
commonest (by mentions) among the row's linked keys, or else among the keys
that did not join it by passes 2 to 4 (the full name rather than the
surname, the name rather than the alias), its commonest spelling; the type is
the commonest type by mentions; ``kb_id`` that of the row's linked keys.
"""
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, Optional

from .types import COARSE, PER

#: what a document says of an entity: (type, name, kb_id)
Key = tuple[str, str, Optional[str]]


class Seen(NamedTuple):
    """One distinct key of a corpus: its mentions, its documents and the aliases documents gave it."""
    key: Key
    mentions: int
    documents: int
    aliases: tuple[str, ...] = ()


class Rows:
    """The rows of a corpus: ``label`` maps each key to its row's label, ``members`` each
    row to its keys, ``documents`` each row to the number of its documents.

    ``together(key)`` gives the keys seen in the same documents as ``key``
    with how many documents (at least) they share: a document that holds two
    keys of one row counts once. It is asked only of the keys of rows of
    several keys, so the count costs nothing for the others.
    """

    def __init__(self, seen: Iterable[Seen], together: Callable[[Key], Iterable[tuple[Key, int]]]) -> None:
        entries = list(seen)
        self.label = merge(entries)
        self.members: dict[Key, list[Key]] = {}
        counts: dict[Key, int] = {}
        for entry in entries:
            self.members.setdefault(self.label[entry.key], []).append(entry.key)
            counts[entry.key] = entry.documents
        self.documents: dict[Key, int] = {}
        for row, keys in self.members.items():
            self.documents[row] = sum(counts[key] for key in keys)
            if len(keys) > 1:
                inside = set(keys)
                shared: dict[frozenset, int] = {}
                for key in keys:
                    for other, count in together(key):
                        if other in inside:
                            pair = frozenset((key, other))
                            shared[pair] = max(shared.get(pair, 0), count)
                # pairs alone cannot tell three keys of one row in one document: never below the largest key
                self.documents[row] = max(max(counts[key] for key in keys),
                                          self.documents[row] - sum(shared.values()))


def spellings(counts: dict[str, int], name: str, top: int) -> tuple[str, ...]:
    """The ``top`` commonest names of ``counts`` (name -> count) other than ``name``, letter case
    aside, each in its commonest spelling."""
    names: dict[str, list] = {}  # lower case -> [count, spelling, the spelling's count]
    for spelling, count in counts.items():
        if spelling.lower() == name.lower():
            continue
        entry = names.setdefault(spelling.lower(), [0, spelling, count])
        entry[0] += count
        if (-count, spelling) < (-entry[2], entry[1]):
            entry[1:] = [spelling, count]
    return tuple(entry[1] for entry in sorted(names.values(), key=lambda e: (-e[0], e[1]))[:top])


def family(type: str) -> str:
    """The type family: GOV, COMPANY and MEDIA are ORG; any other type is its own."""
    return COARSE.get(type, type)


def one_word(name: str) -> bool:
    """Whether a name is one word ("Путин", "Римский-Корсаков")."""
    return len(name.split()) == 1


class Forest:
    """Union-find over node numbers; a node may carry a kb_id, and nodes of two kb_ids never join."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.kb: list[Optional[str]] = []

    def node(self, kb: Optional[str] = None) -> int:
        self.parent.append(len(self.parent))
        self.kb.append(kb)
        return len(self.parent) - 1

    def find(self, node: int) -> int:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, a: int, b: int) -> bool:
        """Join the rows of ``a`` and ``b``; False when they hold different kb_ids."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        if self.kb[a] and self.kb[b] and self.kb[a] != self.kb[b]:
            return False
        self.parent[max(a, b)] = min(a, b)
        self.kb[min(a, b)] = self.kb[a] or self.kb[b]
        return True


def merge(seen: Iterable[Seen]) -> dict[Key, Key]:
    """Each key of ``seen`` mapped to the label of its row (see :mod:`newsner.identity`)."""
    entries = list(seen)
    forest = Forest()
    node_of: dict[Key, int] = {}
    linked: dict[str, int] = {}
    unlinked: dict[tuple[str, str], int] = {}
    # 1. the same thing
    for entry in entries:
        type, name, kb = entry.key
        if kb:
            node = linked.get(kb)
            if node is None:
                node = linked[kb] = forest.node(kb)
        else:
            node = unlinked.get((type, name.lower()))
            if node is None:
                node = unlinked[type, name.lower()] = forest.node()
        node_of[entry.key] = node
    joined: set[int] = set()  # unlinked nodes that joined a row by passes 2 to 4

    def join(node: int, other: int) -> None:
        if forest.find(node) != forest.find(other) and forest.union(node, other):
            joined.add(node)

    # 2. a linked thing's name
    things: dict[tuple[str, str], set[str]] = {}
    for entry in entries:
        if entry.key[2]:
            for form in forms(entry):
                _add(things, (family(entry.key[0]), form), entry.key[2])
    matches: dict[int, set[str]] = {}
    for entry in entries:
        if not entry.key[2]:
            found = matches.setdefault(node_of[entry.key], set())
            for form in forms(entry):
                for kb in things.get((family(entry.key[0]), form), ()):
                    _add_to(found, kb)
    for node, kbs in matches.items():
        if len(kbs) == 1:
            join(node, linked[next(iter(kbs))])
    # 3. aliases
    ties: dict[tuple[str, str], set[int]] = {}
    for entry in entries:
        root = forest.find(node_of[entry.key])
        for form in forms(entry, name=False):
            _add(ties, (entry.key[0], form), root)
    for (type, alias), roots in ties.items():
        node = unlinked.get((type, alias))
        if node is not None and len(roots) == 1:
            join(node, next(iter(roots)))
    # 4. surnames
    surnames: dict[str, set[int]] = {}
    for entry in entries:
        type, name, _ = entry.key
        if type == PER and not one_word(name):
            root = forest.find(node_of[entry.key])
            _add(surnames, name.split()[-1].lower(), root)
            for alias in entry.aliases:
                if one_word(alias):
                    _add(surnames, alias.lower(), root)
    for (type, name), node in unlinked.items():
        if type == PER and one_word(name):
            roots = {forest.find(root) for root in surnames.get(name, ())}
            if len(roots) == 1 and forest.find(node) not in roots:
                join(node, next(iter(roots)))
    return _labels(entries, forest, node_of, joined)


def forms(entry: Seen, *, name: bool = True) -> set[str]:
    """The names a key goes by, lower case: its name (with ``name``) and its aliases but a person's one-word ones."""
    type, own, _ = entry.key
    found = {own.lower()} if name else set()
    for alias in entry.aliases:
        if not (type == PER and one_word(alias)) and alias.lower() != own.lower():
            found.add(alias.lower())
    return found


def _add(index: dict[Any, set[Any]], key: Any, value: Any) -> None:
    _add_to(index.setdefault(key, set()), value)


def _add_to(values: set[Any], value: Any) -> None:
    # two values are enough to tell one from several
    if len(values) < 2:
        values.add(value)


def _labels(entries: list[Seen], forest: Forest, node_of: dict[Key, int], joined: set[int]) -> dict[Key, Key]:
    rows: dict[int, list[Seen]] = {}
    for entry in entries:
        rows.setdefault(forest.find(node_of[entry.key]), []).append(entry)
    labels: dict[Key, Key] = {}
    for root, members in rows.items():
        heads = ([e for e in members if e.key[2]] or [e for e in members if node_of[e.key] not in joined]
                 or members)
        totals: dict[str, list[int]] = {}
        for entry in heads:
            total = totals.setdefault(entry.key[1].lower(), [0, 0])
            total[0] += entry.mentions
            total[1] += entry.documents
        best = min(totals, key=lambda name: (-totals[name][0], -totals[name][1], name))
        head = min((e for e in heads if e.key[1].lower() == best),
                   key=lambda e: (-e.mentions, -e.documents, e.key[1]))
        types: dict[str, int] = {}
        for entry in members:
            types[entry.key[0]] = types.get(entry.key[0], 0) + entry.mentions
        type = max(types, key=lambda t: (types[t], t == head.key[0], t))
        label = (type, head.key[1], forest.kb[root])
        for entry in members:
            labels[entry.key] = label
    return labels
