"""What the checker knows of each language, taken from maintained libraries.

Month and weekday names, country names and number symbols come from CLDR (Babel); spelled-out
numbers from num2words; Russian lemmas and proper-noun tags from pymorphy3; romanization from
anyascii. The only hand-written table is the scale words ("million", "млн"), which no library lists.
Everything loads on first use and is kept.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

# Languages with full support (number conventions, months, lemmas); others get the language-neutral parts.
SUPPORTED = ("en", "es", "ru")

# Scale words, by folded lemma: "15 million", "15 millones", "15 млн", "1,5 mil millones".
# Spanish "billón" is 10^12 (the long scale), as Spanish style guides and the RAE use it.
SCALES: dict[str, dict[str, int]] = {
    "en": {"thousand": 10**3, "million": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9, "trillion": 10**12},
    "es": {"mil": 10**3, "millon": 10**6, "millones": 10**6, "millardo": 10**9, "billon": 10**12, "billones": 10**12},
    "ru": {
        "тысяча": 10**3,
        "тыс": 10**3,
        "миллион": 10**6,
        "млн": 10**6,
        "миллиард": 10**9,
        "млрд": 10**9,
        "триллион": 10**12,
        "трлн": 10**12,
    },
}

# Words that make the number before them a percentage, by folded lemma.
PERCENT_WORDS = {"percent", "per cent", "percentage", "por ciento", "porciento", "процент", "проц"}

# Words or symbols that make a number money; the currency itself is not compared (translations
# write "US$", "dólares" and "долларов" for the same "$").
CURRENCY_SYMBOLS = "$€£¥₽₴₹"
CURRENCY_WORDS = {
    "dollar", "dollars", "euro", "euros", "pound", "pounds", "ruble", "rubles", "rouble", "roubles", "peso", "pesos",
    "yuan", "yen", "usd", "eur", "rub", "gbp", "dolar", "dolares", "libra", "libras", "rublo", "rublos",
    "доллар", "евро", "рубль", "фунт", "юань", "иена", "песо", "долл", "руб",
}  # fmt: skip

# Particles that join the words of one name: "Antillana de Acero", "Ministry of Industry".
NAME_JOINERS = {"de", "del", "des", "la", "las", "los", "le", "of", "van", "von", "der", "da", "di", "du", "bin", "al"}

# Scale letters written onto a figure: "$15m", "£2bn", "5k".
SCALE_SUFFIXES = {"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}

# pymorphy3 grammemes that mark a proper noun: first names, surnames, patronymics, places, organisations, brands.
PROPER_GRAMMEMES = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}


def fold(word: str) -> str:
    """Lower case without accents ("Álvarez" -> "alvarez"; "ё" -> "е"), for comparing words."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # NFD splits "й" into "и" + breve: put it back, it is a letter of its own in Russian.
    return unicodedata.normalize("NFC", stripped.replace("и\u0306", "й")).replace("ё", "е")


def is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


@lru_cache(maxsize=1)
def morph() -> Any:
    """The pymorphy3 analyzer for Russian (about 70 ms to load)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def russian_parse(word: str) -> Any:
    """pymorphy3's likeliest reading of a Russian word, parsed once for every question asked of it."""
    return morph().parse(word)[0]


@lru_cache(maxsize=65536)
def russian_lemma(word: str) -> tuple[str, bool, bool]:
    """A Russian word's folded lemma, whether it is a proper noun, and whether the dictionary knows it.

    An adjective is never proper: pymorphy3 tags some made from places ("Южнокорейский",
    "Петербургский") as places and most ("Московский", "Новозеландская") not, and the check
    judges no such adjective, so a tag alone must not make one a name."""
    parse = russian_parse(word)
    proper = bool(PROPER_GRAMMEMES & set(parse.tag.grammemes)) and parse.tag.POS not in ("ADJF", "ADJS")
    return fold(parse.normal_form), proper, bool(parse.is_known)


