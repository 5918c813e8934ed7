"""The corpus summary written out: JSON, CSV and an aligned table, for the entities and for
who works where (the records of :mod:`newsner.summary`)."""
import csv
import json
from collections.abc import Iterable
from typing import IO, Optional

from .cells import neutralize
from .messages import visible
from .summary import DOCUMENT_FIELDS, WorkSummary

def write_json(records, file):
    """A JSON array, one record per line."""
    file.write('[')
    count = 0
    for record in records:
        file.write(',\n' if count else '\n')
        file.write(json.dumps(record.as_dict(), ensure_ascii=False))
        count += 1
    file.write('\n]\n' if count else ']\n')


CSV_FIELDS = ['type', 'name', 'kb_id', 'documents', 'mentions', 'first', 'last', 'roles', 'aliases', 'partners']


def write_csv(records, file, *, safe=True):
    """A header and one row per entity (``kb_id`` empty when None); lists are joined with "; ",
    partners as "name (n)".

    The titles and dates of the first and last documents are columns when some
    document had them."""
    records = list(records)
    writer = csv.writer(file)
    extra = [name for name in DOCUMENT_FIELDS if any(getattr(r, name) for r in records)]
    writer.writerow(CSV_FIELDS + extra)
    for record in records:
        row = [record.type, record.name, record.kb_id or '', record.documents, record.mentions, record.first,
               record.last, '; '.join(record.roles), '; '.join(record.aliases),
               '; '.join('%s (%d)' % (p.name, p.documents) for p in record.partners)]
        row += [getattr(record, name) or '' for name in extra]
        writer.writerow([neutralize(cell) if safe else cell for cell in row])


def write_table(records, file, *, width=None):
    """An aligned table for a person to read: type, name, the Wikidata id when some entity has
    one, documents, mentions, role, partners, and the date and title of the first document when
    documents have them."""
    records = list(records)
    linked = any(r.kb_id for r in records)
    dated = any(r.first_title or r.first_date for r in records)
    rows = [('TYPE', 'NAME') + (('KB',) if linked else ()) + ('DOCS', 'MENTIONS', 'ROLE', 'WITH')
            + (('FIRST',) if dated else ())]
    for record in records:
        rows.append((record.type, record.name) + ((record.kb_id or '',) if linked else ())
                    + (str(record.documents), str(record.mentions), record.roles[0] if record.roles else '',
                       ', '.join(p.name for p in record.partners[:3]))
                    + ((' '.join(_ for _ in (record.first_date, record.first_title) if _),) if dated else ()))
    limits = (10, 40) + ((12,) if linked else ()) + (6, 8, 40, 60, 60)
    _write_rows(rows, file, limits[:len(rows[0])], right=(3, 4) if linked else (2, 3))


def _visible(text):
    # control, bidirectional and zero-width characters escaped: ESC -> \x1b
    return visible(text)


def _clip(text, limit):
    return text if len(text) <= limit else text[:limit - 1] + '…'


WORKS_CSV_FIELDS = ['person', 'person_kb_id', 'role', 'object', 'object_kb_id', 'object_type', 'documents',
                    'mentions', 'first', 'last']


def write_works_csv(works: Iterable[WorkSummary], file: IO[str], *, safe: bool = True) -> None:
    """A header and one row per (person, object) pair; a Wikidata id is empty when None."""
    writer = csv.writer(file)
    writer.writerow(WORKS_CSV_FIELDS)
    for work in works:
        row = [work.person, work.person_kb_id or '', work.role, work.object, work.object_kb_id or '',
               work.object_type, work.documents, work.mentions, work.first, work.last]
        writer.writerow([neutralize(cell) if safe else cell for cell in row])


def write_works_table(works: Iterable[WorkSummary], file: IO[str], *, width: Optional[int] = None) -> None:
    """An aligned table for a person to read: person, role, object, documents, mentions."""
    rows = [('PERSON', 'ROLE', 'OBJECT', 'DOCS', 'MENTIONS')]
    for work in works:
        rows.append((work.person, work.role, work.object, str(work.documents), str(work.mentions)))
    _write_rows(rows, file, (30, 50, 40, 6, 8), right=(3, 4))


def _write_rows(rows: list, file: IO[str], limits: tuple[int, ...], right: tuple[int, ...]) -> None:
    rows = [[_clip(_visible(cell), limit) for cell, limit in zip(row, limits)] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(limits))]
    for row in rows:
        cells = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        file.write('  '.join(cells).rstrip() + '\n')




FORMATS = {'json': write_json, 'csv': write_csv, 'table': write_table}
#: the forms of the "who works where" table
WORKS_FORMATS = {'json': write_json, 'csv': write_works_csv, 'table': write_works_table}
