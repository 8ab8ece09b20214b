"""Loading the models at start-up, in the model thread, and the readiness it reports."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..errors import SummarizeError
from ..pipeline import Summarizer
from .batcher import DynamicBatcher

log = logging.getLogger("summarize")


@dataclass
class Readiness:
    """'loading', then 'ready' (perhaps with problems: a missing translator costs its language) or 'failed'."""

    status: str = "loading"
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "problems": list(self.problems)}


class NotServable(SummarizeError):
    """No request could be answered: the main job's models all failed to load."""


def load_models(summarizer: Summarizer) -> list[str]:
    """Prepare the Summarizer and load every model its plan names; returns what could not be loaded.

    Raises NotServable when the main job cannot run: every model failed, or the summarizer did and
    there is no fallback strategy to stand in for it.
    """
    from ..plan import SUMMARIZER

    summarizer.prepare()  # what would fail every request (no fallback for a missing summarizer) raises here
    problems = []
    settings = summarizer.settings
    planned = summarizer.models.planned
    failed_roles = []
    for need in planned:
        try:
            summarizer.models.get(need).runner.load()
        except SummarizeError as exc:
            problems.append(f"{need.label} {need.reference}: {exc}")
            failed_roles.append(need.role)
    summarizer_lost = SUMMARIZER in failed_roles and settings.fallback_strategy is None
    if planned and (len(failed_roles) == len(planned) or summarizer_lost):
        raise NotServable("; ".join(problems))
    return problems


async def warm_up(batcher: DynamicBatcher, summarizer: Summarizer, readiness: Readiness) -> None:
    try:
        readiness.problems = await batcher.run_in_worker(load_models, summarizer)
    except SummarizeError as exc:
        readiness.status, readiness.problems = "failed", [str(exc)]
        log.error("the models cannot be loaded: %s", exc)
        return
    except Exception as exc:  # a bug: say so, keep serving what can be served
        readiness.status, readiness.problems = "failed", [f"{type(exc).__name__}: {exc}"]
        log.error("loading the models failed: %s", exc, exc_info=exc)
        return
    readiness.status = "ready"
    for problem in readiness.problems:
        log.warning("not loaded: %s", problem)
    if readiness.problems:
        log.warning("ready, without %d model(s): the requests that need them get their errors", len(readiness.problems))
    else:
        log.info("models loaded; ready")
