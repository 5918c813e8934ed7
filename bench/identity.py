#!/usr/bin/env python3
"""One row per thing: how many things of a folder of news come out under several names in the
corpus summary, before (no linking, rows by type and name as written) and after (newsner today).

    python bench/identity.py [CORPUS.jsonl] [--prefix lenta-] [--limit N] [--show K]

CORPUS is a JSONL file of {"id", "text"} objects (default: the project's news
corpus, ../shared/data/news-corpus.jsonl beside the project; by default only
its Lenta.ru articles, ids starting with "lenta-", which are in no dev set).
A *thing* is what newsner links to one Wikidata id; for the things in more
than one document, the script counts those that the old summary split into
several rows (each distinct type and normal name a row) and those that the
summary splits now, and the rows of both summaries. ``--show`` prints that
many of the merged things with their old rows, to check them by eye.
"""
import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / 'shared' / 'data' / 'news-corpus.jsonl'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('corpus', nargs='?', default=str(DEFAULT_CORPUS))
    parser.add_argument('--prefix', default='lenta-', help='only the documents whose id starts so')
    parser.add_argument('--limit', type=int, default=0)
    parser.add_argument('--show', type=int, default=0)
    args = parser.parse_args()
    if not Path(args.corpus).is_file():
        parser.error('corpus %s: no such file; give a JSONL file of {"id", "text"} objects' % args.corpus)
    with open(args.corpus, encoding='utf-8') as file:
        items = [json.loads(line) for line in file if line.strip()]
    items = [(d['id'], d['text']) for d in items if str(d['id']).startswith(args.prefix)]
    if args.limit:
        items = items[:args.limit]

    from newsner import summarize
    from newsner.pipeline import Extractor

    plain = list(Extractor(link=False).pipe(items))
    linked = list(Extractor().pipe(items))
    old_rows = {(e.type, e.name) for doc in plain for e in doc.entities}
    summary = summarize(linked)
    # the old row of each mention, and the thing (id) of each mention now
    old_row = {}
    for doc in plain:
        for e in doc.entities:
            for m in e.mentions:
                old_row[doc.id, m.start, m.stop] = (e.type, e.name)
    things = defaultdict(lambda: {'docs': set(), 'old': set()})
    for doc in linked:
        for e in doc.entities:
            if e.kb_id:
                thing = things[e.kb_id]
                thing['docs'].add(doc.id)
                thing['name'] = e.name
                thing['old'].update(old_row[doc.id, m.start, m.stop] for m in e.mentions
                                    if (doc.id, m.start, m.stop) in old_row)
    rows_now = defaultdict(int)
    for record in summary:
        if record.kb_id:
            rows_now[record.kb_id] += 1
    shared = {id: t for id, t in things.items() if len(t['docs']) > 1}
    split_before = {id: t for id, t in shared.items() if len(t['old']) > 1}
    split_now = [id for id in shared if rows_now[id] > 1]
    print('%d documents; summary rows: %d before, %d now' % (len(items), len(old_rows), len(summary)))
    print('linked things in more than one document: %d; split into several rows before: %d (%.0f%%), '
          'now: %d' % (len(shared), len(split_before), 100 * len(split_before) / max(len(shared), 1),
                       len(split_now)))
    for id, thing in sorted(split_before.items(), key=lambda kv: -len(kv[1]['docs']))[:args.show]:
        print('  %s %s (%d documents): %s' % (id, thing['name'], len(thing['docs']),
                                             '; '.join('%s %s' % row for row in sorted(thing['old']))),
              file=sys.stderr)


if __name__ == '__main__':
    main()
