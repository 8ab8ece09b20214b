"""What the fact check finds: each fact's check, and a text's report of them all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FOUND, ROUNDED = "found", "rounded"
NOT_IN_SOURCE, OUT_OF_CONTEXT = "not_in_source", "out_of_context"
# The check itself could not be made (its `reason` says why): the text is not verified.
UNCHECKED = "unchecked"
# A model artefact (`<unk>`, UNK, byte junk, a phrase repeated in a loop): kind 'artefact'.
ARTEFACT = "artefact"
# A count the source has only with other nouns ("350 children" where it says 350 students): see counts.py.
NOT_TOGETHER = "not_together"
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
    coverage: float | None = None
    """The share of the text's content words its source uses in any form (same language only, else None)."""

    @property
    def unsupported(self) -> tuple[FactCheck, ...]:
        return tuple(check for check in self.checks if not check.supported)

    @property
    def support(self) -> float | None:
        """How much of the text its source supports, 0 to 1: the mean of the share of its checks that
        hold (1 with none) and `coverage` (where known). A score to rank or triage texts by; it flags
        nothing. None when the text could not be checked."""
        if self.unchecked is not None:
            return None
        held = sum(check.supported for check in self.checks) / len(self.checks) if self.checks else 1.0
        return round(held if self.coverage is None else (held + self.coverage) / 2, 3)

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

    def to_record(self) -> dict[str, Any]:
        """The report as stored in the cache: its checks and its coverage."""
        return {"checks": self.to_list(), "coverage": self.coverage}

    @classmethod
    def from_record(cls, language: str, record: dict[str, Any]) -> CheckReport:
        coverage = record.get("coverage")
        return cls(language, tuple(FactCheck.from_dict(item) for item in record["checks"]),
                   float(coverage) if isinstance(coverage, int | float) else None)  # fmt: skip


def unchecked_report(language: str, reason: str) -> CheckReport:
    """A report saying the text could not be checked, and why."""
    return CheckReport(language, (FactCheck("", "check", 0, 0, UNCHECKED, reason=reason),))
