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


Span = tuple[int, int]


def _paragraph_spans(text: str) -> list[Span]:
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def sentence_spans(text: str, language: str) -> list[Span]:
    """Where each sentence of `text` starts and ends, by the rules for `language` (sentencex).

    Paragraph breaks always end a sentence, so a headline without a full stop stays apart; a
    break after an abbreviation sentencex does not know is undone (see `_continues`). A line
    break inside a paragraph (hard-wrapped text) never ends a sentence.
    """
    from sentencex import segment  # its per-language rules load on first use

    spans: list[Span] = []
    for first, last in _paragraph_spans(text):
        paragraph, position = text[first:last], 0
        for piece in segment(language, paragraph):
            stripped = piece.strip()
            if not stripped:
                continue
            found = paragraph.find(stripped, position)
            at = found if found >= 0 else position  # sentencex hands back pieces of its input
            span = (first + at, first + at + len(stripped))
            position = at + len(stripped)
            if spans and _continues(text[slice(*spans[-1])], stripped):
                spans[-1] = (spans[-1][0], span[1])
            else:
                spans.append(span)
    return spans


def collapse(text: str) -> str:
    """Runs of whitespace (line breaks of wrapped text included) as one space, stripped."""
    return " ".join(text.split())


def split_sentences(text: str, language: str) -> list[str]:
    """Split `text` into sentences with the rules for `language`, each stripped and on one line, none empty."""
    return [collapse(text[a:b]) for a, b in sentence_spans(text, language)]


def join_spans(text: str, spans: Sequence[Span]) -> str:
    """The sentences at `spans` as one text: neighbours keep what stood between them in `text`
    (".*" stays ".*"; whitespace becomes one space), others are joined with a space."""
    parts: list[str] = []
    for index, (start, end) in enumerate(spans):
        if index:
            parts.append(" " if text[spans[index - 1][1] : start] else "")
        parts.append(collapse(text[start:end]))
    return "".join(parts)


# A first line this short and without a closing full stop may be a title.
TITLE_WORDS = 16
# A title above a paragraph is clearly shorter than the paragraph's (wrapped) lines.
_TITLE_SHARE = 0.75


def looks_like_title(line: str) -> bool:
    """A headline: a short line that does not end like a sentence."""
    words = line.split()
    return 0 < len(words) <= TITLE_WORDS and not line.rstrip().endswith((".", "!", "?", "…", ";", ":", ","))


def title_of(text: str) -> str | None:
    """The text's title: its first line when it reads as one and clearly is one.

    It is, when a blank line follows it; with no blank line, only when the next line does not go
    on with the same sentence (it starts with a capital or a digit) and is clearly longer, as a
    wrapped paragraph's lines are. So hard-wrapped prose and wire copy keep their first line.
    """
    lines = text.strip().split("\n")
    first = lines[0].strip()
    if len(lines) < 2 or not looks_like_title(first):
        return None
    following = lines[1].strip()
    if not following:
        return first if "\n".join(lines[2:]).strip() else None
    starts_anew = following[0].isupper() or following[0].isdigit() or not following[0].isalpha()
    return first if starts_anew and len(first) <= _TITLE_SHARE * len(following) else None


def lead_text(text: str) -> tuple[str | None, str]:
    """The text's title line (see `title_of`), and the rest; no title, and the whole text, otherwise."""
    stripped = text.strip()
    title = title_of(stripped)
    if title is None:
        return None, stripped
    return title, stripped.partition("\n")[2]


# A "sentence" shorter than this is a fragment (a dateline, a byline) that belongs with the next one.
FRAGMENT_WORDS = 4


def attach_fragment_spans(text: str, spans: list[Span]) -> list[Span]:
    """`attach_fragments` over spans: a fragment's span grows to take in the sentence after it (or before, last)."""
    joined: list[Span] = []
    pending: int | None = None
    for start, end in spans:
        if len(text[start:end].split()) < FRAGMENT_WORDS:
            pending = start if pending is None else pending
            continue
        joined.append((pending if pending is not None else start, end))
        pending = None
    if pending is not None:
        if joined:
            joined[-1] = (joined[-1][0], spans[-1][1])
        else:
            joined.append((pending, spans[-1][1]))
    return joined


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
# A text shorter than this (characters) is taken for a language outside those in play only when
# the detector is overwhelmingly sure.
SHORT_TEXT = 200
OVERWHELMING = 0.999
# The languages a short text is most likely in, beyond those a run works with (most used on the web).
WIDELY_USED = (
    *("en", "es", "ru", "fr", "de", "pt", "it", "zh", "ja", "ar", "hi", "tr", "pl", "uk", "nl", "ko"),
    *("fa", "id", "vi", "sv", "cs", "el", "he", "ro", "hu", "bg", "sr", "hr", "da", "fi", "no", "th"),
)


def rank_languages(text: str) -> list[tuple[str, float]]:
    """py3langid's ranking of every language it knows for `text` (log-probabilities, best first)."""
    from .detector import identifier

    # The first few thousand characters decide as well as the whole text, and much faster.
    return [(str(language), float(score)) for language, score in identifier().rank(text[:5000])]


def detect_language(
    text: str, likely: Sequence[str] = (), *, ranked: list[tuple[str, float]] | None = None
) -> Detection:
    """The most probable ISO 639 code for `text` (from `ranked`, its ranking, when given).

    When the detector is unsure, the choice is narrowed to the `likely` languages (those the
    user works with). A short text is narrowed further, to those and the widely used languages,
    unless the evidence is overwhelming: a few words give the detector little to go on, and
    "Cuba and Russia met on Monday." reads as Nigerian Pidgin at 96%.
    """
    ranked = ranked if ranked else rank_languages(text)
    best = ranked[0][1]
    weights = {language: math.exp(score - best) for language, score in ranked}
    total = sum(weights.values())
    top = ranked[0][0]
    detection = Detection(top, weights[top] / total)
    in_play = list(dict.fromkeys([*likely, *WIDELY_USED])) if likely else list(WIDELY_USED)
    if len(text.strip()) < SHORT_TEXT and top not in in_play and detection.probability < OVERWHELMING:
        # Sure or not is then judged among the languages in play: "en" against "es" and "ru".
        return _best_of(in_play, weights, sum(weights.get(language, 0.0) for language in in_play))
    if detection.reliable or not likely:
        return detection
    return _best_of(likely, weights, total)


def _best_of(languages: Sequence[str], weights: dict[str, float], total: float) -> Detection:
    choice = max(languages, key=lambda language: weights.get(language, 0.0))
    return Detection(choice, weights.get(choice, 0.0) / total)
