"""Score newsner output on the even, odd and whole halves of a dev set.

    newsner extract GOLD.jsonl -f jsonl -q -o pred.jsonl
    python training/halves.py GOLD.jsonl pred.jsonl --tool /work/shared/tools/kindeval.py
    python training/halves.py GOLD.jsonl pred.jsonl --tool .../nereval.py --outermost

The newsner documents are turned into ``{"id", "spans"}`` lines (one span per
mention), the gold and the predictions are cut into the documents at even and
odd line indexes (0, 2, 4... and 1, 3, 5...), and the scoring tool runs on
each half and on the whole; its last line is printed for each.
The kind classifier is trained on the even half of factru-dev-kinds.jsonl;
the odd half is held out.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def read(path):
    with open(path, encoding='utf-8') as file:
        return [json.loads(line) for line in file if line.strip()]


def as_spans(doc, tool=''):
    if 'spans' in doc or os.path.basename(tool).startswith(('linkeval', 'releval')):
        return doc  # already spans, or scored as newsner output (links, relations)
    spans = [{'start': m['start'], 'stop': m['stop'], 'type': m['type']}
             for entity in doc.get('entities', ()) for m in entity['mentions']]
    return {'id': doc['id'], 'spans': sorted(spans, key=lambda s: (s['start'], s['stop']))}


def write(path, docs):
    with open(path, 'w', encoding='utf-8') as file:
        for doc in docs:
            file.write(json.dumps(doc, ensure_ascii=False) + '\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('gold')
    parser.add_argument('pred', help='newsner -f jsonl output (or {"id", "spans"} lines)')
    parser.add_argument('--tool', required=True, help='kindeval.py, nereval.py, linkeval.py or releval.py')
    parser.add_argument('--outermost', action='store_true', help='passed on to nereval.py')
    args = parser.parse_args()
    gold = read(args.gold)
    pred = {doc['id']: as_spans(doc, args.tool) for doc in read(args.pred)}
    halves = {'even': gold[0::2], 'odd': gold[1::2], 'whole': gold}
    with tempfile.TemporaryDirectory() as folder:
        for name, docs in halves.items():
            gold_path = os.path.join(folder, name + '-gold.jsonl')
            pred_path = os.path.join(folder, name + '-pred.jsonl')
            write(gold_path, docs)
            write(pred_path, [pred.get(doc['id'], {'id': doc['id'], 'spans': []}) for doc in docs])
            command = [sys.executable, args.tool, gold_path, pred_path] + (['--outermost'] if args.outermost else [])
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            print('%-5s %s' % (name, output.strip().splitlines()[-1]))


if __name__ == '__main__':
    main()
