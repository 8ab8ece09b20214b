"""Plain text and JSON Lines output; Markdown and HTML blurbs live in blurbs.py."""

from __future__ import annotations

import json
from typing import Any

from .document import Metadata
from .languages import language_name
from .options import FORMATS
from .result import LanguageSummary, SummaryResult
from .sanitize import clean_text, one_line

__all__ = ["FORMATS", "render_json", "render_json_error", "render_text"]


def _label(code: str) -> str:
    return f"{language_name(code) or code} ({code})"


def _body(summary: LanguageSummary, marks: bool) -> str:
    if summary.error:
        return "(no summary in this language: see the error on stderr)"
    return clean_text(summary_text(summary, marks))


def summary_text(summary: LanguageSummary, marks: bool = True) -> str:
    """A summary's text, with its unsupported facts marked [unverified: ...] and its sentences under
    --min-confidence marked [low confidence: ...] when `marks`."""
    return summary.marked if marks else summary.text


def render_text(result: SummaryResult, *, heading: str | None = None, marks: bool = True) -> str:
    """Each summary under its language's name, after a heading line when there are several inputs.

    `marks` writes facts the input does not support as [unverified: FACT].
    """
    lines: list[str] = [f"==> {one_line(heading)} <==", ""] if heading else []
    for code, summary in result.summaries.items():
        lines += [f"{_label(code)}:", _body(summary, marks), ""]
    return "\n".join(lines)


def json_record(result: SummaryResult, item_id: str | None = None, meta: Metadata | None = None) -> dict[str, Any]:
    """The JSON form of a result with the item's id first, then what the document says about itself
    (title, url, published, author, site, where known), every string cleaned (the server sends this too)."""
    summary = result.to_dict()
    record = {"id": item_id if item_id is not None else result.input, "input": summary.pop("input")}
    record.update(meta.to_dict() if meta is not None else {})
    return dict(_cleaned({**record, **summary}))


def json_error_record(item_id: str, source: str, message: str) -> dict[str, Any]:
    """The JSON form of an item that failed."""
    return dict(_cleaned({"id": item_id, "input": source, "error": message}))


def render_json(result: SummaryResult, item_id: str | None = None, meta: Metadata | None = None) -> str:
    """One line of JSON (JSON Lines) with the item's id first; non-ASCII text stays readable."""
    return json.dumps(json_record(result, item_id, meta), ensure_ascii=False)


def render_json_error(item_id: str, source: str, message: str) -> str:
    """The JSON Lines record for an item that failed."""
    return json.dumps(json_error_record(item_id, source, message), ensure_ascii=False)


def _cleaned(value: Any) -> Any:
    """Every string in a JSON record cleaned: json escapes C0 controls, but not C1 ones or bidi overrides."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value
