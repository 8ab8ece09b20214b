"""Runtimes execute models: a registry of name to class, one module each.

Adding a runtime is one module with a `Runtime` subclass and one line here.
"""

from __future__ import annotations

from ..registry import lookup
from .base import LocatedModel, ModelRunner, Runtime
from .ct2 import CTranslate2Runtime
from .hf_transformers import TransformersRuntime
from .openai_server import OpenAIServerRuntime

RUNTIMES: dict[str, type[Runtime]] = {
    "transformers": TransformersRuntime,
    "ctranslate2": CTranslate2Runtime,
    "openai": OpenAIServerRuntime,
}


def runtime_class(name: str) -> type[Runtime]:
    """The registered runtime called `name`, or a UsageError listing the registered ones."""
    return lookup(RUNTIMES, "runtime", name)


__all__ = ["RUNTIMES", "LocatedModel", "ModelRunner", "Runtime", "runtime_class"]
