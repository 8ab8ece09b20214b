"""The fact check: each number, date and name of a summary traced to its source, or flagged."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from . import matching
from .extract import Fact, extract_facts, tokenize
from .matching import SourceIndex, content_stems

# Bump when extraction or matching changes: cached checks made by other rules are not reused.
CHECKER_VERSION = 1

FOUND, ROUNDED = "found", "rounded"
NOT_IN_SOURCE, OUT_OF_CONTEXT = "not_in_source", "out_of_context"
STATUSES = (FOUND, ROUNDED, NOT_IN_SOURCE, OUT_OF_CONTEXT)
# A fact the source states in this many sentences is one of its subjects, not tied to one event.
TOPIC_SENTENCES = 3


@dataclass(frozen=True)
class FactCheck:
    """One fact of a summary and what the check found.

    `status`: 'found' (in the source), 'rounded' (a rounded form of a source figure),
    'not_in_source', or 'out_of_context' (in the source, but not where the summary's sentence
    draws from). `where` is the span of the source that supports it. `in_summary` is set for a
    translation: whether the summary it was translated from has the fact too (False: the
    translator changed it).
    """

    text: str
    kind: str
    start: int
    end: int
    status: str
    where: tuple[int, int] | None = None
    in_summary: bool | None = None

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
    index = SourceIndex(source, source_language or _detect(source))
    reference_index = (
        SourceIndex(reference, reference_language or _detect(reference)) if reference is not None else None
    )
    return check_against(summary, language, index, reference_index)


def check_against(summary: str, language: str, index: SourceIndex, reference: SourceIndex | None = None) -> CheckReport:
    """The check with the source (and reference) already indexed, for checking many texts against one source."""
    facts = extract_facts(summary, language)
    checks: list[FactCheck] = []
    context = _Context(summary, language, index) if index.language == language else None
    for fact in facts:
        status, spots = _match(fact, index, language)
        if not status:
            continue  # a name that cannot be recognised in another language: see match_name
        # Dates and years are left out of the context check: datelines state them apart from any event.
        in_context = fact.kind not in ("date", "year", "time")
        if status in (FOUND, ROUNDED) and in_context and context is not None and context.out_of_place(fact, spots):
            status = OUT_OF_CONTEXT
        in_summary = None
        if reference is not None:
            found = _match(fact, reference, language)[0]
            in_summary = None if not found else found != NOT_IN_SOURCE
        where = spots[0] if spots and status != OUT_OF_CONTEXT else None
        checks.append(FactCheck(fact.text, fact.kind, fact.start, fact.end, status, where, in_summary))
    return CheckReport(language, tuple(checks))


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


class _Context:
    """Whether a fact found in the source stands, in the summary, among words from where it was found.

    A figure or name moved from one event to another ("Chekushov met Alvarez" made "Perez-Oliva
    met Alvarez", both names from the article) is in the source, yet the source never says it in
    that place: the words around it match another source sentence clearly better than any that
    holds it.
    """

    def __init__(self, summary: str, language: str, index: SourceIndex) -> None:
        self.summary = summary
        self.language = language
        self.index = index
        self.tokens = [t for t in tokenize(summary) if t.kind in ("word", "num")]
        self.starts = [t.start for t in self.tokens]
        self.spans = matching.sentence_spans(summary, language)
        self.span_starts = [a for a, _ in self.spans]

    def _around(self, fact: Fact) -> set[str]:
        # Bisection keeps a summary of thousands of facts (a pasted table) linear, not quadratic.
        first = bisect.bisect_left(self.starts, fact.start)
        last = bisect.bisect_left(self.starts, fact.end) - 1
        if last < first:
            return set()
        # The window stays within the fact's sentence: the next sentence is about something else.
        where = bisect.bisect_right(self.span_starts, fact.start) - 1
        sentence = self.spans[where] if where >= 0 else (0, len(self.summary))
        window = [
            t.text
            for t in self.tokens[max(0, first - matching.CONTEXT_WINDOW) : last + 1 + matching.CONTEXT_WINDOW]
            if sentence[0] <= t.start < sentence[1] and not (fact.start <= t.start < fact.end)
        ]
        return content_stems(" ".join(window), self.language)

    def out_of_place(self, fact: Fact, spots: list[tuple[int, int]]) -> bool:
        index = self.index
        if len(index.sentences) < 3 or not spots:
            return False
        around = self._around(fact)
        if len(around) < matching.MIN_CONTEXT:
            return False

        def score(sentence: int) -> float:
            near = set().union(*index.stems[max(0, sentence - 1) : sentence + 2])
            return len(around & near) / len(around)

        holding = {index.sentence_of(start) for start, _ in spots}
        # Every occurrence, not only the first one per word: a name said in several places.
        if fact.kind == "name":
            for word in fact.words:
                holding |= {index.sentence_of(start) for start, _ in index.words.get(word, [])}
        if len(holding) >= TOPIC_SENTENCES:
            return False  # the article's subject ("Premier League"): it belongs with much of the text
        best_holding = max(score(s) for s in holding)
        best_other = max(score(s) for s in range(len(index.sentences)))
        return best_other >= matching.CONTEXT_CLEAR and best_holding <= matching.OUT_OF_PLACE * best_other


def _detect(text: str) -> str:
    from ..segment import detect_language

    return detect_language(text).language
