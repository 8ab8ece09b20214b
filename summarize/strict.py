"""Strict mode's verdict, decided once: what a run changed and what it could not verify.

Strict mode's fixes are made where the problems are found (the fact check replaces or drops
summary sentences and translates again; the confidence floor drops translated sentences), and
each fix is recorded as a `change` on the language's summary. This module reads those records,
whatever stage made them, and gives the one verdict every front end reports.
"""

from __future__ import annotations

from collections.abc import Iterable

from .result import SummaryResult

# Nothing was changed and everything checks out.
VERIFIED = 0
# Something was changed (replaced, dropped, translated again) and what is left checks out.
CHANGED = 3
# Something could not be fixed or verified: a fact still unsupported, a summary not checked, a
# language withheld.
UNFIXED = 4


def verdict(results: Iterable[SummaryResult], *, fact_check: bool) -> int:
    """VERIFIED, CHANGED or UNFIXED for these results of a strict run (`fact_check`: was the check on)."""
    changed = unfixed = False
    for result in results:
        for summary in result.summaries.values():
            changed = changed or bool(summary.changes)
            if summary.error:
                unfixed = unfixed or bool(summary.changes) or summary.withheld
                continue
            unverified = bool(summary.unsupported) or summary.unchecked is not None
            unfixed = unfixed or unverified or (fact_check and summary.checks is None)
    return UNFIXED if unfixed else CHANGED if changed else VERIFIED
