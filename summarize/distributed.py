"""Batches on a Ray cluster: the same items, outcomes, order and cache semantics as on one machine.

The driver answers from its own cache first (a finished batch starts no cluster work at all);
the rest goes in groups to a pool of actors, each holding one `Summarizer` with its models
loaded once. Each group's results come back with the cache entries the worker wrote, and the
driver stores them at once, under the same keys as on one machine: a result made on the cluster
is a cache hit on a laptop, and nothing finished is lost to a failure or Ctrl-C. A worker
process that dies has its group retried on a restarted actor (Ray's actor restarts and task
retries). Ray is imported only here, and only when there is work to ship.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .batch import GROUP_SIZE, Answer, Executor, Outcome, drive
from .cache import RecordingCache
from .document import Document
from .errors import CacheMiss, SummarizeError, UsageError, first_line
from .inputs import Item
from .options import BY_NAME, default_of
from .pipeline import Summarizer
from .result import SummaryResult
from .settings import Settings

log = logging.getLogger("summarize")

LOCAL = "local"
_ADDRESS = re.compile(r"(ray://)?[\w.\-\[\]:]+:\d{1,5}")
# Ray restarts a dead actor this many times, and retries the task it was running on the new one.
RETRIES = 3


@dataclass(frozen=True)
class ClusterOptions:
    """Where and how wide: `address` is 'local' (a Ray started for the run), 'auto' or 'ray://host:10001'."""

    # Defaults and bounds are the options table's (ray_workers, ray_cpus, ray_gpus).
    address: str = LOCAL
    workers: int = default_of("ray_workers")
    cpus_per_worker: float = default_of("ray_cpus")
    gpus_per_worker: float = default_of("ray_gpus")
    group_size: int = GROUP_SIZE

    def __post_init__(self) -> None:
        for name, value in (("ray_workers", self.workers), ("ray_cpus", self.cpus_per_worker),
                            ("ray_gpus", self.gpus_per_worker)):  # fmt: skip
            BY_NAME[name].check_value(value)
        if self.address not in (LOCAL, "auto") and not _ADDRESS.fullmatch(self.address):
            raise UsageError(
                f"the Ray address must be 'auto', ray://HOST:PORT or HOST:PORT, got {self.address!r} "
                f"(put `ray` after the inputs, or give it its address: `ray=ADDRESS`)",
                option="ray",
            )


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise SummarizeError("`ray` needs Ray: pip install 'summarize[ray]'") from None
    return ray


# Where `ray start --head` leaves the address of the cluster it started (what address='auto' reads).
_CURRENT_CLUSTER = Path(tempfile.gettempdir()) / "ray" / "ray_current_cluster"


def _probe(address: str, timeout: float = 3.0) -> None:
    """Fail within seconds when nothing listens at the cluster's address (Ray itself would wait for ever)."""
    if address == "auto":
        found = os.environ.get("RAY_ADDRESS") or (
            _CURRENT_CLUSTER.read_text(encoding="utf-8").strip() if _CURRENT_CLUSTER.is_file() else ""
        )
        if not found:
            raise SummarizeError(
                "`ray=auto` found no running Ray cluster on this machine: start a head node with Ray's own "
                "'ray start' command, or give `ray` with no address for a Ray started just for this run"
            )
        address = found
    host, _, port = address.removeprefix("ray://").rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout):
            return
    except (OSError, ValueError) as exc:
        raise SummarizeError(
            f"cannot reach the Ray cluster at {address} ({exc.__class__.__name__}: {exc}); check that it runs "
            f"('ray status' on its head node) and the address, or give `ray` with no address for a local Ray"
        ) from None


def _connect(ray: Any, options: ClusterOptions) -> bool:
    """Join or start Ray; True when this call started it (and so must stop it)."""
    if ray.is_initialized():
        return False
    if options.address != LOCAL:
        _probe(options.address)
    quiet: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    try:
        if options.address == LOCAL:
            cpus = max(1, int(options.workers * options.cpus_per_worker + 0.999))
            ray.init(num_cpus=cpus, num_gpus=options.workers * options.gpus_per_worker or None,
                     include_dashboard=False, **quiet)  # fmt: skip
        else:
            ray.init(address=options.address, **quiet)
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError for a bad address
        raise SummarizeError(
            f"cannot join the Ray cluster at {options.address} ({type(exc).__name__}: "
            f"{first_line(exc, 120)}); check the address, and for a cluster with token authentication "
            f"set RAY_AUTH_MODE=token with its token (RAY_AUTH_TOKEN, or ~/.ray/auth_token)"
        ) from None
    return True


class Worker:
    """A Ray actor's body: one Summarizer, made on first use, answering groups of documents."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.summarizer: Summarizer | None = None
        self.recording: RecordingCache | None = None

    def pid(self) -> int:
        return os.getpid()

    def run(self, documents: list[tuple[str, str]], source_language: str | None) -> dict[str, Any]:
        """Each document's result (as a dict) or error, and the cache entries written for them."""
        if self.summarizer is None or self.recording is None:
            self.summarizer = Summarizer(self.settings)
            self.recording = self.summarizer.record_cache_writes()
        outcomes: list[dict[str, Any]] = []
        try:
            results = self.summarizer.summarize_each(
                [Document(text, source) for text, source in documents], source_language=source_language
            )
        except SummarizeError as exc:  # the worker cannot work at all (a model missing on this node)
            results = [exc] * len(documents)
        for result in results:
            if isinstance(result, SummaryResult):
                outcomes.append({"result": result.to_dict()})
            else:
                outcomes.append({"error": str(result)})
        return {"outcomes": outcomes, "entries": self.recording.take(), "node": os.uname().nodename}


