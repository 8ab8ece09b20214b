"""Marking unsupported facts in a summary's text: "[unverified: 15%]"."""

from __future__ import annotations

from collections.abc import Iterable

from .check import FactCheck


def mark_unverified(text: str, checks: Iterable[FactCheck] | None) -> str:
    """`text` with each unsupported fact written as [unverified: FACT]; spans are those the check found."""
    bad = sorted((c for c in checks or () if not c.supported), key=lambda c: c.start, reverse=True)
    for check in bad:
        if 0 <= check.start < check.end <= len(text) and text[check.start : check.end] == check.text:
            text = f"{text[: check.start]}[unverified: {check.text}]{text[check.end :]}"
    return text


def describe(checks: Iterable[FactCheck]) -> str:
    """'15% (not in the input), Petrov (changed in translation)' for a notice."""
    parts = []
    for check in checks:
        if check.in_summary is False:
            why = "changed in translation"
        elif check.status == "out_of_context":
            why = "in the input, but not where this sentence draws from"
        elif check.in_summary:
            why = "not in the input; the summary it was translated from has it"
        else:
            why = "not in the input"
        parts.append(f"{check.text} ({why})")
    return ", ".join(parts)
