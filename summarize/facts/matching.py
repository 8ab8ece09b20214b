"""Matching a summary's facts against its source: by value, across languages and scripts, and in context."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from decimal import Decimal

from . import lexicon
from .extract import Fact, extract_facts
from .names import full_name_holds
from .sounds import MIN_SKELETON, phonetic, skeleton
from .stems import content_stems, sentence_spans
from .tokens import tokenize

# Names across languages: romanized words this alike (rapidfuzz ratio, 0-100) are the same name.
CROSS_SCRIPT_SIMILARITY = 75
# A rounded figure ("1.5 million" for 1,534,000) may differ from the source by at most this share.
ROUNDING_TOLERANCE = Decimal("0.05")
# Context: a fact is out of place when the words around it match some other source sentence at
# least this well, and the sentences holding the fact at most OUT_OF_PLACE of that.
CONTEXT_CLEAR = 0.5
OUT_OF_PLACE = 0.34
CONTEXT_WINDOW = 6  # words on each side of a fact that make its context
MIN_CONTEXT = 3  # fewer content words than this around a fact: too little to judge its place


class SourceIndex:
    """A text's facts and words, indexed for matching another text's facts against it."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.facts = extract_facts(text, language)
        self.values: dict[Decimal, list[Fact]] = {}
        for fact in self.facts:
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
        self._skeletons: dict[str, list[tuple[int, int]]] | None = None
        self._sentences: list[tuple[int, int]] | None = None
        self._sentence_starts: list[int] | None = None
        self._stems: list[set[str]] | None = None

    @property
    def romanized(self) -> dict[str, list[tuple[int, int]]]:
        """Words in Latin letters, phonetically simplified, for names written in another script or language."""
        if self._romanized is None:
            self._romanized = {}
            for word, spots in self.words.items():
                if len(word) > 2:
                    self._romanized.setdefault(phonetic(lexicon.romanize(word)), []).extend(spots)
        return self._romanized

    @property
    def skeletons(self) -> dict[str, list[tuple[int, int]]]:
        """Sound skeletons of the capitalised words and of pairs of them ("Hong Kong", "New York")."""
        if self._skeletons is None:
            self._skeletons = {}
            english = self.language == "en"
            capitals = [t for t in tokenize(self.text) if t.kind == "word" and t.text[0].isupper()]
            for token, after in zip(capitals, [*capitals[1:], None][: len(capitals)], strict=True):
                words = [(token.text, token.start, token.end)]
                if after is not None and 0 < after.start - token.end <= 1:
                    words.append((token.text + after.text, token.start, after.end))
                for text, start, end in words:
                    key = skeleton(lexicon.romanize(text), english)
                    if len(key) >= MIN_SKELETON:
                        self._skeletons.setdefault(key, []).append((start, end))
        return self._skeletons

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


# --- names ---------------------------------------------------------------------------------------


def _word_spots(
    word: str, surface: str, index: SourceIndex, same_language: bool, language: str
) -> list[tuple[int, int]]:
    """Where a name's word is in the source: as it is, as its lemma, or (across languages) as it sounds."""
    spots = index.words.get(word) or index.words.get(lexicon.fold(surface))
    if not spots and language != "ru" and word.endswith("s") and len(word) > 3:
        spots = index.words.get(word[:-1])  # "the Cambridges", "Armenian-Americans"
    if spots or same_language:
        return spots or []
    keys = {phonetic(lexicon.romanize(word)), phonetic(lexicon.romanize(surface))}
    for key in keys:
        if key in index.romanized:
            return index.romanized[key]
    for romanized in {lexicon.romanize(word), lexicon.romanize(surface)}:
        sound = skeleton(romanized, english=False)
        variants = [sound] + ([sound[1:]] if romanized.startswith("g") else [])  # Г for H: "Гонконг"
        for variant in variants:
            if len(variant) >= MIN_SKELETON and variant in index.skeletons:
                return index.skeletons[variant]
    from rapidfuzz import fuzz, process

    for key in keys:
        if len(key) < 4:
            continue
        best = process.extractOne(key, index.romanized.keys(), scorer=fuzz.ratio, score_cutoff=CROSS_SCRIPT_SIMILARITY)
        if best is not None:
            return index.romanized[best[0]]
    return []


