"""Imported by the fork server that starts newsner's worker processes (see parallel.py).

The server loads the models and builds the default rules once, with one BLAS
thread, and every worker forked from it starts with them in memory shared with
the others: a worker is ready in milliseconds instead of the seconds a fresh
process takes to load them.
"""
import os

from .parallel import BLAS_THREADS

for name in BLAS_THREADS:  # before numpy loads, so that OpenBLAS starts no threads
    os.environ[name] = '1'

from .pipeline import Extractor  # noqa: E402

Extractor()
