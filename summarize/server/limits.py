"""What the server accepts and how it batches: sizes, queue, timeouts, the key. Checked once, here."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import UsageError


@dataclass(frozen=True)
class ServerLimits:
    """Limits and batching of `summarize serve`; `api_key` is never shown (repr=False) nor logged."""

    max_texts: int = 16
    """Texts in one request (413 beyond)."""
    max_text_chars: int = 100_000
    """Characters in one text (413 beyond)."""
    max_queue: int = 64
    """Texts waiting or in work at once across requests (429 with Retry-After beyond)."""
    batch_wait_ms: int = 10
    """How long the first request of a batch waits for others to join it."""
    max_batch: int = 32
    """Texts in one model batch at most."""
    request_timeout: int = 300
    """Seconds before a request gets 504 (the work goes on and lands in the cache)."""
    api_key: str | None = field(default=None, repr=False)
    cors_origins: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name, low, high in (
            ("max_texts", 1, 10_000),
            ("max_text_chars", 100, 10_000_000),
            ("max_queue", 1, 1_000_000),
            ("batch_wait_ms", 0, 10_000),
            ("max_batch", 1, 10_000),
            ("request_timeout", 1, 86_400),
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise UsageError.bad_value(name, f"must be a whole number from {low} to {high}, got {value!r}")
        if self.api_key is not None and len(self.api_key.strip()) < 8:
            raise UsageError("the server's API key is shorter than 8 characters: use a long random one")
        for origin in self.cors_origins:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise UsageError.bad_value(
                    "cors_origins", f"must be origins such as https://cms.example.org, got {origin!r}"
                )

    @property
    def max_body_bytes(self) -> int:
        """The largest request body read: every text at its limit in 4-byte UTF-8, plus room for the rest."""
        return self.max_texts * self.max_text_chars * 4 + 65_536
