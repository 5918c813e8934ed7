"""Plain records: what newsner reads and what it gives back.

No model imports here: these records are built by the pipeline, written by the
writers and sent between processes, so they stay small, frozen and picklable.
"""
from dataclasses import dataclass, field
from typing import Optional

PER = 'PER'
LOC = 'LOC'
ORG = 'ORG'

#: every type newsner can output, in the order used for display
TYPES = (PER, LOC, ORG)


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

    def as_dict(self):
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

    ``name`` is the canonical name: the fullest normal form among the mentions.
    """
    type: str
    name: str
    mentions: tuple = ()

    @property
    def count(self):
        return len(self.mentions)

    def as_dict(self):
        return {
            'type': self.type,
            'name': self.name,
            'count': self.count,
            'mentions': [_.as_dict() for _ in self.mentions],
        }


@dataclass(frozen=True)
class Document:
    """One input text and what was found in it.

    ``error`` is empty on success; when it is set, the input could not be
    processed and ``entities`` is empty. ``text`` is kept so that offsets can be
    checked and the text shown, but it is not part of the default output.
    """
    id: str
    entities: tuple = ()
    error: str = ''
    text: str = field(default='', repr=False)
    encoding: Optional[str] = None

    @property
    def mentions(self):
        """All mentions of the document, in text order."""
        mentions = [m for e in self.entities for m in e.mentions]
        mentions.sort(key=lambda m: (m.start, m.stop))
        return mentions

    def as_dict(self, *, text=False):
        data = {'id': self.id}
        if self.encoding:
            data['encoding'] = self.encoding
        if text:
            data['text'] = self.text
        data['entities'] = [_.as_dict() for _ in self.entities]
        data['error'] = self.error
        return data


@dataclass(frozen=True)
class Text:
    """One input as read by a source: its id and text, or why it could not be read."""
    id: str
    text: str = ''
    error: str = ''
    encoding: Optional[str] = None


def group_mentions(mentions):
    """Group mentions into entities by type and normal form.

    Entities come in the order of their first mention; mentions keep text
    order. The case of the normal form does not split an entity.
    """
    groups = {}
    for mention in sorted(mentions, key=lambda m: (m.start, m.stop)):
        key = (mention.type, mention.normal.lower())
        groups.setdefault(key, []).append(mention)
    entities = []
    for (type, _), items in groups.items():
        name = canonical_name(items)
        entities.append(Entity(type=type, name=name, mentions=tuple(items)))
    return tuple(entities)


def canonical_name(mentions):
    """The fullest normal form: the longest one, the most frequent on ties, then the first."""
    counts = {}
    for mention in mentions:
        counts[mention.normal] = counts.get(mention.normal, 0) + 1
    return max(counts, key=lambda name: (len(name), counts[name]))
