"""Batch inputs: files, directories (recursively), and JSON Lines or CSV files of rows, as items.

A bad item (an unreadable file, a row without text) becomes an item with an error, reported in
its place; it never stops the batch.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .document import MAX_INPUT_BYTES, STDIN, Document, check_text, decode_text, read_document
from .errors import InputError, UsageError

TABLE_SUFFIXES = (".jsonl", ".csv")


@dataclass(frozen=True)
class Item:
    """One thing to summarize: its id (a path, or a row's id), and its document or why there is none."""

    id: str
    source: str
    document: Document | None = None
    error: str | None = None


@dataclass(frozen=True)
class Fields:
    """Which fields of a JSON Lines or CSV row hold the text and the id."""

    text: str = "text"
    id: str = "id"


def expand_inputs(
    sources: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    glob: str = "*.txt",
    fields: Fields = Fields(),
    max_bytes: int = MAX_INPUT_BYTES,
) -> Iterator[Item]:
    """Items in input order: a directory's matching files sorted by path, a table's rows in order."""
    if Path(glob).is_absolute() or glob.startswith(("/", "\\")) or ".." in Path(glob).parts:
        raise UsageError(
            f"--glob takes a pattern inside the directories given, such as '*.txt' or '**/*.md', not {glob!r}"
        )
    for source in sources:
        path = Path(source)
        if source != STDIN and path.is_dir():
            files = sorted(p for p in path.rglob(glob) if p.is_file())
            if not files:
                yield Item(source, source, error=f"{source}: no files match {glob!r} in this directory; use --glob")
            for file in files:
                yield _file_item(str(file), stdin, max_bytes)
        elif path.suffix.lower() in TABLE_SUFFIXES and path.is_file():
            yield from _table_items(path, fields, max_bytes)
        else:
            yield _file_item(source, stdin, max_bytes)


def _file_item(source: str, stdin: BinaryIO | None, max_bytes: int) -> Item:
    try:
        return Item(source, source, read_document(source, stdin=stdin, max_bytes=max_bytes))
    except InputError as exc:
        return Item(source, source, error=str(exc))


def _table_items(path: Path, fields: Fields, max_bytes: int) -> Iterator[Item]:
    try:
        text = decode_text(path.read_bytes(), str(path), max_bytes=max_bytes)
    except (InputError, OSError) as exc:
        yield Item(str(path), str(path), error=str(exc))
        return
    rows = _jsonl_rows(text, path) if path.suffix.lower() == ".jsonl" else _csv_rows(text, path, fields)
    for line, row in rows:
        where = f"{path}:{line}"
        if isinstance(row, str):  # a row that could not be parsed: the message
            yield Item(where, where, error=row)
            continue
        identifier = str(row.get(fields.id) or "").strip() or where
        value = row.get(fields.text)
        if not isinstance(value, str):
            yield Item(identifier, where, error=f"{where}: no {fields.text!r} text in this row; set --text-field")
            continue
        try:
            yield Item(identifier, where, Document(check_text(value, where), where))
        except InputError as exc:
            yield Item(identifier, where, error=str(exc))


def _jsonl_rows(text: str, path: Path) -> Iterator[tuple[int, dict[str, object] | str]]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield line, f"{path}:{line}: not valid JSON ({exc.msg}); fix or remove the line"
            continue
        yield line, row if isinstance(row, dict) else f"{path}:{line}: not a JSON object; each line must be {{...}}"


def _csv_rows(text: str, path: Path, fields: Fields) -> Iterator[tuple[int, dict[str, object] | str]]:
    # A field may be as long as a whole input may be (the csv module stops at 131,072 characters).
    csv.field_size_limit(max(csv.field_size_limit(), MAX_INPUT_BYTES))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = reader.fieldnames or []
    except csv.Error as exc:
        yield 1, f"{path}:1: the header is not valid CSV ({exc}); fix the file"
        return
    if fields.text not in columns:
        yield 1, f"{path}: no {fields.text!r} column (columns: {', '.join(columns) or 'none'}); set --text-field"
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
            yield first_line, f"{path}:{first_line}: not valid CSV ({exc}); fix or remove the row"
            continue
        rows += 1
        yield first_line, dict(row)
    if not rows:
        yield 1, f"{path}: has a header but no rows; add rows with a {fields.text!r} column"
