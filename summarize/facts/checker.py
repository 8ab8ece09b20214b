"""The fact check: each number, date and name of a summary traced to its source, or flagged."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..errors import UsageError
from . import matching
from .artefacts import find_artefacts
from .context import FactContext
from .counts import apart_in_source, counted_noun
from .coverage import content_coverage
from .extract import Fact, extract_facts
from .gazetteer import gazetteer_names, names_uncapitalised, source_names, unseen_places, unseen_rare_words
from .matching import SourceIndex
from .name_matching import match_name
from .names import title_holds
from .quotes import misquoted
from .report import (
    ARTEFACT,
    FOUND,
    NOT_IN_SOURCE,
    NOT_TOGETHER,
    OUT_OF_CONTEXT,
    ROUNDED,
    CheckReport,
    FactCheck,
    unchecked_report,
)
from .scores import found_scores, scores_apart
from .together import mark_apart

if TYPE_CHECKING:
    from .claims import Judge


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
    """Check every number, date and name of `summary` against `source`.

    Languages are detected when not given. `reference` is the text `summary` was translated
    from (the summary in the pivot language): each fact is also looked up there, so a fact the
    translator changed is told apart from one the summarizer made up. With a `verifier`
    (`summarize.verifier("MODEL")`: a chat model by directory, Hub id or 'openai:NAME'), each
    sentence is also judged against the passage of `source` it draws from: a check of kind 'claim'.
    """
    for name, value in (("summary", summary), ("source", source), ("reference", reference)):
        if value is not None and not isinstance(value, str):
            raise UsageError.bad_value(name, f"must be a str, got {type(value).__name__}")
    language = language or _detect(summary)
    source_language = source_language or _detect(source)
    try:
        index = SourceIndex(source, source_language)
        reference_index = (
            SourceIndex(reference, reference_language or _detect(reference)) if reference is not None else None
        )
    except Exception as exc:  # the source cannot be indexed: nothing can be checked against it
        return unchecked_report(language, f"the source could not be read for the check ({type(exc).__name__})")
    report = check_against(summary, language, index, reference_index)
    if verifier is None or report.unchecked is not None:
        return report
    from .claims import claim_checks

    return claim_checks(report, summary, source, source_language, verifier)


def check_against(summary: str, language: str, index: SourceIndex, reference: SourceIndex | None = None) -> CheckReport:
    """The check with the source (and reference) already indexed, for checking many texts against one source.

    It never raises on any text: a check that cannot be made is reported as one 'unchecked' entry.
    """
    try:
        return _check_against(summary, language, index, reference)
    except RecursionError:
        return unchecked_report(language, "the text is nested too deeply to check")
    except Exception as exc:  # a gap in the checker must not cost the summary, nor pass as verified
        return unchecked_report(language, f"the checker failed on this text ({type(exc).__name__})")


def _check_against(
    summary: str, language: str, index: SourceIndex, reference: SourceIndex | None = None
) -> CheckReport:
    artefacts = find_artefacts(summary)
    extracted = _summary_facts(summary, language, index)
    facts = [f for f in extracted if not any(a.start < f.end and f.start < a.end for a in artefacts)]
    checks = [FactCheck(a.text, ARTEFACT, a.start, a.end, ARTEFACT) for a in artefacts]
    context = FactContext(summary, language, index) if index.language == language else None
    # A fact said many times is looked up once: the check stays linear in the text's length.
    matches: dict[tuple[object, ...], tuple[str, list[tuple[int, int]]]] = {}
    found_names: list[tuple[int, Fact]] = []  # names found, for the passage check below
    apart_scores = scores_apart(summary, facts, index.scores) if context is not None else set()
    for fact in facts:
        key = (fact.kind, fact.text, fact.values, fact.words)
        if key not in matches:
            matches[key] = _match(fact, index, language)
        status, spots = matches[key]
        if not status:
            continue  # a name that cannot be recognised in another language: see match_name
        # Dates and years are left out of the context check: datelines state them apart from any event.
        in_context = fact.kind not in ("date", "year", "time")
        if status in (FOUND, ROUNDED) and in_context and context is not None and context.out_of_place(fact, spots):
            status = OUT_OF_CONTEXT
        elif status == FOUND and context is not None and _moved_to_another_noun(summary, fact, spots, index, language):
            status = NOT_TOGETHER
        elif status == FOUND and fact.kind == "name" and context is not None and not _title_holds(summary, fact, index):
            status = NOT_TOGETHER  # "Prime Minister Chekushov" where the source has Deputy Minister Chekushov
        elif status == FOUND and fact.start in apart_scores:
            status = NOT_TOGETHER  # "3-2" where the source's scores are 3-1 and 2-0
        in_summary = None
        if reference is not None:
            found = _match(fact, reference, language)[0]
            in_summary = None if not found else found != NOT_IN_SOURCE
        where = spots[0] if spots and status != OUT_OF_CONTEXT else None
        if status == FOUND and fact.kind == "name" and context is not None:
            found_names.append((len(checks), fact))
        checks.append(FactCheck(fact.text, fact.kind, fact.start, fact.end, status, where, in_summary))
    if found_names and context is not None:
        mark_apart(
            checks, found_names, summary, context.spans, index, found_scores(summary, checks, index.text, index.scores)
        )
        for position in misquoted(summary, found_names, context.spans, index):  # a quote given to another speaker
            checks[position] = dataclasses.replace(checks[position], status=NOT_TOGETHER, where=None)
    coverage = content_coverage(summary, index) if context is not None else None
    return CheckReport(language, tuple(sorted(checks, key=lambda c: c.start)), coverage)


def _summary_facts(summary: str, language: str, index: SourceIndex) -> list[Fact]:
    """The summary's facts; in lower-cased text also the names that have no capital (gazetteer.py)."""
    names = source_names(index.facts)
    extracted = extract_facts(summary, language, frozenset(names))
    if index.language == language and names_uncapitalised(summary, index.lowercased, names, language):
        extracted += gazetteer_names(summary, language, extracted, names)
        extracted += unseen_places(summary, language, extracted)
        extracted += unseen_rare_words(summary, language, extracted, index.word_forms)
        extracted.sort(key=lambda fact: fact.start)
    return extracted


def _moved_to_another_noun(summary: str, fact: Fact, spots: list[tuple[int, int]], index: SourceIndex,
                           language: str) -> bool:  # fmt: skip
    noun = counted_noun(summary, fact, language)
    return noun is not None and apart_in_source(noun, spots, index, language)


def _title_holds(summary: str, fact: Fact, index: SourceIndex) -> bool:
    return title_holds(summary, fact, index.words.get(fact.words[-1], []), index.text)


def _match(fact: Fact, index: SourceIndex, language: str) -> tuple[str, list[tuple[int, int]]]:
    """The fact's status against one text, with where it was found; '' when it cannot be checked there."""
    if fact.kind == "name":
        spots = match_name(fact, index, language)
        if spots is None:
            return "", []
        return (FOUND, spots) if spots else (NOT_IN_SOURCE, [])
    if fact.kind == "date":
        dates = matching.match_date(fact, index)
        return (FOUND, matching.spans_of(dates)) if dates else (NOT_IN_SOURCE, [])
    status, holders = matching.match_number(fact, index)
    return (status or NOT_IN_SOURCE, matching.spans_of(holders))


def _detect(text: str) -> str:
    from ..segment import detect_language

    return detect_language(text).language
