"""Extraction on a Dask cluster: bags and dataframes of texts, and the CLI's ``--scheduler``.

Every worker process builds one Extractor per set of options, on the first task
that needs it, and keeps it for all later tasks: the models load once per
process, not once per partition. Tasks in one process take turns with it, so
workers are best started with one thread each (``dask worker --nthreads 1``).

``extract_bag`` and ``extract_dataframe`` return lazy Dask collections: the
workers read the partitions and compute the documents where they are. ``pipe``
(what ``newsner --scheduler`` runs) streams Text records from the client instead:
the client reads the inputs lazily, sends them in batches, keeps a bounded number
of batches in flight and yields the documents in input order.
"""
from __future__ import annotations

import contextlib
import json
import operator
import os
import signal
import threading
import time
from typing import Any
from collections import deque

import dask
import dask.bag

from newsner.parallel import BATCH_SIZE, BLAS_THREADS, DIED, WINDOW, chop, failed, default_jobs, internal_error
from newsner.messages import shorten
from newsner.records import Document, Text, as_text
from newsner.writers import CSV_COLUMNS

#: the columns of ``extract_dataframe``: one row per mention, as in CSV output
COLUMNS = CSV_COLUMNS
#: seconds the client waits for a scheduler to answer
CONNECT_TIMEOUT = 10
#: seconds between two looks at how many worker threads the cluster has
RESIZE_EVERY = 5

_extractors: dict[str, Any] = {}
_loading = threading.Lock()


class ClusterError(RuntimeError):
    """The scheduler cannot be reached, or was lost during a run."""


def options(*, types=None, batch_size=BATCH_SIZE, coarse=False, gazetteers=(), link=True):
    """The Extractor options the workers build their Extractor with (as ``Extractor.options``)."""
    return {'types': sorted(types) if types else None, 'batch_size': batch_size,
            'coarse': bool(coarse), 'gazetteers': [os.fspath(_) for _ in gazetteers or ()], 'link': bool(link)}


def worker_extractor(options):
    """This process's Extractor for ``options`` and the lock its users take turns by."""
    key = json.dumps(options, sort_keys=True)
    with _loading:
        if key not in _extractors:
            from newsner.pipeline import Extractor
            _extractors[key] = (Extractor(**options), threading.Lock())
        return _extractors[key]


def process(batch, options):
    """Documents for a list of Text records, in order, by this process's Extractor."""
    extractor, lock = worker_extractor(options)
    with lock:
        return [doc for part in chop(batch, options['batch_size']) for doc in _guarded(extractor, part)]


def _guarded(extractor, batch):
    # a batch whose processing raises is run again one text at a time, so that
    # only the text that raises becomes an error document (and a bag's
    # computation goes on)
    try:
        return extractor.process(batch)
    except Exception as error:
        if len(batch) == 1:
            return [internal_error(batch[0], error)]
        return [doc for item in batch for doc in _guarded(extractor, [item])]


def extract_bag(bag, *, types=None, coarse=False, gazetteers=(), batch_size=BATCH_SIZE, text=False,
                text_field='text', id_field='id'):
    """A bag of documents as dicts (``Document.as_dict``) for a bag of texts, lazily.

    Items are strings, ``{"id": ..., "text": ...}`` records (``text_field`` and
    ``id_field`` name other keys), ``(id, text)`` pairs or Text records. A text
    without an id is named by its position in the bag, from 0, as in
    ``Extractor.pipe``. A record without a text gives a document with an
    error. ``text=True`` keeps each text in its document. Gazetteer files are
    read by the workers, so their paths must be readable there.

    >>> docs = extract_bag(dask.bag.read_text('feed-*.jsonl').map(json.loads))
    >>> docs.map(json.dumps).to_textfiles('out/*.jsonl')
    """
    settings = options(types=types, coarse=coarse, gazetteers=gazetteers, batch_size=batch_size)
    parts = bag.to_delayed(optimize_graph=False)
    done = []
    offset = 0
    for part in parts:
        done.append(dask.delayed(_bag_partition, pure=True)(
            part, offset, settings, text, text_field, id_field))
        # positions go on from the end of the partitions before: only their
        # lengths are waited for, not their documents
        offset = dask.delayed(operator.add, pure=True)(offset, dask.delayed(len, pure=True)(part))
    return dask.bag.from_delayed(done)


def _bag_partition(items, offset, settings, text, text_field, id_field):
    records = [as_text(item, offset + index, text_field=text_field, id_field=id_field)
               for index, item in enumerate(items)]
    return [doc.as_dict(text=text) for doc in process(records, settings)]


