"""The models of one Summarizer: located once, loaded on first use by its runtime, then kept."""

from __future__ import annotations

from functools import cached_property

from .languages import language_name
from .naming import Naming
from .plan import ModelNeed, summarizer_need, translator_need
from .prompts import Prompt, prompt_for
from .runtimes import LocatedModel, ModelRunner, Runtime


class ModelHandle:
    """A located model; its runner (tokenizer, weights) is made only when a stage needs it."""

    def __init__(self, located: LocatedModel, runtime: Runtime) -> None:
        self.located = located
        self._runtime = runtime

    @property
    def reference(self) -> str:
        return self.located.reference

    @property
    def fingerprint(self) -> str:
        return self.located.fingerprint

    @cached_property
    def runner(self) -> ModelRunner:
        return self._runtime.runner(self.located)

    @property
    def started(self) -> bool:
        """Whether the runner was made (a cached run never makes one)."""
        return "runner" in self.__dict__

    def summary_prompt(self) -> Prompt:
        return prompt_for("summarization", self.located.family, self._runtime.settings.prompts_dir)

    def translation_prompt(self, source: str, target: str) -> Prompt:
        names = {"source": language_name(source) or source, "target": language_name(target) or target}
        return prompt_for("translation", self.located.family, self._runtime.settings.prompts_dir, **names)


class ModelPool:
    """Handles by reference, so a model named for two roles is located and loaded once."""

    def __init__(self, runtime: Runtime, naming: Naming) -> None:
        self.runtime = runtime
        self.naming = naming
        self._handles: dict[str, ModelHandle] = {}

    def get(self, need: ModelNeed) -> ModelHandle:
        """The handle for a needed model, locating it (and downloading it, if allowed) the first time."""
        handle = self._handles.get(need.reference)
        if handle is None:
            located = self.runtime.locate(need.reference, role=need.label, fix=need.fix(self.naming))
            handle = self._handles[need.reference] = ModelHandle(located, self.runtime)
        return handle

    def summarizer(self) -> ModelHandle:
        return self.get(summarizer_need(self.runtime.settings))

    def translator(self, source: str, target: str) -> ModelHandle:
        return self.get(translator_need(self.runtime.settings, source, target))

    def located(self) -> dict[str, ModelHandle]:
        """Every model located so far, by reference."""
        return dict(self._handles)

    def runners(self) -> dict[str, ModelRunner]:
        """The runners made so far, by reference: what a run actually had to load."""
        return {reference: handle.runner for reference, handle in self._handles.items() if handle.started}
