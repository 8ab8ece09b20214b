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
            if not cleaned:
                continue
            if sentences and _continues(sentences[-1], cleaned):
                sentences[-1] = f"{sentences[-1]} {cleaned}"
            else:
                sentences.append(cleaned)
    return sentences


# A first line this short and without a closing full stop reads as a title.
TITLE_WORDS = 16


def looks_like_title(line: str) -> bool:
    """A headline: a short line that does not end like a sentence."""
    words = line.split()
    return 0 < len(words) <= TITLE_WORDS and not line.rstrip().endswith((".", "!", "?", "…", ";", ":", ","))


def lead_text(text: str) -> tuple[str | None, str]:
    """The text's title line (when its first line reads as one and more follows), and the rest."""
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    if rest.strip() and looks_like_title(first.strip()):
        return first.strip(), rest
    return None, stripped


# A "sentence" shorter than this is a fragment (a dateline, a byline) that belongs with the next one.
FRAGMENT_WORDS = 4


def attach_fragments(sentences: list[str]) -> list[str]:
    """Join fragments such as a dateline ("MOSCOW, November 28. /TASS/.") to the sentence after them."""
    joined: list[str] = []
    pending = ""
    for sentence in sentences:
        if len(sentence.split()) < FRAGMENT_WORDS:
            pending = f"{pending}{sentence} "
            continue
        joined.append(pending + sentence)
        pending = ""
    if pending:
        if joined:
            joined[-1] = f"{joined[-1]} {pending.strip()}"
        else:
            joined.append(pending.strip())
    return joined


# A lower-case word of up to six letters and a full stop: "рис.", "approx.", "pág.".
_SHORT_ABBREVIATION = re.compile(r"(?:^|\s)[^\W\d_]{1,6}\.$")


def _continues(previous: str, following: str) -> bool:
    """Whether a break the segmenter made is after an abbreviation it does not know.

    sentencex misses some ("т. е.", "напр.", "p. m.", "approx."). A sentence in English, Spanish
    or Russian does not start in lower case, nor with a number right after a short lower-case
    abbreviation, so such a break is undone. Erring this way only makes a sentence longer, and
    chunking still bounds every piece.
    """
    first = following[0]
    if first.islower():
        return True
    match = _SHORT_ABBREVIATION.search(previous)
    return first.isdigit() and match is not None and match.group().strip()[0].islower()


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
