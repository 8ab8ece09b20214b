"""Quotes keep their speakers: in "Murray said: 'We were the better side'", the source must have
Murray near the words it quotes, not only somewhere. Same language.

A quote is the words between quotation marks (four words or more). It is found in the source
sentence that shares most of its content words (at least QUOTE_FOUND of them); its speaker is a
name of the summary sentence right by a word of saying ("said", "dijo", "заявил" ...). The speaker
must be named in that source sentence or the QUOTE_REACH sentences before it ("he said" refers
back) or the one after; a quote the source does not have is left to the other checks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .stems import content_stems

if TYPE_CHECKING:
    from .fact import Fact
    from .matching import SourceIndex

QUOTE_FOUND = 0.6  # share of a quote's content words one source sentence must hold
QUOTE_REACH = 2  # source sentences before the quote's where its speaker may be named
# Quotation marks; a single one only where it is no apostrophe ("Murray's", "O'Neill" are not quotes).
_QUOTE = re.compile(
    r"(?:[\"\u201c\u201e\u00ab]|``|(?<!\w)')([^\"\u201c\u201d\u201e\u00ab\u00bb`]{12,}?)(?:[\"\u201d\u00bb]|''|'(?!\w))"
)
_SAYING = re.compile(
    r"\b(?:said|says|told|added|admitted|insisted|claimed|explained|warned|wrote|tweeted|according to|"
    r"dijo|afirm[óo]|declar[óo]|señal[óo]|explic[óo]|asegur[óo]|según|"
    r"сказал[аи]?|заявил[аи]?|отметил[аи]?|сообщил[аи]?|по словам)\b",
    re.IGNORECASE,
)
_NEAR = 3  # words between a speaker's name and the word of saying


def misquoted(summary: str, names: list[tuple[int, Fact]], sentences: list[tuple[int, int]],
              index: SourceIndex) -> list[int]:  # fmt: skip
    """Positions (in `names`' checks) of speakers the source does not name by the words they are quoted saying."""
    found: list[int] = []
    for start, end in sentences:
        sentence = summary[start:end]
        quotes = [(start + m.start(), start + m.end(), m.group(1)) for m in _QUOTE.finditer(sentence)]
        if not quotes:
            continue
        where = _quoted_in(quotes, index)
        if where is None:
            continue
        window = index.text[index.sentences[max(0, where - QUOTE_REACH)][0] : index.sentences[
            min(len(index.sentences) - 1, where + 1)][1]].lower()  # fmt: skip
        for position, fact in names:
            if not start <= fact.start < end or any(a <= fact.start < b for a, b, _ in quotes):
                continue
            if _speaker(summary, fact, start, end) and str(fact.values[-1]).lower() not in window:
                found.append(position)
    return found


def _quoted_in(quotes: list[tuple[int, int, str]], index: SourceIndex) -> int | None:
    """The source sentence holding the longest quote, or None when no sentence holds enough of it."""
    text = max((quote for _, _, quote in quotes), key=len)
    words = content_stems(text, index.language)
    if len(words) < 3:
        return None
    best, share = None, 0.0
    for number, stems in enumerate(index.stems):
        held = len(words & stems) / len(words)
        if held > share:
            best, share = number, held
    return best if share >= QUOTE_FOUND else None


def _speaker(summary: str, fact: Fact, start: int, end: int) -> bool:
    """Whether a name stands by a word of saying ("Murray said", "said Murray", "according to Murray")."""
    before = summary[start : fact.start].split()[-_NEAR:]
    after = summary[fact.end : end].split()[:_NEAR]
    return bool(_SAYING.search(" ".join(after))) or bool(_SAYING.search(" ".join(before[-2:])))
