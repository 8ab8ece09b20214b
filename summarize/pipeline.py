"""The flow: detect each input's language, let the strategy summarize, translate the summary into every language.

`Summarizer` composes the parts (runtime, model pool, cache, strategies, stages) and isolates
failures per document: one document that cannot be summarized costs that document alone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from time import perf_counter
from typing import Any

from .cache import Cache, NoCache, RecordingCache
from .document import Document
from .errors import ItemFailed, SummarizeError, UsageError, first_line
from .languages import PIVOT, normalize_language, plainly_other_script
from .naming import PYTHON, Naming
from .pool import ModelPool
from .result import SummaryResult
from .runtimes import runtime_class
from .sanitize import one_line
from .settings import Settings
from .stages.ahead import LoadAhead
from .stages.cached_generation import CachedGeneration
from .stages.checking import check_bases, check_summaries
from .stages.context import Context
from .stages.detection import detect_cached
from .stages.languages import translate_every_language
from .stages.state import DocState
from .strategies import Strategy, strategy_class
from .terms import Glossary, Terms, load_keep

log = logging.getLogger("summarize")

# How sure the detector must be before a given source language is said to look wrong.
_SURE = 0.99


class Summarizer:
    """Summarizes texts into several languages; configure once, call `summarize` many times.

    Models are located on first use, loaded only when the cache cannot answer, and kept.
    `progress` shows a progress bar on stderr while a model works through many texts; `naming`
    says how error messages spell fixes (Python parameters by default, flags for the CLI).
    """

    def __init__(
        self, settings: Settings | None = None, *, progress: bool = False, naming: Naming = PYTHON, **overrides: Any
    ) -> None:
        if settings is not None and not isinstance(settings, Settings):
            raise UsageError.bad_value("settings", f"must be a Settings, got {settings!r}")
        base = settings if settings is not None else Settings()
        self.settings = base.replace(**overrides) if overrides else base
        self.cache: Cache = Cache(self.settings.cache_root) if self.settings.cache else NoCache()
        runtime = runtime_class(self.settings.runtime_name)(self.settings)
        self._assemble(ModelPool(runtime, naming), progress)

    def _assemble(self, models: ModelPool, progress: bool) -> None:
        self.models = models
        generation = CachedGeneration(self.cache, batch_size=self.settings.batch_size, progress=progress)
        self.context = Context(
            self.settings, self.cache, models.runtime, models, generation, models.naming, _terms(self.settings)
        )
        self._strategies: dict[str, Strategy] = {}
        self._noticed: set[str] = set()  # models already reported missing, so each notice shows once
        self._prepared = False

    # Settings that change what is asked of the models, not the models or how they run.
    SIBLING_SETTINGS = frozenset({"languages", "length", "source_language", "language_check"})

    def sibling(self, **changes: Any) -> Summarizer:
        """This Summarizer with other languages or length, sharing its cache and loaded models.

        For a server answering requests that differ in those settings: each model loads once.
        """
        unknown = sorted(set(changes) - self.SIBLING_SETTINGS)
        if unknown:
            raise UsageError(
                f"sibling() changes only {', '.join(sorted(self.SIBLING_SETTINGS))}, not {', '.join(unknown)}: "
                f"make a new Summarizer for those"
            )
        other = object.__new__(Summarizer)
        other.settings = self.settings.replace(**changes)
        other.cache = self.cache
        other._assemble(self.models.view(other.settings), self.context.generation.progress)
        return other

    def cache_only(self) -> Summarizer:
        """This Summarizer answering from the cache alone: whatever needs a model fails with CacheMiss.

        A cluster driver asks it first, and ships only what it cannot answer.
        """
        other = object.__new__(Summarizer)
        other.settings, other.cache = self.settings, self.cache
        pool = ModelPool(self.models.runtime, self.models.naming, self.settings, cache_only=True)
        other._assemble(pool, False)
        return other

    def record_cache_writes(self) -> RecordingCache:
        """From now on keep every cache entry written (a cluster worker ships them to the driver)."""
        recording = RecordingCache(self.cache)
        self.cache = self.context.cache = self.context.generation.cache = recording
        return recording

    def _strategy(self, name: str) -> Strategy:
        if name not in self._strategies:
            self._strategies[name] = strategy_class(name)(self.context)
        return self._strategies[name]

    def prepare(self) -> None:
        """Fail now, with one clear error, on what would fail every document: a runtime that cannot run,
        or (with no fallback) a summarizer that cannot be had. Other models are located when needed."""
        if self._prepared:
            return
        self.context.runtime.check()
        self._strategy(self.settings.strategy_name).prepare()
        self._prepared = True

    # --- one document --------------------------------------------------------------------------

    def summarize(self, text: str, *, source: str = "<text>", source_language: str | None = None) -> SummaryResult:
        """Summarize `text` into every configured language."""
        if not isinstance(text, str):
            raise UsageError.bad_value("text", f"must be a str, got {type(text).__name__}; decode bytes first")
        return self.summarize_document(Document.checked(text, source), source_language=source_language)

    def summarize_document(self, document: Document, *, source_language: str | None = None) -> SummaryResult:
        """Summarize a Document into every configured language; raises why when it cannot."""
        return self.summarize_documents([document], source_language=source_language)[0]

    # --- many documents ------------------------------------------------------------------------

    def summarize_documents(
        self, documents: Sequence[Document], *, source_language: str | None = None
    ) -> list[SummaryResult]:
        """Summarize several documents at once (they share model batches); raises the first document's error."""
        results = []
        for outcome in self.summarize_each(documents, source_language=source_language):
            if isinstance(outcome, SummarizeError):
                raise outcome
            results.append(outcome)
        return results

    def summarize_each(
        self, documents: Sequence[Document], *, source_language: str | None = None
    ) -> list[SummaryResult | SummarizeError]:
        """For each document, in order, its result or the error that stopped it; the others are unaffected.

        Documents share model batches. A language whose translator is missing gets an error entry
        in that result; the other languages are still produced. Timings are for the whole group.
        """
        for document in documents:
            if not isinstance(document, Document):
                raise UsageError.bad_value("documents", f"must hold Document objects, got {type(document).__name__}")
        try:
            return self._summarize_group(documents, source_language)
        except SummarizeError:
            raise
        except Exception as exc:
            if len(documents) <= 1:
                name = documents[0].source if documents else "<none>"
                failure = ItemFailed(f"{one_line(name)}: internal error while summarizing ({type(exc).__name__}: "
                                     f"{first_line(exc)}); the other inputs are unaffected")  # fmt: skip
                failure.__cause__ = exc
                return [failure]
        # A bug that one document triggers must not cost the others: each goes again on its own
        # (what the group already computed is in the cache).
        return [
            outcome
            for document in documents
            for outcome in self.summarize_each([document], source_language=source_language)
        ]

    def _summarize_group(
        self, documents: Sequence[Document], source_language: str | None
    ) -> list[SummaryResult | SummarizeError]:
        started = perf_counter()
        self.prepare()
        forced = normalize_language(source_language) if source_language else self.settings.source_language
        main = self.settings.strategy_name
        states = [DocState(document, self._language(document, forced), main) for document in documents]
        self.models.plan_for(dict.fromkeys(state.language for state in states))
        timings: dict[str, float] = {}

        mark = perf_counter()
        # While the summarizer decodes, the translators and the fact check's word lists load.
        with LoadAhead(self.context, states, strategy_class(main)).during(self.context.generation):
            self._strategy(main).summarize(states)
            self._fall_back([state for state in states if state.missing is not None])
        timings["summarize"] = perf_counter() - mark
        mark = perf_counter()
        check_bases(self.context, [state for state in states if state.error is None])
        checking = perf_counter() - mark

        translate_every_language(self.context, [state for state in states if state.error is None], timings)
        mark = perf_counter()
        check_summaries(self.context, [state for state in states if state.error is None])
        if self.settings.fact_check:
            timings["fact_check"] = checking + perf_counter() - mark
        timings["total"] = perf_counter() - started
        return [self._result(state, timings) for state in states]

    def _fall_back(self, states: list[DocState]) -> None:
        """Documents whose strategy lacks a model go to the fallback strategy, with one notice per model."""
        fallback = self.settings.fallback_strategy
        if not states or fallback is None:
            return
        for state in states:
            missing = state.missing
            assert missing is not None
            reference = missing.model or "?"
            if reference not in self._noticed:
                self._noticed.add(reference)
                log.warning(
                    "model %r is unavailable (%s); summarizing with the %s strategy instead "
                    "(run 'summarize models download' to fetch it)",
                    reference,
                    missing.problem or "not on disk and cannot be downloaded",
                    fallback,
                )
            state.missing, state.error, state.strategy = None, None, fallback
        self.models.plan_for(dict.fromkeys(state.language for state in states), fallback)
        self._strategy(fallback).summarize(states)

    def _result(self, state: DocState, timings: dict[str, float]) -> SummaryResult | SummarizeError:
        if state.error is not None:
            return state.error
        label = strategy_class(state.strategy).engine_label
        return SummaryResult(
            input=state.document.source,
            source_language=state.language,
            summaries={code: state.summaries[code] for code in self.settings.languages},
            summarizer=self.settings.summarizer if label is None else label,
            engine=self.models.runtime_for(self.settings.summarizer).name if label is None else label,
            chunks=state.chunks,
            rounds=state.rounds,
            timings=timings,
            strategy=state.strategy,
        )

    def _language(self, document: Document, forced: str | None) -> str:
        """The given source language (with a warning when the text plainly reads as another), or the detected one."""
        if forced is None:
            return self._detect(document)
        # The detector loads only for a text plainly in another script: a given language costs nothing.
        if not plainly_other_script(document.text, forced):
            return forced
        detection = detect_cached(self.cache, document.text)
        if detection.reliable and detection.probability > _SURE and detection.language != forced:
            log.warning(
                "%s: the source language was given as %r, but the text reads as %r (%.0f%% likely); "
                "check `source_language`",
                document.source,
                forced,
                detection.language,
                100 * detection.probability,
            )
        return forced

    def _detect(self, document: Document) -> str:
        settings = self.settings
        sources = [pair.split("-")[0] for pair in settings.translators if "-" in pair]
        likely = [PIVOT, *settings.languages, *sources]
        detection = detect_cached(self.cache, document.text, list(dict.fromkeys(likely)))
        if not detection.reliable:
            log.warning(
                "%s: the language is unclear; taking it for %r (%.0f%% likely): pass `source_language` to set it",
                document.source,
                detection.language,
                100 * detection.probability,
            )
        return detection.language


def _terms(settings: Settings) -> Terms:
    """The run's glossary and keep list, read once; a file that cannot be read is a usage error now."""
    glossary = Glossary.load(settings.glossary) if settings.glossary is not None else None
    keep = load_keep(settings.keep) if settings.keep is not None else ()
    return Terms(glossary, keep)


def summarize(text: str, **settings: Any) -> SummaryResult:
    """One call: summarize `text` with default settings, or with Settings fields given as keywords."""
    return Summarizer(**settings).summarize(text)
