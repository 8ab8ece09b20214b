"""Files the user hands in, read within bounds; files written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import SummarizeError, UsageError

# A config file, a prompt file or a template is a few KB; a glossary a few MB.
MAX_SETTINGS_FILE = 1_000_000
MAX_TERMS_FILE = 50_000_000


def read_user_text(path: Path, what: str, *, max_bytes: int = MAX_SETTINGS_FILE, encoding: str = "utf-8") -> str:
    """A settings file's text (config, prompts, template, glossary), refused with a UsageError saying why
    when it cannot be read, is not UTF-8 or is larger than such a file ever is."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UsageError(f"{what} {path} cannot be read ({exc.strerror or exc}); check the path") from None
    if len(data) > max_bytes:
        raise UsageError(f"{what} {path} is over {max_bytes:,} bytes, more than such a file ever needs")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{what} {path} is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8") from None


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
