"""A text as tokens for the fact check (numbers, times, words, marks), and what a written number can mean."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from . import lexicon

# Numbers as written in English, Spanish and Russian: 1,000.5  1.000,5  1 000,5 (any space)  3,5  2026.
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f\u2009.,'\u2019]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_WORD = r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*"
_TIME = r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])"
# Spanish writes a plural's abbreviation with its letters doubled, each pair closed by a full stop:
# "EE. UU." (Estados Unidos), "FF. AA.", "RR. HH.": one word, or its stops would end sentences.
_DOUBLED = r"\b(?P<l1>[A-Z])(?P=l1)\.[ \u00a0]?(?P<l2>[A-Z])(?P=l2)\.(?!\w)"
_TOKEN = re.compile(rf"(?P<time>{_TIME})|(?P<num>{_NUMBER})|(?P<abbr>{_DOUBLED})|(?P<word>{_WORD})|(?P<mark>\S)")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'\u2019")
# Marks after which the next word starts a sentence (so its capital says nothing).
_OPENERS = set(".!?…:;\"'«»“”„\u2018\u2019\u2014\u2013-([¿¡•*#")
# The longest number worth reading as one: longer digit runs are identifiers, not quantities.
_MAX_DIGITS = 24


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "num", "time", "word" or "mark"
    initial: bool = False  # first word of a sentence (or after an opening mark)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    initial = True
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "mark"
        kind = "word" if kind == "abbr" else kind
        value = match.group()
        gap = text[tokens[-1].end : match.start()] if tokens else ""
        if "\n" in gap:
            initial = True  # a line break starts a headline or a new paragraph
        tokens.append(Token(value, match.start(), match.end(), kind, initial and kind == "word"))
        if kind == "mark":
            initial = initial or (value in _OPENERS and value not in ",-")
            if value in ".!?…:;":
                initial = True
        elif kind == "word":
            initial = False
        else:
            initial = False
    return tokens


def readings(number: str, language: str) -> tuple[Decimal, ...]:
    """What a written number can mean, most likely first: "1,5" is 1.5; "1,500" is 1500 or (rarely) 1.5."""
    digits = number.translate(_SPACES)
    if len(digits) > _MAX_DIGITS:
        return ()
    decimal_mark = lexicon.decimal_symbols(language)[0] if language in lexicon.SUPPORTED else "."
    marks = [ch for ch in digits if ch in ".,"]
    try:
        if not marks:
            return (Decimal(digits),)
        if len(set(marks)) == 2:  # both: the last one is the decimal mark
            last = max(digits.rfind("."), digits.rfind(","))
            return (Decimal(digits[:last].replace(".", "").replace(",", "") + "." + digits[last + 1 :]),)
        mark = marks[0]
        grouped = Decimal(digits.replace(mark, ""))
        if len(marks) > 1:
            return (grouped,)
        fraction = digits.rsplit(mark, 1)[1]
        decimal = Decimal(digits.replace(mark, "."))
        if len(fraction) != 3:
            return (decimal,)
        # "1,500" and "1.500": a thousand and a half or one and a half; the language's habit first.
        return (decimal, grouped) if mark == decimal_mark else (grouped, decimal)
    except InvalidOperation:
        return ()
