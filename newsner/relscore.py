"""Score "who works where" relations against annotated (gold) texts.

Gold is JSONL, one object a line: ``{"id", "text", "relations": [{"person":
[start, stop, text], "object": [start, stop, text], "object_type": "ORG" |
"LOC"}, ...]}`` (the format of NEREL's relations as newsner's shared tools
give them). The method is that of the shared ``releval.py``:

- a predicted relation's person is the PER entity of that canonical name, its
  object the first other entity of that name (LOC counts as LOC, every
  organization type as ORG);
- a predicted relation is right when a mention of its person overlaps a gold
  relation's person and a mention of its object overlaps that relation's
  object, so a relation between two entities covers every gold pair between
  their mentions;
- precision: predictions that match some gold relation; recall: gold
  relations matched by some prediction; per object type and overall.

No model imports here: this scores documents already extracted.
"""

from collections.abc import Iterable, Mapping
from typing import Any, Optional

from .gold import is_int
from .records import Document
from .types import LOC, ORG, PER

#: the object types of gold relations
OBJECT_TYPES = (LOC, ORG)


def has_relations(gold_docs: Iterable[Mapping[str, Any]]) -> bool:
    """Whether gold documents (dicts) carry relations to score."""
    return any('relations' in doc for doc in gold_docs)


def check_relations(doc: Mapping[str, Any]) -> Optional[str]:
    """Why a gold document's relations are malformed, or None."""
    relations = doc.get('relations', [])
    if not isinstance(relations, list):
        return '"relations" must be a list'
    for index, relation in enumerate(relations):
        where = 'relation %d' % index
        if not isinstance(relation, dict):
            return '%s: expected an object {"person", "object", "object_type"}' % where
        for key in ('person', 'object'):
            value = relation.get(key)
            if (not isinstance(value, list) or len(value) < 2
                    or not all(is_int(_) for _ in value[:2])):
                return '%s: "%s" must be [start, stop, text]' % (where, key)
        if relation.get('object_type') not in OBJECT_TYPES:
            return '%s: "object_type" must be "ORG" or "LOC"' % where
    return None


def _overlaps(spans, span):
    return any(a < span[1] and span[0] < b for a, b in spans)


def _predicted(doc):
    # [(person spans, object spans, object type)] of a Document's relations
    def spans(name, person):
        for entity in doc.entities:
            if entity.name == name and (entity.type == PER) == person:
                return [(m.start, m.stop) for m in entity.mentions]
        return []

    result = []
    for relation in doc.relations:
        objects = [e for e in doc.entities if e.name == relation.object and e.type != PER]
        type = LOC if objects and objects[0].type == LOC else ORG
        result.append((spans(relation.person, True), spans(relation.object, False), type))
    return result


def score_relations(gold_docs: Iterable[Mapping[str, Any]],
                    documents: Mapping[str, Document]) -> dict[str, dict[str, Any]]:
    """Score ``documents`` ({id: Document}) against ``gold_docs`` (dicts with "relations").

    Returns ``{"LOC": {...}, "ORG": {...}, "micro": {...}}``, each with
    ``prec``, ``recall``, ``f1`` and the counts they come from: ``correct_pred``
    / ``pred`` for precision, ``correct_gold`` / ``gold`` for recall. A type
    neither predicted nor in gold is left out.
    """
    counts: dict[str, list[int]] = {}
    total = [0, 0, 0, 0]
    for gold in gold_docs:
        doc = documents.get(gold['id'])
        predicted = _predicted(doc) if doc is not None else []
        relations = gold.get('relations', [])

        def match(p, g):
            return _overlaps(p[0], g['person']) and _overlaps(p[1], g['object'])

        for p in predicted:
            ok = any(match(p, g) for g in relations)
            row = counts.setdefault(p[2], [0, 0, 0, 0])
            row[0] += ok
            row[1] += 1
            total[0] += ok
            total[1] += 1
        for g in relations:
            ok = any(match(p, g) for p in predicted)
            row = counts.setdefault(g['object_type'], [0, 0, 0, 0])
            row[2] += ok
            row[3] += 1
            total[2] += ok
            total[3] += 1
    result = {type: _report(row) for type, row in sorted(counts.items())}
    result['micro'] = _report(total)
    return result


def _report(row):
    correct_pred, pred, correct_gold, gold = row
    prec = correct_pred / pred if pred else 0.0
    recall = correct_gold / gold if gold else 0.0
    f1 = 2 * prec * recall / (prec + recall) if prec + recall else 0.0
    return {'prec': prec, 'recall': recall, 'f1': f1, 'correct_pred': correct_pred, 'pred': pred,
            'correct_gold': correct_gold, 'gold': gold}


def format_relations(result: Mapping[str, Mapping[str, Any]]) -> str:
    """The lines of a :func:`score_relations` result, as ``releval.py`` prints them."""
    lines = []
    for type, r in result.items():
        if type == 'micro':
            continue
        lines.append('%-4s precision %.3f (%d/%d) recall %.3f (%d/%d)' % (
            type, r['prec'], r['correct_pred'], r['pred'], r['recall'], r['correct_gold'], r['gold']))
    micro = result['micro']
    lines.append('P %.3f R %.3f F1 %.3f' % (micro['prec'], micro['recall'], micro['f1']))
    return '\n'.join(lines) + '\n'
