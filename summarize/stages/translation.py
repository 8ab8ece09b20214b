"""Sentence-wise translation: texts cut into sentences, batched across texts, put back together.

OPUS-MT models drop sentences when handed several at once, so each sentence (or, for an
over-long one, each piece that fits) is translated on its own; paragraphs are kept.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..chunking import fit_pieces
from ..errors import ModelError, SummarizeError
from ..generation import GenerationOptions
from ..plan import available_targets
from ..pool import ModelHandle
from ..prompts import Prompt
from ..result import LanguageSummary
from ..sanitize import one_line
from ..segment import split_paragraphs, split_sentences
from ..terms import Masked, glossary_for, glossary_instruction, missing_renderings
from . import coverage
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
        "terms": context.terms.identity,
        "guard": coverage.GUARD_VERSION if context.settings.coverage_check else None,
    }


def translate_sentencewise(
    context: Context, texts: list[str], source: str, target: str, *, num_beams: int | None = None
) -> Outputs:
    """Translate texts sentence by sentence, with the sentences of all texts in shared batches.

    Protected spans (glossary terms, kept terms, URLs, `{{tokens}}`) are masked, then put back;
    each sentence's translation passes the coverage guard or is translated again (see
    `coverage.py`), and what still fails is a warning on that text. `num_beams` overrides the
    translator's beam count (strict mode's second try).
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
    translator = _PieceTranslator(context, model, prompt, source, target)
    translated, hits, problems = translator.translate([piece for piece, _ in flat], options)
    outputs, hit_flags, notes = iter(translated), iter(hits), iter(problems)
    joined: list[str] = []
    cached: list[bool] = []
    warnings: list[list[str]] = []
    for layout in layouts:
        count = sum(layout)
        joined.append("\n\n".join(" ".join(next(outputs) for _ in range(n)) for n in layout))
        cached.append(all([next(hit_flags) for _ in range(count)]))
        warnings.append([note for _ in range(count) for note in [next(notes)] if note])
    return Outputs(joined, cached, warnings)


