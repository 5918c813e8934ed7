"""Parallel extraction: batches of texts go to worker processes, documents come back in input order.

Each worker builds one Extractor when it starts and keeps it. Workers are
forked from a server process that loads the models once; while it loads them,
the calling process, which has its own, runs the first texts itself. At most
two batches per worker are in flight, so memory stays flat however long the
input.
A worker that dies (killed, out of memory) does not end the run: the pool is
started again and the batches it held are run again, one at a time. A batch
that fails again is run one document at a time, so that only a document that
kills its worker on its own comes back as an error document; the others of its
batch get their results. A batch whose processing raises is run one document at
a time too, and the document that raises comes back as an error document.
"""
import atexit
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .records import Document

#: texts in a batch: the models tag the texts of a batch together, and a
#: worker gets a batch at a time (smaller batches leave less work to one worker
#: at the end of a run; the models gain nothing from larger ones)
BATCH_SIZE = 32
#: batches in flight per worker
WINDOW = 2
#: texts this process runs at a time while the workers start
LOCAL_BATCH = 8
#: the environment variable that names the file a starting fork server creates
#: once it has loaded the models (see newsner.preload)
READY_VARIABLE = 'NEWSNER_SERVER_READY'
#: seconds the workers get to finish the batch they hold when the run stops
GRACE = 10.0
BLAS_THREADS = ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS')

_extractor = None


def _start_worker(options, factory):
    # one BLAS thread per process: the workers already use every core
    for name in BLAS_THREADS:
        os.environ[name] = '1'
    # Ctrl-C is the parent's to handle: it stops the workers itself; SIGTERM,
    # held while the parent started this process (see _signals_held), ends it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, 'pthread_sigmask'):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    _end_with_parent()
    global _extractor
    _extractor = factory(**options)


def _end_with_parent():
    # a worker whose parent is gone (killed, or ended by SIGPIPE in
    # `newsner ... | head`) would wait for work for ever: it ends too
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch():
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


@contextlib.contextmanager
def _signals_held():
    # processes started in here have SIGINT blocked from their start, so that
    # Ctrl-C (sent to the whole process group) never interrupts a worker while
    # it imports, before it can ignore the signal. SIGINT and SIGTERM reach this
    # process when the block ends, not while it starts a worker: a worker left
    # half started, not yet among the executor's processes, would not be waited
    # for, and would fail with a traceback once this process had gone.
    if not hasattr(signal, 'pthread_sigmask'):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _process(batch):
    assert _extractor is not None, 'a worker builds its Extractor before it is sent work'
    return _extractor.process(batch)


def default_jobs():
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _context():
    """How worker processes start: forked from a server that has loaded the
    models (newsner.preload), where the platform allows, else spawned fresh."""
    if 'forkserver' in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context('forkserver')
        context.set_forkserver_preload(['newsner.preload'])
        return context
    return multiprocessing.get_context('spawn')


def start_server():
    """Start the fork server that starts the workers, if the platform has one and it
    is not running yet; it loads the models meanwhile (see :func:`server_ready`).
    Returns whether workers start from a fork server.

    A new server starts with Ctrl-C ignored: it loads the models before it
    protects itself, and a Ctrl-C meanwhile would end it with a traceback. A
    signal ignored when a process starts stays ignored, so this process
    ignores Ctrl-C for the moment it takes to start the server (signals are a
    main thread's to set).
    """
    global _ready_file
    if _context().get_start_method() != 'forkserver':
        return False
    from multiprocessing import forkserver
    server = forkserver._forkserver
    before = getattr(server, '_forkserver_pid', None)
    if before is not None:  # started before (and started again, should it have died)
        forkserver.ensure_running()
        return True
    # the file is made in a folder of this process's own, removed when it ends:
    # a server that gets ready after that finds no folder and leaves nothing behind
    folder = tempfile.mkdtemp(prefix='newsner-')
    os.environ[READY_VARIABLE] = os.path.join(folder, 'ready')
    protect = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if protect else None
    try:
        forkserver.ensure_running()
    finally:
        ready_file = os.environ.pop(READY_VARIABLE)
        if protect:
            signal.signal(signal.SIGINT, previous)
    if getattr(server, '_forkserver_pid', None) is None:
        _remove(folder)  # no new server: nothing will come
    else:
        _ready_file = ready_file
        atexit.register(_remove, folder)  # should this process end before it looks
    return True


def _remove(folder):
    shutil.rmtree(folder, ignore_errors=True)


_ready_file = None


