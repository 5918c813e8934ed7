"""Where a command's output goes, and what it tells on stderr at the end.

:class:`OutputFile` is stdout, or a file that appears complete or not at all:
it is written under a hidden temporary name beside the target and renamed over
it when the command succeeds, removed when it fails. :class:`Stats` counts the
documents as they pass and reports the failed ones. :func:`check_streams`
refuses, before anything is read, an output that cannot be written or that is
one of the inputs.
"""
import io
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import IO, Any, Optional

import click

from .records import Document
from .files import STDIN
from .messages import visible

STDOUT = '-'


class _WriteError(Exception):
    """Writing the output failed (a full disk): ``error`` is the OSError."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class _Sink(io.TextIOWrapper):
    # a text file whose write errors (but a closed pipe) are told apart from
    # the OSErrors of the rest of the run
    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _WriteError(error) from None

    def flush(self) -> None:
        try:
            super().flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _WriteError(error) from None


class OutputFile:
    """stdout (``path`` '-'), or a file written under a temporary name and renamed when complete.

    A device or a pipe (/dev/null, a FIFO) is written in place, never replaced.
    Text is written as UTF-8 whatever the locale; a lone surrogate becomes '?'.
    A write that fails (a full disk) ends the run with one error naming the
    output, and the temporary file is removed.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.temp: Optional[str] = None
        self.file: IO[str]

    def __enter__(self) -> IO[str]:
        options: dict[str, Any] = {'encoding': 'utf-8', 'errors': 'replace', 'newline': ''}
        if self.path == STDOUT:
            self.file = _Sink(sys.stdout.buffer, write_through=True, **options)
            return self.file
        if os.path.exists(self.path) and not os.path.isfile(self.path):
            self.file = _Sink(open(self.path, 'wb'), **options)
            return self.file
        folder = os.path.dirname(os.path.abspath(self.path))
        try:
            fd, self.temp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(self.path),
                                             suffix='.tmp', dir=folder)
        except OSError as error:
            raise click.ClickException('cannot write %s: %s' % (self.path, error.strerror))
        self.file = _Sink(open(fd, 'wb'), **options)
        return self.file

    def __exit__(self, kind: Optional[type[BaseException]], error: Optional[BaseException],
                 trace: Optional[TracebackType]) -> None:
        failed = error if isinstance(error, _WriteError) else None
        if self.path == STDOUT:
            try:
                self.file.flush()
            except _WriteError as late:
                failed = failed or late
            except (BrokenPipeError, ValueError):
                pass
            if failed:
                discard_stdout()  # what stays buffered is never written
            try:
                if isinstance(self.file, io.TextIOWrapper):
                    self.file.detach()  # stdout itself stays open
            except (OSError, ValueError):
                pass
        else:
            try:
                self.file.close()
            except _WriteError as late:
                failed = failed or late
            except OSError as late:  # the last of the buffer, flushed as the file closes
                failed = failed or _WriteError(late)
            if self.temp is not None:
                if kind is None and failed is None:
                    os.chmod(self.temp, 0o644 & ~umask())
                    os.replace(self.temp, self.path)
                else:
                    os.unlink(self.temp)
        if failed is not None:
            name = 'standard output' if self.path == STDOUT else self.path
            raise click.ClickException('cannot write %s: %s' % (
                name, failed.error.strerror or failed.error)) from None


def discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null: nothing more reaches stdout, and
    the interpreter flushes it at exit without an error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def check_streams(sources: Sequence[Any], output: str) -> None:
    """A usage error for a closed stdin or stdout (`newsner <&-`), and for an output
    file that is one of the inputs (it would be replaced before it is read)."""
    if output == STDOUT and sys.stdout is None:
        raise click.UsageError('standard output is closed: write to a file with -o FILE')
    if any(s.path == STDIN for s in sources) and sys.stdin is None:
        raise click.UsageError('standard input is closed: give the input as a file, or pipe it in')
    try:
        target = os.stat(output) if output != STDOUT else None
    except OSError:
        target = None
    if target is None or not stat.S_ISREG(target.st_mode):
        return
    for source in sources:
        try:
            found = os.fstat(sys.stdin.fileno()) if source.path == STDIN else os.stat(source.path)
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            continue
        if (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino):
            raise click.BadParameter('%s is one of the inputs (%s): write elsewhere' % (
                output, 'standard input' if source.path == STDIN else source.path),
                param_hint="'-o' / '--output'")


def umask() -> int:
    """This process's file creation mask."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def plural(count: int, noun: str) -> str:
    """'1 document', '2 documents'."""
    return '%d %s%s' % (count, noun, '' if count == 1 else 's')


def _entities(count: int) -> str:
    return '%d %s' % (count, 'entity' if count == 1 else 'entities')


class Stats:
    """Counts documents as they pass, and reports the failed ones on stderr."""

    def __init__(self, echo: Callable[..., Any] = click.echo) -> None:
        self.documents = self.entities = self.failed = 0
        self.echo = echo

    def count(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            self.documents += 1
            self.entities += len(doc.entities)
            if doc.error:
                self.failed += 1
                # one line, whatever the name of the input holds (a line break, ESC)
                self.echo('newsner: error: %s' % visible(doc.error), file=sys.stderr)
            yield doc

    def __str__(self) -> str:
        return '%s, %s, %d failed' % (plural(self.documents, 'document'), _entities(self.entities), self.failed)
