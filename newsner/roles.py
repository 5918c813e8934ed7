"""Roles: who a person is, when the text says so next to the name.

Two patterns of Russian news:

- the role before the name, in the same case: "министра энергетики
  Азербайджана Парвиза Шахбазова", "старшим вице-президентом Торговой палаты
  США по международным отношениям с членами, Ближнему Востоку и Турции Хушем
  Чокси";
- the role after the name and a comma, a dash or a bracket: "Алексей Миллер,
  председатель правления «Газпрома», ...".

A role starts with a role noun (министр, президент, глава, директор...) and the
adjectives agreeing with it, and runs through the words that depend on it
(nouns, adjectives, names, prepositions, "и", commas) up to the name. A role
noun in the genitive may depend on an earlier one ("заместитель министра").
Only the head (the role noun and its adjectives) goes to the nominative, as for
organizations in :mod:`newsner.norm`: "старшим вице-президентом Торговой палаты
США" -> "старший вице-президент Торговой палаты США".

Candidates are found cheaply first: a role noun must be among the few words
next to a name, looked up in a set of word forms built once per process; only
then are the words looked up in the dictionary. The functions take the
dictionary (``vocab``, natasha's MorphVocab) and never load a model.
"""
import re
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from .head_names import head_words
from .person_names import surname_readings
from .types import ADJ, CASE, NOM, NOUN, NUMBER, PER, PROPN, word_class
from .wordlists import word_list
from .words import CASES, Token, join_words

#: nouns that say who a person is (their lemmas); a compound with a hyphen
#: counts when its last part is one ("вице-президент", "экс-министр")
ROLE_NOUNS = word_list('role-nouns')
#: role nouns that take a person in the genitive: "помощник Иванова" is Иванов's aide
RELATIONAL_NOUNS = word_list('relational-nouns')
#: adjectives that do not belong to a role ("новый министр" is "министр")
LOOSE_ADJECTIVES = word_list('loose-adjectives')

#: how far from a name a role may start (characters)
WINDOW = 300

TOKEN = re.compile(r'\w+(?:[-‐.’\']\w+)*|[^\w\s]', re.UNICODE)
CYRILLIC = re.compile(r'^[а-яё]+(?:-[а-яё]+)*$')
# punctuation a role may hold before the name
INNER_PUNCT = set(',"«»“”„()')
OPENING = set('"«“„(')
# punctuation that introduces a role after the name
AFTER_NAME = {',', '—', '–', '-', '('}
# parts of speech of the words a role is made of
ROLE_POS = {NOUN, ADJ, PROPN, 'NUM', 'ADP'}
CONJUNCTIONS = {'и'}
FUNCTION_POS = {'ADP', 'CCONJ', 'SCONJ', 'PART', 'PRCL', 'ADV', 'PRON'}
#: prepositions that may follow a role noun
ROLE_PREPOSITIONS = {'по', 'при', 'в', 'во', 'на', 'от', 'из', 'для', 'у'}


class RoleSpan(NamedTuple):
    """A role as the text gives it: the role in the nominative, and where the words stand."""
    text: str
    start: int
    stop: int


def find_roles(vocab, text, mentions):
    """{index of a person's mention: its role in the nominative} for the mentions of ``text``."""
    return {index: span.text for index, span in find_role_spans(vocab, text, mentions).items()}


def find_role_spans(vocab, text, mentions):
    """{index of a person's mention: its :class:`RoleSpan`} for the mentions of ``text``."""
    forms = role_forms(vocab)
    roles = {}
    people = sorted((m.start, m.stop, index) for index, m in enumerate(mentions) if m.type == PER)
    for position, (_, _, index) in enumerate(people):
        # a role stops at the person before and the person after
        previous_stop = max((stop for _, stop, _ in people[max(0, position - 1):position]), default=0)
        next_start = people[position + 1][0] if position + 1 < len(people) else len(text)
        mention = mentions[index]
        role = (_role_before(vocab, forms, text, mention, previous_stop)
                or _role_after(vocab, forms, text, mention, next_start))
        if role:
            roles[index] = role
    return dict(sorted(roles.items()))


def with_roles(entities, mentions, roles):
    """``entities`` with the role of their first mention that has one."""
    if not roles:
        return entities
    found = {(mentions[i].start, mentions[i].stop): role for i, role in roles.items()}
    result = []
    for entity in entities:
        role = next((found[m.start, m.stop] for m in entity.mentions if (m.start, m.stop) in found), '')
        result.append(replace(entity, role=role) if role and not entity.role else entity)
    return tuple(result)


def role_forms(vocab):
    """Every word form of the role nouns, lower case: the prefilter."""
    return _role_forms(vocab)


