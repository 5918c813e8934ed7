"""Score predicted entity spans against annotated (gold) texts.

This module scores spans; it does not run the extractor. Gold is JSONL, one
object a line: ``{"id", "text", "spans": [{"start", "stop", "type"}, ...]}``
with character offsets (Python string indices, ``stop`` exclusive).

Two methods, each with per-type and micro-averaged precision/recall/F1 and the
``correct``/``pred``/``gold`` counts they come from:

``exact`` (unit: spans)
    a predicted span is correct only if its ``(start, stop, type)`` equals a
    gold span. Spans are compared as sets, so a span given twice counts once.

``naeval`` (unit: tokens)
    token-level scoring as in natasha/naeval (``naeval/ner/score.py``), the
    method behind natasha's published NER figures:

    - the text is tokenized with razdel;
    - spans whose start or stop is not a razdel token bound are dropped, in
      prediction and in gold alike (counted in ``stats`` as
      ``pred_misaligned`` / ``gold_misaligned``);
    - for each type separately every token is tagged I if a span of that type
      covers it, else O (IO tags; overlapping spans of one type just tag the
      union of their tokens);
    - precision = tokens I in both / tokens I in prediction, recall = tokens I
      in both / tokens I in gold, summed over all documents.

The micro average sums the counts over the scored types, then computes
precision, recall and F1 from the sums.

Types scored: the types present in gold (after the coarse mapping, if any), in
the display order of records.TYPES (PER, LOC, GOV, COMPANY, MEDIA, ORG,
INITIATIVE), then any others alphabetically; predicted spans of
other types are dropped. With ``coarse=True`` (the default, as natasha's naeval
does) GOV, COMPANY and MEDIA count as ORG, in gold and prediction, and every
type other than PER/LOC/ORG (INITIATIVE...) is dropped. With ``coarse=False``
types are compared as they are, so a gold file with GOV/COMPANY/... spans is
scored finely. ``types=`` fixes the scored types instead (``types=('PER',
'LOC', 'ORG')`` scores all three even for a gold file that lacks one).

With ``coarse=False`` the result also has ``kinds``, the kind accuracy on
matched organization spans (the method of factRuEval kinds' ``kindeval.py``):
among predicted spans typed GOV, COMPANY, MEDIA or ORG whose bounds equal a
gold span of one of those types, the share whose type equals the gold type,
with the gold x predicted confusion table. It measures the kind decision alone.

Gold documents may also carry relations (scored by :mod:`newsner.relscore`) and
entity links to Wikidata (scored by :mod:`newsner.linkscore`); ``newsner
evaluate`` adds those scores to the result when the gold has them.
"""
import bisect
import json
from collections import Counter
from collections.abc import Mapping

from .gold import is_int, span_in_text, span_shape
from .linkscore import check_links
from .relscore import check_relations
from .types import COARSE, LOC, ORG, ORG_KINDS, PER, TYPES

#: finer organization types, scored as ORG with ``coarse=True``
#: the scoring methods, with the unit each one counts
METHODS = (('exact', 'spans'), ('naeval', 'tokens'))


# --- gold -------------------------------------------------------------------

def _check_doc(doc):
    # returns the reason the doc is malformed, or None
    if not isinstance(doc, dict):
        return 'expected a JSON object, got %s' % type(doc).__name__
    for key in ('id', 'text', 'spans'):
        if key not in doc and not (key == 'spans' and ('relations' in doc or 'links' in doc)):
            return 'missing key %r' % key
    if 'relations' in doc:
        reason = check_relations(doc)
        if reason:
            return reason
    if not isinstance(doc['id'], str) and not is_int(doc['id']):
        return '"id" must be a string or an integer'
    text = doc['text']
    if not isinstance(text, str):
        return '"text" must be a string'
    if not isinstance(doc.get('spans', []), list):
        return '"spans" must be a list'
    if 'links' in doc:
        reason = check_links(doc)
        if reason:
            return reason
    for index, span in enumerate(doc.get('spans', [])):
        where = 'span %d' % index
        reason = span_shape(span, where) or span_in_text(span, text, where)
        if reason:
            return reason
    return None


