"""A runtime for orchestration tests: registered like any other, it counts calls and returns deterministic text.

It runs no neural network. A reference 'fake:NAME' needs nothing on disk (fingerprint 'counting:NAME');
any other reference is located exactly as the real runtimes locate it (a tiny model directory, say),
so model identity, prompts by family and missing-model errors are the real ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from summarize.generation import GenerationOptions
from summarize.runtimes import LocatedModel, Runtime
from summarize.runtimes.base import RunnerDefaults

FAKE = "fake:"
# A document containing this word makes the model raise, as a real model does on input it cannot take.
POISON = "POISONPILL"


class CountingRuntime(Runtime):
    """Records every model call as (reference, number of texts); output is each text's first words."""

    name = "counting"
    calls: ClassVar[list[tuple[str, int]]] = []
    interrupt_after: ClassVar[int | None] = None
    """Raise KeyboardInterrupt on the call after this many, as a user's Ctrl-C would."""
    systems: ClassVar[list[str]] = []
    """Every system prompt a model was given (chat prompts), in call order."""
    rewrite: ClassVar[Callable[[str, str, GenerationOptions], str] | None] = None
    """(model, output, options) -> output: a model that garbles some outputs (a figure, say)."""

    def cache_identity(self) -> str:
        return "counting"

    def locate(self, reference: str, *, role: str, fix: str) -> LocatedModel:
        if reference.startswith(FAKE):
            return LocatedModel(reference, Path("."), f"counting:{reference[len(FAKE) :]}", "counting")
        return super().locate(reference, role=role, fix=fix)

    def runner(self, model: LocatedModel, *, threads: int | None = None) -> CountingModel:
        return CountingModel(model.reference)

    @classmethod
    def reset(cls) -> None:
        cls.calls = []
        cls.systems = []
        cls.interrupt_after = None
        cls.rewrite = None


class CountingModel(RunnerDefaults):
    """Tokens are words; a 40-word input limit makes chunking and map-reduce real."""

    max_input_tokens = 40
    max_output_tokens = 64

    def __init__(self, model: str) -> None:
        self.model = model

    def load(self) -> None:
        pass

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def split_by_tokens(self, text: str, budget: int) -> list[str]:
        words = text.split()
        return [" ".join(words[start : start + budget]) for start in range(0, len(words), budget)]

    def generate(self, texts: Sequence[str], options: GenerationOptions, *, system: str = "") -> list[str]:
        limit = CountingRuntime.interrupt_after
        if limit is not None and len(CountingRuntime.calls) >= limit:
            raise KeyboardInterrupt
        CountingRuntime.calls.append((self.model, len(texts)))
        CountingRuntime.systems.append(system)
        if any(POISON in text for text in texts):
            raise RuntimeError("the model cannot take this input")
        for text in texts:
            assert self.count_tokens(text) <= self.max_input_tokens, "the stages must never send more than fits"
        # Half the words, within the output bound: summaries get shorter, so map-reduce ends.
        outputs = [
            " ".join(text.split()[: max(1, min(options.max_new_tokens, len(text.split()) // 2 + 1))]) for text in texts
        ]
        rewrite = CountingRuntime.rewrite
        return [rewrite(self.model, output, options) for output in outputs] if rewrite else outputs