@lru_cache(maxsize=4)
def _role_forms(vocab):
    forms = set()
    for lemma in ROLE_NOUNS:
        forms.add(lemma)
        for form in vocab(lemma):
            if form.pos == NOUN and form.normal.replace('ё', 'е') == lemma.replace('ё', 'е'):
                forms.update(f.word for f in form.lexeme)
    forms.update([f.replace('ё', 'е') for f in forms])
    # "после" is a form of "посол", and far more often a preposition
    return frozenset(f for f in forms if not any(form.pos in FUNCTION_POS for form in vocab(f)))


def _lemma(vocab, word):
    for form in vocab(word.lower()):
        if form.pos == NOUN:
            return form.normal
    return word.lower()


def _is_role_form(forms, word):
    word = word.lower()
    return word in forms or ('-' in word and word.rsplit('-', 1)[1] in forms)


def _tokens(text, start, stop):
    # finditer with a start position gives offsets into the whole text
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, start, stop)]


# Before the name


def _role_before(vocab, forms, text, mention, previous_stop):
    window = max(0, mention.start - WINDOW)
    start = max(window, text.rfind('\n', window, mention.start) + 1)
    if previous_stop <= mention.start:
        start = max(start, previous_stop)
    tokens = _tokens(text, start, mention.start)
    if not tokens or not any(_is_role_form(forms, t[2]) for t in tokens):
        return ''
    last = tokens[-1][2]
    if last in (',', '(') or last.lower() in CONJUNCTIONS:
        return ''
    # the words that may belong to a role, back from the name
    stretch: list = []
    for token in reversed(tokens):
        if not _may_be_in_role(vocab, token[2]):
            break
        stretch.insert(0, token)
    heads = [i for i, t in enumerate(stretch) if _is_role_form(forms, t[2]) and _noun_cases(vocab, t[2])]
    if not heads:
        return ''
    cases = _name_cases(vocab, mention)
    # a role noun in the genitive may depend on an earlier one: "заместитель министра"
    head = None
    previous = None
    for i in reversed(heads):
        if previous is not None and ('Gen' not in _noun_cases(vocab, stretch[previous][2])
                                     or _after_preposition(vocab, stretch, previous)):
            break
        previous = i
        if _noun_cases(vocab, stretch[i][2]) & cases:
            head = i
    if head is None or not _governs(vocab, stretch, head):
        return ''
    if head == len(stretch) - 1 and 'Gen' in cases and _lemma(vocab, stretch[head][2]) in RELATIONAL_NOUNS:
        return ''  # "помощник Хиллари Клинтон" is her aide
    return _normal_role(vocab, stretch, head, len(stretch), cases)


def _governs(vocab, tokens, head):
    """Whether the word after a role noun can depend on it: a genitive ("министр
    энергетики"), a name, or a preposition a role takes ("посол в России", "министр
    по делам...")."""
    if head + 1 >= len(tokens):
        return True
    word = tokens[head + 1][2]
    lower = word.lower()
    if lower in CONJUNCTIONS:
        return False  # "Президент и первая леди Джилл Байден": two people
    if word in OPENING or not CYRILLIC.match(lower) or word[0].isupper():
        return True
    if lower in ROLE_PREPOSITIONS or _is_preposition(vocab, lower):
        return lower in ROLE_PREPOSITIONS
    return any(f.feats.get(CASE) == 'Gen' for f in vocab(lower) if f.pos in (NOUN, ADJ, 'PROPN'))


def _after_preposition(vocab, tokens, index):
    while index > 0:
        index -= 1
        word = tokens[index][2]
        if _is_preposition(vocab, word):
            return True
        if not _adjective_cases(vocab, word):
            return False
    return False


def _may_be_in_role(vocab, word):
    if word in INNER_PUNCT:
        return True
    if not word[0].isalpha() and not word[0].isdigit():
        return False
    if word.isdigit() or not CYRILLIC.match(word.lower()) or word[0].isupper():
        return True  # numbers, Latin names, capitalised names
    if word in CONJUNCTIONS:
        return True
    return any(f.pos in ROLE_POS for f in vocab(word))


# After the name


def _role_after(vocab, forms, text, mention, next_start):
    line = text.find('\n', mention.stop, mention.stop + WINDOW)
    stop = min([next_start, len(text), mention.stop + WINDOW] + ([line] if line != -1 else []))
    tokens = _tokens(text, mention.stop, stop)
    if len(tokens) < 2 or tokens[0][2] not in AFTER_NAME:
        return ''
    tokens = tokens[1:]
    # adjectives, then the role noun
    head = None
    for i, token in enumerate(tokens[:4]):
        if _is_role_form(forms, token[2]):
            head = i
            break
        if not _adjective_cases(vocab, token[2]):
            return ''
    if head is None:
        return ''
    cases = _name_cases(vocab, mention)
    if not _noun_cases(vocab, tokens[head][2]) & cases:
        return ''
    end = head + 1
    while end < len(tokens):
        word = tokens[end][2]
        if word in (',', '(', ')') or not _may_be_in_role(vocab, word):
            break
        end += 1
    if not _governs(vocab, tokens[:end], head):
        return ''
    return _normal_role(vocab, tokens, head, end, cases)


