"""The fact check: each number, date and name of a summary traced to its source, or flagged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from . import matching
from .artefacts import find_artefacts
from .context import FactContext
from .counts import NOT_TOGETHER, apart_in_source, counted_noun
from .extract import Fact, extract_facts
from .matching import SourceIndex

# Bump when extraction or matching changes: cached checks made by other rules are not reused.
CHECKER_VERSION = 4

FOUND, ROUNDED = "found", "rounded"
NOT_IN_SOURCE, OUT_OF_CONTEXT = "not_in_source", "out_of_context"
# The check itself could not be made (its `reason` says why): the text is not verified.
UNCHECKED = "unchecked"
# A model artefact (`<unk>`, UNK, byte junk, a phrase repeated in a loop): kind 'artefact'.
ARTEFACT = "artefact"
STATUSES = (FOUND, ROUNDED, NOT_IN_SOURCE, OUT_OF_CONTEXT, NOT_TOGETHER, UNCHECKED, ARTEFACT)


@dataclass(frozen=True)
class FactCheck:
    """One fact of a summary and what the check found.

    `status`: 'found' (in the source), 'rounded' (a rounded form of a source figure),
    'not_in_source', 'out_of_context' (in the source, but not where the summary's sentence
    draws from), or 'unchecked' (the whole text could not be checked; `reason` says why, and
    `kind` is 'check'). `where` is the span of the source that supports it. `in_summary` is set
    for a translation: whether the summary it was translated from has the fact too (False: the
    translator changed it).
    """

    text: str
    kind: str
    start: int
    end: int
    status: str
    where: tuple[int, int] | None = None
    in_summary: bool | None = None
    reason: str | None = None
    confidence: float | None = None
    """A verifier's probability of its answer (kind 'claim'), where its runtime gives one."""

    @property
    def supported(self) -> bool:
        return self.status in (FOUND, ROUNDED) and self.in_summary is not False

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "text": self.text,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "supported": self.supported,
            "status": self.status,
            "where": list(self.where) if self.where else None,
        }
        if self.in_summary is not None:
            record["in_summary"] = self.in_summary
        if self.reason is not None:
            record["reason"] = self.reason
        if self.confidence is not None:
            record["confidence"] = self.confidence
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> FactCheck:
        where = record.get("where")
        return cls(
            str(record["text"]),
            str(record["kind"]),
            int(record["start"]),
            int(record["end"]),
            str(record["status"]),
            (int(where[0]), int(where[1])) if where else None,
            record.get("in_summary"),
            record.get("reason"),
            record.get("confidence"),
        )


@dataclass(frozen=True)
class CheckReport:
    """Every fact of one text, checked; `unsupported` are those to read twice."""

    language: str
    checks: tuple[FactCheck, ...]

    @property
    def unsupported(self) -> tuple[FactCheck, ...]:
        return tuple(check for check in self.checks if not check.supported)

    @property
    def ok(self) -> bool:
        """True when every fact was traced to the source."""
        return not self.unsupported

    @property
    def unchecked(self) -> str | None:
        """Why the text could not be checked, or None when it was."""
        return next((check.reason for check in self.checks if check.status == UNCHECKED), None)

    def to_list(self) -> list[dict[str, Any]]:
        return [check.to_dict() for check in self.checks]


def check(
    summary: str,
    source: str,
    *,
    language: str | None = None,
    source_language: str | None = None,
    reference: str | None = None,
    reference_language: str | None = None,
) -> CheckReport:
    """Check every number, date and name of `summary` against `source`.

    Languages are detected when not given. `reference` is the text `summary` was translated
    from (the summary in the pivot language): each fact is also looked up there, so a fact the
    translator changed is told apart from one the summarizer made up.
    """
    for name, value in (("summary", summary), ("source", source), ("reference", reference)):
        if value is not None and not isinstance(value, str):
            raise UsageError.bad_value(name, f"must be a str, got {type(value).__name__}")
    language = language or _detect(summary)
    try:
        index = SourceIndex(source, source_language or _detect(source))
        reference_index = (
            SourceIndex(reference, reference_language or _detect(reference)) if reference is not None else None
        )
    except Exception as exc:  # the source cannot be indexed: nothing can be checked against it
        return unchecked_report(language, f"the source could not be read for the check ({type(exc).__name__})")
    return check_against(summary, language, index, reference_index)


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


def unchecked_report(language: str, reason: str) -> CheckReport:
    """A report saying the text could not be checked, and why."""
    return CheckReport(language, (FactCheck("", "check", 0, 0, UNCHECKED, reason=reason),))


def _check_against(
    summary: str, language: str, index: SourceIndex, reference: SourceIndex | None = None
) -> CheckReport:
    artefacts = find_artefacts(summary)
    facts = [f for f in extract_facts(summary, language) if not any(a.start < f.end and f.start < a.end
                                                                     for a in artefacts)]  # fmt: skip
    checks = [FactCheck(a.text, ARTEFACT, a.start, a.end, ARTEFACT) for a in artefacts]
    context = FactContext(summary, language, index) if index.language == language else None
    # A fact said many times is looked up once: the check stays linear in the text's length.
    matches: dict[tuple[object, ...], tuple[str, list[tuple[int, int]]]] = {}
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
        in_summary = None
        if reference is not None:
            found = _match(fact, reference, language)[0]
            in_summary = None if not found else found != NOT_IN_SOURCE
        where = spots[0] if spots and status != OUT_OF_CONTEXT else None
        checks.append(FactCheck(fact.text, fact.kind, fact.start, fact.end, status, where, in_summary))
    return CheckReport(language, tuple(sorted(checks, key=lambda c: c.start)))


def _moved_to_another_noun(summary: str, fact: Fact, spots: list[tuple[int, int]], index: SourceIndex,
                           language: str) -> bool:  # fmt: skip
    noun = counted_noun(summary, fact, language)
    return noun is not None and apart_in_source(noun, spots, index, language)


def _match(fact: Fact, index: SourceIndex, language: str) -> tuple[str, list[tuple[int, int]]]:
    """The fact's status against one text, with where it was found; '' when it cannot be checked there."""
    if fact.kind == "name":
        spots = matching.match_name(fact, index, language)
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
