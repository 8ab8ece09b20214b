"""Documents as a newsroom gets them: web pages and URLs, RSS and Atom feeds, PDFs, Word files and e-mails.

Each kind is read by the maintained library for it (trafilatura, feedparser, pypdf, python-docx, the
standard library's email); URLs are fetched with httpx, bounded and kept (see fetch.py).
"""

from __future__ import annotations

from .feeds import FeedChoice, parse_since
from .fetch import FetchPolicy
from .formats import AUTO, INPUT_FORMATS
from .reader import SourceOptions, SourceReader, is_url

__all__ = ["AUTO", "INPUT_FORMATS", "FeedChoice", "FetchPolicy", "SourceOptions", "SourceReader", "is_url",
           "parse_since"]  # fmt: skip
