"""Names in relation: the names of one summary sentence must stand together somewhere in the source.

"Doyne met Nepal's women": every name is in the article, but no passage of it holds them together;
facts recombined from different parts of the source are caught so. A passage is a window of a few
consecutive sentences; a name the source says in many sentences is one of its subjects and goes
with anything, and names enumerated together ("Essex and Hertfordshire") are left out.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections.abc import Sequence

from .extract import Fact
from .matching import SourceIndex
from .report import NOT_TOGETHER, FactCheck
from .scores import Spots

# Consecutive source sentences that count as one passage.
WINDOW = 3
# A name in this many source sentences is a subject of the whole text.
SUBJECT_SENTENCES = 3
# Sources shorter than this many sentences are one passage anyway.
MIN_SENTENCES = 6


def apart(names: Sequence[tuple[int, list[tuple[int, int]]]], index: SourceIndex) -> set[int]:
    """Which of one summary sentence's names (each an id with its spots in the source) no passage holds
    with the others: empty when some window holds them all."""
    if len(index.sentences) < MIN_SENTENCES:
        return set()
    where = {name: {index.sentence_of(start) for start, _ in spots} for name, spots in names if spots}
    local = {name: sentences for name, sentences in where.items() if len(sentences) < SUBJECT_SENTENCES}
    if len(local) < 2:
        return set()
    best: set[int] = set()
    for sentences in local.values():
        for centre in sentences:
            for first in range(centre - WINDOW + 1, centre + 1):  # the windows that hold `centre`
                held = {name for name, others in local.items() if any(first <= s < first + WINDOW for s in others)}
                if len(held) > len(best):
                    best = held
                if len(best) == len(local):
                    return set()
    return set(local) - best


def mark_apart(checks: list[FactCheck], names: list[tuple[int, Fact]], summary: str,
               sentences: list[tuple[int, int]], index: SourceIndex,
               scores: Sequence[tuple[int, int, Spots]] = ()) -> None:  # fmt: skip
    """Turn `found` names (`checks[position]`, with their facts) that no passage holds with the rest of
    their summary sentence's names into `not_together`. `scores` (position, start in the summary,
    where the source states it) take part as names do: "Arsenal beat United 3-2" needs its 3-2 by them."""
    starts = [start for start, _ in sentences]
    by_sentence: dict[int, list[tuple[int, Fact]]] = {}
    for position, fact in names:
        by_sentence.setdefault(bisect.bisect_right(starts, fact.start) - 1, []).append((position, fact))
    score_spots: dict[int, list[tuple[int, Spots]]] = {}
    for position, start, stated in scores:
        score_spots.setdefault(bisect.bisect_right(starts, start) - 1, []).append((position, stated))
    for sentence, group in by_sentence.items():
        listed = _listed(summary, [fact for _, fact in group])
        # Every place the source says the name's last word (the surname, the head), not only the first.
        spots = [(position, index.words.get(fact.words[-1], [])) for position, fact in group
                 if fact.start not in listed]  # fmt: skip
        for position in apart(spots + score_spots.get(sentence, []), index):
            checks[position] = dataclasses.replace(checks[position], status=NOT_TOGETHER, where=None)


_LIST_JOINERS = frozenset({",", "and", ", and", "&", "or", ", or", "y", "e", "o", "и", ", и", "или"})


def _listed(summary: str, facts: list[Fact]) -> set[int]:
    """Starts of names enumerated together ("Essex and Hertfordshire", "Ormsby, Monaghan and Sims"): a
    list's members come from all over a source by nature, so they are not held to one passage."""
    ordered = sorted(facts, key=lambda fact: fact.start)
    listed: set[int] = set()
    for left, right in itertools.pairwise(ordered):
        if summary[left.end : right.start].strip().lower() in _LIST_JOINERS:
            listed.update((left.start, right.start))
    return listed
