"""What a summarization returns: the summary per language and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LanguageSummary:
    """The summary in one language and the model that wrote it (summarizer or translator)."""

    language: str
    text: str
    model: str
    cached: bool = False
    """True when no model ran for this text: every part of it came from the cache."""


@dataclass(frozen=True)
class SummaryResult:
    """Summaries of one input in every requested language, in the requested order, with provenance.

    `chunks` counts the pieces the input was cut into to fit the summarizer; `rounds` counts
    summarizer passes (1 when the input fits at once, more when chunk summaries were summarized again).
    """

    input: str
    source_language: str
    summaries: dict[str, LanguageSummary]
    summarizer: str
    chunks: int
    rounds: int
    timings: dict[str, float] = field(default_factory=dict)

    def __getitem__(self, language: str) -> str:
        """The summary text in `language`: result['es']."""
        return self.summaries[language].text

    def to_dict(self) -> dict[str, Any]:
        """The JSON form documented in the README."""
        return {
            "input": self.input,
            "source_language": self.source_language,
            "summaries": {
                code: {"text": s.text, "model": s.model, "cached": s.cached} for code, s in self.summaries.items()
            },
            "summarizer": self.summarizer,
            "chunks": self.chunks,
            "rounds": self.rounds,
            "timings": {name: round(seconds, 3) for name, seconds in self.timings.items()},
        }
