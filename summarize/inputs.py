"""Batch inputs: files, directories (recursively), and JSON Lines or CSV files of rows, as items.

A bad item (an unreadable file, a row without text) becomes an item with an error, reported in
its place; it never stops the batch.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .document import MAX_INPUT_BYTES, STDIN, Document, Item, legacy_text, read_bytes
from .errors import InputError, UsageError, first_line
from .sanitize import one_line

if TYPE_CHECKING:
    from .sources import FetchPolicy, SourceOptions, SourceReader

TABLE_SUFFIXES = (".jsonl", ".csv")
# How much of a table tells its encoding.
_SNIFF_BYTES = 200_000


@dataclass(frozen=True)
class Fields:
    """Which fields of a JSON Lines or CSV row hold the text and the id."""

    text: str = "text"
    id: str = "id"


def expand_inputs(
    sources: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    glob: str | None = None,
    fields: Fields = Fields(),
    max_bytes: int = MAX_INPUT_BYTES,
    options: SourceOptions | None = None,
) -> Iterator[Item]:
    """Items in input order: a directory's documents sorted by path, a table's rows and a feed's entries
    in order. A directory gives the files `glob` matches, or every document it holds (.txt, .html,
    .pdf, .docx, .eml, .rss, .atom)."""
    if glob is not None and (Path(glob).is_absolute() or glob.startswith(("/", "\\")) or ".." in Path(glob).parts):
        raise UsageError(
            f"`glob` takes a pattern inside the directories given, such as '*.txt' or '**/*.md', not {glob!r}"
        )
    from .sources import SourceOptions, SourceReader, is_url

    reader = SourceReader(options or SourceOptions(fetch=_bounded_by(max_bytes)))
    try:
        for source in sources:
            path = Path(source)
            if is_url(source):
                yield from reader.url_items(source)
            elif source != STDIN and path.is_dir():
                yield from _directory_items(path, source, glob, reader, stdin, max_bytes)
            elif path.suffix.lower() in TABLE_SUFFIXES and path.is_file():
                yield from _table_items(path, fields, max_bytes)
            else:
                yield from _file_items(source, stdin, max_bytes, reader)
    finally:
        reader.close()


def _bounded_by(max_bytes: int) -> FetchPolicy:
    from .sources import FetchPolicy

    return FetchPolicy(max_bytes=max_bytes)


def _directory_items(path: Path, source: str, glob: str | None, reader: SourceReader, stdin: BinaryIO | None,
                     max_bytes: int) -> Iterator[Item]:  # fmt: skip
    from .sources.formats import DIRECTORY_SUFFIXES

    if glob is not None:
        files = sorted(p for p in path.rglob(glob) if p.is_file())
    else:
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DIRECTORY_SUFFIXES)
    if not files:
        wanted = repr(glob) if glob is not None else f"documents ({', '.join(sorted(DIRECTORY_SUFFIXES))})"
        yield Item(source, source, error=f"{source}: no files match {wanted} in this directory; use `glob`")
    for file in files:
        yield from _file_items(str(file), stdin, max_bytes, reader)


def _file_items(source: str, stdin: BinaryIO | None, max_bytes: int, reader: SourceReader) -> Iterator[Item]:
    # A file name is shown escaped (an undecodable byte as \x9b, no control characters) wherever it appears.
    shown = one_line(source) if source != STDIN else source
    try:
        data = read_bytes(source, stdin=stdin, max_bytes=max_bytes)
    except InputError as exc:
        yield Item(shown, shown, error=str(exc))
        return
    for item in reader.bytes_items(data, "<stdin>" if source == STDIN else shown):
        if source == STDIN and item.id == "<stdin>":  # stdin keeps its name, "-", as before
            document = item.document
            item = Item(STDIN, STDIN, Document(document.text, STDIN, document.meta) if document else None, item.error)
        yield item


def _table_items(path: Path, fields: Fields, max_bytes: int) -> Iterator[Item]:
    """A table's rows, read as a stream: no limit on the file, `max_bytes` per row; a bad row is that row's error."""
    shown = one_line(str(path))
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Item(shown, shown, error=f"{shown}: cannot be read ({exc.strerror or exc}); check its permissions")
        return
    with handle:
        try:
            encoding = _table_encoding(handle, shown)
        except InputError as exc:
            yield Item(shown, shown, error=str(exc))
            return
        if path.suffix.lower() == ".jsonl":
            rows = _jsonl_rows(handle, shown, max_bytes, encoding)
        else:
            rows = _csv_rows(handle, shown, fields, max_bytes, encoding)
        for line, row in rows:
            yield _row_item(row, f"{shown}:{line}", fields)


def _row_item(row: dict[str, object] | str, where: str, fields: Fields) -> Item:
    if isinstance(row, str):  # a row that could not be parsed: the message
        return Item(where, where, error=row)
    identifier = where
    try:
        identifier = one_line(str(row.get(fields.id) or "")) or where
        value = row.get(fields.text)
        if not isinstance(value, str):
            return Item(identifier, where, error=f"{where}: no {fields.text!r} text in this row; set `text_field`")
        return Item(identifier, where, Document.checked(value, where))
    except InputError as exc:
        return Item(identifier, where, error=str(exc))
    except Exception as exc:  # whatever a row holds, it costs only that row
        return Item(where, where, error=f"{where}: this row cannot be read ({type(exc).__name__}); fix the row")


def _table_encoding(handle: BinaryIO, shown: str) -> str:
    """UTF-8, or the legacy encoding the table's start is in (with a notice); the handle is rewound."""
    start = handle.read(_SNIFF_BYTES)
    handle.seek(0)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)  # a character cut at the end is fine
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        legacy_text(start, shown, exc)  # raises when unsure, else gives the notice
    from .encodings import guess_encoding

    guess = guess_encoding(start)
    assert guess is not None
    return guess.encoding


