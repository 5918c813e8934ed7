"""Relations: which person works for which organization or place, as a document tells it.

A person works for an organization (GOV, COMPANY, MEDIA, ORG) or serves a
place (LOC) when the grammar of a sentence ties the two, never merely because
they stand in one sentence. The evidence, strongest first:

1. a role phrase that names its organization, found by :mod:`newsner.roles`
   before or after the name: "глава Минфина Антон Силуанов", "Антон Силуанов,
   министр финансов России", "сообщил Y, глава пресс-службы X". The objects
   are the names in the genitive chain of the role noun ("старший
   вице-президент Торговой палаты США по ... Турции" names the chamber, not
   Turkey); a minister also works for the ministry of his field when the
   document names it ("министр энергетики" -> "министерство энергетики ...").
2. a few fixed turns that tie a person to an organization next to the name:
   "X в лице Y", "X во главе с Y", "X под руководством Y", "Y (X)",
   "Y из X", and a role noun before an organization and a name when the role
   was not agreed ("представитель X", "сотрудник X", "член партии X").
3. a verb of office right after the person: "Y возглавляет X", "Y руководит
   X", "Y работает в X".

Each distinct (person, object) pair is one :class:`newsner.records.Relation`,
from its strongest evidence (the first in the text among equals); a person may
work for several objects ("министр энергетики Азербайджана": the ministry and
the country). A former post keeps its word: "бывший глава X" gives the role
"бывший глава X".

No model imports here: the functions take the dictionary (``vocab``) and what
the pipeline found.
"""
import re

from .records import Relation
from .roles import ROLE_NOUNS, RoleSpan, role_forms

PER = 'PER'
#: the types a person can work for
OBJECT_TYPES = frozenset(('GOV', 'COMPANY', 'MEDIA', 'ORG', 'LOC'))

#: evidence kinds, strongest first
ROLE, TURN, VERB = 0, 1, 2

WORD = re.compile(r'\w+(?:[-‐]\w+)*|[^\w\s]', re.UNICODE)
# words that end a role's own genitive chain: what follows depends on something else
CHAIN_BREAKS = frozenset('по при в во на от из для у с со к о об за под над между после до через и или а но'.split())
FORMER = re.compile(r'(?:^|\s)(бывш\w*|прежн\w*|экс)\s*-?\s*$', re.IGNORECASE)
#: turns between an organization and a person: "X в лице Y"
ORG_THEN_PERSON = re.compile(
    r'^\s*,?\s*(?:в\s+лице|во\s+главе\s+с|под\s+(?:руководством|началом|председательством))\s+'
    r'(?:[\w-]+\s+){0,4}$', re.IGNORECASE)
#: a person, then the organization in brackets or after "из": "Иван Петров (ЛДПР)"
PERSON_THEN_ORG = re.compile(r'^\s*(?:\(|из\s+)$', re.IGNORECASE)
#: verbs of office right after a person (word stems) and what may stand before the object
OFFICE_VERB = re.compile(
    r'^\s*,?\s*(?:(?:который|которая)\s+)?(?:(?:ранее|сейчас|теперь|уже|давно|долгое\s+время|до\s+этого)\s+)?'
    r'(?:возглав\w*|руковод\w*|работа\w*\s+(?:в|во|на)|служи\w*\s+(?:в|во|на)|'
    r'представля\w*|состо\w*\s+в|возглавля\w*)\s+(?:[\w-]+\s+){0,3}$', re.IGNORECASE)
#: the field of a minister, read in a ministry's name
MINISTRY = 'министерство'
MINISTER = re.compile(r'^(?:[\w-]+\s+)*?(?:замминистра|министр|министра)\s+(.+)$', re.IGNORECASE)
#: how far a turn may reach between the two names (characters)
TURN_WINDOW = 60


