"""Optional dependencies: importing them with a message that says how to install them."""
import importlib
from types import ModuleType

from .messages import reason

#: the modules of each extra, as imported
EXTRAS = {
    'web': ('trafilatura', 'feedparser', 'warcio'),
    'dask': ('dask', 'distributed'),
    'onnx': ('onnxruntime',),
}


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message names the ``pip install`` that fixes it."""


def need(extra: str, module: str) -> ModuleType:
    """``module``, imported, or MissingExtra saying which extra of newsner provides it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtra("%s cannot be imported (%s): pip install 'newsner[%s]'" % (
            module, reason(error), extra)) from error


def check(extra: str) -> None:
    """Raise MissingExtra unless every module of ``extra`` imports."""
    for module in EXTRAS[extra]:
        need(extra, module)
