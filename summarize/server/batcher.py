"""Dynamic batching: requests that arrive within a few milliseconds share one pass through the models.

Model work runs in one worker thread (models are not safe to call from several threads at once,
and the event loop must stay free); while it works, new requests queue and form the next batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..batch import Answer
from ..document import Document
from ..errors import SummarizeError
from ..pipeline import Summarizer

log = logging.getLogger("summarize")

# (languages, length, source language); a Summarizer per (languages, length), all sharing the models.
Variant = tuple[tuple[str, ...], str, str | None]


class ServerSetupError(SummarizeError):
    """The server's own configuration fails for a request (answered 500 with the reason)."""


class QueueFull(Exception):
    """The queue holds as many texts as the server takes; `retry_after` estimates when there is room."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("queue full")
        self.retry_after = retry_after


@dataclass
class _Job:
    documents: list[Document]
    variant: Variant
    future: asyncio.Future[list[Answer]]
    queued: float = field(default_factory=time.monotonic)


class DynamicBatcher:
    """Gathers jobs for `wait_s`, runs them grouped by variant in the worker thread, answers each job."""

    def __init__(
        self, summarizer: Summarizer, *, wait_s: float, max_batch: int, max_queue: int, max_variants: int = 64
    ) -> None:
        self.summarizer = summarizer
        self.wait_s = wait_s
        self.max_batch = max_batch
        self.max_queue = max_queue
        self.pending = 0
        self.seconds_per_text = 1.0  # a running estimate, for Retry-After
        self.batches = 0
        self._queue: asyncio.Queue[_Job] | None = None
        self._task: asyncio.Task[None] | None = None
        # Least recently used first: a client cycling through combinations cannot grow memory without end.
        self._variants: OrderedDict[tuple[tuple[str, ...], str], Summarizer] = OrderedDict()
        self.max_variants = max_variants
        self.restarts = 0
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarize-models")

    def start(self) -> None:
        self._queue = asyncio.Queue()
        self._spawn()

    def _spawn(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="summarize-batcher")
        self._task.add_done_callback(self._restart_if_died)

    def _restart_if_died(self, task: asyncio.Task[None]) -> None:
        """A worker that died of a bug is started again; /readyz fails until it is (see `alive`)."""
        if task.cancelled():
            return
        log.error("the batch worker stopped (%s); restarting it", task.exception())
        self.restarts += 1
        self._task = None
        asyncio.get_running_loop().call_soon(self._spawn)

    @property
    def alive(self) -> bool:
        """Whether the worker task is running."""
        return self._task is not None and not self._task.done()

    async def stop(self) -> None:
        """Let the job in work finish (its results reach the cache), then stop."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await asyncio.get_running_loop().run_in_executor(None, self.executor.shutdown, True)

    async def run_in_worker(self, function: Any, *args: Any) -> Any:
        """Run other model work (loading at start-up) in the same thread, so it never overlaps a batch."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    def summarizer_for(self, variant: Variant) -> Summarizer:
        languages, length, _ = variant
        base = self.summarizer.settings
        if (languages, length) == (base.languages, base.length):
            return self.summarizer
        key = (languages, length)
        if key in self._variants:
            self._variants.move_to_end(key)
            return self._variants[key]
        self._variants[key] = self.summarizer.sibling(languages=languages, length=length)
        while len(self._variants) > self.max_variants:
            self._variants.popitem(last=False)
        return self._variants[key]

    def _setup(self, variant: Variant) -> Summarizer:
        """The variant's Summarizer; a failure to set it up (a glossary file gone) is the server's, not the client's."""
        try:
            return self.summarizer_for(variant)
        except SummarizeError as exc:
            raise ServerSetupError(f"the server cannot set up this request's languages and length: {exc}") from None

    async def submit(self, documents: Sequence[Document], variant: Variant) -> list[Answer]:
        """Each document's result or error, in order; QueueFull when the queue has no room for them."""
        if self.pending + len(documents) > self.max_queue:
            raise QueueFull(max(1, math.ceil(self.pending * self.seconds_per_text)))
        assert self._queue is not None, "start() the batcher first"
        self.pending += len(documents)
        future: asyncio.Future[list[Answer]] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Job(list(documents), variant, future))
        return await asyncio.shield(future)  # a timed-out request leaves its job to finish for the cache

    async def _run(self) -> None:
        assert self._queue is not None
        while True:
            jobs = [await self._queue.get()]
            deadline = time.monotonic() + self.wait_s
            while sum(len(job.documents) for job in jobs) < self.max_batch:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    jobs.append(await asyncio.wait_for(self._queue.get(), left))
                except TimeoutError:
                    break
            for variant in dict.fromkeys(job.variant for job in jobs):
                group = [job for job in jobs if job.variant == variant]
                try:
                    await self._work(group, variant)
                except Exception as exc:  # a bug: these jobs fail, the worker goes on
                    log.error("a batch failed: %s", exc, exc_info=exc)
                    for job in group:
                        if not job.future.done():
                            job.future.set_exception(exc)

    async def _work(self, jobs: list[_Job], variant: Variant) -> None:
        documents = [document for job in jobs for document in job.documents]
        started = time.monotonic()
        try:
            summarizer = self._setup(variant)
            work = functools.partial(summarizer.summarize_each, documents, source_language=variant[2])
            outcomes: list[Answer] = await self.run_in_worker(work)
        except Exception as exc:  # a UsageError or a bug: every job of the batch gets it
            for job in jobs:
                if not job.future.done():
                    job.future.set_exception(exc)
            return
        finally:
            self.pending -= len(documents)
            self.batches += 1
        spent = (time.monotonic() - started) / max(1, len(documents))
        self.seconds_per_text = 0.8 * self.seconds_per_text + 0.2 * spent
        position = 0
        for job in jobs:
            share = outcomes[position : position + len(job.documents)]
            position += len(job.documents)
            if not job.future.done():
                job.future.set_result(share)
        log.debug("batch of %d texts from %d requests in %.2f s", len(documents), len(jobs), time.monotonic() - started)
