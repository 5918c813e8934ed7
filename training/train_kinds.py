"""Train the kind classifier of organization names and write newsner/data/kinds.npz.

    python training/train_kinds.py                       # the shipped weights
    python training/train_kinds.py --out /tmp/kinds.npz  # elsewhere
    python training/train_kinds.py --folds               # cross-validation on the gold half first

Data (paths by default under ../shared/data, see --data):

- gold: the documents at even line indexes (0, 2, 4...) of factru-dev-kinds.jsonl,
  every GOV, COMPANY, MEDIA, ORG and INITIATIVE span with its hand-given kind
  (labels from kinds-dev.tsv). The odd documents are held out: nothing here reads them
  but to leave their texts out of the silver data.
- silver: the organization names newsner finds in news-corpus.jsonl (its Lenta.ru
  articles; its factRuEval articles are the dev texts, gold or held out), labelled by
  the high-precision rules only: a gazetteer entry, a legal form, a head noun
  ("министерство", "банк", "газета"...), a compound word ("Минфин", "…банк"), a
  domain, a descriptor before a quoted name ("компания «…»"). Names no such rule types
  are left out. Their precision against the gold half is printed.

The model is a softmax regression over :func:`newsner.rules.classifier.features`,
standardized, with an L2 penalty, trained by full-batch gradient descent (Adam) from
zero weights: no randomness, the same data gives the same weights. Plain numpy.
"""
import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsner.models import word_vectors  # noqa: E402
from newsner.pipeline import Extractor  # noqa: E402
from newsner.rules import Rules  # noqa: E402
from newsner.rules.classifier import CLASSES, FEATURES  # noqa: E402
from newsner.rules.grammars import QUOTED_KIND  # noqa: E402
from newsner.rules.kinds import DOMAIN, LEGAL_FORMS, name_kind  # noqa: E402
from newsner.rules.lemma import WORDS  # noqa: E402
from newsner.types import MEDIA, OPEN_QUOTES  # noqa: E402

DATA = ROOT.parent / 'shared' / 'data'
OUT = ROOT / 'newsner' / 'data' / 'kinds.npz'
#: a gold example counts as this many silver ones
GOLD_WEIGHT = 3.0
L2 = 3e-3
STEPS = 400
RATE = 0.02


def read(path):
    with open(path, encoding='utf-8') as file:
        return [json.loads(line) for line in file if line.strip()]


def silver_label(rules, text, start, stop):
    """The kind the high-precision rules give the name at start:stop, or None."""
    surface = text[start:stop]
    entry = rules.gazetteer.get(rules.lemmas.key(surface))
    if entry is not None and entry.type in CLASSES:
        return entry.type
    words = WORDS.findall(surface)
    kind = name_kind(words, [rules.lemmas(w) for w in words])
    if kind is not None:
        return kind
    if DOMAIN.search(surface):
        return MEDIA
    if start and text[start - 1] in OPEN_QUOTES:
        before = WORDS.findall(text[max(0, start - 40):start - 1])
        if before:
            lemma = rules.lemmas(before[-1])
            if lemma in QUOTED_KIND:
                return QUOTED_KIND[lemma]
            if lemma in LEGAL_FORMS:
                return 'COMPANY'
    return None


def silver(extractor, rules, docs):
    """(text, start, stop, kind) of the organization names in docs the high-precision rules type."""
    for doc in extractor.pipe([(d['id'], d['text']) for d in docs]):
        for mention in doc.mentions:
            if mention.type not in CLASSES:
                continue
            kind = silver_label(rules, doc.text, mention.start, mention.stop)
            if kind is not None:
                yield doc.text, mention.start, mention.stop, kind


def rows(rules, examples):
    matrix = np.zeros((len(examples), FEATURES), dtype=np.float32)
    for index, (text, start, stop, _) in enumerate(examples):
        matrix[index] = rules.features(rules.describe(text, start, stop))
    labels = np.array([CLASSES.index(kind) for *_, kind in examples])
    return matrix, labels


