"""Fact checking: every number, date and name of a summary traced to its source, or flagged.

    >>> from summarize.facts import check
    >>> report = check(summary, source, language="es", source_language="en")
    >>> [c.text for c in report.unsupported]

Pure Python: no model is loaded, so a check costs milliseconds; `check(..., verifier=MODEL)` also
asks a chat model whether the input supports each sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports
from .report import CheckReport, FactCheck
from .version import CHECKER_VERSION

if TYPE_CHECKING:
    from .checker import check, check_against
    from .extract import Fact, extract_facts

# The checker and its word lists are imported on first use: a cache hit reads reports alone.
_LAZY = {"check": ".checker", "check_against": ".checker", "Fact": ".extract", "extract_facts": ".extract"}

__getattr__ = lazy_exports(__name__, _LAZY)


__all__ = ["CHECKER_VERSION", "CheckReport", "Fact", "FactCheck", "check", "check_against", "extract_facts"]
