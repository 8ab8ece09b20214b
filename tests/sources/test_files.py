"""Local documents of every kind into items: pages, PDFs, Word files, e-mails and feeds, with their metadata,
and a clear error of their own for each that cannot be read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import documents
import pytest
from conftest import cli

from summarize import expand_inputs
from summarize.sources import SourceOptions
from summarize.sources.formats import detect

ARTICLE = documents.article()


def _one(path: Path, options: SourceOptions | None = None):
    items = list(expand_inputs([str(path)], options=options))
    assert len(items) == 1
    return items[0]


def test_a_publishing_systems_page_gives_its_article_and_metadata_without_the_boilerplate(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(documents.wordpress_page("Iraq could slide towards chaos", ARTICLE), "utf-8")
    item = _one(page)
    assert item.error is None and item.document is not None
    meta, text = item.document.meta, item.document.text
    assert meta.title == "Iraq could slide towards chaos"
    assert meta.url == "https://news.example.com/2026/11/30/story/"
    assert meta.published is not None and meta.published.startswith("2026-11-30")
    assert meta.site == "Daily Example"
    assert ARTICLE[0][:60] in text and ARTICLE[-1][-40:] in text
    for boilerplate in documents.BOILERPLATE:
        assert boilerplate[:30] not in text
    assert not text.startswith(meta.title)  # the title is metadata, not repeated as the first line


def test_a_two_column_hyphenated_pdf_reads_in_order_without_headers_footers_or_broken_words(tmp_path: Path) -> None:
    path = tmp_path / "release.pdf"
    others = (documents.article("xdr-tuberculosis.en.txt"), documents.article("statement.txt"))
    path.write_bytes(documents.pdf(ARTICLE, columns=2, hyphenate=True, title="Press release", more_pages=others))
    item = _one(path)
    assert item.error is None and item.document is not None
    text = item.document.text
    assert item.document.meta.title == "Press release"
    assert "Press Office" not in text and "Page 2" not in text
    words = {word.strip(".,;:()\"'") for word in text.split()}
    long_words = {w.strip(".,;:()\"'") for p in ARTICLE + others[0] for w in p.split() if len(w) >= 8 and w.isalpha()}
    assert long_words <= words  # every word broken at a line's end is whole again
    # Reading order: the first column's paragraphs before the second column's.
    assert text.index(ARTICLE[0].split()[0]) < text.index(ARTICLE[-1].split()[-1].strip("."))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: documents.pdf(ARTICLE, image_only=True), "no text layer"),
        (lambda: documents.pdf(ARTICLE)[:400], "not a readable PDF"),
        (lambda: _encrypted_pdf(), "encrypted"),
    ],
    ids=["scan", "corrupt", "encrypted"],
)
def test_a_pdf_that_cannot_be_read_is_one_clear_error(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(make())
    item = _one(path)
    assert item.document is None and message in (item.error or "") and "\n" not in (item.error or "")


def _encrypted_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, encrypt="secret")
    sheet.drawString(100, 700, "Confidential statement text.")
    sheet.save()
    return out.getvalue()


def test_a_word_file_gives_its_paragraphs_and_its_heading_as_title(tmp_path: Path) -> None:
    path = tmp_path / "statement.docx"
    path.write_bytes(documents.docx(ARTICLE, heading="Iraq report published"))
    item = _one(path)
    assert item.error is None and item.document is not None
    assert item.document.meta.title == "Iraq report published"
    assert item.document.text.split("\n\n") == ARTICLE


def test_a_zip_renamed_docx_is_refused_by_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff not a document")
    item = _one(path)
    assert item.document is None and "not a Word document" in (item.error or "")


def test_e_mails_give_subject_sender_and_date_in_any_charset_and_from_html_only(tmp_path: Path) -> None:
    text = "\n\n".join(documents.article("iraq-study-group.ru.txt"))
    (tmp_path / "plain.eml").write_bytes(documents.mail(text, charset="koi8-r", attachment=True))
    (tmp_path / "html.eml").write_bytes(documents.mail("\n\n".join(ARTICLE), html_only=True))
    items = {Path(item.id).name: item for item in expand_inputs([str(tmp_path)])}
    plain, html_only = items["plain.eml"], items["html.eml"]
    for item in (plain, html_only):
        assert item.error is None and item.document is not None
        assert item.document.meta.title == "Statement on cooperation"
        assert item.document.meta.author == "Press Office <press@ministry.example>"
        assert item.document.meta.published == "2026-11-30T09:15:00+03:00"
    assert plain.document.text.strip() == text.strip()  # KOI8-R read as its charset says
    assert ARTICLE[0][:60] in html_only.document.text and "<p>" not in html_only.document.text


def test_an_e_mail_with_only_an_attachment_is_its_own_error(tmp_path: Path) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"], message["From"], message["Date"] = "Annex", "a@b.example", "Mon, 30 Nov 2026 09:15:00 +0000"
    message.add_attachment(b"\x00\x01binary", maintype="application", subtype="octet-stream", filename="x.bin")
    path = tmp_path / "annex.eml"
    path.write_bytes(bytes(message))
    assert "no text or HTML part" in (_one(path).error or "")


def test_a_feed_file_gives_each_entry_and_a_broken_entry_costs_only_itself(tmp_path: Path) -> None:
    full = "".join(f"<p>{p}</p>" for p in ARTICLE + documents.article("xdr-tuberculosis.en.txt"))
    entries = [{"title": f"Story {n}", "link": f"https://news.example.com/{n}", "content": full,
                "date": "Mon, 30 Nov 2026 10:00:00 GMT"} for n in range(500)]  # fmt: skip
    entries[7] = {"title": "Only a teaser", "description": "Short teaser text."}  # no link to follow
    path = tmp_path / "news.rss"
    path.write_bytes(documents.rss_feed(entries))
    items = list(expand_inputs([str(path)]))
    assert len(items) == 500
    failed = [item for item in items if item.error]
    assert [item.id for item in failed] == [f"{path}#8"] and "teaser" in (failed[0].error or "")
    first = items[0].document
    assert first is not None and first.meta.title == "Story 0" and first.meta.url == "https://news.example.com/0"
    assert first.meta.published == "2026-11-30T10:00:00+00:00" and first.meta.site == "Daily Example"
    chosen = list(expand_inputs([str(path)], options=SourceOptions.of(max_items=3, since="2026-11-29")))
    assert [item.id for item in chosen] == [f"https://news.example.com/{n}" for n in range(3)]
    later = list(expand_inputs([str(path)], options=SourceOptions.of(since="2026-12-01")))
    assert [item.id for item in later] == [f"{path}#1"]  # only the undated entry, which cannot be told old


def test_detection_trusts_content_over_the_suffix() -> None:
    assert detect(documents.pdf(["A statement."]), name="notes.txt") == "pdf"
    assert detect(documents.rss_feed([]), content_type="text/html") == "feed"
    assert detect(documents.mail("Body text."), name="message.txt") == "eml"
    assert detect(b"MOSCOW, November 28. /TASS/. Text.", name="a.txt") == "text"
    assert detect(b"\x89PNG\r\n\x1a\n....", content_type="image/png") is None


def test_a_folder_of_mixed_documents_through_the_cli_keeps_each_items_metadata(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a-page.html").write_text(documents.wordpress_page("Report published", ARTICLE), "utf-8")
    (folder / "b-release.pdf").write_bytes(documents.pdf(ARTICLE, title="Press release"))
    (folder / "c-note.docx").write_bytes(documents.docx(ARTICLE, heading="Note to editors"))
    (folder / "d-mail.eml").write_bytes(documents.mail("\n\n".join(ARTICLE)))
    (folder / "e-broken.docx").write_bytes(b"PK\x03\x04 this is no archive")
    (folder / "f-statement.txt").write_text("\n\n".join(ARTICLE), "utf-8")
    code, out, err = cli(str(folder), "--engine", "extractive", "--lang", "en", "--format", "json", "--no-cache")
    import json

    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(records) == 6
    titles = [record.get("title") for record in records]
    assert titles == ["Report published", "Press release", "Note to editors", "Statement on cooperation", None, None]
    assert "error" in records[4] and "e-broken.docx" in err and err.count("error:") == 1
    assert all("summaries" in record for i, record in enumerate(records) if i != 4)


@pytest.mark.parametrize("name", ["7916ecca969f", "c00962aabe7b", "e372e42c0a3d"])
def test_real_news_pages_give_their_article_body(name: str) -> None:
    """Real pages (tests/fixtures/web/SOURCES.md): word 4-grams of the hand-checked body recovered, few added."""
    import gzip
    import json
    import re
    from collections import Counter

    from summarize.sources.web import extract_page

    web = Path(__file__).resolve().parent.parent / "fixtures" / "web"
    truth = json.loads((web / "ground-truth.json").read_text("utf-8"))[name]
    document = extract_page(gzip.decompress((web / f"{name}.html.gz").read_bytes()), name, url=truth["url"])

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))

    expected, got = shingles(truth["articleBody"]), shingles(document.text)
    overlap = sum((expected & got).values())
    assert overlap / sum(expected.values()) >= 0.95 and overlap / sum(got.values()) >= 0.9
    assert document.meta.title and document.meta.url


def test_what_a_document_says_about_itself_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "huge-subject.eml"
    headers = b"From: a@b.example\nDate: Mon, 30 Nov 2026 09:15:00 +0000\nSubject: " + b"Breaking " * 80_000
    path.write_bytes(headers + b"\n\n" + "\n\n".join(ARTICLE).encode())
    meta = _one(path).document.meta  # type: ignore[union-attr]
    assert meta.title is not None and len(meta.title) <= 301 and meta.title.startswith("Breaking")
