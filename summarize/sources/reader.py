"""Any source into items: the kind of document told from its bytes, read by that kind's extractor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..document import Document, Item, Metadata, decode_text
from ..errors import InputError
from ..sanitize import one_line
from .feeds import FeedChoice, feed_items, parse_since
from .fetch import Fetcher, FetchPolicy, shown_url
from .formats import AUTO, detect


@dataclass(frozen=True)
class SourceOptions:
    """How sources are read: the kind forced (or told), which feed entries, how fetching is bounded,
    and where fetched documents are kept (None: nowhere)."""

    input_format: str = AUTO
    feed: FeedChoice = field(default_factory=FeedChoice)
    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    cache_dir: Path | None = None

    @classmethod
    def of(cls, *, input_format: str = AUTO, follow_links: bool = True, since: str | None = None,
           max_items: int | None = None, offline: bool = False, allow_hosts: str | Sequence[str] | None = None,
           cache_dir: Path | None = None) -> SourceOptions:  # fmt: skip
        """Options from settings' values as a config file or flags give them (`since` as 24h or a date,
        `allow_hosts` comma-separated); `offline` also when $SUMMARIZE_OFFLINE is set."""
        hosts = allow_hosts.split(",") if isinstance(allow_hosts, str) else list(allow_hosts or ())
        choice = FeedChoice(since=parse_since(since) if since else None, max_items=max_items,
                            follow_links=follow_links)  # fmt: skip
        from ..models import OFFLINE_ENV, env_flag

        offline = offline or env_flag(OFFLINE_ENV)
        policy = FetchPolicy(offline=offline, allow_hosts=tuple(host.strip() for host in hosts if host.strip()))
        return cls(input_format=input_format, feed=choice, fetch=policy, cache_dir=cache_dir)


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


class SourceReader:
    """Reads files' bytes, uploads and URLs into items; one fetcher (one client, one store) for a batch."""

    def __init__(self, options: SourceOptions = SourceOptions()) -> None:
        self.options = options
        self.fetcher = Fetcher(options.fetch, options.cache_dir)

    def url_items(self, url: str) -> list[Item]:
        """The items at a URL: one for a page or file, one per chosen entry for a feed."""
        shown = shown_url(url)
        try:
            fetched = self.fetcher.get(url)
            return self.bytes_items(fetched.body, shown, content_type=fetched.content_type, url=fetched.url)
        except InputError as exc:
            return [Item(shown, shown, error=str(exc))]

    def bytes_items(self, data: bytes, source: str, *, content_type: str | None = None,
                    url: str | None = None) -> list[Item]:  # fmt: skip
        """The items in a document's bytes; an error item for what cannot be read."""
        shown = one_line(source)
        try:
            kind = self._kind(data, shown, content_type, url)
            if kind == "feed":
                read_page = self.read_page if self.options.feed.follow_links else None
                return feed_items(data, shown, url=url, choice=self.options.feed, read_page=read_page)
            return [Item(shown, shown, self._document(kind, data, shown, url))]
        except InputError as exc:
            return [Item(shown, shown, error=str(exc))]
        except Exception as exc:  # an extractor's surprise costs only this source
            return [Item(shown, shown, error=f"{shown}: cannot be read ({type(exc).__name__}); check the file")]

    def read_page(self, url: str) -> Document:
        """The document a feed entry links to (a page, or a PDF)."""
        fetched = self.fetcher.get(url)
        kind = self._kind(fetched.body, one_line(url), fetched.content_type, fetched.url)
        if kind == "feed":
            raise InputError(f"{one_line(url)}: links to a feed, not to an article")
        return self._document(kind, fetched.body, one_line(url), fetched.url)

    def _kind(self, data: bytes, shown: str, content_type: str | None, url: str | None) -> str:
        if self.options.input_format != AUTO:
            return self.options.input_format
        name = urlsplit(url).path if url else shown
        kind = detect(data, content_type=content_type, name=name)
        if kind is None:
            what = one_line(content_type or "") or "binary data"
            raise InputError(f"{shown}: is {what}, not text, a web page, a feed, a PDF, a Word file or an e-mail; "
                             f"give one of those (or force one with `input_format`)")  # fmt: skip
        return kind

    def _document(self, kind: str, data: bytes, shown: str, url: str | None) -> Document:
        if kind == "html":
            from .web import extract_page

            return extract_page(data, shown, url=url)
        if kind == "pdf":
            from .pdf import extract_pdf

            return _with_url(extract_pdf(data, shown), url)
        if kind == "docx":
            from .word import extract_docx

            return _with_url(extract_docx(data, shown), url)
        if kind == "eml":
            from .mail import extract_mail

            return extract_mail(data, shown)
        return Document(decode_text(data, shown, max_bytes=self.options.fetch.max_bytes), shown, Metadata(url=url))

    def close(self) -> None:
        self.fetcher.close()


def _with_url(document: Document, url: str | None) -> Document:
    if url is None:
        return document
    meta = document.meta
    return Document(document.text, document.source, Metadata(meta.title, url, meta.published, meta.author, meta.site))
