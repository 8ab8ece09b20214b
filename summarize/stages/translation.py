"""Sentence-wise translation: texts cut into sentences, batched across texts, put back together.

OPUS-MT models drop sentences when handed several at once, so each sentence (or, for an
over-long one, each piece that fits) is translated on its own; paragraphs are kept.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..chunking import fit_pieces
from ..errors import ModelError, SummarizeError
from ..generation import GenerationOptions
from ..handle import ModelHandle
from ..keys import translation_identity, translation_key
from ..plan import available_targets
from ..prompts import Prompt
from ..result import LanguageSummary
from ..sanitize import one_line
from ..segment import split_paragraphs, split_sentences
from ..terms import Masked, glossary_for, glossary_instruction, missing_renderings
from . import coverage
from .cached_generation import Outputs, input_budget
from .confidence import confident
from .context import Context
from .isolation import isolate
from .state import DocState
from .stored import Found, at_once, every, stored_or_computed, text_record

# Translation output is bounded by twice the input plus this, rounded up to a power of two, so the
# bound (and the cache key) depends on the sentence alone, not on its batch; and since sentences
# are batched by their options, few bounds mean few, full batches (the statement's two sentences
# used to be two calls per language).
_TRANSLATION_SLACK = 16
_SMALLEST_BOUND = 32


def translation_bound(tokens: int) -> int:
    """The output bound for a sentence of `tokens` tokens: 2x plus slack, rounded up to a power of two."""
    return max(_SMALLEST_BOUND, 1 << (2 * tokens + _TRANSLATION_SLACK - 1).bit_length())


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
    base = model.translation_options(source, target)
    if num_beams is not None:
        base = dataclasses.replace(base, num_beams=num_beams)
    # Translations run longer than their source in tokens (Russian especially): 2x plus slack.
    options = [base.capped(translation_bound(tokens)) for _, tokens in flat]
    translator = _PieceTranslator(context, model, prompt, source, target)
    results = iter(translator.translate([piece for piece, _ in flat], options))
    outputs = Outputs([], [], [], [])
    for layout in layouts:
        paragraphs = [[next(results) for _ in range(count)] for count in layout]
        done = [piece for paragraph in paragraphs for piece in paragraph]
        outputs.texts.append("\n\n".join(" ".join(piece.text for piece in paragraph) for paragraph in paragraphs))
        outputs.hits.append(all(piece.hit for piece in done))
        outputs.warnings.append([piece.warning for piece in done if piece.warning])
        outputs.scores.append([(piece.text, piece.score) for piece in done])
    return outputs


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
            scored=True,
            source=self.source,
            target=self.target,
        )

    def _attempt(self, pieces: list[str], options: list[GenerationOptions]) -> list[_Piece]:
        """Each piece translated with its spans masked and put back (or translated around, when lost).

        A chat translator is told the glossary's renderings in its prompt instead, so it can inflect
        them; an answer without one falls back to masking.
        """
        terms = self.context.terms
        told = self.model.chat and terms.glossary is not None
        masks = [terms.mask(piece, self.source, self.target, glossary=not told) for piece in pieces]
        entries = [glossary_for(terms, piece, self.source, self.target) if told else [] for piece in pieces]
        results: list[_Piece] = [_Piece("", True, None)] * len(pieces)
        groups: dict[str, list[int]] = {}
        for index, found in enumerate(entries):
            groups.setdefault(glossary_instruction(found) if found else "", []).append(index)
        for instruction, indices in groups.items():
            prompt = self.prompt
            if instruction:
                prompt = dataclasses.replace(prompt, system=f"{prompt.system}\n{instruction}".strip())
            outcome = self._run([masks[i].text for i in indices], [options[i] for i in indices], prompt)
            for i, output, hit, scored in zip(indices, outcome.texts, outcome.hits, outcome.scores, strict=True):
                results[i] = _Piece(output, hit, scored[0][1])
        for index, (mask, result) in enumerate(zip(masks, results, strict=True)):
            restored = mask.restore(result.text) if mask.slots else result.text
            if restored is not None and entries[index] and missing_renderings(restored, entries[index], self.target):
                mask = terms.mask(pieces[index], self.source, self.target)  # the glossary masked after all
                restored = None
            if restored is None:
                # A placeholder did not come back: translate the text between the spans instead.
                results[index] = self._around(mask, options[index], result.hit)
            else:
                results[index] = _Piece(restored, result.hit, result.score)
        return results

    def _around(self, mask: Masked, option: GenerationOptions, hit: bool) -> _Piece:
        parts = mask.pieces()
        wanted = [text.strip() for text, kept in parts if not kept and any(ch.isalpha() for ch in text)]
        outcome = self._run(wanted, [option] * len(wanted)) if wanted else Outputs([], [], scores=[])
        translations = iter(outcome.texts)
        out: list[str] = []
        for text, kept in parts:
            if kept or not any(ch.isalpha() for ch in text):
                out.append(text)
            else:
                lead = text[: len(text) - len(text.lstrip())]
                trail = text[len(text.rstrip()) :]
                out.append(f"{lead}{next(translations)}{trail}")
        known = [scored[0][1] for scored in outcome.scores if scored[0][1] is not None]
        score = round(sum(known) / len(known), 4) if known else None
        return _Piece("".join(out), hit and all(outcome.hits), score)

    def translate(self, pieces: list[str], options: list[GenerationOptions]) -> list[_Piece]:
        """Each piece's translation, cache hit, confidence and the coverage guard's warning ('' when it passed)."""
        results = self._attempt(pieces, options)
        if not self.context.settings.coverage_check:
            return results
        problems = [coverage.problem(p, r.text, self.source, self.target) for p, r in zip(pieces, results, strict=True)]
        for retry in coverage.RETRIES:
            failing = [i for i, problem in enumerate(problems) if problem]
            if not failing:
                break
            again = self._attempt([pieces[i] for i in failing], [retry(options[i]) for i in failing])
            for i, result in zip(failing, again, strict=True):
                if coverage.problem(pieces[i], result.text, self.source, self.target) is None:
                    results[i], problems[i] = dataclasses.replace(result, hit=results[i].hit and result.hit), None
        for i, problem in enumerate(problems):
            if problem:
                note = f"the sentence {one_line(pieces[i])[:200]!r} {problem} (kept after another try)"
                results[i] = dataclasses.replace(results[i], warning=note)
        return results


@dataclass(frozen=True)
class _Piece:
    """One sentence's translation: its text, whether it came from the cache, the model's confidence, any warning."""

    text: str
    hit: bool
    score: float | None
    warning: str = ""


def translate_texts(context: Context, texts: list[str], source: str, target: str) -> Outputs:
    """Whole texts' translations with their sentences' confidence and the coverage guard's warnings;
    any text translated before comes from the cache."""

    def translate(missing: list[str]) -> list[Found[dict[str, Any]]]:
        outcome = translate_sentencewise(context, missing, source, target)
        return [
            Found({"text": text, "warnings": warnings, "sentences": [[t, score] for t, score in scores]}, hit)
            for text, warnings, scores, hit in zip(
                outcome.texts, outcome.warnings, outcome.scores, outcome.hits, strict=True
            )
        ]

    def key(text: str) -> str:
        return translation_key(text, source, target, translation_identity(context, source, target))

    results = every(stored_or_computed(context.cache, texts, key, at_once(translate), decode=text_record))
    ordered = [result.value for result in results]
    return Outputs(
        [record["text"] for record in ordered],
        [result.cached for result in results],
        [list(record.get("warnings", [])) for record in ordered],
        [[(str(text), score) for text, score in record.get("sentences", [])] for record in ordered],
    )


def _to_translate(states: list[DocState], target: str) -> dict[str, list[DocState]]:
    """The documents whose summary must be translated into `target`, by the summary's language; the
    others get their `target` summary now (their own, or an error saying why there is none)."""
    groups: dict[str, list[DocState]] = {}
    for state in states:
        base = state.base
        if base is None or target in state.summaries:
            continue  # no summary to translate, or the strategy wrote this language itself
        if base.language == target:
            state.summaries[target] = base
        elif base.error:  # withheld (strict mode): there is nothing to translate, and that is said
            why = f"not translated: the {base.language} summary it comes from has none ({base.error})"
            state.summaries[target] = LanguageSummary(target, "", base.model, engine=base.engine, error=why)
        else:
            groups.setdefault(base.language, []).append(state)
    return groups


def _translator_problem(context: Context, source: str, target: str) -> str | None:
    """Why `source` cannot be translated into `target` here (no model, or one without that language)."""
    try:
        handle = context.models.translator(source, target)
    except ModelError as exc:
        return f"{exc}; {available_targets(context.settings, source, context.naming)}"
    problem = handle.coverage_problem(source, target)
    return f"{problem}; name another with {context.naming.translator(source, target)}" if problem else None


def translate_summaries(context: Context, states: list[DocState], target: str) -> None:
    """Give every live document a summary in `target`: its own, or its summary translated.

    A translator that cannot be had fails that language for those documents; the others stay.
    """
    for source, group in _to_translate(states, target).items():
        reference = context.settings.translator(source, target)
        runtime = context.models.runtime_for(reference).name

        def work(
            part: list[DocState], source: str = source, reference: str = reference, runtime: str = runtime
        ) -> None:
            outcome = translate_texts(context, [s.base.text for s in part if s.base], source, target)
            for index, state in enumerate(part):
                sentences = outcome.scores[index]
                text, low, notes, changes = confident(context, target, outcome.texts[index], sentences)
                known = [score for _, score in sentences if score is not None]
                state.summaries[target] = LanguageSummary(
                    target,
                    text,
                    reference,
                    outcome.hits[index],
                    engine=runtime,
                    warnings=(*outcome.warnings[index], *notes),
                    changes=changes,
                    confidence=round(sum(known) / len(known), 4) if known else None,
                    sentence_confidence=tuple(sentences),
                    low_confidence=low,
                )
                if changes and not text.strip():
                    state.summaries[target] = dataclasses.replace(
                        state.summaries[target],
                        error="strict mode withheld this translation: every sentence was under `min_confidence`",
                    )
                state.translated.add(target)

        def fail(
            state: DocState, exc: SummarizeError | str, reference: str = reference, runtime: str = runtime
        ) -> None:
            state.summaries[target] = LanguageSummary(target, "", reference, engine=runtime, error=str(exc))

        problem = _translator_problem(context, source, target)
        if problem:
            for state in group:
                fail(state, problem)
            continue
        isolate(group, work, fail)
