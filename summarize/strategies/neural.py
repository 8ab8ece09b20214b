"""The neural strategy: an input in another language is translated into the pivot, summarized there (map-reduce).

Two levels of cache: each model call (through the stages) and each document's whole summary,
so a rerun of a statement loads no model at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import LanguageError, ModelError, SummarizeError
from ..keys import document_summary_key
from ..languages import PIVOT, describe_language
from ..plan import ModelNeed, available_sources, summarizer_need, translator_need
from ..result import LanguageSummary
from ..stages import coverage
from ..stages.isolation import isolate
from ..stages.mapreduce import map_reduce
from ..stages.stored import Found, Result, at_once, stored_or_computed, text_record
from ..stages.translation import translate_sentencewise
from .base import Strategy

if TYPE_CHECKING:
    from ..settings import Settings
    from ..stages.state import DocState


class NeuralStrategy(Strategy):
    """A seq2seq summarizer in the pivot language, with translators into it for other inputs."""

    name = "neural"

    @classmethod
    def summary_language(cls, source: str) -> str:
        return PIVOT

    @classmethod
    def needs(cls, settings: Settings, source: str) -> list[ModelNeed]:
        wanted = [summarizer_need(settings)]
        if source != PIVOT:
            wanted.append(translator_need(settings, source, PIVOT))
        return wanted

    def prepare(self) -> None:
        if self.context.settings.fallback_strategy is None:
            self.context.models.summarizer()  # no stand-in: a missing summarizer fails the run at once

    def summarize(self, states: list[DocState]) -> None:
        ready: list[DocState] = []
        for language in dict.fromkeys(state.language for state in states):
            group = [state for state in states if state.language == language]
            try:
                self._locate(language)
            except (ModelError, LanguageError) as exc:
                cause = exc if isinstance(exc, ModelError) else exc.__cause__
                for state in group:
                    if isinstance(cause, ModelError) and cause.missing:
                        state.missing, state.error = cause, exc  # the error stands unless a fallback takes over
                    else:
                        state.error = exc
                continue
            ready += group

        def fail(state: DocState, exc: SummarizeError) -> None:
            state.error = exc

        isolate(ready, self._summarize_group, fail)

    def _locate(self, language: str) -> None:
        """Find the models the plan names for this language: the summarizer, and a translator into the pivot."""
        context = self.context
        for need in self.needs(context.settings, language):
            if need.pair is None:
                context.models.get(need)
                continue
            try:
                problem = context.models.get(need).coverage_problem(*need.pair)
                if problem:
                    raise ModelError(problem, model=need.reference, problem=problem)
            except ModelError as exc:
                raise LanguageError(
                    f"the input is in {describe_language(language)}, and {exc}; "
                    f"{available_sources(context.settings, context.naming)}, or use {context.naming.extractive()}",
                    language=language,
                    pair=need.pair,
                ) from exc

    def document_key(self, state: DocState) -> str:
        context = self.context
        return document_summary_key(context, context.models.summarizer(), state.document.text, state.language, PIVOT)

    def _summarize_group(self, states: list[DocState]) -> None:
        """Summaries of several documents, with their chunks sharing model batches."""
        results = stored_or_computed(
            self.context.cache, states, self.document_key, at_once(self._summarize_now), decode=text_record
        )
        for state, result in zip(states, results, strict=True):
            if isinstance(result, SummarizeError):
                state.error = result
                continue
            entry = result.value
            self._set_base(state, entry["text"], entry["chunks"], entry["rounds"], cached=result.cached,
                           warnings=tuple(entry.get("warnings", ())))  # fmt: skip

    def _summarize_now(self, todo: list[DocState]) -> list[Result[dict[str, Any]]]:
        """What `_summarize_group` stores for documents not in the cache."""
        context = self.context
        english, english_hits, input_warnings = self._in_pivot(todo)
        summarizer = context.models.summarizer()
        options = summarizer.summary_options()
        summaries = map_reduce(context.generation, summarizer, english, PIVOT, options)
        problems = [
            coverage.summary_problem(text, summary.text) for text, summary in zip(english, summaries, strict=True)
        ]
        failing = [i for i, problem in enumerate(problems) if problem] if context.settings.coverage_check else []
        if failing:
            # An empty or echoed summary is summarized once more with the other beam setting.
            again = map_reduce(context.generation, summarizer, [english[i] for i in failing], PIVOT,
                               coverage.RETRIES[0](options))  # fmt: skip
            for i, summary in zip(failing, again, strict=True):
                if coverage.summary_problem(english[i], summary.text) is None:
                    summaries[i], problems[i] = summary, None
        results: list[Result[dict[str, Any]]] = []
        for index, (summary, hit) in enumerate(zip(summaries, english_hits, strict=True)):
            if not summary.text.strip():
                results.append(SummarizeError(
                    f"summarizer {summarizer.reference!r} produced no text for this input, with its own beam "
                    f"setting and with the other one; try another summarizer model"
                ))  # fmt: skip
                continue
            warnings = list(input_warnings[index])
            if problems[index]:
                warnings.append(f"the summary {problems[index]} (kept after one more try)")
            record = {"text": summary.text, "chunks": summary.chunks, "rounds": summary.rounds, "warnings": warnings}
            results.append(Found(record, cached=hit and summary.cached))
        return results

    def _in_pivot(self, states: list[DocState]) -> tuple[list[str], list[bool], list[list[str]]]:
        """The documents' texts in the pivot language, whether each came wholly from the cache, and
        what the coverage guard found wrong in translating them."""
        texts = [state.document.text for state in states]
        hits = [True] * len(states)
        warnings: list[list[str]] = [[] for _ in states]
        for language in dict.fromkeys(state.language for state in states):
            if language == PIVOT:
                continue
            indices = [i for i, state in enumerate(states) if state.language == language]
            outcome = translate_sentencewise(self.context, [texts[i] for i in indices], language, PIVOT)
            for i, text, hit, found in zip(indices, outcome.texts, outcome.hits, outcome.warnings, strict=True):
                texts[i], hits[i] = text, hit
                warnings[i] = [f"translating the input into {PIVOT}: {warning}" for warning in found]
        return texts, hits, warnings

    def _set_base(
        self, state: DocState, text: str, chunks: int, rounds: int, *, cached: bool, warnings: tuple[str, ...] = ()
    ) -> None:
        settings = self.context.settings
        runtime = self.context.models.summarizer().runtime.name
        state.base = LanguageSummary(PIVOT, text, settings.summarizer, cached, engine=runtime, warnings=warnings)
        state.chunks, state.rounds = chunks, rounds
