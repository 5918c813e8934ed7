"""Normal forms of places and organizations: the head noun and the adjectives before it in the nominative.

"Государственного агентства по возобновляемым источникам энергии" ->
"Государственное агентство по возобновляемым источникам энергии",
"Центральной Азией" -> "Центральная Азия". Words in quotes are names and are
never inflected.
"""
from functools import lru_cache

from .types import ADJ, CASE, GENDER, NOM, NOUN, NUMBER, QUOTES, word_class
from .words import (CASES, WORD, abbreviation, guessed_forms, is_known, nominative_of, recover_shape, split_prefix,
                    unchanged)


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
            prefix, written = split_prefix(tokens[i].text)
            words[i] = prefix + recover_shape(readings[i][best], written)
    return words


def may_head(word):
    # whether a word can be in a head group, whatever its tags (see _head_kind)
    _, written = split_prefix(word)
    return word not in QUOTES and bool(WORD.match(written)) and len(written) >= 2 and not abbreviation(written)


@lru_cache(maxsize=100000)
def unchanged_head_word(vocab, word):
    # a known word that no reading changes, whatever its tags (see _agreement_readings)
    _, written = split_prefix(word)
    lower = written.lower()
    if not is_known(vocab, lower):
        return False
    for form in vocab(lower):
        case = form.feats.get(CASE)
        if case in CASES and case != NOM:
            nominative = nominative_of(form)
            if nominative is not None and not unchanged(case, nominative, written):
                return False
    return True


def _head_group(vocab, tokens):
    # [(index, ADJ or NOUN)] of the head group
    group: list[tuple[int, str]] = []
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
    _, word = split_prefix(token.text)
    if token.text in QUOTES or not WORD.match(word) or len(word) < 2 or abbreviation(word):
        return None
    word = word.lower()
    kind = word_class(token.pos)
    if kind == NOUN and is_known(vocab, word):
        classes = {word_class(f.pos) for f in vocab(word) if f.feats.get(CASE)}
        if ADJ in classes and NOUN not in classes:
            return ADJ
    return kind if kind in (NOUN, ADJ) else None


def _agreement_readings(vocab, token, kind):
    """{(case, number, gender): nominative} of a word of the head group; gender is None in the plural."""
    _, word = split_prefix(token.text)
    word = word.lower()
    if is_known(vocab, word):
        forms = [(f, nominative_of(f)) for f in vocab(word)]
        forms = [(f, n) for f, n in forms if n is not None]
    else:
        tagged = _reading(token.feats or {})[:2]
        forms = [(f, n) for f, n in guessed_forms(vocab, word) if _reading(f.feats)[:2] == tagged]
    readings: dict = {}
    for form, nominative in forms:
        if word_class(form.pos) == kind and form.feats.get(CASE) in CASES:
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
