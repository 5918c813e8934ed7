"""Imported by the fork server that starts newsner's worker processes (see parallel.py).

The server loads the models and builds the default rules once, with one BLAS
thread, and every worker forked from it starts with them in memory shared with
the others: a worker is ready in milliseconds instead of the seconds a fresh
process takes to load them. Then it creates the file its parent named, which
tells the parent that workers now start at once.
"""
import os
import sys

from .parallel import BLAS_THREADS, READY_VARIABLE


def _parent_gone(kind, value, traceback):
    # the server's loop ends with EOFError (or a reset connection) when the
    # process that asked for a worker ends in the middle of asking (Ctrl-C,
    # SIGTERM): that process has said why it ended, the server goes quietly
    if issubclass(kind, (EOFError, ConnectionError)):
        return
    sys.__excepthook__(kind, value, traceback)


sys.excepthook = _parent_gone

for name in BLAS_THREADS:  # before numpy loads, so that OpenBLAS starts no threads
    os.environ[name] = '1'

_ready_file = os.environ.pop(READY_VARIABLE, '')

from .pipeline import Extractor  # noqa: E402

Extractor()

if _ready_file:
    try:
        open(_ready_file, 'x').close()
    except OSError:  # the parent has ended and removed its folder
        pass
