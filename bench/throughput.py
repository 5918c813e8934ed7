#!/usr/bin/env python3
"""Throughput of newsner against plain natasha, on the same articles, in one run.

    python bench/throughput.py [CORPUS.jsonl] [--limit N] [--repeat K] [--rounds R] [--jobs J]
                               [--before TREE]

CORPUS is a JSONL file of {"id", "text"} objects (default: the project's news
corpus, ../shared/data/news-corpus.jsonl beside the project). Four ways of
processing the same articles are timed, each in a fresh process so that peak
memory is its own:

  a  natasha-norm   plain natasha per document, the way its README does it:
                    Doc, segment, tag_morph, parse_syntax, tag_ner, span.normalize
  b  natasha-ner    plain natasha NER alone: NewsNERTagger on each text
  c  newsner-1      newsner's default output (entities, normal forms), one process
  n  newsner-numpy  the same with the NER model computed by numpy (NEWSNER_RUNTIME=numpy);
                    where the onnx extra is not installed, c is this too
  d  newsner-J      the same as c with J worker processes (default: all cores)
  p  before         with --before TREE: mode c by the newsner of another source tree
                    (an earlier version: git archive REV | tar -x -C TREE), for
                    figures before and after a change from one run

Model loading is not timed in a to n; in d the time includes starting the
workers (each loads the models), as a user's run does. The modes alternate
round by round so that machine noise falls on all of them alike; the table
gives the median wall time of each, articles/s, characters/s, peak RSS of the
main process and of the largest worker (sampled every 0.2 s), and the speed
ratios against a and b; then the median CPU time of the one-process modes (the
measure that other work on the machine disturbs least) and its ratios.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / 'shared' / 'data' / 'news-corpus.jsonl'


def corpus_argument(parser, args):
    """The corpus the benchmark reads, or a usage error that says what to give when there is none."""
    if not os.path.isfile(args.corpus):
        parser.error('no corpus at %s: give a JSONL file of {"id", "text"} objects as CORPUS, for '
                     'example tests/data/factru-dev.jsonl (122 news articles)' % args.corpus)
    return args.corpus


def load_texts(path, limit, repeat):
    with open(path, encoding='utf-8') as file:
        texts = [json.loads(line)['text'] for line in file if line.strip()]
    if limit:
        texts = texts[:limit]
    return texts * repeat


def with_and_without(stage, rounds, run, spent, articles, what):
    """Time ``run('with')`` and ``run('without')`` (each returns how many ``what`` it
    found) round after round, in alternating order, so that the noise of a busy
    machine falls on both alike; ``spent`` is a one-item list the stage adds its own
    time to in the runs with it. Prints each round, then the medians, their ratio
    and the stage's share of the time."""
    times = {'with': [], 'without': []}
    shares = []
    for round in range(rounds):
        for mode in (('with', 'without') if round % 2 == 0 else ('without', 'with')):
            spent[0] = 0.0
            start = time.perf_counter()
            found = run(mode)
            took = time.perf_counter() - start
            times[mode].append(took)
            if mode == 'with':
                shares.append(spent[0] / took)
            print('round %d %-8s %6.2f s, %d %s' % (round + 1, mode, took, found, what), file=sys.stderr)
    with_, without = statistics.median(times['with']), statistics.median(times['without'])
    print('%d articles, %d rounds: with %s %.2f s, without %.2f s (medians): %.3fx; '
          'the stage itself %.1f%% of the time (median)' % (
              articles, rounds, stage, with_, without, with_ / without, 100 * statistics.median(shares)))


def run_natasha_norm(texts):
    from natasha import (Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger,
                         NewsSyntaxParser, Segmenter)
    segmenter, vocab, embedding = Segmenter(), MorphVocab(), NewsEmbedding()
    morph, syntax, ner = NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding)

    def work():
        spans = 0
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_morph(morph)
            doc.parse_syntax(syntax)
            doc.tag_ner(ner)
            for span in doc.spans:
                span.normalize(vocab)
            spans += len(doc.spans)
        return spans
    return work


def run_natasha_ner(texts):
    from natasha import NewsEmbedding, NewsNERTagger
    ner = NewsNERTagger(NewsEmbedding())

    def work():
        return sum(len(ner(text).spans) for text in texts)
    return work


def run_newsner(texts, jobs):
    from newsner.pipeline import Extractor
    extractor = Extractor()

    def work():
        return sum(len(doc.mentions) for doc in extractor.pipe(texts, jobs=jobs))
    return work


