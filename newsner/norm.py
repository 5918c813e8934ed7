"""Normal forms: a name in the nominative, inflecting only its head.

The functions here take tagged tokens (text, pos, feats in Universal
Dependencies terms, as slovnet's morph tagger gives them) and a ``vocab``: a
callable that maps a lower-case word to its dictionary analyses, each with
``pos``, ``feats`` and ``inflect(grams)`` (natasha's MorphVocab). They never
load a model themselves.

- People: every part of the name goes to the nominative, keeping its gender:
  "Парвиза Шахбазова" -> "Парвиз Шахбазов", "Хушем Чокси" -> "Хуш Чокси".
- Places and organizations: the head noun and the adjectives before it go to
  the nominative, the rest stays as written: "Государственного агентства по
  возобновляемым источникам энергии" -> "Государственное агентство по
  возобновляемым источникам энергии", "Центральной Азией" -> "Центральная Азия".
  Words in quotes are names and are never inflected.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache

NOUN = 'NOUN'
PROPN = 'PROPN'
ADJ = 'ADJ'
DET = 'DET'
VERB = 'VERB'
NUM = 'NUM'

NOM = 'Nom'
CASE = 'Case'
GENDER = 'Gender'
NUMBER = 'Number'

QUOTES = set('"«»“”„‘’\'`')
WORD = re.compile(r'^[а-яёА-ЯЁ]+(-[а-яёА-ЯЁ]+)*$')
# a Latin or digit prefix joined to a Russian word: "Telegram-канале"
LATIN_PREFIX = re.compile(r'^([A-Za-z0-9]+-)([а-яёА-ЯЁ]+)$')

CASES = ('Nom', 'Gen', 'Acc', 'Dat', 'Ins', 'Loc')
GENDERS = ('Masc', 'Fem')
VOWELS = set('аяоёэеуюыи')
# pymorphy grammemes of first names, surnames and patronymics
ANTHROPONYMS = ('Name', 'Surn', 'Patr')
# how a guessed nominative may end once the ending of the written word is off
ADJECTIVE_ENDINGS = ('ого', 'его', 'ому', 'ему')
NOMINATIVE_ENDINGS = {'', 'а', 'я', 'ь', 'й', 'ий', 'ый', 'ой', 'ая', 'яя', 'о', 'е', 'ое', 'ее', 'ы', 'и'}

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


@dataclass(frozen=True)
class Token:
    """A word of a name with its offsets in the text and its morphological tags."""
    start: int
    stop: int
    text: str
    pos: str = 'X'
    feats: dict = field(default_factory=dict, hash=False, compare=False)


def recover_shape(word, ref):
    """Give ``word`` the letter case and spelling of ``ref``: "пётр" like "Петра" -> "Петр".

    A writer who put no "ё" in a word gets none back from the dictionary.
    """
    if 'ё' not in ref.lower():
        word = word.replace('ё', 'е').replace('Ё', 'Е')
    if word.lower() == ref.lower():
        return ref
    parts, refs = word.split('-'), ref.split('-')
    if len(parts) != len(refs):
        refs = [ref] * len(parts)
    return '-'.join(_shape_part(part, r) for part, r in zip(parts, refs))


def _shape_part(part, ref):
    if not ref or ref.islower():
        return part.lower()
    if ref.isupper() and len(ref) > 1:
        return part.upper()
    if ref[0].isupper():
        return part[:1].upper() + part[1:].lower()
    return part


def join_words(words, tokens):
    """Join words as their tokens stood in the text, any run of spaces or line breaks as one space."""
    parts = []
    offset = None
    for word, token in zip(words, tokens):
        if offset is not None:
            parts.append(' ' if token.start > offset else '')
        parts.append(word)
        offset = token.stop
    return ''.join(parts)


def normalize(vocab, type, tokens):
    """The normal form of a name made of ``tokens`` (of one type: 'PER', 'LOC', 'ORG', ...)."""
    if not tokens:
        return ''
    if type == 'PER':
        words = person_words(vocab, tokens)
    else:
        words = head_words(vocab, tokens)
    return join_words(words, tokens)


# Names whose normal form needs no tags


def needs_tags(vocab, type, words):
    """Whether the normal form of a name made of ``words`` can depend on its morph tags.

    It cannot when no reading of any word the normal form could inflect
    changes that word: every reading is a nominative, or has the word itself
    as its nominative ("Казахстан", nominative or accusative). The name is
    then its own normal form whatever the tagger says ("Владимир Путин",
    "Москва", "Министерство энергетики"), and the tagger need not run. Words
    the dictionary does not know need tags, save the parts of a person's name
    whose guessed readings do not depend on them.
    """
    if type == 'PER':
        return any(not _unchanged_person_part(vocab, word) for word in words
                   if WORD.match(word) and len(word) > 1 and not _abbreviation(word))
    return any(not _unchanged_head_word(vocab, word) for word in words if _may_head(word))


def _unchanged(case, nominative, written):
    # whether a reading leaves the written word as it is: a nominative is never inflected
    return case == NOM or recover_shape(nominative, written) == written


@lru_cache(maxsize=100000)
def _unchanged_person_part(vocab, word):
    # no reading of the part changes it, whatever its tags (see _person_readings)
    readings = _person_readings(vocab, Token(0, len(word), word))
    if not all(_unchanged(case, nominative, word) for (case, _), nominative in readings.items()):
        return False
    lower = word.lower()
    if not _is_known(vocab, lower) and _indeclinable(lower):
        return not _dative_reading(vocab, lower, {CASE: 'Dat'})
    return True


def _may_head(word):
    # whether a word can be in a head group, whatever its tags (see _head_kind)
    _, written = _split_prefix(word)
    return word not in QUOTES and bool(WORD.match(written)) and len(written) >= 2 and not _abbreviation(written)


@lru_cache(maxsize=100000)
def _unchanged_head_word(vocab, word):
    # a known word that no reading changes, whatever its tags (see _agreement_readings)
    _, written = _split_prefix(word)
    lower = written.lower()
    if not _is_known(vocab, lower):
        return False
    for form in vocab(lower):
        case = form.feats.get(CASE)
        if case in CASES and case != NOM:
            nominative = nominative_of(form)
            if nominative is not None and not _unchanged(case, nominative, written):
                return False
    return True


# Words the dictionary does not know


@lru_cache(maxsize=100000)
def _is_known(vocab, word):
    # whether the dictionary knows the word (the predictor's guesses aside); cached, as
    # the dictionary looks every word up again with its ё/е variants
    return vocab.word_is_known(word)


def _plausible_guess(word, nominative):
    """Whether a guessed nominative only swaps the ending of ``word``: "уитакера" -> "уитакер", not "уитакёр"."""
    common = 0
    while common < min(len(word), len(nominative)) and word[common] == nominative[common]:
        common += 1
    return common >= len(word) - 3 and nominative[common:] in NOMINATIVE_ENDINGS


def _indeclinable(word):
    """Whether an unknown word looks indeclinable: it ends in a vowel other than а/я ("Роналду", "Версаче").

    Adjectival endings ("Павликовского", "Галчанскому") do not count.
    """
    return word[-1] in VOWELS and word[-1] not in 'ая' and not word.endswith(ADJECTIVE_ENDINGS)


def _abbreviation(text):
    """Whether a word is written in capitals: "ФИНАМ", "СвЖД", "ПроеКТОриЯ" (not "МакКей")."""
    return any(part.isupper() or sum(c.isupper() for c in part) > 2 for part in text.split('-'))


@lru_cache(maxsize=100000)
def nominative_of(form):
    """The nominative of a dictionary analysis (its word), or None; cached, as inflecting builds the whole lexeme."""
    nominative = form.inflect({NOM})
    return nominative.word if nominative is not None else None


def _guessed_forms(vocab, word):
    # the predictor's analyses of an unknown word whose nominatives are plausible
    for form in vocab(word):
        nominative = nominative_of(form)
        if nominative is not None and _plausible_guess(word, nominative):
            yield form, nominative


# People


def person_words(vocab, tokens):
    """The parts of a person's name in the nominative.

    The parts of a name agree in case and gender, so they are read together:
    the (case, gender) that the most parts can have wins, the tagger's own
    reading first, then its gender in any case, then the rest. A known first
    name fixes the gender ("Ирина Бурьян" stays feminine). This mends the
    tagger's slips on names that follow other nouns ("министра ... Парвиза
    Шахбазова" read as a nominative) and reads surnames of the -ов/-ин type
    that the dictionary lacks. A part that cannot have the chosen reading
    (a foreign, indeclinable name) stays as written.
    """
    words = [t.text for t in tokens]
    parts = [i for i, t in enumerate(tokens)
             if WORD.match(t.text) and len(t.text) > 1 and not _abbreviation(t.text)]
    if not parts:
        return words
    readings = {i: _person_readings(vocab, tokens[i]) for i in parts}
    genders = _name_genders(vocab, [tokens[i].text.lower() for i in parts])
    candidates = [c for c in _candidate_order(_tagged_reading(tokens[i] for i in parts)) if c[1] in genders]
    best = max(candidates, key=lambda c: sum(c in readings[i] for i in parts))
    if best[0] == NOM:
        return words
    for i in parts:
        if best in readings[i]:
            words[i] = recover_shape(readings[i][best], tokens[i].text)
    return words


def _person_readings(vocab, token):
    """{(case, gender): nominative} for one part of a person's name.

    The -ов/-ин surname endings are read first in words the dictionary does
    not know as names or adjectives ("Бордюгова" is a village, "Луговым" is
    an adjective); then come the
    dictionary's analyses, or the predictor's guesses for unknown words.
    """
    word = token.text.lower()
    known = _is_known(vocab, word)
    forms = vocab(word)
    readings = {}
    if not known or not any(_word_class(f.pos) == ADJ and f.feats.get(CASE) or
                            any(g in f.tag for g in ANTHROPONYMS) for f in forms):
        readings.update(_surname_readings(word))
    if known:
        guessed = _known_person_readings(forms, token.pos)
    else:
        guessed = _guessed_person_readings(vocab, word, token.feats or {})
    for reading, nominative in guessed.items():
        readings.setdefault(reading, nominative)
    if word[-1] in 'ая':
        readings.setdefault((NOM, 'Fem'), word)  # "Шакира", "Салсабила"
    return readings


def _surname_readings(word):
    # "пальяновым" -> {('Ins', 'Masc'): 'пальянов'}, "ивановой" -> {('Gen', 'Fem'): 'иванова', ...}
    readings = {}
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
        return (_word_class(form.pos) != _word_class(pos),
                not any(g in form.tag for g in ANTHROPONYMS),
                form.pos == ADJ)
    readings = {}
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
        if (_word_class(form.pos) in (NOUN, ADJ) and feats.get(NUMBER, 'Sing') == 'Sing'
                and feats.get(CASE) in CASES
                and not (feats[CASE] == 'Acc' and feats.get('Animacy') == 'Inan')):
            yield form


def _form_genders(form):
    gender = form.feats.get(GENDER)
    if gender in GENDERS:
        return (gender,)
    return GENDERS if gender is None and _word_class(form.pos) == NOUN else ()


def _guessed_person_readings(vocab, word, feats):
    """Readings of a part the dictionary lacks, from the predictor's guesses.

    A word ending in a vowel other than а/я is taken as indeclinable, save for
    a consonant stem + -у/-ю that the tagger reads as a dative ("Байдену" ->
    "Байден").
    """
    if _indeclinable(word):
        return _dative_reading(vocab, word, feats)
    readings = {}
    guesses = dict(_guessed_forms(vocab, word))
    for form in _singular_forms(guesses):
        for gender in _form_genders(form):
            readings.setdefault((form.feats[CASE], gender), guesses[form])
    return readings


def _dative_reading(vocab, word, feats):
    # "байдену" (tagged Dat) -> {('Dat', 'Masc'): 'байден'}
    if feats.get(CASE) != 'Dat' or word[-1] not in 'ую' or len(word) < 3 or word[-2] in VOWELS:
        return {}
    for form, nominative in _guessed_forms(vocab, word):
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
        if _is_known(vocab, word):
            forms = [f for f in vocab(word) if any(g in f.tag for g in ANTHROPONYMS)]
            named = {f.feats.get(GENDER) for f in forms}
            if any('Name' in f.tag for f in forms) and len(named) == 1 and named <= genders:
                genders = named
    return genders


def _tagged_reading(tokens):
    cases, genders = {}, {}
    for token in tokens:
        feats = token.feats or {}
        if feats.get(CASE) in CASES:
            cases[feats[CASE]] = cases.get(feats[CASE], 0) + 1
        if feats.get(GENDER) in GENDERS:
            genders[feats[GENDER]] = genders.get(feats[GENDER], 0) + 1
    case = max(cases, key=cases.get) if cases else NOM
    gender = max(genders, key=genders.get) if genders else None
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


# Places and organizations


def head_words(vocab, tokens):
    """The words of a place or organization, its head group in the nominative.

    The head group is the first noun with the adjectives before it (numbers
    such as "5" skipped, adjectives joined by "и" kept: "Тверской и Кашинской
    епархии"). Its words agree in case and number, so they are read together
    as for people: the reading the noun and most adjectives share, the
    tagger's first. Words the dictionary knows only as adjectives are
    adjectives whatever the tagger says ("Ореховского районного суда").
    """
    words = [t.text for t in tokens]
    group = _head_group(vocab, tokens)
    if not group:
        return words
    if not any((tokens[i].feats or {}).get(CASE) for i, _ in group):
        return words
    readings = {i: _agreement_readings(vocab, tokens[i], kind) for i, kind in group}
    nouns = [i for i, kind in group if kind == NOUN]
    candidates = _agreement_order(tokens, group, readings)
    if not candidates:
        return words
    best = max(candidates, key=lambda r: (all(r in readings[i] for i in nouns),
                                          sum(r in readings[i] for i, _ in group)))
    if best[0] == NOM:
        return words
    for i, _ in group:
        if best in readings[i]:
            prefix, written = _split_prefix(tokens[i].text)
            words[i] = prefix + recover_shape(readings[i][best], written)
    return words


def _split_prefix(text):
    """("Telegram-", "канале") for "Telegram-канале"; ("", text) for other words."""
    match = LATIN_PREFIX.match(text)
    return (match.group(1), match.group(2)) if match else ('', text)


def _head_group(vocab, tokens):
    # [(index, ADJ or NOUN)] of the head group
    group = []
    for index, token in enumerate(tokens):
        if token.text.isdigit() and not group:
            continue
        if token.text.lower() == 'и' and group:
            continue
        kind = _head_kind(vocab, token)
        if kind is None:
            break
        group.append((index, kind))
        if kind == NOUN:
            break
    return group


def _head_kind(vocab, token):
    """ADJ or NOUN for a word of the head group, None for a word that ends it.

    A noun by the tagger that the dictionary knows only as an adjective is an
    adjective ("Ореховского" in "Ореховского районного суда").
    """
    _, word = _split_prefix(token.text)
    if token.text in QUOTES or not WORD.match(word) or len(word) < 2 or _abbreviation(word):
        return None
    word = word.lower()
    kind = _word_class(token.pos)
    if kind == NOUN and _is_known(vocab, word):
        classes = {_word_class(f.pos) for f in vocab(word) if f.feats.get(CASE)}
        if ADJ in classes and NOUN not in classes:
            return ADJ
    return kind if kind in (NOUN, ADJ) else None


def _agreement_readings(vocab, token, kind):
    """{(case, number, gender): nominative} of a word of the head group; gender is None in the plural."""
    _, word = _split_prefix(token.text)
    word = word.lower()
    if _is_known(vocab, word):
        forms = [(f, nominative_of(f)) for f in vocab(word)]
        forms = [(f, n) for f, n in forms if n is not None]
    else:
        tagged = _reading(token.feats or {})[:2]
        forms = [(f, n) for f, n in _guessed_forms(vocab, word) if _reading(f.feats)[:2] == tagged]
    readings = {}
    for form, nominative in forms:
        if _word_class(form.pos) == kind and form.feats.get(CASE) in CASES:
            readings.setdefault(_reading(form.feats), nominative)
    return readings


def _reading(feats):
    number = feats.get(NUMBER, 'Sing')
    return feats.get(CASE), number, feats.get(GENDER) if number == 'Sing' else None


def _agreement_order(tokens, group, readings):
    # the tagger's readings of the noun, then of the adjectives, then the rest
    order = []
    for i, kind in sorted(group, key=lambda g: g[1] != NOUN):
        tagged = _reading(tokens[i].feats or {})
        if tagged[0] and tagged not in order:
            order.append(tagged)
    for i, _ in sorted(group, key=lambda g: g[1] != NOUN):
        order.extend(r for r in readings[i] if r not in order)
    return [r for r in order if any(r in readings[i] for i, _ in group)]


def _word_class(pos):
    """NOUN for nouns and proper nouns, ADJ for adjectives, determiners and participles."""
    if pos in (NOUN, PROPN):
        return NOUN
    if pos in (ADJ, DET, VERB, NUM):
        return ADJ
    return pos
