"""What a Summarizer is configured with: languages, models, strategy, runtime, device, length.

Every value is checked here, once, whether it came from Python, a config file or a flag.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import UsageError
from .generation import LENGTHS, TRANSLATION_GENERATION, GenerationOptions, chat_generation
from .languages import PIVOT, normalize_language, parse_language_list
from .models import default_translator, is_chat_model
from .options import BY_NAME, ENGINE_PRESETS, NO_FALLBACK, RUN_ONLY, default_of

# Re-exported for callers of earlier versions.
__all__ = ["LENGTHS", "TRANSLATION_GENERATION", "GenerationOptions", "Settings"]


@dataclass(frozen=True)
class Settings:
    """Everything a Summarizer needs to know; build one directly, or with `Settings.load` from a config file.

    `strategy` says how the summary is made ('neural': a seq2seq summarizer, then translators;
    'extractive': the input's own sentences, no model); `runtime` what runs the models
    ('transformers' or 'ctranslate2'); `fallback` the strategy for an input whose models cannot be
    had ('extractive', or 'none' to fail). `engine` is the older preset of all three ('auto' is
    neural on transformers with the extractive fallback); fields given explicitly win over it.
    `compute_type` defaults to int8 on CPU, int8_float16 on CUDA; `threads` to every core the
    process may use. `cache_dir` defaults to $SUMMARIZE_CACHE_DIR or the user cache directory;
    `cache=False` turns the cache off. A chat model as summarizer (a local causal LM with a chat
    template, or 'openai:NAME' on the OpenAI-compatible server at `llm_url`) makes the `instruct`
    strategy the default: it writes each language directly; `language_check` retries, then reports,
    answers in another language. `llm_context` is the chat model's context window in tokens;
    `llm_concurrency` and `llm_timeout` bound the requests to a server. `translators` maps a
    target language ('es', meaning English to Spanish) or a pair ('es-en') to a Hub id or a local
    directory; unlisted pairs use Helsinki-NLP/opus-mt models. `fact_check` checks every
    summary's numbers, dates and names against the input (`LanguageSummary.checks`); `strict`
    replaces or drops summary sentences whose facts the input does not support and translates
    again sentences whose facts a translator changed (`LanguageSummary.changes`). `glossary` is a
    TSV or CSV file of terms per language that translations render as it says; `keep` a file of
    terms (one per line) that pass through untranslated, as URLs, e-mail addresses,
    `{{template tokens}}` and `code spans` always do. `coverage_check` retries, then reports, a
    sentence whose translation is empty, untranslated, in another language or of an implausible length.
    `min_confidence` (a mean token log-probability, e.g. -1.5) flags translated sentences the
    translator was less sure of; strict mode drops them. `verifier` is a chat model (a local
    directory, a Hub id, or 'openai:NAME') that judges each summary sentence against the input
    passage it draws from: its "no" is a check of kind 'claim'.
    """

    # Defaults are declared in the options table (options.py), beside each setting's help and check.
    languages: tuple[str, ...] = default_of("languages")
    summarizer: str = default_of("summarizer")
    translators: Mapping[str, str] = field(default_factory=dict)
    engine: str | None = None
    strategy: str | None = None
    runtime: str | None = None
    fallback: str | None = None
    device: str = default_of("device")
    compute_type: str | None = None
    threads: int | None = None
    length: str = default_of("length")
    summary_generation: GenerationOptions | None = None
    translation_generation: GenerationOptions = TRANSLATION_GENERATION
    source_language: str | None = None
    batch_size: int = default_of("batch_size")
    prompts_dir: Path | None = None
    cache: bool = default_of("cache")
    cache_dir: Path | None = None
    language_check: bool = default_of("language_check")
    llm_url: str = default_of("llm_url")
    llm_context: int | None = None
    llm_concurrency: int = default_of("llm_concurrency")
    llm_timeout: int = default_of("llm_timeout")
    fact_check: bool = default_of("fact_check")
    strict: bool = default_of("strict")
    glossary: Path | None = None
    keep: Path | None = None
    coverage_check: bool = default_of("coverage_check")
    min_confidence: float | None = None
    verifier: str | None = None

    def __post_init__(self) -> None:
        # Frozen, so normalised values are written with object.__setattr__.
        set_ = object.__setattr__
        for name, option in BY_NAME.items():
            value = getattr(self, name, None)
            if option.setting and value is not None and name not in ("languages", "translators"):
                option.check_value(value)
        if self.llm_url is None:  # accepted before the field had its default
            set_(self, "llm_url", default_of("llm_url"))
        set_(self, "languages", parse_language_list(self.languages))
        if self.source_language is not None:
            set_(self, "source_language", normalize_language(self.source_language))
        if not self.summarizer.strip():
            raise UsageError.bad_value("summarizer", "is empty: pass a Hub id or a local directory")
        set_(self, "translators", _checked_translators(self.translators))
        for name in ("summary_generation", "translation_generation"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, GenerationOptions):
                raise UsageError.bad_value(name, f"must be a GenerationOptions, got {value!r}")
        for name in ("prompts_dir", "cache_dir", "glossary", "keep"):
            if getattr(self, name) is not None:
                set_(self, name, Path(getattr(self, name)).expanduser())
        if self.llm_url is not None and not self.llm_url.startswith(("http://", "https://")):
            raise UsageError.bad_value("llm_url", f"must be an http:// or https:// URL, got {self.llm_url!r}")
        if self.min_confidence is not None:
            if isinstance(self.min_confidence, bool) or not isinstance(self.min_confidence, int | float):
                raise UsageError.bad_value("min_confidence", f"must be a number, got {self.min_confidence!r}")
            if not -100 <= self.min_confidence <= 0:
                raise UsageError.bad_value(
                    "min_confidence", f"is a log-probability between -100 and 0 (e.g. -1.5), got {self.min_confidence}"
                )
            object.__setattr__(self, "min_confidence", float(self.min_confidence))
        for name in ("glossary", "keep"):
            path = getattr(self, name)
            if path is not None and not path.is_file():
                raise UsageError.bad_value(name, f"{path} is not a file")
        if self.prompts_dir is not None and not self.prompts_dir.is_dir():
            raise UsageError.bad_value("prompts_dir", f"{self.prompts_dir} is not a directory")

    @classmethod
    def load(cls, config_path: Path | str | None = None, **overrides: Any) -> Settings:
        """Settings from a config file (the default one when None), with `overrides` on top."""
        from .config import load_config

        return cls.from_config(load_config(Path(config_path) if config_path is not None else None), **overrides)

    @classmethod
    def from_config(cls, config: Mapping[str, Any], **overrides: Any) -> Settings:
        """Settings from a config file's values (run-only keys such as `format` left out), `overrides` on
        top; translators are merged, an override's winning for its language. The one merge rule."""
        values = {key: value for key, value in config.items() if key not in RUN_ONLY}
        if "translators" in overrides:
            overrides["translators"] = {**values.get("translators", {}), **overrides["translators"]}
        return cls(**{**values, **overrides})

    @property
    def generation(self) -> GenerationOptions:
        """The summary's generation options: explicit ones, or the length preset's."""
        if self.summary_generation is not None:
            return self.summary_generation
        low, high = LENGTHS[self.length]
        return GenerationOptions(min_new_tokens=low, max_new_tokens=high)

    # strategy, runtime and fallback stay as given (None: the engine preset's), so that
    # replace(engine=...) on a copy changes what they resolve to.
    @cached_property
    def strategy_name(self) -> str:
        """The strategy in force: `strategy`, else the engine preset's (instruct for a chat summarizer).

        Whether a local summarizer is a chat model is read from its config.json: once per Settings.
        """
        if self.strategy:
            return self.strategy
        preset = ENGINE_PRESETS[self.engine or "auto"][0]
        if preset == "neural" and is_chat_model(self.summarizer):
            return "instruct"
        return preset

    @property
    def answer_tokens(self) -> int:
        """The most tokens a chat model's summary may take: what its context keeps free for the answer."""
        return chat_generation(self.length).max_new_tokens

    @property
    def runtime_name(self) -> str:
        """The runtime in force: `runtime`, else the engine preset's."""
        return self.runtime or ENGINE_PRESETS[self.engine or "auto"][1]

    @property
    def fallback_strategy(self) -> str | None:
        """The strategy that stands in when the main one's models cannot be had, or None."""
        fallback = self.fallback or ENGINE_PRESETS[self.engine or "auto"][2]
        return None if fallback in (NO_FALLBACK, self.strategy_name) else fallback

    @property
    def cache_root(self) -> Path:
        """Where the cache and model conversions live: `cache_dir`, $SUMMARIZE_CACHE_DIR or the user cache dir."""
        from .cache import default_cache_dir

        return self.cache_dir if self.cache_dir is not None else default_cache_dir()

    def translator(self, source: str, target: str) -> str:
        """The model id or directory that translates `source` into `target`: the pair's own, else (from
        English) the one for every target (`*`), else the pair's default on this runtime (`default_translator`)."""
        pair = self.translators.get(f"{source}-{target}")
        if pair is not None:
            return pair
        if source == PIVOT and EVERY_TARGET in self.translators:
            return self.translators[EVERY_TARGET]
        return default_translator(source, target, self.runtime_name)

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed; unknown names are a UsageError."""
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise UsageError(f"unknown setting(s) {', '.join(unknown)}: valid ones are {', '.join(sorted(names))}")
        return dataclasses.replace(self, **changes)


# The `translators` key of a model that translates from English into every target (`--translator MODEL`).
EVERY_TARGET = "*"


def _checked_translators(translators: object) -> dict[str, str]:
    """{'es': MODEL, 'es-en': MODEL, '*': MODEL} checked and keyed by pair: {'en-es': ..., 'es-en': ..., '*': ...}."""
    if not isinstance(translators, Mapping):
        raise UsageError.bad_value(
            "translators", f"must be a mapping of language or pair to model, got {translators!r}"
        )
    checked: dict[str, str] = {}
    for key, model in translators.items():
        if not isinstance(key, str) or not isinstance(model, str):
            raise UsageError.bad_value(
                "translators",
                f"maps a language or pair to a model name or directory (strings), got {key!r} = {model!r}",
            )
        if not model.strip():
            raise UsageError.bad_value(
                "translators", f"has an empty model for {key!r}: pass a Hub id or a local directory"
            )
        checked[_pair_of(key)] = model
    return checked


def _pair_of(key: str) -> str:
    """'es' -> 'en-es'; 'es-en' stays; '*' (every target from English) stays."""
    if key.strip() == EVERY_TARGET:
        return EVERY_TARGET
    codes = [normalize_language(part) for part in key.split("-")]
    if len(codes) == 1:
        (target,) = codes
        if target == PIVOT:
            raise UsageError.bad_value(
                "translators", f"needs no translator into {PIVOT!r} from {PIVOT!r}: use the pair form, e.g. es-en"
            )
        return f"{PIVOT}-{target}"
    if len(codes) == 2 and codes[0] != codes[1]:
        return "-".join(codes)
    raise UsageError.bad_value(
        "translators", f"has a bad key {key!r}: use a target language (es), a pair (es-en) or * for every target"
    )
