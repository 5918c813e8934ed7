"""Count the cases of each error class of the accuracy work on a dev set, by half.

    newsner GOLD.jsonl -f jsonl -q -o pred.jsonl
    python training/error_classes.py GOLD.jsonl pred.jsonl            # factru-dev, nerel-dev
    python training/error_classes.py factru-dev-kinds.jsonl pred.jsonl  # with GOV in the gold

The gold is ``{"id", "text", "spans": [{"start", "stop", "type"}]}`` lines, the
predictions newsner's JSONL output. Documents at even line indexes (0, 2, 4...)
are the tuning half, odd ones held out; every count is given for both and the
whole. The classes:

1. initiatives: INITIATIVE mentions found, and places (LOC mentions) whose name
   holds an initiative's head word or follows one ("Северный широтный ход",
   "коридор «Север — Юг»" given as LOC).
2. fragments: organization mentions (GOV, COMPANY, MEDIA, ORG) that are no name:
   what ``newsner.rules.fragments`` recognizes (a lone legal form or common
   abbreviation, a plural body, a pronoun, a facility, a defined term);
   "false" counts those with no gold span of those bounds.
3. women's names: people of one document split in two by the gender of a name
   (two PER entities whose first and last names differ at most by a feminine
   ending: "Кай Каллас" and "Кая Каллас", "Анна Иванов" and "Анна Иванова").
4. bounds: organization mentions that overlap a gold organization span without
   its bounds.
5. state bodies typed otherwise: gold GOV spans (kinds gold) or gold ORG spans
   found with their bounds but another type (PER, LOC, or a kind other than GOV).
"""
import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsner.models import load_models  # noqa: E402
from newsner.rules.fragments import Fragments  # noqa: E402
from newsner.rules.lemma import WORDS, Lemmas  # noqa: E402
from newsner.rules.spans import Span  # noqa: E402
from newsner.types import COARSE  # noqa: E402
from newsner.wordlists import word_list  # noqa: E402

ORGS = ('GOV', 'COMPANY', 'MEDIA', 'ORG')
INITIATIVE_WORDS = word_list('initiative-heads') | word_list('heads-initiative')
FEMININE_ENDINGS = ('а', 'ая', 'я')


def read(path):
    with open(path, encoding='utf-8') as file:
        return [json.loads(line) for line in file if line.strip()]


def mentions(doc):
    return [(m['start'], m['stop'], m['type'], entity) for entity in doc.get('entities', ())
            for m in entity['mentions']]


class Counts:
    def __init__(self, lemmas, fragments, kinds):
        self.lemmas = lemmas
        self.fragments = fragments
        self.kinds = kinds  # the gold gives organizations their kinds (GOV...)

    def document(self, gold, pred):
        text = gold['text']
        found = mentions(pred)
        spans = {(s['start'], s['stop']): s['type'] for s in gold['spans']}
        counts = Counter()
        for start, stop, type, _ in found:
            if type == 'INITIATIVE':
                counts['1 initiatives found'] += 1
            elif type == 'LOC' and self._initiative_words(text, start, stop):
                counts['1 initiatives as places'] += 1
        orgs = [Span(start, stop, type) for start, stop, type, _ in found if type in ORGS]
        kept = {(s.start, s.stop) for s in self.fragments.drop(text, orgs, ORGS)}
        for span in orgs:
            if (span.start, span.stop) not in kept:
                counts['2 fragments as organizations'] += 1
                counts['2 ... of them false'] += (span.start, span.stop) not in spans
        counts['3 people split by gender'] += self._split_people(pred)
        gold_orgs = [(a, b) for (a, b), t in spans.items() if COARSE.get(t, t) == 'ORG']
        for start, stop, type, _ in found:
            if type in ORGS and (start, stop) not in spans \
                    and any(a < stop and start < b for a, b in gold_orgs):
                counts['4 organizations with other bounds'] += 1
        kinds = self.kinds
        by_bounds = {(start, stop): type for start, stop, type, _ in found}
        for (a, b), t in spans.items():
            predicted = by_bounds.get((a, b))
            if predicted is None:
                continue
            if kinds and t == 'GOV' and predicted != 'GOV':
                counts['5 state bodies typed otherwise'] += 1
            elif not kinds and t == 'ORG' and predicted in ('PER', 'LOC'):
                counts['5 organizations typed PER or LOC'] += 1
        return counts

    def _initiative_words(self, text, start, stop):
        words = WORDS.findall(text[max(0, start - 30):stop])
        inside = WORDS.findall(text[start:stop])
        before = words[len(words) - len(inside) - 1:len(words) - len(inside)] if len(words) > len(inside) else []
        return any(self.lemmas(w) in INITIATIVE_WORDS for w in inside + before)

    def _split_people(self, pred):
        # entities whose first and last names differ at most by a feminine ending
        people = Counter()
        for entity in pred.get('entities', ()):
            words = entity['name'].split() if entity['type'] == 'PER' else []
            if len(words) > 1:
                people[(_stem(words[0].lower()), _stem(words[-1].lower()))] += 1
        return sum(count - 1 for count in people.values() if count > 1)


def _stem(name):
    for ending in FEMININE_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending) + 1:
            return name[:-len(ending)]
    return name


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('gold')
    parser.add_argument('pred', help='newsner -f jsonl output')
    args = parser.parse_args()
    _, _, vocab = load_models()
    lemmas = Lemmas(vocab)
    gold = read(args.gold)
    kinds = any(s['type'] == 'GOV' for doc in gold for s in doc['spans'])
    counter = Counts(lemmas, Fragments(vocab, lemmas), kinds)
    pred = {doc['id']: doc for doc in read(args.pred)}
    halves = {'even': Counter(), 'odd': Counter()}
    for index, doc in enumerate(gold):
        halves['odd' if index % 2 else 'even'].update(counter.document(doc, pred.get(doc['id'], {})))
    halves['whole'] = halves['even'] + halves['odd']
    names = sorted(set().union(*halves.values()))
    print('%-36s %6s %6s %6s' % ('class', 'even', 'odd', 'whole'))
    for name in names:
        print('%-36s %6d %6d %6d' % (name, halves['even'][name], halves['odd'][name], halves['whole'][name]))


if __name__ == '__main__':
    main()