def load_gold(path):
    """Read gold JSONL from ``path``: a list of dicts ``{"id", "text", "spans"}``.

    A document may carry ``"relations"`` (see :mod:`newsner.relscore`) or
    ``"links"`` (see :mod:`newsner.linkscore`) instead of, or besides, its
    spans; its spans are then ``[]`` when it has none.

    Blank lines are skipped. A malformed line (bad JSON, missing key, offsets
    outside the text, a span's or link's ``"text"`` that differs from the text
    slice, a link's ``"qid"`` neither "Q..." nor "NULL", a repeated id) raises
    ``ValueError`` naming the file and the line number.
    """
    docs: list[dict] = []
    lines: dict = {}
    with open(path, encoding='utf-8-sig') as file:
        number = 0
        try:
            for number, line in enumerate(file, 1):
                if not line.strip():
                    continue
                where = '%s, line %d' % (path, number)
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as error:
                    raise ValueError('%s: not valid JSON: %s' % (where, error)) from None
                except RecursionError:
                    raise ValueError('%s: not valid JSON: nested too deeply' % where) from None
                reason = _check_doc(doc)
                if reason:
                    raise ValueError('%s: %s' % (where, reason))
                if doc['id'] in lines:
                    raise ValueError('%s: id %r already used on line %d' % (
                        where, doc['id'], lines[doc['id']]))
                lines[doc['id']] = number
                doc.setdefault('spans', [])
                docs.append(doc)
        except UnicodeDecodeError as error:
            raise ValueError('%s, line %d: not UTF-8 (%s)' % (path, number + 1, error)) from None
    return docs


# --- counting ---------------------------------------------------------------

class Counts:
    """correct/pred/gold counts of one type (or of all, for the micro average)."""

    def __init__(self):
        self.correct = self.pred = self.gold = 0

    def add(self, correct, pred, gold):
        self.correct += correct
        self.pred += pred
        self.gold += gold

    def report(self):
        prec = self.correct / self.pred if self.pred else 0.0
        rec = self.correct / self.gold if self.gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return dict(prec=prec, recall=rec, f1=f1,
                    correct=self.correct, pred=self.pred, gold=self.gold)


def _adapt_span(span):
    # (start, stop, type), a dict or an object with .start/.stop/.type (Mention)
    if isinstance(span, Mapping):
        return span['start'], span['stop'], span['type']
    if hasattr(span, 'start') and hasattr(span, 'type'):
        return span.start, span.stop, span.type
    start, stop, type = span
    return start, stop, type


def _adapt_predicted(predicted):
    # -> {id: (spans, text or None)}; a later id replaces an earlier one
    items = predicted.items() if isinstance(predicted, Mapping) else predicted
    preds = {}
    for item in items:
        if isinstance(item, Mapping):
            preds[item['id']] = (item['spans'], item.get('text'))
        else:
            id, spans = item
            preds[id] = (spans, None)
    return preds


def _map_types(spans, coarse, types):
    spans = [_adapt_span(_) for _ in spans]
    if coarse:
        spans = [(start, stop, COARSE.get(type, type)) for start, stop, type in spans]
        spans = [_ for _ in spans if _[2] in (PER, LOC, ORG)]
    if types is not None:
        spans = [_ for _ in spans if _[2] in types]
    return spans


def _type_order(types):
    return sorted(types, key=lambda _: (TYPES.index(_) if _ in TYPES else len(TYPES), _))


def _score_exact(gold, pred, types, counts):
    gold, pred = set(gold), set(pred)
    for type in types:
        g = {_ for _ in gold if _[2] == type}
        p = {_ for _ in pred if _[2] == type}
        counts[type].add(len(g & p), len(p), len(g))


def _token_tags(tokens, starts, spans, type):
    # IO tagging: a token is I when an (aligned) span of this type covers it
    tags = [False] * len(tokens)
    for start, stop, t in spans:
        if t == type:
            index = bisect.bisect_left(starts, start)
            while index < len(tokens) and tokens[index].stop <= stop:
                tags[index] = True
                index += 1
    return tags


def _score_naeval(text, gold, pred, types, counts, stats):
    from razdel import tokenize

    tokens = list(tokenize(text))
    starts = [_.start for _ in tokens]
    bounds = set(starts), {_.stop for _ in tokens}

    def aligned(spans, key):
        kept = [_ for _ in spans if _[0] in bounds[0] and _[1] in bounds[1]]
        stats[key] += len(spans) - len(kept)
        return kept

    gold = aligned(gold, 'gold_misaligned')
    pred = aligned(pred, 'pred_misaligned')
    for type in types:
        g = _token_tags(tokens, starts, gold, type)
        p = _token_tags(tokens, starts, pred, type)
        correct = sum(a and b for a, b in zip(g, p))
        counts[type].add(correct, sum(p), sum(g))


def _overlaps(spans, types):
    # predicted spans that overlap an earlier span of the same type
    count = 0
    for type in types:
        stop = -1
        for start, end, _ in sorted(_ for _ in spans if _[2] == type):
            count += start < stop
            stop = max(stop, end)
    return count


