"""A content-addressed SQLite store for model outputs, shared safely between processes.

Values are JSON text, never pickles. Any fault (a corrupt, locked or unwritable file) gives one
warning and turns the cache off for the rest of the run: the run goes on, it is only slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache_faults import explain, is_corrupt, open_read_only, rollback, setup_lock, writable
from .errors import CacheError

log = logging.getLogger("summarize")

CACHE_ENV = "SUMMARIZE_CACHE_DIR"
CACHE_FILE = "cache.sqlite3"
# SQLite caps the number of ? parameters in one statement; stay well under it.
_BATCH = 500


def default_cache_dir() -> Path:
    """$SUMMARIZE_CACHE_DIR, else the user cache directory (platformdirs)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("summarize"))


def cache_key(**parts: Any) -> str:
    """SHA-256 of the parts as canonical JSON: equal parts, equal key; any change, another key."""
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _migration_1(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)")


# Numbered schema changes; PRAGMA user_version records how many have run.
MIGRATIONS = (_migration_1,)


@dataclass(frozen=True)
class CacheInfo:
    """What `summarize cache info` shows."""

    path: Path
    entries: int
    size_bytes: int


class Cache:
    """Get and put JSON values by key; opens the database lazily, on first use."""

    def __init__(self, directory: Path | None = None, *, timeout: float = 10.0) -> None:
        self.directory = directory if directory is not None else default_cache_dir()
        self.timeout = timeout
        self.path = self.directory / CACHE_FILE
        self._db: sqlite3.Connection | None = None
        self._broken = False
        self._read_only = False
        self._told_read_only = False
        # One connection, shared by a run's threads (translators at once): every use holds the lock.
        self._lock = threading.RLock()

    @property
    def enabled(self) -> bool:
        return not self._broken

    def _fail(self, action: str, exc: Exception) -> None:
        if not self._broken:
            log.warning(
                "cache %s failed at %s (%s); going on without the cache: "
                "run 'summarize cache clear' or pass `cache_dir` elsewhere or `cache=False`",
                action,
                self.path,
                explain(self.path, exc),
            )
        self._broken = True
        if self._db is not None:
            self._db.close()
            self._db = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None and self.path.is_file() and not writable(self.directory):
            # A read-only cache (a shared, prepared one) is read as it is: no lock file, no set-up.
            self._db = open_read_only(self.path)
            self._read_only = True
        if self._db is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Setting WAL on a new file and migrating take locks that SQLite's busy timeout does not
            # wait for, so processes opening a brand-new cache at once take turns on a lock file.
            with setup_lock(self.directory / (CACHE_FILE + ".lock"), self.timeout):
                # Autocommit mode: transactions are opened explicitly, so a write is all or nothing.
                db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False)
                try:
                    # WAL: readers never block the writer, so parallel runs can share one file.
                    db.execute("PRAGMA journal_mode = WAL")
                    db.execute("PRAGMA synchronous = NORMAL")
                    self._migrate(db)
                except BaseException:
                    db.close()
                    raise
            self._db = db
        return self._db

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version >= len(MIGRATIONS):
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            (version,) = db.execute("PRAGMA user_version").fetchone()
            for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                migration(db)
                db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            rollback(db)
            raise

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """The stored values of those keys that are present."""
        wanted = list(dict.fromkeys(keys))
        if self._broken or not wanted:
            return {}
        found: dict[str, Any] = {}
        try:
            with self._lock:
                db = self._connect()
                for start in range(0, len(wanted), _BATCH):
                    marks = ",".join("?" * len(part := wanted[start : start + _BATCH]))
                    for key, value in db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", part):
                        found[key] = json.loads(value)
        except (sqlite3.Error, OSError, ValueError) as exc:
            self._fail("read", exc)
            return {}
        return found

    def get(self, key: str) -> Any | None:
        return self.get_many([key]).get(key)

    def put_many(self, items: Mapping[str, Any]) -> None:
        """Store values in one transaction: all of them are written, or (on a crash) none."""
        if self._broken or not items:
            return
        if self._read_only:
            if not self._told_read_only:
                log.warning("cache %s is read-only: new results are not stored", self.path)
                self._told_read_only = True
            return
        now = time.time()
        rows = [(key, json.dumps(value, ensure_ascii=False), now) for key, value in items.items()]
        try:
            with self._lock:
                db = self._connect()
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.executemany("INSERT OR REPLACE INTO entries (key, value, created) VALUES (?, ?, ?)", rows)
                    db.execute("COMMIT")
                except BaseException:
                    rollback(db)
                    raise
        except (sqlite3.Error, OSError) as exc:
            self._fail("write", exc)

    def put(self, key: str, value: Any) -> None:
        self.put_many({key: value})

    def info(self) -> CacheInfo:
        """Path, number of entries and bytes on disk (database plus its WAL files)."""
        entries = 0
        if self._exists():
            try:
                (entries,) = self._connect().execute("SELECT COUNT(*) FROM entries").fetchone()
            except (sqlite3.Error, OSError) as exc:
                raise CacheError(f"cache {self.path} cannot be read: {explain(self.path, exc)}") from None
        try:
            return CacheInfo(self.path, int(entries), self._size())
        except OSError as exc:
            raise CacheError(f"cache {self.path} cannot be measured: {explain(self.path, exc)}") from None

    def _exists(self) -> bool:
        try:
            return self.path.exists()
        except OSError as exc:  # a folder on the way cannot be entered
            raise CacheError(f"cache {self.path} cannot be reached: {explain(self.path, exc)}") from None

    def _size(self) -> int:
        return sum(p.stat().st_size for p in self.directory.glob(CACHE_FILE + "*") if p.is_file())

    def clear(self) -> int:
        """Delete every entry and give the space back; returns how many there were.

        A file that is not a readable database is removed outright.
        """
        if not self._exists():
            return 0
        if self.path.is_dir() or not writable(self.directory):
            raise CacheError(f"cannot clear cache {self.path}: {explain(self.path, PermissionError())}")
        try:
            db = self._connect()
            db.execute("BEGIN IMMEDIATE")  # waits for other writers, up to the busy timeout
            try:
                (entries,) = db.execute("SELECT COUNT(*) FROM entries").fetchone()
                db.execute("DELETE FROM entries")
                db.execute("COMMIT")
            except BaseException:
                rollback(db)
                raise
            # Giving the space back is a nicety: a reader holding the file must not turn it into a failure.
            with contextlib.suppress(sqlite3.OperationalError):
                db.execute("VACUUM")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return int(entries)
        except sqlite3.OperationalError as exc:
            # "database is locked" or "busy" is another process at work, never a reason to delete its file.
            self.close()
            if is_corrupt(exc):
                return self._remove_broken()
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                raise CacheError(
                    f"cannot clear cache {self.path} ({exc}): another summarize is using it; "
                    f"try again when it has finished"
                ) from None
            raise CacheError(f"cannot clear cache {self.path}: {explain(self.path, exc)}") from None
        except sqlite3.DatabaseError:
            # Only what SQLite calls corrupt or not a database is removed outright.
            self.close()
            return self._remove_broken()
        except (sqlite3.Error, OSError) as exc:
            raise CacheError(f"cannot clear cache {self.path}: {explain(self.path, exc)}") from None

    def _remove_broken(self) -> int:
        try:
            for file in self.directory.glob(CACHE_FILE + "*"):
                if not file.name.endswith(".lock"):
                    file.unlink()
        except OSError as exc:
            raise CacheError(f"cannot remove the broken cache {self.path} ({exc}); delete it by hand") from None
        return 0

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class RecordingCache(Cache):
    """Another cache, with every entry written through it also kept in `recorded` (to ship elsewhere)."""

    def __init__(self, inner: Cache) -> None:
        self.inner = inner
        self.directory, self.path, self.timeout = inner.directory, inner.path, inner.timeout
        self._db, self._broken = None, False
        self.recorded: dict[str, Any] = {}

    @property
    def enabled(self) -> bool:
        return True

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        return self.inner.get_many(keys)

    def put_many(self, items: Mapping[str, Any]) -> None:
        self.recorded.update(items)
        self.inner.put_many(items)

    def take(self) -> dict[str, Any]:
        """The entries recorded since the last take."""
        taken, self.recorded = self.recorded, {}
        return taken


class NoCache(Cache):
    """The cache switched off (--no-cache): every lookup misses, nothing is stored."""

    def __init__(self) -> None:
        super().__init__(Path(os.devnull).parent)
        self._broken = True

    @property
    def enabled(self) -> bool:
        return False
