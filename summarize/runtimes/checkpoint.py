"""What every runtime over a Hugging Face checkpoint shares: its tokenizer, config and token limits."""

from __future__ import annotations

from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol

from ..errors import ModelError, first_line
from ..sanitize import printable

__all__ = ["HFCheckpoint", "TextTokenizer", "TokenBudget", "printable", "quiet_transformers"]

# Some tokenizers report a sentinel like 1e30 when they set no limit.
_NO_LIMIT = 1_000_000


def quiet_transformers() -> None:
    """Keep transformers' progress bars and advice off the user's terminal; errors still surface."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


class TextTokenizer(Protocol):
    """What the runtimes need of a tokenizer: transformers' own, or a portable one without PyTorch."""

    model_max_length: int
    """The longest input the tokenizer was made for (a sentinel like 1e30 when it sets none)."""
    special_tokens: int
    """How many special tokens one input gets (BART: <s> and </s>; Marian: </s>)."""

    def ids(self, text: str, *, special: bool) -> list[int]: ...

    def offsets(self, text: str) -> list[tuple[int, int]] | None:
        """Each token's (start, end) in `text`, without special tokens; None when tokens do not map to text."""
        ...

    def tokenize(self, text: str) -> list[str]: ...

    def join(self, tokens: list[str]) -> str:
        """Tokens back to text (for cutting text where offsets are unavailable)."""
        ...

    def input_tokens(self, text: str) -> list[str]:
        """The token strings a model gets for `text`, special tokens included."""
        ...

    def language_input_tokens(self, text: str, language_token: str) -> list[str]:
        """A multilingual model's input: the source language's token, the text's tokens, the end token."""
        ...

    def decode_tokens(self, tokens: list[str]) -> str:
        """Output token strings as text, special tokens left out."""
        ...


class TransformersTokenizer:
    """A transformers tokenizer seen through `TextTokenizer`."""

    def __init__(self, tokenizer: Any) -> None:
        self.hf = tokenizer
        self.model_max_length = int(tokenizer.model_max_length)
        self.special_tokens = int(tokenizer.num_special_tokens_to_add(pair=False))

    def ids(self, text: str, *, special: bool) -> list[int]:
        return list(self.hf(text, add_special_tokens=special, truncation=False)["input_ids"])

    def offsets(self, text: str) -> list[tuple[int, int]] | None:
        if not self.hf.is_fast:
            return None
        encoded = self.hf(text, add_special_tokens=False, return_offsets_mapping=True)
        return [tuple(pair) for pair in encoded["offset_mapping"]]

    def tokenize(self, text: str) -> list[str]:
        return list(self.hf.tokenize(text))

    def join(self, tokens: list[str]) -> str:
        return str(self.hf.convert_tokens_to_string(tokens))

    def input_tokens(self, text: str) -> list[str]:
        return list(self.hf.convert_ids_to_tokens(self.ids(text, special=True)))

    def language_input_tokens(self, text: str, language_token: str) -> list[str]:
        tokens = self.hf.convert_ids_to_tokens(self.ids(text, special=False))
        return [language_token, *tokens, str(self.hf.eos_token)]

    @cached_property
    def language_ids(self) -> frozenset[int]:
        """M2M100's language tokens, which transformers 5 does not count as special: never output text."""
        tokens = getattr(self.hf, "lang_code_to_token", None) or {}
        return frozenset(self.hf.convert_tokens_to_ids(token) for token in tokens.values())

    def decode_tokens(self, tokens: list[str]) -> str:
        ids = [index for index in self.hf.convert_tokens_to_ids(tokens) if index not in self.language_ids]
        return str(self.hf.decode(ids, skip_special_tokens=True))


