"""Runtimes execute models: a registry of name to class, one module each.

Adding a runtime is one module with a `Runtime` subclass and one line in `summarize/registry.py`.
"""

from __future__ import annotations

from typing import cast

from ..registry import RUNTIMES, lookup
from .base import LocatedModel, ModelRunner, Runtime


def runtime_class(name: str) -> type[Runtime]:
    """The registered runtime called `name` (its module imported now), or a UsageError listing them."""
    return cast("type[Runtime]", lookup(RUNTIMES, "runtime", name))


__all__ = ["RUNTIMES", "LocatedModel", "ModelRunner", "Runtime", "runtime_class"]
