"""Handing freed memory back to the system between stages (glibc's malloc_trim; elsewhere nothing).

Loading a model reads its file through buffers that are freed once the weights are built, and
every decoding thread leaves its workspace in a malloc arena of its own. glibc keeps such freed
pages mapped; without a trim they stay in the process's resident size until it exits.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: a run that loads no model never needs it
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return None


def release_free_memory() -> None:
    """Return the pages malloc holds free in all its arenas to the system, where glibc can."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
