"""An e-mail (.eml) with the standard library: its subject as the title, its sender and date kept,
its text part (or its HTML part, through the page extractor); attachments are left out with a notice."""

from __future__ import annotations

import email
import email.policy
import email.utils
import logging
from email.message import EmailMessage

from ..document import Document, Metadata, decode_text
from ..errors import InputError
from ..sanitize import one_line

log = logging.getLogger("summarize")


def extract_mail(data: bytes, source: str) -> Document:
    """The message's readable body and its subject, sender and date."""
    shown = one_line(source)
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
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # a malformed header
        return None
    return one_line(str(value)) or None if value is not None else None


def _date(message: EmailMessage) -> str | None:
    value = _header(message, "date")
    if value is None:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (ValueError, TypeError, IndexError):
        return None
