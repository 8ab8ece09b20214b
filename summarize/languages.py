"""Language codes: validation and display names from ISO 639 (`iso639.py`, pycountry for the rest)."""

from __future__ import annotations

from functools import lru_cache

from .errors import UsageError
from .iso639 import ISO_639_1

# The summarizer's language: other languages are translated into it and out of it. Named only here.
PIVOT = "en"
# Every ISO 639-3 code that has an ISO 639-1 code ('rus' -> 'ru'): pycountry knows no other pairs.
_BY_ALPHA_3 = {alpha_3: alpha_2 for alpha_2, (alpha_3, _) in ISO_639_1.items()}


@lru_cache(maxsize=256)
def language_name(code: str) -> str | None:
    """The English name of an ISO 639-1 or 639-3 code ('es' -> 'Spanish'), or None if unknown."""
    if not code.isascii() or not code.isalpha() or len(code) not in (2, 3):
        return None
    code = code.lower()
    if code in ISO_639_1:
        return ISO_639_1[code][1]
    if len(code) == 2:
        return None
    if code in _BY_ALPHA_3:
        return ISO_639_1[_BY_ALPHA_3[code]][1]
    import pycountry  # imported here: it reads its JSON database on first use

    entry = pycountry.languages.get(alpha_3=code)
    if entry is None:
        return None
    return str(getattr(entry, "common_name", None) or entry.name)


def describe_language(code: str) -> str:
    """'Russian (ru)'."""
    return f"{language_name(code) or code} ({code})"


def normalize_language(code: object) -> str:
    """Lower-case and validate one language code, or raise UsageError naming the problem."""
    if not isinstance(code, str):
        raise UsageError(f"a language code must be a string such as 'en', got {code!r}")
    cleaned = code.strip().lower()
    if language_name(cleaned) is None:
        raise UsageError(f"unknown language code {code!r}: use ISO 639-1 codes such as en, es, ru, de, fr")
    return cleaned


def parse_language_list(value: object, *, name: str = "languages") -> tuple[str, ...]:
    """Parse 'en,es,ru' (or a list) into validated codes, keeping order and dropping repeats."""
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        items = list(value)
    else:
        raise UsageError.bad_value(
            name, f"must be a comma-separated string or a list of language codes such as 'en,es,ru', got {value!r}"
        )
    codes: list[str] = []
    for item in items:
        if not item.strip():
            continue
        code = normalize_language(item)
        if code not in codes:
            codes.append(code)
    if not codes:
        raise UsageError("no output language given: pass `languages` with codes such as en,es,ru")
    return tuple(codes)


@lru_cache(maxsize=1024)
def canonical_language(code: str) -> str:
    """The code as summarize names the language: ISO 639-1 where the language has one ('rus' -> 'ru'),
    else the ISO 639-3 code as it is ('ast')."""
    cleaned = code.strip().lower()
    if len(cleaned) == 3 and cleaned.isascii() and cleaned.isalpha():
        return _BY_ALPHA_3.get(cleaned, cleaned)
    return cleaned


def alpha_3(code: str) -> str | None:
    """The ISO 639-3 code of a language ('ru' -> 'rus'), or None when ISO 639 knows none."""
    if len(code) == 3:
        return code
    entry = ISO_639_1.get(code)
    return entry[0] if entry is not None else None


# The script a language is written in, where it is not Latin (the common case).
_SCRIPTS = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "kk", "ky", "mn", "tg", "tt", "ba", "cv"), "CYRILLIC"),
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ug", "sd"), "ARABIC"),
    **dict.fromkeys(("he", "yi"), "HEBREW"), **dict.fromkeys(("hi", "mr", "ne", "sa"), "DEVANAGARI"),
    "el": "GREEK", "th": "THAI", "ka": "GEORGIAN", "hy": "ARMENIAN", "ko": "HANGUL", "zh": "CJK", "ja": "CJK",
    "bn": "BENGALI", "ta": "TAMIL", "te": "TELUGU", "am": "ETHIOPIC", "km": "KHMER", "my": "MYANMAR",
}  # fmt: skip
# Serbian is written in both alphabets: no script tells it apart.
_ANY_SCRIPT = frozenset({"sr", "bs", "sh"})


def _script(char: str) -> str:
    import unicodedata

    name = unicodedata.name(char, "")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA")):
        return "CJK"
    return name.split(" ", 1)[0]


def plainly_other_script(text: str, language: str) -> bool:
    """Whether `text` is mostly (90% of its first 2,000 letters) in a script `language` is not written
    in: a check that needs no detector, for a source language the user gave."""
    if language in _ANY_SCRIPT:
        return False
    letters = [char for char in text[:2000] if char.isalpha()]
    if len(letters) < 20:
        return False
    expected = _SCRIPTS.get(language, "LATIN")
    other = sum(1 for char in letters if _script(char) != expected)
    return other >= 0.9 * len(letters)
