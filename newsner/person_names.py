"""Normal forms of people's names: every part in the nominative, keeping its gender.

"Парвиза Шахбазова" -> "Парвиз Шахбазов", "Хушем Чокси" -> "Хуш Чокси".
"""
from functools import lru_cache

from .types import ADJ, CASE, GENDER, NOM, NOUN, NUMBER, word_class
from .words import (CASES, GENDERS, VOWELS, WORD, Token, abbreviation, guessed_forms, indeclinable, is_known,
                    nominative_of, recover_shape, unchanged)

# pymorphy grammemes of first names, surnames and patronymics
ANTHROPONYMS = ('Name', 'Surn', 'Patr')
# Russian surnames of the -ов/-ев/-ин type in the oblique cases, by gender:
# (ending of the oblique form, ending of the nominative). Used for surnames the
# dictionary does not know, when the tagger has told the case and gender.
SURNAME_STEMS = ('ов', 'ев', 'ёв', 'ин', 'ын')
# what each case adds to the stem, for a man (nominative: the stem) and a woman (stem + а)
SURNAME_CASES = {
    'Masc': {'Gen': 'а', 'Acc': 'а', 'Dat': 'у', 'Ins': 'ым', 'Loc': 'е'},
    'Fem': {'Gen': 'ой', 'Acc': 'у', 'Dat': 'ой', 'Ins': 'ой', 'Loc': 'ой'},
}
SURNAME_ENDINGS = {
    gender: {
        case: [(stem + ending, stem + ('а' if gender == 'Fem' else '')) for stem in SURNAME_STEMS]
        for case, ending in cases.items()
    }
    for gender, cases in SURNAME_CASES.items()
}


def person_words(vocab, tokens):
    """The parts of a person's name in the nominative.

    The parts of a name agree in case and gender, so they are read together:
    the (case, gender) that the most parts can have wins, the tagger's own
    reading first, then its gender in any case, then the rest. A known first
    name fixes the gender ("Ирина Бурьян" stays feminine), and so does a first
    part that can only be a woman's ("Каей Метсон" -> "Кая Метсон"). This mends the
    tagger's slips on names that follow other nouns ("министра ... Парвиза
    Шахбазова" read as a nominative) and reads surnames of the -ов/-ин type
    that the dictionary lacks. A part that cannot have the chosen reading
    (a foreign, indeclinable name) stays as written.
    """
    words = [t.text for t in tokens]
    parts = [i for i, t in enumerate(tokens)
             if WORD.match(t.text) and len(t.text) > 1 and not abbreviation(t.text)]
    if not parts:
        return words
    readings = {i: _person_readings(vocab, tokens[i]) for i in parts}
    genders = _name_genders(vocab, [tokens[i].text.lower() for i in parts])
    first = readings[parts[0]]
    if len(parts) > 1 and first and 'Fem' in genders and all(gender == 'Fem' for _, gender in first):
        genders = {'Fem'}  # a woman's first name makes the name a woman's: "Каей Метсон" -> "Кая Метсон"
    candidates = [c for c in _candidate_order(_tagged_reading(tokens[i] for i in parts)) if c[1] in genders]
    best = max(candidates, key=lambda c: sum(c in readings[i] for i in parts))
    if best[0] == NOM:
        return words
    for i in parts:
        if best in readings[i]:
            words[i] = recover_shape(readings[i][best], tokens[i].text)
    return words


@lru_cache(maxsize=100000)
def unchanged_person_part(vocab, word):
    # no reading of the part changes it, whatever its tags (see _person_readings)
    readings = _person_readings(vocab, Token(0, len(word), word))
    if not all(unchanged(case, nominative, word) for (case, _), nominative in readings.items()):
        return False
    lower = word.lower()
    if not is_known(vocab, lower) and indeclinable(lower):
        return not _dative_reading(vocab, lower, {CASE: 'Dat'})
    return True


def _person_readings(vocab, token):
    """{(case, gender): nominative} for one part of a person's name.

    The -ов/-ин surname endings are read first in words the dictionary does
    not know as names or adjectives ("Бордюгова" is a village, "Луговым" is
    an adjective); then come the
    dictionary's analyses, or the predictor's guesses for unknown words.
    """
    word = token.text.lower()
    known = is_known(vocab, word)
    forms = vocab(word)
    readings: dict = {}
    if not known or not any(word_class(f.pos) == ADJ and f.feats.get(CASE) or
                            any(g in f.tag for g in ANTHROPONYMS) for f in forms):
        readings.update(surname_readings(word))
    if known:
        guessed = _known_person_readings(forms, token.pos)
    else:
        guessed = _guessed_person_readings(vocab, word, token.feats or {})
    for reading, nominative in guessed.items():
        readings.setdefault(reading, nominative)
    if word[-1] in 'ая':
        readings.setdefault((NOM, 'Fem'), word)  # "Шакира", "Салсабила"
    return readings


def surname_readings(word):
    # "пальяновым" -> {('Ins', 'Masc'): 'пальянов'}, "ивановой" -> {('Gen', 'Fem'): 'иванова', ...}
    readings: dict = {}
    for gender, cases in SURNAME_ENDINGS.items():
        for case, endings in cases.items():
            for ending, nominative in endings:
                if word.endswith(ending) and len(word) > len(ending) + 1:
                    readings.setdefault((case, gender), word[:-len(ending)] + nominative)
    return readings


