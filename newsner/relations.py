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
   Roles such as "представитель X", "сотрудник X", "член партии X" come this way.
2. a few fixed turns that tie a person to an organization next to the name:
   "X в лице Y", "X во главе с Y", "X под руководством Y", "Y (X)", "Y из X"
   (not for a place: "из Москвы" says where one comes from), "Главой X
   назначен Y", and an organization right before a name ("солист The Prodigy
   Кит Флинт").
3. a verb of office after the person: "Y возглавляет X", "Y, который работал
   в X", "Y был главой X"; the subject is a name in the nominative, or
   "он"/"она" standing for the last such name.

Each distinct (person, object) pair is one :class:`newsner.records.Relation`,
from its strongest evidence (the first in the text among equals); a person may
work for several objects ("министр энергетики Азербайджана": the ministry and
the country). A former post keeps its word: "бывший глава X" gives the role
"бывший глава X".

No model imports here: the functions take the dictionary (``vocab``) and what
the pipeline found.
"""
import re
from bisect import bisect_left
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from .records import Entity, Mention, Relation
from .roles import RoleSpan, role_forms
from .wordlists import word_list
from .types import LOC, ORG_KINDS, PER

__all__ = ['find_relations', 'OBJECT_TYPES']

#: the types a person can work for
OBJECT_TYPES = frozenset(ORG_KINDS + (LOC,))

#: evidence kinds, strongest first
ROLE, TURN, VERB, ADJACENCY = 0, 1, 2, 3

WORD = re.compile(r'\w+(?:[-‐]\w+)*|[^\w\s]', re.UNICODE)
# words that end a role's own genitive chain: what follows depends on something else
CHAIN_BREAKS = word_list('chain-breaks')
FORMER = re.compile(r'(?:^|\s)(бывш\w*|прежн\w*|экс)\s*-?\s*$', re.IGNORECASE)
#: turns between an organization and a person: "X в лице Y"
ORG_THEN_PERSON = re.compile(
    r'^[\s»"”]*,?\s*(?:в\s+лице|во\s+главе\s+с|под\s+(?:руководством|началом|председательством))\s+'
    r'(?:[\w-]+\s+){0,4}$', re.IGNORECASE)
#: an organization right before a person: "солист The Prodigy Кит Флинт"
ADJACENT = re.compile(r'^[ »"”]*$')
#: a post at an organization, then who was given it: "Главой X назначен Y"
APPOINTED = re.compile(r'^[\s»"”]*(?:назначен\w*|стал\w*|станет|избран\w*|утвержд\w*|переизбран\w*)\s+$', re.IGNORECASE)
#: a person, then the organization in brackets or after "из": "Иван Петров (ЛДПР)"
#: ("из" and a place tells where a person comes from, not whom they serve)
PERSON_THEN_ORG = re.compile(r'^\s*(?:\(|из\s+)[«"“]?$', re.IGNORECASE)
#: verbs that say a person holds a post at what follows: "возглавляет X", "работал в X"
OFFICE_VERB = re.compile(
    r'^(?:возглав\w*|руковод\w*|управля\w*|работа\w*|служи\w*|служил\w*|трудит\w*|трудил\w*|'
    r'вош(?:ел|ёл|ла|ли)|входи\w*|вход\w*|состо\w*|представля\w*)$', re.IGNORECASE)
#: verbs that need a role noun after them: "был главой X", "назначен директором X"
LINK_VERB = re.compile(
    r'^(?:был|была|были|является|являлся|являлась|стал|стала|станет|назначен\w*|избран\w*|'
    r'занима\w*|занял\w*|утвержд\w*|переизбран\w*)$', re.IGNORECASE)
#: words that name a post: "занимал пост X"
POSTS = word_list('posts')
#: words that may stand between a person and the verb
BEFORE_VERB = word_list('before-verb')
#: pronouns that stand for the person named last: "Он возглавлял X"
PRONOUNS = word_list('pronouns')
#: how far a verb's object may stand from the person (characters)
VERB_WINDOW = 100
#: how far back the person a pronoun stands for may be (characters)
PRONOUN_WINDOW = 400
#: the field of a minister, read in a ministry's name
MINISTRY = 'министерство'
MINISTER = re.compile(r'^(?:[\w-]+\s+)*?(?:замминистра|министр|министра)\s+(.+)$', re.IGNORECASE)
#: how far a turn may reach between the two names (characters)
TURN_WINDOW = 60


def find_relations(vocab: Any, text: str, entities: Sequence[Entity], mentions: Sequence[Mention],
                   roles: Mapping[int, RoleSpan]) -> tuple[Relation, ...]:
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
    object_starts = [m.start for m in objects]
    ministries = _ministries_by_field(entities)
    found = []  # (strength, start, stop, sentence, person entity, object entity, role)

    own_roles = {(mentions[i].start, mentions[i].stop): _with_former(text, span) for i, span in roles.items()}

    def add(strength, person, obj, role, start, stop):
        # ``person`` is a mention; ``obj`` a mention, or an entity (a ministry);
        # a turn next to the name takes the role given there ("в лице президента Y")
        if strength in (TURN, ADJACENCY):
            role = role or own_roles.get((person.start, person.stop), '')
        person_entity = owner.get((person.start, person.stop))
        obj_entity = owner.get((obj.start, obj.stop)) if isinstance(obj, Mention) else obj
        if person_entity is None or obj_entity is None or person_entity.type != PER:
            return
        if obj_entity.type not in OBJECT_TYPES:
            return
        # the sentence of the evidence: the person's, or the object's after a pronoun
        sentence = obj.sentence if strength == VERB else person.sentence
        found.append((strength, start, stop, sentence, person_entity, obj_entity, role))

    for index, span in roles.items():
        person = mentions[index]
        role = _with_former(text, span)
        start, stop = min(span.start, person.start), max(span.stop, person.stop)
        for obj in _role_objects(vocab, text, span, objects, object_starts):
            add(ROLE, person, obj, role, start, stop)
        for entity in _ministries(span, ministries):
            add(ROLE, person, entity, role, start, stop)

    people = [m for m in mentions if m.type == PER]
    if people and objects:
        _turns(vocab, text, people, objects, add)
        _verbs(vocab, text, people, objects, object_starts, add)

    return _distinct(found)


def _with_former(text, span):
    if FORMER.search(text[max(0, span.start - 20):span.start]):
        return 'бывший ' + span.text
    return span.text


def _role_objects(vocab, text, span, objects, starts):
    # the organizations and places of the role's own genitive chain: from the
    # role noun on, up to a preposition, a conjunction or a comma (a name in
    # quotes or brackets goes through); ``objects`` are sorted, ``starts`` theirs
    forms = role_forms(vocab)
    inside = objects[bisect_left(starts, span.start):bisect_left(starts, span.stop)]
    if not inside:
        return []
    words = [(span.start + w.start(), span.start + w.end(), w.group())
             for w in WORD.finditer(text[span.start:span.stop])]
    # the last role noun before the first object starts the chain
    head = None
    for start, stop, word in words:
        if start >= inside[0].start:
            break
        if _is_role(forms, word):
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


def _ministries_by_field(entities):
    # the entities named "министерство <field> ...", by the field's first word, in document order
    found: dict = {}
    for entity in entities:
        if entity.type == PER:
            continue
        fields: dict = {}
        for name in (entity.name,) + tuple(entity.aliases):
            words = name.lower().split()
            if len(words) > 1 and words[0] == MINISTRY:
                fields[words[1]] = None
        for field in fields:
            found.setdefault(field, []).append(entity)
    return found


def _ministries(span, ministries):
    # "министр энергетики Азербайджана" works for "министерство энергетики ..."
    match = MINISTER.match(span.text)
    if not match:
        return []
    field = match.group(1).lower().split()
    if not field:
        return []
    return ministries.get(field[0], [])


def _turns(vocab, text, people, objects, add):
    # fixed turns between neighbouring names
    forms = role_forms(vocab)
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
            elif APPOINTED.match(gap) and _post_before(forms, text, left.start) is not None:
                add(TURN, right, left, '', _post_before(forms, text, left.start), right.stop)
            elif ADJACENT.match(gap) and left.type != LOC:
                add(ADJACENCY, right, left, '', left.start, right.stop)
        elif left.type == PER and right.type in OBJECT_TYPES:
            if PERSON_THEN_ORG.match(gap) and (right.type != LOC or '(' in gap):
                add(TURN, left, right, '', left.start, right.stop)


def _verbs(vocab, text, people, objects, object_starts, add):
    # "Y возглавляет X", "Y, который работал в X", "Он был главой X"
    forms = role_forms(vocab)
    # a subject is in the nominative: its words are its normal form
    nominative = [m for m in people if m.text.lower() == m.normal.lower()]
    subjects = [(m.start, m.stop, m) for m in nominative]
    subjects.extend(_pronoun_subjects(text, nominative))
    starts = sorted(m.start for m in people)
    for start, stop, person in subjects:
        at = bisect_left(object_starts, stop)  # the first object after the subject
        obj = objects[at] if at < len(objects) else None
        if obj is None or obj.start - stop > VERB_WINDOW:
            continue
        between = bisect_left(starts, stop)
        if between < len(starts) and starts[between] < obj.start:
            continue  # another person stands between
        words = WORD.findall(text[stop:obj.start])
        if any(w in '.!?;:' or w == '\n' for w in words) or '\n' in text[stop:obj.start]:
            continue
        verb = next((i for i, w in enumerate(words) if OFFICE_VERB.match(w) or LINK_VERB.match(w)), None)
        if verb is None or verb > 4:
            continue
        if any(w not in (',', '-', '—', '(', ')') and w.lower() not in BEFORE_VERB and not w.isdigit()
               for w in words[:verb]):
            continue
        after = words[verb + 1:]
        if len(after) > 8 or ',' in after:
            continue
        if LINK_VERB.match(words[verb]) and not any(_is_role(forms, w) or w.lower() in POSTS for w in after):
            continue
        add(VERB, person, obj, '', start, obj.stop)


def _pronoun_subjects(text, nominative):
    # "он"/"она" as (start, stop, the person it stands for): the last of the
    # ``nominative`` mentions (in their order) that ends within PRONOUN_WINDOW
    # characters before it. The pronouns come in text order, so the mentions
    # ending in the window enter and leave it in the order of their ends: a
    # queue of them, each later in ``nominative`` than the one before, gives
    # the last at its front
    by_stop = sorted(range(len(nominative)), key=lambda i: nominative[i].stop)
    entered = 0
    window: deque = deque()  # indexes into nominative, entered in order of their stops, decreasing
    for match in WORD.finditer(text):
        if match.group().lower() not in PRONOUNS:
            continue
        position = match.start()
        while entered < len(by_stop) and nominative[by_stop[entered]].stop <= position:
            index = by_stop[entered]
            while window and window[-1] < index:
                window.pop()
            window.append(index)
            entered += 1
        while window and position - nominative[window[0]].stop >= PRONOUN_WINDOW:
            window.popleft()
        if window:
            yield position, match.end(), nominative[window[0]]


def _post_before(forms, text, start):
    # the start of a role noun among the three words before ``start``, or None
    before = list(WORD.finditer(text, max(0, start - 60), start))[-3:]
    for match in before:
        if _is_role(forms, match.group()):
            return match.start()
    return None


def _is_role(forms, word):
    lower = word.lower()
    return lower in forms or ('-' in lower and lower.rsplit('-', 1)[1] in forms)


def _distinct(found):
    # one relation per (person, object): the strongest evidence, the first in the text among equals
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    seen = {}
    for strength, start, stop, sentence, person_entity, obj_entity, role in found:
        key = (person_entity.name, obj_entity.name)
        if key in seen:
            continue
        seen[key] = Relation(person=person_entity.name, object=obj_entity.name, role=role,
                             sentence=sentence, start=start, stop=stop)
    return tuple(sorted(seen.values(), key=lambda r: (r.start, r.stop, r.person, r.object)))
