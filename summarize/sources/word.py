"""A Word (.docx) file's paragraphs in order with python-docx; its first heading is the title when
the file's properties name none."""

from __future__ import annotations

import io
import zipfile

from ..document import Document, Metadata
from ..errors import InputError
from ..sanitize import one_line

# What the archive may unpack to, so a ZIP bomb renamed .docx is refused before it is opened.
MAX_UNPACKED_BYTES = 200_000_000


def extract_docx(data: bytes, source: str) -> Document:
    """The document's paragraphs (a blank line between them) and its title, author and date."""
    shown = one_line(source)
    _check_archive(data, shown)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [(p.style.name if p.style is not None else "", p.text.strip()) for p in document.paragraphs]
        properties = document.core_properties
        title, author, created = properties.title, properties.author, properties.created
    except Exception as exc:  # python-docx, zipfile and lxml each raise their own for a broken part
        raise InputError(
            f"{shown}: not a readable Word document ({type(exc).__name__}); open and save it again"
        ) from None
    heading = next((text for style, text in paragraphs if text and _is_heading(style)), None)
    title = (title or "").strip() or heading
    body = [text for style, text in paragraphs if text and not (text == title and _is_heading(style))]
    if not body:
        raise InputError(f"{shown}: this Word document has no text; give one with paragraphs of text")
    meta = Metadata(title=title, author=(author or "").strip() or None,
                    published=created.isoformat() if created is not None else None)  # fmt: skip
    return Document.checked("\n\n".join(body), source, meta)


def _is_heading(style: str) -> bool:
    return style == "Title" or style.startswith("Heading")


def _check_archive(data: bytes, shown: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(
            f"{shown}: not a Word document (not a ZIP archive as .docx files are); check the file"
        ) from None
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise InputError(
            f"{shown}: a ZIP archive but not a Word document (no word/document.xml); give a .docx file "
            f"(an old .doc must be saved as .docx first)"
        )
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise InputError(f"{shown}: unpacks to more than {MAX_UNPACKED_BYTES:,} bytes; not a document to summarize")
