"""Chat models on CTranslate2: a causal LM converted once (int8 on CPU), prompted with its own chat template.

The template is rendered from the export made at conversion (see chat_template.py) and encoded
with the exported tokenizer, so a run imports neither transformers nor PyTorch. Decoding is
greedy, as on the transformers runtime, and stops at any of the model's end-of-turn tokens.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from ..chat_answers import clean_answer, trim_cut_off
from ..errors import ModelError
from ..generation import GenerationOptions
from ..settings import Settings
from .base import RunnerDefaults
from .chat_template import render_chat
from .chat_window import ChatWindow, chat_messages
from .ct2 import CTranslate2Model
from .portable_tokenizer import TokenizersFile

log = logging.getLogger("summarize")


# Below this many tokens a shared start is not worth a separate pass.
MIN_SHARED = 16


def shared_start(prompts: Sequence[Sequence[str]]) -> int:
    """How many leading tokens every prompt of the batch has in common (one text's prompts in
    several languages share the system part and the text), 0 when too few to read apart.

    CTranslate2 reads that start once (`static_prompt`) and copies its state to every prompt;
    each prompt keeps at least one token of its own to start decoding from.
    """
    if len(prompts) < 2:
        return 0
    shortest = min(len(prompt) for prompt in prompts)
    first = prompts[0]
    count = 0
    while count < shortest - 1 and all(prompt[count] == first[count] for prompt in prompts):
        count += 1
    return count if count >= MIN_SHARED else 0


class CTranslate2ChatModel(ChatWindow, CTranslate2Model):
    """An instruction-tuned model through `ctranslate2.Generator`; no scores (greedy answers)."""

    scores = False
    generate_scored = RunnerDefaults.generate_scored

    def __init__(self, model: str, path: Path, *, settings: Settings, **kwargs: Any) -> None:
        super().__init__(model, path, **kwargs)
        self.settings = settings

    @cached_property
    def tokenizer(self) -> TokenizersFile:  # type: ignore[override]
        tokenizer = super().tokenizer
        if not isinstance(tokenizer, TokenizersFile) or not self._meta.get("chat_template"):
            raise ModelError(
                f"model {self.model!r} has no chat template or no fast tokenizer, so the ctranslate2 runtime "
                f"cannot prompt it; use `runtime=transformers` for it",
                model=self.model,
                problem="chat model without a template or fast tokenizer",
            )
        return tokenizer

    def _encode(self, system: str, user: str) -> list[str]:
        text = render_chat(self._meta["chat_template"], chat_messages(system, user), self._meta["special_tokens_map"])
        return self.tokenizer.tokenize(text)  # the template wrote the special tokens itself

    @property
    def generator(self) -> Any:
        return self._kept("Generator")

    def load(self) -> None:
        _ = self.generator

    def generate(self, texts: Sequence[str], options: GenerationOptions, *, system: str = "") -> list[str]:
        if not texts:
            return []
        prompts = [self._encode(system, text) for text in texts]
        max_new = self.answer_room(prompts, options.max_new_tokens)
        shared = shared_start(prompts)
        results = self.generator.generate_batch(
            [prompt[shared:] for prompt in prompts],
            static_prompt=prompts[0][:shared] or None,
            # Not kept: CTranslate2's store of static prompts is never emptied, and each
            # document's start is another entry.
            cache_static_prompt=False,
            max_batch_size=self.batch_size,
            beam_size=options.num_beams,
            sampling_topk=1,
            max_length=max_new,
            min_length=min(options.min_new_tokens, max_new),
            include_prompt_in_result=False,
            end_token=self._meta["stop_tokens"],
        )
        outputs = []
        for result in results:
            tokens = result.sequences[0]
            answer = clean_answer(self.tokenizer.decode_tokens(tokens))
            # No end-of-turn token: the answer ran into max_new and its last sentence is unfinished.
            outputs.append(trim_cut_off(answer) if len(tokens) >= max_new else answer)
        return outputs
