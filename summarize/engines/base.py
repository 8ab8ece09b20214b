"""The protocol every engine follows, so the pipeline never depends on one library."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..settings import GenerationOptions


class Seq2SeqEngine(Protocol):
    """A loaded (or lazily loadable) seq2seq model with its tokenizer."""

    model: str
    """The model reference as the user gave it (Hub id or directory)."""

    @property
    def model_type(self) -> str:
        """The model family from its config ('bart', 'marian', 't5'), which picks the prompt."""
        ...

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

    def count_tokens(self, text: str) -> int:
        """Tokens `text` takes inside a longer input, special tokens excluded."""
        ...

    def split_by_tokens(self, text: str, budget: int) -> list[str]:
        """Cut `text` into consecutive pieces of at most `budget` tokens each."""
        ...

    def generate(self, texts: Sequence[str], options: GenerationOptions) -> list[str]:
        """One output per input, in order; an input over `max_input_tokens` is an error, never truncated."""
        ...
