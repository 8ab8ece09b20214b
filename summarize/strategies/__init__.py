"""Strategies say how a summary comes about: a registry of name to class, one module each.

Adding a strategy is one module with a `Strategy` subclass and one line here.
"""

from __future__ import annotations

from ..registry import lookup
from .base import Strategy
from .extractive import ExtractiveStrategy
from .instruct import InstructStrategy
from .neural import NeuralStrategy

STRATEGIES: dict[str, type[Strategy]] = {
    "neural": NeuralStrategy,
    "extractive": ExtractiveStrategy,
    "instruct": InstructStrategy,
}


def strategy_class(name: str) -> type[Strategy]:
    """The registered strategy called `name`, or a UsageError listing the registered ones."""
    return lookup(STRATEGIES, "strategy", name)


__all__ = ["STRATEGIES", "Strategy", "strategy_class"]
