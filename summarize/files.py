"""Writing a file whole or not at all: a reader, a crash or a second writer never sees half of it."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import SummarizeError


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to a unique temporary file beside `path`, then move it into place in one step.

    Two writers to the same path never share a temporary name; the file keeps its permissions
    (a new one gets the usual ones, not a temporary file's private ones).
    """
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".partial")
    except OSError as exc:
        raise SummarizeError(f"cannot write {path} ({exc.strerror or exc}); check the path") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise SummarizeError(f"cannot write {path} ({exc.strerror or exc}); check the path and free space") from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
