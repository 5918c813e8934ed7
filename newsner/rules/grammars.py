"""yargy grammars: names after a descriptor in quotes, and state bodies written in lower case.

The grammars are compiled once per process and run only on short windows that
a regular expression has picked out, never on whole texts.

- Names in quotes: a descriptor, perhaps with adjectives, then a name in quotes:
  "компания «Газпром нефть»", "нацпроект «Экология»", "газеты «Труд»". The
  descriptor tells the kind (INITIATIVE for programs, projects, routes...).
- State bodies in lower case, which the model misses:
  "министерство энергетики", "федеральной службы безопасности",
  "агентство по регулированию энергетических вопросов". A bare "министерство"
  or "служба" is no name: the grammar wants a complement or a state adjective.
"""
import re

from yargy import Parser, and_, not_, or_, rule
from yargy.morph import MorphAnalyzer
from yargy.predicates import dictionary, eq, gram, in_, is_lower
from yargy.tokenizer import MorphTokenizer

from ..types import CLOSE_QUOTES, COMPANY, DOUBLE_QUOTES, INITIATIVE, MEDIA, OPEN_QUOTES, ORG
from ..wordlists import word_list
from .fragments import plural


#: descriptors of a quoted name and the kind they give it
QUOTED_DESCRIPTORS = {kind: word_list('quoted-descriptors-' + kind.value.lower())
                      for kind in (INITIATIVE, COMPANY, MEDIA, ORG)}
QUOTED_KIND = {word: kind for kind, descriptors in QUOTED_DESCRIPTORS.items() for word in descriptors}
QUOTED_PREFILTER = re.compile(r'[«"„“]')
#: Russian words as yargy's tokenizer cuts them
RUSSIAN_WORDS = re.compile(r'[а-яё]+', re.IGNORECASE)
#: a comma or "и" between two names in quotes of one list, up to the next opening quote
LIST_AFTER = re.compile(r'[ \t]*(?:,[ \t]*(?:а[ \t]+также|и)?|и|а[ \t]+также)[ \t]*[«"„“]')
#: how many words may stand between a descriptor and its quote, the descriptor included
DESCRIPTOR_REACH = 4
#: how many words a state body's head may come after the start of its name, the head included
HEAD_REACH = 4

#: lower-case heads of state bodies; those in BARE need a state adjective or a complement
BODY_HEADS = word_list('lower-body-heads')
BARE_HEADS = word_list('lower-bare-heads')
LOWER_HEADS = BODY_HEADS | BARE_HEADS
#: nouns after "по" that tell a circumstance, not a field: "по собственному
#: желанию", "по словам", "по данным", "по итогам"
CIRCUMSTANCES = word_list('circumstances')
#: common nouns of places, which name none: "министерство экономики страны" ends before "страны"
NAMELESS_PLACES = word_list('nameless-places')
BODY_ADJECTIVES = word_list('body-adjectives')
BODY_PREFILTER = re.compile(
    r'(?<![\w-])(министерств|посольств|консульств|генконсульств|ведомств|федеральн|государственн|'
    r'генеральн|верховн|конституционн|арбитражн|следственн|центральн|национальн|законодательн|'
    r'счетн|счётн|налогов|таможенн|миграционн|антимонопольн|пограничн|избирательн|высш|агентств|'
    r'комитет|комисси)\w*')


class MorphVocabAnalyzer(MorphAnalyzer):
    """yargy's morphology over natasha's MorphVocab: one dictionary per process, with its cache."""

    def __init__(self, vocab):
        super().__init__(raw=vocab)
        self.cache = {}

    def __call__(self, word):
        forms = self.cache.get(word)
        if forms is None:
            if len(self.cache) > 50000:
                self.cache.clear()
            forms = self.cache[word] = super().__call__(word)
        return forms


def _grammars(tokenizer):
    open_quote = in_(set(OPEN_QUOTES))
    close_quote = in_(set(CLOSE_QUOTES))
    inside = not_(in_(DOUBLE_QUOTES))
    adjective = or_(gram('ADJF'), gram('PRTF'))
    quoted = rule(
        dictionary(set(QUOTED_KIND)),
        adjective.optional().repeatable(max=3),
        open_quote,
        inside.repeatable(max=12),
        close_quote,
    )
    lower = is_lower()
    tail = or_(and_(adjective, lower), and_(gram('NOUN'), gram('gent'), lower),
               and_(gram('NOUN'), gram('datv'), lower), eq('по'), eq('и'))
    body = rule(
        and_(adjective, lower).repeatable(max=3).optional(),
        and_(dictionary(LOWER_HEADS), lower),
        tail.repeatable(max=10).optional(),
    )
    return Parser(quoted, tokenizer=tokenizer), Parser(body, tokenizer=tokenizer)


