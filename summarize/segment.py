"""Sentence segmentation (sentencex) and language detection (py3langid)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def split_paragraphs(text: str) -> list[str]:
    """The non-blank paragraphs of `text`, split at blank lines."""
    return [p for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def split_sentences(text: str, language: str) -> list[str]:
    """Split `text` into sentences with the rules for `language`, each stripped, none empty.

    Paragraph breaks always end a sentence, so a headline without a full stop stays apart.
    """
    from sentencex import segment  # its per-language rules load on first use

    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        for sentence in segment(language, paragraph):
            cleaned = " ".join(sentence.split())
            if cleaned:
                sentences.append(cleaned)
    return sentences


@dataclass(frozen=True)
class Detection:
    """A detected language and how sure the detector is (probability among all its languages)."""

    language: str
    probability: float

    @property
    def reliable(self) -> bool:
        return self.probability >= RELIABLE


# Below this probability a guess is not trusted on its own (py3langid is weak on a few words).
RELIABLE = 0.9


def detect_language(text: str, likely: Sequence[str] = ()) -> Detection:
    """The most probable ISO 639 code for `text`.

    When the detector is unsure, the choice is narrowed to the `likely` languages (those the
    user works with), so a short English headline is not taken for Nigerian Pidgin.
    """
    import py3langid

    # The first few thousand characters decide as well as the whole text, and much faster.
    ranked = py3langid.rank(text[:5000])
    best = ranked[0][1]
    weights = {language: math.exp(score - best) for language, score in ranked}
    total = sum(weights.values())
    top = ranked[0][0]
    detection = Detection(top, weights[top] / total)
    if detection.reliable or not likely:
        return detection
    candidates = {language: weights.get(language, 0.0) for language in likely}
    choice = max(candidates, key=lambda language: candidates[language])
    return Detection(choice, candidates[choice] / total)