def find_relations(vocab, text, entities, mentions, roles):
    """The :class:`Relation` records of one document.

    ``entities`` are the document's entities, ``mentions`` its mentions (the
    indexes of ``roles`` point into them), ``roles`` the
    :class:`newsner.roles.RoleSpan` of a person's mention when the text gives
    one (see :func:`newsner.roles.find_role_spans`).
    """
    owner = {}
    for entity in entities:
        for mention in entity.mentions:
            owner[mention.start, mention.stop] = entity
    objects = [m for m in mentions if m.type in OBJECT_TYPES]
    objects.sort(key=lambda m: (m.start, m.stop))
    found = []  # (strength, start, person mention, object entity, role, stop)

    def add(strength, person, obj, role, start, stop):
        person_entity = owner.get((person.start, person.stop))
        obj_entity = obj if not hasattr(obj, 'normal') else owner.get((obj.start, obj.stop))
        if person_entity is None or obj_entity is None or person_entity.type != PER:
            return
        if obj_entity.type not in OBJECT_TYPES:
            return
        found.append((strength, start, stop, person, person_entity, obj_entity, role))

    for index, span in roles.items():
        person = mentions[index]
        role = _with_former(text, span)
        start, stop = min(span.start, person.start), max(span.stop, person.stop)
        for obj in _role_objects(vocab, text, span, objects):
            add(ROLE, person, obj, role, start, stop)
        for entity in _ministries(span, entities):
            add(ROLE, person, entity, role, start, stop)

    people = [m for m in mentions if m.type == PER]
    if people and objects:
        _turns(text, people, objects, add)

    return _distinct(found)


def _with_former(text, span):
    if FORMER.search(text[max(0, span.start - 20):span.start]):
        return 'бывший ' + span.text
    return span.text


def _role_objects(vocab, text, span, objects):
    # the organizations and places of the role's own genitive chain: from the
    # role noun on, up to a preposition, a conjunction or a comma (a name in
    # quotes or brackets goes through)
    forms = role_forms(vocab)
    inside = [m for m in objects if span.start <= m.start and m.stop <= span.stop]
    if not inside:
        return []
    words = [(span.start + w.start(), span.start + w.end(), w.group())
             for w in WORD.finditer(text[span.start:span.stop])]
    # the last role noun before the first object starts the chain
    head = None
    for start, stop, word in words:
        if start >= inside[0].start:
            break
        lower = word.lower()
        if lower in forms or ('-' in lower and lower.rsplit('-', 1)[1] in forms):
            head = stop
    if head is None:
        return []
    result = []
    position = head
    for mention in inside:
        if mention.start < position:
            continue
        gap = text[position:mention.start]
        if any(w.lower() in CHAIN_BREAKS or w in (',', ';', ':') for w in WORD.findall(gap)):
            break
        result.append(mention)
        position = mention.stop
    return result


def _ministries(span, entities):
    # "министр энергетики Азербайджана" works for "министерство энергетики ..."
    match = MINISTER.match(span.text)
    if not match:
        return []
    field = match.group(1).lower().split()
    if not field:
        return []
    result = []
    for entity in entities:
        if entity.type == PER:
            continue
        for name in (entity.name,) + tuple(entity.aliases):
            words = name.lower().split()
            if len(words) > 1 and words[0] == MINISTRY and words[1] == field[0]:
                result.append(entity)
                break
    return result


def _turns(text, people, objects, add):
    # fixed turns between neighbouring names
    names = sorted(people + objects, key=lambda m: (m.start, m.stop))
    for left, right in zip(names, names[1:]):
        if right.start - left.stop > TURN_WINDOW or left.stop > right.start:
            continue
        gap = text[left.stop:right.start]
        if '\n' in gap:
            continue
        if left.type in OBJECT_TYPES and right.type == PER:
            if ORG_THEN_PERSON.match(gap):
                add(TURN, right, left, '', left.start, right.stop)
        elif left.type == PER and right.type in OBJECT_TYPES:
            if PERSON_THEN_ORG.match(gap):
                add(TURN, left, right, '', left.start, right.stop)
            elif OFFICE_VERB.match(gap):
                add(VERB, left, right, '', left.start, right.stop)


def _distinct(found):
    # one relation per (person, object): the strongest evidence, the first in the text among equals
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    seen = {}
    for strength, start, stop, person, person_entity, obj_entity, role in found:
        key = (person_entity.name, obj_entity.type == 'LOC', obj_entity.name)
        if key in seen:
            continue
        seen[key] = Relation(person=person_entity.name, object=obj_entity.name, role=role,
                             sentence=person.sentence, start=start, stop=stop)
    return tuple(sorted(seen.values(), key=lambda r: (r.start, r.stop, r.person, r.object)))
