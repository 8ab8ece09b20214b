"""The fact check stage: every summary's numbers, dates and names checked against its input; strict mode's fixes.

The summary the strategy wrote is checked (and, in strict mode, fixed) before it is translated,
so translations start from a faithful text; each translation is then checked against the input
and against that summary. Checks are cached like model outputs: a warm run recomputes nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..errors import CacheMiss, SummarizeError
from ..facts import CHECKER_VERSION, CheckReport
from ..facts.report import unchecked_report
from ..generation import other_beams
from ..keys import fact_check_key, strict_translation_key, translation_identity
from ..result import WITHHELD, LanguageSummary
from .context import Context
from .state import DocState
from .stored import stored_or_computed_one
from .translation import translate_sentencewise

if TYPE_CHECKING:
    from ..facts.matching import SourceIndex

log = logging.getLogger("summarize")

# A source sentence stands in for a summary sentence only when it shares this share of its words.
REPLACEMENT_OVERLAP = 0.3


class _Checker:
    """Checks with a cache: one source index per document, results stored by text, source and reference."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.indexes: dict[tuple[int, str], SourceIndex] = {}

    def index(self, text: str, language: str) -> SourceIndex:
        # The checker is imported here, on a miss: a cache hit never needs it.
        from ..facts.matching import SourceIndex

        key = (id(text), language)
        if key not in self.indexes:
            self.indexes[key] = SourceIndex(text, language)
        return self.indexes[key]

    def check(
        self, text: str, language: str, source: str, source_language: str, reference: LanguageSummary | None = None
    ) -> CheckReport:
        refers_to = None if reference is None else (reference.text, reference.language)
        verifier = self.context.settings.verifier
        key = fact_check_key(self.context, text, language, source, source_language, refers_to, CHECKER_VERSION)

        def decode(stored: Any) -> CheckReport | None:
            if not isinstance(stored, dict) or not isinstance(stored.get("checks"), list):
                return None
            report = CheckReport.from_record(language, stored)
            # A check that could not be made (a verifier that was down) is made again, never reused.
            return None if report.unchecked is not None else report

        def compute() -> CheckReport:
            from ..facts.checker import check_against
            from ..facts.matching import SourceIndex

            reference_index = None if reference is None else SourceIndex(reference.text, reference.language)
            report = check_against(text, language, self.index(source, source_language), reference_index)
            if verifier is None:
                return report
            from .verification import with_claims

            return with_claims(self.context, report, text, source, source_language)

        return stored_or_computed_one(self.context.cache, key, compute, decode=decode, encode=CheckReport.to_record)


def check_bases(context: Context, states: list[DocState]) -> None:
    """Check each document's own summary before it is translated; in strict mode, fix it first."""
    if not context.settings.fact_check:
        return
    checker = _Checker(context)
    for state in states:
        base = state.base
        if state.error is not None or base is None or base.error:
            continue
        with _isolated(state):
            checked = _checked_summary(checker, state, base)
            for code, summary in list(state.summaries.items()):
                if summary is base:
                    state.summaries[code] = checked
            state.base = checked


def check_summaries(context: Context, states: list[DocState]) -> None:
    """Check every language's summary that is not checked yet: translations, and languages a strategy wrote itself."""
    if not context.settings.fact_check:
        return
    checker = _Checker(context)
    for state in states:
        if state.error is not None:
            continue
        for code, summary in list(state.summaries.items()):
            if summary.error or summary.checks is not None:
                continue
            with _isolated(state):
                if code in state.translated and state.base is not None:
                    state.summaries[code] = _checked_translation(checker, state, summary, state.base)
                else:
                    state.summaries[code] = _checked_summary(checker, state, summary)


@contextlib.contextmanager
def _isolated(state: DocState) -> Iterator[None]:
    """A check that fails costs its document's check, never the summaries: they stay, unchecked.

    A cache miss in a cluster driver's cache-only pass is the document's error, so a worker does it.
    """
    try:
        yield
    except CacheMiss as exc:
        state.error = exc
    except Exception as exc:  # a fault in the checker must not lose the summaries already made
        log.warning("%s: the fact check failed (%s: %s); the summaries are printed unchecked",
                    state.document.source, type(exc).__name__, exc)  # fmt: skip
        reason = f"the fact check failed ({type(exc).__name__})"
        for code, summary in list(state.summaries.items()):
            if summary.checks is None and not summary.error:
                state.summaries[code] = dataclasses.replace(summary, checks=unchecked_report(code, reason).checks)


def _checked_summary(checker: _Checker, state: DocState, summary: LanguageSummary) -> LanguageSummary:
    document = state.document.text
    report = checker.check(summary.text, summary.language, document, state.language)
    if report.ok or not checker.context.settings.strict or report.unchecked is not None:
        return dataclasses.replace(summary, checks=report.checks, support=report.support)
    text, changes = _fix_summary(summary.text, summary.language, report, document, state.language)
    if not text.strip():
        return _withheld(summary, "summary", "every sentence had a fact the input does not support", changes)
    report = checker.check(text, summary.language, document, state.language)
    return dataclasses.replace(summary, text=text, checks=report.checks, support=report.support, changes=tuple(changes))


