"""How frequent a word is in a language (wordfreq's small lists), read without importing wordfreq."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .lexicon import fold, lemma

# Words at least this frequent (wordfreq's Zipf scale: 4 is once per 100,000 words) are, in a
# translation, mostly translated words or exonyms ("Ciudad", "Roma", "Джон"): not checkable by
# their sound against another language.
COMMON_ZIPF = 4.0
# wordfreq's small lists end near Zipf 3 (once per million words): below it a word is not in the list.
LIST_FLOOR_ZIPF = 3.0
# Rarer than this (in a lower-cased summary: names, rare terms, typos; see gazetteer.py).
RARE_ZIPF = 4.0


@lru_cache(maxsize=8)
def _small_wordlist(language: str) -> dict[str, float] | None:
    """The words of wordfreq's small list for `language` (word -> Zipf, down to the list's floor), or None.

    Read from the package's data file in its documented cBpack layout (bucket i holds the words
    of Zipf 9 - i/100): importing wordfreq itself pulls in its tokenizers and language data,
    a tenth to a fifth of a second per process, for a lookup this needs none of.
    """
    import gzip
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"small_{language}.msgpack.gz"
    try:
        import msgpack

        with gzip.open(path, "rb") as handle:
            data = msgpack.load(handle, raw=False)
    except (OSError, ValueError, ImportError, EOFError):
        return None
    if not data or data[0] != {"format": "cB", "version": 1}:
        return None
    frequencies: dict[str, float] = {}
    last = round((9 - LIST_FLOOR_ZIPF) * 100)
    for bucket, words in enumerate(data[1 : last + 2]):
        zipf = round(9 - bucket / 100, 2)
        for word in words:
            frequencies.setdefault(word, zipf)
    return frequencies


def _zipf(word: str, language: str) -> float:
    table = _small_wordlist(language)
    if table is not None:
        return table.get(word, 0.0)
    from wordfreq import zipf_frequency  # the file was not where it used to be: ask the package

    return float(zipf_frequency(word, language, wordlist="small"))


@lru_cache(maxsize=65536)
def is_common(word: str, language: str) -> bool:
    """Whether a word is frequent in `language` (wordfreq), so its translation cannot be guessed from its sound."""
    key = lemma(word, language) if language == "ru" else word.lower()  # "Рима" counts as "рим"
    frequency = _zipf(key, language)
    if frequency < COMMON_ZIPF:
        return False
    # "Trump", "John", "París": as frequent in English (accents aside) as here, so a name both
    # languages spell alike, not a translated word ("Mejor", "Plaza", "Roma" are far rarer in English).
    english = fold(word)
    return not (english.isascii() and language != "en" and _zipf(english, "en") >= frequency)


@lru_cache(maxsize=65536)
def is_translated_word(word: str, language: str) -> bool:
    """Whether a word of a name reads as a word of this language that English lacks ("Sueca", "Láctea"):
    in the language's list, not common enough for is_common, and absent from English's list."""
    english = fold(word)
    if language == "en" or not english.isascii() or _zipf(english, "en") > 0:
        return False
    return _zipf(word.lower(), language) >= LIST_FLOOR_ZIPF


def is_listed(word: str, language: str) -> bool:
    """Whether a word is in wordfreq's small list of `language` at all."""
    return _zipf(lemma(word, language) if language == "ru" else word.lower(), language) >= LIST_FLOOR_ZIPF


def is_rare(word: str, language: str) -> bool:
    """Whether a word is rarer than RARE_ZIPF in `language` (wordfreq: names, rare terms, typos)."""
    return _zipf(lemma(word, language) if language == "ru" else word.lower(), language) < RARE_ZIPF
