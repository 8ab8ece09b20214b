"""The one look-up, compute, store helper every stage uses (`summarize.stages.stored`)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from summarize.cache import Cache
from summarize.errors import SummarizeError
from summarize.stages.stored import Found, Result, at_once, stored_or_computed, text_record


def _upper(asked: list[list[str]]):  # type: ignore[no-untyped-def]
    def compute(todo: list[str]) -> list[Result[dict]]:
        asked.append(todo)
        return [SummarizeError("no") if t == "bad" else Found({"text": t.upper()}) for t in todo]

    return at_once(compute)


def test_only_misses_are_computed_once_each_and_failures_are_not_stored(tmp_path: Path) -> None:
    cache, asked = Cache(tmp_path), []
    first = stored_or_computed(cache, ["a", "b", "a", "bad"], lambda t: f"k-{t}", _upper(asked), decode=text_record)
    assert asked == [["a", "b", "bad"]]  # the repeated "a" is computed once
    assert [r.value["text"] if isinstance(r, Found) else str(r) for r in first] == ["A", "B", "A", "no"]
    assert not any(r.cached for r in first if isinstance(r, Found))
    again = stored_or_computed(cache, ["b", "bad", "c"], lambda t: f"k-{t}", _upper(asked), decode=text_record)
    assert asked[-1] == ["bad", "c"]  # a failure is tried again; "b" came from the cache
    assert isinstance(again[0], Found) and again[0].cached


def test_an_entry_the_decoder_refuses_is_computed_again(tmp_path: Path) -> None:
    cache, asked = Cache(tmp_path), []
    cache.put("k-a", "an old plain string")
    result = stored_or_computed(cache, ["a"], lambda t: f"k-{t}", _upper(asked), decode=text_record)
    assert asked == [["a"]] and cache.get("k-a") == {"text": "A"} and isinstance(result[0], Found)


def test_each_batch_is_stored_before_the_next_is_made(tmp_path: Path) -> None:
    cache = Cache(tmp_path)

    def compute(todo: list[str]) -> Iterator[dict[int, Result[str]]]:
        yield {0: Found(todo[0] + "!")}
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stored_or_computed(cache, ["x", "y"], lambda t: t, compute)
    assert cache.get_many(["x", "y"]) == {"x": "x!"}


def test_keys_are_made_again_after_the_work_and_settling_repeats_the_look_up(tmp_path: Path) -> None:
    cache, identity = Cache(tmp_path), {"model": "old"}
    cache.put("new-a", "stored under the new identity")

    def settle() -> bool:
        identity["model"] = "new"
        return True

    def compute(todo: list[str]) -> list[Result[str]]:
        identity["model"] = "newer"  # the work itself may change it again
        return [Found(t) for t in todo]

    results = stored_or_computed(cache, ["a", "b"], lambda t: f"{identity['model']}-{t}", at_once(compute),
                                 settle=settle)  # fmt: skip
    assert [r.cached for r in results if isinstance(r, Found)] == [True, False]
    assert cache.get("newer-b") == "b" and cache.get("new-b") is None