def extract_dataframe(df, *, text_column='text', id_column=None, types=None, coarse=False,
                      gazetteers=(), batch_size=BATCH_SIZE):
    """A Dask DataFrame with one row per mention for a Dask DataFrame of texts, lazily.

    The columns are those of CSV output: ``id`` (the value of ``id_column``, or
    of the index when it is None, with its dtype), ``type``, ``entity`` (the
    canonical name), ``kb_id`` (its Wikidata id, empty when not linked), ``normal``, ``text``, ``start``, ``stop`` and
    ``sentence``; the rows of a document come entity by entity, each entity's
    mentions in text order. A text that is missing (NA) or not a string has no rows.
    """
    meta = df._meta
    if text_column not in meta.columns:
        raise KeyError('no column %r (choose another with text_column=)' % text_column)
    if id_column is not None and id_column not in meta.columns:
        raise KeyError('no column %r (choose another with id_column=)' % id_column)
    id_dtype = meta.index.dtype if id_column is None else meta[id_column].dtype
    settings = options(types=types, coarse=coarse, gazetteers=gazetteers, batch_size=batch_size)
    return df.map_partitions(_dataframe_partition, text_column, id_column, settings,
                             meta=mention_frame([], id_dtype), enforce_metadata=False)


def _dataframe_partition(part, text_column, id_column, settings):
    ids = part.index if id_column is None else part[id_column]
    texts = part[text_column]
    records = [Text(id=str(index), text=value) for index, value in enumerate(texts)]
    rows = []
    for doc, id in zip(process(records, settings), ids):
        for entity in doc.entities:
            for mention in entity.mentions:
                rows.append((id, mention.type, entity.name, entity.kb_id or '', mention.normal, mention.text,
                             mention.start, mention.stop, mention.sentence))
    return mention_frame(rows, ids.dtype)


def mention_frame(rows, id_dtype):
    """A pandas DataFrame of mention rows (tuples in the order of ``COLUMNS``)."""
    import pandas

    text = pandas.StringDtype()
    columns = list(zip(*rows)) if rows else [()] * len(COLUMNS)
    dtypes = [id_dtype, text, text, text, text, text, 'int64', 'int64', 'int64']
    return pandas.DataFrame({name: pandas.Series(list(values), dtype=dtype)
                             for name, values, dtype in zip(COLUMNS, columns, dtypes)})


def check_address(address):
    """Raise ValueError for a scheduler address that cannot work from here: an unknown
    protocol (``bogus://x``), ``inproc://`` (a scheduler in this same process), ``tls://``
    or ``wss://`` without TLS certificates in Dask's configuration, ``ucx://`` without
    ucx-py, no port (``host``), a port that is not one, or a host that is no host name
    (an empty label, a label over 63 characters, a name over 253)."""
    import importlib.util

    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    scheme, location = parse_address(address)
    get_backend(scheme)
    if scheme == 'inproc':
        raise ValueError('%s: inproc:// reaches only a scheduler in the same process, an in-process '
                         'cluster' % shorten(address))
    if scheme == 'ucx' and not any(importlib.util.find_spec(m) for m in ('ucp', 'ucxx')):
        raise ValueError('%s: ucx:// needs ucx-py, which is not installed' % shorten(address))
    if scheme in ('tls', 'wss'):
        from distributed.security import Security
        if Security().get_connection_args('client').get('ssl_context') is None:
            raise ValueError('%s: %s:// needs TLS certificates in Dask\'s configuration '
                             '(distributed.comm.tls)' % (shorten(address), scheme))
    if scheme in ('tcp', 'tls', 'ws', 'wss'):
        host, port = parse_host_port(location)
        if not 0 < port < 65536:
            raise ValueError('%s: the port must be 1 to 65535' % shorten(address))
        if not _host_name(host):
            raise ValueError('%s: not a host name' % shorten(address))


def _host_name(host):
    # whether a host can be looked up: an IP address, or labels of 1 to 63
    # characters (as IDNA) in a name of at most 253
    import ipaddress

    try:
        ipaddress.ip_address(host.strip('[]'))
        return True
    except ValueError:
        pass
    try:
        name = host.rstrip('.').encode('idna')
    except UnicodeError:  # an empty label, or one over 63 characters
        return False
    return 0 < len(name) <= 253 and all(0 < len(label) <= 63 for label in name.split(b'.'))


def connect(scheduler, *, workers=None):
    """(client, cluster) for a scheduler address, or for 'local': a new LocalCluster
    of ``workers`` processes (all cores by default), one thread and one BLAS thread each."""
    import logging

    import distributed

    cluster = None
    received: list = []
    try:
        if scheduler == 'local':
            with _signals_deferred() as received:
                cluster = distributed.LocalCluster(
                    n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
                    dashboard_address=':0', silence_logs=logging.ERROR,
                    env={name: '1' for name in BLAS_THREADS})
            _deliver(received)  # a Ctrl-C or SIGTERM while the cluster started counts now
            address = cluster
        else:
            check_address(scheduler)
            address = scheduler
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except BaseException as error:
        # the cluster stops first; a Ctrl-C or SIGTERM noted while it started
        # (which may be why it failed: the workers had it too) wins over the error
        if cluster is not None:
            cluster.close()
        _deliver(received)
        if isinstance(error, (OSError, TimeoutError, ValueError, RuntimeError)):
            raise ClusterError('cannot reach the Dask scheduler at %s: %s' % (scheduler, error)) from None
        raise
    return client, cluster