class Grammars:
    """The compiled grammars of one process, over the pipeline's MorphVocab."""

    def __init__(self, vocab):
        self.tokenizer = MorphTokenizer(morph=MorphVocabAnalyzer(vocab))
        self.quoted, self.body = _grammars(self.tokenizer)

    def _has_normal(self, word, normals):
        # whether an analysis of the word has one of ``normals`` as its dictionary form,
        # as the grammars' dictionary() reads it (the analyses are cached)
        return any(f.normalized in normals for f in self.tokenizer.morph(word))

    def _may_be_described(self, text, start, quote):
        # the grammar wants a descriptor and at most three adjectives, all Russian words,
        # right before the quote: without a descriptor among the last words, it cannot match
        words = RUSSIAN_WORDS.findall(text, start, quote)[-DESCRIPTOR_REACH:]
        return any(self._has_normal(word, QUOTED_KIND) for word in words)

    def _may_head(self, text, start, stop):
        # the grammar wants at most three adjectives, all Russian words, then a head in
        # lower case: without a head among the first words, it cannot match
        words = RUSSIAN_WORDS.findall(text, start, stop)[:HEAD_REACH]
        return any(word.islower() and self._has_normal(word, LOWER_HEADS) for word in words)

    def quoted_names(self, text):
        """(start, stop, kind, descriptor start) of names in quotes after a descriptor; quotes not included."""
        found = []
        for match in QUOTED_PREFILTER.finditer(text):
            quote = match.start()
            if text[quote] not in OPEN_QUOTES:
                continue
            start = max(0, quote - 60)
            window_start = text.rfind('\n', start, quote) + 1 or start
            window_start = max(window_start, start)
            close = _closing(text, quote)
            if close is None or not (text[quote + 1].isupper() or text[quote + 1].isdigit()):
                continue
            if not self._may_be_described(text, window_start, quote):
                continue
            window = text[window_start:close + 1]
            for m in self.quoted.findall(window):
                tokens = m.tokens
                if window_start + tokens[-1].span.stop != close + 1:
                    continue
                opening = next(i for i, t in enumerate(tokens) if t.value in OPEN_QUOTES)
                if window_start + tokens[opening].span.start != quote:
                    continue
                descriptor = tokens[0]
                kind = next((QUOTED_KIND[f.normalized.replace('ё', 'е')] for f in descriptor.forms
                             if f.normalized.replace('ё', 'е') in QUOTED_KIND), None)
                if kind is None:
                    continue
                found.append((quote + 1, close, kind, window_start + descriptor.span.start))
                found.extend((a, b, kind, window_start + descriptor.span.start) for a, b in _listed(text, close))
                break
        return found

    def bodies(self, text):
        """(start, stop) of state bodies written in lower case."""
        found = []
        last = -1
        for match in BODY_PREFILTER.finditer(text):
            if match.start() < last:
                continue
            stop = _sentence_stop(text, match.start(), 160)
            if not self._may_head(text, match.start(), stop):
                continue
            window = text[match.start():stop]
            for m in self.body.findall(window):
                if m.tokens[0].span.start != 0:
                    continue
                stop = _body_stop(m.tokens)
                if stop is not None:
                    found.append((match.start(), match.start() + stop))
                    last = match.start() + stop
                break
        return found


def _lemmas(token):
    return {f.normalized.replace('ё', 'е') for f in token.forms}


def _is_noun(token, case):
    return any('NOUN' in f.grams and case in f.grams for f in token.forms)


def _body_stop(tokens):
    """Where a state body ends within a grammar match, or None when it is no name.

    The words after the head are genitive nouns with their adjectives ("энергетики",
    "по регулированию энергетических вопросов"), ending on a noun; a head
    needs such words or a state adjective before it, and must be singular.
    """
    head = next(i for i, t in enumerate(tokens) if _lemmas(t) & LOWER_HEADS)
    if plural([[f.grams for f in t.forms] for t in tokens[:head]], [f.grams for f in tokens[head].forms]):
        return None  # "федеральные ведомства": a class of bodies, not one
    stated = any(_lemmas(t) & BODY_ADJECTIVES for t in tokens[:head])
    end = head + 1
    index = head + 1
    if index < len(tokens) and tokens[index].value == 'по':
        index += 1
        while index < len(tokens) and not _is_noun(tokens[index], 'datv'):
            if tokens[index].value in ('по', 'и'):
                break
            index += 1
        if index < len(tokens) and _is_noun(tokens[index], 'datv') and not _lemmas(tokens[index]) & CIRCUMSTANCES:
            end = index = index + 1
        else:
            index = len(tokens)
    previous = None
    while index < len(tokens):
        token = tokens[index]
        if token.value == 'по' or (token.value == 'и' and (previous is None or end != index)):
            break
        if token.value != 'и' and _is_noun(token, 'gent'):
            if _lemmas(token) & NAMELESS_PLACES:
                break  # "министерство экономики страны": the country is no name
            end = index + 1
        previous = token
        index += 1
    if end == head + 1 and not stated:
        return None
    return tokens[end - 1].span.stop


def _listed(text, close):
    # the names in quotes listed after the one closed at ``close``, each (start, stop), quotes
    # not included: "нацпроекты «Экология», «Демография» и «Культура»" share the descriptor
    while True:
        match = LIST_AFTER.match(text, close + 1)
        if match is None:
            return
        quote = match.end() - 1
        close = _closing(text, quote)
        if close is None or not (text[quote + 1].isupper() or text[quote + 1].isdigit()):
            return
        yield quote + 1, close


def _closing(text, quote, limit=120):
    opening = text[quote]
    closing = '»' if opening == '«' else '"“”' if opening in '"„“' else CLOSE_QUOTES
    depth = 0
    for index in range(quote + 1, min(len(text), quote + limit)):
        char = text[index]
        if char == '\n':
            return None
        if opening == '«' and char == '«':
            depth += 1
        elif char in closing:
            if depth:
                depth -= 1
                continue
            return index if index > quote + 1 else None
    return None


def _sentence_stop(text, start, limit):
    stop = min(len(text), start + limit)
    for index in range(start, stop):
        if text[index] in '.!?\n;:':
            return index
    return stop
