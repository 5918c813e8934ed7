"""Build the knowledge base of news entities: newsner/data/kb.jsonl.gz.

    python training/build_kb.py                          # the shipped base
    python training/build_kb.py --out /tmp/kb.jsonl.gz   # elsewhere

Sources (docs/linking.md gives their provenance and terms):

- NEREL 1.1's Wikidata links of its *train* split (``nerel-train-links.jsonl``
  under ``--data``, ../shared/data by default): every linked mention of a
  person, organization or place, nested ones too. Nothing from NEREL's dev or
  test split is read, so that linking can be scored on dev.
- newsner's built-in gazetteer (newsner/data/*.csv): its names become the
  canonical names and types of the things they match, and its aliases join
  the thing's names.

For each linked mention, the name's key (the lemmas of its words) counts once
for its Wikidata id: the prior. The canonical name is the commonest normal
form that newsner gives the mention in its sentence (for a person, the
commonest of first name and surname); the type is NEREL's for people and
places, and for an organization the kind newsner itself gives the mention in
the text (GOV, COMPANY, MEDIA, ORG, INITIATIVE), by vote; a gazetteer entry's
type wins. Mentions NEREL links to no Wikidata id ("NULL") count against their
name. The same sources give the same file, byte for byte.
"""
import argparse
import hashlib
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsner.kb import KnowledgeBase, Thing, family  # noqa: E402
from newsner.pipeline import Extractor  # noqa: E402
from newsner.rules.gazetteer import BUILTIN, builtin  # noqa: E402
from newsner.types import COMPANY, GOV, INITIATIVE, LOC, MEDIA, ORG, PER  # noqa: E402

#: NEREL's types that newsner covers, and their family
NEREL = {'PERSON': PER, 'ORGANIZATION': ORG, 'COUNTRY': LOC, 'CITY': LOC, 'STATE_OR_PROVINCE': LOC,
         'LOCATION': LOC, 'DISTRICT': LOC}
KINDS = (GOV, COMPANY, MEDIA, ORG, INITIATIVE)
#: the share of the votes a type needs to be sure, and the votes an organization's kind needs
SURE_SHARE = 0.8
SURE_VOTES = 2
#: what a gazetteer form counts as, for a thing the train links confirm
GAZETTEER_COUNT = 3
#: a gazetteer entry takes a thing's id when its names meant that thing this often, and mostly
MATCH_SHARE = 0.75
#: an organization's or place's canonical name is the fullest of the names at least this
#: common relative to the commonest ("Лаборатория Касперского" beside "Касперский", but
#: "Россия", not "Российская Федерация")
FULL_SHARE = 0.3
#: other things kept in a thing's context
CONTEXT = 30


def sha256(path):
    with open(path, 'rb') as file:
        return hashlib.sha256(file.read()).hexdigest()


def read(path):
    with open(path, encoding='utf-8') as file:
        return [json.loads(line) for line in file if line.strip()]


class Evidence:
    """What the sources say of one Wikidata id."""

    def __init__(self):
        self.links = Counter()  # (family, key, normal form) -> count
        self.families = Counter()
        self.kinds = Counter()
        self.documents = 0
        self.family = None
        self.keys = Counter()  # key -> count
        self.forms = defaultdict(Counter)  # key -> normal form -> count

    def settle(self):
        """Once all links are in: the id's commonest family, and the keys and normal forms of
        its links of that family (the links of another are taken as slips)."""
        self.family = self.families.most_common(1)[0][0]
        for (kind, key, form), count in self.links.items():
            if kind == self.family:
                self.keys[key] += count
                self.forms[key][form] += count


def collect(extractor, docs):
    """Evidence per id, the null counts, and the ids of each document."""
    key = extractor.rules.lemmas.key
    evidence = defaultdict(Evidence)
    nulls = defaultdict(Counter)
    per_doc = []
    texts = [(doc['id'], doc['text']) for doc in docs]
    for doc, found in zip(docs, extractor.pipe(texts, jobs=1)):
        predicted = {(m.start, m.stop): m.type for m in found.mentions}
        links = [link for link in doc['links'] if link['type'] in NEREL]
        normals = extractor.normal_forms(doc['text'], [(l['start'], l['stop'], NEREL[l['type']]) for l in links])
        ids = set()
        for link, normal in zip(links, normals):
            name_key = ' '.join(key(link['text']))
            if not name_key:
                continue
            kind = NEREL[link['type']]
            if link['qid'] == 'NULL':
                nulls[name_key][kind] += 1
                continue
            item = evidence[link['qid']]
            item.links[kind, name_key, normal] += 1
            item.families[kind] += 1
            if kind == ORG and predicted.get((link['start'], link['stop'])) in KINDS:
                item.kinds[predicted[link['start'], link['stop']]] += 1
            ids.add(link['qid'])
        for id in ids:
            evidence[id].documents += 1
        per_doc.append(ids)
    for item in evidence.values():
        item.settle()
    return evidence, nulls, per_doc


def ids_by_key(evidence):
    """{key: {id: count}}: the ids each name key meant."""
    by_key = defaultdict(Counter)
    for id, item in evidence.items():
        for name_key, count in item.keys.items():
            by_key[name_key][id] += count
    return by_key


def match_gazetteer(extractor, evidence, by_key):
    """{id: gazetteer entry} for the built-in entries whose names mostly meant one id."""
    key = extractor.rules.lemmas.key
    matched = {}
    for entry in builtin():
        votes = Counter()
        for form in entry.forms:
            for id, count in by_key.get(' '.join(key(form)), {}).items():
                if family(entry.type) == evidence[id].family:
                    votes[id] += count
        if not votes:
            continue
        (id, count), total = votes.most_common(1)[0], sum(votes.values())
        if count / total >= MATCH_SHARE and id not in matched:
            matched[id] = entry
    return matched


