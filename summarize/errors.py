"""The exception hierarchy: every message says what failed and how to fix it.

Errors also carry what they are about as fields (the option, the model, the language pair), so a
front end can act on them without parsing the message.
"""

from __future__ import annotations


class SummarizeError(Exception):
    """Base class for every error this library raises on purpose."""


class UsageError(SummarizeError):
    """A bad option, language code or configuration value (the CLI exits 2).

    `option` names the setting at fault (a Settings field such as 'batch_size'), when there is one.
    """

    def __init__(self, message: str, *, option: str | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.option = option
        self.reason = reason

    @classmethod
    def bad_value(cls, option: str, reason: str) -> UsageError:
        """'batch_size must be at least 1, got 0': a front end may name the option its own way."""
        return cls(f"{option} {reason}", option=option, reason=reason)


class InputError(SummarizeError):
    """An input that cannot be summarized: missing, a directory, empty, binary, not UTF-8, too large."""


class ModelError(SummarizeError):
    """A model that cannot be found, downloaded or loaded.

    `model` is the reference as given, `role` what it was for ('summarizer', 'en-es translator'),
    `problem` the short reason, and `missing` is True when the model is simply not on disk and
    cannot be downloaded (a fallback may then stand in), False when it is there but broken.
    """

    def __init__(
        self,
        message: str,
        *,
        model: str | None = None,
        role: str | None = None,
        problem: str | None = None,
        missing: bool = False,
    ) -> None:
        super().__init__(message)
        self.model = model
        self.role = role
        self.problem = problem
        self.missing = missing


class ContextLengthError(ModelError):
    """A model (a server, usually) said the input does not fit its context; chunking retries smaller."""


class LanguageError(SummarizeError):
    """A source or target language that no configured or default model covers.

    `language` is the language at fault; `pair` the translation ('ru', 'en') that is missing, if any.
    """

    def __init__(self, message: str, *, language: str | None = None, pair: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.language = language
        self.pair = pair


class ItemFailed(SummarizeError):
    """One input failed for an unexpected reason (a bug); the other inputs of its batch are unaffected."""


class CacheMiss(SummarizeError):
    """A model would have to run: raised in cache-only mode, where only what the cache holds is answered."""


class CacheError(SummarizeError):
    """The cache cannot be inspected or cleared (a summarization never fails for the cache's sake)."""


def first_line(exc: BaseException, limit: int = 200) -> str:
    """An exception as one short line for a message: libraries raise multi-line or empty texts."""
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    if len(line) <= limit:
        return line
    # Cut at a word and say so, rather than end mid-word as if that were the whole message.
    return line[:limit].rsplit(" ", 1)[0] + " …"
