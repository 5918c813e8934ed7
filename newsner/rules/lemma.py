"""Dictionary forms of words, for looking names and head nouns up whatever their case."""
import re

WORDS = re.compile(r'\w+(?:[&\'’]\w+)*')
CYRILLIC = re.compile(r'[а-яё]')
CACHE_SIZE = 100000


class Lemmas:
    """``lemmas(word)``: the lower-case dictionary form of a word, "ё" as "е".

    Russian words take pymorphy's first analysis (natasha's MorphVocab, shared
    with the pipeline); other words are only lower-cased.
    """

    def __init__(self, vocab):
        self.vocab = vocab
        self.cache = {}

    def __call__(self, word):
        lemma = self.cache.get(word)
        if lemma is None:
            lower = word.lower().replace('ё', 'е')
            lemma = lower
            if CYRILLIC.search(lower) and not lower.isdigit():
                forms = self.vocab(lower)
                if forms:
                    lemma = forms[0].normal_form.replace('ё', 'е')
            if len(self.cache) > CACHE_SIZE:
                self.cache.clear()
            self.cache[word] = lemma
        return lemma

    def key(self, text):
        """The lookup key of a name: the lemmas of its words, quotes and punctuation dropped."""
        return tuple(self(w) for w in WORDS.findall(text))
