"""What the pipeline knows about one document as it moves through the stages."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document
from ..errors import ModelError, SummarizeError
from ..result import LanguageSummary


@dataclass
class DocState:
    """One document's progress: its language, its summary in its strategy's language, then every language."""

    document: Document
    language: str
    strategy: str
    base: LanguageSummary | None = None
    """The summary the strategy wrote, in the language it writes in (the pivot, or the input's own)."""
    summaries: dict[str, LanguageSummary] = field(default_factory=dict)
    chunks: int = 0
    rounds: int = 0
    error: SummarizeError | None = None
    """Why this document has no result at all; set, the other stages pass it by."""
    translated: set[str] = field(default_factory=set)
    """The languages whose summary is `base` translated (the others the strategy wrote itself)."""
    missing: ModelError | None = None
    """A model the strategy needs that is not on disk: a fallback strategy may stand in."""
