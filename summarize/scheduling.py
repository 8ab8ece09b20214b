"""Which model work runs at once: the translations into different languages, each on its share of the cores.

CTranslate2 handed every core for one call at a time spends them fighting (measured on 2 cores:
the statement's translations took 2.09 s on 2 threads, 0.99 s on 1, and 0.52 s with es and ru at
once on one thread each). So the output languages are translated at once, in lanes: languages
whose translators share a model share a lane (a model runs one batch at a time), there are never
more lanes than cores, and each translator gets the cores divided by the lanes its source
language has. Each language's output depends on its own inputs alone, so the result is the same
whatever the order the lanes finish in. Within one model, batches run side by side where its
runtime allows (`batch_layout`), each exactly the batch it would be alone.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .plan import ModelNeed
    from .settings import Settings

T = TypeVar("T")


def available_threads() -> int:
    """The cores this process may run on (its affinity), not merely the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def total_threads(settings: Settings) -> int:
    """The cores a run may use: `threads` when given (it is the total, however the work is split)."""
    return settings.threads or available_threads()


# A model runs at most this many batches side by side (each needs its own working memory).
MAX_SIDE_BY_SIDE = 4


def batch_layout(threads: int) -> tuple[int, int]:
    """How a model with `threads` cores runs its batches: (side by side, threads for each).

    Never more threads than cores: GNU OpenMP (CTranslate2's) keeps each batch's threads, and once
    it keeps more than there are cores they sleep at every barrier instead of spinning. On 2 cores,
    two batches of 2 threads each made a lone text's summary take 3.0-3.6 s from the third call on,
    against 1.6-1.9 s on one batch of 2. So each batch gets at least 2 threads, so that one text
    decodes on two, and the rest of the cores go to more batches side by side, at most
    MAX_SIDE_BY_SIDE (2 cores: 1 batch of 2; 8: 4 of 2; 16: 4 of 4).
    """
    side_by_side = max(1, min(threads // 2, MAX_SIDE_BY_SIDE))
    return side_by_side, max(1, threads // side_by_side)


def lanes(targets: Sequence[str], models_of: Callable[[str], set[str]], limit: int) -> list[list[str]]:
    """The targets in at most `limit` lanes, no model in two lanes; order kept within and across lanes.

    A target that needs no model (the summary is already in its language) goes in the first lane.
    """
    grouped: list[tuple[set[str], list[str]]] = []
    idle: list[str] = []
    for target in targets:
        models = models_of(target)
        if not models:
            idle.append(target)
            continue
        joined = [lane for lane in grouped if lane[0] & models]
        if joined or len(grouped) >= max(1, limit):
            lane = joined[0] if joined else min(grouped, key=lambda lane: len(lane[1]))
            lane[0].update(models)
            lane[1].append(target)
            # A target that shares models with two lanes joins them into one.
            for other in joined[1:]:
                lane[0].update(other[0])
                lane[1].extend(other[1])
                grouped.remove(other)
        else:
            grouped.append((set(models), [target]))
    found = [targets_of for _, targets_of in grouped]
    return [idle + found[0], *found[1:]] if found else ([idle] if idle else [])


def run_lanes(lanes_: Sequence[Sequence[str]], work: Callable[[str], None]) -> None:
    """`work(target)` for every target, lane by lane at once; the first lane's error (in lane order) is raised."""

    def lane_work(lane: Sequence[str]) -> Callable[[], None]:
        def run() -> None:
            for target in lane:
                work(target)

        return run

    run_at_once([lane_work(lane) for lane in lanes_])


def run_at_once(works: Sequence[Callable[[], T]]) -> list[T]:
    """Every work at the same time, the first on the calling thread; their results in order.

    The first failure in the works' order is raised once all have ended, so no work is still
    using a model when the caller goes on. Ctrl-C is not waited on: the other works run on daemon
    threads, which end with the process.
    """
    if len(works) <= 1:
        return [work() for work in works]
    results: list[Any] = [None] * len(works)
    errors: list[BaseException | None] = [None] * len(works)

    def run(index: int) -> None:
        try:
            results[index] = works[index]()
        except BaseException as exc:  # handed to the calling thread, which raises it
            errors[index] = exc

    threads = [threading.Thread(target=run, args=(i,), name=f"summarize-work-{i}", daemon=True)
               for i in range(1, len(works))]  # fmt: skip
    for thread in threads:
        thread.start()
    try:
        results[0] = works[0]()
    except Exception as exc:  # a KeyboardInterrupt goes up at once
        errors[0] = exc
    for thread in threads:
        thread.join()
    failure = next((error for error in errors if error is not None), None)
    if failure is not None:
        raise failure
    return results


def translator_threads(settings: Settings, planned: Iterable[ModelNeed], need: ModelNeed) -> int | None:
    """A translator's share of the cores: the total over the translators planned from its source
    language (they run at once); None when it has the run to itself."""
    if need.pair is None:
        return None
    siblings = {other.reference for other in planned if other.pair is not None and other.pair[0] == need.pair[0]}
    total = total_threads(settings)
    share = min(len(siblings), total)
    return total // share if share > 1 else None
