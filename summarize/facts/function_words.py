"""Function words (articles, pronouns, prepositions, conjunctions): no name starts with one, no context rests on one."""

from __future__ import annotations

from functools import lru_cache

from .lexicon import fold

# A few function words per language (no library lists them for name finding).
_FUNCTION_WORDS = {
    "en": "the a an this that these those in on at for with by from to of and but or as after before during "
    "when while if his her their its our my it he she they we i you there here according under over since",
    "es": "el la los las un una unos unas este esta estos estas ese esa en con por para de del y o pero como "
    "tras antes durante cuando mientras si su sus según segun desde sobre entre al lo se",
    "ru": "и в во на с со по к ко о об от до из за для при что как это его ее её их он она они мы вы я не но а "
    "также который которая которые",
}


@lru_cache(maxsize=8)
def _function_words(language: str) -> frozenset[str]:
    return frozenset(fold(word) for word in _FUNCTION_WORDS.get(language, _FUNCTION_WORDS["en"]).split())


def is_function_word(word: str, language: str) -> bool:
    """An article, pronoun, preposition or conjunction: no name starts with it, no context rests on it."""
    return fold(word) in _function_words(language)
