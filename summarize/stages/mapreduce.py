"""Map-reduce summarization: summarize each chunk, join a text's partial summaries, repeat until one chunk is left.

All texts' chunks of a round go through the model together, so documents share model batches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..chunking import chunk_sentences
from ..errors import SummarizeError
from ..generation import GenerationOptions
from ..handle import ModelHandle
from ..prompts import Prompt
from ..runtimes.base import with_context_retries
from ..segment import split_sentences
from .cached_generation import CachedGeneration, input_budget

# How often a server's "context exceeded" halves the assumed context before the error stands.


@dataclass(frozen=True)
class Summary:
    """A text's summary, its chunk count, the rounds it took, and whether every model call was a cache hit."""

    text: str
    chunks: int
    rounds: int
    cached: bool


@dataclass
class _Progress:
    """One text on its way down: its current chunks and what it has taken so far."""

    chunks: list[str]
    first: int
    rounds: int = 0
    cached: bool = True
    done: str | None = None


def _round(
    generation: CachedGeneration,
    model: ModelHandle,
    active: list[_Progress],
    final: GenerationOptions,
    partial: GenerationOptions,
    prompt: Prompt,
    *,
    announce: bool,
) -> dict[int, list[str]]:
    """One pass of the summarizer over every active text's chunks together; outputs by text."""
    inputs: list[str] = []
    options: list[GenerationOptions] = []
    owners: list[_Progress] = []
    for p in active:
        if not p.chunks:
            raise SummarizeError(f"summarizer {model.reference!r} produced no text; try another summarizer model")
        p.rounds += 1
        inputs += p.chunks
        # A text down to one chunk gets the final length; partial summaries are kept short.
        options += [final if len(p.chunks) == 1 else partial] * len(p.chunks)
        owners += [p] * len(p.chunks)
    outcome = generation.run(
        model,
        "summarize",
        inputs,
        options,
        prompt,
        label="summarizing",
        announce=announce and len(inputs) > len(active),
    )
    outputs: dict[int, list[str]] = defaultdict(list)
    for owner, text, hit in zip(owners, outcome.texts, outcome.hits, strict=True):
        outputs[id(owner)].append(text)
        owner.cached = owner.cached and hit
    return outputs


def map_reduce(
    generation: CachedGeneration,
    model: ModelHandle,
    texts: list[str],
    language: str,
    final: GenerationOptions,
    *,
    prompt: Prompt | None = None,
    fit: Sequence[Prompt] = (),
    condense_only: bool = False,
) -> list[Summary]:
    """Summaries of `texts` (all in `language`) by `model`, each no longer than `final` allows.

    `prompt` defaults to the model's summary prompt. With `condense_only`, a text is only cut down
    until it fits one input (the caller writes the final summary, in several languages, say); the
    chunks must then fit every prompt in `fit` as well. When a server says an input did not fit
    its context, the assumed context is halved and the work done again (finished calls come from
    the cache), a few times at most.
    """
    work = lambda: _map_reduce(generation, model, texts, language, final, prompt, fit, condense_only)  # noqa: E731
    return with_context_retries(model.runner, work)


def _next_round(
    p: _Progress, outputs: list[str], chunk: Callable[[str], list[str]], condense_only: bool, reference: str
) -> None:
    """One text after a round: done (one chunk was summarized), or its summaries as the next round's chunks."""
    if len(p.chunks) == 1:
        p.done = outputs[0]
        return
    shorter = chunk(" ".join(text for text in outputs if text))
    if not shorter and not condense_only:
        p.done = ""  # nothing came back: the strategy tries again, then reports it
        return
    if len(shorter) >= len(p.chunks):
        # Only a model that ignores max_new_tokens could get here; stop rather than loop.
        raise SummarizeError(
            f"summaries from model {reference!r} do not get shorter; try a shorter length or another model"
        )
    p.chunks = shorter


def _map_reduce(
    generation: CachedGeneration,
    model: ModelHandle,
    texts: list[str],
    language: str,
    final: GenerationOptions,
    prompt: Prompt | None,
    fit: Sequence[Prompt],
    condense_only: bool,
) -> list[Summary]:
    if not texts:
        return []
    prompt = prompt or model.summary_prompt()
    runner = model.runner
    budget = min(input_budget(model, p) for p in (prompt, *fit))
    # A partial summary is at most a quarter of a chunk, so three or more fit in the next
    # round's chunk and the number of chunks falls at least threefold per round.
    partial = final.capped(max(8, budget // 4))

    def chunk(text: str) -> list[str]:
        return chunk_sentences(split_sentences(text, language), runner.count_tokens, budget, runner.split_by_tokens)

    progress = []
    for text in texts:
        chunks = chunk(text)
        progress.append(_Progress(chunks, len(chunks)))
    first_round = True
    while True:
        if condense_only:
            for p in progress:
                if p.done is None and len(p.chunks) <= 1:
                    p.done = p.chunks[0] if p.chunks else ""
        active = [p for p in progress if p.done is None]
        if not active:
            break
        outputs = _round(generation, model, active, final, partial, prompt, announce=first_round)
        first_round = False
        for p in active:
            _next_round(p, outputs[id(p)], chunk, condense_only, model.reference)
    return [Summary(p.done or "", p.first, p.rounds, p.cached) for p in progress]
