"""What the server accepts and how it batches: sizes, queue, timeouts, connections, the key. Declared once, here.

Each numeric limit is declared with its bounds and help text; `summarize serve` builds its flags
from these declarations, so a default or a bound is written in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ..errors import UsageError


def _limit(default: int, low: int, high: int, help: str) -> Any:
    return field(default=default, metadata={"low": low, "high": high, "help": help})


@dataclass(frozen=True)
class ServerLimits:
    """Limits and batching of `summarize serve`; `api_key` is never shown (repr=False) nor logged."""

    max_texts: int = _limit(16, 1, 10_000, "texts per request (413 beyond)")
    max_text_chars: int = _limit(100_000, 100, 10_000_000, "characters per text (413 beyond)")
    max_queue: int = _limit(64, 1, 1_000_000, "texts waiting or in work at once before 429")
    batch_wait_ms: int = _limit(10, 0, 10_000, "how long a request waits for others to share its batch")
    max_batch: int = _limit(32, 1, 10_000, "texts in one model batch at most")
    request_timeout: int = _limit(300, 1, 86_400, "seconds before a request gets 504 (the work goes on)")
    read_timeout: int = _limit(10, 1, 3_600, "seconds a client may take to send its headers, or between body parts")
    max_connections: int = _limit(256, 1, 100_000, "open connections at once (503 beyond)")
    max_client_connections: int = _limit(16, 1, 100_000, "open connections from one client address (503 beyond)")
    max_variants: int = _limit(64, 1, 100_000, "language/length combinations kept ready at once (least used dropped)")
    max_upload_bytes: int = _limit(10_000_000, 1_000, 1_000_000_000, "bytes of uploaded files per request (413 beyond)")
    api_key: str | None = field(default=None, repr=False)
    cors_origins: tuple[str, ...] = ()
    allow_fetch: tuple[str, ...] = ()
    """Hosts whose URLs requests may give (none: the server fetches nothing)."""

    def __post_init__(self) -> None:
        for declared in numeric_limits():
            value = getattr(self, declared.name)
            low, high = declared.metadata["low"], declared.metadata["high"]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise UsageError.bad_value(declared.name, f"must be a whole number from {low} to {high}, got {value!r}")
        if self.api_key is not None and len(self.api_key.strip()) < 8:
            raise UsageError("the server's API key is shorter than 8 characters: use a long random one")
        for origin in self.cors_origins:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise UsageError.bad_value(
                    "cors_origins", f"must be origins such as https://cms.example.org, got {origin!r}"
                )

    @property
    def max_body_bytes(self) -> int:
        """The largest request body read: every text at its limit in 4-byte UTF-8, or the uploads' limit,
        plus room for the rest."""
        return max(self.max_texts * self.max_text_chars * 4, self.max_upload_bytes) + 65_536

    @property
    def body_timeout(self) -> float:
        """Seconds a whole request body may take to arrive, however it trickles in."""
        return float(max(60, 6 * self.read_timeout))


def numeric_limits() -> list[Any]:
    """The declared numeric limits (dataclass fields with bounds and help), in order."""
    return [declared for declared in fields(ServerLimits) if "help" in declared.metadata]
