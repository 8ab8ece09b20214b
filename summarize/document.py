"""Reading input into a Document, with clear errors for what cannot be summarized."""

from __future__ import annotations

import logging
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .sanitize import clean_text, first_surrogate, one_line

log = logging.getLogger("summarize")

# About 1.6 million English words: far beyond any statement, small enough to hold in memory.
MAX_INPUT_BYTES = 10_000_000
STDIN = "-"


_META_LIMITS = {"title": 300, "url": 2048, "published": 64, "author": 200, "site": 200}


@dataclass(frozen=True)
class Metadata:
    """What a document says about itself, where known: a page's, feed entry's, PDF's or e-mail's."""

    title: str | None = None
    url: str | None = None
    published: str | None = None
    """ISO 8601: a date, or a date and time with its offset."""
    author: str | None = None
    site: str | None = None

    def __post_init__(self) -> None:
        # What a document says about itself is untrusted: a 2 MB subject line is cut, never a headline.
        for name, limit in _META_LIMITS.items():
            value = getattr(self, name)
            if value is not None and len(value) > limit:
                object.__setattr__(self, name, value[:limit].rstrip() + "…")

    def to_dict(self) -> dict[str, str]:
        """The known fields, each cleaned to one line (they reach terminals and templates)."""
        known = {name: getattr(self, name) for name in ("title", "url", "published", "author", "site")}
        return {name: one_line(value) for name, value in known.items() if value}


@dataclass(frozen=True)
class Document:
    """A text to summarize, where it came from (a path, a URL, '-' for stdin, or '<text>') and what it says
    about itself."""

    text: str
    source: str = "<text>"
    meta: Metadata = Metadata()

    @classmethod
    def checked(cls, text: str, source: str = "<text>", meta: Metadata = Metadata()) -> Document:
        """A Document of `text` cleaned and checked (`check_text`): every front end makes its inputs so."""
        return cls(check_text(text, source), source, meta)


@dataclass(frozen=True)
class Item:
    """One thing to summarize: its id (a path, a URL, or a row's id), and its document or why there is none."""

    id: str
    source: str
    document: Document | None = None
    error: str | None = None


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes, source: str, *, max_bytes: int = MAX_INPUT_BYTES, size: int | None = None) -> str:
    """Decode UTF-8 input (a BOM is allowed; UTF-16 with a BOM too), refusing binary, other encodings,
    empty and oversized data. `size` is the whole input's size when only the start of it was read."""
    if len(data) > max_bytes:
        total = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
        raise InputError(
            f"{one_line(source)}: input is {total}, over the {max_bytes:,}-byte limit; split it into smaller files"
        )
    if data.startswith(_UTF16_BOMS):
        try:
            return check_text(data.decode("utf-16"), source)
        except UnicodeDecodeError:
            raise InputError(
                f"{one_line(source)}: starts like UTF-16 but is not valid UTF-16; "
                f"convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8"
            ) from None
    if b"\x00" in data:
        raise InputError(
            f"{one_line(source)}: looks like a binary file (it contains NUL bytes); give a plain UTF-8 text file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = legacy_text(data, source, exc)
    return check_text(text, source)


def legacy_text(data: bytes, source: str, error: UnicodeDecodeError) -> str:
    """Text in a legacy encoding, read with a notice naming it; an error naming the likely one when unsure."""
    from .encodings import guess_encoding, iconv_name

    where = f"byte 0x{data[error.start]:02x} at offset {error.start}"
    guess = guess_encoding(data)
    if guess is None:
        raise InputError(
            f"{one_line(source)}: not valid UTF-8 ({where}) and its encoding cannot be told; "
            f"convert it to UTF-8 first (iconv -f ENCODING -t UTF-8)"
        )
    name = iconv_name(guess.encoding)
    if not guess.trusted:
        raise InputError(
            f"{one_line(source)}: not valid UTF-8 ({where}); it may be {name}: "
            f"convert it first, e.g. iconv -f {name} -t UTF-8"
        )
    log.warning("%s: not UTF-8; read as %s (detected): convert it to UTF-8 to be sure", one_line(source), name)
    return guess.text


def check_text(text: str, source: str = "<text>") -> str:
    """`text` cleaned of terminal escapes and control characters; an error if it is not valid Unicode
    (a lone surrogate, as a bad JSON escape gives) or if nothing is left to summarize."""
    where = first_surrogate(text)
    if where is not None:
        raise InputError(
            f"{one_line(source)}: not valid Unicode (a lone surrogate, U+{ord(text[where]):04X}, "
            f"at character {where}); fix the text's encoding"
        )
    text = clean_text(text)
    if not text.strip():
        raise InputError(f"{one_line(source)}: input is empty; give a file or text with something to summarize")
    return text


def read_document(source: str, *, stdin: BinaryIO | None = None, max_bytes: int = MAX_INPUT_BYTES) -> Document:
    """Read a text file, or standard input when `source` is '-' (other kinds of document: `summarize.sources`)."""
    data = read_bytes(source, stdin=stdin, max_bytes=max_bytes)
    name = "<stdin>" if source == STDIN else source
    return Document(decode_text(data, name, max_bytes=max_bytes), source)


def read_bytes(source: str, *, stdin: BinaryIO | None = None, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """A path's bytes, or standard input's when `source` is '-': an InputError when it cannot be read or is
    over `max_bytes`."""
    if source == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        # Read one byte past the limit so an oversized stream is reported, not silently cut.
        return _bounded(stream.read(max_bytes + 1), "<stdin>", max_bytes, None)
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{one_line(source)}: is a directory; pass the text files inside it")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
            status = os.fstat(handle.fileno())
            # A device or a pipe has no size to tell: what was read is said instead.
            size = status.st_size if stat.S_ISREG(status.st_mode) else None
    except FileNotFoundError:
        raise InputError(f"{one_line(source)}: no such file; check the path") from None
    except OSError as exc:
        raise InputError(f"{one_line(source)}: cannot be read ({exc.strerror or exc}); check its permissions") from None
    return _bounded(data, source, max_bytes, size)


def _bounded(data: bytes, source: str, max_bytes: int, size: int | None) -> bytes:
    if len(data) > max_bytes:
        total = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
        raise InputError(
            f"{one_line(source)}: input is {total}, over the {max_bytes:,}-byte limit; split it into smaller files"
        )
    return data
