"""Documents as a newsroom gets them: web pages and URLs, RSS and Atom feeds, PDFs, Word files and e-mails.

Each kind is read by the maintained library for it (trafilatura, feedparser, pypdf, python-docx, the
standard library's email); URLs are fetched with httpx, bounded and kept (see fetch.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports
from .formats import AUTO, INPUT_FORMATS

if TYPE_CHECKING:
    from .feeds import FeedChoice, parse_since
    from .fetch import FetchPolicy
    from .reader import SourceOptions, SourceReader, is_url

# Readers and the fetcher are imported on first use: the options table needs only the format names,
# and a run on plain text (or a cache hit) never reads a feed or fetches a page.
_LAZY = {"FeedChoice": ".feeds", "parse_since": ".feeds", "FetchPolicy": ".fetch", "SourceOptions": ".reader",
         "SourceReader": ".reader", "is_url": ".reader"}  # fmt: skip

__getattr__ = lazy_exports(__name__, _LAZY)


__all__ = ["AUTO", "INPUT_FORMATS", "FeedChoice", "FetchPolicy", "SourceOptions", "SourceReader", "is_url",
           "parse_since"]  # fmt: skip