# The role itself


def _normal_role(vocab, tokens, noun, end, cases):
    # tokens[noun] is the role noun, tokens[end - 1] the last word of the role
    start = noun
    noun_cases = _noun_cases(vocab, tokens[noun][2]) & cases
    while start > 0:
        word = tokens[start - 1][2]
        if word.lower() in LOOSE_ADJECTIVES or not (_adjective_cases(vocab, word) & noun_cases):
            break
        start -= 1
    if noun > start and any(tokens[i][2].lower() in LOOSE_ADJECTIVES for i in range(start, noun)):
        return ''
    # trailing words that end no role: "и", prepositions, opening quotes
    while end > noun + 1 and (_opens(tokens, noun, end - 1) or tokens[end - 1][2].lower() in CONJUNCTIONS
                              or _is_preposition(vocab, tokens[end - 1][2])):
        end -= 1
    part = tokens[start:end]
    if not _balanced(t[2] for t in part):
        return ''
    case = _choose_case(noun_cases)
    marked = []
    for i, (s, e, word) in enumerate(part):
        if start + i < noun:
            pos, feats = ADJ, _feats(vocab, word, ADJ, case)
        elif start + i == noun:
            pos, feats = NOUN, _feats(vocab, word, NOUN, case)
        else:
            pos, feats = 'X', {}
        marked.append(Token(s, e, word, pos, feats))
    words = head_words(vocab, marked)
    role = join_words(words, marked)
    first = words[0]
    if first[:1].isupper() and first[1:].islower():
        role = role[:1].lower() + role[1:]
    return RoleSpan(role, part[0][0], part[-1][1])


def _opens(tokens, start, index):
    # whether a quote or bracket at the end of a role opens rather than closes: "„Энергия“" closes
    word = tokens[index][2]
    if word == '“':
        return not any(t[2] == '„' for t in tokens[start:index])
    return word in OPENING


def _balanced(words):
    depth = 0
    quotes = 0
    for word in words:
        if word == '(':
            depth += 1
        elif word == ')':
            depth -= 1
            if depth < 0:
                return False
        elif word in ('«', '»', '„', '“'):
            if word == '“' and not depth:
                quotes += 1
                continue
            depth += 1 if word in ('«', '„') else -1
            if depth < 0:
                return False
        elif word == '"':
            quotes += 1
    return depth == 0 and quotes % 2 == 0


def _choose_case(cases):
    for case in CASES:
        if case in cases:
            return case
    return NOM


def _feats(vocab, word, pos, case):
    for form in vocab(word.lower()):
        if word_class(form.pos) == pos and form.feats.get(CASE) == case and form.feats.get(NUMBER, 'Sing') == 'Sing':
            return dict(form.feats)
    return {CASE: case, NUMBER: 'Sing'}


def _noun_cases(vocab, word):
    # the cases a role noun can have in the singular (a person is animate)
    return {f.feats[CASE] for f in vocab(word.lower())
            if f.pos == NOUN and f.feats.get(CASE) and f.feats.get(NUMBER, 'Sing') == 'Sing'}


def _adjective_cases(vocab, word):
    if not CYRILLIC.match(word.lower()):
        return set()
    return {f.feats[CASE] for f in vocab(word.lower())
            if f.pos == ADJ and f.feats.get(CASE) and f.feats.get(NUMBER, 'Sing') == 'Sing'}


def _is_preposition(vocab, word):
    return CYRILLIC.match(word.lower()) is not None and any(f.pos == 'ADP' for f in vocab(word.lower()))


def _name_cases(vocab, mention):
    """The cases the words of a person's name allow; every case when they tell nothing."""
    cases = set()
    inflected = ' '.join(mention.text.lower().split()) != ' '.join(mention.normal.lower().split())
    if not inflected:
        cases.add(NOM)
    for word in mention.text.split():
        word = word.lower()
        if not CYRILLIC.match(word) or len(word) < 2:
            continue
        if vocab.word_is_known(word):
            cases.update(f.feats[CASE] for f in vocab(word)
                         if f.pos == NOUN and f.feats.get(CASE) and f.feats.get(NUMBER, 'Sing') == 'Sing')
        else:
            readings = surname_readings(word)
            cases.update(case for case, _ in readings)
            if word[-1] in 'ая':
                cases.add(NOM)
            if not readings:
                cases.update(f.feats[CASE] for f in vocab(word) if f.feats.get(CASE))
    if inflected:
        cases.discard(NOM)
    return cases or set(CASES)
