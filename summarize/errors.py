"""The exception hierarchy: every message says what failed and how to fix it."""

from __future__ import annotations


class SummarizeError(Exception):
    """Base class for every error this library raises on purpose."""


class UsageError(SummarizeError):
    """A bad option, language code or configuration value (the CLI exits 2)."""


class InputError(SummarizeError):
    """An input that cannot be summarized: missing, a directory, empty, binary, not UTF-8, too large."""


class ModelError(SummarizeError):
    """A model that cannot be found, downloaded or loaded."""


class LanguageError(SummarizeError):
    """A source or target language that no configured or default model covers."""


class CacheError(SummarizeError):
    """The cache cannot be inspected or cleared (a summarization never fails for the cache's sake)."""


def first_line(exc: BaseException, limit: int = 200) -> str:
    """An exception as one short line for a message: libraries raise multi-line or empty texts."""
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:limit]
