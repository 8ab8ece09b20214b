"""Language detection through the cache: a rerun ranks no language again (and loads no detector or NumPy)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..cache import Cache
from ..keys import detection_key
from ..segment import Detection, detect_language, rank_languages


def detect_cached(cache: Cache, text: str, likely: Sequence[str] = ()) -> Detection:
    """`detect_language(text, likely)`, with the detector's ranking of `text` kept in the cache."""
    key = detection_key(text)
    ranked = _ranking(cache.get(key))
    if ranked is None:
        ranked = rank_languages(text)
        cache.put(key, [[language, score] for language, score in ranked])
    return detect_language(text, likely, ranked=ranked)


def _ranking(stored: Any) -> list[tuple[str, float]] | None:
    """A stored ranking, or None when the entry is missing or not one (it is then ranked again)."""
    if not isinstance(stored, list) or not stored:
        return None
    ranked = []
    for entry in stored:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                and isinstance(entry[1], int | float)):  # fmt: skip
            return None
        ranked.append((entry[0], float(entry[1])))
    return ranked
