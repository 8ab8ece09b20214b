"""The PyTorch runtime: Hugging Face transformers' seq2seq models, loaded lazily from a local directory."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelError, SummarizeError
from ..generation import GenerationOptions
from ..models import model_problem
from .base import LocatedModel, Runtime
from .checkpoint import HFCheckpoint, load_error, printable, quiet_transformers

if TYPE_CHECKING:
    from .hf_chat import TransformersChatModel

log = logging.getLogger("summarize")


def resolve_device(device: str) -> str:
    """'auto' becomes 'cuda' when PyTorch sees a GPU, else 'cpu'; 'cuda' without one is an error."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise SummarizeError("--device cuda was asked for, but PyTorch sees no CUDA device: use --device cpu or auto")
    return device


def load_weights(checkpoint: HFCheckpoint, auto_class: str, device: str) -> Any:
    """A checkpoint's torch model through `transformers.<auto_class>`: local files only, no remote code,
    float16 on CUDA and float32 on CPU, in eval mode on `device`."""
    quiet_transformers()
    import torch
    import transformers

    problem = model_problem(checkpoint.path)
    if problem:
        raise ModelError(f"model {checkpoint.model!r} cannot be used: {problem}")
    dtype = torch.float16 if device == "cuda" else torch.float32
    log.info("loading %s on %s", checkpoint.model, device)
    try:
        network = getattr(transformers, auto_class).from_pretrained(
            checkpoint.path, local_files_only=True, trust_remote_code=False, dtype=dtype
        )
    except Exception as exc:
        raise load_error(checkpoint.model, checkpoint.path, "weights", exc) from exc
    return network.to(device).eval()


class TransformersRuntime(Runtime):
    """Runs models through transformers (PyTorch), float16 on CUDA, float32 on CPU."""

    name = "transformers"

    def cache_identity(self) -> str:
        return "transformers"

    def runner(self, model: LocatedModel) -> TransformersModel | TransformersChatModel:
        from .ct2_ready import find_ready

        if model.path is not None and find_ready(model.path) is not None:
            raise ModelError(
                f"model {model.reference!r} is a ready-made CTranslate2 model, which only the ctranslate2 runtime "
                f"runs: pass --runtime ctranslate2 (pip install 'summarize[fast]')",
                model=model.reference,
                problem="a CTranslate2 model on the transformers runtime",
            )
        if model.chat:
            from .hf_chat import TransformersChatModel

            return TransformersChatModel(
                model.reference, model.local_path, settings=self.settings, batch_size=self.settings.batch_size
            )
        return TransformersModel(
            model.reference, model.local_path, device=self.settings.device, batch_size=self.settings.batch_size
        )


class TransformersModel(HFCheckpoint):
    """A seq2seq model run through `transformers` (PyTorch); the weights load on first use."""

    name = "transformers"

    def __init__(self, model: str, path: Path, *, device: str = "auto", batch_size: int = 8) -> None:
        super().__init__(model, path, batch_size=batch_size)
        self.device_request = device

    @cached_property
    def device(self) -> str:
        return resolve_device(self.device_request)

    @cached_property
    def network(self) -> Any:
        """The torch model, in eval mode on its device."""
        return load_weights(self, "AutoModelForSeq2SeqLM", self.device)

    def load(self) -> None:
        _ = self.network

    def generate(self, texts: Sequence[str], options: GenerationOptions, *, system: str = "") -> list[str]:
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
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            encoded = self.tokenizer.hf([texts[i] for i in batch], return_tensors="pt", padding=True, truncation=False)
            self.check_length(int(encoded["input_ids"].shape[1]))
            encoded = encoded.to(self.device)
            with torch.inference_mode():
                generated = self.network.generate(**encoded, **kwargs)
            decoded = self.tokenizer.hf.batch_decode(generated, skip_special_tokens=True)
            for index, text in zip(batch, decoded, strict=True):
                outputs[index] = printable(text)
        return outputs
