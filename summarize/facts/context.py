"""The context check: whether a fact found in the source stands, in the summary, where the source says it."""

from __future__ import annotations

import bisect

from . import matching
from .extract import Fact
from .matching import SourceIndex, content_stems
from .tokens import tokenize

# A fact the source states in this many sentences is one of its subjects, not tied to one event.
TOPIC_SENTENCES = 3
# A word in more source sentences than this does not point to where a summary sentence draws from.
_COMMON_STEM = 16


class FactContext:
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
