"""Names a language writes its own way, looked up in an English source by their English names.

"Londres", "Tokio", "Лондоне" cannot be told from their sound to be London, Tokyo and London:
cities come from CLDR's time-zone cities (via Babel; about 400 in each language). Countries are in
lexicon.territory_names. International acronyms that languages translate ("ONU", "США", "НАТО")
are a short table here: there is no library of them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from . import lexicon

if TYPE_CHECKING:
    from .matching import SourceIndex


@lru_cache(maxsize=8)
def city_names(language: str) -> dict[str, str]:
    """Folded city names in `language` (and their Russian lemmas) to their English names ("londres" -> "London")."""
    from babel import Locale, UnknownLocaleError

    try:
        local = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return {}
    names: dict[str, str] = {}
    for zone, data in local.time_zones.items():
        city = data.get("city") if hasattr(data, "get") else None
        if not city or "/" not in zone or zone.startswith("Etc/"):
            continue
        english = zone.rsplit("/", 1)[1].replace("_", " ")
        if lexicon.fold(city) == lexicon.fold(english):
            continue  # spelled alike: found as written
        names[lexicon.fold(city)] = english
        if language == "ru" and " " not in city:
            names[lexicon.lemma(city, language)] = english  # "Лондоне" is "лондон"
    return names


def city_spots(words: tuple[str, ...], text: str, index: SourceIndex, language: str) -> list[tuple[int, int]] | None:
    """Where the source names the city a name is ("Londres": London), [] if it does not, None if it is no city."""
    cities = city_names(language) if language in lexicon.SUPPORTED and language != index.language else {}
    english = cities.get(lexicon.fold(text)) or cities.get(" ".join(words))
    if english is None:
        return None
    found = re.search(r"\b" + re.escape(english).replace(r"\ ", r"\s+") + r"\b", index.text, re.IGNORECASE)
    return [(found.start(), found.end())] if found else []


# Acronyms translated rather than kept, by language, to the English forms a source may use.
TRANSLATED_ACRONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {"ONU": ("UN", "U.N.", "United Nations"), "OTAN": ("NATO",), "UE": ("EU", "European Union"),
           "EEUU": ("US", "U.S.", "USA", "United States", "America"), "EE.UU": ("US", "U.S.", "USA", "United States",
           "America"), "URSS": ("USSR", "Soviet"), "OMS": ("WHO", "World Health Organization"),
           "FMI": ("IMF", "International Monetary Fund"), "ADN": ("DNA",), "OEA": ("OAS", "Organization of American")},
    "ru": {"США": ("US", "U.S.", "USA", "United States", "America"), "ООН": ("UN", "U.N.", "United Nations"),
           "НАТО": ("NATO",), "ЕС": ("EU", "European Union"), "СССР": ("USSR", "Soviet"), "ЮАР": ("South Africa",),
           "ОАЭ": ("UAE", "United Arab Emirates", "Emirates"), "КНР": ("China", "PRC", "People's Republic"),
           "КНДР": ("North Korea", "DPRK"), "ФРГ": ("Germany", "FRG"), "ВОЗ": ("WHO", "World Health Organization"),
           "МВФ": ("IMF", "International Monetary Fund"), "ФБР": ("FBI",), "ЦРУ": ("CIA",), "ДНК": ("DNA",),
           "ЮНЕСКО": ("UNESCO",), "ЮНИСЕФ": ("UNICEF",), "МОК": ("IOC", "Olympic Committee"),
           "ФИФА": ("FIFA",), "НАСА": ("NASA",), "ВВС": ("BBC", "Air Force", "RAF", "USAF")},
}  # fmt: skip


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
