"""Which kind of document some bytes are: by magic bytes and content type first, the file's suffix second."""

from __future__ import annotations

import io
import re

# Every kind a source can be; "auto" (the default) tells them apart.
INPUT_FORMATS = ("text", "html", "feed", "pdf", "docx", "eml")
AUTO = "auto"
# Suffixes a directory's files are taken by when no `glob` is given.
DOCUMENT_SUFFIXES = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".pdf": "pdf", ".docx": "docx", ".eml": "eml",
}  # fmt: skip
# A directory's .xml files (most are no feeds) and notes (.md) are not taken unasked.
DIRECTORY_SUFFIXES = {suffix for suffix in DOCUMENT_SUFFIXES if suffix not in (".xml", ".md", ".text", ".xhtml")}
_CONTENT_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/feed+json": "feed",
    "application/pdf": "pdf", "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "message/rfc822": "eml",
    "text/plain": "text", "text/markdown": "text",
}  # fmt: skip
# Types that may hold any of the above: the bytes decide.
_GENERIC_TYPES = ("application/octet-stream", "application/xml", "text/xml", "binary/octet-stream")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE | re.DOTALL)
_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]{1,40}:[ \t]")
_MAIL_HEADERS = (b"from:", b"subject:", b"date:", b"message-id:", b"received:", b"mime-version:",
                 b"return-path:", b"delivered-to:", b"to:")  # fmt: skip


def content_type_of(header: str | None) -> str | None:
    """The media type of a Content-Type header, lower-cased, without its parameters."""
    if not header:
        return None
    return header.split(";", 1)[0].strip().lower() or None


def detect(data: bytes, *, content_type: str | None = None, name: str = "") -> str | None:
    """The document's kind (one of INPUT_FORMATS), or None when nothing says (a binary of another kind)."""
    by_magic = _by_magic(data)
    if by_magic is not None:
        return by_magic
    media = content_type_of(content_type)
    if media in _CONTENT_TYPES:
        kind = _CONTENT_TYPES[media]
        # A server that calls a feed text/html (or a page text/plain) is common: markup decides.
        return _by_markup(data) or kind
    if media is not None and media not in _GENERIC_TYPES and not media.startswith("text/"):
        return None  # an image, a script, an archive: not a document
    by_markup = _by_markup(data)
    if by_markup is not None:
        return by_markup
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    named = DOCUMENT_SUFFIXES.get(suffix)
    if named in ("pdf", "docx"):
        return named  # named so but without the bytes: the reader says what is wrong with it
    if named == "feed":
        return "text"  # an .xml file that is no feed is read as text
    return named or ("text" if media is None or media.startswith("text/") else None)


def _by_magic(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if is_word_archive(data) else None
    return None


def is_word_archive(data: bytes) -> bool:
    """Whether a ZIP archive is a Word document (it holds word/document.xml)."""
    import zipfile  # here: only a ZIP's bytes need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _by_markup(data: bytes) -> str | None:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if _FEED_ROOT.search(head):
            return "feed"
        if _HTML_START.match(head) or b"<html" in head.lower():
            return "html"
        if head.startswith(b"<?xml"):
            return "feed"  # of XML documents only feeds are read: the feed reader says what else it is
    if _looks_like_mail(head):
        return "eml"
    return None


def _looks_like_mail(head: bytes) -> bool:
    """Header lines first ("Name: value"), then a blank line, with at least two headers mail always has."""
    lines = head.split(b"\n")
    headers = 0
    for line in lines[:60]:
        if not line.strip():
            return headers >= 2
        if line[:1] in (b" ", b"\t"):
            continue  # a folded header's continuation
        if not _HEADER_LINE.match(line):
            return False
        headers += line.lower().startswith(_MAIL_HEADERS)
    return False
