"""The PyTorch engine: Hugging Face transformers' seq2seq models, loaded lazily from a local directory."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..errors import ModelError, SummarizeError
from ..models import model_problem
from ..settings import GenerationOptions

log = logging.getLogger("summarize")

# Some tokenizers report a sentinel like 1e30 when they set no limit.
_NO_LIMIT = 1_000_000


def resolve_device(device: str) -> str:
    """'auto' becomes 'cuda' when PyTorch sees a GPU, else 'cpu'; 'cuda' without one is an error."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise SummarizeError("--device cuda was asked for, but PyTorch sees no CUDA device: use --device cpu or auto")
    return device


def _quiet_transformers() -> None:
    """Keep transformers' progress bars and advice off the user's terminal; errors still surface."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _printable(text: str) -> str:
    """Model output without control characters: a broken model must not send escape codes to a terminal."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


class TransformersEngine:
    """A seq2seq model run through `transformers`; the tokenizer and weights load on first use."""

    def __init__(self, model: str, path: Path, *, device: str = "auto", batch_size: int = 8) -> None:
        self.model = model
        self.path = path
        self.device_request = device
        self.batch_size = batch_size

    def _load_error(self, what: str, exc: Exception) -> ModelError:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return ModelError(
            f"cannot load the {what} of model {self.model!r} from {self.path} ({reason[:200]}); "
            f"check the directory or fetch the model again with 'summarize models download'"
        )

    @cached_property
    def tokenizer(self) -> Any:
        _quiet_transformers()
        from transformers import AutoTokenizer

        try:
            return AutoTokenizer.from_pretrained(self.path, local_files_only=True, trust_remote_code=False)
        except Exception as exc:  # transformers raises OSError, ValueError, KeyError... for bad files
            raise self._load_error("tokenizer", exc) from exc

    @cached_property
    def config(self) -> Any:
        _quiet_transformers()
        from transformers import AutoConfig

        try:
            return AutoConfig.from_pretrained(self.path, local_files_only=True, trust_remote_code=False)
        except Exception as exc:
            raise self._load_error("config", exc) from exc

    @cached_property
    def device(self) -> str:
        return resolve_device(self.device_request)

    @cached_property
    def network(self) -> Any:
        """The torch model, in eval mode on its device."""
        _quiet_transformers()
        import torch
        from transformers import AutoModelForSeq2SeqLM

        problem = model_problem(self.path)
        if problem:
            raise ModelError(f"model {self.model!r} cannot be used: {problem}")
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        log.info("loading %s on %s", self.model, self.device)
        try:
            network = AutoModelForSeq2SeqLM.from_pretrained(
                self.path, local_files_only=True, trust_remote_code=False, dtype=dtype
            )
        except Exception as exc:
            raise self._load_error("weights", exc) from exc
        return network.to(self.device).eval()

    def load(self) -> None:
        _ = self.network

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

    def generate(self, texts: Sequence[str], options: GenerationOptions) -> list[str]:
        import torch

        if not texts:
            return []
        options = options.capped(self.max_output_tokens)
        kwargs: dict[str, Any] = {
            "num_beams": options.num_beams,
            "length_penalty": options.length_penalty,
            "min_new_tokens": options.min_new_tokens,
            "max_new_tokens": options.max_new_tokens,
            "early_stopping": options.early_stopping,
            # Checkpoints such as distilbart set min_length in their generation config; ours rule.
            "min_length": 0,
        }
        if options.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = options.no_repeat_ngram_size
        # Batch texts of similar length together: less padding, same results.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        outputs: list[str] = [""] * len(texts)
        limit = self.max_input_tokens + self._special_tokens
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            encoded = self.tokenizer([texts[i] for i in batch], return_tensors="pt", padding=True, truncation=False)
            if encoded["input_ids"].shape[1] > limit:
                # Chunking should make this impossible; refuse rather than truncate silently.
                raise ModelError(
                    f"an input of {encoded['input_ids'].shape[1]} tokens exceeds model {self.model!r}'s "
                    f"limit of {limit}; this is a bug in summarize's chunking, please report it"
                )
            encoded = encoded.to(self.device)
            with torch.inference_mode():
                generated = self.network.generate(**encoded, **kwargs)
            decoded = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
            for index, text in zip(batch, decoded, strict=True):
                outputs[index] = _printable(text)
        return outputs
