"""Fetched documents kept on disk, by URL, with the validators (ETag, Last-Modified) to ask again cheaply.

A body is a file and its record a JSON file beside it, both written whole or not at all; a record
that cannot be read is a miss, never an error. Nothing a request carried (cookies, keys) is stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

FETCHED_DIR = "fetched"


@dataclass(frozen=True)
class Stored:
    """A fetched document as kept: its final URL, type, validators, when it was fetched and how long it stays fresh."""

    url: str
    content_type: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: float
    fresh_for: float
    body: bytes = b""

    def fresh(self, now: float | None = None) -> bool:
        return (now if now is not None else time.time()) - self.fetched_at < self.fresh_for


class FetchCache:
    """The store under `<cache dir>/fetched/`; a store that cannot be written is only a slower run."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / FETCHED_DIR

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
        return self.directory / f"{key}.json", self.directory / f"{key}.body"

    def get(self, url: str) -> Stored | None:
        record_path, body_path = self._paths(url)
        try:
            record = json.loads(record_path.read_text("utf-8"))
            digest = record.pop("sha256")
            body = body_path.read_bytes()
            stored = Stored(**record, body=body)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        if hashlib.sha256(body).hexdigest() != digest:
            return None  # a body cut short or changed on disk
        return stored

    def put(self, request_url: str, stored: Stored) -> None:
        record_path, body_path = self._paths(request_url)
        record = {key: value for key, value in asdict(stored).items() if key != "body"}
        record["sha256"] = hashlib.sha256(stored.body).hexdigest()
        with contextlib.suppress(OSError):
            self.directory.mkdir(parents=True, exist_ok=True)
            _write(body_path, stored.body)
            _write(record_path, json.dumps(record).encode("utf-8"))

    def count(self) -> int:
        """How many documents are stored."""
        return sum(1 for _ in self.directory.glob("*.json")) if self.directory.is_dir() else 0

    def clear(self) -> int:
        """Remove every stored document; returns how many there were."""
        removed = 0
        for path in self.directory.glob("*.json") if self.directory.is_dir() else ():
            with contextlib.suppress(OSError):
                path.unlink()
                path.with_suffix(".body").unlink(missing_ok=True)
                removed += 1
        return removed


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{time.monotonic_ns()}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
