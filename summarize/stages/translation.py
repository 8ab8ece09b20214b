"""Sentence-wise translation: texts cut into sentences, batched across texts, put back together.

OPUS-MT models drop sentences when handed several at once, so each sentence (or, for an
over-long one, each piece that fits) is translated on its own; paragraphs are kept.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..chunking import fit_pieces
from ..errors import ModelError, SummarizeError
from ..plan import available_targets
from ..pool import ModelHandle
from ..result import LanguageSummary
from ..segment import split_paragraphs, split_sentences
from .context import Context
from .generation import Outputs, input_budget, stage_key
from .isolation import isolate
from .state import DocState

# Translation output is bounded by twice the input plus this, rounded up to a multiple of it,
# so the bound (and the cache key) depends on the sentence alone, not on its batch.
_TRANSLATION_SLACK = 16


def translation_bound(tokens: int) -> int:
    """The output bound for a sentence of `tokens` tokens: 2x plus slack, rounded up to the slack."""
    return -(-(2 * tokens + _TRANSLATION_SLACK) // _TRANSLATION_SLACK) * _TRANSLATION_SLACK


def translation_identity(context: Context, source: str, target: str) -> dict[str, Any]:
    """What decides a translation besides its text: the model, its options and its prompt."""
    model = context.models.translator(source, target)
    return {
        "translator": model.fingerprint,
        "engine": model.engine_identity,
        "options": dataclasses.asdict(model.translation_options()),
        "prompt": model.translation_prompt(source, target).identity,
    }


def translate_sentencewise(
    context: Context, texts: list[str], source: str, target: str, *, num_beams: int | None = None
) -> Outputs:
    """Translate texts sentence by sentence, with the sentences of all texts in shared batches.

    `num_beams` overrides the translator's beam count (strict mode's second try).
    """
    model: ModelHandle = context.models.translator(source, target)
    runner = model.runner
    prompt = model.translation_prompt(source, target)
    budget = input_budget(model, prompt)
    layouts: list[list[int]] = []  # per text, the number of pieces in each paragraph
    flat: list[tuple[str, int]] = []
    for text in texts:
        layout = []
        for paragraph in split_paragraphs(text):
            pieces = fit_pieces(split_sentences(paragraph, source), runner.count_tokens, budget, runner.split_by_tokens)
            flat += pieces
            layout.append(len(pieces))
        layouts.append(layout)
    base = model.translation_options()
    if num_beams is not None:
        base = dataclasses.replace(base, num_beams=num_beams)
    # Translations run longer than their source in tokens (Russian especially): 2x plus slack.
    options = [base.capped(translation_bound(tokens)) for _, tokens in flat]
    outcome = context.generation.run(
        model,
        "translate",
        [piece for piece, _ in flat],
        options,
        prompt,
        label=f"translating {source}-{target}",
        source=source,
        target=target,
    )
    outputs, hits = iter(outcome.texts), iter(outcome.hits)
    joined: list[str] = []
    cached: list[bool] = []
    for layout in layouts:
        joined.append("\n\n".join(" ".join(next(outputs) for _ in range(count)) for count in layout))
        cached.append(all([next(hits) for _ in range(sum(layout))]))
    return Outputs(joined, cached)


def translate_texts(context: Context, texts: list[str], source: str, target: str) -> Outputs:
    """Whole texts' translations, from the cache for any exact text translated before."""

    def keys() -> list[str]:
        identity = translation_identity(context, source, target)
        return [stage_key(task="text-translation", text=t, source=source, target=target, **identity) for t in texts]

    before = keys()
    stored = context.cache.get_many(before)
    missing = [i for i, key in enumerate(before) if key not in stored]
    translated = {i: (stored[key], True) for i, key in enumerate(before) if key in stored}
    if missing:
        outcome = translate_sentencewise(context, [texts[i] for i in missing], source, target)
        translated.update(zip(missing, zip(outcome.texts, outcome.hits, strict=True), strict=True))
        # Keyed after the work: a server may have reported a new model digest meanwhile.
        after = keys()
        context.cache.put_many({after[i]: translated[i][0] for i in missing})
    return Outputs([translated[i][0] for i in range(len(texts))], [translated[i][1] for i in range(len(texts))])


def translate_summaries(context: Context, states: list[DocState], target: str) -> None:
    """Give every live document a summary in `target`: its own, or its summary translated.

    A translator that cannot be had fails that language for those documents; the others stay.
    """
    groups: dict[str, list[DocState]] = {}
    for state in states:
        if state.base is None or target in state.summaries:
            continue  # no summary to translate, or the strategy wrote this language itself
        if state.base.language == target:
            state.summaries[target] = state.base
        else:
            groups.setdefault(state.base.language, []).append(state)
    for source, group in groups.items():
        reference = context.settings.translator(source, target)
        runtime = context.models.runtime_for(reference).name

        def work(
            part: list[DocState], source: str = source, reference: str = reference, runtime: str = runtime
        ) -> None:
            outcome = translate_texts(context, [s.base.text for s in part if s.base], source, target)
            for state, text, hit in zip(part, outcome.texts, outcome.hits, strict=True):
                state.summaries[target] = LanguageSummary(target, text, reference, hit, engine=runtime)
                state.translated.add(target)

        def fail(
            state: DocState, exc: SummarizeError | str, reference: str = reference, runtime: str = runtime
        ) -> None:
            state.summaries[target] = LanguageSummary(target, "", reference, engine=runtime, error=str(exc))

        try:
            context.models.translator(source, target)  # a model that cannot be had fails the group at once
        except ModelError as exc:
            message = f"{exc}; {available_targets(context.settings, source, context.naming)}"
            for state in group:
                fail(state, message)
            continue
        isolate(group, work, fail)
