"""Numbers keep their nouns: "350 children" is not supported by a source that has 50 children and
350 students, though 350 and "children" are both in it. Same language only (a translated noun
is another word).

Only a plain count is bound: a number right before a lower-case noun ("50 children", "a 50-minute
trek"), or before "of the" and another count ("Seventeen of the 30 counts"). Scores, odds and
ranges (2-1, 40/1), ages and other numbers followed by punctuation or a name are left alone.
"""

from __future__ import annotations

import re

from .extract import Fact
from .function_words import is_function_word
from .lexicon import lemma
from .matching import SourceIndex
from .stems import stem

# A count's noun, right after it: "-minute", " children", " of the 30 counts".
_NOUN = re.compile(r"(?:-| )(?:of the (?:\d[\d.,]* )?)?([a-zа-яёáéíóúñü][\w'-]*)")
_NUMBER = re.compile(r"\d[\d.,]*")
_THOUSANDS = re.compile(r"(?:[,.]\s?\d{3}(?!\d))*")


def counted_noun(text: str, fact: Fact, language: str) -> str | None:
    """The noun a plain number counts in `text` ("children" in "50 children"), as a lemma, or None."""
    if fact.kind != "number" or (fact.start and text[fact.start - 1] in "-/:\u2013"):
        return None
    return _noun_at(text, fact.end, language)


def _noun_at(text: str, end: int, language: str) -> str | None:
    # The rest of a number written apart ("10, 000", as tokenized news sets have it) is part of it.
    tail = _THOUSANDS.match(text, end)  # matches always (it may match nothing)
    end = tail.end() if tail else end
    if end < len(text) and text[end] in "/:\u2013":
        return None  # odds and scores: 40/1, 2:1
    match = _NOUN.match(text, end)
    if match is None:
        return None
    word = match.group(1)
    if is_function_word(word, language) or len(word) < 3 or word.endswith("-old"):
        return None  # "47-year-old" is an age, which sources state many ways ("Kensit, 47,")
    return _key(word.split("-")[0], language)


def _key(word: str, language: str) -> str:
    """A noun as counts compare it: its lemma, stemmed ("minutes" and "minute" alike)."""
    return stem(lemma(word, language), language)


def apart_in_source(noun: str, spots: list[tuple[int, int]], index: SourceIndex, language: str) -> bool:
    """Whether the source never counts `noun` with this number but counts it with another: the summary
    moved the number to another noun."""
    text = index.text
    if any(_noun_at(text, end, language) == noun or _inside(text, start, end, noun, language) for start, end in spots):
        return False
    return any(_noun_at(text, match.end(), language) == noun for match in _NUMBER.finditer(text))


def _inside(text: str, start: int, end: int, noun: str, language: str) -> bool:
    """A spot that is one token with its noun: "50-minute"."""
    letters = re.search(r"-([^\W\d_]+)", text[start:end])
    return letters is not None and _key(letters.group(1), language) == noun
