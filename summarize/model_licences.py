"""A model's licence, from its card's metadata (the `license:` of README.md), and what it asks of users.

Read with huggingface_hub's own card parser; a card that is missing, oversized or unreadable
gives no licence rather than an error (the model still runs; `models list` says "unknown").
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

log = logging.getLogger("summarize")

CARD = "README.md"
_MAX_CARD_BYTES = 1_000_000
_noticed: set[str] = set()


@lru_cache(maxsize=64)
def _licence_at(card: Path) -> str | None:
    from huggingface_hub.repocard import metadata_load

    try:
        if card.stat().st_size > _MAX_CARD_BYTES:
            return None
        metadata = metadata_load(card) or {}
    except Exception:
        return None
    licence = metadata.get("license")
    return licence.strip().lower() if isinstance(licence, str) and licence.strip() else None


# The licences of the default models as their cards state them, for when a card is not on disk yet.
DEFAULT_LICENCES = {
    "sshleifer/distilbart-cnn-12-6": "apache-2.0",
    "Helsinki-NLP/opus-mt-en-es": "apache-2.0",
    "Helsinki-NLP/opus-mt-tc-big-en-zle": "cc-by-4.0",
    "quickmt/quickmt-en-ru": "cc-by-4.0",
}


def licence_of(path: Path | None, reference: str | None = None) -> str | None:
    """The licence a model directory's card names ('apache-2.0', 'cc-by-nc-4.0'), else the one a default
    model (`reference`) is known to have, or None."""
    if path is not None and (path / CARD).is_file():
        found = _licence_at((path / CARD).resolve())
        if found is not None:
            return found
    return DEFAULT_LICENCES.get(reference or "")


def non_commercial(licence: str | None) -> bool:
    return licence is not None and "-nc" in licence


def needs_attribution(licence: str | None) -> bool:
    """Creative Commons BY licences (cc-by-4.0, cc-by-sa-4.0, cc-by-nc-4.0): users must credit the authors."""
    return licence is not None and licence.startswith("cc-by")


def notice(reference: str, licence: str | None) -> str | None:
    """The line a user of this model should see, or None."""
    if non_commercial(licence):
        return f"model {reference!r} is licensed {licence}: non-commercial use only; credit its authors"
    if needs_attribution(licence):
        return f"model {reference!r} is licensed {licence}: credit its authors where you publish its output"
    return None


def notice_once(reference: str, path: Path | None) -> None:
    """Log a non-commercial model's licence the first time this process uses it."""
    licence = licence_of(path)
    if non_commercial(licence) and reference not in _noticed:
        _noticed.add(reference)
        log.warning("%s", notice(reference, licence))
