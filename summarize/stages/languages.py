"""Every output language's summaries: the languages' translators at once, where their runtime allows."""

from __future__ import annotations

from time import perf_counter

from ..scheduling import lanes, run_lanes, total_threads
from .context import Context
from .state import DocState
from .translation import translate_summaries


def translate_every_language(context: Context, live: list[DocState], timings: dict[str, float]) -> None:
    """Give each live document a summary in every configured language; `timings` gets each language's seconds."""
    settings = context.settings
    targets = list(settings.languages)
    timings.update({f"translate_{target}": 0.0 for target in targets})  # in the languages' order

    def models_of(target: str) -> set[str]:
        sources = {s.base.language for s in live if s.base and target not in s.summaries} - {target}
        return {settings.translator(source, target) for source in sources}

    references = {reference for target in targets for reference in models_of(target)}
    together = all(context.models.runtime_for(reference).concurrent for reference in references)

    def work(target: str) -> None:
        mark = perf_counter()
        translate_summaries(context, live, target)
        timings[f"translate_{target}"] = perf_counter() - mark

    run_lanes(lanes(targets, models_of, total_threads(settings) if together else 1), work)
