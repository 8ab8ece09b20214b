"""Where the CLI writes: results to stdout, one-line messages to stderr, both safe for a terminal."""

from __future__ import annotations

import contextlib
import errno
import logging
from collections.abc import Callable
from typing import TextIO

from ..errors import SummarizeError
from ..sanitize import one_line
from .naming import CLI


class OutputError(SummarizeError):
    """Standard output cannot be written (a full disk, a closed descriptor)."""


class Output:
    """Standard output for results: a write that fails becomes one clear error, not an internal one.

    A closed pipe (`| head -1`) is left to surface as BrokenPipeError: that is a reader that has
    seen enough, and the CLI exits quietly.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        self._do(lambda stream: stream.write(text))

    def flush(self) -> None:
        self._do(lambda stream: stream.flush())

    def _do(self, action: Callable[[TextIO], object]) -> None:
        if self.stream is None:
            raise OutputError("cannot write the output: standard output is closed; redirect it to a file")
        try:
            action(self.stream)
        except BrokenPipeError:
            raise
        except OSError as exc:
            reason = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
            raise OutputError(
                f"cannot write the output ({reason}); check free space and where the output goes"
            ) from None


def say(stderr: TextIO, message: str) -> None:
    """One line on stderr, prefixed with the program's name, without control characters."""
    _write_line(stderr, f"summarize: {one_line(CLI.render(message))}")


def _write_line(stderr: TextIO, line: str) -> None:
    """A line on stderr above any progress bar there (tqdm clears and redraws it), never inside it."""
    from tqdm import tqdm

    with contextlib.suppress(OSError, AttributeError, ValueError):  # stderr closed too: nothing left to tell
        tqdm.write(line, file=stderr)


class _LineHandler(logging.Handler):
    """Log records as lines written the way `say` writes them."""

    def __init__(self, stderr: TextIO) -> None:
        super().__init__()
        self.stderr = stderr

    def emit(self, record: logging.LogRecord) -> None:
        _write_line(self.stderr, self.format(record))


class _CleanFormatter(logging.Formatter):
    """Notices on one line, without escape codes from file names or text."""

    def format(self, record: logging.LogRecord) -> str:
        return "summarize: " + one_line(CLI.render(record.getMessage()))


def setup_logging(quiet: bool, stderr: TextIO) -> None:
    """Notices (info and warnings) on stderr; `quiet` leaves only errors."""
    log = logging.getLogger("summarize")
    handler = _LineHandler(stderr)
    handler.setFormatter(_CleanFormatter())
    log.handlers[:] = [handler]
    log.setLevel(logging.ERROR if quiet else logging.INFO)
    log.propagate = False