def russian_pos(word: str) -> str:
    """pymorphy3's part of speech for a Russian word ('NOUN', 'ADJF', ...)."""
    return str(russian_parse(word).tag.POS or "")


def russian_grammemes(word: str) -> frozenset[str]:
    """pymorphy3's grammemes for a Russian word's likeliest reading, its part of speech among them."""
    return frozenset(str(g) for g in russian_parse(word).tag.grammemes)


def is_russian_given_name(word: str) -> bool:
    return "Name" in russian_grammemes(word)


def is_russian_place(word: str) -> bool:
    """A place's name (a country, a city), not also a person's: "Франции", "Москвы", "США"."""
    grammemes = russian_grammemes(word)
    return "Geox" in grammemes and not grammemes & {"Name", "Surn", "Patr"}


# The shortest known word that makes an unknown Russian word a compound of it ("Тур|агенты",
# "Кубо|медуза"); shorter endings are as often the tail of a transcribed name ("Цзю|лун", "Крез|ель").
_COMPOUND_TAIL = 5


def is_russian_compound(word: str) -> bool:
    """Whether pymorphy3 reads an unknown Russian word as a prefix on a known common word of at
    least _COMPOUND_TAIL letters: a coined common noun, not a transcribed name."""
    parse = russian_parse(word)
    stack = parse.methods_stack
    if len(stack) < 2 or type(stack[-1][0]).__name__ != "UnknownPrefixAnalyzer":
        return False
    tail = str(stack[0][1])
    return len(tail) >= _COMPOUND_TAIL and not PROPER_GRAMMEMES & set(parse.tag.grammemes)


# Endings of Russian abstract nouns ("Блоггерство", "Толерантность"): a word coined with one is no name.
_ABSTRACT_ENDINGS = ("ство", "ность")


def is_abstract_noun(word: str) -> bool:
    """Whether a Russian word ends as abstract nouns do (a coined common noun, never a name)."""
    return fold(word).endswith(_ABSTRACT_ENDINGS)


def lemma(word: str, language: str) -> str:
    """The folded dictionary form of a word: Russian through pymorphy3, others folded as they are."""
    if language == "ru" and is_cyrillic(word):
        return russian_lemma(word)[0]
    folded = fold(word)
    for suffix in ("'s", "\u2019s"):  # English possessive: "Chekushov's"
        if folded.endswith(suffix):
            return folded[: -len(suffix)]
    return folded


@lru_cache(maxsize=1)
def _anyascii() -> Any:
    from anyascii import anyascii

    return anyascii


def romanize(word: str) -> str:
    """A word in Latin letters, lower case, for matching names across scripts ("Чекушов" -> "chekushov")."""
    return "".join(ch for ch in fold(_anyascii()(word)) if ch.isalnum())


def _calendar_names(language: str, field: str) -> dict[str, int]:
    """Folded wide names of CLDR's `months` or `days`, in both grammatical forms, to their numbers."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return {}
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):  # Russian: "марта" (format) and "март" (stand-alone)
        for number, name in getattr(locale, field)[context]["wide"].items():
            names[fold(name)] = number
    return names


@lru_cache(maxsize=8)
def month_names(language: str) -> dict[str, int]:
    """Folded month names to month numbers 1-12."""
    return _calendar_names(language, "months")


@lru_cache(maxsize=8)
def weekday_names(language: str) -> dict[str, int]:
    """Folded weekday names to 0 (Monday) - 6."""
    return _calendar_names(language, "days")


# English abbreviated months, capitalised and followed by a full stop or a day: "Jan. 5", "Sept 30".
ENGLISH_MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip


@lru_cache(maxsize=8)
def number_words(language: str) -> dict[str, int]:
    """Folded spelled-out numbers 2-20 and the tens to 90 ("three", "tres", "три"), cardinal and
    ordinal ("seventh", "noveno"), to their values.

    One is left out: "one", "una" and "один" are as often pronouns and articles as numbers.
    """
    from num2words import num2words

    words: dict[str, int] = {}
    for value in [*range(2, 21), *range(30, 100, 10)]:
        try:
            words[fold(num2words(value, lang=language))] = value
            # Ordinals too: "the seventh", "el puesto noveno", "7-я" said as "седьмая".
            ordinal = fold(num2words(value, lang=language, to="ordinal"))
        except (NotImplementedError, OverflowError, KeyError, TypeError):
            continue
        if " " not in ordinal:
            words.setdefault(ordinal, value)
    if language == "es":
        words["veintiun"] = 21  # not a fact either way; keeps "veintiún" from reading as a name
    # How many times, which other languages say with the number ("twice": "dos veces").
    words.update({"en": {"twice": 2, "thrice": 3}, "ru": {"дважды": 2, "трижды": 3}}.get(language, {}))
    return words


@lru_cache(maxsize=8)
def decimal_symbols(language: str) -> tuple[str, str]:
    """The language's decimal mark and group separator (CLDR): ('.', ',') for English, (',', '.') for Spanish."""
    from babel import UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        return get_decimal_symbol(language), get_group_symbol(language)
    except (UnknownLocaleError, ValueError):
        return ".", ","


