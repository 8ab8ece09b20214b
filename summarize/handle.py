"""A located model, and how it is asked: its prompts and generation options by family, task and length.

Its runner (tokenizer, weights, client) is made only when a stage needs it, and may be shared
with other handles of the same model, so weights load once per process.
"""

from __future__ import annotations

import dataclasses
from functools import cached_property
from typing import TYPE_CHECKING

from .errors import CacheMiss
from .generation import CHAT_TRANSLATION, WORDS, GenerationOptions, chat_generation
from .languages import language_name
from .prompts import Prompt, instruct_prompt, prompt_for
from .runtimes import LocatedModel, ModelRunner, Runtime

if TYPE_CHECKING:
    from .settings import Settings


def _name(code: str) -> str:
    return language_name(code) or code


class ModelHandle:
    """A located model; its runner (tokenizer, weights, client) is made only when a stage needs it.

    `settings` shape its prompts and options (length, prompts directory); the runner may be shared
    with other handles of the same model (`runners`), so weights load once per process.
    """

    def __init__(
        self,
        located: LocatedModel,
        runtime: Runtime,
        settings: Settings | None = None,
        runners: dict[str, ModelRunner] | None = None,
        *,
        cache_only: bool = False,
    ) -> None:
        self.located = located
        self.runtime = runtime
        self.cache_only = cache_only
        self.settings = settings if settings is not None else runtime.settings
        self._runners = runners if runners is not None else {}

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
    def runtime_identity(self) -> str:
        """The runtime's part of cache keys (asked once: it may load the runtime's library)."""
        return self.runtime.cache_identity()

    @property
    def runner(self) -> ModelRunner:
        if self.cache_only:
            raise CacheMiss(f"model {self.reference!r} would have to run")
        key = f"{self.runtime.name}\0{self.located.reference}"
        if key not in self._runners:
            self._runners[key] = self.runtime.runner(self.located)
        self._started = True
        return self._runners[key]

    def refresh(self) -> bool:
        """Load the runner and take up the identity it reports, if it differs (a server's new model digest).

        True when the fingerprint changed: cache keys made before are for another model.
        """
        runner = self.runner
        runner.load()
        current = runner.fingerprint
        if current is None or current == self.located.fingerprint:
            return False
        self.located = dataclasses.replace(self.located, fingerprint=current)
        return True

    @property
    def started(self) -> bool:
        """Whether this handle used its runner (a cached run never does)."""
        return getattr(self, "_started", False)

    def summary_prompt(self, language: str = "en") -> Prompt:
        """The summarization prompt: by family for seq2seq models, in `language` for chat models."""
        settings = self.settings
        if self.chat:
            return self.instruct("summarize", language=_name(language))
        return prompt_for("summarization", self.located.family, settings.prompts_dir)

    def instruct(self, task: str, **names: str) -> Prompt:
        """A chat prompt from instruct.toml with the length's word target filled in."""
        settings = self.settings
        return instruct_prompt(task, settings.prompts_dir, words=str(WORDS[settings.length]), **names)

    def translation_prompt(self, source: str, target: str) -> Prompt:
        names = {"source": _name(source), "target": _name(target)}
        if self.chat:
            return self.instruct("translate", **names)
        return prompt_for("translation", self.located.family, self.settings.prompts_dir, **names)

    def summary_options(self) -> GenerationOptions:
        """Beam search for seq2seq summarizers; greedy, bounded by the word target, for chat models."""
        settings = self.settings
        if self.chat and settings.summary_generation is None:
            return chat_generation(settings.length)
        return settings.generation

    def translation_options(self) -> GenerationOptions:
        return CHAT_TRANSLATION if self.chat else self.settings.translation_generation
