"""One answer to "which models does this run need?", read by the pipeline, `summarize models ...` and every hint.

`plan(settings, source_languages)` asks the chosen strategy what it needs to summarize inputs in
each source language, adds the translators from that summary's language into every output
language, and says for each model whether it is on disk and how large it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .languages import PIVOT
from .models import ModelInfo, inspect_model
from .naming import Naming
from .registry import STRATEGIES, lookup

if TYPE_CHECKING:
    from .settings import Settings

SUMMARIZER = "summarizer"
TRANSLATOR = "translator"
VERIFIER = "verifier"


@dataclass(frozen=True)
class ModelNeed:
    """A model a run needs: what it is for, which one, and for a translator the language pair."""

    role: str  # SUMMARIZER or TRANSLATOR
    reference: str
    pair: tuple[str, str] | None = None

    @property
    def label(self) -> str:
        """'summarizer' or 'en-es translator', as messages and `models list` name it."""
        return self.role if self.pair is None else f"{self.pair[0]}-{self.pair[1]} {self.role}"

    def fix(self, naming: Naming) -> str:
        """How the user points this role at another model: '--summarizer DIR', '--translator es=DIR'."""
        if self.role == VERIFIER:
            return naming.verifier()
        return naming.summarizer() if self.pair is None else naming.translator(*self.pair)


def summarizer_need(settings: Settings) -> ModelNeed:
    return ModelNeed(SUMMARIZER, settings.summarizer)


def verifier_need(settings: Settings) -> ModelNeed | None:
    """The claim verifier, when the settings name one and check facts at all."""
    if settings.verifier is None or not settings.fact_check:
        return None
    return ModelNeed(VERIFIER, settings.verifier)


def translator_need(settings: Settings, source: str, target: str) -> ModelNeed:
    return ModelNeed(TRANSLATOR, settings.translator(source, target), (source, target))


@dataclass(frozen=True)
class PlannedModel:
    """A needed model and where it stands on this machine."""

    need: ModelNeed
    info: ModelInfo

    @property
    def on_disk(self) -> bool:
        return self.info.on_disk


def needs(settings: Settings, source_languages: Iterable[str], strategy_name: str | None = None) -> list[ModelNeed]:
    """Every model a run over inputs in these languages needs, each once: summarizers first, then translators.

    `strategy_name` is the settings' strategy when None (the fallback's, for inputs it stands in for).
    """
    strategy = lookup(STRATEGIES, "strategy", strategy_name or settings.strategy_name)
    wanted: list[ModelNeed] = []
    for source in source_languages:
        wanted += strategy.needs(settings, source)
        if strategy.writes_every_language:
            continue
        base = strategy.summary_language(source)
        wanted += [translator_need(settings, base, target) for target in settings.languages if target != base]
    verifier = verifier_need(settings)
    wanted += [verifier] if verifier is not None else []
    # Summarizer first, then translators into the output languages, then those from other inputs, the verifier last.
    order = {SUMMARIZER: 0, VERIFIER: 2}
    unique = list(dict.fromkeys(wanted))
    return sorted(unique, key=lambda n: (order.get(n.role, 1), n.pair is not None and n.pair[0] != PIVOT))


def plan(settings: Settings, source_languages: Sequence[str] | None = None) -> list[PlannedModel]:
    """The models a run needs, with what is on disk; sources default to the pivot plus configured pairs."""
    sources = list(source_languages) if source_languages else default_sources(settings)
    return [PlannedModel(need, inspect_model(need.reference)) for need in needs(settings, sources)]


def default_sources(settings: Settings) -> list[str]:
    """The input languages a run is set up for: the given source language, else the pivot and each `X-en` pair's."""
    if settings.source_language:
        return [settings.source_language]
    configured = [pair.split("-")[0] for pair in settings.translators if pair.endswith(f"-{PIVOT}")]
    return list(dict.fromkeys([PIVOT, *configured]))


def available_targets(settings: Settings, source: str, naming: Naming) -> str:
    """Which languages `source` can be translated into here, and how to add one."""
    pairs = {f"{source}-{code}" for code in settings.languages} | set(settings.translators)
    ready = sorted(
        pair.split("-")[1]
        for pair in pairs
        if pair.startswith(f"{source}-") and inspect_model(settings.translator(*pair.split("-"))).on_disk
    )
    have = ", ".join(ready) if ready else "none"
    return f"targets from {source!r} with a model on disk: {have}; add one with {naming.translator_pattern(source)}"


def available_sources(settings: Settings, naming: Naming) -> str:
    """Which input languages the neural strategy can take here, and how to add one."""
    ready = [
        pair.split("-")[0]
        for pair, model in settings.translators.items()
        if pair.endswith(f"-{PIVOT}") and inspect_model(model).on_disk
    ]
    have = ", ".join([PIVOT, *sorted(ready)])
    return f"input languages with a model on disk: {have}; add one with {naming.translator_pattern(target=PIVOT)}"