def _jsonl_rows(
    handle: BinaryIO, shown: str, max_bytes: int, encoding: str
) -> Iterator[tuple[int, dict[str, object] | str]]:
    for line, raw in enumerate(handle, start=1):
        where = f"{shown}:{line}"
        if len(raw) > max_bytes:
            yield line, f"{where}: the row is {len(raw):,} bytes, over the {max_bytes:,}-byte limit; split it"
            continue
        try:
            text = raw.decode(encoding if line == 1 else encoding.removesuffix("-sig"))
        except UnicodeDecodeError as exc:
            yield line, f"{where}: not valid {encoding} (byte 0x{raw[exc.start]:02x}); convert the file to UTF-8"
            continue
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            yield line, f"{where}: not valid JSON ({exc.msg}); fix or remove the line"
            continue
        except RecursionError:
            yield line, f"{where}: JSON nested too deeply to read; flatten the row"
            continue
        except ValueError as exc:  # a number of thousands of digits, say
            yield line, f"{where}: not valid JSON here ({first_line(exc, 120)}); fix or remove the line"
            continue
        yield line, row if isinstance(row, dict) else f"{where}: not a JSON object; each line must be {{...}}"


def _csv_rows(
    handle: BinaryIO, shown: str, fields: Fields, max_bytes: int, encoding: str
) -> Iterator[tuple[int, dict[str, object] | str]]:
    # A field may be as long as a whole input may be (the csv module stops at 131,072 characters).
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    stream = io.TextIOWrapper(handle, encoding=encoding, newline="")
    reader = csv.DictReader(stream)
    try:
        columns = reader.fieldnames or []
    except (csv.Error, UnicodeDecodeError) as exc:
        yield 1, f"{shown}:1: the header cannot be read ({type(exc).__name__}: {exc}); fix the file"
        return
    if fields.text not in columns:
        yield 1, f"{shown}: no {fields.text!r} column (columns: {', '.join(columns) or 'none'}); set `text_field`"
        return
    rows = 0
    while True:
        first_line = reader.line_num + 1  # a row's id names its first line, not its last
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # One broken row is that row's error; the reader goes on at the next line.
            yield first_line, f"{shown}:{first_line}: not valid CSV ({exc}); fix or remove the row"
            continue
        except UnicodeDecodeError:
            yield first_line, f"{shown}:{first_line}: not valid {encoding} from here on; convert the file to UTF-8"
            return
        rows += 1
        yield first_line, dict(row)
    if not rows:
        yield 1, f"{shown}: has a header but no rows; add rows with a {fields.text!r} column"
