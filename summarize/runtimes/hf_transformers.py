"""The PyTorch runtime: Hugging Face transformers' seq2seq models, loaded lazily from a local directory."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelError
from ..generation import GenerationOptions
from .base import LocatedModel, RunnerDefaults, Runtime
from .checkpoint import HFCheckpoint, printable
from .torch_weights import load_weights, precision, resolve_device

if TYPE_CHECKING:
    from .hf_chat import TransformersChatModel

log = logging.getLogger("summarize")


class TransformersRuntime(Runtime):
    """Runs models through transformers (PyTorch), float16 on CUDA, float32 on CPU."""

    name = "transformers"

    def cache_identity(self) -> str:
        # The precision is part of what a model outputs: float16 on CUDA gives other words than float32.
        return f"transformers:{precision(self.settings.device)}"

    def runner(self, model: LocatedModel, *, threads: int | None = None) -> TransformersModel | TransformersChatModel:
        from .ct2_ready import find_ready

        if model.path is not None and find_ready(model.path) is not None:
            raise ModelError(
                f"model {model.reference!r} is a ready-made CTranslate2 model, which only the ctranslate2 runtime "
                f"runs: pass `runtime=ctranslate2` (pip install 'summarize[fast]')",
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


class TransformersModel(RunnerDefaults, HFCheckpoint):
    """A seq2seq model run through `transformers` (PyTorch); the weights load on first use."""

    name = "transformers"
    scores = True

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
        return [text for text, _ in self._generate(texts, options, scored=False)]

    def generate_scored(
        self, texts: Sequence[str], options: GenerationOptions, *, system: str = ""
    ) -> list[tuple[str, float | None]]:
        """Outputs with the model's own confidence: the mean log-probability of their tokens."""
        return self._generate(texts, options, scored=True)

    def _generate(
        self, texts: Sequence[str], options: GenerationOptions, *, scored: bool
    ) -> list[tuple[str, float | None]]:
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
        if scored:
            kwargs.update(output_scores=True, return_dict_in_generate=True)
        if options.target_token:  # a multilingual model writes the language its first token names
            kwargs["forced_bos_token_id"] = self.tokenizer.hf.convert_tokens_to_ids(options.target_token)
        # Batch texts of similar length together: less padding, same results.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        outputs: list[tuple[str, float | None]] = [("", None)] * len(texts)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            encoded = self._encode([texts[i] for i in batch], options.source_token)
            self.check_length(int(encoded["input_ids"].shape[1]))
            encoded = encoded.to(self.device)
            with torch.inference_mode():
                generated = self.network.generate(**encoded, **kwargs)
                sequences = generated.sequences if scored else generated
                scores = self._mean_log_probs(generated, options.num_beams) if scored else [None] * len(batch)
            decoded = self._decode(sequences, options.target_token)
            for index, text, score in zip(batch, decoded, scores, strict=True):
                outputs[index] = (printable(text), score)
        return outputs

    def _decode(self, sequences: Any, target_token: str | None) -> list[str]:
        """Outputs as text; a multilingual model's forced language token goes too (transformers 5 does
        not count M2M100's language tokens as special)."""
        hf = self.tokenizer.hf
        if target_token is None:
            return list(hf.batch_decode(sequences, skip_special_tokens=True))
        languages = {hf.convert_tokens_to_ids(target_token), *self.tokenizer.language_ids}
        rows = [[token for token in row if token not in languages] for row in sequences.tolist()]
        return list(hf.batch_decode(rows, skip_special_tokens=True))

    def _encode(self, texts: list[str], source_token: str | None) -> Any:
        """A batch's input ids; a multilingual model's begin with the source language's token."""
        hf = self.tokenizer.hf
        if source_token is None:
            return hf(texts, return_tensors="pt", padding=True, truncation=False)
        lead = hf.convert_tokens_to_ids(source_token)
        rows = [[lead, *self.tokenizer.ids(text, special=False), hf.eos_token_id] for text in texts]
        return hf.pad({"input_ids": rows}, return_tensors="pt")

    def score_outputs(self, texts: Sequence[str], outputs: Sequence[str]) -> list[float]:
        """The model's mean token log-probability of each given output for its input (forced decoding).

        The end-of-sequence token is left out: an output cut at the length limit never reached it.
        """
        import torch

        hf = self.tokenizer.hf
        scores: list[float] = []
        for start in range(0, len(texts), self.batch_size):
            sources, targets = (
                list(texts[start : start + self.batch_size]),
                list(outputs[start : start + self.batch_size]),
            )
            encoded = hf(sources, return_tensors="pt", padding=True, truncation=False).to(self.device)
            labels = hf(text_target=targets, return_tensors="pt", padding=True, truncation=False)["input_ids"]
            labels = labels.to(self.device)
            mask = labels != hf.pad_token_id
            with torch.inference_mode():
                logits_mask = mask.clone()
                logits = self.network(**encoded, labels=labels.masked_fill(~mask, -100)).logits
            picked = torch.log_softmax(logits.float(), dim=-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
            counted = logits_mask & (labels != hf.eos_token_id)
            scores += [round(float(row[keep].mean()), 4) for row, keep in zip(picked, counted, strict=True)]
        return scores

    def _mean_log_probs(self, generated: Any, beams: int) -> list[float | None]:
        """Each output's mean token log-probability, padding and banned tokens left out."""
        import torch

        # Greedy search keeps raw logits (normalized here); beam search keeps log-probabilities.
        transition = self.network.compute_transition_scores(
            generated.sequences, generated.scores, getattr(generated, "beam_indices", None),
            normalize_logits=beams == 1,
        )  # fmt: skip
        tokens = generated.sequences[:, -transition.shape[1] :]
        pad = self.network.generation_config.pad_token_id
        mask = torch.isfinite(transition) & (tokens != pad if pad is not None else True)
        means = []
        for row, keep in zip(transition, mask, strict=True):
            values = row[keep]
            means.append(round(float(values.mean()), 4) if len(values) else None)
        return means