def score(gold_docs, predicted, *, coarse=True, types=None):
    """Score ``predicted`` spans against ``gold_docs`` by the exact and naeval methods.

    ``gold_docs``: dicts ``{"id", "text", "spans"}`` as from :func:`load_gold`.
    ``predicted``: a mapping id -> spans, or an iterable of ``(id, spans)`` pairs
    or of dicts ``{"id", "spans"[, "text"]}``; a span is a ``(start, stop, type)``
    tuple, a dict with those keys, or a :class:`~newsner.records.Mention`. A gold
    id without prediction counts as no spans. See the module docstring for the
    methods, ``coarse`` and ``types``.

    Returns a JSON-ready dict, shaped so::

        {"stats": {"docs", "missing_pred", "extra_pred", "gold_misaligned",
                   "pred_misaligned", "pred_overlapping"},
         "exact":  {TYPE: {"prec", "recall", "f1", "correct", "pred", "gold"}, ...,
                    "micro": {...}},
         "naeval": {...same...}}

    Type keys come in display order, ``"micro"`` last. Raises ``ValueError`` if
    a prediction carries a ``"text"`` different from the gold text.
    """
    gold_docs = list(gold_docs)
    preds = _adapt_predicted(predicted)
    if types is not None:
        types = tuple(types)
    gold_spans = [_map_types(_['spans'], coarse, types) for _ in gold_docs]
    if types is None:
        types = tuple(_type_order({_[2] for spans in gold_spans for _ in spans}))

    stats = dict(docs=len(gold_docs), missing_pred=0, extra_pred=0,
                 gold_misaligned=0, pred_misaligned=0, pred_overlapping=0)
    stats['extra_pred'] = len(set(preds) - {_['id'] for _ in gold_docs})
    counts = {name: {_: Counts() for _ in types} for name, _ in METHODS}
    confusion: Counter = Counter()
    for doc, g in zip(gold_docs, gold_spans):
        pred = preds.get(doc['id'])
        if pred is None:
            stats['missing_pred'] += 1
            pred = ([], None)
        spans, text = pred
        if text is not None and text != doc['text']:
            raise ValueError('text differs for id %r' % (doc['id'],))
        p = _map_types(spans, coarse, types)
        stats['pred_overlapping'] += _overlaps(p, types)
        _score_exact(g, p, types, counts['exact'])
        _score_naeval(doc['text'], g, p, types, counts['naeval'], stats)
        if not coarse:
            _count_kinds(g, [_adapt_span(_) for _ in spans], confusion)

    result = dict(stats=stats)
    for name, _ in METHODS:
        micro = Counts()
        for type in types:
            c = counts[name][type]
            micro.add(c.correct, c.pred, c.gold)
        result[name] = {_: counts[name][_].report() for _ in types}
        result[name]['micro'] = micro.report()
    if not coarse:
        result['kinds'] = _kind_accuracy(confusion)
    return result


def _count_kinds(gold, pred, confusion):
    # (gold kind, predicted kind) of each predicted organization whose bounds are a gold organization's
    gold_kind = {(start, stop): type for start, stop, type in gold if type in ORG_KINDS}
    for start, stop, type in pred:
        if type in ORG_KINDS and (start, stop) in gold_kind:
            confusion[gold_kind[start, stop], type] += 1


def _kind_accuracy(confusion):
    matched = sum(confusion.values())
    right = sum(n for (gold, pred), n in confusion.items() if gold == pred)
    return {'accuracy': right / matched if matched else 0.0, 'right': right, 'matched': matched,
            'confusion': {str(gold): {str(pred): confusion[gold, pred] for pred in ORG_KINDS} for gold in ORG_KINDS}}


def format_report(result):
    """The human table of a :func:`score` result, both methods side by side.

    A stats line, then for each method a row per type and ``micro`` with
    precision, recall, F1 and correct/pred/gold; the last line gives the
    naeval-method F1 per type: ``PER 0.960 LOC 0.906 ORG 0.776``.
    """
    lines = [' '.join('%s=%d' % _ for _ in result['stats'].items())]
    for name, unit in METHODS:
        lines.append('')
        title = '%s (%s)' % (name, unit)
        lines.append('%-16s   prec  recall      f1  correct/pred/gold' % title)
        for type, r in result[name].items():
            lines.append('  %-14s %7.3f %7.3f %7.3f  %d/%d/%d' % (
                type, r['prec'], r['recall'], r['f1'], r['correct'], r['pred'], r['gold']))
    kinds = result.get('kinds')
    if kinds and kinds['matched']:
        lines.append('')
        lines.append('kind accuracy on matched organization spans: %.3f (%d/%d)'
                     % (kinds['accuracy'], kinds['right'], kinds['matched']))
    lines.append('')
    lines.append(' '.join('%s %.3f' % (type, r['f1'])
                          for type, r in result['naeval'].items() if type != 'micro'))
    return '\n'.join(lines) + '\n'
