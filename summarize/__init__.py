"""summarize: short, faithful summaries of statements and news in English, Spanish, Russian and more.

    >>> from summarize import Summarizer
    >>> result = Summarizer(languages=("en", "es")).summarize(text)
    >>> result["es"]

Importing this package is cheap: torch and transformers load only when a model runs.
"""

from __future__ import annotations

from .batch import Outcome, summarize_items
from .blurbs import Entry, render_blurb, render_digest
from .document import Document, read_document
from .errors import CacheError, InputError, LanguageError, ModelError, SummarizeError, UsageError
from .generation import GenerationOptions
from .inputs import Fields, Item, expand_inputs
from .pipeline import Summarizer, summarize
from .plan import ModelNeed, PlannedModel, plan
from .result import LanguageSummary, SummaryResult
from .settings import Settings
from .verifier import verifier
from .version import __version__

__all__ = [
    "CacheError",
    "Document",
    "Entry",
    "Fields",
    "GenerationOptions",
    "InputError",
    "Item",
    "LanguageError",
    "LanguageSummary",
    "ModelError",
    "ModelNeed",
    "Outcome",
    "PlannedModel",
    "Settings",
    "SummarizeError",
    "Summarizer",
    "SummaryResult",
    "UsageError",
    "__version__",
    "expand_inputs",
    "plan",
    "read_document",
    "render_blurb",
    "render_digest",
    "summarize",
    "summarize_items",
    "verifier",
]
