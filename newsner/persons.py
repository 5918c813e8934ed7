"""People: the parts of a name, and which mentions of a text name one person.

"Парвиз Шахбазов", "П. Шахбазов" and "Шахбазов" are one person when the text
names no other Шахбазов; "Сергей Иванов" and "Андрей Иванов" are two people,
and a lone "Иванов" beside them joins neither. The functions work on normal
forms (the nominative, as the pipeline gives them) and never load a model: a
word that may be a first name is told by an optional ``is_first_name``
callable (the pipeline asks the dictionary).
"""
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .person_names import (feminine_declension, feminine_part, is_feminine_first_name, may_be_feminine_first_name,
                           surname_readings)
from .rules.text import after_open_bracket
from .types import PER
from .wordlists import word_list
from .words import CASES, recover_shape

INITIAL = re.compile(r'^[A-ZА-ЯЁ]\.?$')
# "П.А." -> "П. А.", "П.Шахбазов" -> "П. Шахбазов"
GLUED_INITIAL = re.compile(r'(?<![\w.])([A-ZА-ЯЁ]\.)(?=[A-ZА-ЯЁ])')
PATRONYMIC_ENDINGS = ('вич', 'вна', 'ична', 'инична')
# the words of a patronymic in Turkic names: "Гейдар оглы"
PATRONYMIC_WORDS = ('оглы', 'кызы', 'улы')
# lower-case particles that belong to the surname: "ван Бетховен", "аль-Асад"
SURNAME_PARTICLES = word_list('surname-particles')


@dataclass(frozen=True)
class Name:
    """The parts of a person's name; an initial keeps its dot ("П.")."""
    first: str = ''
    middle: str = ''
    last: str = ''

    def as_dict(self):
        return {'first': self.first, 'middle': self.middle, 'last': self.last}


def is_initial(word):
    return bool(INITIAL.match(word))


def is_patronymic(word):
    word = word.lower()
    return word.endswith(PATRONYMIC_ENDINGS) and len(word) > 5


def name_parts(normal, *, is_first_name=None):
    """The first, middle and last name in the normal form of a person's name.

    >>> name_parts('Парвиз Шахбазов')
    Name(first='Парвиз', middle='', last='Шахбазов')
    >>> name_parts('Шахбазов П. А.')
    Name(first='П.', middle='А.', last='Шахбазов')

    One word is a surname, unless ``is_first_name`` says it is a first name;
    two words are a first name and a surname, or the reverse when only the
    second is a first name, or a first name and a patronymic; with three words
    or more the patronymic tells the order ("Иванов Иван Иванович"), else the
    first word is the first name and the last the surname ("Мартин Лютер Кинг").
    """
    words = GLUED_INITIAL.sub(r'\1 ', normal).split()
    if not words:
        return Name()
    first_name = is_first_name or (lambda word: False)
    initials = [w for w in words if is_initial(w)]
    others = [w for w in words if not is_initial(w)]
    if initials:
        # "П. А. Шахбазов", "Шахбазов П. А.": the words are the surname
        return Name(first=_dotted(initials[0]), middle=' '.join(_dotted(i) for i in initials[1:]),
                    last=' '.join(others))
    if words[0] in SURNAME_PARTICLES:
        return Name(last=' '.join(words))  # "фон дер Ляйен", "де Голль": a surname alone
    if len(words) == 1:
        word = words[0]
        return Name(first=word) if first_name(word) else Name(last=word)
    if len(words) == 2:
        a, b = words
        if is_patronymic(b) or b.lower() in PATRONYMIC_WORDS:
            return Name(first=a, middle=b)
        if first_name(b) and not first_name(a):
            return Name(first=b, last=a)
        return Name(first=a, last=b)
    middle = [i for i, w in enumerate(words) if is_patronymic(w) or w.lower() in PATRONYMIC_WORDS]
    if middle and middle[-1] == len(words) - 1 and not first_name(words[0]):
        # "Иванов Иван Иванович": surname first
        return Name(first=words[1], middle=' '.join(words[2:]), last=words[0])
    last = len(words) - 1
    while last > 1 and words[last - 1].lower() in SURNAME_PARTICLES:
        last -= 1
    return Name(first=words[0], middle=' '.join(words[1:last]), last=' '.join(words[last:]))


@lru_cache(maxsize=4)
def first_names(vocab):
    """``is_first_name`` by the dictionary: whether a word can be a first name ("Парвиз" is not known)."""
    @lru_cache(maxsize=50000)
    def is_first_name(word):
        forms = [form for form in vocab(word.lower()) if form.tag.POS == 'NOUN']
        return (any({'Name', 'sing', 'nomn'} in form.tag for form in forms)
                and not any('Surn' in form.tag for form in forms))
    return is_first_name


def _dotted(initial):
    return initial if initial.endswith('.') else initial + '.'