class _PieceTranslator:
    """One translator's work on sentences: masking, putting terms back, and the coverage guard's retries."""

    def __init__(self, context: Context, model: ModelHandle, prompt: Prompt, source: str, target: str) -> None:
        self.context, self.model, self.prompt = context, model, prompt
        self.source, self.target = source, target

    def _run(self, texts: list[str], options: list[GenerationOptions], prompt: Prompt | None = None) -> Outputs:
        return self.context.generation.run(
            self.model,
            "translate",
            texts,
            options,
            prompt or self.prompt,
            label=f"translating {self.source}-{self.target}",
            source=self.source,
            target=self.target,
        )

    def _attempt(self, pieces: list[str], options: list[GenerationOptions]) -> tuple[list[str], list[bool]]:
        """Each piece translated with its spans masked and put back (or translated around, when lost).

        A chat translator is told the glossary's renderings in its prompt instead, so it can inflect
        them; an answer without one falls back to masking.
        """
        terms = self.context.terms
        told = self.model.chat and terms.glossary is not None
        masks = [terms.mask(piece, self.source, self.target, glossary=not told) for piece in pieces]
        entries = [glossary_for(terms, piece, self.source, self.target) if told else [] for piece in pieces]
        outputs: list[str] = [""] * len(pieces)
        hits: list[bool] = [True] * len(pieces)
        groups: dict[str, list[int]] = {}
        for index, found in enumerate(entries):
            groups.setdefault(glossary_instruction(found) if found else "", []).append(index)
        for instruction, indices in groups.items():
            prompt = self.prompt
            if instruction:
                prompt = dataclasses.replace(prompt, system=f"{prompt.system}\n{instruction}".strip())
            outcome = self._run([masks[i].text for i in indices], [options[i] for i in indices], prompt)
            for i, output, hit in zip(indices, outcome.texts, outcome.hits, strict=True):
                outputs[i], hits[i] = output, hit
        for index, (mask, output) in enumerate(zip(masks, outputs, strict=True)):
            restored = mask.restore(output) if mask.slots else output
            if restored is not None and entries[index] and missing_renderings(restored, entries[index], self.target):
                mask = terms.mask(pieces[index], self.source, self.target)  # the glossary masked after all
                restored = None
            if restored is None:
                # A placeholder did not come back: translate the text between the spans instead.
                restored, hit = self._around(mask, options[index])
                hits[index] = hits[index] and hit
            outputs[index] = restored
        return outputs, hits

    def _around(self, mask: Masked, option: GenerationOptions) -> tuple[str, bool]:
        parts = mask.pieces()
        wanted = [text.strip() for text, kept in parts if not kept and any(ch.isalpha() for ch in text)]
        outcome = self._run(wanted, [option] * len(wanted)) if wanted else Outputs([], [])
        translations = iter(outcome.texts)
        out: list[str] = []
        for text, kept in parts:
            if kept or not any(ch.isalpha() for ch in text):
                out.append(text)
            else:
                lead = text[: len(text) - len(text.lstrip())]
                trail = text[len(text.rstrip()) :]
                out.append(f"{lead}{next(translations)}{trail}")
        return "".join(out), all(outcome.hits)

    def translate(self, pieces: list[str], options: list[GenerationOptions]) -> tuple[list[str], list[bool], list[str]]:
        """Outputs, cache hits, and per piece the coverage guard's warning ('' when it passed)."""
        outputs, hits = self._attempt(pieces, options)
        if not self.context.settings.coverage_check:
            return outputs, hits, [""] * len(pieces)
        problems = [coverage.problem(p, o, self.source, self.target) for p, o in zip(pieces, outputs, strict=True)]
        for retry in coverage.RETRIES:
            failing = [i for i, problem in enumerate(problems) if problem]
            if not failing:
                break
            again, again_hits = self._attempt([pieces[i] for i in failing], [retry(options[i]) for i in failing])
            for i, output, hit in zip(failing, again, again_hits, strict=True):
                problem = coverage.problem(pieces[i], output, self.source, self.target)
                if problem is None:
                    outputs[i], hits[i], problems[i] = output, hits[i] and hit, None
        notes = [
            f"the sentence {one_line(pieces[i])[:200]!r} {problem} (kept after {len(coverage.RETRIES)} more tries)"
            if problem
            else ""
            for i, problem in enumerate(problems)
        ]
        return outputs, hits, notes


def translate_texts(context: Context, texts: list[str], source: str, target: str) -> Outputs:
    """Whole texts' translations with the coverage guard's warnings; any text translated before comes from the cache."""

    def keys() -> list[str]:
        identity = translation_identity(context, source, target)
        return [stage_key(task="text-translation", text=t, source=source, target=target, **identity) for t in texts]

    before = keys()
    stored = {key: value for key, value in context.cache.get_many(before).items() if isinstance(value, dict)}
    missing = [i for i, key in enumerate(before) if key not in stored]
    translated = {i: (stored[key]["text"], True, list(stored[key]["warnings"])) for i, key in enumerate(before)
                  if key in stored}  # fmt: skip
    if missing:
        outcome = translate_sentencewise(context, [texts[i] for i in missing], source, target)
        for i, text, hit, warnings in zip(missing, outcome.texts, outcome.hits, outcome.warnings, strict=True):
            translated[i] = (text, hit, warnings)
        # Keyed after the work: a server may have reported a new model digest meanwhile.
        after = keys()
        context.cache.put_many({after[i]: {"text": translated[i][0], "warnings": translated[i][2]} for i in missing})
    ordered = [translated[i] for i in range(len(texts))]
    return Outputs([t for t, _, _ in ordered], [h for _, h, _ in ordered], [w for _, _, w in ordered])


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
            for state, text, hit, warnings in zip(part, outcome.texts, outcome.hits, outcome.warnings, strict=True):
                state.summaries[target] = LanguageSummary(
                    target, text, reference, hit, engine=runtime, warnings=tuple(warnings)
                )
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
