"""newsner: named entities in Russian news.

>>> from newsner import extract
>>> doc = extract('Министр энергетики Азербайджана Парвиз Шахбазов ...')

The models load on first use, so importing newsner (and ``newsner --help``)
stays instant.

Importing the package itself imports nothing of newsner's: the names below come
from their modules on first use, so that the ``newsner`` command (whose entry
point is :mod:`newsner.console`, inside this package) can take care of a Ctrl-C
from its first milliseconds.
"""
from __future__ import annotations

import importlib
import threading

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    import os
    from collections.abc import Iterable
    from typing import IO, Any, Optional, Union

    from .pipeline import Extractor
    from .records import Document, Entity, Mention, Relation, Text
    from .summary import Summary
    from .types import TYPES, EntityType

__version__ = '0.1.0'

__all__ = ['extract', 'summarize', 'render_html', 'Extractor', 'Document', 'Entity', 'Mention', 'Relation', 'Text',
           'TYPES', 'EntityType']

_default: Optional['Extractor'] = None
_default_lock = threading.Lock()


def extract(text: str) -> Document:
    """Extract the entities of one text with a shared default :class:`Extractor`.

    The default Extractor is built once per process, on the first call, even
    when several threads make their first call at once.
    """
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from .pipeline import Extractor
                _default = Extractor()
    return _default(text)


def render_html(documents: Union[Document, Iterable[Document]],
                file: Union[None, str, 'os.PathLike[str]', IO[str]] = None) -> Optional[str]:
    """The HTML report of a Document or an iterable of them, as a string; with
    ``file`` (a text file or a path), streamed there instead."""
    from .report import render_html
    return render_html(documents, file)


def summarize(documents: Iterable[Document], *, top: int = 5) -> 'Summary':
    """Entities across ``documents`` (read once, lazily), one row per thing (merged by Wikidata id,
    then by type and name, the aliases documents tie together and unique surnames):
    a list of :class:`newsner.summary.EntitySummary`, the entities in most documents first,
    whose ``works`` attribute says who works where (:class:`newsner.summary.WorkSummary`)."""
    from .summary import summarize
    return summarize(documents, top=top)


def __dir__() -> list[str]:
    # the public namespace: what __all__ names, not the modules and helpers used here
    return sorted(__all__)


#: the module of each public class and constant, imported on first use
_HOMES = {'Extractor': 'pipeline', 'Document': 'records', 'Entity': 'records', 'Mention': 'records',
          'Relation': 'records', 'Text': 'records', 'TYPES': 'types', 'EntityType': 'types'}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    value = getattr(importlib.import_module('.' + _HOMES[name], __name__), name)
    globals()[name] = value
    return value
