"""RSS and Atom feeds with feedparser: each entry an item with its title, link, date and author; an
entry that carries only a teaser is replaced by the page it links to."""

from __future__ import annotations

import calendar
import logging
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..document import Document, Item, Metadata
from ..errors import InputError, UsageError
from ..sanitize import one_line

log = logging.getLogger("summarize")
# Fewer words than this is a teaser ("the first paragraph... Read more"), not the article.
TEASER_WORDS = 150
# Linked pages fetched at once: a feed of 50 teasers is not 50 round trips in a row.
FETCH_WORKERS = 4
_SINCE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

PageReader = Callable[[str], Document]


@dataclass(frozen=True)
class FeedChoice:
    """Which entries of a feed become items, and whether teasers are replaced by their pages."""

    since: datetime | None = None
    max_items: int | None = None
    follow_links: bool = True


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """`24h`, `90m`, `7d`, `2w`, or a date or date and time (ISO 8601, UTC unless it says)."""
    match = _SINCE.match(value)
    now = now or datetime.now(UTC)
    if match:
        return now - timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError.bad_value("since", f"takes 24h, 7d, 2w or a date such as 2026-12-01, got {value!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def feed_items(data: bytes, source: str, *, url: str | None, choice: FeedChoice,
               read_page: PageReader | None) -> list[Item]:  # fmt: skip
    """The feed's chosen entries as items, in the feed's order; a broken entry is that entry's error."""
    import feedparser

    shown = one_line(source)
    headers = {"content-location": url} if url else {}
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.get("version") and not parsed.entries:
        raise InputError(f"{shown}: not an RSS or Atom feed (it does not parse as one); check the address")
    site = one_line(str(parsed.feed.get("title") or "")) or None
    entries = [entry for entry in parsed.entries if _chosen(entry, choice.since)]
    if choice.max_items is not None:
        entries = entries[: choice.max_items]
    if parsed.entries and not entries:
        log.warning("%s: none of its %d entries is recent enough (`since`)", shown, len(parsed.entries))
    if entries and choice.follow_links and read_page is not None:
        # Fetching the pages can take a while: say so before it starts.
        log.info("%s: %d entr%s; the page of each that has only a teaser is fetched, %d at a time", shown,
                 len(entries), "y" if len(entries) == 1 else "ies", FETCH_WORKERS)  # fmt: skip
    with ThreadPoolExecutor(FETCH_WORKERS) as pool:
        return list(pool.map(lambda pair: _entry_item(pair[1], pair[0], shown, site, choice, read_page),
                             enumerate(entries, start=1)))  # fmt: skip


def _chosen(entry: Any, since: datetime | None) -> bool:
    if since is None:
        return True
    moment = _moment(entry)
    return moment is None or moment >= since  # an undated entry cannot be told old: it is kept


def _moment(entry: Any) -> datetime | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not isinstance(stamp, time.struct_time):
        return None
    return datetime.fromtimestamp(calendar.timegm(stamp), UTC)


def _entry_item(entry: Any, number: int, shown: str, site: str | None, choice: FeedChoice,
                read_page: PageReader | None) -> Item:  # fmt: skip
    link = str(entry.get("link") or "").strip() or None
    where = link or f"{shown}#{number}"
    moment = _moment(entry)
    meta = Metadata(title=one_line(str(entry.get("title") or "")) or None, url=link,
                    published=moment.isoformat() if moment else None,
                    author=one_line(str(entry.get("author") or "")) or None, site=site)  # fmt: skip
    try:
        return Item(where, shown, _entry_document(entry, where, meta, choice, read_page))
    except InputError as exc:
        return Item(where, shown, error=str(exc))
    except Exception as exc:  # whatever one entry holds, it costs only that entry
        return Item(where, shown, error=f"{where}: this feed entry cannot be read ({type(exc).__name__})")


def _entry_document(entry: Any, where: str, meta: Metadata, choice: FeedChoice,
                    read_page: PageReader | None) -> Document:  # fmt: skip
    from .web import fragment_text

    text = fragment_text(_content(entry), where)
    if len(text.split()) >= TEASER_WORDS:
        return Document.checked(text, where, meta)
    if not choice.follow_links:
        if text:
            return Document.checked(text, where, meta)  # the teaser, as asked
        raise InputError(f"{where}: this feed entry has no text, and its page is not fetched (`follow_links`)")
    if meta.url is None:
        raise InputError(f"{where}: this feed entry has only a teaser and no link to its article; "
                         f"it cannot be summarized faithfully")  # fmt: skip
    if read_page is None:
        raise InputError(f"{where}: this feed entry has only a teaser; its page cannot be fetched here")
    page = read_page(meta.url)
    # The feed's title, link and date describe the entry; the page fills in what the feed leaves out.
    merged = Metadata(**{**asdict(page.meta), **{key: value for key, value in asdict(meta).items() if value}})
    return Document(page.text, where, merged)


def _content(entry: Any) -> str:
    """The entry's fullest body: Atom content or RSS content:encoded, else its summary or description."""
    contents: Sequence[Any] = entry.get("content") or []
    bodies = [str(part.get("value") or "") for part in contents]
    bodies.append(str(entry.get("summary") or ""))
    return max(bodies, key=len)