def _compatible(a, b):
    # two parts of one kind: equal, or an initial and a name it begins
    if not a or not b:
        return True
    if is_initial(a) or is_initial(b):
        return a[0].lower() == b[0].lower()
    return a.lower() == b.lower()


def person_links(mentions, *, is_first_name=None):
    """Pairs of indexes of ``mentions`` (of any types) that name one person.

    A person is a first name with a surname ("Парвиз Шахбазов"); a mention
    with less ("П. Шахбазов", "Шахбазов", "Шахбазова" written for the
    genitive) joins the person it fits when exactly one person of the text
    fits it. Mentions with an initial and a surname that fit no full name are
    people of their own, so that "П. Шахбазов" and "А. Шахбазов" keep a lone
    "Шахбазов" apart. Persons with the same surname and different first
    names never join.
    """
    names = {i: name_parts(m.normal, is_first_name=is_first_name)
             for i, m in enumerate(mentions) if m.type == PER and m.normal.strip()}
    people: dict[tuple[str, str], list[int]] = {}  # (last, first) -> [mention indexes]
    for i, name in names.items():
        if name.first and name.last and not is_initial(name.first):
            people.setdefault((name.last.lower(), name.first.lower()), []).append(i)
    surfaces = {}  # person -> surnames as written ("Шахбазова" in "Парвиза Шахбазова")
    for key, indexes in people.items():
        written = {key[0]}
        for i in indexes:
            words = mentions[i].text.split()
            if words and len(words) == len(mentions[i].normal.split()):
                written.add(words[-1].lower() if names[i].last == mentions[i].normal.split()[-1]
                            else words[0].lower())
        surfaces[key] = written

    links: list[tuple[int, int]] = []
    for indexes in people.values():
        links.extend((indexes[0], i) for i in indexes[1:])
    # a surname, a first name -> the persons with it, in order
    by_last: dict[str, list[tuple[str, str]]] = {}
    by_first: dict[str, list[tuple[str, str]]] = {}
    for key in people:
        by_last.setdefault(key[0], []).append(key)
        by_first.setdefault(key[1], []).append(key)

    # initials: "П. Шахбазов" joins the one Парвиз/Пётр Шахбазов, else is someone of its own
    initialed: dict[tuple[str, str], int] = {}
    for i, name in names.items():
        if name.last and name.first and is_initial(name.first):
            fits = [key for key in by_last.get(name.last.lower(), ())
                    if _compatible(name.first, key[1]) and _compatible(name.middle, names[people[key][0]].middle)]
            if len(fits) == 1:
                links.append((people[fits[0]][0], i))
            elif not fits:
                key = (name.last.lower(), name.first.lower()[0])
                if key in initialed:
                    links.append((initialed[key], i))
                else:
                    initialed[key] = i

    # a lone surname, or a first name with or without a patronymic
    surnames = {key[0] for key in people} | {key[0] for key in initialed}
    lone = _LoneSurnames(people, surfaces, initialed)
    for i, name in names.items():
        if name.last and name.first:
            continue
        if not name.last and not name.middle and name.first.lower() in surnames:
            name = Name(last=name.first)
        if name.last:
            target = lone.target(name.last, mentions[i].text)
        else:
            alike = {key for key in by_first.get(name.first.lower(), ())
                     if _compatible(name.middle, names[people[key][0]].middle)}
            target = people[alike.pop()][0] if len(alike) == 1 else None
        if target is not None:
            links.append((target, i))
    return links


class _LoneSurnames:
    """Which person a lone surname names, looked up by surname and by the surnames as written."""

    def __init__(self, people, surfaces, initialed):
        self.people, self.initialed = people, initialed
        # a surname, or a surname as written -> the persons (people's keys,
        # then initialed ones) it fits
        self.by_last: dict[str, list] = {}
        self.by_written: dict[str, list] = {}
        for key in list(people) + list(initialed):
            self.by_last.setdefault(key[0], []).append(key)
            for written in surfaces.get(key, (key[0],)):
                self.by_written.setdefault(written, []).append(key)

    def target(self, last, written):
        """The mention index of the one person a lone surname names, or None: the
        first way that fits anyone decides (the surname; as written; a masculine
        nominative of the written form), and it must fit exactly one."""
        last, written = last.lower(), written.lower()
        tries = (
            lambda: self.by_last.get(last, []),
            lambda: self.by_written.get(written, []),
            lambda: [key for nominative in _masculine_nominatives(written) for key in self.by_last.get(nominative, [])],
        )
        for fits in tries:
            found = fits()
            if found:
                if len(found) == 1:
                    key = found[0]
                    return self.people[key][0] if key in self.people else self.initialed[key]
                return None
        return None


def _masculine_nominatives(word):
    return {nominative for (case, gender), nominative in surname_readings(word).items()
            if gender == 'Masc'}