def match_name(fact: Fact, index: SourceIndex, language: str) -> list[tuple[int, int]] | None:
    """Where the name's words are in the source: [] when the name is not supported, None when it
    cannot be checked.

    In the same language the name's last word (the surname, the head of "Antillana de Acero")
    and half of its words must be there: titles come and go ("Suspects Adnan Farah"). Across
    languages only the words that can be recognised by their sound count (not acronyms, not
    frequent words such as "Ciudad" or "Джон", which are translated or have exonyms; countries are
    looked up by name), and half of those must be there; a name with none is not checkable.
    """
    words = list(zip(fact.words, map(str, fact.values), strict=True))
    if language == index.language:
        found = [
            _word_spots(word, surface, index, True, language) or _territory_by_code(surface, index)
            for word, surface in words
        ]
        if not found[-1] or 2 * sum(1 for spots in found if spots) < len(found):
            return []
        surfaces = [surface for _, surface in words]
        if not full_name_holds(surfaces, found[-1], bool(len(found) > 1 and found[-2]), index.text, language):
            return []  # each word is in the source, the person is not (see names.py)
        return [spots[0] for spots in found if spots]
    phrase = _territory(fact, index, language)
    if phrase is not None:
        return phrase
    checkable = []
    territories = lexicon.territory_names(language) if language in lexicon.SUPPORTED else {}
    for word, surface in words:
        spots = index.words.get(lexicon.fold(surface))
        if spots:  # written the same: "Cuba", "Chekushov"
            checkable.append(spots)
        elif word in territories:  # "России", "Rusia": by the country's English name
            checkable.append(_territory_spots(territories[word], index))
        elif lexicon.is_acronym(surface) or lexicon.is_common(surface, language) or _is_organisation(surface, language):
            continue
        else:
            spots = _word_spots(word, surface, index, False, language)
            if not spots and "-" in surface:  # "Буэнос-Айрес": each part on its own
                parts = [_word_spots(lexicon.lemma(p, language), p, index, False, language) for p in surface.split("-")]
                spots = [part[0] for part in parts if part] if all(parts) else []
            checkable.append(spots)
    if not checkable:
        return None
    hits = [spots for spots in checkable if spots]
    # In a person's name the last word is the surname: "Roman Petrov" is not "Roman Chekushov".
    # Longer names are institutions, whose words are partly translated: half of them will do.
    if (len(words) <= 3 and not checkable[-1]) or 2 * len(hits) < len(checkable):
        return []
    return [spots[0] for spots in hits]


def _territory_by_code(surface: str, index: SourceIndex) -> list[tuple[int, int]]:
    """ "US" or "UK" in a summary of a source that says "United States" or "Britain"."""
    if not lexicon.is_acronym(surface):
        return []
    code = surface.replace(".", "").upper()
    code = next((c for c, aliases in lexicon.ENGLISH_ALIASES.items() if code in aliases), code)
    english = {c: name for name, c in lexicon.english_territories().items()}.get(code)
    return _territory_spots(english, index) if english else []


def _is_organisation(surface: str, language: str) -> bool:
    """Russian organisation names ("Минпромторг") are coined from the translated name: not checkable by sound."""
    if language != "ru" or not lexicon.is_cyrillic(surface):
        return False
    return "Orgn" in str(lexicon.morph().parse(surface)[0].tag)


def _territory(fact: Fact, index: SourceIndex, language: str) -> list[tuple[int, int]] | None:
    """A country's name ("Estados Unidos", "Кубы") found in the source by its English name or code; None if not one."""
    names = lexicon.territory_names(language) if language in lexicon.SUPPORTED else {}
    english = names.get(" ".join(fact.words)) or names.get(lexicon.fold(fact.text))
    if english is None or len(fact.words) < 2:
        return None  # one-word countries are looked up word by word
    return _territory_spots(english, index)


def _territory_spots(english: str, index: SourceIndex) -> list[tuple[int, int]]:
    """Where the source names a country: its English name, an older or shorter one, its code, or an adjective."""
    code = lexicon.english_territories().get(english, "")
    aliases = "|".join(re.escape(alias) for alias in lexicon.ENGLISH_ALIASES.get(code, ()))
    stem = english[: max(4, len(english) - 2)]  # "Cuba" in "Cuban", "Russia" in "Russian"
    names = [re.escape(english).replace(r"\ ", r"\s+"), re.escape(stem) + r"\w*", *([aliases] if aliases else [])]
    found = re.search(r"\b(?:" + "|".join(names) + ")", index.text, re.IGNORECASE)
    if found is None and code.isalpha():
        dotted = r"\.?".join(code)  # "US", "U.S.", "USA"
        found = re.search(r"\b" + dotted + r"\.?(?:A\.?)?(?!\w)", index.text)
    return [(found.start(), found.end())] if found else []


def spans_of(facts: Iterable[Fact]) -> list[tuple[int, int]]:
    return [(fact.start, fact.end) for fact in facts]
