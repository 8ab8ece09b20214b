"""The coverage guard: every source sentence maps to a translation that is there, translated, and whole.

Translators fail silently: OPUS-MT and NLLB drop sentences, echo the source, answer in the
wrong language, or loop. Each sentence's translation is tested here; one that fails is
translated again with other decoding settings (`RETRIES`), and what still fails becomes a
warning on that language, naming the sentence. Sentences are already translated one at a time,
so a retry changes the decoding, not the batch.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ..generation import GenerationOptions, other_beams

# Bump when the guard's rules change: cached translations carry its warnings.
GUARD_VERSION = 2
# A translation's length in characters against its source's: outside this, something was dropped or repeated.
MIN_RATIO, MAX_RATIO = 0.3, 3.2
# Shorter sources have too little text for a ratio or a language to mean anything.
MIN_CHARS_FOR_RATIO = 30
MIN_CHARS_FOR_LANGUAGE = 25
# How sure the language detector must be before a translation is said to be in the wrong language.
SURE = 0.9


def _other_beams(options: GenerationOptions) -> GenerationOptions:
    return dataclasses.replace(options, num_beams=other_beams(options.num_beams))


# One retry, with the other beam count: a sentence that fails both ways is reported, not ground at.
RETRIES: tuple[Callable[[GenerationOptions], GenerationOptions], ...] = (_other_beams,)

_WORDS = re.compile(r"[^\W\d_]+")


def _letters(text: str) -> str:
    return " ".join(word.casefold() for word in _WORDS.findall(text))


def _names_and_numbers_only(text: str) -> bool:
    """ "Roman Chekushov." or "2026": the same in any language, so an unchanged copy is right."""
    words = _WORDS.findall(text)
    return all(word[0].isupper() for word in words)


def problem(source: str, output: str, source_language: str, target_language: str) -> str | None:
    """Why `output` is not a translation of `source` into `target_language`, or None when it passes."""
    if not output.strip():
        return "came back empty"
    if source_language == target_language:
        return None
    if _letters(output) == _letters(source) and _letters(source) and not _names_and_numbers_only(source):
        return "came back untranslated (a copy of the source)"
    if len(source.strip()) >= MIN_CHARS_FOR_RATIO:
        ratio = len(output.strip()) / len(source.strip())
        if ratio < MIN_RATIO:
            return f"came back {ratio:.1f}x as long as the source: part of it is missing"
        if ratio > MAX_RATIO:
            return f"came back {ratio:.1f}x as long as the source: it repeats or adds"
    if len(output.strip()) >= MIN_CHARS_FOR_LANGUAGE and not _names_and_numbers_only(output):
        from ..segment import detect_language

        detection = detect_language(output, likely=[target_language, source_language])
        if detection.language != target_language and detection.probability >= SURE:
            return f"came back in {detection.language!r}, not {target_language!r}"
    return None


# A summary as long as its input, word for word, of an input at least this long, is an echo, not a summary.
MIN_WORDS_FOR_ECHO = 25


def summary_problem(source: str, summary: str) -> str | None:
    """Why `summary` is no summary of `source` (empty, or the input echoed back), or None when it passes."""
    if not summary.strip():
        return "came back empty"
    words = _letters(source)
    if len(words.split()) >= MIN_WORDS_FOR_ECHO and _letters(summary) == words:
        return "came back as a copy of the whole input"
    return None
