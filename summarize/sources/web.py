"""A web page's article text and metadata, with trafilatura: menus, comments, cookie banners and scripts gone."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from ..document import Document, Metadata
from ..errors import InputError
from ..sanitize import one_line

# Sign-up boxes, share bars and "related" lists that trafilatura keeps when they sit inside the page's main
# element (WordPress and Ghost themes put them there).
PRUNE_XPATH = [
    f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name}') or contains(@id, '{name}')]"
    for name in ("newsletter", "subscribe", "signup", "sign-up", "share", "related", "promo", "paywall", "advert")
]
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr", "section", "article")
# A parse tree larger than this is refused by trafilatura itself (a hostile page of a million nodes).
MAX_TREE_SIZE = 200_000


def extract_page(data: bytes | str, source: str, *, url: str | None = None) -> Document:
    """The page's main text (the title on its own, not repeated as its first line) and its metadata."""
    extracted = _extract(data, url)
    text = (extracted.get("text") or "").strip()
    title = extracted.get("title") or None
    if not text:
        raise InputError(
            f"{one_line(source)}: no article text found in this page (only navigation or scripts); "
            f"give the article's own page"
        )
    first, _, rest = text.partition("\n")
    if title and first.strip() == title.strip() and rest.strip():
        text = rest.strip()
    meta = Metadata(
        title=title,
        url=extracted.get("url") or url,
        published=extracted.get("date") or None,
        author=extracted.get("author") or None,
        site=extracted.get("sitename") or extracted.get("hostname") or None,
    )
    return Document.checked(_paragraphs(text), source, meta)


def html_text(data: bytes | str, source: str) -> str:
    """The readable text of an HTML page that may carry boilerplate (an e-mail's HTML part)."""
    text = (_extract(data, None).get("text") or "").strip()
    # Too short for trafilatura to call it an article (a two-line e-mail): all of its text.
    return _paragraphs(text) if text else fragment_text(data, source)


def fragment_text(data: bytes | str, source: str) -> str:
    """All the text of an HTML fragment (a feed entry's content), a paragraph per block, scripts left out."""
    import lxml.html

    if not data.strip():
        return ""
    try:
        tree = lxml.html.fromstring(data)
    except Exception:  # lxml refuses empty or non-HTML input in several ways
        raise InputError(f"{one_line(source)}: its HTML has no readable text; give the text itself") from None
    for hidden in tree.xpath("//script|//style|//template|//noscript"):
        hidden.drop_tree()
    for block in tree.iter(*_BLOCKS):
        block.tail = "\n\n" + (block.tail or "")
    return _paragraphs(tree.text_content())


@lru_cache(maxsize=1)
def _config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    return config


def _extract(data: bytes | str, url: str | None) -> dict[str, Any]:
    import trafilatura

    # Its log lines ("empty HTML tree") are not the user's business: a page without text is told as ours.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        document = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            config=_config(),
            prune_xpath=PRUNE_XPATH,
        )
    except Exception:  # a page trafilatura cannot parse costs only that page
        return {}
    if document is None:
        return {}
    return document if isinstance(document, dict) else dict(document.as_dict())


def _paragraphs(text: str) -> str:
    # trafilatura gives one paragraph a line; a blank line between them is how every other input
    # reads (and how the segmenter keeps a paragraph's end a sentence's end).
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
