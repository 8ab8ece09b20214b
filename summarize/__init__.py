"""summarize: short, faithful summaries of statements and news in English, Spanish, Russian and more.

    >>> from summarize import Summarizer
    >>> result = Summarizer(languages=("en", "es")).summarize(text)
    >>> result["es"]

Importing this package is cheap: torch and transformers load only when a model runs.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .document import Document, read_document
from .errors import InputError, LanguageError, ModelError, SummarizeError, UsageError
from .pipeline import Summarizer, summarize
from .result import LanguageSummary, SummaryResult
from .settings import GenerationOptions, Settings

__all__ = [
    "Document",
    "GenerationOptions",
    "InputError",
    "LanguageError",
    "LanguageSummary",
    "ModelError",
    "Settings",
    "SummarizeError",
    "Summarizer",
    "SummaryResult",
    "UsageError",
    "__version__",
    "read_document",
    "summarize",
]
