"""What a summarize request does: check it, hand its documents to the batcher, pair each text with its outcome."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Document, Item
from ..errors import InputError, SummarizeError, UsageError
from ..languages import parse_language_list
from ..pipeline import Summarizer
from ..result import SummaryResult
from .api_errors import ApiError
from .batcher import DynamicBatcher, QueueFull, Variant
from .limits import ServerLimits
from .schemas import SummarizeRequest
from .uploads import Upload

MAX_LANGUAGES = 20
# A text's id, its document (None when it could not be read) and its result, or why there is none.
Entry = tuple[str, Document | None, SummaryResult | str]


@dataclass
class SummaryService:
    """The server's one path from a request body to per-text outcomes, shared by /summarize and /blurbs."""

    summarizer: Summarizer
    batcher: DynamicBatcher
    limits: ServerLimits

    async def read(self, body: SummarizeRequest, uploads: Sequence[Upload] = ()) -> list[Item]:
        """The request's texts, then its URLs' documents, then its uploaded files', as items in that order."""
        texts = body.all_texts
        self._check_sizes(texts)
        ids = body.ids or [str(number) for number in range(1, len(texts) + 1)]
        items: list[Item] = []
        for item_id, text in zip(ids, texts, strict=True):
            try:
                items.append(Item(item_id, item_id, Document.checked(text, item_id)))
            except InputError as exc:
                items.append(Item(item_id, item_id, error=str(exc)))
        if body.urls or uploads:
            read = await asyncio.to_thread(self._read_sources, body.urls or [], uploads)
            items += [self._bounded(item) for item in read]
        if len(items) > self.limits.max_texts:
            raise ApiError(413, "too_large", f"{len(items)} documents in one request (a feed's entries count each); "
                                             f"the limit is {self.limits.max_texts}")  # fmt: skip
        return items

    def _read_sources(self, urls: Sequence[str], uploads: Sequence[Upload]) -> list[Item]:
        from ..sources import FetchPolicy, SourceOptions, SourceReader

        if urls and not self.limits.allow_fetch:
            raise ApiError(400, "bad_request", "this server fetches no URLs (its operator has allowed no host to "
                                               "fetch from); send the text or upload the file")  # fmt: skip
        settings = self.summarizer.settings
        policy = FetchPolicy(allow_hosts=self.limits.allow_fetch, only_allowed=True,
                             max_bytes=self.limits.max_upload_bytes)  # fmt: skip
        reader = SourceReader(SourceOptions(fetch=policy, cache_dir=settings.cache_root if settings.cache else None))
        try:
            items = [item for url in urls for item in reader.url_items(url)]
            return items + [item for name, data in uploads for item in reader.bytes_items(data, name)]
        finally:
            reader.close()

    def _bounded(self, item: Item) -> Item:
        """An item whose text is over the server's limit is that item's error, as a text of that size would be."""
        document, limit = item.document, self.limits.max_text_chars
        if document is None or len(document.text) <= limit:
            return item
        return Item(item.id, item.source, error=f"{item.id}: its text has {len(document.text)} characters; "
                                                f"the limit is {limit}")  # fmt: skip

    async def run(self, body: SummarizeRequest, uploads: Sequence[Upload] = ()) -> list[Entry]:
        """Each document's id, document and result (or error message), in order."""
        settings = self.summarizer.settings
        languages = self._languages(body.languages) if body.languages else settings.languages
        items = await self.read(body, uploads)
        entries: list[Entry] = [(item.id, item.document, item.error or "") for item in items]
        documents = [document for _, document, _ in entries if document is not None]
        outcomes = iter(
            await self._submit(documents, (languages, body.length or settings.length, body.source_language))
        )
        return [
            (item_id, document, _as_result(next(outcomes)) if document is not None else message)
            for item_id, document, message in entries
        ]

    def _check_sizes(self, texts: list[str]) -> None:
        limits = self.limits
        if len(texts) > limits.max_texts:
            raise ApiError(413, "too_large", f"{len(texts)} texts in one request; the limit is {limits.max_texts}")
        for number, text in enumerate(texts, start=1):
            if len(text) > limits.max_text_chars:
                message = f"text {number} has {len(text)} characters; the limit is {limits.max_text_chars}"
                raise ApiError(413, "too_large", message)

    @staticmethod
    def _languages(requested: list[str]) -> tuple[str, ...]:
        try:
            languages = parse_language_list(requested)
        except UsageError as exc:
            raise ApiError(400, "bad_request", f"languages: {exc}") from None
        if len(languages) > MAX_LANGUAGES:
            raise ApiError(400, "bad_request", f"at most {MAX_LANGUAGES} languages per request")
        return languages

    async def _submit(self, documents: list[Document], variant: Variant) -> list[SummaryResult | SummarizeError]:
        timeout = self.limits.request_timeout
        try:
            return await asyncio.wait_for(self.batcher.submit(documents, variant), timeout)
        except QueueFull as full:
            busy = "the server is busy; retry after the time in Retry-After"
            raise ApiError(429, "queue_full", busy, {"Retry-After": str(full.retry_after)}) from None
        except TimeoutError:
            late = (
                f"the work took over {timeout} s; it goes on and its results will be in the cache: send it again later"
            )
            raise ApiError(504, "timeout", late) from None
        except UsageError as exc:
            raise ApiError(400, "bad_request", str(exc)) from None
        except SummarizeError as exc:
            raise ApiError(500, "server_error", str(exc)) from None


def _as_result(outcome: SummaryResult | SummarizeError) -> SummaryResult | str:
    return outcome if isinstance(outcome, SummaryResult) else str(outcome)
