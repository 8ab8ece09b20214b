"""Loading ahead: what the stages after the summary need loads on another thread once a summary is
really being generated (a cache hit loads nothing).

The translators' weights and tokenizers and the fact check's word lists take about 0.4 s for the
statement into es and ru; they load side by side (as many models at once as there are cores, the
word lists beside them), and beside the summarizer's own load. Where the summarizer decodes on
every core the run has (a CPU model), work beside it slows it by as much as it saves
(docs/performance.md): the decoding then starts once the loading is done, and the stages after it
start at once. Where cores are free while the summary decodes (a summarizer on a GPU or behind a
server), the loading runs alongside.
Only models that are ready to load (nothing is converted or downloaded ahead), never a model
the strategy itself runs, and the next stage starts only when the loading is done: no two
threads ever load one thing.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from ..handle import ModelHandle
from ..memory import release_free_memory
from ..models import inspect_model
from ..plan import translator_need
from ..scheduling import available_threads
from ..strategies import Strategy
from .cached_generation import CachedGeneration
from .context import Context
from .state import DocState

log = logging.getLogger("summarize")


class LoadAhead:
    """Loads, once model work starts, the translators and word lists a group's later stages need."""

    def __init__(self, context: Context, states: list[DocState], strategy: type[Strategy]) -> None:
        self.context = context
        self.states = states
        self.strategy = strategy
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def during(self, generation: CachedGeneration) -> Iterator[None]:
        """Start loading when `generation` first runs a model inside this block; wait for it at the end."""
        generation.on_model_work = self.start
        try:
            yield
        finally:
            generation.on_model_work = None
            if self._thread is not None:  # model work ran: its loading buffers and workspace are free now
                if self._thread.is_alive():
                    self._thread.join()
                release_free_memory()

    def start(self, model: ModelHandle) -> None:
        """Begin loading (once), before `model` first runs; called on the pipeline's thread, which
        locates the models."""
        if self._thread is not None:
            return
        handles = self._translators()
        languages = [*(state.language for state in self.states), *self.context.settings.languages]
        words = languages if self.context.settings.fact_check else []
        self._thread = threading.Thread(target=_load, args=(handles, words), name="summarize-ahead", daemon=True)
        if not (handles or words):
            return
        self._thread.start()
        if model.cache_only:
            return
        runner = model.runner
        if runner.uses_every_core:  # its decoding would share the cores with the loading: not at once
            runner.load()
            self._thread.join()

    def _translators(self) -> list[ModelHandle]:
        """The planned translators out of the summaries, those already on this machine."""
        if self.strategy.writes_every_language or self.context.models.cache_only:
            return []
        settings, pool = self.context.settings, self.context.models
        bases = {self.strategy.summary_language(state.language) for state in self.states if state.error is None}
        needs = [translator_need(settings, base, target) for base in bases for target in settings.languages
                 if target != base]  # fmt: skip
        planned, located = pool.planned, pool.located()
        # What the strategy itself runs meanwhile (a multilingual translator of the input, say) is
        # left to it: two threads must never load one model.
        busy = {n.reference for state in self.states for n in self.strategy.needs(settings, state.language)}
        handles = []
        for need in dict.fromkeys(needs):
            if need not in planned or need.reference in busy:
                continue
            try:
                # A server's later batches find their translators located: no look on disk again.
                if need.reference in located or inspect_model(need.reference).on_disk:
                    handles.append(pool.get(need))  # else fetched, or reported missing, by its stage
            except Exception as exc:  # its stage reports it
                log.debug("locating %s ahead failed: %s", need.reference, exc)
        return handles


def _load(handles: list[ModelHandle], languages: list[str]) -> None:
    """Load each model that loads quickly, on as many threads as there are cores, and beside them
    the word lists (Python work, where the models' loading is native); a failure here is left for
    its stage to report. Once the summarizer is in, one thread alone would hold one core while
    the other waits."""
    words = threading.Thread(target=_load_word_lists, args=(languages,), name="summarize-ahead-words")
    words.start()
    with ThreadPoolExecutor(max_workers=available_threads(), thread_name_prefix="summarize-ahead") as pool:
        for handle in handles:
            pool.submit(_load_model, handle)
    words.join()
    release_free_memory()  # the loading buffers


def _load_model(handle: ModelHandle) -> None:
    try:
        if handle.runner.preload():
            _ = handle.language_codes  # a multilingual translator's vocabulary, parsed once
    except Exception as exc:  # the stage that needs the model loads it again and reports why
        log.debug("loading %s ahead failed: %s", handle.reference, exc)


def _load_word_lists(languages: list[str]) -> None:
    if not languages:
        return
    try:
        from ..facts.warm import warm_up  # here: a cache hit never loads the word lists

        warm_up(languages)
    except Exception as exc:  # the check loads them itself
        log.debug("loading the fact check's word lists ahead failed: %s", exc)
