"""Writers: documents out as JSON, JSONL, CSV or HTML, streamed one document at a time.

Each writer takes an iterable of Documents and a text file and writes as the
documents come, so the output of a long run starts at once and nothing holds
the whole corpus in memory.
"""
import csv
import json
from collections.abc import Iterable
from typing import IO

from .records import Document
from .report import write_html
from .cells import FORMULA_STARTS, neutralize

__all__ = ['write_json', 'write_jsonl', 'write_csv', 'write_html', 'neutralize', 'FORMATS', 'CSV_COLUMNS',
           'FORMULA_STARTS']

#: a mention's columns, as ``newsner.dask`` gives them too: the entity's Wikidata id
#: (empty when it is not linked) after its name
CSV_COLUMNS = ['id', 'type', 'entity', 'kb_id', 'normal', 'text', 'start', 'stop', 'sentence']


def _dumps(data, indent=None):
    return json.dumps(data, ensure_ascii=False, indent=indent)


def write_json(docs: Iterable[Document], file: IO[str], *, single: bool = False, text: bool = False) -> None:
    """One JSON document object when ``single``, else a JSON array of them, streamed."""
    if single:
        for doc in docs:
            file.write(_dumps(doc.as_dict(text=text), indent=2))
            file.write('\n')
        return
    file.write('[')
    first = True
    for doc in docs:
        file.write('\n' if first else ',\n')
        file.write(_dumps(doc.as_dict(text=text)))
        file.flush()
        first = False
    file.write('\n]\n' if not first else ']\n')


def write_jsonl(docs: Iterable[Document], file: IO[str], *, single: bool = False, text: bool = False) -> None:
    """One JSON object per document, one per line."""
    for doc in docs:
        file.write(_dumps(doc.as_dict(text=text)))
        file.write('\n')
        file.flush()


def write_csv(docs: Iterable[Document], file: IO[str], *, single: bool = False, text: bool = False,
              safe: bool = True) -> None:
    """One row per mention (``CSV_COLUMNS``: the entity's ``kb_id`` is empty when it is not
    linked), with a header row; documents with an error have no rows.

    With ``safe`` (the default), a cell that a spreadsheet would run as a
    formula gets a leading apostrophe.
    """
    writer = csv.writer(file, lineterminator='\n')
    # with '\n' as the line end, the csv module leaves a cell holding a lone
    # '\r' unquoted, and readers then split the row there: quote such rows
    quoting = csv.writer(file, lineterminator='\n', quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(CSV_COLUMNS)
    for doc in docs:
        for entity in doc.entities:
            for mention in entity.mentions:
                row = [doc.id, mention.type, entity.name, entity.kb_id or '', mention.normal, mention.text,
                       mention.start, mention.stop, mention.sentence]
                if safe:
                    row = [neutralize(_) for _ in row]
                if any(isinstance(_, str) and '\r' in _ for _ in row):
                    quoting.writerow(row)
                else:
                    writer.writerow(row)
        file.flush()


FORMATS = {
    'json': write_json,
    'jsonl': write_jsonl,
    'csv': write_csv,
    'html': write_html,
}
