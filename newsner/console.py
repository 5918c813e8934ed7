"""The ``newsner`` command's entry point: what must be done before anything else is imported.

Importing the command line (click, the readers, the writers) takes a tenth of
a second; a Ctrl-C meanwhile ends the run as one later does, quietly with exit
status 130. A standard stream the caller closed (``2>&-``) gets /dev/null under
its number, so that no file the run opens takes that number.
"""
import os
import signal
import sys

__all__ = ['main', 'EXIT_INTERRUPTED']

EXIT_INTERRUPTED = 130


def main() -> None:
    """Run the ``newsner`` command (:func:`newsner.cli.main`)."""
    standard_streams()
    try:
        from .cli import main as run
        run()
    except KeyboardInterrupt as error:
        _ending()
        # a second Ctrl-C while the run ends on the first (a signal held while a
        # worker started, delivered as the workers stop) ends it the same way
        if isinstance(error.__context__, SystemExit):
            sys.exit(error.__context__.code)
        interrupted()
    except SystemExit:
        _ending()
        raise


def _ending() -> None:
    # the run is over (and has cleaned up): a Ctrl-C or SIGTERM from here on
    # would only turn its exit status into "killed by a signal", so both are
    # ignored. Setting a handler first runs the handlers of the signals already
    # received, which may raise: the signal is then ignored all the same.
    for name in ('SIGINT', 'SIGTERM'):
        number = getattr(signal, name, None)
        for _ in range(10):
            if number is None:
                break
            try:
                signal.signal(number, signal.SIG_IGN)
                break
            except (KeyboardInterrupt, Exception):
                continue


def standard_streams() -> None:
    """Give each closed standard stream /dev/null under its file descriptor.

    A closed stderr then discards what the run tells (the run goes on and
    writes its output); a closed stdin or stdout stays None in ``sys``, so that
    the run refuses to read or write it (see :func:`newsner.output.check_streams`).
    """
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, flags)  # the lowest free number: fd itself
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stderr is None:
        sys.stderr = open(2, 'w', closefd=False, errors='backslashreplace')


def interrupted() -> None:
    """End the run as Ctrl-C does: a line on stderr, exit status 130."""
    try:
        print('newsner: interrupted', file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        pass
    _ending()
    sys.exit(EXIT_INTERRUPTED)
