"""Cached generation: every model call goes through the cache, and only misses reach the model."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..cache import Cache
from ..errors import ModelError, SummarizeError, first_line
from ..generation import GenerationOptions
from ..keys import generation_key
from ..pool import ModelHandle
from ..prompts import Prompt

log = logging.getLogger("summarize")


@dataclass
class Outputs:
    """Texts from a stage, and for each whether it came wholly from the cache."""

    texts: list[str]
    hits: list[bool]
    warnings: list[list[str]] = field(default_factory=list)
    """Per text, what the coverage guard could not fix (translations only)."""
    scores: list[list[tuple[str, float | None]]] = field(default_factory=list)
    """Per text, each translated sentence with the translator's confidence (translations only)."""


def input_budget(handle: ModelHandle, prompt: Prompt) -> int:
    """Tokens left for text in one input once the prompt and special tokens are in."""
    runner = handle.runner
    wrapper = (prompt.prefix + prompt.suffix).strip()
    overhead = sum(runner.count_tokens(part) for part in (wrapper, prompt.system) if part)
    # Two tokens of margin: a text's first word may tokenize differently at the start of an input.
    budget = runner.max_input_tokens - overhead - 2
    if budget < 8:
        raise SummarizeError(
            f"model {handle.reference!r} leaves only {budget} input tokens once its prompt is added; "
            f"shorten the prompt template or use a model with a longer input"
        )
    return budget


class CachedGeneration:
    """Runs texts through a model in batches, answering from the cache first and storing each batch."""

    def __init__(self, cache: Cache, *, batch_size: int, progress: bool) -> None:
        self.cache = cache
        self.batch_size = batch_size
        self.progress = progress

    def run(
        self,
        model: ModelHandle,
        task: str,
        texts: list[str],
        options: list[GenerationOptions],
        prompt: Prompt,
        *,
        label: str,
        announce: bool = False,
        scored: bool = False,
        **extra: str,
    ) -> Outputs:
        """Outputs for `texts` (each with its own options); `label` names the work on the progress bar.

        `scored` asks the model for its confidence in each output too (`Outputs.scores`, one
        [(text, score)] per text; score None where the runtime gives none).
        """
        keys, found, missing = self._look_up(model, task, texts, options, prompt, extra)
        if missing and model.refresh():
            # The model's identity changed when it was first contacted (a server reports a new
            # digest): these keys name the old model, so look again under the new one.
            keys, found, missing = self._look_up(model, task, texts, options, prompt, extra)
        hits = [key in found for key in keys]
        total = sum(len(indices) for indices in missing.values())
        if total:
            if announce:
                cached = len(texts) - total
                log.info("%s %d texts%s", label, total, f" ({cached} more from the cache)" if cached else "")
            self._compute(model, texts, keys, options, missing, prompt, label, found, scored)
        # A scored output is stored as {"text", "score"}; a plain string (from before scores) has none.
        values = [found[key] for key in keys]
        texts_out = [value["text"] if isinstance(value, dict) else value for value in values]
        if not scored:
            return Outputs(texts_out, hits)
        scores = [[(text, value.get("score") if isinstance(value, dict) else None)]
                  for text, value in zip(texts_out, values, strict=True)]  # fmt: skip
        return Outputs(texts_out, hits, scores=scores)

    def _look_up(
        self,
        model: ModelHandle,
        task: str,
        texts: list[str],
        options: list[GenerationOptions],
        prompt: Prompt,
        extra: dict[str, str],
    ) -> tuple[list[str], dict[str, Any], dict[GenerationOptions, list[int]]]:
        """Each text's key, what the cache holds of them, and the texts to compute grouped by options
        (a repeated text runs once)."""
        keys = [
            generation_key(model, task, text, option, prompt, **extra)
            for text, option in zip(texts, options, strict=True)
        ]
        found = self.cache.get_many(keys)
        first: dict[str, int] = {}
        for index, key in enumerate(keys):
            first.setdefault(key, index)
        missing: dict[GenerationOptions, list[int]] = defaultdict(list)
        for key, index in first.items():
            if key not in found:
                missing[options[index]].append(index)
        return keys, found, dict(missing)

    def _compute(
        self,
        model: ModelHandle,
        texts: list[str],
        keys: list[str],
        options: list[GenerationOptions],
        missing: dict[GenerationOptions, list[int]],
        prompt: Prompt,
        label: str,
        found: dict[str, Any],
        scored: bool = False,
    ) -> None:
        from tqdm import tqdm

        runner = model.runner
        runner.load()  # before the bar, so loading notices do not cut through it
        step = self.batch_size
        total = sum(len(indices) for indices in missing.values())
        # Only work of more than one batch gets a bar; it clears itself when done.
        disable = not self.progress or total <= step
        with tqdm(total=total, desc=label, unit="text", leave=False, disable=disable) as bar:
            for option, indices in missing.items():
                for start in range(0, len(indices), step):
                    batch = indices[start : start + step]
                    inputs = [prompt.apply(texts[i]) for i in batch]
                    outputs: list[Any] = (
                        [
                            {"text": text, "score": score}
                            for text, score in _generate_scored(model, inputs, option, prompt.system)
                        ]
                        if scored and model.runner.scores
                        else _generate(model, inputs, option, prompt.system)
                    )
                    fresh = {keys[i]: output for i, output in zip(batch, outputs, strict=True)}
                    # Stored batch by batch: an interrupted run keeps all it finished.
                    self.cache.put_many(fresh)
                    found.update(fresh)
                    bar.update(len(batch))


def _generate(model: ModelHandle, texts: list[str], options: GenerationOptions, system: str) -> list[str]:
    """One batch through the model; a library's own exception becomes this model's error."""
    return _guarded(model, len(texts), lambda: model.runner.generate(texts, options, system=system))


def _generate_scored(
    model: ModelHandle, texts: list[str], options: GenerationOptions, system: str
) -> list[tuple[str, float | None]]:
    runner = model.runner
    return _guarded(model, len(texts), lambda: runner.generate_scored(texts, options, system=system))


T = TypeVar("T")


def _guarded(model: ModelHandle, count: int, work: Callable[[], T]) -> T:
    try:
        return work()
    except SummarizeError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # torch and CTranslate2 raise RuntimeError, ValueError, IndexError...
        raise ModelError(
            f"model {model.reference!r} failed on a batch of {count} text(s) "
            f"({type(exc).__name__}: {first_line(exc)}); try a smaller batch size or another model",
            model=model.reference,
            problem=first_line(exc),
        ) from exc
