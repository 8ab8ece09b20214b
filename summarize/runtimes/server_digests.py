"""The model digests servers last reported, kept beside the cache: a new digest retires the old answers."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from ..files import write_atomically

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger("summarize")


class DigestRecords:
    """The model digests servers last reported, kept beside the cache (`server-models.json`).

    Ollama reports a digest per model; after `ollama pull` brings a new version under the same
    name, the digest changes, and with it every cache key of that model's answers.
    """

    FILE = "server-models.json"

    def __init__(self, settings: Settings) -> None:
        self.path = settings.cache_root / self.FILE if settings.cache else None

    def _read(self) -> dict[str, str]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            records = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in records.items()} if isinstance(records, dict) else {}

    def get(self, url: str, name: str) -> str | None:
        return self._read().get(f"{url}#{name}")

    def put(self, url: str, name: str, digest: str) -> None:
        if self.path is None:
            return
        records = self._read()
        records[f"{url}#{name}"] = digest
        try:
            write_atomically(self.path, json.dumps(records, indent=1, sort_keys=True))
        except OSError as exc:
            log.warning("cannot record the digest of %s at %s (%s)", name, url, exc)
