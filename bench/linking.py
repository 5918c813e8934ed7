#!/usr/bin/env python3
"""What linking costs: the pipeline with the linking stage and without it, in one process; the
knowledge base's load time and resident memory.

    python bench/linking.py [CORPUS.jsonl] [--limit N] [--rounds R]

CORPUS is a JSONL file of {"id", "text"} objects (default: the project's news
corpus, ../shared/data/news-corpus.jsonl beside the project). Two Extractors,
one with ``link=True`` and one with ``link=False`` (the models and rules are
shared by the process), run the articles round after round in alternating
order, so that the noise of a busy machine falls on both alike. Prints the
median time of each, their ratio, the share of the time spent in the stage
itself (timed inside the runs with it), and, measured first in a fresh child
process, the time to read the base and the resident memory it adds.
"""
import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import DEFAULT_CORPUS, corpus_argument, load_texts, with_and_without  # noqa: E402

BASE_COST = '''
import resource, time, sys
sys.path.insert(0, %r)
def rss():
    with open('/proc/self/status') as f:
        return next(int(l.split()[1]) for l in f if l.startswith('VmRSS')) / 1024
before = rss()
start = time.perf_counter()
from newsner import kb
base = kb.load()
print('%%.3f %%.1f %%d' %% (time.perf_counter() - start, rss() - before, len(base)))
''' % str(ROOT)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('corpus', nargs='?', default=str(DEFAULT_CORPUS))
    parser.add_argument('--limit', type=int, default=0, help='first N articles only')
    parser.add_argument('--rounds', type=int, default=5)
    args = parser.parse_args()
    texts = load_texts(corpus_argument(parser, args), args.limit, 1)

    seconds, megabytes, things = subprocess.run([sys.executable, '-c', BASE_COST], capture_output=True,
                                                text=True, check=True).stdout.split()
    print('knowledge base: %s things, read in %s s, %s MB resident' % (things, seconds, megabytes))

    from newsner.pipeline import Extractor

    extractors = {'with': Extractor(), 'without': Extractor(link=False)}
    linker = extractors['with'].linker
    link = linker.link
    inside = [0.0]

    def timed(*a, **k):
        start = time.perf_counter()
        found = link(*a, **k)
        inside[0] += time.perf_counter() - start
        return found

    linker.link = timed
    for extractor in extractors.values():
        list(extractor.pipe(texts))  # warm the caches (normal forms, lemmas) for both alike

    def run(mode):
        return sum(1 for doc in extractors[mode].pipe(texts) for e in doc.entities if e.kb_id)

    with_and_without('linking', args.rounds, run, inside, len(texts), 'linked entities')


if __name__ == '__main__':
    main()
