"""The fact check: each number, date and name of a summary traced to its source, or flagged."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from . import matching
from .artefacts import find_artefacts
from .extract import Fact, extract_facts
from .matching import SourceIndex, content_stems
from .tokens import tokenize

# Bump when extraction or matching changes: cached checks made by other rules are not reused.
CHECKER_VERSION = 3

FOUND, ROUNDED = "found", "rounded"
NOT_IN_SOURCE, OUT_OF_CONTEXT = "not_in_source", "out_of_context"
# The check itself could not be made (its `reason` says why): the text is not verified.
UNCHECKED = "unchecked"
# A model artefact (`<unk>`, UNK, byte junk, a phrase repeated in a loop): kind 'artefact'.
ARTEFACT = "artefact"
STATUSES = (FOUND, ROUNDED, NOT_IN_SOURCE, OUT_OF_CONTEXT, UNCHECKED, ARTEFACT)
# A fact the source states in this many sentences is one of its subjects, not tied to one event.
TOPIC_SENTENCES = 3
# A word in more source sentences than this does not point to where a summary sentence draws from.
_COMMON_STEM = 16


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
    context = _Context(summary, language, index) if index.language == language else None
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
        in_summary = None
        if reference is not None:
            found = _match(fact, reference, language)[0]
            in_summary = None if not found else found != NOT_IN_SOURCE
        where = spots[0] if spots and status != OUT_OF_CONTEXT else None
        checks.append(FactCheck(fact.text, fact.kind, fact.start, fact.end, status, where, in_summary))
    return CheckReport(language, tuple(sorted(checks, key=lambda c: c.start)))


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
        self._holding: dict[tuple[int, tuple[str, ...]], set[int]] = {}
        self._best_other: dict[frozenset[str], float] = {}
        self._sentences_with: dict[str, list[int]] | None = None

    def _candidates(self, around: set[str]) -> set[int]:
        """The source sentences whose window can share a word with `around` (an inverted index, built once)."""
        if self._sentences_with is None:
            self._sentences_with = {}
            for number, stems in enumerate(self.index.stems):
                for stem in stems:
                    self._sentences_with.setdefault(stem, []).append(number)
        last = len(self.index.sentences) - 1
        found: set[int] = set()
        for stem in around:
            holders = self._sentences_with.get(stem, ())
            if len(holders) > _COMMON_STEM:
                continue  # a word of every other sentence tells no event apart (and would make this quadratic)
            for number in holders:
                found.update((max(0, number - 1), number, min(last, number + 1)))
        return found

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

        holding = self._holding_sentences(fact, spots)
        if len(holding) >= TOPIC_SENTENCES:
            return False  # the article's subject ("Premier League"): it belongs with much of the text
        best_holding = max(score(s) for s in holding)
        key = frozenset(around)
        if key not in self._best_other:
            self._best_other[key] = max((score(s) for s in self._candidates(around)), default=0.0)
        best_other = self._best_other[key]
        return best_other >= matching.CONTEXT_CLEAR and best_holding <= matching.OUT_OF_PLACE * best_other

    def _holding_sentences(self, fact: Fact, spots: list[tuple[int, int]]) -> set[int]:
        """The source sentences holding the fact: at most as many as make it a topic, each found once."""
        key = (id(spots), fact.words if fact.kind == "name" else ())
        if key not in self._holding:
            holding: set[int] = set()
            # Every occurrence, not only the first one per word: a name said in several places.
            extra = [self.index.words.get(word, []) for word in key[1]]
            for start, _ in [*spots, *(spot for spots_of_word in extra for spot in spots_of_word)]:
                holding.add(self.index.sentence_of(start))
                if len(holding) >= TOPIC_SENTENCES:
                    break
            self._holding[key] = holding
        return self._holding[key]


def _detect(text: str) -> str:
    from ..segment import detect_language

    return detect_language(text).language