def _withheld(summary: LanguageSummary, kind: str, why: str, changes: list[str]) -> LanguageSummary:
    """A language strict mode left with nothing to publish: its error says why, its changes what was dropped."""
    return dataclasses.replace(summary, text="", error=f"{WITHHELD} this {kind}: {why}", changes=tuple(changes))


def _fix_summary(
    text: str, language: str, report: CheckReport, source: str, source_language: str
) -> tuple[str, list[str]]:
    """Each sentence with an unsupported fact replaced by the source sentence that best covers it
    (same language only), or dropped."""
    from ..facts.extract import extract_facts
    from ..facts.matching import content_stems, sentence_spans

    source_spans = sentence_spans(source, source_language) if language == source_language else []
    source_sentences = [source[a:b] for a, b in source_spans]
    source_stems = [content_stems(sentence, source_language) for sentence in source_sentences]
    source_kinds = [{fact.kind for fact in extract_facts(sentence, source_language)} for sentence in source_sentences]
    kept: list[str] = []
    changes: list[str] = []
    for start, end in sentence_spans(text, language):
        sentence = text[start:end]
        bad = [check for check in report.unsupported if start <= check.start < end]
        if not bad:
            kept.append(sentence)
            continue
        words = content_stems(sentence, language)
        kinds = {check.kind for check in bad}
        best, score, best_rank = None, 0.0, 0.0
        for candidate, stems, held in zip(source_sentences, source_stems, source_kinds, strict=True):
            overlap = len(words & stems) / max(1, len(words))
            # Among equally close sentences, one stating the same kind of fact (a percentage for a
            # percentage) is the one the summary sentence garbled.
            rank = overlap + (0.25 if kinds & held else 0.0)
            if rank > best_rank and candidate not in kept:
                best, score, best_rank = candidate, overlap, rank
        if best is not None and score >= REPLACEMENT_OVERLAP:
            kept.append(best)
            changes.append(f"replaced {sentence!r} with the input's {best!r}")
        else:
            changes.append(f"dropped {sentence!r}")
    return " ".join(kept), changes


def _checked_translation(
    checker: _Checker, state: DocState, summary: LanguageSummary, base: LanguageSummary
) -> LanguageSummary:
    document = state.document.text
    report = checker.check(summary.text, summary.language, document, state.language, reference=base)
    if report.ok or not checker.context.settings.strict or report.unchecked is not None:
        return dataclasses.replace(summary, checks=report.checks, support=report.support)
    try:
        text, changes = _fix_translation(checker, base, summary.language)
    except CacheMiss:
        raise  # a cluster driver's cache-only pass: the worker will do this
    except SummarizeError as exc:
        log.warning("strict mode could not translate again into %s: %s", summary.language, exc)
        return dataclasses.replace(summary, checks=report.checks, support=report.support)
    if not text.strip():
        return _withheld(summary, "translation", "no sentence kept its facts through translation", changes)
    report = checker.check(text, summary.language, document, state.language, reference=base)
    return dataclasses.replace(summary, text=text, checks=report.checks, support=report.support, changes=tuple(changes))


def _fix_translation(checker: _Checker, base: LanguageSummary, target: str) -> tuple[str, list[str]]:
    """Each sentence of the summary translated on its own; one whose facts did not come through is
    translated again with the other beam setting, and dropped when that fails too."""
    context = checker.context
    source_language = base.language
    # Stored whole, so a warm run repeats the fix from the cache without loading a tokenizer.
    identity = translation_identity(context, source_language, target)
    key = strict_translation_key(base.text, source_language, target, identity, CHECKER_VERSION)
    fixed = stored_or_computed_one(
        context.cache,
        key,
        lambda: _fix_translation_now(checker, base, target),
        decode=lambda stored: (str(stored["text"]), list(stored["changes"])) if isinstance(stored, dict) else None,
        encode=lambda fix: {"text": fix[0], "changes": fix[1]},
    )
    return fixed


def _fix_translation_now(checker: _Checker, base: LanguageSummary, target: str) -> tuple[str, list[str]]:
    from ..facts.matching import sentence_spans

    context = checker.context
    source_language = base.language
    sentences = [base.text[a:b] for a, b in sentence_spans(base.text, source_language)]
    first = translate_sentencewise(context, sentences, source_language, target).texts
    beams = context.models.translator(source_language, target).translation_options(source_language, target).num_beams
    again_beams = other_beams(beams)
    kept: list[str] = []
    changes: list[str] = []
    for sentence, translated in zip(sentences, first, strict=True):
        if checker.check(translated, target, sentence, source_language).ok:
            kept.append(translated)
            continue
        again = translate_sentencewise(context, [sentence], source_language, target, num_beams=again_beams).texts[0]
        if checker.check(again, target, sentence, source_language).ok:
            kept.append(again)
            changes.append(f"translated {sentence!r} again with {again_beams} beam(s): {again!r}")
        else:
            changes.append(f"dropped the translation of {sentence!r}: its facts did not come through")
    return " ".join(kept), changes
