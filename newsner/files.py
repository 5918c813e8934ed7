"""Opening inputs: regular files and the pipes the user names, never what would block or never end."""
import os
import stat
from typing import BinaryIO

#: the path that means standard input
STDIN = '-'


class NotAFile(OSError):
    """A path that names something other than a regular file: never read."""


SKIPPED = 'not a regular file: skipped unread (to read it, name it or pipe it in: newsner - < FILE)'
KINDS = [(stat.S_ISFIFO, 'a named pipe (FIFO)'), (stat.S_ISCHR, 'a character device'),
         (stat.S_ISBLK, 'a block device'), (stat.S_ISSOCK, 'a socket')]


def open_input(path: str, *, pipes: bool = False) -> BinaryIO:
    """A binary file object for a regular file, or with ``pipes`` for a named pipe too.

    Anything else is never read (a FIFO found in a folder would block, a device
    may never end): it is opened without blocking only to be looked at, and
    raises NotAFile. A socket cannot be opened at all: it is told apart before.
    A named pipe is opened once, and waits for its writer as ``cat`` does.
    """
    before = os.stat(path).st_mode
    if stat.S_ISSOCK(before):
        raise NotAFile('a socket, %s' % SKIPPED)
    flags = os.O_RDONLY | getattr(os, 'O_BINARY', 0)
    if not (pipes and stat.S_ISFIFO(before)):
        flags |= getattr(os, 'O_NONBLOCK', 0)
    # a named pipe is opened once, blocking: that waits for its writer, and
    # what the writer leaves is read (closed and opened again, the pipe would
    # lose what it held, and the second open would wait for a writer gone)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise NotAFile('is a folder')
        if not (stat.S_ISREG(mode) or (pipes and stat.S_ISFIFO(mode))):
            kind = next((name for test, name in KINDS if test(mode)), 'not a file')
            raise NotAFile('%s, %s' % (kind, SKIPPED))
        if stat.S_ISFIFO(mode) and not stat.S_ISFIFO(before):
            # replaced by a pipe between the look and the open: opened without
            # blocking, it could read as empty before its writer comes
            raise NotAFile('became a named pipe (FIFO) while opened: skipped unread; name it again')
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    # outside the try: once a file object owns the descriptor, only it closes it
    # (closed twice, the number could meanwhile name another file, whose reads
    # would then fail with "Bad file descriptor")
    return os.fdopen(fd, 'rb')


def os_error(path: str, error: OSError) -> str:
    """A message naming the input and what is wrong with it."""
    name = 'standard input' if path == STDIN else path
    if isinstance(error, FileNotFoundError) and path != STDIN:
        if os.path.islink(path):  # found in a folder, pointing nowhere
            return '%s: broken symbolic link' % path
        return '%s: no such file (it may have been removed while running)' % path
    if isinstance(error, IsADirectoryError):
        return '%s: is a folder' % name
    return '%s: %s' % (name, error.strerror or error)
