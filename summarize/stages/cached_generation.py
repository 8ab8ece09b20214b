"""Cached generation: every model call goes through the cache, and only misses reach the model."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..cache import Cache
from ..errors import ModelError, SummarizeError, first_line
from ..generation import GenerationOptions
from ..handle import ModelHandle
from ..keys import generation_key
from ..prompts import Prompt
from ..scheduling import run_at_once
from .stored import Found, every, stored_or_computed

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


@dataclass(frozen=True)
class Asked:
    """One text to generate from: its options and its prompt."""

    text: str
    options: GenerationOptions
    prompt: Prompt


class CachedGeneration:
    """Runs texts through a model in batches, answering from the cache first and storing each batch."""

    def __init__(self, cache: Cache, *, batch_size: int, progress: bool) -> None:
        self.cache = cache
        self.batch_size = batch_size
        self.progress = progress
        self.on_model_work: Callable[[ModelHandle], None] | None = None
        """Called with the model before it runs on texts the cache lacks (the pipeline loads what
        comes next meanwhile)."""

    def run(
        self,
        model: ModelHandle,
        task: str,
        texts: list[str],
        options: list[GenerationOptions],
        prompt: Prompt | list[Prompt],
        *,
        label: str,
        announce: bool = False,
        scored: bool = False,
        **extra: str,
    ) -> Outputs:
        """Outputs for `texts` (each with its own options, and its own prompt when `prompt` is a
        list); `label` names the work on the progress bar.

        `scored` asks the model for its confidence in each output too (`Outputs.scores`, one
        [(text, score)] per text; score None where the runtime gives none).
        """
        prompts = prompt if isinstance(prompt, list) else [prompt] * len(texts)
        items = [Asked(text, option, asked) for text, option, asked in zip(texts, options, prompts, strict=True)]
        results = every(
            stored_or_computed(
                self.cache,
                items,
                lambda item: generation_key(model, task, item.text, item.options, item.prompt, **extra),
                lambda todo: self._compute(model, todo, label, len(texts) if announce else 0, scored),
                settle=lambda: self._before_work(model),
            )
        )
        values = [result.value for result in results]
        hits = [result.cached for result in results]
        # A scored output is stored as {"text", "score"}; a plain string (from before scores) has none.
        texts_out = [value["text"] if isinstance(value, dict) else value for value in values]
        if not scored:
            return Outputs(texts_out, hits)
        scores = [[(text, value.get("score") if isinstance(value, dict) else None)]
                  for text, value in zip(texts_out, values, strict=True)]  # fmt: skip
        return Outputs(texts_out, hits, scores=scores)

    def _before_work(self, model: ModelHandle) -> bool:
        """Called once texts are missing from the cache: the hook, then the model's identity settled."""
        if self.on_model_work is not None:
            self.on_model_work(model)
        return model.refresh()

    def _compute(
        self,
        model: ModelHandle,
        todo: list[Asked],
        label: str,
        asked: int,
        scored: bool,
    ) -> Iterator[dict[int, Found[Any]]]:
        """The missing outputs, batch by batch (texts of the same options together); `asked`, when
        not 0, is how many texts the run asked for, and is logged with how many must be made."""
        from tqdm import tqdm

        if asked:
            cached = asked - len(todo)
            log.info("%s %d texts%s", label, len(todo), f" ({cached} more from the cache)" if cached else "")
        runner = model.runner
        runner.load()  # before the bar, so loading notices do not cut through it
        batches = self._batches(todo)
        # A runner that runs batches side by side (CTranslate2's replicas) gets that many at once,
        # each exactly the batch it would get alone: the outputs do not depend on how many run.
        width = max(1, runner.parallel_batches)
        # Only work of more than one batch gets a bar; it clears itself when done.
        disable = not self.progress or len(batches) <= 1
        with tqdm(total=len(todo), desc=label, unit="text", leave=False, disable=disable) as bar:
            for start in range(0, len(batches), width):
                together = batches[start : start + width]
                works = [self._work(model, [todo[i].prompt.apply(todo[i].text) for i in batch], todo[batch[0]], scored)
                         for batch in together]  # fmt: skip
                for batch, outputs in zip(together, run_at_once(works), strict=True):
                    yield {i: Found(output) for i, output in zip(batch, outputs, strict=True)}
                    bar.update(len(batch))

    def _batches(self, todo: list[Asked]) -> list[list[int]]:
        """The positions of `todo` in batches: texts of the same options and system prompt together,
        like lengths side by side, and one text's prompts (a document's languages) next to each other."""
        by_call: dict[tuple[GenerationOptions, str], list[int]] = defaultdict(list)
        for position, item in enumerate(todo):
            by_call[item.options, item.prompt.system].append(position)
        step = self.batch_size
        batches = []
        for positions in by_call.values():
            # Texts of like length share a batch: less padding. The same text's prompts share one,
            # so a chat runtime reads their common start once. Outputs go back by position.
            positions.sort(key=lambda i: (len(todo[i].text), todo[i].text))
            batches += [positions[start : start + step] for start in range(0, len(positions), step)]
        return batches

    @staticmethod
    def _work(model: ModelHandle, inputs: list[str], first: Asked, scored: bool) -> Callable[[], list[Any]]:
        """One batch's model call (its options and system prompt are `first`'s), to run now or beside others."""
        option, system = first.options, first.prompt.system
        if scored and model.runner.scores:
            return lambda: [{"text": text, "score": score}
                            for text, score in _generate_scored(model, inputs, option, system)]  # fmt: skip
        return lambda: _generate(model, inputs, option, system)


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
