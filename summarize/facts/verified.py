"""`summarize.facts.check`: the word-level check, and with `verifier=` a model's verdict on each sentence."""

from __future__ import annotations

from .check import CheckReport
from .check import check as check_words
from .claims import Judge, claim_checks


def check(
    summary: str,
    source: str,
    *,
    language: str | None = None,
    source_language: str | None = None,
    reference: str | None = None,
    reference_language: str | None = None,
    verifier: Judge | None = None,
) -> CheckReport:
    """Check every number, date and name of `summary` against `source` (see check.check); with a
    `verifier` (`summarize.verifier("MODEL")`: a chat model by directory, Hub id or 'openai:NAME'),
    each sentence is also judged against the passage of `source` it draws from, a check of kind 'claim'."""
    report = check_words(summary, source, language=language, source_language=source_language,
                         reference=reference, reference_language=reference_language)  # fmt: skip
    if verifier is None or report.unchecked is not None:
        return report
    from ..segment import detect_language

    return claim_checks(report, summary, source, source_language or detect_language(source).language, verifier)