def _known_person_readings(forms, pos):
    # the dictionary's analyses, best first: the tagger's kind of word (adjective
    # or noun), then first names, surnames and patronymics, then nouns
    def rank(form):
        return (word_class(form.pos) != word_class(pos),
                not any(g in form.tag for g in ANTHROPONYMS),
                form.pos == ADJ)
    readings: dict = {}
    for form in sorted(_singular_forms(forms), key=rank):
        nominative = nominative_of(form)
        if nominative is None:
            continue
        for gender in _form_genders(form):
            readings.setdefault((form.feats[CASE], gender), nominative)
    return readings


def _singular_forms(forms):
    # a person is animate: an inanimate accusative is no reading of a name
    for form in forms:
        feats = form.feats
        if (word_class(form.pos) in (NOUN, ADJ) and feats.get(NUMBER, 'Sing') == 'Sing'
                and feats.get(CASE) in CASES
                and not (feats[CASE] == 'Acc' and feats.get('Animacy') == 'Inan')):
            yield form


def _form_genders(form):
    gender = form.feats.get(GENDER)
    if gender in GENDERS:
        return (gender,)
    return GENDERS if gender is None and word_class(form.pos) == NOUN else ()


def _guessed_person_readings(vocab, word, feats):
    """Readings of a part the dictionary lacks, from the predictor's guesses.

    A word ending in a vowel other than а/я is taken as indeclinable, save for
    a consonant stem + -у/-ю that the tagger reads as a dative ("Байдену" ->
    "Байден").
    """
    if indeclinable(word):
        return _dative_reading(vocab, word, feats)
    readings: dict = {}
    guesses = dict(guessed_forms(vocab, word))
    for form in _singular_forms(guesses):
        for gender in _form_genders(form):
            readings.setdefault((form.feats[CASE], gender), guesses[form])
    return readings


def _dative_reading(vocab, word, feats):
    # "байдену" (tagged Dat) -> {('Dat', 'Masc'): 'байден'}
    if feats.get(CASE) != 'Dat' or word[-1] not in 'ую' or len(word) < 3 or word[-2] in VOWELS:
        return {}
    for form, nominative in guessed_forms(vocab, word):
        if (form.feats.get(CASE) == 'Dat' and form.feats.get(GENDER) == 'Masc'
                and nominative.startswith(word[:-1])):
            return {('Dat', 'Masc'): nominative}
    return {}


def _name_genders(vocab, words):
    """The genders the name can have: a known first name ("Ирина") tells it.

    A word that is also a surname of the other gender ("Сталина") tells nothing.
    """
    genders = set(GENDERS)
    for word in words:
        if is_known(vocab, word):
            forms = [f for f in vocab(word) if any(g in f.tag for g in ANTHROPONYMS)]
            named = {f.feats.get(GENDER) for f in forms}
            if any('Name' in f.tag for f in forms) and len(named) == 1 and named <= genders:
                genders = named
    return genders


def _tagged_reading(tokens):
    cases: dict[str, int] = {}
    genders: dict[str, int] = {}
    for token in tokens:
        feats = token.feats or {}
        if feats.get(CASE) in CASES:
            cases[feats[CASE]] = cases.get(feats[CASE], 0) + 1
        if feats.get(GENDER) in GENDERS:
            genders[feats[GENDER]] = genders.get(feats[GENDER], 0) + 1
    case = max(cases, key=lambda c: cases[c]) if cases else NOM
    gender = max(genders, key=lambda g: genders[g]) if genders else None
    return case, gender


def _candidate_order(tagged):
    # max() keeps the first of equals: list the likelier readings first
    case, gender = tagged
    order = []
    genders = [gender] + [g for g in GENDERS if g != gender] if gender else list(GENDERS)
    for g in genders:
        for c in [case] + [c for c in CASES if c != case]:
            order.append((c, g))
    return order


def feminine_part(vocab, word, case):
    """The nominative of ``word`` read as a part of a woman's name in ``case``, or None.

    "Каллас" (Acc) -> "каллас", "Петрову" (Acc) -> "петрова", "Петрову" (Ins) -> None.
    """
    token = Token(0, len(word), word)
    return _person_readings(vocab, token).get((case, 'Fem'))


def is_feminine_first_name(vocab, word):
    """Whether the dictionary reads ``word`` only as a woman's first name ("Каей", "Анной")."""
    forms = [f for f in vocab(word.lower()) if 'Name' in f.tag]
    return bool(forms) and len(forms) == len(vocab(word.lower())) and all(f.feats.get(GENDER) == 'Fem'
                                                                          for f in forms)


def may_be_feminine_first_name(vocab, word):
    """Whether the dictionary reads ``word`` as a woman's first name among other readings
    ("Александра": hers, or "Александр" in the genitive)."""
    return any('Name' in f.tag and f.feats.get(GENDER) == 'Fem' for f in vocab(word.lower()))


def feminine_declension(name):
    """{written form, lower case: its case} of a woman's first name in -а/-я:
    "Кая" -> {"кая": Nom, "каи": Gen, "кае": Dat, "каю": Acc, "каей": Ins}."""
    lower = name.lower()
    if len(lower) < 3 or lower[-1] not in 'ая':
        return {}
    stem, soft = lower[:-1], lower[-1] == 'я'
    hushing = stem[-1] in 'гкхжчшщ'
    forms = {lower: NOM}
    forms[stem + ('и' if soft or hushing else 'ы')] = 'Gen'
    forms[stem + ('ю' if soft else 'у')] = 'Acc'
    forms[stem + ('ей' if soft or stem[-1] in 'жчшщц' else 'ой')] = 'Ins'
    forms.setdefault(stem + ('и' if lower.endswith('ия') else 'е'), 'Dat')
    return forms
