"""newsner: named entities in Russian news.

>>> from newsner import extract
>>> doc = extract('Министр энергетики Азербайджана Парвиз Шахбазов ...')

The models load on first use, so importing newsner (and ``newsner --help``)
stays instant.
"""
import os
import threading
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any, Optional, Union

from .records import Document, Entity, Mention, Relation, Text
from .types import TYPES, EntityType

if TYPE_CHECKING:
    from .pipeline import Extractor
    from .summary import Summary

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


def __getattr__(name: str) -> Any:
    # Extractor lives in the module that loads natasha: import it on first use
    if name == 'Extractor':
        from .pipeline import Extractor
        return Extractor
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