class TokenBudget:
    """Token counting, splitting and limits over a `TextTokenizer`; subclasses say where they come from."""

    model: str
    tokenizer: TextTokenizer
    max_position_embeddings: int | None
    """The model's learned positions (None for relative positions, as in T5)."""

    @cached_property
    def max_input_tokens(self) -> int:
        limits = [self.tokenizer.model_max_length]
        if self.max_position_embeddings:
            limits.append(self.max_position_embeddings)
        usable = [limit for limit in limits if 0 < limit < _NO_LIMIT]
        # Models with relative positions (T5) set no hard limit; 512 is what they were trained on.
        limit = min(usable) if usable else 512
        return limit - self.tokenizer.special_tokens

    @cached_property
    def max_output_tokens(self) -> int:
        # Learned decoder positions: one goes to the decoder start token, one to EOS.
        positions = self.max_position_embeddings
        return positions - 2 if positions else 512

    def count_tokens(self, text: str) -> int:
        # A leading space counts the text as it tokenizes mid-document (byte-level BPE marks word starts).
        return len(self.tokenizer.ids(" " + text, special=False))

    def split_by_tokens(self, text: str, budget: int) -> list[str]:
        # Re-encoding a piece can shift a token or two; a small margin keeps most pieces in budget
        # (the chunker re-checks and splits again any that still do not fit).
        window = max(1, budget - 2)
        offsets = self.tokenizer.offsets(text)
        if offsets is not None:
            # Cut the original text at token offsets: decoding byte-level tokens could break characters.
            cuts = [offsets[start][0] for start in range(0, len(offsets), window)][1:]
            bounds = [0, *cuts, len(text)]
            pieces = [text[begin:end].strip() for begin, end in pairwise(bounds)]
        else:
            # Token strings, not ids: an unknown character keeps its surface form instead of becoming <unk>.
            tokens = self.tokenizer.tokenize(text)
            pieces = [self.tokenizer.join(tokens[start : start + window]).strip()
                      for start in range(0, len(tokens), window)]  # fmt: skip
        return [piece for piece in pieces if piece]

    def check_length(self, tokens: int) -> None:
        """Refuse, never truncate, an input longer than the model takes (chunking should prevent it)."""
        limit = self.max_input_tokens + self.tokenizer.special_tokens
        if tokens > limit:
            raise ModelError(
                f"an input of {tokens} tokens exceeds model {self.model!r}'s limit of {limit}; "
                f"this is a bug in summarize's chunking, please report it"
            )


def load_error(model: str, path: Path, what: str, exc: Exception) -> ModelError:
    """One line for a checkpoint file transformers cannot load, with the way to fetch it again."""
    text = f"{type(exc).__name__} {exc}"
    if "weights_only" in text or "Unpickl" in text or "Unsupported global" in text:
        # PyTorch's own advice here is to turn the protection off; ours is never to.
        return ModelError(
            f"refused to load the {what} of model {model!r} from {path}: this file could run code when loaded "
            f"(a pickle asking for more than tensors); use a safetensors copy (model.safetensors) instead",
            model=model,
            problem="weights refused: pickle",
        )
    return ModelError(
        f"cannot load the {what} of model {model!r} from {path} ({first_line(exc)}); "
        f"check the directory or fetch the model again with 'summarize models download'"
    )


def transformers_tokenizer(model: str, path: Path) -> TransformersTokenizer:
    """The checkpoint's tokenizer through transformers (which imports PyTorch)."""
    quiet_transformers()
    from transformers import AutoTokenizer

    try:
        return TransformersTokenizer(
            AutoTokenizer.from_pretrained(path, local_files_only=True, trust_remote_code=False)
        )
    except Exception as exc:  # transformers raises OSError, ValueError, KeyError... for bad files
        raise load_error(model, path, "tokenizer", exc) from exc


class HFCheckpoint(TokenBudget):
    """A checkpoint directory's tokenizer, config and limits through transformers, loaded on first use."""

    def __init__(self, model: str, path: Path, *, batch_size: int = 8) -> None:
        self.model = model
        self.path = path
        self.batch_size = batch_size

    def _load_error(self, what: str, exc: Exception) -> ModelError:
        return load_error(self.model, self.path, what, exc)

    @cached_property
    def tokenizer(self) -> TransformersTokenizer:  # type: ignore[override]
        return transformers_tokenizer(self.model, self.path)

    @cached_property
    def config(self) -> Any:
        quiet_transformers()
        from transformers import AutoConfig

        try:
            return AutoConfig.from_pretrained(self.path, local_files_only=True, trust_remote_code=False)
        except Exception as exc:
            raise self._load_error("config", exc) from exc

    @property
    def model_type(self) -> str:
        return str(getattr(self.config, "model_type", "") or "")

    @cached_property
    def max_position_embeddings(self) -> int | None:  # type: ignore[override]
        positions = getattr(self.config, "max_position_embeddings", None)
        return int(positions) if positions else None
