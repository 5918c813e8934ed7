"""Score entity links (Wikidata ids) against annotated (gold) texts.

Gold is JSONL, one object a line: ``{"id", "text", "links": [{"start", "stop",
"type", "qid", "text"}, ...]}`` with character offsets (Python string indices,
``stop`` exclusive), a NEREL ``type`` and ``qid`` a Wikidata id ("Q159") or
"NULL" for a thing Wikidata lacks (the shape of NEREL's links as newsner's
shared tools give them). The method is that of the shared ``linkeval.py``:

- only the NEREL types newsner covers are scored (:data:`LINK_TYPES`); gold
  links of other types (PROFESSION, AWARD...) are skipped;
- every mention of a predicted entity carries the entity's ``kb_id``;
- each gold link takes the predicted mention with its bounds (the first such),
  else the mention that overlaps it most (ties: the shorter one, then the one
  that starts and stops later), else none;
- recall: gold links with a real qid whose mention's ``kb_id`` equals it, over
  the gold links with a real qid;
- precision: the same right links, over the gold links whose mention has a
  ``kb_id`` (a ``kb_id`` where the gold says "NULL" is wrong). The count is per
  gold link: a mention taken by two gold links counts twice, and a linked
  mention no gold link takes is not counted.

Per NEREL type and micro (the sums over the types). No model imports here: this
scores documents already extracted.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

from .gold import span_in_text, span_shape
from .records import Document

#: the NEREL types scored, in display order
LINK_TYPES = ('PERSON', 'ORGANIZATION', 'COUNTRY', 'CITY', 'STATE_OR_PROVINCE', 'LOCATION', 'DISTRICT')

#: the gold qid of a thing Wikidata lacks
NULL = 'NULL'

#: a gold qid: a Wikidata item id, or NULL
QID = re.compile(r'Q[0-9]+|NULL')

#: what score_links takes as predictions: {id: document} or documents, each a
#: Document or its dict ({"id", "entities": [{"kb_id", "mentions": [{"start", "stop"}]}]})
Predicted = Union[Mapping[Any, Union[Document, Mapping[str, Any]]],
                  Iterable[Union[Document, Mapping[str, Any]]]]

#: one predicted mention as links are scored: (start, stop, the kb_id of its entity)
LinkedSpan = tuple[int, int, Optional[str]]


def has_links(gold_docs: Iterable[Mapping[str, Any]]) -> bool:
    """Whether gold documents (dicts) carry links to score."""
    return any('links' in doc for doc in gold_docs)


def check_links(doc: Mapping[str, Any]) -> Optional[str]:
    """Why a gold document's links are malformed, or None.

    ``doc["text"]``, when it is a string, bounds the offsets, and a link's
    ``"text"``, when given, must be the text's slice at its offsets.
    """
    links = doc.get('links', [])
    text = doc.get('text')
    if not isinstance(links, list):
        return '"links" must be a list'
    for index, link in enumerate(links):
        where = 'link %d' % index
        reason = span_shape(link, where, ('start', 'stop', 'type', 'qid'))
        if reason:
            return reason
        if not isinstance(link['qid'], str) or not QID.fullmatch(link['qid']):
            return '%s: "qid" must be a Wikidata id ("Q159") or "NULL", not %r' % (where, link['qid'])
        if isinstance(text, str):
            reason = span_in_text(link, text, where)
            if reason:
                return reason
    return None


def _mentions(doc: Union[Document, Mapping[str, Any]]) -> list[LinkedSpan]:
    # every mention of the document with its entity's kb_id, in the order of the entities
    if isinstance(doc, Document):
        return [(m.start, m.stop, e.kb_id) for e in doc.entities for m in e.mentions]
    return [(m['start'], m['stop'], e.get('kb_id')) for e in doc.get('entities', [])
            for m in e.get('mentions', [])]


def _documents(predicted: Predicted) -> dict[Any, list[LinkedSpan]]:
    # {id: mentions}; a later id replaces an earlier one
    if isinstance(predicted, Mapping):
        return {id: _mentions(doc) for id, doc in predicted.items()}
    result = {}
    for doc in predicted:
        result[doc.id if isinstance(doc, Document) else doc['id']] = _mentions(doc)
    return result


def _tie_key(mention: LinkedSpan) -> tuple[int, int, bool, str]:
    # the last tie-break of linkeval.py, max over (start, stop, kb_id), with None below any id
    start, stop, kb_id = mention
    return start, stop, kb_id is not None, kb_id or ''


def best_mention(link: Mapping[str, Any], mentions: Iterable[LinkedSpan]) -> Optional[LinkedSpan]:
    """The predicted mention (start, stop, kb_id) a gold link takes, or None.

    The first one with the link's bounds, else the one that overlaps it most;
    on ties the shorter, then the one that starts later, then stops later.
    """
    mentions = list(mentions)
    start, stop = link['start'], link['stop']
    for mention in mentions:
        if (mention[0], mention[1]) == (start, stop):
            return mention
    over = [m for m in mentions if m[0] < stop and start < m[1]]
    if not over:
        return None
    return max(over, key=lambda m: (min(m[1], stop) - max(m[0], start), m[0] - m[1], _tie_key(m)))


def score_links(gold_docs: Iterable[Mapping[str, Any]], predicted: Predicted) -> dict[str, dict[str, Any]]:
    """Score the kb_ids of ``predicted`` documents against ``gold_docs`` (dicts with "links").

    ``predicted``: a mapping id -> :class:`~newsner.records.Document` or its
    dict (``Document.as_dict()``, a line of ``-f jsonl`` output), or an iterable
    of either. A gold id without prediction counts as no mentions.

    Returns ``{TYPE: {...}, ..., "micro": {...}}``, each with ``prec``,
    ``recall``, ``f1`` and the counts they come from: ``correct`` (right links),
    ``pred`` (gold links whose mention has a kb_id) and ``gold`` (gold links with
    a real qid). Types come in the order of :data:`LINK_TYPES`; a type with no
    gold and no pred count is left out; ``"micro"`` is last and always there.
    """
    documents = _documents(predicted)
    counts = {type: [0, 0, 0] for type in LINK_TYPES}
    for gold in gold_docs:
        mentions = documents.get(gold['id'], [])
        for link in gold.get('links', []):
            row = counts.get(link['type'])
            if row is None:
                continue
            mention = best_mention(link, mentions)
            if link['qid'] != NULL:
                row[2] += 1
            if mention is None or not mention[2]:
                continue
            row[1] += 1
            row[0] += mention[2] == link['qid']
    result = {type: _report(*row) for type, row in counts.items() if row[1] or row[2]}
    result['micro'] = _report(*(sum(row[i] for row in counts.values()) for i in range(3)))
    return result


def _report(correct: int, pred: int, gold: int) -> dict[str, Any]:
    prec = correct / pred if pred else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * prec * recall / (prec + recall) if prec + recall else 0.0
    return {'prec': prec, 'recall': recall, 'f1': f1, 'correct': correct, 'pred': pred, 'gold': gold}


def format_links(result: Mapping[str, Mapping[str, Any]]) -> str:
    """The table of a :func:`score_links` result, as ``linkeval.py`` prints it.

    A header, a row per type and ``micro`` (P, R, F1, gold, pred), then the
    line ``link P 0.000 R 0.000 F1 0.000``.
    """
    lines = ['%-18s %6s %6s %6s %6s %6s' % ('', 'P', 'R', 'F1', 'gold', 'pred')]
    for type, r in result.items():
        lines.append('%-18s %6.3f %6.3f %6.3f %6d %6d' % (
            type, r['prec'], r['recall'], r['f1'], r['gold'], r['pred']))
    micro = result['micro']
    lines.append('link P %.3f R %.3f F1 %.3f' % (micro['prec'], micro['recall'], micro['f1']))
    return '\n'.join(lines) + '\n'
