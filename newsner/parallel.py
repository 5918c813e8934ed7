"""Parallel extraction: batches of texts go to worker processes, documents come back in input order.

Each worker builds one Extractor when it starts and keeps it. At most two
batches per worker are in flight, so memory stays flat however long the input.
A worker that dies (killed, out of memory) does not end the run: the pool is
started again and the batches it held are retried one at a time; a batch that
fails twice comes back as error documents.
"""
import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .records import Document

#: batches in flight per worker
WINDOW = 2
#: how often a batch is tried before its documents are reported as errors
TRIES = 2
BLAS_THREADS = ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS')

_extractor = None


def _start_worker(options):
    # one BLAS thread per process: the workers already use every core
    for name in BLAS_THREADS:
        os.environ[name] = '1'
    # Ctrl-C is the parent's to handle: it stops the workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _extractor
    from .pipeline import Extractor
    _extractor = Extractor(**options)


def _process(batch):
    return _extractor.process(batch)


def default_jobs():
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


class _Pool:
    def __init__(self, options, jobs):
        self.options = options
        self.jobs = jobs
        self.executor = None

    def submit(self, batch):
        if self.executor is None:
            context = multiprocessing.get_context('spawn')
            self.executor = ProcessPoolExecutor(
                self.jobs, mp_context=context,
                initializer=_start_worker, initargs=(self.options,))
        return self.executor.submit(_process, batch)

    def restart(self):
        self.close()

    def close(self):
        if self.executor is not None:
            executor, self.executor = self.executor, None
            processes = list((getattr(executor, '_processes', None) or {}).values())
            executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.terminate()


def run_parallel(items, options, *, batch_size, jobs=None):
    """Documents for ``items`` (Text records), computed by ``jobs`` processes, in input order."""
    jobs = jobs or default_jobs()
    pool = _Pool(options, jobs)
    pending = deque()  # [batch, future, tries]
    try:
        for batch in chop(items, batch_size):
            pending.append([batch, pool.submit(batch), 1])
            while len(pending) >= jobs * WINDOW:
                yield from _finish_first(pending, pool)
        while pending:
            yield from _finish_first(pending, pool)
    finally:
        pool.close()


def _finish_first(pending, pool):
    batch, future, tries = pending[0]
    try:
        docs = future.result()
    except BrokenProcessPool:
        _recover(pending, pool)
        return
    pending.popleft()
    yield from docs


def _recover(pending, pool):
    # a worker died: every batch in flight is lost with the pool. Run them
    # again one at a time, so that a batch that kills its worker again is
    # known for sure and the others get through.
    pool.restart()
    for item in pending:
        batch, _, tries = item
        while True:
            if tries >= TRIES:
                item[1] = _failed(batch, 'a worker process died while processing it (tried %d times)' % tries)
                break
            tries += 1
            future = pool.submit(batch)
            try:
                future.result()
            except BrokenProcessPool:
                pool.restart()
                continue
            item[1], item[2] = future, tries
            break


def _failed(batch, message):
    from concurrent.futures import Future
    future = Future()
    future.set_result([Document(id=_.id, error='%s: %s' % (_.id, message), encoding=_.encoding)
                       for _ in batch])
    return future


def chop(items, size):
    """Lists of ``size`` items (the last one shorter), taken lazily from ``items``."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
