"""A located model, and how it is asked: its prompts and generation options by family, task and length.

Its runner (tokenizer, weights, client) is made only when a stage needs it, and may be shared
with other handles of the same model, so weights load once per process.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from .errors import CacheMiss, ModelError
from .generation import CHAT_TRANSLATION, WORDS, GenerationOptions, chat_generation
from .languages import describe_language, language_name
from .prompts import Prompt, instruct_prompt, prompt_for
from .runtimes import LocatedModel, ModelRunner, Runtime
from .translator_languages import PREFIX, TOKENS, LanguageCodes, language_codes

if TYPE_CHECKING:
    from .settings import Settings


def _name(code: str) -> str:
    return language_name(code) or code


class Runners:
    """The runners made in one process, by runtime and model: each made once, even when the
    translators of several languages ask for theirs at the same moment."""

    def __init__(self) -> None:
        self._made: dict[str, ModelRunner] = {}
        self._making = threading.Lock()

    def __contains__(self, key: str) -> bool:
        return key in self._made

    def get(self, key: str, make: Callable[[], ModelRunner]) -> ModelRunner:
        runner = self._made.get(key)
        if runner is None:
            with self._making:
                runner = self._made.get(key)
                if runner is None:
                    runner = self._made[key] = make()
        return runner


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
        runners: Runners | None = None,
        *,
        cache_only: bool = False,
        threads: int | None = None,
    ) -> None:
        self.located = located
        self.runtime = runtime
        self.cache_only = cache_only
        self.threads = threads
        """The runner's share of the cores when it runs alongside others (see scheduling.py)."""
        self.settings = settings if settings is not None else runtime.settings
        self._runners = runners if runners is not None else Runners()

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
        runner = self._runners.get(key, lambda: self.runtime.runner(self.located, threads=self.threads))
        self._started = True
        return runner

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
        """The translation prompt; for a multi-target model, with the target's token before the text."""
        names = {"source": _name(source), "target": _name(target)}
        if self.chat:
            return self.instruct("translate", **names)
        prompt = prompt_for("translation", self.located.family, self.settings.prompts_dir, **names)
        codes = self.language_codes
        if codes is not None and codes.style == PREFIX:
            return dataclasses.replace(prompt, template=f"{self._token(codes, target)} {prompt.template}")
        return prompt

    @cached_property
    def language_codes(self) -> LanguageCodes | None:
        """The languages a multilingual translator covers and their tokens; None for a one-pair model."""
        return None if self.chat else language_codes(self.located.path)

    def coverage_problem(self, source: str, target: str) -> str | None:
        """Why this translator cannot translate `source` into `target`, or None when it can (as far as
        its files tell: a one-pair model is taken at its word)."""
        codes = self.language_codes
        if codes is None:
            return None
        asked = [target] if codes.style == PREFIX else [source, target]
        missing = [code for code in asked if code not in codes.tokens]
        if not missing:
            return None
        return (f"translator {self.reference!r} does not cover {', '.join(map(describe_language, missing))}; "
                f"it covers {codes.describe()}")  # fmt: skip

    def _token(self, codes: LanguageCodes, language: str) -> str:
        token = codes.tokens.get(language)
        if token is None:
            problem = f"translator {self.reference!r} does not cover {describe_language(language)}"
            raise ModelError(f"{problem}; it covers {codes.describe()}", model=self.reference, problem=problem)
        return token

    def summary_options(self) -> GenerationOptions:
        """Beam search for seq2seq summarizers; greedy, bounded by the word target, for chat models."""
        settings = self.settings
        if self.chat and settings.summary_generation is None:
            return chat_generation(settings.length)
        return settings.generation

    def translation_options(self, source: str, target: str) -> GenerationOptions:
        """The translation's options; for a model with language tokens, the source's and the target's."""
        if self.chat:
            return CHAT_TRANSLATION
        options = self.settings.translation_generation
        codes = self.language_codes
        if codes is not None and codes.style == TOKENS:
            source_token, target_token = self._token(codes, source), self._token(codes, target)
            return dataclasses.replace(options, source_token=source_token, target_token=target_token)
        return options
