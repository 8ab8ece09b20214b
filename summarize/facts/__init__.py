"""Fact checking: every number, date and name of a summary traced to its source, or flagged.

    >>> from summarize.facts import check
    >>> report = check(summary, source, language="es", source_language="en")
    >>> [c.text for c in report.unsupported]

Pure Python: no model is loaded, so a check costs milliseconds.
"""

from __future__ import annotations

from .check import CHECKER_VERSION, CheckReport, FactCheck, check, check_against
from .extract import Fact, extract_facts

__all__ = ["CHECKER_VERSION", "CheckReport", "Fact", "FactCheck", "check", "check_against", "extract_facts"]
