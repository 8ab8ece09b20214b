"""Look up, compute what is missing, store: the one way every stage uses the cache.

A stage names its items' keys (`summarize.keys`), how a stored entry reads back and how a fresh
value is written; this module does the rest, the same way for a model call, a translation, a
fact check or a whole document's summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..cache import Cache
from ..errors import SummarizeError

T = TypeVar("T")
V = TypeVar("V")


@dataclass(frozen=True)
class Found(Generic[V]):
    """An item's value, and whether it came wholly from the cache (at this stage or below it)."""

    value: V
    cached: bool = False


Result = Found[V] | SummarizeError
"""An item's value, or its own failure (never stored: the next run tries again)."""

Batch = Mapping[int, Result[V]]
"""Results by position in the list of missing items."""


def _as_is(value: Any) -> Any:
    return value


def text_record(entry: Any) -> dict[str, Any] | None:
    """A stored record with a text (a stage's usual entry), or None for anything else."""
    return entry if isinstance(entry, dict) and isinstance(entry.get("text"), str) else None


def at_once(compute: Callable[[list[T]], Sequence[Result[V]]]) -> Callable[[list[T]], Iterable[Batch[V]]]:
    """A compute that does all missing items in one go, as a single stored batch."""
    return lambda items: [dict(enumerate(compute(items)))]


def stored_or_computed(
    cache: Cache,
    items: Sequence[T],
    key: Callable[[T], str],
    compute: Callable[[list[T]], Iterable[Batch[V]]],
    *,
    decode: Callable[[Any], V | None] = _as_is,
    encode: Callable[[V], Any] = _as_is,
    settle: Callable[[], bool] | None = None,
) -> list[Result[V]]:
    """Each item's value: from the cache where its key is stored, else from `compute`.

    Items with the same key are computed once. `decode` returns None for an entry it cannot read
    (one written by an older version): that item is computed again. `compute` gets the missing
    items and yields its results batch by batch; each batch is stored before the next is made, so
    an interrupted run keeps all it finished. `settle`, called before any work, may change the
    model identity the keys name (a server reports its model's digest when first contacted);
    when it returns True the look-up is repeated under the new keys.
    """
    keys, found, missing = _look_up(cache, items, key, decode)
    if missing and settle is not None and settle():
        keys, found, missing = _look_up(cache, items, key, decode)
    results: dict[str, Result[V]] = {k: Found(v, cached=True) for k, v in found.items()}
    todo = [items[index] for index in missing]
    for batch in compute(todo) if todo else ():
        fresh: dict[str, Any] = {}
        for position, result in batch.items():
            index = missing[position]
            results[keys[index]] = result
            if isinstance(result, Found):
                # Keyed again after the work: the identity of a model it used may have changed meanwhile.
                fresh[key(items[index])] = encode(result.value)
        if fresh:
            cache.put_many(fresh)
    return [results[k] for k in keys]


def every(results: list[Result[V]]) -> list[Found[V]]:
    """The results of a compute that never fails an item (it raises instead)."""
    done = [result for result in results if isinstance(result, Found)]
    if len(done) != len(results):
        raise AssertionError("a compute that cannot fail an item failed one")
    return done


def stored_or_computed_one(
    cache: Cache,
    key: str,
    compute: Callable[[], V],
    *,
    decode: Callable[[Any], V | None] = _as_is,
    encode: Callable[[V], Any] = _as_is,
) -> V:
    """One value, from the cache or computed and stored."""
    result = stored_or_computed(
        cache, [None], lambda _: key, at_once(lambda _: [Found(compute())]), decode=decode, encode=encode
    )
    return every(result)[0].value


def _look_up(
    cache: Cache, items: Sequence[T], key: Callable[[T], str], decode: Callable[[Any], V | None]
) -> tuple[list[str], dict[str, V], list[int]]:
    """Each item's key, the values the cache holds for them, and the first index of each missing key."""
    keys = [key(item) for item in items]
    stored = cache.get_many(dict.fromkeys(keys))
    found: dict[str, V] = {}
    for k, entry in stored.items():
        value = decode(entry)
        if value is not None:
            found[k] = value
    missing: dict[str, int] = {}
    for index, k in enumerate(keys):
        if k not in found:
            missing.setdefault(k, index)
    return keys, found, list(missing.values())
