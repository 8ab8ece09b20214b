"""What a strategy is: a way to turn documents into a summary in one language."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ..plan import ModelNeed
    from ..settings import Settings
    from ..stages.context import Context
    from ..stages.state import DocState


class Strategy(ABC):
    """Writes each document's base summary; the pipeline translates it into the other languages.

    Subclasses register in `summarize.strategies.STRATEGIES`.
    """

    name: ClassVar[str]
    engine_label: ClassVar[str | None] = None
    """What results name as their engine: None for the runtime's name, else this ('extractive')."""
    writes_every_language: ClassVar[bool] = False
    """True when the strategy writes each output language itself, so no translators are needed."""

    def __init__(self, context: Context) -> None:
        self.context = context

    @classmethod
    @abstractmethod
    def summary_language(cls, source: str) -> str:
        """The language this strategy's summary of an input in `source` comes out in."""

    @classmethod
    @abstractmethod
    def needs(cls, settings: Settings, source: str) -> list[ModelNeed]:
        """The models needed to summarize an input in `source` (translators out of the summary excepted)."""

    def prepare(self) -> None:  # noqa: B027 - optional hook
        """Fail now, before any work, if this strategy can never run with these settings."""

    @abstractmethod
    def summarize(self, states: list[DocState]) -> None:
        """Set each live state's `base` (with chunks and rounds), or its `error`, or `missing` for a fallback."""
