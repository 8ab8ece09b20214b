"""Chat models through transformers: a causal LM prompted with its own chat template, decoded greedily."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..chat_answers import clean_answer, trim_cut_off
from ..errors import ModelError
from ..generation import GenerationOptions
from .base import RunnerDefaults
from .chat_window import ChatWindow, chat_messages
from .checkpoint import HFCheckpoint
from .torch_weights import load_weights, resolve_device

if TYPE_CHECKING:
    from ..settings import Settings


class TransformersChatModel(ChatWindow, RunnerDefaults, HFCheckpoint):
    """A local instruction-tuned model; the context window is split between the input and the answer."""

    name = "transformers"

    def __init__(self, model: str, path: Path, *, settings: Settings, batch_size: int = 8) -> None:
        super().__init__(model, path, batch_size=batch_size)
        self.settings = settings

    @cached_property
    def device(self) -> str:
        return resolve_device(self.settings.device)

    def _encode(self, system: str, user: str) -> list[int]:
        hf = self.tokenizer.hf
        if not getattr(hf, "chat_template", None):
            raise ModelError(
                f"model {self.model!r} has no chat template, so it cannot be prompted as an instruction model; "
                f"use an instruction-tuned checkpoint (…-Instruct) or a seq2seq summarizer",
                model=self.model,
                problem="no chat template",
            )
        # enable_thinking=False turns reasoning off in templates that have it (Qwen3); others ignore it.
        encoded = hf.apply_chat_template(
            chat_messages(system, user), add_generation_prompt=True, tokenize=True, enable_thinking=False
        )
        ids = encoded["input_ids"] if isinstance(encoded, dict) or hasattr(encoded, "keys") else encoded
        return list(ids)

    @cached_property
    def network(self) -> Any:
        """The torch model, in eval mode on its device."""
        return load_weights(self, "AutoModelForCausalLM", self.device)

    def load(self) -> None:
        _ = self.network

    def generate(self, texts: Sequence[str], options: GenerationOptions, *, system: str = "") -> list[str]:
        import torch

        if not texts:
            return []
        hf = self.tokenizer.hf
        prompts = [self._encode(system, text) for text in texts]
        max_new = self.answer_room(prompts, options.max_new_tokens)
        pad = hf.pad_token_id if hf.pad_token_id is not None else hf.eos_token_id
        order = sorted(range(len(texts)), key=lambda i: len(prompts[i]))
        outputs = [""] * len(texts)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            width = max(len(prompts[i]) for i in batch)
            # Decoder-only models continue from the right, so padding goes on the left.
            ids = torch.tensor([[pad] * (width - len(prompts[i])) + prompts[i] for i in batch])
            mask = torch.tensor([[0] * (width - len(prompts[i])) + [1] * len(prompts[i]) for i in batch])
            with torch.inference_mode():
                generated = self.network.generate(
                    input_ids=ids.to(self.device),
                    attention_mask=mask.to(self.device),
                    do_sample=False,
                    num_beams=options.num_beams,
                    max_new_tokens=max_new,
                    min_new_tokens=min(options.min_new_tokens, max_new),
                    pad_token_id=pad,
                )
            stops = {hf.eos_token_id, pad}
            for index, row in zip(batch, generated[:, width:], strict=True):
                answer = clean_answer(hf.decode(row, skip_special_tokens=True))
                # No end-of-turn token: the answer ran into max_new_tokens and its last sentence is unfinished.
                cut_off = not any(int(token) in stops for token in row)
                outputs[index] = trim_cut_off(answer) if cut_off else answer
        return outputs
