"""Freed memory goes back to the system between stages (glibc)."""

import sys
import threading
from pathlib import Path

import pytest

from summarize.memory import _malloc_trim, release_free_memory


def _resident_mb() -> int:
    return int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]) // 1024


@pytest.mark.skipif(not sys.platform.startswith("linux") or _malloc_trim() is None, reason="glibc only")
def test_memory_a_thread_freed_leaves_the_process_when_released() -> None:
    kept: list[bytes] = []

    def work() -> None:  # as a model's loading buffers: freed, with live blocks between them
        chunks = [b"x" * 100_000 for _ in range(2000)]
        kept.extend(chunks[::10])

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    before = _resident_mb()
    release_free_memory()
    assert before - _resident_mb() >= 100  # of the 180 MB freed
    assert len(kept) == 200


def test_releasing_memory_is_harmless_where_there_is_no_malloc_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    _malloc_trim.cache_clear()
    try:
        assert _malloc_trim() is None
        release_free_memory()
    finally:
        _malloc_trim.cache_clear()