@lru_cache(maxsize=8)
def territory_names(language: str) -> dict[str, str]:
    """Folded country and region names in `language` to their English names ("куба" -> "cuba")."""
    from babel import Locale, UnknownLocaleError

    try:
        local, english = Locale.parse(language), Locale.parse("en")
    except (UnknownLocaleError, ValueError):
        return {}
    names: dict[str, str] = {}
    for code, name in local.territories.items():
        if code in english.territories:
            key = lemma(name, language) if " " not in name else fold(name)
            names[key] = fold(english.territories[code])
            head, _, rest = name.partition(" ")
            if head in ("Islas", "Isla") and rest:  # "Malvinas" alone for the Islas Malvinas
                names.setdefault(fold(rest), fold(english.territories[code]))
    return names


@lru_cache(maxsize=8)
def country_names(language: str) -> frozenset[str]:
    """Folded names of countries and continents in `language` of at most three plain words ("cuba",
    "united states"), English news's own names ("turkey", "america") with them in English; regions
    of statistics ("world", "eurozone") left out."""
    from babel import Locale, UnknownLocaleError

    try:
        names = list(Locale.parse(language).territories.items())
    except (UnknownLocaleError, ValueError):
        return frozenset()
    kept = [name for code, name in names if code.isalpha() and code not in _NOT_PLACES]
    if language == "en":
        kept += [alias for aliases in ENGLISH_ALIASES.values() for alias in aliases]
    plain = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+){0,2}")  # up to three words of letters
    return frozenset(name for name in map(fold, kept) if plain.fullmatch(name))


_NOT_PLACES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
# Names English news still uses for countries CLDR has renamed or names formally, by CLDR code.
ENGLISH_ALIASES = {
    "TR": ("Turkey", "Turkish"), "GB": ("UK", "Britain", "British"), "US": ("America", "American"),
    "CZ": ("Czech",), "NL": ("Holland", "Dutch"), "CI": ("Ivory Coast",), "MM": ("Burma",), "MK": ("Macedonia",),
    "SZ": ("Swaziland",), "FR": ("French",), "DE": ("German",), "ES": ("Spanish",), "CN": ("Chinese",),
}  # fmt: skip


@lru_cache(maxsize=8)
def english_territories() -> dict[str, str]:
    """Folded English country and region names to their CLDR codes ("united states" -> "US")."""
    from babel import Locale

    return {fold(name): code for code, name in Locale.parse("en").territories.items()}


@lru_cache(maxsize=1)
def english_territory_names() -> dict[str, str]:
    """CLDR codes to folded English country and region names ("US" -> "united states")."""
    return {code: name for name, code in english_territories().items()}


def is_acronym(word: str) -> bool:
    """ФБР, PIB, EE: upper-case abbreviations, translated letter by letter or not at all."""
    letters = [ch for ch in word if ch.isalpha()]
    return 1 < len(letters) <= 6 and all(ch.isupper() for ch in letters)
