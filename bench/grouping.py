"""Entities per document before and after grouping, and the groupings to check by hand.

    python bench/grouping.py [tests/data/factru-dev.jsonl] [--sample 50]

"Before" counts one entity per distinct (type, normal form), which is what
grouping by equal normal forms alone gives; "after" is newsner's entities.
The sample lists entities whose mentions have two or more normal forms.
"""
import argparse
import json
import random
import sys
from pathlib import Path

from newsner.pipeline import Extractor

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('path', nargs='?', default=str(ROOT / 'tests' / 'data' / 'factru-dev.jsonl'))
    parser.add_argument('--sample', type=int, default=50)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    with open(args.path, encoding='utf-8') as file:
        items = [json.loads(line) for line in file if line.strip()]
    extractor = Extractor()
    before = after = roles = 0
    merged = []
    for doc in extractor.pipe([(item['id'], item['text']) for item in items]):
        forms = {(m.type, m.normal.lower()) for e in doc.entities for m in e.mentions}
        before += len(forms)
        after += len(doc.entities)
        for entity in doc.entities:
            roles += bool(entity.role)
            normals = sorted({m.normal for m in entity.mentions})
            if len(normals) > 1:
                merged.append((doc.id, entity.type, entity.name, normals))
    n = len(items)
    print('documents: %d' % n)
    print('entities per document: %.2f before grouping, %.2f after (%d -> %d)' % (
        before / n, after / n, before, after))
    print('entities with a role: %d' % roles)
    print('groupings (entities with 2+ normal forms): %d' % len(merged))
    sample = random.Random(args.seed).sample(merged, min(args.sample, len(merged)))
    for doc_id, type, name, normals in sample:
        print('%s\t%s\t%s\t%s' % (doc_id, type, name, ' | '.join(normals)))


if __name__ == '__main__':
    sys.exit(main())
