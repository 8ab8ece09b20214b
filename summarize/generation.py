"""Generation options: what a model's `generate` is told, and so part of every cache key."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class GenerationOptions:
    """Options handed to the model's `generate`; all of them are part of what the output depends on."""

    num_beams: int = 4
    no_repeat_ngram_size: int = 3
    length_penalty: float = 2.0
    min_new_tokens: int = 56
    max_new_tokens: int = 142
    early_stopping: bool = True
    source_token: str | None = None
    """A multilingual translator's token for the input's language, put before the input (`__en__`)."""
    target_token: str | None = None
    """A multilingual translator's token for the output's language, forced as its first token (`rus_Cyrl`)."""

    def __post_init__(self) -> None:
        for name in ("num_beams", "no_repeat_ngram_size", "min_new_tokens", "max_new_tokens"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise UsageError(f"{name} must be a whole number, got {value!r}", option=name)
        if not isinstance(self.length_penalty, int | float) or isinstance(self.length_penalty, bool):
            raise UsageError(f"length_penalty must be a number, got {self.length_penalty!r}", option="length_penalty")
        if self.num_beams < 1:
            raise UsageError(f"num_beams must be at least 1, got {self.num_beams}", option="num_beams")
        if self.max_new_tokens < 1 or self.min_new_tokens < 0:
            raise UsageError("max_new_tokens must be at least 1 and min_new_tokens at least 0", option="max_new_tokens")
        if self.min_new_tokens > self.max_new_tokens:
            raise UsageError(
                f"min_new_tokens ({self.min_new_tokens}) exceeds max_new_tokens ({self.max_new_tokens})",
                option="min_new_tokens",
            )

    def capped(self, max_new_tokens: int) -> GenerationOptions:
        """These options with the output length held to at most `max_new_tokens`."""
        top = max(1, min(self.max_new_tokens, max_new_tokens))
        if top == self.max_new_tokens:  # the bound does not bite: the minimum asked for stands
            return self
        return dataclasses.replace(self, max_new_tokens=top, min_new_tokens=min(self.min_new_tokens, top // 2))


def other_beams(num_beams: int) -> int:
    """The second try's beam count, for every retry that decodes again (coverage guard, strict mode):
    greedy after beam search, beam search after greedy."""
    return 1 if num_beams > 1 else 4


# Summary length presets as (min_new_tokens, max_new_tokens). "medium" is what
# distilbart-cnn-12-6 was tuned with on CNN/DailyMail (56-142 tokens, about 3-4 sentences).
LENGTHS: dict[str, tuple[int, int]] = {"short": (20, 60), "medium": (56, 142), "long": (100, 256)}

# Marian checkpoints ship num_beams=4; no n-gram ban, since translations may repeat words
# legitimately. The output length is bounded per batch from the input length instead.
TRANSLATION_GENERATION = GenerationOptions(
    num_beams=4, no_repeat_ngram_size=0, length_penalty=1.0, min_new_tokens=0, max_new_tokens=512
)

# Instruction models are told a length in words (their prompts say "at most N words"); the token
# bound leaves room for Russian, which takes about three tokens a word, and a closing sentence.
WORDS: dict[str, int] = {"short": 40, "medium": 80, "long": 150}


def chat_generation(length: str) -> GenerationOptions:
    """Greedy decoding for chat models, bounded to the length preset's words: deterministic answers."""
    return GenerationOptions(
        num_beams=1,
        no_repeat_ngram_size=0,
        length_penalty=1.0,
        min_new_tokens=0,
        max_new_tokens=WORDS[length] * 3 + 64,
        early_stopping=False,
    )


# Chat models translate greedily too; the bound per sentence comes from its length, as for OPUS-MT.
CHAT_TRANSLATION = GenerationOptions(
    num_beams=1, no_repeat_ngram_size=0, length_penalty=1.0, min_new_tokens=0, max_new_tokens=512, early_stopping=False
)
