"""One item's failure costs one item: work is tried on a group, and on each member alone if the group fails."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ..errors import SummarizeError, UsageError

T = TypeVar("T")


def isolate(items: Sequence[T], work: Callable[[list[T]], None], fail: Callable[[T, SummarizeError], None]) -> None:
    """Run `work` on all items at once (shared model batches); when it fails, run it on each alone.

    An item that fails alone is handed to `fail` with its error. What the group finished before
    failing is in the cache, so retrying members one by one repeats no model call. A UsageError
    is about the settings, not an item, and is raised.
    """
    if not items:
        return
    try:
        work(list(items))
    except UsageError:
        raise
    except SummarizeError as exc:
        if len(items) == 1:
            fail(items[0], exc)
            return
        for item in items:
            isolate([item], work, fail)
