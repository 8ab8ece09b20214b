"""Sentences and content-word stems of a text, for aligning a summary's facts with where the source says them."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from . import lexicon
from .function_words import is_function_word


def sentence_spans(text: str, language: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each sentence of `text` (sentencex's rules)."""
    from sentencex import segment

    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in segment(language if language in lexicon.SUPPORTED else "en", text):
        stripped = sentence.strip()
        if not stripped:
            continue
        start = text.find(stripped, position)
        if start < 0:
            continue
        spans.append((start, start + len(stripped)))
        position = start + len(stripped)
    return spans or [(0, len(text))]


_STEMMERS = threading.local()  # a Snowball stemmer keeps its word in its own fields: one per thread


def _stemmer(language: str) -> Any:
    import snowballstemmer

    made: dict[str, Any] = _STEMMERS.__dict__.setdefault("by_language", {})
    if language not in made:
        names = {"en": "english", "es": "spanish", "ru": "russian"}
        made[language] = snowballstemmer.stemmer(names.get(language, "english"))
    return made[language]


def content_stems(text: str, language: str) -> set[str]:
    """The stems of a text's content words (three letters or more, no function words), for comparing contexts."""
    from .tokens import tokenize

    words = [token.text for token in tokenize(text) if token.kind in ("word", "num")]
    return {
        stem(word, language)
        for word in words
        if word.isdigit() or (len(word) > 2 and not is_function_word(word, language))
    }


@lru_cache(maxsize=131072)
def stem(word: str, language: str) -> str:
    """A word's Snowball stem, folded (remembered: stemming in Python is a check's main cost)."""
    folded = lexicon.fold(word)
    return folded if folded.isdigit() else str(_stemmer(language).stemWord(folded))


# --- numbers ------------------------------------------------------------------------------------
