"""Registries are plain dicts of name to class (as sumy keeps its summarizers), named here, loaded when asked.

An entry is a class, or "module:Class" imported on first use: the settings can list and check
the names without importing any strategy or runtime, so the import graph has no circle through
them. A test registers its own class by name (`RUNTIMES["counting"] = CountingRuntime`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from .errors import UsageError

RUNTIMES: dict[str, Any] = {
    "transformers": "summarize.runtimes.hf_transformers:TransformersRuntime",
    "ctranslate2": "summarize.runtimes.ct2_runtime:CTranslate2Runtime",
    "openai": "summarize.runtimes.openai_server:OpenAIServerRuntime",
}
STRATEGIES: dict[str, Any] = {
    "neural": "summarize.strategies.neural:NeuralStrategy",
    "extractive": "summarize.strategies.extractive:ExtractiveStrategy",
    "instruct": "summarize.strategies.instruct:InstructStrategy",
}


def lookup(registry: dict[str, Any], setting: str, name: str) -> Any:
    """The class called `name` (imported now if named by path), or a UsageError listing every registered name."""
    try:
        entry = registry[name]
    except KeyError:
        raise UsageError.bad_value(setting, f"must be one of {', '.join(registry)}, got {name!r}") from None
    if isinstance(entry, str):
        module, _, attribute = entry.partition(":")
        entry = registry[name] = getattr(importlib.import_module(module), attribute)
    return entry


def names(registry: dict[str, Any]) -> Callable[[], tuple[str, ...]]:
    """The registered names, read when asked (a test may register more)."""
    return lambda: tuple(registry)
