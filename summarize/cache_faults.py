"""The cache file's mechanics and faults: the set-up lock, read-only opening, and what went wrong, said plainly.

SQLite reports a full disk as a failed rollback when the rollback is tried after it, and a
directory in the file's place as a locked database; these helpers keep the first error and name it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def is_corrupt(exc: sqlite3.Error) -> bool:
    """Whether SQLite says the file is damaged or not a database (as opposed to busy or locked)."""
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def rollback(db: sqlite3.Connection) -> None:
    """Roll back if a transaction is open; a rollback that fails (none open) must not hide the first error."""
    with contextlib.suppress(sqlite3.Error):
        db.execute("ROLLBACK")


def explain(path: Path, exc: BaseException) -> str:
    """What really went wrong with the cache file at `path`, in words a user can act on."""
    text = str(exc).lower()
    if path.is_dir():
        return f"{path} is a directory, not a cache file: remove or rename it"
    if "full" in text or getattr(exc, "errno", None) == 28 or getattr(exc, "sqlite_errorcode", None) == 13:
        return "the disk is full: free space, or point the cache elsewhere"
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError) or not writable(path.parent):
        return f"{path.parent} is read-only for this user: give write access, or point the cache elsewhere"
    if isinstance(exc, sqlite3.DatabaseError) and is_corrupt(exc):
        return "the file is damaged or not a cache"
    return str(exc) or type(exc).__name__


def writable(directory: Path) -> bool:
    return not directory.exists() or os.access(directory, os.W_OK | os.X_OK)


# Autocommit, and usable from the run's other threads (the Cache serialises every use with its lock).
_SHARED: dict[str, Any] = {"isolation_level": None, "check_same_thread": False}


def open_read_only(path: Path) -> sqlite3.Connection:
    """The cache opened for reading only; `immutable` where the WAL's shared memory cannot be made."""
    try:
        db = sqlite3.connect(f"file:{urllib.parse.quote(str(path))}?mode=ro", uri=True, **_SHARED)
        db.execute("SELECT COUNT(*) FROM entries LIMIT 1").fetchone()
        return db
    except sqlite3.OperationalError:
        return sqlite3.connect(f"file:{urllib.parse.quote(str(path))}?immutable=1", uri=True, **_SHARED)


@contextlib.contextmanager
def setup_lock(path: Path, timeout: float) -> Iterator[None]:
    """An exclusive lock on `path` for at most `timeout` seconds of waiting (none where flock is missing)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: SQLite's own locking has to do
        yield
        return
    with path.open("a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise sqlite3.OperationalError("database is locked (setting up the cache took too long)") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
