#!/usr/bin/env python3
"""Memory of a long run: the resident memory of newsner's processes over a run of many documents.

    python bench/memory.py [CORPUS.jsonl] [--docs 100000] [--jobs J] [--every 30]

Writes a JSONL file of DOCS articles, the corpus's articles over and over
(each with an id of its own; default corpus: ../shared/data/news-corpus.jsonl
beside the project), runs ``newsner FILE -f jsonl -q -j J`` on it, output to
/dev/null, and samples once a second the resident memory of the newsner process
and of each of the processes it starts (fork server, workers). It prints, every
EVERY seconds, the documents read so far (from the input file's read offset),
the total memory of the processes and the resident memory of the largest one;
then the peak of each and the total in the second and in the last tenth of the
run. The total is the sum of proportional set sizes (PSS): pages the workers
share with the fork server, which loaded the models, count once, not once per
process as in a sum of resident sizes.
"""
import argparse
import bisect
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, corpus_argument, descendants, proc_kb  # noqa: E402


def write_input(corpus, docs, path):
    with open(corpus, encoding='utf-8') as file:
        texts = [json.loads(line)['text'] for line in file if line.strip()]
    offsets = []
    with open(path, 'w', encoding='utf-8') as out:
        for index, text in zip(range(docs), itertools.cycle(texts)):
            offsets.append(out.tell())
            out.write(json.dumps({'id': 'doc-%d' % index, 'text': text}, ensure_ascii=False) + '\n')
    return offsets


def read_offset(pid, path):
    # how far the process has read the input file (from /proc/PID/fdinfo)
    try:
        for fd in os.listdir('/proc/%d/fd' % pid):
            try:
                if os.readlink('/proc/%d/fd/%s' % (pid, fd)) == path:
                    with open('/proc/%d/fdinfo/%s' % (pid, fd)) as file:
                        return int(file.readline().split()[1])
            except OSError:
                pass
    except OSError:
        pass
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('corpus', nargs='?', default=str(DEFAULT_CORPUS))
    parser.add_argument('--docs', type=int, default=100000)
    parser.add_argument('--jobs', type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument('--every', type=float, default=30.0)
    args = parser.parse_args()
    args.corpus = corpus_argument(parser, args)

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'input.jsonl')
        offsets = write_input(args.corpus, args.docs, path)
        command = [sys.executable, '-m', 'newsner', path, '-f', 'jsonl', '-q', '-j', str(args.jobs)]
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        samples = []  # (seconds, docs read, total KB, largest KB)
        peak_total = peak_one = 0
        last_print = 0.0
        print('| seconds | documents read | total PSS MB | largest process RSS MB |')
        print('|---|---|---|---|')
        while process.poll() is None:
            time.sleep(1)
            pids = [process.pid] + sorted(descendants(process.pid))
            total = sum(proc_kb(pid, 'smaps_rollup', 'Pss') for pid in pids)
            largest = max(proc_kb(pid) for pid in pids)
            offset = read_offset(process.pid, path)
            if process.poll() is not None or not total:
                break
            read = bisect.bisect_left(offsets, offset) if offset else 0
            now = time.monotonic() - start
            samples.append((now, read, total, largest))
            peak_total, peak_one = max(peak_total, total), max(peak_one, largest)
            if now - last_print >= args.every:
                last_print = now
                print('| %.0f | %d | %.0f | %.0f |' % (now, read, total / 1024, largest / 1024), flush=True)
        process.wait()
        seconds = time.monotonic() - start
    if process.returncode:
        sys.exit('newsner ended with status %d' % process.returncode)
    tenth = max(1, len(samples) // 10)
    first = max(s[2] for s in samples[tenth:2 * tenth]) / 1024
    last = max(s[2] for s in samples[-tenth:]) / 1024
    print('\n%d documents in %.0f s (%.0f documents/s), %d worker processes' % (
        args.docs, seconds, args.docs / seconds, args.jobs))
    print('peak total PSS %.0f MB, peak RSS of one process %.0f MB' % (peak_total / 1024, peak_one / 1024))
    print('total PSS, largest sample of the second tenth of the run: %.0f MB; of the last tenth: %.0f MB'
          % (first, last))


if __name__ == '__main__':
    main()
