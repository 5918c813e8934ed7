"""Where a name starts and stops.

Any name: it never runs over a line break (a span that does is cut into its lines,
and a line that is one adjective or participle, "Свергнутый" of a caption, is
dropped), and a sentence's full stop after a word of four letters or more is no
part of it ("в Колумбийском университете."; "Inc." keeps its stop).

A place: the kind of a settlement before its name is no part of it ("Город Павия"),
and it stops before a lower-case "по", "при", "для" or "против", which no place's
name holds ("РФ по развитию гражданского общества").

An organization: a role noun before it and a common noun after it are no part of it.

"Член общественного совета" is a member of the council: the name starts after the
role noun (:data:`ROLE_NOUNS`).

The model sometimes runs a name on into the next word: "в Государственной думе
заседание перенесли" gives "Государственной думе заседание". A lower-case noun at
the end of a name is cut off when it cannot belong to the name: it is in the
nominative or accusative only (not "обороны" of "Министерство обороны", nor
"полётом" of "Центр управления полётом"), no preposition
governs it ("комитет по обороне"), it shares no case with the name's head noun
(an apposition such as "Газпром нефть" agrees with it), and a verb follows it: it
is the subject or object of its clause.
"""
import re

from ..wordlists import word_list
from .lemma import WORDS
from .spans import Span

#: nouns that say who a person is: "Член общественного совета" starts with no name
ROLE_NOUNS = word_list('role-nouns')

#: quote characters: a name in quotes is taken as written
QUOTES = '«»"“”„'
#: kinds of settlement before a settlement's name: "город Павия"
SETTLEMENTS = word_list('settlement-words')
#: a lower-case preposition no place's name holds: where a place the model ran on stops
FIELD_IN_PLACE = re.compile(r'\s+(?:по|при|для|против)\s')
#: a word of four Cyrillic letters or more, then a full stop: a sentence's end, no abbreviation
SENTENCE_END = re.compile(r'[а-яё]{4}\.$', re.IGNORECASE)


class Bounds:
    """The rules of this module; ``vocab`` is the pipeline's MorphVocab, ``lemmas`` a Lemmas."""

    def __init__(self, vocab, lemmas):
        self.vocab = vocab
        self.lemmas = lemmas

    def lines(self, text, spans):
        """The spans, each that runs over a line break cut into its lines."""
        result = []
        for span in spans:
            if '\n' not in text[span.start:span.stop]:
                result.append(span)
                continue
            start = span.start
            for line in text[span.start:span.stop].split('\n'):
                words = WORDS.findall(line)
                if words and not (len(words) == 1 and self._adjective(words[0])):
                    result.append(Span(start, start + len(line), span.type, span.sure))
                start += len(line) + 1
        return result

    def _adjective(self, word):
        forms = self.vocab(word.lower())
        return bool(forms) and all(f.tag.POS in ('ADJF', 'PRTF') for f in forms)

    def full_stop(self, text, start, stop):
        """The end of a name without a sentence's full stop the model took in."""
        if text[stop - 1:stop] == '.' and SENTENCE_END.search(text, start, stop):
            return stop - 1
        return stop

    def place(self, text, start, stop):
        """(start, stop) of a place's name without the kind of settlement before it and
        without a field after it."""
        words = list(WORDS.finditer(text, start, stop))
        if len(words) > 1 and words[1].group()[:1].isupper() and self.lemmas(words[0].group()) in SETTLEMENTS:
            start = words[1].start()
        field = FIELD_IN_PLACE.search(text, start, stop)
        if field is not None:
            stop = field.start()
        return start, stop

    def stop(self, text, start, stop):
        """The end of an organization's name without a common noun the model ran it on into."""
        if any(c in QUOTES for c in text[start:stop]):
            return stop
        words = list(WORDS.finditer(text, start, stop))
        head = None
        while len(words) > 1:
            last = words[-1]
            word = last.group()
            if not word.isalpha() or not word.islower() or text[last.end():stop].strip():
                break
            forms = self.vocab(word)
            if not forms or any(f.tag.POS != 'NOUN' or not f.tag.grammemes & SUBJECT_CASES for f in forms):
                break  # a noun in the nominative or accusative only: not "полётом" of "Центр управления полётом"
            if any(f.tag.POS == 'PREP' for f in self.vocab(words[-2].group().lower())):
                break
            if not self._verb_after(text, last.end()):
                break
            if head is None:
                head = self._head_cases(words[:-1])
            if not head or head & {case for f in forms for case in f.tag.grammemes}:
                break
            words.pop()
            stop = words[-1].end()
        return stop

    def start(self, text, start, stop):
        """The start of an organization's name: a role noun the model took in with it is
        left out ("Член общественного совета" at a sentence's start)."""
        words = list(WORDS.finditer(text, start, stop))
        if len(words) < 2:
            return start
        forms = self.vocab(words[0].group().lower())
        if forms and forms[0].tag.POS == 'NOUN' and forms[0].normal_form in ROLE_NOUNS:
            return words[1].start()
        return start

    def _verb_after(self, text, stop):
        # the next word is a verb: the noun is its subject or object ("заседание перенесли")
        match = WORDS.match(text, stop + 1) if text[stop:stop + 1] == ' ' else None
        return match is not None and any(f.tag.POS == 'VERB' for f in self.vocab(match.group().lower()))

    def _head_cases(self, words):
        # the cases the first noun of the name may be in (a word read first as a noun)
        for match in words:
            forms = self.vocab(match.group().lower())
            if forms and forms[0].tag.POS == 'NOUN':
                return {case for f in forms if f.tag.POS == 'NOUN' for case in f.tag.grammemes if case in CASES}
        return set()


#: the cases of a noun that runs a name on: the subject or object after it
SUBJECT_CASES = frozenset({'nomn', 'accs'})
CASES = frozenset({'nomn', 'gent', 'datv', 'accs', 'ablt', 'loct', 'voct', 'gen2', 'acc2', 'loc2'})
