"""Marking unsupported facts in a summary's text: "[unverified: 15%]"."""

from __future__ import annotations

from collections.abc import Iterable

from .report import FactCheck


def mark_unverified(text: str, checks: Iterable[FactCheck] | None) -> str:
    """`text` with each unsupported fact written as [unverified: FACT]; spans are those the check found."""
    return compose_marks(text, checks)


def compose_marks(text: str, checks: Iterable[FactCheck] | None, low_confidence: Iterable[str] = ()) -> str:
    """`text` with every mark that applies, placed from the structured result in one pass: each
    unsupported fact as [unverified: FACT], each doubtful sentence as [low confidence: ...]
    (a fact's mark may stand inside a sentence's)."""
    facts = sorted(
        (c for c in checks or () if not c.supported and c.start < c.end and text[c.start : c.end] == c.text),
        key=lambda c: c.start,
    )
    inserts: list[tuple[int, int, str]] = []  # (position, closing before opening, what to write there)
    searched_from: dict[str, int] = {}
    for sentence in low_confidence:
        at = text.find(sentence, searched_from.get(sentence, 0)) if sentence else -1
        if at >= 0:
            searched_from[sentence] = at + len(sentence)
            inserts += [(at, 1, "[low confidence: "), (at + len(sentence), 0, "]")]
    inserts.sort()
    out: list[str] = []
    position, next_insert, next_fact = 0, 0, 0
    while position <= len(text):
        while next_insert < len(inserts) and inserts[next_insert][0] <= position:
            out.append(inserts[next_insert][2])
            next_insert += 1
        if position == len(text):
            break
        if next_fact < len(facts) and facts[next_fact].start == position:
            fact = facts[next_fact]
            out.append(f"[unverified: {fact.text}]")
            position = fact.end
            while next_fact < len(facts) and facts[next_fact].start < position:
                next_fact += 1  # overlapping spans: the first one marks them
            continue
        out.append(text[position])
        position += 1
    return "".join(out)


def describe(checks: Iterable[FactCheck]) -> str:
    """'15% (not in the input), Petrov (changed in translation)' for a notice."""
    parts = []
    for check in checks:
        if check.status == "unchecked":
            parts.append(f"not checked ({check.reason})")
            continue
        if check.status == "artefact":
            why = "a model artefact, not text"
        elif check.in_summary is False:
            why = "changed in translation"
        elif check.status == "not_together":
            why = "in the input, but counting something else there"
        elif check.status == "out_of_context":
            why = "in the input, but not where this sentence draws from"
        elif check.in_summary:
            why = "not in the input; the summary it was translated from has it"
        else:
            why = "not in the input"
        parts.append(f"{check.text} ({why})")
    return ", ".join(parts)