def _answered(outcome: SummaryResult | SummarizeError) -> bool:
    """Whether the driver answered a document wholly without a model: every language present, each from
    the cache or picked from the input by the extractive strategy (which needs no model)."""
    return isinstance(outcome, SummaryResult) and all(
        not s.error and (s.cached or s.engine == "extractive") for s in outcome.summaries.values()
    )


def summarize_items_on_ray(
    summarizer: Summarizer,
    items: Sequence[Item],
    options: ClusterOptions,
    *,
    source_language: str | None = None,
    progress: bool = False,
) -> Iterator[Outcome]:
    """Outcomes in item order, as `summarize_items` gives them, with the model work done on Ray."""
    return drive(items, on_ray(summarizer, options, source_language), group_size=options.group_size,
                 progress=progress)  # fmt: skip


def on_ray(summarizer: Summarizer, options: ClusterOptions, source_language: str | None = None) -> Executor:
    """Answer what the driver's cache holds here, and ship the rest of each group to Ray actors."""

    def execute(groups: list[list[Document]]) -> Iterator[tuple[int, list[Answer]]]:
        cached = [_from_cache(summarizer, documents, source_language) for documents in groups]
        shipped: dict[int, list[int]] = {}  # group -> positions the cluster must answer
        for index, (documents, found) in enumerate(zip(groups, cached, strict=True)):
            missing = [position for position in range(len(documents)) if position not in found]
            if missing:
                shipped[index] = missing
            else:
                yield index, [found[position] for position in range(len(documents))]
        if not shipped:
            log.info("every item was answered from the cache; no cluster work needed")
            return
        work = [[groups[index][position] for position in positions] for index, positions in shipped.items()]
        for order, answered in _ship(summarizer, work, options, source_language):
            index = list(shipped)[order]
            merged = cached[index] | dict(zip(shipped[index], answered, strict=True))
            yield index, [merged[position] for position in range(len(groups[index]))]

    return execute


def _from_cache(summarizer: Summarizer, documents: list[Document], source_language: str | None) -> dict[int, Answer]:
    """The documents (by position) the driver's cache answers wholly, without loading or running any model."""
    if not documents or not summarizer.settings.cache:
        return {}
    try:
        outcomes = summarizer.cache_only().summarize_each(documents, source_language=source_language)
    except (CacheMiss, SummarizeError):
        return {}
    return {position: outcome for position, outcome in enumerate(outcomes) if _answered(outcome)}


def _ship(
    summarizer: Summarizer, groups: list[list[Document]], options: ClusterOptions, source_language: str | None
) -> Iterator[tuple[int, list[Answer]]]:
    """Send groups to the actors, yield each group's answers as it finishes; the driver's cache gets its entries."""
    ray = _import_ray()
    started = _connect(ray, options)
    actor_class = ray.remote(num_cpus=options.cpus_per_worker, num_gpus=options.gpus_per_worker,
                             max_restarts=RETRIES, max_task_retries=RETRIES)(Worker)  # fmt: skip
    settings = summarizer.settings
    if options.address == LOCAL and settings.cache:
        # One machine: the workers share the driver's cache file, whatever their environment says.
        settings = settings.replace(cache_dir=settings.cache_root)
    actors = [actor_class.remote(settings) for _ in range(min(options.workers, len(groups)))]
    waiting = list(range(len(groups)))
    running: dict[Any, tuple[Any, int]] = {}  # task -> (its actor, its group)

    def give(actor: Any) -> None:
        """The next group to an idle actor: a fast actor takes more groups than a slow one."""
        if waiting:
            index = waiting.pop(0)
            running[_submit(actor, groups[index], source_language)] = (actor, index)

    try:
        for actor in actors:
            give(actor)
        while running:
            finished, _ = ray.wait(list(running), num_returns=1)
            for ref in finished:
                actor, index = running.pop(ref)
                yield index, _collect(ray, summarizer, ref, len(groups[index]))
                give(actor)
    except KeyboardInterrupt:
        for ref in running:
            ray.cancel(ref)  # actor tasks cannot be force-cancelled; killing the actors below ends them
        raise
    finally:
        for actor in actors:
            ray.kill(actor)
        if started:
            ray.shutdown()


def _submit(actor: Any, group: list[Document], source_language: str | None) -> Any:
    return actor.run.remote([(document.text, document.source) for document in group], source_language)


def _collect(ray: Any, summarizer: Summarizer, ref: Any, size: int) -> list[Answer]:
    """A finished group's answers; its cache entries go into the driver's cache first."""
    try:
        payload = ray.get(ref)
    except Exception as exc:  # the actor died more often than it may be restarted, or Ray failed
        failure = SummarizeError(f"the cluster worker failed ({type(exc).__name__}: {first_line(exc, 160)})")
        return [failure] * size
    summarizer.cache.put_many(payload["entries"])
    return [
        SummaryResult.from_dict(answer["result"]) if "result" in answer else SummarizeError(answer["error"])
        for answer in payload["outcomes"]
    ]
