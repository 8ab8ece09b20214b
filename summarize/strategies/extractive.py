"""The extractive strategy: the input's most salient sentences, in its own language, with no model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import SummarizeError
from ..lexrank import summarize_extractive
from ..result import LanguageSummary
from ..stages.isolation import isolate
from .base import Strategy

if TYPE_CHECKING:
    from ..plan import ModelNeed
    from ..settings import Settings
    from ..stages.state import DocState


class ExtractiveStrategy(Strategy):
    """Biased LexRank over the input's sentences (see summarize/extractive.py)."""

    name = "extractive"
    engine_label = "extractive"

    @classmethod
    def summary_language(cls, source: str) -> str:
        return source

    @classmethod
    def needs(cls, settings: Settings, source: str) -> list[ModelNeed]:
        return []

    def summarize(self, states: list[DocState]) -> None:
        length = self.context.settings.length

        def work(part: list[DocState]) -> None:
            for state in part:
                extract = summarize_extractive(state.document.text, state.language, length)
                state.base = LanguageSummary(state.language, extract.text, "extractive", engine="extractive")
                state.chunks, state.rounds = extract.blocks, extract.rounds

        def fail(state: DocState, exc: SummarizeError) -> None:
            state.error = exc

        # One at a time: nothing is batched, and a failure then costs exactly its item.
        for state in states:
            isolate([state], work, fail)
