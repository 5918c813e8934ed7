"""Fragments and common words that the model or a rule takes for organizations: no names, dropped.

- A legal form alone ("Акции ПАО выросли", "ЗАО", "LLC"): the name it goes
  with is missing.
- A common noun's abbreviation alone: a sector ("ТЭК", "ОПК", "ЖКХ"), an
  accounting standard ("МСФО", "РСБУ"), a descriptor ("НК", "ГК"), the media
  in general ("СМИ"), from a word list; and any abbreviation the dictionary
  knows only as a plural common noun ("СМИ", "ИТ"), which names a class, not
  one body. An abbreviation that is an organization ("ООН", "ВМС") is one in
  the dictionary and stays; a name that holds such a word ("Фонд защиты СМИ")
  is no lone word and stays too.
- A defined term: "ПАО «Северная звезда» (далее — «Компания»)" makes
  "Компания" stand for the name, as a pronoun would; the term and its later
  capitalized mentions in the text are dropped, so the text has one company,
  "Северная звезда". Only a common noun is such a term: "(далее — ФНС)" is
  an acronym and stays a name.
- A body in lower case whose head noun is plural ("федеральные ведомства",
  "отраслевыми министерствами", "антимонопольным службам"): a class of
  bodies, not one body. "министерство энергетики Азербайджана" and
  "федеральная налоговая служба" are one body each and stay.
- A descriptor before a name in quotes, with its adjectives: "Нефтяная
  компания «Роснефть»" gives "Роснефть" alone.
- A pronoun ("Вы", "Он"), whatever type it was given: never a name.
- A facility (a power plant, a stadium, an airport, a station, a cathedral
  or temple): "Курская АЭС", "Саяно-Шушенская ГЭС", "Исаакиевский собор",
  "стадион «Лужники»", "аэропорт «Домодедово»". Its head noun is a facility
  word, or the name follows one. A facility is no organization, so it is
  dropped when typed as one; a place's name the model gives as LOC stays
  (the gold sets annotate "Домодедово" and "Шереметьево" as places). The
  companies that run them stay ("Росатом", "РусГидро"); a plant (завод) is a
  company in news and no facility here, and so are theatres and museums.
"""
import re

from ..types import PER
from ..wordlists import word_list
from .kinds import LEGAL_FORMS
from .lemma import WORDS

#: abbreviations of common nouns that name no one organization alone
COMMON_ABBREVIATIONS = word_list('common-abbreviations')
#: head nouns of facilities
FACILITIES = word_list('facilities')
#: descriptors before a name in quotes: "компания «Роснефть»"
QUOTED_DESCRIPTORS = frozenset().union(*(word_list('quoted-descriptors-' + kind)
                                         for kind in ('company', 'media', 'org', 'initiative')))
#: spaces, then an opening quote and the first letter of a name
OPENING_QUOTE = re.compile(r'[ \t]*[«"“„][ \t]*[А-ЯЁA-Z0-9]')
#: grammemes of names and organizations: a word with one of them may be a name
NAME_GRAMMEMES = frozenset({'Orgn', 'Geox', 'Name', 'Surn', 'Patr', 'Trad'})
NUMBERS = ('sing', 'plur')
CASES = ('nomn', 'gent', 'datv', 'accs', 'ablt', 'loct', 'voct', 'gen2', 'acc2', 'loc2')
#: a defined term in brackets: "(далее — «Компания»)", "(далее по тексту – Общество)",
#: "(именуемое в дальнейшем «Банк»)"
DEFINED = re.compile(r'\(\s*(?:далее(?:\s+по\s+тексту)?|именуем\w*\s+в\s+дальнейшем)\s*[—–-]?\s*'
                     r'[«"“„]?\s*([А-ЯЁA-Z][\w-]*(?:[ \t]+[\w-]+){0,2})\s*[»"”]?\s*\)', re.IGNORECASE)
#: an opening quote and spaces between a facility word and its name: "стадионе «Лужники»"
QUOTE_GAP = re.compile(r'[ \t]*[«"“„]?[ \t]*$')


def readings(analyses, parts):
    """The (number, case) readings of a word's ``analyses`` (grammeme sets) of these parts of speech."""
    return {(number, case) for grammemes in analyses if any(p in grammemes for p in parts)
            for number in NUMBERS if number in grammemes for case in CASES if case in grammemes}


def plural(adjectives, head):
    """Whether a head noun is plural in every reading it shares with the adjectives before it.

    ``adjectives``: each adjective's analyses, ``head``: the noun's, each analysis a set of
    grammemes (anything with ``in``). "федеральные ведомства" is plural, "министерства
    иностранных дел" may be one ministry's genitive and is not.
    """
    own = readings(head, ('NOUN',))
    shared = set(own)
    for adjective in adjectives:
        shared &= readings(adjective, ('ADJF', 'PRTF'))
    if not shared:
        shared = own
    return bool(shared) and all(number == 'plur' for number, _ in shared)


