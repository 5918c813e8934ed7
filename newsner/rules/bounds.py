"""Where an organization's name starts and stops: a role noun before it and a common
noun after it are no part of it.

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
from ..wordlists import word_list
from .lemma import WORDS

#: nouns that say who a person is: "Член общественного совета" starts with no name
ROLE_NOUNS = word_list('role-nouns')

#: quote characters: a name in quotes is taken as written
QUOTES = '«»"“”„'


class Bounds:
    """``stop(text, start, stop)``: the end of an organization's name; ``vocab`` is pymorphy's."""

    def __init__(self, vocab):
        self.vocab = vocab

    def stop(self, text, start, stop):
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
