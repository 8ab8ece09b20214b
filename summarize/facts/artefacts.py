"""Model artefacts in a summary: tokens no writer types (`<unk>`, `UNK`, `<pad>`), byte junk, and phrases
a decoder repeated in a loop. Each is a finding of its own (status 'artefact'), never taken for a name."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Special tokens as tokenizers print them, and the literal UNK that older systems wrote.
_TOKENS = re.compile(
    r"<unk>|<pad>|</?s>|<mask>|\[(?:UNK|PAD|CLS|SEP|MASK)\]|<\|[a-z_]{2,20}\|>|(?<![\w-])(?:UNK|unk)(?![\w-])"
)
# U+FFFD (bytes that were not UTF-8) and UTF-8 read as Latin-1 ("Ã©", "â€™").
_JUNK = re.compile(r"\ufffd+|(?:Ã[\u0080-\u00bf]|â€[\u0080-\u00bf\u2018-\u201d\u2122]?)+")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Artefact:
    text: str
    start: int
    end: int


def find_artefacts(text: str) -> list[Artefact]:
    """Every artefact in `text`, in order, none overlapping another."""
    found = [Artefact(m.group(0), m.start(), m.end()) for m in _TOKENS.finditer(text)]
    found += [Artefact(m.group(0), m.start(), m.end()) for m in _JUNK.finditer(text)]
    found += _repeats(text)
    found.sort(key=lambda a: (a.start, -a.end))
    kept: list[Artefact] = []
    for artefact in found:
        if not kept or artefact.start >= kept[-1].end:
            kept.append(artefact)
    return kept


def _repeats(text: str) -> list[Artefact]:
    """A phrase said again at once: a word or two three times in a row, three to eight words twice."""
    words = list(_WORD.finditer(text))
    folded = [m.group(0).lower() for m in words]
    found: list[Artefact] = []
    index = 0
    while index < len(words):
        span = _repeat_at(folded, index)
        if span is None:
            index += 1
            continue
        start, end = words[index].start(), words[index + span - 1].end()
        found.append(Artefact(text[start:end], start, end))
        index += span
    return found


def _repeat_at(folded: list[str], index: int) -> int | None:
    """How many words, from `index`, make one phrase and its repetitions; None when none repeats."""
    for size in range(8, 0, -1):
        copies = 3 if size <= 2 else 2
        if index + size * copies > len(folded):
            continue
        phrase = folded[index : index + size]
        if size <= 2 and not any(len(word) > 1 for word in phrase):
            continue
        if all(folded[index + k * size : index + (k + 1) * size] == phrase for k in range(1, copies)):
            repeats = copies
            while folded[index + repeats * size : index + (repeats + 1) * size] == phrase:
                repeats += 1
            return size * repeats
    return None
