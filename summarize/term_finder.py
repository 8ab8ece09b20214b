"""Finding a run's terms (a keep list, a glossary's forms) in a text, in about linear time however many there are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=65536)
def term_pattern(term: str) -> re.Pattern[str]:
    """A term as a whole word (or words), any run of spaces between them."""
    words = r"\s+".join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<!\w){words}(?!\w)")


_RUN = re.compile(r"\w+")


class TermFinder:
    """Every keep term and glossary form in a text, found in about linear time however long the list.

    Forms are indexed by their first one or two word runs ("Ministry of Trade" under ("Ministry",
    "of")); a text is walked once, run by run, and only the forms filed under its runs are tried
    there. A form that does not start with a word character is searched for on its own.
    """

    def __init__(self, entries: Sequence[tuple[str, str | None]]) -> None:
        self.by_runs: dict[tuple[str, ...], list[tuple[str, str | None]]] = {}
        self.odd: list[tuple[str, str | None]] = []
        for form, replacement in entries:
            runs = _RUN.findall(form)
            if not runs or _RUN.match(form) is None:
                self.odd.append((form, replacement))
            else:
                self.by_runs.setdefault(tuple(runs[:2]), []).append((form, replacement))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, what the output gets) for every occurrence; a keep term gets itself."""
        found: list[tuple[int, int, str]] = []
        runs = list(_RUN.finditer(text))
        for index, run in enumerate(runs):
            keys: list[tuple[str, ...]] = [(run.group(),)]
            if index + 1 < len(runs):
                keys.append((run.group(), runs[index + 1].group()))
            for key in keys:
                for form, replacement in self.by_runs.get(key, ()):
                    match = term_pattern(form).match(text, run.start())
                    if match is not None:
                        found.append((match.start(), match.end(), replacement or match.group()))
        for form, replacement in self.odd:
            found += [(m.start(), m.end(), replacement or m.group()) for m in term_pattern(form).finditer(text)]
        return found
