"""Where a command's output goes, and what it tells on stderr at the end.

:class:`OutputFile` is stdout, or a file that appears complete or not at all:
it is written under a hidden temporary name beside the target and renamed over
it when the command succeeds, removed when it fails. :class:`Stats` counts the
documents as they pass and reports the failed ones.
"""
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import IO, Any, Optional

import click

from .records import Document

STDOUT = '-'


class OutputFile:
    """stdout (``path`` '-'), or a file written under a temporary name and renamed when complete.

    A device or a pipe (/dev/null, a FIFO) is written in place, never replaced.
    Text is written as UTF-8 whatever the locale; a lone surrogate becomes '?'.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.temp: Optional[str] = None
        self.file: IO[str]

    def __enter__(self) -> IO[str]:
        if self.path == STDOUT:
            self.file = io.TextIOWrapper(sys.stdout.buffer, encoding='utf-8',
                                         errors='replace', newline='', write_through=True)
            return self.file
        if os.path.exists(self.path) and not os.path.isfile(self.path):
            self.file = open(self.path, 'w', encoding='utf-8', errors='replace', newline='')
            return self.file
        folder = os.path.dirname(os.path.abspath(self.path))
        try:
            fd, self.temp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(self.path),
                                             suffix='.tmp', dir=folder)
        except OSError as error:
            raise click.ClickException('cannot write %s: %s' % (self.path, error.strerror))
        self.file = open(fd, 'w', encoding='utf-8', errors='replace', newline='')
        return self.file

    def __exit__(self, kind: Optional[type[BaseException]], error: Optional[BaseException],
                 trace: Optional[TracebackType]) -> None:
        if self.temp is None:
            try:
                self.file.flush()
                if isinstance(self.file, io.TextIOWrapper) and self.path == STDOUT:
                    self.file.detach()  # stdout itself stays open
                else:
                    self.file.close()
            except (BrokenPipeError, ValueError):
                pass
            return
        self.file.close()
        if kind is None:
            os.chmod(self.temp, 0o644 & ~umask())
            os.replace(self.temp, self.path)
        else:
            os.unlink(self.temp)


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
                self.echo('newsner: error: %s' % doc.error, file=sys.stderr)
            yield doc

    def __str__(self) -> str:
        return '%s, %s, %d failed' % (plural(self.documents, 'document'), _entities(self.entities), self.failed)
