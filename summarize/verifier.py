"""A claim verifier for `summarize.facts.check(..., verifier=verifier("MODEL"))`, outside a Summarizer run."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .facts.claims import Judge


def verifier(model: str, **settings: Any) -> Judge:
    """A Judge asking `model` (a chat model: a directory, a Hub id, or 'openai:NAME'); `settings` are
    Settings fields for reaching and caching it (`llm_url`, `llm_timeout`, `cache_dir`, `cache`,
    `device`...). The same arguments give the same judge: the model loads once per process."""
    return _judge(model, tuple(sorted(settings.items())))


@lru_cache(maxsize=4)
def _judge(model: str, settings: tuple[tuple[str, Any], ...]) -> Judge:
    from .pipeline import Summarizer
    from .stages.verification import ModelJudge

    summarizer = Summarizer(verifier=model, engine="extractive", languages=("en",), **dict(settings))
    return ModelJudge(summarizer.context)
