"""A chat model's context window, shared by every runtime that runs chat models locally.

The window is split between the prompt (chat template, system message, text) and the answer; a
runner mixing this in says how a prompt encodes (`_encode`) and where its limits come from.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..errors import ModelError

if TYPE_CHECKING:
    from ..settings import Settings

# Chat models answer in the text's own words; a sentence of this many tokens or fewer is the
# smallest answer room we accept before calling the context too small.
MIN_ANSWER = 16


def chat_messages(system: str, user: str) -> list[dict[str, str]]:
    """The messages of one request: the system part when there is one, then the user's."""
    return ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": user}]


class ChatWindow:
    """Input and output limits of a local chat model from its window (or `llm_context`)."""

    model: str
    settings: Settings
    max_position_embeddings: int | None
    tokenizer: Any

    def _encode(self, system: str, user: str) -> list[Any]:
        """The prompt's tokens (ids or token strings) with the chat template applied."""
        raise NotImplementedError

    @cached_property
    def context_window(self) -> int:
        """Tokens the model attends over: --llm-context when given, else its config and tokenizer's limit."""
        limits = [limit for limit in (self.max_position_embeddings, self.tokenizer.model_max_length) if limit]
        usable = [limit for limit in limits if 0 < limit < 1_000_000]
        window = min(usable) if usable else 4096
        return min(window, self.settings.llm_context) if self.settings.llm_context else window

    @cached_property
    def _template_overhead(self) -> int:
        """Tokens the chat template adds around an empty system and user message."""
        return len(self._encode("x", "x")) - 2

    @cached_property
    def max_input_tokens(self) -> int:
        """The context minus the template and room for the longest answer asked for."""
        return self.context_window - self._template_overhead - self.settings.answer_tokens

    @cached_property
    def max_output_tokens(self) -> int:
        return self.context_window - self._template_overhead - MIN_ANSWER

    def answer_room(self, prompts: list[list[Any]], asked: int) -> int:
        """The new tokens the longest prompt leaves, at most `asked`; an error when too few."""
        longest = max(len(prompt) for prompt in prompts)
        room = self.context_window - longest
        if room < MIN_ANSWER:
            raise ModelError(
                f"a prompt of {longest} tokens leaves model {self.model!r} no room to answer in its "
                f"{self.context_window}-token context; this is a bug in summarize's chunking, please report it"
            )
        return min(asked, room)
