"""Names a language writes its own way, found in an English source: cities and translated acronyms by
their English names (exonyms.py has the lists), Roman numerals by their value, the acronyms
languages keep as they are; and which Russian names are judged by their sound at all."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from . import lexicon, wordlists
from .exonyms import TRANSLATED_ACRONYMS, city_names
from .matching import SourceIndex

ROMAN = re.compile(r"(?=[IVXL]{2})L?X{0,3}(?:IX|IV|V?I{0,3})")  # II to LXXXIX: centuries, monarchs


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral that ROMAN matches ("XIV": 14)."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    digits = [values[ch] for ch in numeral]
    return sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d for i, d in enumerate(digits))


def value_spots(value: int, index: SourceIndex) -> list[tuple[int, int]]:
    """Where the source states a number ("16th", "sixteenth", "16"), for a Roman numeral, or the
    century's hundreds ("the 1800s" for siglo XIX)."""
    spots = [(fact.start, fact.end) for fact in index.values.get(Decimal(value), [])]
    hundreds = re.search(rf"\b{(value - 1) * 100}['\u2019]?s\b", index.text) if value > 1 else None
    return spots + ([hundreds.span()] if hundreds else [])


def kept_acronym(surface: str, language: str) -> bool:
    """Whether an acronym in Latin letters is one languages keep as it is ("UCLA", "NASA"), not one
    translated ("ONU" for UN, "OTAN", "EE. UU."; "ФБР" is in another script): three letters or
    more, and not a word of this language's list that English's lacks."""
    letters = "".join(ch for ch in surface if ch.isalpha())
    if len(letters) < 3 or not letters.isascii() or letters in _currency_codes():
        return False  # a currency code ("JPY") is not a name: the source writes "¥" or "yen"
    return wordlists.is_listed(letters, "en") or not wordlists.is_listed(letters, language)


@lru_cache(maxsize=1)
def _currency_codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def city_spots(words: tuple[str, ...], text: str, index: SourceIndex, language: str) -> list[tuple[int, int]] | None:
    """Where the source names the city a name is ("Londres": London), [] if it does not, None if it is no city."""
    cities = city_names(language) if language in lexicon.SUPPORTED and language != index.language else {}
    english = cities.get(lexicon.fold(text)) or cities.get(" ".join(words))
    if english is None:
        return None
    # Its adjective counts too: "Roman", "Parisian", "Londoner".
    name = re.escape(english).replace(r"\ ", r"\s+")
    adjective = rf"|{re.escape(english[:-1])}\w+" if english.endswith("e") and len(english) > 3 else ""
    found = re.search(rf"\b(?:{name}\w*{adjective})\b", index.folded_text, re.IGNORECASE)
    return [(found.start(), found.end())] if found else []


def acronym_spots(surface: str, index: SourceIndex, language: str) -> list[tuple[int, int]] | None:
    """Where the source says what a translated acronym stands for ("ONU": UN, United Nations), None if it is none."""
    forms = TRANSLATED_ACRONYMS.get(language, {}).get(surface.replace(" ", "").rstrip(".").upper())
    if forms is None:
        return None
    # Words may take an ending ("American", "Soviets"); acronyms stand alone ("US" is not "USAF").
    pattern = "|".join(
        re.escape(form).replace(r"\ ", r"\s+") + (r"\w*" if not form.isupper() else "") for form in forms
    )
    found = re.search(r"(?<!\w)(?:" + pattern + r")(?!\w)", index.text)
    return [(found.start(), found.end())] if found else []


def initials_spots(surfaces: list[str], index: SourceIndex) -> list[tuple[int, int]]:
    """Where the source has the acronym of an institution's name, its letters in any order
    ("Administración Federal de Aviación": FAA, "Centro Nacional de Huracanes": NHC)."""
    letters = sorted(word[0] for word in surfaces if word[:1].isupper())
    if len(letters) < 3:
        return []
    for match in re.finditer(r"\b[A-Z]{3,6}\b", index.text):
        if sorted(match.group(0)) == letters:
            return [match.span()]
    return []


def is_judged_given_name(surface: str, language: str) -> bool:
    """A frequent Russian given name alone ("отправились в Петра", "Марии"): transcribed from the source's,
    so judged by its sound. Before a surname it is left unjudged, as other frequent words: it is as
    often the Russian form of another spelling ("Мишель Бахман" for Michele Bachmann, "Стив" for Steven)."""
    return language == "ru" and lexicon.is_cyrillic(surface) and lexicon.is_russian_given_name(surface)


def is_coined_organisation(surface: str, language: str) -> bool:
    """Russian organisation names ("Минпромторг") are coined from the translated name: not checkable by sound."""
    if language != "ru" or not lexicon.is_cyrillic(surface):
        return False
    return "Orgn" in str(lexicon.russian_parse(surface).tag)


# "Saint" as names write it in a hyphened place ("Сент-Хелиерс" for St Heliers, "San-Martín"): a
# title translated or abbreviated ("St"), so the name is judged by its other parts.
_SAINTS = {"сент", "сен", "санкт", "сан", "санта", "санто", "saint", "sainte", "san", "santa", "santo", "sao"}


def is_saint(part: str) -> bool:
    """Whether a part of a hyphened name is a "Saint" ("Сент", "San")."""
    return lexicon.fold(part) in _SAINTS
