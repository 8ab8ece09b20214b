"""A PDF's text layer with pypdf, in reading order: running headers and footers dropped, words
hyphenated at line ends joined again, lines joined into paragraphs."""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from datetime import datetime

from ..document import Document, Metadata
from ..errors import InputError
from ..sanitize import one_line

# A press release is a few pages; a report a few hundred.
MAX_PAGES = 2_000
# Fewer letters than this on every page: the PDF is a scan (images of text), which needs OCR.
_MIN_LETTERS_PER_PAGE = 5
_HYPHENATED = re.compile(r"(\w)[-\u00ad]\n(?=[a-zа-яё])")
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = (".", "!", "?", ":", '"', "”", "»", ")")


def extract_pdf(data: bytes, source: str) -> Document:
    """The PDF's text and its title, author and date from its document information."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # Its warnings ("EOF marker not found") are not the user's business: a broken PDF is told as ours.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    shown = one_line(source)
    try:
        reader = PdfReader(io.BytesIO(data))
        _decrypt(reader, shown)
        if len(reader.pages) > MAX_PAGES:
            raise InputError(f"{shown}: has {len(reader.pages):,} pages, over the {MAX_PAGES:,}-page limit; split it")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as exc:
        raise InputError(f"{shown}: not a readable PDF ({type(exc).__name__}); check that the file is whole") from None
    if all(sum(c.isalpha() for c in page) < _MIN_LETTERS_PER_PAGE for page in pages):
        raise InputError(
            f"{shown}: this PDF has no text layer (a scan or images of text); run OCR on it first, "
            f"e.g. ocrmypdf in.pdf out.pdf"
        )
    text = "\n\n".join(_paragraphs(page) for page in _without_running_lines(pages))
    return Document.checked(text, source, _metadata(info))


def _decrypt(reader: object, shown: str) -> None:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    assert isinstance(reader, PdfReader)
    if not reader.is_encrypted:
        return
    try:
        # Many PDFs are encrypted only against editing, with an empty password to read them.
        opened = bool(reader.decrypt(""))
    except DependencyError:  # AES needs the cryptography package
        opened = False
    if not opened:
        raise InputError(
            f"{shown}: this PDF is encrypted with a password; save a copy without the password "
            f"(any PDF reader or qpdf does it) and give that"
        )


def _without_running_lines(pages: list[str]) -> list[str]:
    """Pages without the lines that head or foot most of them (page numbers counted as one line)."""
    if len(pages) < 2:
        return pages
    edges: Counter[str] = Counter()
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        edges.update({_DIGITS.sub("#", line) for line in lines[:2] + lines[-2:]})
    running = {line for line, count in edges.items() if count >= max(2, (len(pages) + 1) // 2)}
    kept = []
    for page in pages:
        lines = page.splitlines()
        keep = [line for line in lines if not _is_running(line, lines, running)]
        kept.append("\n".join(keep))
    return kept


def _is_running(line: str, lines: list[str], running: set[str]) -> bool:
    stripped = line.strip()
    if not stripped or _DIGITS.sub("#", stripped) not in running:
        return False
    content = [candidate.strip() for candidate in lines if candidate.strip()]
    return stripped in content[:2] + content[-2:]


def _paragraphs(page: str) -> str:
    """A page's lines joined: a hyphen at a line's end joins the word, a short line ends its paragraph."""
    page = _HYPHENATED.sub(r"\1", page)
    lines = [line.strip() for line in page.splitlines()]
    widths = sorted(len(line) for line in lines if line)
    if not widths:
        return ""
    full = widths[len(widths) * 3 // 4]  # a typical full line's width
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(line)
        if len(line) < 0.75 * full and line.endswith(_SENTENCE_END):
            paragraphs.append([])
    return "\n\n".join(" ".join(words) for words in paragraphs if words)


def _metadata(info: object) -> Metadata:
    if info is None:
        return Metadata()
    title = _field(info, "title")
    author = _field(info, "author")
    created = None
    try:
        stamp = getattr(info, "creation_date", None)
        created = stamp.isoformat() if isinstance(stamp, datetime) else None
    except (ValueError, TypeError):
        created = None  # a malformed date in the document information is no date
    return Metadata(title=title, author=author, published=created)


def _field(info: object, name: str) -> str | None:
    try:
        value = getattr(info, name, None)
    except (ValueError, TypeError, KeyError):
        return None
    return str(value).strip() or None if value else None
