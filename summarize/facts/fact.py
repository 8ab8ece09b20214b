"""A fact found in a text (extract.py finds them)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fact:
    """One fact found in a text.

    `kind` is 'number', 'percent', 'money', 'year', 'time', 'date' or 'name'; `start`/`end` its span in
    the text; `values` what it is compared by (numbers as Decimals; for dates month, day and year;
    for names the words as written); `words` a name's words as folded lemmas.
    """

    text: str
    kind: str
    start: int
    end: int
    values: tuple[object, ...] = field(default=())
    words: tuple[str, ...] = field(default=())
