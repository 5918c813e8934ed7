#!/usr/bin/env python3
"""What the relations stage costs: the pipeline with it and without it, in one process.

    python bench/relations.py [CORPUS.jsonl] [--limit N] [--rounds R]

CORPUS is a JSONL file of {"id", "text"} objects (default: the project's news
corpus, ../shared/data/news-corpus.jsonl beside the project). The same
Extractor runs the articles round after round, once with the relations stage
and once with it replaced by a stage that finds nothing, in alternating order,
so that the noise of a busy machine falls on both alike. Prints the median
time of each and their ratio, and the share of the time spent in the stage
itself (timed inside the runs with it).
"""
import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import DEFAULT_CORPUS, corpus_argument, load_texts, with_and_without  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('corpus', nargs='?', default=str(DEFAULT_CORPUS))
    parser.add_argument('--limit', type=int, default=0, help='first N articles only')
    parser.add_argument('--rounds', type=int, default=5)
    args = parser.parse_args()
    texts = load_texts(corpus_argument(parser, args), args.limit, 1)

    import newsner.pipeline as pipeline

    relate = pipeline.find_relations
    inside = [0.0]

    def timed(*a, **k):
        start = time.perf_counter()
        found = relate(*a, **k)
        inside[0] += time.perf_counter() - start
        return found

    def nothing(*a, **k):
        return ()

    extractor = pipeline.Extractor()
    list(extractor.pipe(texts))  # warm the caches (normal forms) for both runs alike

    def run(mode):
        pipeline.find_relations = timed if mode == 'with' else nothing
        return sum(len(doc.relations) for doc in extractor.pipe(texts))

    with_and_without('relations', args.rounds, run, inside, len(texts), 'relations')
    pipeline.find_relations = relate


if __name__ == '__main__':
    main()