def child(mode, corpus, limit, repeat, jobs):
    import newsner.pipeline  # noqa: F401  (sets up pymorphy2's dictionary on every Python)
    texts = load_texts(corpus, limit, repeat)
    if mode == 'natasha-norm':
        work = run_natasha_norm(texts)
    elif mode == 'natasha-ner':
        work = run_natasha_ner(texts)
    else:
        work = run_newsner(texts, jobs)
    sampler = WorkerMemory()
    sampler.start()
    start, cpu = time.perf_counter(), time.process_time()
    spans = work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    sampler.stop()
    print(json.dumps({
        'seconds': seconds,
        'cpu': cpu,
        'docs': len(texts),
        'chars': sum(map(len, texts)),
        'spans': spans,
        'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'worker_rss_mb': sampler.peak / 1024,
    }))


class WorkerMemory(threading.Thread):
    """Samples the resident memory of this process's descendants (the workers, which a fork
    server starts, are its grandchildren) and keeps the largest of one process."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.2):
            for pid in descendants(os.getpid()):
                self.peak = max(self.peak, proc_kb(pid))

    def stop(self):
        self.done.set()
        self.join()


def descendants(pid):
    parents = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open('/proc/%s/stat' % entry) as file:
                    parents[int(entry)] = int(file.read().rsplit(')', 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def proc_kb(pid, name='status', field='VmRSS'):
    """A size in KB from /proc/PID/NAME (resident size by default), 0 for a process gone."""
    try:
        with open('/proc/%d/%s' % (pid, name)) as file:
            for line in file:
                if line.startswith(field + ':'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(mode, args, jobs, runtime=None, tree=None):
    command = [sys.executable, __file__, args.corpus, '--limit', str(args.limit),
               '--repeat', str(args.repeat), '--child', mode, '--jobs', str(jobs)]
    env = dict(os.environ)
    if runtime:
        env['NEWSNER_RUNTIME'] = runtime
    if tree:
        env['PYTHONPATH'] = os.pathsep.join(filter(None, [tree, env.get('PYTHONPATH')]))
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(output.splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('corpus', nargs='?', default=str(DEFAULT_CORPUS))
    parser.add_argument('--limit', type=int, default=0, help='first N articles only')
    parser.add_argument('--repeat', type=int, default=1, help='process the articles K times over')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--jobs', type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument('--before', metavar='TREE', help='also time newsner -j 1 from this source tree')
    parser.add_argument('--child', help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.corpus = corpus_argument(parser, args)
    if args.child:
        child(args.child, args.corpus, args.limit, args.repeat, args.jobs)
        return

    modes = [('a', 'natasha-norm', 'natasha-norm', 1, None), ('b', 'natasha-ner', 'natasha-ner', 1, None),
             ('c', 'newsner -j 1', 'newsner', 1, None), ('n', 'newsner -j 1 numpy', 'newsner', 1, 'numpy'),
             ('d', 'newsner -j %d' % args.jobs, 'newsner', args.jobs, None)]
    if args.before:
        modes.append(('p', 'before -j 1', 'newsner', 1, None))
    results = {key: [] for key, _, _, _, _ in modes}
    for round in range(args.rounds):
        # alternate the order each round, so no mode always runs first
        order = modes if round % 2 == 0 else modes[::-1]
        for key, name, child_mode, jobs, runtime in order:
            result = measure(child_mode, args, jobs, runtime, args.before if key == 'p' else None)
            results[key].append(result)
            print('round %d %-14s %6.2f s' % (round + 1, name, result['seconds']), file=sys.stderr)

    first = results['a'][0]
    print('\n%d articles, %d characters, %d rounds, %d cores, Python %s\n' % (
        first['docs'], first['chars'], args.rounds, os.cpu_count(), sys.version.split()[0]))
    print('| mode | median s | articles/s | chars/s | peak RSS MB (main / worker) | vs a | vs b |')
    print('|---|---|---|---|---|---|---|')
    median = {key: statistics.median(r['seconds'] for r in runs) for key, runs in results.items()}
    for key, name, _, jobs, _ in modes:
        runs = results[key]
        seconds = median[key]
        worker = max(r['worker_rss_mb'] for r in runs) if jobs > 1 else 0
        print('| %s %s | %.2f | %.1f | %.0f | %.0f / %s | %.2fx | %.2fx |' % (
            key, name, seconds, first['docs'] / seconds, first['chars'] / seconds,
            max(r['rss_mb'] for r in runs), '%.0f' % worker if worker else '-',
            median['a'] / seconds, median['b'] / seconds))
    cpu = {key: statistics.median(r['cpu'] for r in runs) for key, runs in results.items()}
    print('\n| mode (one process) | median CPU s | ms per article | vs a | vs b |')
    print('|---|---|---|---|---|')
    for key, name, _, jobs, _ in modes:
        if jobs == 1:
            print('| %s %s | %.2f | %.2f | %.2fx | %.2fx |' % (
                key, name, cpu[key], 1000 * cpu[key] / first['docs'], cpu['a'] / cpu[key], cpu['b'] / cpu[key]))


if __name__ == '__main__':
    main()
