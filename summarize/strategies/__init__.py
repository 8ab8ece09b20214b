"""Strategies say how a summary comes about: a registry of name to class, one module each.

Adding a strategy is one module with a `Strategy` subclass and one line in `summarize/registry.py`.
"""

from __future__ import annotations

from typing import cast

from ..registry import STRATEGIES, lookup
from .base import Strategy


def strategy_class(name: str) -> type[Strategy]:
    """The registered strategy called `name` (its module imported now), or a UsageError listing them."""
    return cast("type[Strategy]", lookup(STRATEGIES, "strategy", name))


__all__ = ["STRATEGIES", "Strategy", "strategy_class"]