def name_people(entities, *, is_first_name=None):
    """``entities`` with each person named by its fullest name: a first name and a surname
    before a first name and a patronymic ("Владимир Путин", not "Владимир Владимирович"),
    then the most parts, then the longest."""
    result = []
    for entity in entities:
        if entity.type != PER or not entity.aliases:
            result.append(entity)
            continue
        normals = [entity.name] + list(entity.aliases)

        def fullness(normal):
            name = name_parts(normal, is_first_name=is_first_name)
            full = bool(name.first and name.last and not is_initial(name.first))
            parts = sum(bool(part) for part in (name.first, name.middle, name.last))
            return (full, bool(name.last), parts, len(normal))

        best = max(normals, key=fullness)
        if best != entity.name:
            aliases = tuple(n for n in normals if n != best)
            entity = replace(entity, name=best, aliases=aliases)
        result.append(entity)
    return tuple(result)


def feminine_names(vocab, mentions):
    """``mentions`` with the people a woman's first name tells as women read so throughout.

    A first name the dictionary knows only as a woman's ("Каей Каллас") makes
    every mention of the text with the same surname and a form of that name
    ("Кая Каллас" that the tagger read as the genitive of "Кай", "Каю Каллас")
    hers: its normal form takes her first name and the feminine surname, so the
    mentions group as one person.
    """
    women = {}  # (surname, first name) in lower case -> the first name as written in a normal form
    for mention in mentions:
        words = mention.text.split()
        name = name_parts(mention.normal)
        if mention.type == PER and len(words) >= 2 and name.first and name.last and not is_initial(name.first) \
                and is_feminine_first_name(vocab, words[0]):
            women[(name.last.lower(), name.first.lower())] = name.first
    if not women:
        return mentions
    forms: dict = {}  # (surname, a written form of her first name) -> (her first name, its case)
    for (last, first), written in women.items():
        for form, case in feminine_declension(first).items():
            forms.setdefault((last, form), (written, case))
    result = list(mentions)
    for index, mention in enumerate(mentions):
        words = mention.text.split()
        name = name_parts(mention.normal)
        if mention.type != PER or len(words) < 2 or not name.first or not name.last \
                or (name.last.lower(), name.first.lower()) in women:
            continue
        surname = words[-1]
        for case in CASES:
            nominative = feminine_part(vocab, surname, case)
            if nominative is None:
                continue
            found = forms.get((nominative, words[0].lower()))
            if found is not None and found[1] == case:
                last = recover_shape(nominative, surname)
                normal = ' '.join([found[0]] + words[1:-1] + [last])
                result[index] = replace(mention, normal=normal)
                break
    return result


def oblique_names(vocab, mentions):
    """``mentions`` with a person's name left in an oblique case read as its nominative.

    The normal form of a foreign name is sometimes the name as written in the
    genitive ("Лиама Хоулетта", "Андреа Падована") while another mention of
    the text has the nominative ("Лиам Хоулетт"): one person would be two. A
    normal form whose surname is another's plus "а" or "я", with the same first
    name or that name plus the same ending (and no woman's name: "Александра"),
    takes the other's. When the first name is a woman's ("Анна Иванова" beside
    "Анна Иванов"), the feminine surname is hers and the other takes it.
    """
    people: dict[tuple[str, ...], str] = {}  # lower-case words of a person's normal form -> the normal form
    for mention in mentions:
        if mention.type == PER and len(mention.normal.split()) >= 2:
            people.setdefault(tuple(mention.normal.lower().split()), mention.normal)
    if len(people) < 2:
        return mentions
    better: dict[str, str] = {}
    for words, normal in people.items():
        for ending in ('а', 'я'):
            if not words[-1].endswith(ending) or len(words[-1]) < 4:
                continue
            firsts = [words[:-1]]
            if words[0].endswith(ending) and len(words[0]) > 2:
                firsts.append((words[0][:-1],) + words[1:-1])
            for first in firsts:
                other = people.get(first + (words[-1][:-1],))
                if other is None or other == normal:
                    continue
                if first != words[:-1] and may_be_feminine_first_name(vocab, normal.split()[0]):
                    continue  # "Александра Иванова" may be his sister
                if is_feminine_first_name(vocab, normal.split()[0]):
                    better[other] = normal
                else:
                    better[normal] = other
    if not better:
        return mentions
    return [replace(m, normal=better[m.normal]) if m.type == PER and m.normal in better else m for m in mentions]


def bracket_links(text, mentions):
    """Pairs of indexes of person mentions that are one person's first name in brackets and
    the surname right after the bracket: "госпожой (Урсулой) фон дер Ляйен"."""
    links = []
    for i in range(len(mentions) - 1):
        first, last = mentions[i], mentions[i + 1]
        if first.type == PER and last.type == PER and after_open_bracket(text, first.start) \
                and text[first.stop:last.start].strip() == ')' and len(first.text.split()) == 1:
            links.append((i, i + 1))
    return links

