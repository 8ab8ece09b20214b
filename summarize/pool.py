"""The models of one Summarizer: located once, loaded on first use by their runtime, then kept.

Each model runs on the Summarizer's runtime, except a model behind a server ('openai:NAME'),
which runs on the OpenAI-compatible runtime whatever the others use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import CacheMiss, SummarizeError
from .handle import ModelHandle, Runners
from .model_licences import notice_once
from .models import inspect_model, is_server_model
from .naming import Naming
from .plan import ModelNeed, default_sources, needs, summarizer_need, translator_need, verifier_need
from .runtimes import LocatedModel, ModelRunner, Runtime, runtime_class
from .scheduling import translator_threads

if TYPE_CHECKING:
    from .settings import Settings


class ModelPool:
    """Handles by reference, so a model named for two roles is located and loaded once.

    `view(settings)` gives a pool for other languages or another length that shares this one's
    runtimes, located models and loaded runners: a server answering requests with different
    settings loads each model once.
    """

    def __init__(
        self, runtime: Runtime, naming: Naming, settings: Settings | None = None, *, cache_only: bool = False
    ) -> None:
        self.runtime = runtime
        self.naming = naming
        self.cache_only = cache_only
        """Answer from the cache only: a model that is not on disk, or would have to run, raises CacheMiss."""
        self.settings = settings if settings is not None else runtime.settings
        self._handles: dict[str, ModelHandle] = {}
        self._runtimes: dict[str, Runtime] = {runtime.name: runtime}
        self._located: dict[str, tuple[LocatedModel, Runtime]] = {}
        self._runners = Runners()
        self._planned: list[ModelNeed] | None = None

    @property
    def planned(self) -> list[ModelNeed]:
        """The run's plan: every model it may use (`plan.needs`), for the configured sources at first,
        then for each source language and strategy the pipeline meets. No model is had outside it."""
        return list(self._plan())

    def _plan(self) -> list[ModelNeed]:
        if self._planned is None:
            self._planned = needs(self.settings, default_sources(self.settings))
        return self._planned

    def plan_for(self, sources: Iterable[str], strategy: str | None = None) -> None:
        """Add to the plan what inputs in `sources` need with `strategy` (the main one when None)."""
        current = self.planned
        added = [need for need in needs(self.settings, sources, strategy) if need not in current]
        self._planned = current + added

    def view(self, settings: Settings) -> ModelPool:
        """A pool with other settings sharing this one's runtimes, located models and runners."""
        other = ModelPool(self.runtime, self.naming, settings, cache_only=self.cache_only)
        other._runtimes, other._located, other._runners = self._runtimes, self._located, self._runners
        return other

    def runtime_for(self, reference: str) -> Runtime:
        """The runtime that runs `reference`: the server runtime for 'openai:NAME', else the Summarizer's."""
        name = "openai" if is_server_model(reference) else self.runtime.name
        if name not in self._runtimes:
            self._runtimes[name] = runtime_class(name)(self.runtime.settings)
        return self._runtimes[name]

    def get(self, need: ModelNeed) -> ModelHandle:
        """The handle for a planned model, locating it (and downloading it, if allowed) the first time."""
        if need not in self._plan():
            # A bug: what `models list/download`, the warm-up and the hints name would miss this model.
            raise SummarizeError(f"internal error: the {need.label} {need.reference!r} is not in the run's plan")
        handle = self._handles.get(need.reference)
        if handle is None:
            if need.reference not in self._located:
                if self.cache_only and not inspect_model(need.reference).on_disk:
                    raise CacheMiss(f"model {need.reference!r} is not on this machine")
                runtime = self.runtime_for(need.reference)
                located = runtime.locate(need.reference, role=need.label, fix=need.fix(self.naming))
                self._located[need.reference] = (located, runtime)
                notice_once(need.reference, located.path)  # a non-commercial licence is said once
            located, runtime = self._located[need.reference]
            threads = translator_threads(self.runtime.settings, self._plan(), need) if runtime.concurrent else None
            handle = ModelHandle(
                located, runtime, self.settings, self._runners, cache_only=self.cache_only, threads=threads
            )
            self._handles[need.reference] = handle
        return handle

    def summarizer(self) -> ModelHandle:
        return self.get(summarizer_need(self.settings))

    def translator(self, source: str, target: str) -> ModelHandle:
        return self.get(translator_need(self.settings, source, target))

    def verifier(self) -> ModelHandle:
        need = verifier_need(self.settings)
        if need is None:
            raise SummarizeError("internal error: no verifier is set")
        return self.get(need)

    def is_loaded(self, reference: str) -> bool:
        """Whether a runner for `reference` was made (its weights load with it or on its first batch)."""
        found = self._located.get(reference)
        return found is not None and f"{found[1].name}\0{reference}" in self._runners

    def located(self) -> dict[str, ModelHandle]:
        """Every model located so far, by reference."""
        return dict(self._handles)

    def runners(self) -> dict[str, ModelRunner]:
        """The runners made so far, by reference: what a run actually had to load."""
        return {reference: handle.runner for reference, handle in self._handles.items() if handle.started}
