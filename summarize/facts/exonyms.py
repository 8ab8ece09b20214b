"""Names a language writes its own way, looked up in an English source by their English names.

"Londres", "Tokio", "Лондоне" cannot be told from their sound to be London, Tokyo and London:
cities come from CLDR's time-zone cities (via Babel; about 400 in each language). Countries are in
lexicon.territory_names. International acronyms that languages translate ("ONU", "США", "НАТО")
are a short table here: there is no library of them.
"""

from __future__ import annotations

from functools import lru_cache

from . import lexicon


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
           "ФИФА": ("FIFA",), "НАСА": ("NASA",), "ВВС": ("BBC", "Air Force", "RAF", "USAF"),
           "ГРИНВИЧ": ("GMT", "Greenwich", "UTC")},  # "по Гринвичу" is how Russian says GMT
}  # fmt: skip
