#!/usr/bin/env python3
"""Whether one long text costs in proportion to its length: time per 1,000 paragraphs.

    python bench/scaling.py [CORPUS.jsonl] [--sizes 1000,2000,4000,8000,16000,32000]
                            [--kinds sentence,corpus]

One process; the models load before the clock starts, and an untimed pass over
the smallest document of each kind fills the caches (the normal forms of its
words) that every size then reads alike, so that the first size does not pay
for them alone. Each size is one document of that many paragraphs, of two
kinds:

- ``sentence``: the same 87-character sentence repeated, a paragraph each
  ("Министр иностранных дел России Сергей Лавров встретился в Москве с главой
  МИД Турции.");
- ``corpus``: the paragraphs of the news corpus (CORPUS, a JSONL file of
  {"id", "text"} objects; default ../shared/data/news-corpus.jsonl beside the
  project), joined into one text and repeated as far as the size needs.

Prints the seconds of each document and the seconds per 1,000 paragraphs, then,
per kind, the ratio of the largest cost per 1,000 paragraphs to the smallest
(1.0 is a cost in proportion to the length; the aim is at most 1.3).
"""
import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / 'shared' / 'data' / 'news-corpus.jsonl'
SENTENCE = 'Министр иностранных дел России Сергей Лавров встретился в Москве с главой МИД Турции.'


def corpus_paragraphs(path):
    paragraphs = []
    with open(path, encoding='utf-8') as file:
        for line in file:
            if line.strip():
                text = json.loads(line)['text']
                paragraphs.extend(p.strip() for p in text.split('\n') if p.strip())
    return paragraphs


def document(paragraphs, size):
    repeated = (paragraphs * (size // len(paragraphs) + 1))[:size]
    return '\n\n'.join(repeated) + '\n\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('corpus', nargs='?', default=str(DEFAULT_CORPUS))
    parser.add_argument('--sizes', default='1000,2000,4000,8000,16000,32000',
                        help='paragraphs per document, comma-separated')
    parser.add_argument('--kinds', default='sentence,corpus', help='sentence, corpus or both')
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(',')]
    kinds = [k.strip() for k in args.kinds.split(',') if k.strip()]
    if 'corpus' in kinds and not Path(args.corpus).is_file():
        parser.error('corpus %s: no such file; give a JSONL file of {"id", "text"} objects '
                     '(or --kinds sentence)' % args.corpus)
    sources = {'sentence': [SENTENCE]}
    if 'corpus' in kinds:
        sources['corpus'] = corpus_paragraphs(args.corpus)

    from newsner.pipeline import Extractor

    extractor = Extractor()
    extractor(SENTENCE)  # models loaded before the clock starts
    print('kind\tparagraphs\tcharacters\tmentions\tseconds\ts per 1k paragraphs')
    for kind in kinds:
        costs = []
        extractor(document(sources[kind], min(sizes)))  # untimed: the caches of its words
        for size in sizes:
            text = document(sources[kind], size)
            start = time.perf_counter()
            doc = extractor(text)
            seconds = time.perf_counter() - start
            mentions = sum(len(e.mentions) for e in doc.entities)
            cost = seconds / size * 1000
            costs.append(cost)
            print('%s\t%d\t%d\t%d\t%.2f\t%.3f' % (kind, size, len(text), mentions, seconds, cost), flush=True)
        print('%s: largest / smallest cost per 1k paragraphs = %.2f' % (kind, max(costs) / min(costs)), flush=True)


if __name__ == '__main__':
    sys.exit(main())
