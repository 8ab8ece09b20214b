"""Scores keep their pairing: "Arsenal beat Manchester United 3-2" is not supported by a source whose
scores are 3-1 and 2-0, though 3 and 2 are both in it. Same language.

A score is two small numbers joined by a hyphen or a dash ("3-2", "4 - 0", "2\u20131"); which side
comes first does not matter ("lost 1-2" and "won 2-1" are the same result). A source that states
no score at all is not a sports report: its number pairs are ranges ("18-25") and nothing is judged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .extract import Fact

if TYPE_CHECKING:
    from .report import FactCheck

Spots = list[tuple[int, int]]

_SCORE = re.compile(r"(?<![\w.,/:\-\u2013])(\d{1,2})\s?[-\u2013]\s?(\d{1,2})(?![\w/:%\-\u2013]|[.,]\d)")


def _pair(match: re.Match[str]) -> frozenset[int]:
    return frozenset((int(match.group(1)), int(match.group(2))))


def score_pairs(text: str) -> set[frozenset[int]]:
    """Every score-like pair of `text`, unordered."""
    return {_pair(match) for match in _SCORE.finditer(text)}


def scores_apart(summary: str, facts: list[Fact], source: set[frozenset[int]]) -> set[int]:
    """Starts of the numbers of `summary`'s scores that the source never states as a score (while it
    states others): each number is in the source, the result is not."""
    if not facts or not source:
        return set()
    starts = {fact.start for fact in facts if fact.kind == "number"}
    apart: set[int] = set()
    for match in _SCORE.finditer(summary):
        if _pair(match) not in source:
            apart.update(start for start in (match.start(1), match.start(2)) if start in starts)
    return apart


def found_scores(
    summary: str, checks: Sequence[FactCheck], source: str, scores: set[frozenset[int]]
) -> list[tuple[int, int, Spots]]:
    """The summary's scores the source states, as (position in `checks` of the score's first number,
    its start in `summary`, where the source states it): for the one-passage rule (together.py)."""
    if not scores:
        return []
    positions = {check.start: i for i, check in enumerate(checks)}
    stated: dict[frozenset[int], Spots] = {}
    for match in _SCORE.finditer(source):
        stated.setdefault(_pair(match), []).append(match.span())
    found = []
    for match in _SCORE.finditer(summary):
        position = positions.get(match.start(1))
        if position is not None and _pair(match) in stated:
            found.append((position, match.start(), stated[_pair(match)]))
    return found