def canonical(vocab, kind, forms):
    """The canonical name among the normal forms of an id (a Counter): the commonest, of
    the names that are not adjectives alone ("российский") nor written lower case when
    others are not, and for a person of a first name and a surname when there are some."""
    def words(form):
        return form.split()

    def adjective(form):
        parses = [vocab(w.lower()) for w in words(form)]
        return all(p and {'ADJF', 'PRTF'} & set(p[0].tag.grammemes) for p in parses)

    names = Counter({f: n for f, n in forms.items() if not adjective(f)})
    if names:
        forms = names
    upper = Counter({f: n for f, n in forms.items() if f[:1].isupper() or not f[:1].isalpha()})
    if upper:
        forms = upper
    if kind == PER:
        def full(size):
            return Counter({f: n for f, n in forms.items() if size(len(words(f)))
                            and not any(w.rstrip('.').isupper() and len(w) <= 2 for w in words(f))})
        forms = full(lambda n: n == 2) or full(lambda n: n > 2) or forms
        return max(sorted(forms), key=lambda f: (forms[f], len(f)))
    # an organization or place: the fullest of the names nearly as common as the commonest
    top = max(forms.values())
    common = [f for f in sorted(forms) if forms[f] >= FULL_SHARE * top]
    return max(common, key=lambda f: (len(words(f)), len(f), forms[f]))


def decide_type(item, entry):
    """(type, sure) of an id from its evidence."""
    kind, votes = item.families.most_common(1)[0]
    sure = votes / sum(item.families.values()) >= SURE_SHARE
    if entry is not None:
        return entry.type, True
    if kind != ORG:
        return kind, sure
    if not item.kinds:
        return ORG, False
    best, count = max(sorted(item.kinds.items()), key=lambda kv: kv[1])
    return best, sure and count >= SURE_VOTES and count / sum(item.kinds.values()) >= SURE_SHARE


def contexts(evidence, per_doc, ambiguous):
    """{id: {other id: share of its documents that name the other}} for the ambiguous ids."""
    together = defaultdict(Counter)
    for ids in per_doc:
        for id in ids & ambiguous:
            for other in ids:
                if other != id:
                    together[id][other] += 1
    result = {}
    for id in ambiguous:
        documents = evidence[id].documents
        top = sorted(together[id].items(), key=lambda kv: (-kv[1], kv[0]))[:CONTEXT]
        result[id] = {other: round(count / documents, 3) for other, count in top}
    return result


def build(extractor, docs, sources):
    evidence, nulls, per_doc = collect(extractor, docs)
    by_key = ids_by_key(evidence)
    matched = match_gazetteer(extractor, evidence, by_key)
    key = extractor.rules.lemmas.key
    ambiguous = {id for ids in by_key.values() if len(ids) > 1 for id in ids}
    ambiguous |= {id for name_key, ids in by_key.items() if name_key in nulls for id in ids}
    context = contexts(evidence, per_doc, ambiguous)
    things = []
    for id, item in evidence.items():
        entry = matched.get(id)
        type, sure = decide_type(item, entry)
        forms = Counter()
        aliases = {}
        for name_key, count in item.keys.items():
            found = item.forms[name_key]
            form = max(sorted(found), key=lambda f: found[f])
            aliases[name_key] = [form, name_key, count]
            forms.update(found)
        name = entry.name if entry is not None else canonical(extractor.vocab, family(type), forms)
        if entry is not None:
            for form in entry.forms:
                name_key = ' '.join(key(form))
                if name_key and name_key not in aliases:
                    aliases[name_key] = [form, name_key, GAZETTEER_COUNT]
        things.append(Thing(id=id, type=str(type), name=name, sure=sure, documents=item.documents,
                            aliases=tuple(tuple(a) for a in sorted(aliases.values(), key=lambda a: (-a[2], a[1]))),
                            context=context.get(id, {})))
    header = {'sources': sources, 'gazetteer_matches': len(matched), 'documents': len(docs),
              'made_by': 'training/build_kb.py'}
    nulls = {k: {f: n for f, n in sorted(v.items())} for k, v in nulls.items()}
    return KnowledgeBase(things, nulls, header)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--data', default=str(ROOT.parent / 'shared' / 'data'),
                        help='the folder of nerel-train-links.jsonl (default: ../shared/data)')
    parser.add_argument('--out', default=str(ROOT / 'newsner' / 'data' / 'kb.jsonl.gz'))
    parser.add_argument('--limit', type=int, default=None, help='only the first N documents (for tests)')
    args = parser.parse_args()
    train = os.path.join(args.data, 'nerel-train-links.jsonl')
    if not os.path.exists(train):
        parser.error('no %s: give the folder that holds it with --data' % train)
    docs = read(train)[:args.limit]
    sources = [{'file': 'nerel-train-links.jsonl', 'sha256': sha256(train), 'documents': len(docs)}]
    sources += [{'file': 'newsner/data/' + name, 'sha256': sha256(ROOT / 'newsner' / 'data' / name)}
                for name in BUILTIN]
    extractor = Extractor(link=False)
    kb = build(extractor, docs, sources)
    kb.write(args.out)
    types = Counter(t.type for t in kb.things.values())
    print('%d things (%s), %d name keys, %d gazetteer entries matched; %s: %d bytes' % (
        len(kb), ', '.join('%s %d' % kv for kv in sorted(types.items())), len(kb.index),
        kb.header['gazetteer_matches'], args.out, os.path.getsize(args.out)), file=sys.stderr)


if __name__ == '__main__':
    main()
