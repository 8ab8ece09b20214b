"""Newsletter blurbs and digests, rendered from Jinja2 templates in prompts/ or the user's own.

HTML templates escape every value automatically; Markdown templates escape text with the `md`
filter, so a statement containing `<script>` or Markdown syntax comes out as plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from .document import Document
from .errors import UsageError
from .files import read_user_text
from .languages import language_name
from .options import BLURB_FORMATS
from .result import SummaryResult
from .sanitize import clean_text, one_line
from .segment import FRAGMENT_WORDS, attach_fragments, split_sentences, title_of

SUFFIXES = dict(zip(BLURB_FORMATS, ("md", "html"), strict=True))
# Headlines longer than this are cut at a word boundary.
HEADLINE_WORDS = 16
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
# Bare URLs and www. names that GitHub-flavoured Markdown would turn into links by itself.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|file|javascript|data)(:)|\b(www)(\.)")


@dataclass(frozen=True)
class Entry:
    """A summarized item and the document it came from (for its headline)."""

    id: str
    document: Document
    result: SummaryResult


def _cut(words: list[str], limit: int) -> str:
    return " ".join(words) if len(words) <= limit else " ".join(words[:limit]) + "…"


def anchor_of(number: int) -> str:
    """The id of the `number`th blurb (from 1), which a digest's table of contents links to."""
    return f"item-{number}"


def headline(text: str, language: str) -> str:
    """The first line when it reads like a title (short, no full stop), else the first sentence, cut short."""
    title = title_of(text)
    if title is not None:
        return title
    sentences = split_sentences(text, language)
    # Skip a dateline or byline fragment ("MOSCOW, November 28.") for the first real sentence.
    lead = next((s for s in sentences if len(s.split()) >= FRAGMENT_WORDS), sentences[0] if sentences else "")
    return _cut(lead.split(), HEADLINE_WORDS)


def limit_words(text: str, language: str, max_words: int | None) -> str:
    """Whole sentences up to `max_words` words; a first sentence longer than that is cut between words."""
    if max_words is None or len(text.split()) <= max_words:
        return text
    kept: list[str] = []
    used = 0
    for sentence in attach_fragments(split_sentences(text, language)):
        words = len(sentence.split())
        if used + words > max_words:
            break
        kept.append(sentence)
        used += words
    return " ".join(kept) if kept else _cut(text.split(), max_words)


