"""Matching a summary's facts against its source: by value, across languages and scripts, and in context."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from decimal import Decimal

from . import lexicon
from .extract import Fact, extract_facts
from .sounds import MIN_SKELETON, phonetic, pinyin_key, skeleton
from .split_numbers import rejoined_numbers
from .stems import content_stems, sentence_spans
from .tokens import tokenize

# A rounded figure ("1.5 million" for 1,534,000) may differ from the source by at most this share.
ROUNDING_TOLERANCE = Decimal("0.05")
# Context: a fact is out of place when the words around it match some other source sentence at
# least this well, and the sentences holding the fact at most OUT_OF_PLACE of that.
CONTEXT_CLEAR = 0.5
OUT_OF_PLACE = 0.34
CONTEXT_WINDOW = 6  # words on each side of a fact that make its context
MIN_CONTEXT = 3  # fewer content words than this around a fact: too little to judge its place


_POSSESSIVE = re.compile(r"['\u2019]s?$")
_PART = re.compile(r"[^\W\d_]{2,}")


def _hyphen_parts(word: str, start: int) -> list[tuple[str, int, int]]:
    """The capitalised parts of a hyphened name, each with its own spot: "Louis-Charles" is also
    Charles (Луи-Чарлза), "Marie-Antoinette" also Antoinette."""
    if "-" not in word:
        return []
    return [(m.group(), start + m.start(), start + m.end()) for m in _PART.finditer(word) if m.group()[0].isupper()]


class SourceIndex:
    """A text's facts and words, indexed for matching another text's facts against it."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.facts = extract_facts(text, language)
        self.values: dict[Decimal, list[Fact]] = {}
        for fact in [*self.facts, *rejoined_numbers(text, language)]:
            for value in _numeric_values(fact):
                self.values.setdefault(value, []).append(fact)
        self.sorted_values = sorted(self.values)
        self.dates = [fact for fact in self.facts if fact.kind == "date"]
        # Every word (not only capitalised ones): a name in a summary may be a plain word in the source.
        self.words: dict[str, list[tuple[int, int]]] = {}
        for token in tokenize(text):
            if token.kind == "word":
                spot = (token.start, token.end)
                self.words.setdefault(lexicon.lemma(token.text, language), []).append(spot)
                self.words.setdefault(lexicon.fold(token.text), []).append(spot)
                if "-" in token.text:  # "Ex-Killie" holds "Killie"
                    for part in token.text.split("-"):
                        self.words.setdefault(lexicon.lemma(part, language), []).append(spot)
        self._romanized: dict[str, list[tuple[int, int]]] | None = None
        self._chinese: dict[str, list[tuple[int, int]]] | None = None
        self._skeletons: dict[str, list[tuple[int, int]]] | None = None
        self._short_skeletons: dict[str, list[tuple[str, tuple[int, int]]]] = {}
        self._lowercased: bool | None = None
        self._sentences: list[tuple[int, int]] | None = None
        self._sentence_starts: list[int] | None = None
        self._stems: list[set[str]] | None = None
        self._scores: set[frozenset[int]] | None = None
        self._folded: str | None = None
        self._word_forms: set[str] | None = None
        self._by_start: dict[str, list[str]] | None = None
        self._capitalised: dict[str, list[tuple[int, int]]] | None = None

    @property
    def romanized(self) -> dict[str, list[tuple[int, int]]]:
        """Words in Latin letters, phonetically simplified, for names written in another script or language."""
        if self._romanized is None:
            self._romanized = {}
            english = self.language == "en"
            for word, spots in self.words.items():
                if len(word) > 1:  # "Ed" is Эд
                    romanized = lexicon.romanize(word)
                    # English a may be long or not: Hale is Хейл, Ames is Амес.
                    for key in {phonetic(romanized), phonetic(romanized, english)}:
                        self._romanized.setdefault(key, []).extend(spots)
        return self._romanized

    @property
    def lowercased(self) -> bool:
        """Whether the text is lower-cased but at sentence starts (gazetteer.lowercased), worked out once."""
        if self._lowercased is None:
            from .gazetteer import lowercased

            self._lowercased = lowercased(self.text)
        return self._lowercased

    @property
    def skeletons(self) -> dict[str, list[tuple[int, int]]]:
        """Sound skeletons of the capitalised words and of pairs of them ("Hong Kong", "New York")."""
        if self._skeletons is None:
            self._index_sounds()
        assert self._skeletons is not None
        return self._skeletons

    @property
    def short_skeletons(self) -> dict[str, list[tuple[str, tuple[int, int]]]]:
        """Capitalised words of one or two consonants ("Huhne": N), with their phonetic keys."""
        if self._skeletons is None:
            self._index_sounds()
        return self._short_skeletons

    def _index_sounds(self) -> None:
        self._skeletons, self._short_skeletons = {}, {}
        english = self.language == "en"
        capitals = [t for t in tokenize(self.text) if t.kind == "word" and t.text[0].isupper()]
        for token, after in zip(capitals, [*capitals[1:], None][: len(capitals)], strict=True):
            text = _POSSESSIVE.sub("", token.text)  # "Maslow's" sounds as Маслоу
            words = [(text, token.start, token.end), *_hyphen_parts(text, token.start)]
            if after is not None and 0 < after.start - token.end <= 1:
                words.append((token.text + _POSSESSIVE.sub("", after.text), token.start, after.end))
            for text, start, end in words:
                romanized = lexicon.romanize(text)
                key = skeleton(romanized, english)
                if len(key) >= MIN_SKELETON:
                    self._skeletons.setdefault(key, []).append((start, end))
                elif key:  # "Huhne", "Butte": too few consonants to go by alone, so kept with their sounds
                    for sound in {phonetic(romanized), phonetic(romanized, english)}:
                        self._short_skeletons.setdefault(key, []).append((sound, (start, end)))

    # --- sentences, for context ----------------------------------------------------------------

    @property
    def sentences(self) -> list[tuple[int, int]]:
        if self._sentences is None:
            self._sentences = sentence_spans(self.text, self.language)
        return self._sentences

    @property
    def stems(self) -> list[set[str]]:
        if self._stems is None:
            self._stems = [content_stems(self.text[a:b], self.language) for a, b in self.sentences]
        return self._stems

    @property
    def chinese(self) -> dict[str, list[tuple[int, int]]]:
        """The text's capitalised Latin words by their pinyin key (sounds.pinyin_key), for Palladius spellings."""
        if self._chinese is None:
            self._chinese = {}
            for word, spots in self.capitalised.items():
                plain = word.replace("\u2019", "'")  # Xi'an with a typographic apostrophe
                if plain.isascii() and len(plain) > 1:
                    self._chinese.setdefault(pinyin_key(plain), []).extend(spots)
        return self._chinese

    @property
    def capitalised(self) -> dict[str, list[tuple[int, int]]]:
        """The text's capitalised words, folded, with their spots."""
        if self._capitalised is None:
            self._capitalised = {}
            for token in tokenize(self.text):
                if token.kind == "word" and token.text[:1].isupper():
                    self._capitalised.setdefault(lexicon.fold(token.text), []).append((token.start, token.end))
        return self._capitalised

    @property
    def capitalised_by_start(self) -> dict[str, list[str]]:
        """The folded capitalised words by their first five letters."""
        if self._by_start is None:
            self._by_start = {}
            for word in self.capitalised:
                if len(word) >= 5:
                    self._by_start.setdefault(word[:5], []).append(word)
        return self._by_start

    @property
    def word_forms(self) -> set[str]:
        """Every word's folded form, lemma and Snowball stem: another text's word in any of its forms."""
        if self._word_forms is None:  # the sentences' content stems are the stems worth having
            self._word_forms = set(self.words).union(*self.stems)
        return self._word_forms

    @property
    def folded_text(self) -> str:
        """The text without accents where that keeps every offset ("Chişinău" as "Chisinau"), else as it is."""
        if self._folded is None:
            folded = "".join(lexicon.fold(ch) if len(lexicon.fold(ch)) == 1 else ch for ch in self.text)
            self._folded = folded if len(folded) == len(self.text) else self.text
        return self._folded

    @property
    def scores(self) -> set[frozenset[int]]:
        """The text's score-like number pairs ("3-2"), unordered (see scores.py)."""
        if self._scores is None:
            from .scores import score_pairs

            self._scores = score_pairs(self.text)
        return self._scores

    def sentence_of(self, offset: int) -> int:
        if self._sentence_starts is None:
            self._sentence_starts = [start for start, _ in self.sentences]
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)