def server_ready():
    """Whether the fork server started by :func:`start_server` has loaded the
    models (always, when none is loading them)."""
    global _ready_file
    if _ready_file is None:
        return True
    if not os.path.exists(_ready_file):
        return False
    _remove(os.path.dirname(_ready_file))
    _ready_file = None
    return True


class _Pool:
    def __init__(self, options, jobs, factory):
        self.options = options
        self.jobs = jobs
        self.factory = factory
        self.executor = None

    def submit(self, batch):
        if self.executor is None:
            start_server()
            self.executor = ProcessPoolExecutor(
                self.jobs, mp_context=_context(),
                initializer=_start_worker, initargs=(self.options, self.factory))
        try:
            with _signals_held():  # the executor starts its processes in submit
                return self.executor.submit(_process, batch)
        except BrokenProcessPool as error:  # a worker died since the last look
            future: Future = Future()
            future.set_exception(error)
            return future

    def restart(self):
        self.close(grace=0)

    def close(self, grace=GRACE):
        """Stop the workers: the batches not started are dropped, and each worker
        ends after the batch it holds; one still busy after ``grace`` seconds is
        terminated. (A worker terminated while it sends a result would leave the
        executor waiting for the rest of it, and the interpreter hanging at exit.)
        """
        if self.executor is not None:
            executor, self.executor = self.executor, None
            processes = list((getattr(executor, '_processes', None) or {}).values())
            executor.shutdown(wait=False, cancel_futures=True)
            deadline = time.monotonic() + grace
            for process in processes:
                process.join(max(0.0, deadline - time.monotonic()))
                if process.is_alive():
                    process.terminate()
                    process.join(1)


def run_parallel(items, options, *, factory, batch_size, jobs=None, local=None):
    """Documents for ``items`` (Text records), computed by ``jobs`` processes, in input order.

    Each worker builds ``factory(**options)`` (a :class:`newsner.pipeline.Extractor`,
    whose ``pipe`` calls this) and calls its ``process(batch)``; ``factory`` must be
    importable by name, as a worker process imports it.

    ``local``, a function from a batch to its documents, lets this process work
    while the workers start: the fork server loads the models first, and this
    process, which has them, runs texts itself meanwhile, LOCAL_BATCH at a
    time, until the server is ready; from then on the workers do all the work.
    At most ``jobs * WINDOW`` batches are in flight.
    """
    jobs = jobs or default_jobs()
    pool = _Pool(options, jobs, factory)
    working = local is not None and start_server()
    pending: deque = deque()  # [batch, future]
    try:
        for batch in chop(items, batch_size):
            while batch and working and not server_ready():
                part, batch = batch[:LOCAL_BATCH], batch[LOCAL_BATCH:]
                pending.append([part, _done(local(part))])
            if batch:
                pending.append([batch, pool.submit(batch)])
            while pending and pending[0][1].done():
                yield from _finish_first(pending, pool)
            while len(pending) >= jobs * WINDOW:
                yield from _finish_first(pending, pool)
        while pending:
            yield from _finish_first(pending, pool)
    finally:
        pool.close()


def _finish_first(pending, pool):
    batch, future = pending[0]
    try:
        docs = future.result()
    except BrokenProcessPool:
        _recover(pending, pool)
        return
    except Exception:
        docs = _one_by_one(batch, pool)
    pending.popleft()
    yield from docs


def _recover(pending, pool):
    # a worker died: every batch in flight is lost with the pool. Run them
    # again one at a time, so that a batch that kills its worker again is
    # known for sure and the others get through.
    pool.restart()
    for item in pending:
        batch = item[0]
        future = pool.submit(batch)
        try:
            docs = future.result()
        except BrokenProcessPool:
            pool.restart()
            docs = _one_by_one(batch, pool, died=True)
        except Exception:
            docs = _one_by_one(batch, pool)
        item[1] = _done(docs)


def _one_by_one(batch, pool, died=False):
    # documents for a batch that failed as a whole, each text run on its own
    if died and len(batch) == 1:
        return [failed(batch[0], DIED)]
    docs = []
    for item in batch:
        future = pool.submit([item])
        try:
            docs.extend(future.result())
        except BrokenProcessPool:
            pool.restart()
            docs.append(failed(item, DIED))
        except Exception as error:
            docs.append(internal_error(item, error))
    return docs


DIED = 'a worker process died while processing it, and again on a retry'


def failed(item, message):
    """The error Document of a text that could not be processed, saying why."""
    return Document(id=item.id, error='%s: %s' % (item.id, message), **item.about())


def internal_error(item, error):
    """The error Document of a text whose processing raised ``error``."""
    return failed(item, 'internal error: %s: %s' % (type(error).__name__, error))


def _done(result):
    future: Future = Future()
    future.set_result(result)
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