@contextlib.contextmanager
def _signals_deferred():
    # A local cluster starts in threads of this process and in worker processes
    # spawned from them, which must never see a Ctrl-C (sent to the whole
    # process group): this process handles it, once, and stops them. So SIGINT
    # is blocked while the cluster starts: threads started meanwhile inherit
    # the block, and processes keep it for life (a blocked signal stays blocked
    # across exec). multiprocessing's resource tracker, when it starts, unblocks
    # SIGINT in the thread that starts it: it is started first, from here. A
    # Ctrl-C or SIGTERM received meanwhile is only noted (the list this yields)
    # and is the caller's to deliver again once the cluster is up, instead of
    # ending the start half-way (a traceback from every part of Dask).
    # Signals are the main thread's to set.
    received: list = []
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, 'pthread_sigmask'):
        yield received
        return
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    previous = {number: signal.signal(number, lambda number, frame: received.append(number))
                for number in (signal.SIGINT, signal.SIGTERM)}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield received
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C held meanwhile arrives now
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def _deliver(received):
    # the first signal noted by _signals_deferred, delivered again to this
    # thread: its handler runs now (KeyboardInterrupt for a Ctrl-C)
    if received:
        signal.raise_signal(received[0])


def pipe(texts, settings, *, scheduler, workers=None):
    """Documents for Text records, computed on a Dask cluster, lazily and in input order.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``)
    or 'local' for a LocalCluster of ``workers`` processes started here and
    stopped at the end. ``settings`` are Extractor options (see :func:`options`).
    The cluster is reached before this returns (else ClusterError); the
    documents are an iterator whose ``close()`` lets the cluster go.

    At most two batches per worker thread are in flight, so the client holds
    only those, however long the input. A batch whose worker dies is run again
    by Dask; a batch that fails for good is run one text at a time, so that only
    a text that fails on its own becomes an error document.
    """
    return _Stream(texts, settings, *connect(scheduler, workers=workers))


class _Stream:
    def __init__(self, texts, settings, client, cluster):
        self.client = client
        self.cluster = cluster
        self.docs = self._run(texts, settings)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.docs)

    def _run(self, texts, settings):
        try:
            window = _Window(self.client)
            pending: deque = deque()
            for batch in chop(texts, settings['batch_size']):
                pending.append((batch, _submit(self.client, batch, settings)))
                while len(pending) >= window.size():
                    yield from _finish_first(self.client, pending, settings)
            while pending:
                yield from _finish_first(self.client, pending, settings)
        finally:
            self._release()

    def close(self):
        self.docs.close()
        self._release()  # when the documents were never started

    def _release(self):
        if self.client is None:
            return
        client, cluster, self.client, self.cluster = self.client, self.cluster, None, None
        client.close()
        if cluster is not None:
            cluster.close()


class _Window:
    # how many batches may be in flight: WINDOW per worker thread, looked up
    # again now and then, as workers may join or leave
    def __init__(self, client):
        self.client = client
        self.checked = None
        self.value = WINDOW

    def size(self):
        now = time.monotonic()
        if self.checked is None or now - self.checked > RESIZE_EVERY:
            self.checked = now
            try:
                threads = sum(self.client.nthreads().values())
            except OSError as error:
                raise ClusterError('lost the Dask scheduler: %s' % error) from None
            self.value = WINDOW * max(threads, 1)
        return self.value


def _submit(client, batch, settings):
    return client.submit(process, batch, settings, pure=False)


def _finish_first(client, pending, settings):
    batch, future = pending[0]
    docs, error = _result(future)
    if error is not None:
        docs = [_one(client, item, settings) for item in batch]
    pending.popleft()
    yield from docs


def _result(future):
    # (documents, None), or (None, the error) when the task failed: it raised,
    # or its workers died more often than Dask allows (KilledWorker)
    try:
        return future.result(), None
    except Exception as error:
        if future.status == 'error':
            return None, error
        raise ClusterError('lost the Dask scheduler: %s' % (error or type(error).__name__)) from None
    finally:
        future.release()


def _one(client, item, settings):
    import distributed

    if item.error:  # unread: it needs no worker
        return Document(id=item.id, error=item.error, **item.about())
    docs, error = _result(_submit(client, [item], settings))
    if error is None:
        return docs[0]
    if isinstance(error, distributed.KilledWorker):
        return failed(item, DIED)
    return internal_error(item, error)
