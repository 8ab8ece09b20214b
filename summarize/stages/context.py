"""What every stage and strategy of one Summarizer shares: settings, cache, runtime, models, spelling of fixes."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..cache import Cache
from ..naming import Naming
from ..pool import ModelPool
from ..runtimes import Runtime
from ..settings import Settings
from ..terms import Terms
from .cached_generation import CachedGeneration


@dataclass
class Context:
    """The parts of a run, made once by Summarizer and handed to strategies and stages."""

    settings: Settings
    cache: Cache
    runtime: Runtime
    models: ModelPool
    generation: CachedGeneration
    naming: Naming
    terms: Terms = field(default_factory=Terms)
    """The glossary and keep list translations honour (loaded from the settings' files once)."""
