"""The models of one Summarizer: located once, loaded on first use by their runtime, then kept.

Each model runs on the Summarizer's runtime, except a model behind a server ('openai:NAME'),
which runs on the OpenAI-compatible runtime whatever the others use.
"""

from __future__ import annotations

from functools import cached_property

from .generation import CHAT_TRANSLATION, WORDS, GenerationOptions, chat_generation
from .languages import language_name
from .models import is_server_model
from .naming import Naming
from .plan import ModelNeed, summarizer_need, translator_need
from .prompts import Prompt, instruct_prompt, prompt_for
from .runtimes import LocatedModel, ModelRunner, Runtime, runtime_class


def _name(code: str) -> str:
    return language_name(code) or code


class ModelHandle:
    """A located model; its runner (tokenizer, weights, client) is made only when a stage needs it."""

    def __init__(self, located: LocatedModel, runtime: Runtime) -> None:
        self.located = located
        self.runtime = runtime

    @property
    def reference(self) -> str:
        return self.located.reference

    @property
    def fingerprint(self) -> str:
        return self.located.fingerprint

    @property
    def chat(self) -> bool:
        return self.located.chat

    @cached_property
    def engine_identity(self) -> str:
        """The runtime's part of cache keys (asked once: it may load the runtime's library)."""
        return self.runtime.cache_identity()

    @cached_property
    def runner(self) -> ModelRunner:
        return self.runtime.runner(self.located)

    @property
    def started(self) -> bool:
        """Whether the runner was made (a cached run never makes one)."""
        return "runner" in self.__dict__

    def summary_prompt(self, language: str = "en") -> Prompt:
        """The summarization prompt: by family for seq2seq models, in `language` for chat models."""
        settings = self.runtime.settings
        if self.chat:
            return self.instruct("summarize", language=_name(language))
        return prompt_for("summarization", self.located.family, settings.prompts_dir)

    def instruct(self, task: str, **names: str) -> Prompt:
        """A chat prompt from instruct.toml with the length's word target filled in."""
        settings = self.runtime.settings
        return instruct_prompt(task, settings.prompts_dir, words=str(WORDS[settings.length]), **names)

    def translation_prompt(self, source: str, target: str) -> Prompt:
        names = {"source": _name(source), "target": _name(target)}
        if self.chat:
            return self.instruct("translate", **names)
        return prompt_for("translation", self.located.family, self.runtime.settings.prompts_dir, **names)

    def summary_options(self) -> GenerationOptions:
        """Beam search for seq2seq summarizers; greedy, bounded by the word target, for chat models."""
        settings = self.runtime.settings
        if self.chat and settings.summary_generation is None:
            return chat_generation(settings.length)
        return settings.generation

    def translation_options(self) -> GenerationOptions:
        return CHAT_TRANSLATION if self.chat else self.runtime.settings.translation_generation


class ModelPool:
    """Handles by reference, so a model named for two roles is located and loaded once."""

    def __init__(self, runtime: Runtime, naming: Naming) -> None:
        self.runtime = runtime
        self.naming = naming
        self._handles: dict[str, ModelHandle] = {}
        self._runtimes: dict[str, Runtime] = {runtime.name: runtime}

    def runtime_for(self, reference: str) -> Runtime:
        """The runtime that runs `reference`: the server runtime for 'openai:NAME', else the Summarizer's."""
        name = "openai" if is_server_model(reference) else self.runtime.name
        if name not in self._runtimes:
            self._runtimes[name] = runtime_class(name)(self.runtime.settings)
        return self._runtimes[name]

    def get(self, need: ModelNeed) -> ModelHandle:
        """The handle for a needed model, locating it (and downloading it, if allowed) the first time."""
        handle = self._handles.get(need.reference)
        if handle is None:
            runtime = self.runtime_for(need.reference)
            located = runtime.locate(need.reference, role=need.label, fix=need.fix(self.naming))
            handle = self._handles[need.reference] = ModelHandle(located, runtime)
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
