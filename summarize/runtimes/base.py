"""What a runtime is: the thing that executes a model, so the stages never depend on one library.

A `Runtime` is made once per Summarizer from its settings. It finds a model (`locate`), says what
part of every cache key it contributes (`cache_identity`), and gives a `ModelRunner` per model: a
batch of texts in, a batch of texts out, with the token arithmetic the stages need for chunking.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar

from ..errors import ContextLengthError, ModelError
from ..generation import GenerationOptions

if TYPE_CHECKING:
    from ..settings import Settings


@dataclass(frozen=True)
class LocatedModel:
    """A model found (on disk, or on a server): enough to build cache keys and pick a prompt without loading it."""

    reference: str
    """The reference as the user gave it (Hub id, directory, or 'openai:NAME')."""
    path: Path | None
    """Its local directory; None for a model behind a server."""
    fingerprint: str
    """What identifies the model's outputs: the Hub commit, a digest of its files, or the server and model."""
    family: str
    """The model family from its config ('bart', 'marian', 't5', 'qwen2'), which picks the prompt."""
    chat: bool = False
    """An instruction-tuned chat model (a causal LM with a chat template): prompted with system and user messages."""

    @property
    def local_path(self) -> Path:
        """The directory, for runtimes that only run local models."""
        if self.path is None:
            raise ModelError(f"model {self.reference!r} is served over HTTP and has no local directory")
        return self.path


class ModelRunner(Protocol):
    """A loaded (or lazily loadable) seq2seq model with its tokenizer."""

    model: str

    @property
    def max_input_tokens(self) -> int:
        """How many tokens one input may hold, special tokens excluded."""
        ...

    @property
    def max_output_tokens(self) -> int:
        """How many tokens the decoder can produce for one input."""
        ...

    def load(self) -> None:
        """Load the weights now rather than on the first `generate`."""
        ...

    def preload(self) -> bool:
        """Load weights and tokenizer now if that is quick (nothing to convert or download), from
        another thread while other models work; False when it would not be, and nothing was done."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens `text` takes inside a longer input, special tokens excluded."""
        ...

    def split_by_tokens(self, text: str, budget: int) -> list[str]:
        """Cut `text` into consecutive pieces of at most `budget` tokens each."""
        ...

    def generate(self, texts: Sequence[str], options: GenerationOptions, *, system: str = "") -> list[str]:
        """One output per input, in order; an input over `max_input_tokens` is an error, never truncated.

        `system` is the system message for chat models; seq2seq models take none and get ''.
        """
        ...

    # What a runner can do beyond `generate`, declared (as llm's `can_stream`), never probed for.
    scores: bool
    """`generate_scored` gives each output's mean token log-probability."""
    shrinks_context: bool
    """`shrink_context` can assume a smaller context after a server said an input did not fit."""
    fingerprint: str | None
    """The model identity the runner reports once loaded (a server's model digest), or None."""
    parallel_batches: int
    """How many batches it runs side by side when handed them at once from as many threads (1: one at a time)."""
    uses_every_core: bool
    """Its decoding keeps every core the run has busy, so other work beside it slows it by as much as
    it gains (CTranslate2 on CPU; declared False where that was not measured)."""

    def generate_scored(
        self, texts: Sequence[str], options: GenerationOptions, *, system: str = ""
    ) -> list[tuple[str, float | None]]:
        """As `generate`, each output with its score (only where `scores`)."""
        ...

    def shrink_context(self) -> bool:
        """Assume half the context from now on; False when it cannot shrink further (only where `shrinks_context`)."""
        ...


class RunnerDefaults:
    """What a runner without scores, context shrinking or a reported identity declares."""

    scores = False
    shrinks_context = False
    fingerprint: str | None = None
    parallel_batches = 1
    uses_every_core = False

    def generate_scored(
        self, texts: Sequence[str], options: GenerationOptions, *, system: str = ""
    ) -> list[tuple[str, float | None]]:
        raise ModelError(f"runner {type(self).__name__} gives no scores (it declares scores = False)")

    def shrink_context(self) -> bool:
        return False

    def preload(self) -> bool:
        return False


# How many times the assumed context is halved after a server says an input did not fit.
CONTEXT_SHRINKS = 4
T = TypeVar("T")


def with_context_retries(runner: ModelRunner, work: Callable[[], T]) -> T:
    """`work()`, done again with a halved context each time the model says an input did not fit."""
    for attempt in range(CONTEXT_SHRINKS + 1):
        try:
            return work()
        except ContextLengthError:
            if attempt == CONTEXT_SHRINKS or not runner.shrinks_context or not runner.shrink_context():
                raise
    raise AssertionError("unreachable")


class Runtime(ABC):
    """Executes models for one Summarizer; subclasses register in `summarize.runtimes.RUNTIMES`."""

    name: ClassVar[str]
    concurrent: ClassVar[bool] = False
    """Its models may run at once in threads of one process (each on its own share of the cores)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def check(self) -> None:  # noqa: B027 - most runtimes need no check; overriding is optional
        """Raise one clear error (naming the install command) when this runtime cannot run here."""

    @abstractmethod
    def cache_identity(self) -> str:
        """The runtime's part of every cache key: whatever besides the model changes its outputs."""

    def locate(self, reference: str, *, role: str, fix: str) -> LocatedModel:
        """Find a model on disk, downloading it if allowed; `role` and `fix` shape the error message."""
        from ..fingerprints import model_fingerprint
        from ..models import is_chat_directory, model_type, resolve_model

        path = resolve_model(reference, role=role, flag=fix)
        # With the cache off nothing is written to it, the models' kept digests included.
        memo = self.settings.cache_root if self.settings.cache else None
        fingerprint = model_fingerprint(reference, path, memo)
        return LocatedModel(reference, path, fingerprint, model_type(path), chat=is_chat_directory(path))

    @abstractmethod
    def runner(self, model: LocatedModel, *, threads: int | None = None) -> ModelRunner:
        """A runner for the model; loading may wait for the first call that needs the weights.

        `threads` is the runner's share of the cores when models run at once (None: the
        settings' `threads`); a runtime whose thread pool is process-wide ignores it.
        """

    def convert(self, model: LocatedModel) -> Path:
        """Convert the model for this runtime ahead of time (`summarize models convert`), if it needs
        that; returns where the runnable model lives."""
        return model.local_path