class Fragments:
    """The rules of this module; ``vocab`` is the pipeline's MorphVocab, ``lemmas`` a Lemmas."""

    def __init__(self, vocab, lemmas):
        self.vocab = vocab
        self.lemmas = lemmas

    def _analyses(self, word):
        return [f.tag.grammemes for f in self.vocab(word.lower())]

    def drop(self, text, spans, kinds):
        """The spans that are names: fragments and common words typed as one of ``kinds`` left
        out, and pronouns of any type."""
        terms = self._defined_terms(text)
        kept = []
        for span in spans:
            words = WORDS.findall(text[span.start:span.stop])
            if len(words) == 1 and self._pronoun(words[0]):
                continue
            if span.type in kinds and words and (self._lone_common(words) or self._plural_body(words)
                                                 or self._facility(text, span, words)
                                                 or self._defined(span, words, terms)
                                                 or self._descriptor(text, span, words)):
                continue
            kept.append(span)
        return kept

    def _pronoun(self, word):
        analyses = self._analyses(word)
        return bool(analyses) and self.vocab.word_is_known(word.lower()) and all('NPRO' in g for g in analyses)

    def _lone_common(self, words):
        # "ПАО", "ТЭК", "МСФО", "СМИ" alone
        if len(words) != 1:
            return False
        word = words[0].lower()
        if word in LEGAL_FORMS or word in COMMON_ABBREVIATIONS:
            return True
        if not words[0].isupper() or len(word) < 2 or not self.vocab.word_is_known(word):
            return False
        analyses = self._analyses(word)
        return bool(analyses) and all('Abbr' in g and 'Pltm' in g and not NAME_GRAMMEMES & g for g in analyses)

    def _plural_body(self, words):
        # "федеральные ведомства": a lower-case name whose head noun is plural
        if not words[0][:1].islower():
            return False
        analyses = [self._analyses(w) for w in words]
        for index, word in enumerate(analyses):
            if any('NOUN' in g for g in word) and not any({'ADJF', 'PRTF'} & g for g in word):
                return plural(analyses[:index], word)
        return False

    def _facility(self, text, span, words):
        # "Курская АЭС", "Исаакиевский собор"; "стадион «Лужники»", "аэропорту Шереметьево"
        for index, word in enumerate(words):
            if self.lemmas(word) in FACILITIES:
                return all(self._adjective(text, span, w) for w in words[:index])
            if index >= 2:
                break
        before = text[max(0, span.start - 40):span.start]
        gap = QUOTE_GAP.search(before)
        previous = WORDS.findall(before[:gap.start()] if gap else '')[-1:]
        return bool(previous) and previous[0][:1].islower() and self.lemmas(previous[0]) in FACILITIES

    def _adjective(self, text, span, word):
        # an adjective of a facility's name, or the first part of a compound ("Саяно-Шушенская")
        if any({'ADJF', 'PRTF'} & g for g in self._analyses(word)):
            return True
        at = text.find(word, span.start, span.stop)
        return at >= 0 and text[at + len(word):at + len(word) + 1] == '-'

    def _descriptor(self, text, span, words):
        # "Нефтяная компания «Роснефть»": the descriptor before a quoted name, with its
        # adjectives, is no name of its own (the name in quotes is)
        if not OPENING_QUOTE.match(text, span.stop) or self.lemmas(words[-1]) not in QUOTED_DESCRIPTORS:
            return False
        return all(any({'ADJF', 'PRTF'} & g for g in self._analyses(w)) for w in words[:-1])

    def _defined_terms(self, text):
        # {lemmas of a defined term: where its definition starts}
        terms: dict[tuple[str, ...], int] = {}
        if 'дал' not in text and 'дальнейшем' not in text:
            return terms
        for match in DEFINED.finditer(text):
            words = WORDS.findall(match.group(1))
            if words and self._common_noun(words[-1]):
                terms.setdefault(tuple(self.lemmas(w) for w in words), match.start())
        return terms

    def _common_noun(self, word):
        analyses = self._analyses(word)
        return self.vocab.word_is_known(word.lower()) and any(
            'NOUN' in g and not (NAME_GRAMMEMES | {'Abbr'}) & g for g in analyses)

    def _defined(self, span, words, terms):
        # "Компания" after "(далее — «Компания»)", capitalized as a name is
        if not terms or not words[0][:1].isupper() or span.type == PER:
            return False
        start = terms.get(tuple(self.lemmas(w) for w in words))
        return start is not None and span.start >= start
