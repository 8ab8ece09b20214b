"""Fact checking: every number, date and name of a summary traced to its source, or flagged.

    >>> from summarize.facts import check
    >>> report = check(summary, source, language="es", source_language="en")
    >>> [c.text for c in report.unsupported]

Pure Python: no model is loaded, so a check costs milliseconds; `check(..., verifier=MODEL)` also
asks a chat model whether the input supports each sentence.
"""

from __future__ import annotations

from .check import CHECKER_VERSION, check, check_against
from .extract import Fact, extract_facts
from .report import CheckReport, FactCheck

__all__ = ["CHECKER_VERSION", "CheckReport", "Fact", "FactCheck", "check", "check_against", "extract_facts"]
