"""newsner: named entities in Russian news.

>>> from newsner import extract
>>> doc = extract('Министр энергетики Азербайджана Парвиз Шахбазов ...')

The models load on first use, so importing newsner (and ``newsner --help``)
stays instant.
"""
from .records import TYPES, Document, Entity, Mention, Text

__version__ = '0.1.0'

__all__ = ['extract', 'summarize', 'render_html', 'Extractor', 'Document', 'Entity', 'Mention', 'Text', 'TYPES']

_default = None


def extract(text):
    """Extract the entities of one text with a shared default :class:`Extractor`."""
    global _default
    if _default is None:
        from .pipeline import Extractor
        _default = Extractor()
    return _default(text)


def render_html(documents, file=None):
    """The HTML report of a Document or an iterable of them, as a string; with
    ``file`` (a text file or a path), streamed there instead."""
    from .report import render_html
    return render_html(documents, file)


def summarize(documents, *, top=5):
    """Entities across ``documents`` (read once, lazily), merged by type and canonical name:
    a list of :class:`newsner.summary.EntitySummary`, the entities in most documents first."""
    from .summary import summarize
    return summarize(documents, top=top)


def __getattr__(name):
    # Extractor lives in the module that loads natasha: import it on first use
    if name == 'Extractor':
        from .pipeline import Extractor
        return Extractor
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
