"""Output formats: plain text, Markdown and JSON Lines."""

from __future__ import annotations

import json

from .languages import language_name
from .result import LanguageSummary, SummaryResult

FORMATS = ("text", "json", "markdown")


def _label(code: str) -> str:
    return f"{language_name(code) or code} ({code})"


def _body(summary: LanguageSummary) -> str:
    return summary.text if not summary.error else "(no summary in this language: see the error on stderr)"


def render_text(result: SummaryResult, *, heading: bool = False) -> str:
    """Each summary under its language's name; the input's name on top when there are several inputs."""
    lines: list[str] = [f"==> {result.input} <==", ""] if heading else []
    for code, summary in result.summaries.items():
        lines += [f"{_label(code)}:", _body(summary), ""]
    return "\n".join(lines)


def render_markdown(result: SummaryResult) -> str:
    """A section per input, a subsection per language, and a provenance line."""
    lines = [f"## {result.input}", ""]
    for code, summary in result.summaries.items():
        lines += [f"### {_label(code)}", "", summary.text if not summary.error else f"_{_body(summary)}_", ""]
    models = ", ".join(f"{code}: `{summary.model}`" for code, summary in result.summaries.items())
    lines += [
        f"<sub>Source language: {result.source_language}; engine: {result.engine}; "
        f"{result.chunks} chunk(s); models: {models}</sub>",
        "",
    ]
    return "\n".join(lines)


def render_json(result: SummaryResult) -> str:
    """One line of JSON (JSON Lines); non-ASCII text stays readable."""
    return json.dumps(result.to_dict(), ensure_ascii=False)


def render_json_error(source: str, message: str) -> str:
    """The JSON Lines record for an input that failed."""
    return json.dumps({"input": source, "error": message}, ensure_ascii=False)


def render(result: SummaryResult, output_format: str, *, heading: bool = False) -> str:
    """Render one result; text and Markdown end with a blank line so results stack cleanly."""
    if output_format == "json":
        return render_json(result) + "\n"
    if output_format == "markdown":
        return render_markdown(result)
    return render_text(result, heading=heading)
