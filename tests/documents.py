# ruff: noqa: E501 (the fixture pages are markup as publishing systems write it, in long lines)
"""Documents of every kind a newsroom gets, built by the tests: web pages in the markup of common
publishing systems, feeds, PDFs (reportlab), Word files (python-docx) and e-mails (the standard library)."""

from __future__ import annotations

import html
import io
import json
from email.message import EmailMessage
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOILERPLATE = (
    "We use cookies to improve your experience. Accept all cookies or manage your preferences.",
    "Subscribe to our newsletter for the latest headlines delivered every morning.",
    "Related stories: Markets rally as oil slips; Weather warning for the weekend.",
    "Copyright 2026 Daily Example Media Group. All rights reserved. Terms of use and privacy policy.",
    "Comments are closed for this article. Read our community guidelines before posting.",
)


def article(name: str = "iraq-study-group.en.txt") -> list[str]:
    """A sample article's paragraphs (samples/, real news text: see samples/SOURCES.md)."""
    text = (REPO / "samples" / name).read_text("utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()] or [text.strip()]


def wordpress_page(title: str, paragraphs: list[str], *, date: str = "2026-11-30T09:00:00+00:00",
                   author: str = "Jane Roe", url: str = "https://news.example.com/2026/11/30/story/") -> str:  # fmt: skip
    """A page as WordPress themes write it: menus, a cookie banner, JSON-LD, related links, comments, footer."""
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": date,
            "author": {"@type": "Person", "name": author}, "publisher": {"@type": "Organization", "name": "Daily Example"}}  # fmt: skip
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} &#8211; Daily Example</title>
<meta property="og:site_name" content="Daily Example"><meta property="og:title" content="{html.escape(title)}">
<link rel="canonical" href="{url}">
<script type="application/ld+json">{json.dumps(data)}</script>
<script>window.dataLayer=[];function gtag(){{dataLayer.push(arguments)}}</script></head>
<body class="post-template-default single single-post">
<div id="cookie-notice" class="cookie-banner"><p>{BOILERPLATE[0]}</p><button>Accept</button></div>
<header class="site-header"><nav class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/world/">World</a></li>
<li><a href="/politics/">Politics</a></li><li><a href="/business/">Business</a></li></ul></nav></header>
<main id="main"><article class="post type-post"><header class="entry-header"><h1 class="entry-title">{html.escape(title)}</h1>
<div class="entry-meta">By <span class="author vcard">{html.escape(author)}</span> <time datetime="{date}">November 30, 2026</time></div></header>
<div class="entry-content">{body}</div></article>
<aside class="widget related-posts"><h2>Related</h2><p>{BOILERPLATE[2]}</p></aside>
<section id="comments" class="comments-area"><h2>3 comments</h2><ol class="comment-list"><li class="comment"><p>{BOILERPLATE[4]}</p></li></ol></section>
<div class="newsletter-signup"><p>{BOILERPLATE[1]}</p></div></main>
<footer class="site-footer"><p>{BOILERPLATE[3]}</p></footer></body></html>"""


def rss_feed(entries: list[dict[str, str]], *, title: str = "Daily Example") -> bytes:
    """An RSS 2.0 feed; each entry's keys: title, link, date (RFC 822), description, content (full HTML)."""
    items = []
    for entry in entries:
        parts = [f"<title>{html.escape(entry['title'])}</title>"] if "title" in entry else []
        parts += [f"<link>{html.escape(entry['link'])}</link>"] if "link" in entry else []
        parts += [f"<pubDate>{entry['date']}</pubDate>"] if "date" in entry else []
        parts += [f"<description>{html.escape(entry.get('description', ''))}</description>"]
        if "content" in entry:
            parts.append(f"<content:encoded><![CDATA[{entry['content']}]]></content:encoded>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{title}</title><link>https://news.example.com/</link>{''.join(items)}</channel></rss>").encode()  # fmt: skip


def pdf(paragraphs: list[str], *, columns: int = 1, hyphenate: bool = False, image_only: bool = False,
        title: str | None = None, more_pages: tuple[list[str], ...] = ()) -> bytes:  # fmt: skip
    """A PDF (reportlab): lines wrapped in `columns` columns, a running header and page number on every
    page (`more_pages` after the first), words broken with a hyphen at line ends when `hyphenate`;
    `image_only`: a picture, no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4)
    if title:
        sheet.setTitle(title)
    width, height = A4
    for page, page_paragraphs in enumerate((paragraphs, *more_pages), start=1):
        if image_only:
            sheet.setFillGray(0.2)
            for row in range(40):
                sheet.rect(60, height - 80 - row * 18, 400 - (row % 3) * 60, 9, fill=1, stroke=0)
        else:
            sheet.setFont("Helvetica", 8)
            sheet.drawString(60, height - 40, "Ministry of Industry - Press Office")
            sheet.drawString(width / 2, 30, f"Page {page}")
            _columns(sheet, page_paragraphs, columns, hyphenate, width, height)
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def _columns(sheet: object, paragraphs: list[str], columns: int, hyphenate: bool, width: float, height: float) -> None:
    chars = 90 // columns
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += [*_wrap(paragraph, chars, hyphenate), ""]
    per_column = (len(lines) + columns - 1) // columns
    column_width = (width - 120) / columns
    for column in range(columns):
        text = sheet.beginText(60 + column * column_width, height - 80)  # type: ignore[attr-defined]
        text.setFont("Helvetica", 10)
        for line in lines[column * per_column : (column + 1) * per_column]:
            text.textLine(line)
        sheet.drawText(text)  # type: ignore[attr-defined]


def _wrap(paragraph: str, chars: int, hyphenate: bool) -> list[str]:
    lines, line = [], ""
    for word in paragraph.split():
        if len(line) + len(word) + 1 > chars:
            if hyphenate and len(word) >= 8 and word.isalpha():
                room = max(3, chars - len(line) - 2)
                lines.append(f"{line} {word[:room]}-".strip())
                line = word[room:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def docx(paragraphs: list[str], *, heading: str | None = None, title_property: str | None = None) -> bytes:
    """A Word file (python-docx): an optional first heading, then the paragraphs."""
    import docx as python_docx

    document = python_docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if title_property:
        document.core_properties.title = title_property
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def mail(body: str, *, subject: str = "Statement on cooperation", html_only: bool = False,
         charset: str = "utf-8", attachment: bool = False) -> bytes:  # fmt: skip
    """An e-mail (the standard library): a text part, or an HTML part only; `charset` for the text part."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "Press Office <press@ministry.example>"
    message["To"] = "desk@news.example"
    message["Date"] = "Mon, 30 Nov 2026 09:15:00 +0300"
    if html_only:
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
        message.set_content(f"<html><body>{paragraphs}</body></html>", subtype="html")
    else:
        message.set_content(body, charset=charset, cte="8bit" if charset != "utf-8" else None)
    if attachment:
        message.add_attachment(b"%PDF-1.4 not really", maintype="application", subtype="pdf", filename="annex.pdf")
    return bytes(message)