def train(matrix, labels, weights):
    """(weights, bias, mean, scale) of a softmax regression; deterministic."""
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale[scale < 1e-3] = 1.0
    x = (matrix - mean) / scale
    y = np.zeros((len(labels), len(CLASSES)))
    y[np.arange(len(labels)), labels] = 1.0
    w = np.zeros((x.shape[1], len(CLASSES)))
    b = np.log(np.bincount(labels, weights, minlength=len(CLASSES)) + 1.0)
    sample = weights / weights.sum()
    moments = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    for step in range(1, STEPS + 1):
        scores = x @ w + b
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        error = (p - y) * sample[:, None]
        grads = (x.T @ error + L2 * w, error.sum(axis=0))
        for index, (param, grad) in enumerate(zip((w, b), grads)):
            m, v = moments[2 * index], moments[2 * index + 1]
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= RATE * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return (w.astype(np.float32), b.astype(np.float32), mean.astype(np.float32), scale.astype(np.float32))


def predict(model, matrix):
    w, b, mean, scale = model
    return np.argmax(((matrix - mean) / scale) @ w + b, axis=1)


def untyped(rules, example):
    # whether the rules leave this name to the classifier at run time
    text, start, stop, _ = example
    return silver_label(rules, text, start, stop) is None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data', type=Path, default=DATA, help='folder of the data files')
    parser.add_argument('--out', type=Path, default=OUT)
    parser.add_argument('--folds', action='store_true', help='print a cross-validation on the gold half')
    parser.add_argument('--silver-limit', type=int, default=None, help='use only the first N corpus articles')
    args = parser.parse_args()

    dev = read(args.data / 'factru-dev-kinds.jsonl')
    gold_docs, held_out = dev[0::2], dev[1::2]
    held_out_texts = {d['text'] for d in held_out}
    dev_texts = {d['text'] for d in dev}
    corpus = [d for d in read(args.data / 'news-corpus.jsonl') if d['text'] not in dev_texts]
    assert not any(d['text'] in held_out_texts for d in corpus)
    if args.silver_limit is not None:
        corpus = corpus[:args.silver_limit]

    extractor = Extractor()
    rules = Rules(extractor.vocab, vectors=word_vectors(extractor.ner), classifier=None)
    extractor.rules = rules  # silver names as the rules alone type them

    gold = [(d['text'], s['start'], s['stop'], s['type'], i)
            for i, d in enumerate(gold_docs) for s in d['spans'] if s['type'] in CLASSES]
    silver_examples = list(silver(extractor, rules, corpus))
    checked = list(silver(extractor, rules, gold_docs))
    gold_kind = {(t, s, e): k for t, s, e, k, _ in gold}
    matched = [(k, gold_kind[t, s, e]) for t, s, e, k in checked if (t, s, e) in gold_kind]
    print('gold: %d names in %d documents; silver: %d names in %d articles'
          % (len(gold), len(gold_docs), len(silver_examples), len(corpus)), file=sys.stderr)
    if matched:
        print('silver precision on the gold half: %.3f (%d names)'
              % (sum(a == b for a, b in matched) / len(matched), len(matched)), file=sys.stderr)

    silver_x, silver_y = rows(rules, silver_examples)
    gold_x, gold_y = rows(rules, [g[:4] for g in gold])
    if args.folds:
        folds = np.array([g[4] % 2 for g in gold])
        runtime = np.array([untyped(rules, g[:4]) for g in gold])
        for fold in (0, 1):
            train_mask = folds != fold
            x = np.vstack([silver_x, gold_x[train_mask]])
            y = np.concatenate([silver_y, gold_y[train_mask]])
            w = np.concatenate([np.ones(len(silver_y)), np.full(train_mask.sum(), GOLD_WEIGHT)])
            model = train(x, y, w)
            test = (folds == fold) & runtime
            guess = predict(model, gold_x[test])
            fallback = np.array([CLASSES.index(rules.describe(*g[:3]).descriptor or 'ORG') for g in gold])
            print('fold %d: %d names left to the classifier, %.3f right (descriptor else ORG: %.3f)'
                  % (fold, test.sum(), np.mean(guess == gold_y[test]),
                     np.mean(fallback[test] == gold_y[test])), file=sys.stderr)

    x = np.vstack([silver_x, gold_x])
    y = np.concatenate([silver_y, gold_y])
    w = np.concatenate([np.ones(len(silver_y)), np.full(len(gold_y), GOLD_WEIGHT)])
    weights, bias, mean, scale = train(x, y, w)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, weights=weights, bias=bias, mean=mean, scale=scale)
    print('wrote %s (%d bytes): %d names, classes %s'
          % (args.out, os.path.getsize(args.out), len(y), dict(zip(CLASSES, np.bincount(y, minlength=len(CLASSES))))),
          file=sys.stderr)


if __name__ == '__main__':
    main()
