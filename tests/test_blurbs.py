"""Blurbs and digests: templates, escaping, word limits, order."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from summarize import Document, Summarizer, UsageError
from summarize.blurbs import Entry, headline, limit_words, render_blurb, render_digest

HOSTILE = (
    "<script>alert('x')</script> Officials [met](http://evil) in *Havana* on Monday. Talks went well. More follow."
)


def entry(text: str, item_id: str = "a") -> Entry:
    result = Summarizer(engine="extractive", languages="en", cache=False).summarize(text, source=item_id)
    return Entry(item_id, Document(text, item_id), result)


def test_html_escapes_hostile_text() -> None:
    html = render_blurb(entry(HOSTILE), "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<article class="blurb" id="item-1">' in html


def test_markdown_escapes_html_and_markup() -> None:
    markdown = render_blurb(entry(HOSTILE), "markdown")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert r"\[met\]" in markdown and r"\*Havana\*" in markdown


def test_word_limit_keeps_whole_sentences_and_never_cuts_a_word() -> None:
    text = "The first sentence has six words. The second one has five. A third sentence comes last."
    assert limit_words(text, "en", 11) == "The first sentence has six words. The second one has five."
    assert limit_words(text, "en", 8) == "The first sentence has six words."
    assert limit_words("One two three four five six.", "en", 3) == "One two three…"
    assert limit_words(text, "en", None) == text


def test_headline_is_the_title_line_or_the_first_real_sentence() -> None:
    assert headline("Russia and Cuba talk steel\n\nThe ministers met.", "en") == "Russia and Cuba talk steel"
    assert headline("MOSCOW, May 1. /TASS/. The ministers met in Havana today.", "en") == (
        "The ministers met in Havana today."
    )


def test_a_user_template_replaces_the_blurb(tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "BLURB {{ item.id }}: {% for s in item.summaries %}{{ s.code }}={{ s.text | md }}{% endfor %}\n"
    )
    assert render_blurb(entry("Talks went well in Havana today.", "x7"), "markdown", template=template).startswith(
        "BLURB x7: en=Talks went well"
    )
    template.write_text("{% for %}")
    with pytest.raises(UsageError, match="line 1"):
        render_blurb(entry("Talks went well today in Havana."), "markdown", template=template)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article":
            self.ids.append(values["id"] or "")
        if tag == "a":
            self.links.append(values["href"] or "")


def test_digest_keeps_input_order_with_a_table_of_contents() -> None:
    entries = [entry(f"Statement number {n} was issued by the ministry today.", f"id-{n}") for n in (3, 1, 2)]
    html = render_digest(entries, "html", title="Week <1>")
    collector = _Collector()
    collector.feed(html)
    assert collector.ids == ["item-1", "item-2", "item-3"]
    assert collector.links == ["#item-1", "#item-2", "#item-3"]
    assert "<title>Week &lt;1&gt;</title>" in html
    assert [html.index(f"Statement number {n}") for n in (3, 1, 2)] == sorted(
        html.index(f"Statement number {n}") for n in (3, 1, 2)
    )
    markdown = render_digest(entries, "markdown")
    assert markdown.startswith("# Newsletter\n\n1. [Statement number 3")
    assert markdown.count('<a id="item-') == 3


def _dated(text: str, item_id: str, **meta: str) -> Entry:
    from summarize.document import Metadata

    made = entry(text, item_id)
    return Entry(item_id, Document(text, item_id, Metadata(**meta)), made.result)


def test_a_blurb_uses_the_documents_title_and_links_only_web_addresses() -> None:
    text = "Officials met in Havana on Monday. Talks went well. More talks follow in May."
    linked = _dated(text, "a", title="Talks (part 1) go on", url="https://news.example/a b)", published="2026-11-30")
    markdown = render_blurb(linked, "markdown")
    assert (
        markdown.startswith("### [Talks (part 1) go on](<https://news.example/a%20b%29>)") and "2026-11-30" in markdown
    )
    hostile = _dated(text, "b", title="Click", url="javascript:alert(1)")
    assert "javascript" not in render_blurb(hostile, "html") and "href" not in render_blurb(hostile, "html")


def test_a_digest_groups_by_source_in_order_of_appearance_and_by_day_newest_first() -> None:
    text = "Officials met in Havana on Monday. Talks went well. More talks follow in May."
    entries = [_dated(text, "1", site="Wire", published="2026-11-29"), _dated(text, "2", site="Daily"),
               _dated(text, "3", site="Wire", published="2026-11-30T08:00:00+00:00")]  # fmt: skip
    by_source = render_digest(entries, "markdown", group_by="source")
    assert by_source.index("## Wire") < by_source.index("## Daily")
    assert by_source.count("## Wire") == 1 and by_source.index('id="item-2"') < by_source.index("## Daily")
    by_day = render_digest(entries, "markdown", group_by="day")
    assert by_day.index("## 2026-11-30") < by_day.index("## 2026-11-29") < by_day.index("## undated")