def markdown_escape(value: object) -> str:
    """Text that Markdown shows as written: no raw HTML, links, autolinks, emphasis, strike-through or headings.

    Line breaks become spaces, so a value cannot start a block (a heading, a list) of its own.
    """
    text = " ".join(clean_text(str(value)).split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _AUTOLINK.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", text)


@lru_cache(maxsize=8)
def _environment(output_format: str, user_template: str | None) -> Any:
    """A Jinja2 environment over the shipped templates, with the user's blurb template (its text) on top."""
    import jinja2

    if output_format not in SUFFIXES:
        raise UsageError(f"blurbs come in markdown or html, not {output_format!r}")
    shipped = jinja2.FileSystemLoader(str(resources.files("summarize._prompts")))
    loaders: list[Any] = [shipped]
    if user_template is not None:
        loaders.insert(0, jinja2.DictLoader({f"blurb.{SUFFIXES[output_format]}.j2": user_template}))
    from .templating import BoundedSandbox, bound_filters

    # Templates are shared and downloaded like documents: sandboxed, so one cannot reach Python's
    # internals (no underscore attributes, no unsafe callables) or change the values it is given,
    # and bounded, so one cannot hang the run or fill the memory (see templating.py).
    environment = BoundedSandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=output_format == "html",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_escape
    bound_filters(environment)
    return environment


def _template(output_format: str, name: str, user_template: Path | None) -> Any:
    import jinja2

    text = None
    if user_template is not None:
        text = read_user_text(user_template, "template")
    try:
        # Keyed by the template's text, so an edited template is never served stale.
        return _environment(output_format, text).get_template(f"{name}.{SUFFIXES[output_format]}.j2")
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or user_template
        raise UsageError(f"template {where}: line {exc.lineno}: {exc.message}; fix the template") from None


def _context(entry: Entry, anchor: str, max_words: int | None, marks: bool = True) -> dict[str, Any]:
    from .render import summary_text

    result = entry.result
    summaries = [
        {
            "code": code,
            "name": language_name(code) or code,
            "text": limit_words(clean_text(summary_text(summary, marks)), code, max_words),
            "error": one_line(summary.error) if summary.error else None,
            "unverified": [one_line(check.text) for check in summary.unsupported],
        }
        for code, summary in result.summaries.items()
    ]
    meta = entry.document.meta
    return {
        "id": one_line(entry.id),
        "anchor": anchor,
        "input": one_line(result.input),
        "headline": one_line(meta.title or headline(entry.document.text, result.source_language)),
        "url": safe_link(meta.url),
        "published": one_line(meta.published[:10]) if meta.published else None,
        "author": one_line(meta.author) if meta.author else None,
        "site": one_line(meta.site) if meta.site else None,
        "source_language": result.source_language,
        "source_language_name": language_name(result.source_language) or result.source_language,
        "engine": result.engine,
        "summaries": summaries,
    }


def safe_link(url: str | None) -> str | None:
    """A source's address fit for a link: http(s) only (never javascript: or data:), with the characters
    that would end a Markdown link or an HTML attribute percent-encoded."""
    if not url or urlsplit(url).scheme.lower() not in ("http", "https"):
        return None
    return quote(one_line(url), safe=":/?#[]@!$&'*+,;=%~-._")


def group_of(entry: Entry, group_by: str) -> str:
    """The digest section an entry goes in: its site (or feed, or host), or its day of publication."""
    meta = entry.document.meta
    if group_by == "day":
        return meta.published[:10] if meta.published else "undated"
    host = urlsplit(meta.url).hostname if meta.url else None
    return one_line(meta.site or host or entry.result.input)


def _group_order(groups: list[str], group_by: str) -> dict[str, int]:
    ordered = list(dict.fromkeys(groups))
    if group_by == "day":
        ordered = sorted((day for day in ordered if day != "undated"), reverse=True) + [
            day for day in ordered if day == "undated"
        ]
    return {group: rank for rank, group in enumerate(ordered)}


def _render(template: Any, **context: Any) -> str:
    import jinja2
    from jinja2.sandbox import SecurityError

    from .templating import render_bounded

    try:
        return render_bounded(template, context)
    except SecurityError as exc:
        raise UsageError(
            f"template refused: it tried an unsafe operation ({exc}); templates may only use the documented variables"
        ) from None
    except jinja2.TemplateError as exc:
        raise UsageError(f"template error: {exc}; check the template's variables (see prompts/blurb.*.j2)") from None
    except UsageError:
        raise
    except Exception as exc:  # whatever a template does wrong (1/0, a bad filter argument) is the template's error
        raise UsageError(f"template error: {type(exc).__name__}: {exc}; fix the template") from None


def render_blurb(
    entry: Entry,
    output_format: str,
    *,
    template: Path | None = None,
    max_words: int | None = None,
    anchor: str = "item-1",
    marks: bool = True,
) -> str:
    """One blurb in Markdown or HTML; `marks` writes unsupported facts as [unverified: FACT]."""
    return _render(_template(output_format, "blurb", template), item=_context(entry, anchor, max_words, marks))


def check_template(output_format: str, template: Path | None, languages: Sequence[str]) -> None:
    """Load and try a blurb template on a sample item, so a broken one fails before any model work."""
    from .result import LanguageSummary

    summaries = {code: LanguageSummary(code, "A sample summary.", "sample") for code in languages}
    result = SummaryResult("sample.txt", languages[0], summaries, "sample", "sample", 1, 1)
    entry = Entry("sample", Document("A sample headline\n\nA sample statement.", "sample.txt"), result)
    render_blurb(entry, output_format, template=template)


def render_digest(
    entries: Sequence[Entry],
    output_format: str,
    *,
    title: str = "Newsletter",
    template: Path | None = None,
    max_words: int | None = None,
    marks: bool = True,
    group_by: str = "none",
) -> str:
    """All blurbs in one document after a table of contents, in input order or grouped (`group_by`
    source or day: sources in order of first appearance, days newest first); items with no summary in
    any language are left out."""
    from markupsafe import Markup

    shown = [entry for entry in entries if entry.result.has_summary]
    if group_by != "none":
        order = _group_order([group_of(entry, group_by) for entry in shown], group_by)
        shown.sort(key=lambda entry: order[group_of(entry, group_by)])  # stable: input order within a group
    items = []
    for number, entry in enumerate(shown, start=1):
        context = _context(entry, anchor_of(number), max_words, marks)
        context["group"] = group_of(entry, group_by) if group_by != "none" else None
        blurb = render_blurb(
            entry, output_format, template=template, max_words=max_words, anchor=context["anchor"], marks=marks
        )
        # The blurb is already rendered (and escaped): the digest places it as it is.
        items.append({**context, "blurb": Markup(blurb) if output_format == "html" else blurb})
    return _render(_template(output_format, "digest", None), items=items, title=one_line(title))
