"""Numbers a tokenizer split at their separators ("3, 800", "1. 3 billion"), read whole as well.

Tokenized news text (CNN/DailyMail as some data sets carry it, text put back together from
tokens) writes a space after every comma and full stop, digits or not. A summary's "3,800" is
then in its source as "3, 800". The source's facts stay as they are (it may really be a list,
"in 2015. 3 people..."); the whole readings are added beside them, for matching only.
"""

from __future__ import annotations

import dataclasses
import re

from .extract import extract_facts
from .fact import Fact

_SPLIT = re.compile(r"(?<![\d.,])\d+(?:[.,] \d+)+(?![\d.,]\d)")


def rejoined_numbers(text: str, language: str) -> list[Fact]:
    """The facts of `text`'s split numbers read whole: "3, 800" as 3,800, "1. 3 billion" as 1.3 billion."""
    spots = [match.span() for match in _SPLIT.finditer(text)]
    if not spots:
        return []
    pieces, last = [], 0
    for start, end in spots:  # the spaces move to the number's end, so every offset before it holds
        joined = text[start:end].replace(" ", "")
        pieces += [text[last:start], joined, " " * (end - start - len(joined))]
        last = end
    repaired = "".join([*pieces, text[last:]])
    found = []
    for fact in extract_facts(repaired, language):
        spot = next(((start, end) for start, end in spots if fact.start < end and start < fact.end), None)
        if fact.kind == "name" or spot is None:
            continue
        end = max(fact.end, spot[1])  # the span as the source writes it, "3, 800" whole
        found.append(dataclasses.replace(fact, text=text[fact.start : end], end=end))
    return found
