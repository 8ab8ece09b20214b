"""An e-mail (.eml) with the standard library: its subject as the title, its sender and date kept,
its text part (or its HTML part, through the page extractor); attachments are left out with a notice."""

from __future__ import annotations

import email
import email.errors
import email.policy
import email.utils
import logging
from email.message import EmailMessage

from ..document import Document, Metadata, decode_text
from ..errors import InputError
from ..sanitize import one_line

log = logging.getLogger("summarize")
# Real messages carry a few KB of headers (a long Received chain: tens of KB).
MAX_HEADERS = 1_000_000
MAX_HEADER = 2_000


def extract_mail(data: bytes, source: str) -> Document:
    """The message's readable body and its subject, sender and date."""
    shown = one_line(source)
    end = min((i for i in (data.find(b"\n\n"), data.find(b"\r\n\r\n")) if i >= 0), default=len(data))
    if end > MAX_HEADERS:
        raise InputError(f"{shown}: its headers are over {MAX_HEADERS:,} bytes; not an e-mail to summarize")
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(preferencelist=("plain", "html"))
    if not isinstance(body, EmailMessage):
        raise InputError(f"{shown}: this e-mail has no text or HTML part to summarize (only attachments?)")
    content = _content(body, shown)
    if body.get_content_subtype() == "html":
        from .web import html_text

        content = html_text(content, source)
    attachments = [part.get_filename() or part.get_content_type() for part in message.iter_attachments()]
    if attachments:
        log.warning("%s: %d attachment(s) left out (%s): only the message's text is summarized",
                    shown, len(attachments), ", ".join(one_line(str(name)) for name in attachments[:5]))  # fmt: skip
    meta = Metadata(title=_header(message, "subject"), author=_header(message, "from"), published=_date(message))
    return Document.checked(content, source, meta)


def _content(part: EmailMessage, shown: str) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):
        # An unknown or wrong charset: the bytes are read as any other input's (UTF-8, or a legacy encoding told).
        payload = part.get_payload(decode=True)
        return decode_text(payload if isinstance(payload, bytes) else b"", shown)
    if isinstance(content, bytes):
        return decode_text(content, shown)
    return str(content)


def _header(message: EmailMessage, name: str) -> str | None:
    """A header's text, decoded (RFC 2047) from at most `MAX_HEADER` characters of it: the standard
    library's own header parsing takes seconds on a hostile megabyte-long subject."""
    import email.header

    raw = next((str(value) for key, value in message.raw_items() if key.lower() == name), None)
    if raw is None:
        return None
    raw = raw[:MAX_HEADER]
    try:
        value = str(email.header.make_header(email.header.decode_header(raw)))
    except (ValueError, LookupError, UnicodeError, email.errors.HeaderParseError):
        value = raw
    return one_line(value) or None


def _date(message: EmailMessage) -> str | None:
    value = _header(message, "date")
    if value is None:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (ValueError, TypeError, IndexError):
        return None
