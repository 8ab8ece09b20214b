"""Registries are plain dicts of name to class (as sumy keeps its summarizers); one lookup serves them all."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from .errors import UsageError

T = TypeVar("T")


def lookup(registry: Mapping[str, T], setting: str, name: str) -> T:
    """The entry called `name`, or a UsageError naming the setting and every registered name."""
    try:
        return registry[name]
    except KeyError:
        raise UsageError.bad_value(setting, f"must be one of {', '.join(registry)}, got {name!r}") from None
