"""What every engine over a Hugging Face checkpoint shares: its tokenizer, config and token limits."""

from __future__ import annotations

import unicodedata
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..errors import ModelError

# Some tokenizers report a sentinel like 1e30 when they set no limit.
_NO_LIMIT = 1_000_000


def quiet_transformers() -> None:
    """Keep transformers' progress bars and advice off the user's terminal; errors still surface."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def printable(text: str) -> str:
    """Model output without control characters: a broken model must not send escape codes to a terminal."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


class HFCheckpoint:
    """A checkpoint directory's tokenizer, config and limits, loaded on first use; engines add `generate`."""

    def __init__(self, model: str, path: Path, *, batch_size: int = 8) -> None:
        self.model = model
        self.path = path
        self.batch_size = batch_size

    def _load_error(self, what: str, exc: Exception) -> ModelError:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return ModelError(
            f"cannot load the {what} of model {self.model!r} from {self.path} ({reason[:200]}); "
            f"check the directory or fetch the model again with 'summarize models download'"
        )

    @cached_property
    def tokenizer(self) -> Any:
        quiet_transformers()
        from transformers import AutoTokenizer

        try:
            return AutoTokenizer.from_pretrained(self.path, local_files_only=True, trust_remote_code=False)
        except Exception as exc:  # transformers raises OSError, ValueError, KeyError... for bad files
            raise self._load_error("tokenizer", exc) from exc

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
    def _special_tokens(self) -> int:
        return int(self.tokenizer.num_special_tokens_to_add(pair=False))

    @cached_property
    def max_input_tokens(self) -> int:
        limits = [int(self.tokenizer.model_max_length)]
        positions = getattr(self.config, "max_position_embeddings", None)
        if positions:
            limits.append(int(positions))
        usable = [limit for limit in limits if 0 < limit < _NO_LIMIT]
        # Models with relative positions (T5) set no hard limit; 512 is what they were trained on.
        limit = min(usable) if usable else 512
        return limit - self._special_tokens

    @cached_property
    def max_output_tokens(self) -> int:
        positions = getattr(self.config, "max_position_embeddings", None)
        # Learned decoder positions: one goes to the decoder start token, one to EOS.
        return int(positions) - 2 if positions else 512

    def count_tokens(self, text: str) -> int:
        # A leading space counts the text as it tokenizes mid-document (byte-level BPE marks word starts).
        return len(self.tokenizer(" " + text, add_special_tokens=False)["input_ids"])

    def split_by_tokens(self, text: str, budget: int) -> list[str]:
        # Re-encoding a piece can shift a token or two; a small margin keeps most pieces in budget
        # (the chunker re-checks and splits again any that still do not fit).
        window = max(1, budget - 2)
        if self.tokenizer.is_fast:
            # Cut the original text at token offsets: decoding byte-level tokens could break characters.
            offsets = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)["offset_mapping"]
            cuts = [offsets[start][0] for start in range(0, len(offsets), window)][1:]
            bounds = [0, *cuts, len(text)]
            pieces = [text[begin:end].strip() for begin, end in pairwise(bounds)]
        else:
            # Token strings, not ids: an unknown character keeps its surface form instead of becoming <unk>.
            tokens = self.tokenizer.tokenize(text)
            pieces = [
                self.tokenizer.convert_tokens_to_string(tokens[start : start + window]).strip()
                for start in range(0, len(tokens), window)
            ]
        return [piece for piece in pieces if piece]

    def check_length(self, tokens: int) -> None:
        """Refuse, never truncate, an input longer than the model takes (chunking should prevent it)."""
        limit = self.max_input_tokens + self._special_tokens
        if tokens > limit:
            raise ModelError(
                f"an input of {tokens} tokens exceeds model {self.model!r}'s limit of {limit}; "
                f"this is a bug in summarize's chunking, please report it"
            )