def _numeric_values(fact: Fact) -> list[Decimal]:
    """The numbers a fact holds: its readings, or a date's day and year."""
    if fact.kind == "name":
        return []
    if fact.kind == "date":
        return [Decimal(v) for v in fact.values[2:] if isinstance(v, int)]
    return [v for v in fact.values if isinstance(v, Decimal)]


def _significant(value: Decimal) -> int:
    return len(value.normalize().as_tuple().digits)


def _rounds_to(source: Decimal, figure: Decimal) -> bool:
    """Whether `figure` is `source` rounded to the figure's own significant digits."""
    if figure == 0 or source == 0:
        return False
    exponent = figure.normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return False
    quantum = Decimal(1).scaleb(exponent)
    return source.quantize(quantum, rounding="ROUND_HALF_UP") == figure.normalize()


def match_number(fact: Fact, index: SourceIndex) -> tuple[str, list[Fact]]:
    """('found' | 'rounded' | '', the source facts that hold it)."""
    values = _numeric_values(fact)
    for value in values:
        if value in index.values:
            return "found", index.values[value]
    if fact.kind == "year":
        return "", []
    for value in values[:1]:  # only the likeliest reading may be a rounded figure
        if value <= 0 or _significant(value) > 3:
            continue
        low = bisect.bisect_left(index.sorted_values, value * (1 - ROUNDING_TOLERANCE))
        high = bisect.bisect_right(index.sorted_values, value * (1 + ROUNDING_TOLERANCE))
        for candidate in index.sorted_values[low:high]:
            if _significant(candidate) > _significant(value) and _rounds_to(candidate, value):
                return "rounded", index.values[candidate]
    return "", []


# --- dates ---------------------------------------------------------------------------------------


def match_date(fact: Fact, index: SourceIndex) -> list[Fact]:
    """The source dates that agree with this one on everything both give (month, day, year; or weekday)."""
    if fact.values[0] == "weekday":
        return [d for d in index.dates if d.values == fact.values]
    _, month, day, year = fact.values
    found = []
    for date in index.dates:
        if date.values[0] != "month" or date.values[1] != month:
            continue
        other_day, other_year = date.values[2], date.values[3]
        if day is not None and other_day != day:
            continue
        if year is not None and other_year is not None and other_year != year:
            continue
        found.append(date)
    # "5 March 2024" against a source that says "March 5" and elsewhere "2024".
    undated = found and year is not None and all(d.values[3] is None for d in found)
    if undated and Decimal(str(year)) not in index.values:
        return []
    return found


def spans_of(facts: Iterable[Fact]) -> list[tuple[int, int]]:
    return [(fact.start, fact.end) for fact in facts]
