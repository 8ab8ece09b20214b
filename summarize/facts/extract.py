"""Finding the facts in a text: numbers, dates and names, each with its span and comparable values."""

from __future__ import annotations

import re
from decimal import Decimal

from . import lexicon
from .fact import Fact
from .lexicon import fold
from .name_finder import NameFinder, token_lemma
from .tokens import Token, readings, tokenize


def _next_words(tokens: list[Token], index: int, count: int) -> list[Token]:
    return tokens[index + 1 : index + 1 + count]


_ENVIRONMENT = frozenset({"среда", "среды", "среде", "средой"})  # also "environment"
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_TIME_ZONES = frozenset({"gmt", "utc", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "msk", "hrs"})
_VERB_MONTHS = frozenset({"may", "march"})
_CLOCK = re.compile(r"([01]?\d|2[0-3])[.]?([0-5]\d)")


class _Extractor(NameFinder):
    def __init__(self, text: str, language: str, known: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.known = known
        self.language = language
        self.tokens = tokenize(text)
        self.used: set[int] = set()
        self.facts: list[Fact] = []
        self.months = {**lexicon.month_names(language), **lexicon.month_names("en")}
        self.weekdays = lexicon.weekday_names(language)
        self.scales = {**lexicon.SCALES.get(language, {}), **lexicon.SCALES["en"]}
        self.number_words = lexicon.number_words(language) if language in lexicon.SUPPORTED else {}
        self.capitalised_inside: set[str] | None = None  # folded words capitalised inside sentences

    def add(self, kind: str, first: int, last: int, values: tuple[object, ...], words: tuple[str, ...] = ()) -> None:
        last = min(last, len(self.tokens) - 1)  # a unit word may end the text ("rose by 15 percent")
        start, end = self.tokens[first].start, self.tokens[last].end
        self.facts.append(Fact(self.text[start:end], kind, start, end, values, words))
        self.used.update(range(first, last + 1))

    def run(self) -> list[Fact]:
        self._dates()
        self._numbers()
        self._names()
        return sorted(self.facts, key=lambda fact: fact.start)

    # --- dates -------------------------------------------------------------------------------

    def _month(self, index: int) -> int | None:
        token = self.tokens[index]
        if token.kind != "word":
            return None
        key = token_lemma(token, self.language)
        written = token.text
        month = self.months.get(key) or self.months.get(fold(written))
        if month is None and "-" in written:  # "post-September 11"
            written = written.rsplit("-", 1)[1]
            month = self.months.get(fold(written))
        if month is not None:
            # Lower-cased text (as older systems write it) names months in lower case too; but
            # "may" and "march" are also verbs, so they count only beside a day or a year.
            if self.language == "en" and not written[:1].isupper() and fold(written) in _VERB_MONTHS:
                beside = (self._day(index - 1), self._day(index + 1), self._year(index + 1))
                return month if any(value is not None for value in beside) else None
            return month
        abbreviation = lexicon.ENGLISH_MONTH_ABBREVIATIONS.get(fold(token.text))
        if abbreviation and token.text[0].isupper() and self.language == "en":
            after = _next_words(self.tokens, index, 1)
            if after and (after[0].text == "." or after[0].kind == "num"):
                return abbreviation
        return None

    def _day(self, index: int) -> int | None:
        if 0 <= index < len(self.tokens) and self.tokens[index].kind == "num" and index not in self.used:
            text = self.tokens[index].text
            if text.isdigit() and 1 <= int(text) <= 31:
                return int(text)
        return None

    def _ordinal_day(self, index: int) -> tuple[int, int] | None:
        """The day written "4th" (or "4th of") ending at token `index`, with its first token."""
        if index >= 0 and fold(self.tokens[index].text) == "of":
            index -= 1
        if index < 1 or fold(self.tokens[index].text) not in _ORDINAL_SUFFIXES:
            return None
        if self.tokens[index].start != self.tokens[index - 1].end:
            return None
        day = self._day(index - 1)
        return (day, index - 1) if day is not None else None

    def _year(self, index: int) -> int | None:
        if 0 <= index < len(self.tokens) and self.tokens[index].kind == "num" and index not in self.used:
            text = self.tokens[index].text
            if text.isdigit() and len(text) == 4:
                return int(text)
        return None

    def _dates(self) -> None:
        tokens = self.tokens
        for index, token in enumerate(tokens):
            if index in self.used:
                continue
            month = self._month(index)
            if month is None:
                weekday = self.weekdays.get(token_lemma(token, self.language)) if token.kind == "word" else None
                if weekday is not None and self.language == "ru" and fold(token.text) in _ENVIRONMENT:
                    weekday = None  # "среда" is also "environment"; the day is said "в среду"
                if weekday is not None:
                    self.add("date", index, index, ("weekday", weekday))
                continue
            first = last = index
            day = None
            # "5 March", "5 de marzo", "5 марта", "4th July", "4th of July"
            if self._day(index - 1) is not None:
                day, first = self._day(index - 1), index - 1
            elif (ordinal := self._ordinal_day(index - 1)) is not None:
                day, first = ordinal
            elif index >= 2 and fold(tokens[index - 1].text) == "de" and self._day(index - 2) is not None:
                day, first = self._day(index - 2), index - 2
            # "March 5", "March 5th"
            elif self._day(index + 1) is not None and self._year(index + 1) is None:
                day, last = self._day(index + 1), index + 1
            year = None
            probe = last + 1
            while probe < len(tokens) and probe <= last + 3 and tokens[probe].kind != "num":
                if tokens[probe].kind == "word" and fold(tokens[probe].text) not in {"de", "del", "of", "th", "st"}:
                    break
                probe += 1
            if self._year(probe) is not None:
                year, last = self._year(probe), probe
                if last + 1 < len(tokens) and token_lemma(tokens[last + 1], self.language) in {"год", "г"}:
                    last += 1
            self.add("date", first, last, ("month", month, day, year))

    # --- numbers -----------------------------------------------------------------------------

    def _scale(self, index: int) -> tuple[int, int]:
        """The scale word after token `index` ("million"), as (factor, its index), or (1, index)."""
        after = _next_words(self.tokens, index, 3)
        if not after or after[0].kind != "word":
            return 1, index
        suffix = lexicon.SCALE_SUFFIXES.get(after[0].text.lower())
        if suffix and after[0].start == self.tokens[index].end:  # "$15m": written onto the figure
            return suffix, index + 1
        key = token_lemma(after[0], self.language)
        if key == "mil" and len(after) > 2 and token_lemma(after[1], self.language) in ("millon", "millones"):
            return 10**9, index + 2  # "mil millones"
        factor = self.scales.get(key) or self.scales.get(fold(after[0].text))
        if factor is None:
            return 1, index
        last = index + 1
        if len(after) > 1 and after[1].text == ".":
            last += 1  # "тыс." "млн."
        return factor, last

    def _unit(self, first: int, last: int) -> tuple[str, int]:
        """'percent' or 'money' (with the last token used), from the words around a number."""
        tokens = self.tokens
        before = tokens[first - 1] if first > 0 else None
        after = _next_words(tokens, last, 3)
        skip = 0
        if len(after) > 1 and fold(after[0].text) == "de" and after[1].kind == "word":
            after, skip = after[1:], 1  # "15 millones de dólares"
        if after and after[0].text == "%":
            return "percent", last + 1
        if after and after[0].kind == "word":
            word = token_lemma(after[0], self.language)
            pair = f"{word} {fold(after[1].text)}" if len(after) > 1 else None
            if pair is not None and pair in lexicon.PERCENT_WORDS:
                return "percent", last + skip + 2
            if word in lexicon.PERCENT_WORDS or word.startswith("процент"):
                return "percent", last + skip + 1
            if word in lexicon.CURRENCY_WORDS:
                return "money", last + skip + 1
        if before is not None and (before.text in lexicon.CURRENCY_SYMBOLS or fold(before.text) in {"us", "usd"}):
            return "money", last
        if after and after[0].text in lexicon.CURRENCY_SYMBOLS:
            return "money", last + 1
        return "", last

    def _numbers(self) -> None:
        for index, token in enumerate(self.tokens):
            if index in self.used or self._time(index):
                continue
            if token.kind == "num" and self._glued(index):
                continue  # "km2", "H5N1", "CO2": part of a unit or a code, not a quantity
            values = self._values(index)
            if values:
                self._add_number(index, values)

    def _time(self, index: int) -> bool:
        """A time of day at token `index`, added: "22:08", "10:08 pm", "12.00 GMT", "1200 GMT"."""
        token = self.tokens[index]
        if token.kind == "time":
            hours, minutes = token.text.split(":")
            clock: int | None = int(hours) * 60 + int(minutes)
        else:
            clock = self._clock(index)
        if clock is None:
            return False
        # Compared as minutes past noon or midnight, negative so that they never meet a plain number.
        self.add("time", index, index, (Decimal(-((clock // 60 % 12) * 60 + clock % 60) - 1),))
        return True

    def _values(self, index: int) -> tuple[Decimal, ...]:
        """What the number at token `index` may be (a figure, a spelled-out number), or nothing."""
        token = self.tokens[index]
        if token.kind == "num":
            return readings(token.text, self.language)
        if token.kind != "word":
            return ()
        if fold(token.text) in self.number_words:
            return (Decimal(self.number_words[fold(token.text)]),)
        if "-" in token.text and self.number_words:
            # "five-match", "4-month-old" are one word: the number in them still counts
            parts = [self.number_words.get(fold(part)) for part in token.text.split("-")]
            found = [value for value in parts if value is not None]
            if found:
                self.add("number", index, index, (Decimal(found[0]),))
            return ()
        if self.language == "ru" and lexicon.is_cyrillic(token.text):
            value = self.number_words.get(token_lemma(token, self.language))
            return (Decimal(value),) if value is not None else ()
        return ()

    def _add_number(self, index: int, values: tuple[Decimal, ...]) -> None:
        """The number at token `index` with its scale and unit: a number, a percentage, money or a year."""
        tokens, token = self.tokens, self.tokens[index]
        factor, last = self._scale(index)
        kind, last = self._unit(index, last)
        first = index
        if first > 0 and tokens[first - 1].text in lexicon.CURRENCY_SYMBOLS and kind == "money":
            first -= 1
        if not kind:
            plain = token.text.isdigit() and len(token.text) == 4 and factor == 1
            kind = "year" if plain and 1000 <= int(token.text) <= 2100 else "number"
        scaled = tuple(value * factor for value in values)
        if kind == "number" and factor == 10**6 and fold(tokens[index + 1].text) == "m":
            scaled += values  # "the 100m freestyle": metres as often as millions
        if kind == "year" and self._decade(index):
            year = int(token.text)  # "the 1960s" are "los años 60"; "the 1800s" the 19th century
            scaled += (Decimal(year % 100),) if year % 100 else (Decimal(year // 100 + 1),)
            last = index + 1
        self.add(kind, first, last, scaled)

    def _glued(self, index: int) -> bool:
        before = self.tokens[index - 1] if index > 0 else None
        return before is not None and before.kind == "word" and before.end == self.tokens[index].start

    def _decade(self, index: int) -> bool:
        after = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        return after is not None and after.text == "s" and after.start == self.tokens[index].end

    def _clock(self, index: int) -> int | None:
        """Minutes past midnight of a time written "12.00" or "1200" before a time zone ("GMT"), or None."""
        token = self.tokens[index]
        after = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        if token.kind != "num" or after is None or fold(after.text) not in _TIME_ZONES:
            return None
        match = _CLOCK.fullmatch(token.text)
        return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def extract_facts(text: str, language: str, known: frozenset[str] = frozenset()) -> list[Fact]:
    """The facts in `text`, in order: numbers (with their units), dates and names.

    `known`: folded name words (a source's) that are names even alone at a sentence's start."""
    return _Extractor(text, language, known).run()
