"""What a Summarizer is configured with: languages, models, device, length and generation options."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError
from .languages import normalize_language, parse_language_list
from .models import DEFAULT_SUMMARIZER, default_translator

DEVICES = ("auto", "cpu", "cuda")
# auto: the neural summarizer (transformers) when its model can be had, else the extractive engine.
ENGINES = ("auto", "transformers", "ctranslate2", "extractive")
NEURAL_ENGINES = ("transformers", "ctranslate2")
COMPUTE_TYPES = ("int8", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32")


@dataclass(frozen=True)
class GenerationOptions:
    """Options handed to the model's `generate`; all of them are part of what the output depends on."""

    num_beams: int = 4
    no_repeat_ngram_size: int = 3
    length_penalty: float = 2.0
    min_new_tokens: int = 56
    max_new_tokens: int = 142
    early_stopping: bool = True

    def __post_init__(self) -> None:
        if self.num_beams < 1:
            raise UsageError(f"num_beams must be at least 1, got {self.num_beams}")
        if self.max_new_tokens < 1 or self.min_new_tokens < 0:
            raise UsageError("max_new_tokens must be at least 1 and min_new_tokens at least 0")
        if self.min_new_tokens > self.max_new_tokens:
            raise UsageError(f"min_new_tokens ({self.min_new_tokens}) exceeds max_new_tokens ({self.max_new_tokens})")

    def capped(self, max_new_tokens: int) -> GenerationOptions:
        """These options with the output length held to at most `max_new_tokens`."""
        top = max(1, min(self.max_new_tokens, max_new_tokens))
        return dataclasses.replace(self, max_new_tokens=top, min_new_tokens=min(self.min_new_tokens, top // 2))


# Summary length presets as (min_new_tokens, max_new_tokens). "medium" is what
# distilbart-cnn-12-6 was tuned with on CNN/DailyMail (56-142 tokens, about 3-4 sentences).
LENGTHS: dict[str, tuple[int, int]] = {"short": (20, 60), "medium": (56, 142), "long": (100, 256)}

# Marian checkpoints ship num_beams=4; no n-gram ban, since translations may repeat words
# legitimately. The output length is bounded per batch from the input length instead.
TRANSLATION_GENERATION = GenerationOptions(
    num_beams=4, no_repeat_ngram_size=0, length_penalty=1.0, min_new_tokens=0, max_new_tokens=512
)


@dataclass(frozen=True)
class Settings:
    """Everything a Summarizer needs to know; build one directly or from a config file and CLI flags.

    `engine` 'ctranslate2' runs the same models through CTranslate2 (`compute_type` defaults to int8
    on CPU, int8_float16 on CUDA; `threads` to every core the process may use).
    `cache_dir` defaults to $SUMMARIZE_CACHE_DIR or the user cache directory; `cache=False` turns it off.
    `translators` maps a target language ('es', meaning English to Spanish) or a pair
    ('es-en') to a Hub id or a local directory; unlisted pairs use Helsinki-NLP/opus-mt models.
    """

    languages: tuple[str, ...] = ("en", "es", "ru")
    summarizer: str = DEFAULT_SUMMARIZER
    translators: Mapping[str, str] = field(default_factory=dict)
    device: str = "auto"
    engine: str = "auto"
    compute_type: str | None = None
    threads: int | None = None
    length: str = "medium"
    summary_generation: GenerationOptions | None = None
    translation_generation: GenerationOptions = TRANSLATION_GENERATION
    source_language: str | None = None
    batch_size: int = 8
    prompts_dir: Path | None = None
    cache: bool = True
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        # Frozen, so normalised values are written with object.__setattr__.
        set_ = object.__setattr__
        set_(self, "languages", parse_language_list(self.languages))
        if self.source_language is not None:
            set_(self, "source_language", normalize_language(self.source_language))
        if self.device not in DEVICES:
            raise UsageError(f"unknown device {self.device!r}: choose one of {', '.join(DEVICES)}")
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine {self.engine!r}: choose one of {', '.join(ENGINES)}")
        if self.compute_type is not None and self.compute_type not in COMPUTE_TYPES:
            raise UsageError(f"unknown compute type {self.compute_type!r}: choose one of {', '.join(COMPUTE_TYPES)}")
        if self.threads is not None and self.threads < 1:
            raise UsageError(f"threads must be at least 1, got {self.threads}")
        if self.length not in LENGTHS:
            raise UsageError(f"unknown length {self.length!r}: choose one of {', '.join(LENGTHS)}")
        if self.batch_size < 1:
            raise UsageError(f"batch size must be at least 1, got {self.batch_size}")
        if not self.summarizer.strip():
            raise UsageError("the summarizer model is empty: pass a Hub id or a local directory")
        set_(self, "translators", self._checked_translators(self.translators))
        for name in ("prompts_dir", "cache_dir"):
            if getattr(self, name) is not None:
                set_(self, name, Path(getattr(self, name)).expanduser())

    def _checked_translators(self, translators: Mapping[str, str]) -> dict[str, str]:
        checked: dict[str, str] = {}
        for key, model in translators.items():
            codes = [normalize_language(part) for part in key.split("-")]
            if len(codes) == 1:
                (target,) = codes
                if target == "en":
                    raise UsageError(
                        "no translator is needed into 'en' from English: use the pair form, e.g. es-en=MODEL"
                    )
                pair = f"en-{target}"
            elif len(codes) == 2 and codes[0] != codes[1]:
                pair = "-".join(codes)
            else:
                raise UsageError(f"bad translator key {key!r}: use a target language (es) or a pair (es-en)")
            if not str(model).strip():
                raise UsageError(f"the translator model for {key!r} is empty: pass a Hub id or a local directory")
            checked[pair] = str(model)
        return checked

    @property
    def generation(self) -> GenerationOptions:
        """The summary's generation options: explicit ones, or the length preset's."""
        if self.summary_generation is not None:
            return self.summary_generation
        low, high = LENGTHS[self.length]
        return GenerationOptions(min_new_tokens=low, max_new_tokens=high)

    def translator(self, source: str, target: str) -> str:
        """The model id or directory that translates `source` into `target`."""
        return self.translators.get(f"{source}-{target}", default_translator(source, target))

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed; unknown names are a UsageError."""
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise UsageError(f"unknown setting(s) {', '.join(unknown)}: valid ones are {', '.join(sorted(names))}")
        return dataclasses.replace(self, **changes)
