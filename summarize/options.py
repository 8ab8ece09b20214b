"""Every user-facing setting, declared once: its type, its values, its command-line flag and help.

The config file's keys, the CLI's flags and the type checks of both come from this table;
`Settings` checks the values, once, whatever they came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import UsageError
from .generation import LENGTHS
from .models import DEFAULT_SUMMARIZER
from .registry import RUNTIMES, STRATEGIES, names
from .sources.formats import AUTO, INPUT_FORMATS

DEVICES = ("auto", "cpu", "cuda")
COMPUTE_TYPES = ("int8", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32")
BLURB_FORMATS = ("markdown", "html")
FORMATS = ("text", "json", *BLURB_FORMATS)
NO_FALLBACK = "none"
# `--engine` is a preset of strategy, runtime and fallback, kept from before they were separate.
ENGINE_PRESETS: dict[str, tuple[str, str, str]] = {
    "auto": ("neural", "transformers", "extractive"),
    "transformers": ("neural", "transformers", NO_FALLBACK),
    "ctranslate2": ("neural", "ctranslate2", NO_FALLBACK),
    "extractive": ("extractive", "transformers", NO_FALLBACK),
}
DEFAULT_LLM_URL = "http://localhost:11434/v1"  # Ollama's OpenAI-compatible endpoint
# A server's chat model when `llm_context` does not say: Ollama's default window, which it truncates to silently.
DEFAULT_SERVER_CONTEXT = 4096
# The cache keys a model's identity is part of: a setting that changes the model or how it runs.
MODEL_KEYS = ("model-call", "text-translation", "strict-translation", "document-summary", "direct-summary")
SUMMARY_KEYS = ("model-call", "document-summary", "direct-summary")
TRANSLATION_KEYS = ("model-call", "text-translation", "strict-translation", "document-summary")
_TRANSLATOR_DEFAULT = "Helsinki-NLP/opus-mt-SOURCE-TARGET, or a better model where one is published (docs/models.md)"
# Upper bounds that keep a typo from exhausting the machine (CTranslate2 crashes on 100,000 threads).
MAX_THREADS = 256
MAX_BATCH_SIZE = 1024


_strategies = names(STRATEGIES)
_runtimes = names(RUNTIMES)


def _fallbacks() -> tuple[str, ...]:
    return (*_strategies(), NO_FALLBACK)


Choices = tuple[str, ...] | Callable[[], tuple[str, ...]]


@dataclass(frozen=True)
class Option:
    """One setting: its name (a Settings field and config key), accepted types, flag and help."""

    name: str
    types: tuple[type, ...]
    help: str
    flag: str | None = None
    metavar: str | None = None
    choices: Choices | None = None
    bounds: tuple[float, float] | None = None
    setting: bool = True
    """False for an output option (format) that the config file sets but a Summarizer does not take."""
    default: Any = None
    """The value when none is given; None where the default is a rule (see `shown_default`)."""
    shown_default: str = ""
    """The default as help states it, where it is a rule rather than a value ("detected")."""
    affects: tuple[str, ...] = ()
    """The cache keys (`summarize.keys.STAGES`) that this setting's value is part of: changing it
    changes exactly those stages' keys, as tests/test_keys.py checks; () for a setting that
    changes no stored output (where it runs, how fast, what is shown)."""

    @property
    def help_text(self) -> str:
        """The help, with its default (from the declaration: never written in the help itself)."""
        shown = self.shown_default or _shown(self.default)
        return f"{self.help} (default: {shown})" if shown else self.help

    def values(self) -> tuple[str, ...] | None:
        """The allowed values, for options with a fixed set (registries are read when asked)."""
        if self.choices is None:
            return None
        return self.choices() if callable(self.choices) else self.choices

    def check_type(self, value: object) -> None:
        """Raise a UsageError naming this option when `value` is not of an accepted type."""
        accepted = self.types
        if isinstance(value, bool) and bool not in accepted:  # bool is an int to Python, not to users
            accepted = ()
        if not isinstance(value, accepted):
            names = " or ".join(TYPE_NAMES.get(t, t.__name__) for t in self.types)
            raise UsageError.bad_value(self.name, f"must be {names}, got {value!r}")

    def check_value(self, value: object) -> None:
        """Type, allowed values and bounds: one UsageError naming the option for any fault."""
        self.check_type(value)
        allowed = self.values()
        if allowed is not None and value not in allowed:
            raise UsageError.bad_value(self.name, f"must be one of {', '.join(allowed)}, got {value!r}")
        if self.bounds is not None and isinstance(value, int | float):
            low, high = self.bounds
            if not low <= value <= high:
                raise UsageError.bad_value(self.name, f"must be between {low} and {high}, got {value}")


def _shown(default: object) -> str:
    if default is None or isinstance(default, bool):
        return ""  # a switch's flag says what it turns on or off
    if isinstance(default, tuple):
        return ",".join(map(str, default))
    return str(default)


TYPE_NAMES = {
    str: "a string",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    tuple: "a list",
    dict: "a table",
    Path: "a path",
}

OPTIONS: tuple[Option, ...] = (
    Option("languages", (str, list, tuple), "output languages, comma-separated", flag="--lang", metavar="CODES",
           default=("en", "es", "ru")),
    Option("summarizer", (str,), "summarization model: Hub id or local directory", flag="--summarizer",
           metavar="MODEL", default=DEFAULT_SUMMARIZER, affects=SUMMARY_KEYS),
    Option("translators", (dict,), "translation model from English into LANG, for a pair (es-en=MODEL), or "
           "without LANG= for every target (a multilingual model: M2M100, NLLB, opus-mt-en-ROMANCE...); repeatable",
           flag="--translator", metavar="[LANG=]MODEL", shown_default=_TRANSLATOR_DEFAULT,
           affects=TRANSLATION_KEYS),
    Option("engine", (str,), "preset of strategy, runtime and fallback (see docs/cli.md)", flag="--engine",
           choices=tuple(ENGINE_PRESETS), shown_default="auto", affects=MODEL_KEYS),
    Option("strategy", (str,), "how the summary is made: neural (a seq2seq model, then translators), "
           "instruct (a chat model writes each language) or extractive (no model)",
           flag="--strategy", choices=_strategies, shown_default="instruct for a chat summarizer, else neural"),
    Option("runtime", (str,), "what runs the models", flag="--runtime", choices=_runtimes,
           shown_default="the engine preset's", affects=MODEL_KEYS),
    Option("fallback", (str,), "strategy for an input whose models cannot be had, or none", flag="--fallback",
           choices=_fallbacks, shown_default="the engine preset's"),
    Option("device", (str,), "where models run", flag="--device", choices=DEVICES, default="auto",
           affects=MODEL_KEYS),
    Option("compute_type", (str,), "CTranslate2 precision", flag="--compute-type", choices=COMPUTE_TYPES,
           shown_default="int8 on CPU, int8_float16 on CUDA", affects=MODEL_KEYS),
    Option("threads", (int,), "CTranslate2 CPU threads in all", flag="--threads", metavar="N", bounds=(1, MAX_THREADS),
           shown_default="all cores"),
    Option("length", (str,), "summary length", flag="--length", choices=tuple(LENGTHS), default="medium",
           affects=SUMMARY_KEYS),
    Option("source_language", (str,), "language of the input", flag="--source-lang", metavar="CODE",
           shown_default="detected"),
    Option("batch_size", (int,), "texts per model call", flag="--batch-size", metavar="N",
           bounds=(1, MAX_BATCH_SIZE), default=8),
    Option("prompts_dir", (str, Path), "directory of prompt templates overriding prompts/", flag="--prompts",
           metavar="DIR", affects=MODEL_KEYS),
    Option("cache", (bool,), "read and write the cache", flag="--no-cache", default=True),
    Option("cache_dir", (str, Path), "cache directory", flag="--cache-dir", metavar="DIR",
           shown_default="$SUMMARIZE_CACHE_DIR or the user cache dir"),
    Option("language_check", (bool,), "instruct strategy: retry, then report, answers not in the language asked for",
           flag="--no-language-check", default=True, affects=("direct-summary",)),
    Option("llm_url", (str,), "base URL of the OpenAI-compatible server for openai:NAME models", flag="--llm-url",
           metavar="URL", default=DEFAULT_LLM_URL, affects=MODEL_KEYS),
    Option("llm_context", (int,), "context window of chat models in tokens", flag="--llm-context", metavar="N",
           bounds=(256, 10_000_000), shown_default=f"the model's own; {DEFAULT_SERVER_CONTEXT} for a server",
           affects=("document-summary", "direct-summary")),
    Option("llm_concurrency", (int,), "requests in flight to the server at once", flag="--llm-concurrency",
           metavar="N", bounds=(1, 256), default=4),
    Option("llm_timeout", (int,), "seconds to wait for one answer from the server", flag="--llm-timeout",
           metavar="SECONDS", bounds=(1, 3600), default=120),
    Option("fact_check", (bool,), "check each summary's numbers, dates and names against the input",
           flag="--no-fact-check", default=True),
    Option("strict", (bool,), "replace or drop summary sentences with facts the input does not support, translate "
           "again sentences whose facts changed; exit 3 when something changed, 4 when something could not be fixed",
           flag="--strict", default=False),
    Option("glossary", (str, Path), "TSV or CSV file of terms per language (header: en, es, ru, ...) that "
           "translations render as it says", flag="--glossary", metavar="FILE",
           affects=("text-translation", "strict-translation", "document-summary", "direct-summary")),
    Option("keep", (str, Path), "file of terms, one per line, that translations leave as they are (URLs, e-mail "
           "addresses, {{tokens}} and `code` always are)", flag="--keep", metavar="FILE",
           affects=("text-translation", "strict-translation", "document-summary")),
    Option("coverage_check", (bool,), "retry, then report, a sentence whose translation is empty, untranslated, "
           "in another language or of an implausible length", flag="--no-coverage-check", default=True,
           affects=("text-translation", "strict-translation", "document-summary")),
    Option("verifier", (str,), "a chat model that judges each summary sentence against the input passage it "
           "draws from (MiniCheck-style): a local directory, a Hub id, or openai:NAME", flag="--verifier",
           metavar="MODEL", affects=("fact-check",)),
    Option("min_confidence", (int, float), "flag translated sentences whose mean token log-probability is under "
           "this (e.g. -1.5); --strict drops them", flag="--min-confidence", metavar="LOGPROB"),
    Option("checks", (str,), "unverified facts in text and blurbs: show marks them [unverified: ...], hide prints "
           "the text as it is (JSON always has the checks)", flag="--checks", choices=("show", "hide"),
           setting=False, default="show"),
    Option("ray", (str,), "run the batch on Ray: 'auto', ray://HOST:PORT, or no value for a local Ray",
           flag="--ray", metavar="ADDRESS", setting=False),
    Option("ray_workers", (int,), "Ray actors, each holding the models once", flag="--ray-workers",
           metavar="N", bounds=(1, 10_000), setting=False, default=2),
    Option("ray_cpus", (int, float), "CPUs per Ray actor (a fraction shares one)", flag="--ray-cpus", metavar="N",
           bounds=(0.01, 1024), setting=False, default=1),
    Option("ray_gpus", (int, float), "GPUs per Ray actor (a fraction shares one)", flag="--ray-gpus", metavar="N",
           bounds=(0, 64), setting=False, default=0),
    Option("format", (str,), "output format; markdown and html are blurbs", flag="--format",
           choices=FORMATS, setting=False, default="text"),
    Option("input_format", (str,), "force what every input is read as; auto tells them apart by "
           "their content, then their names", flag="--input-format",
           choices=(AUTO, *INPUT_FORMATS), setting=False, default=AUTO),
    Option("follow_links", (bool,), "fetch the page a feed entry links to when the entry holds only a teaser",
           flag="--no-follow-links", setting=False, default=True),
    Option("since", (str,), "feeds: only entries published since then (24h, 7d, 2w or a date, 2026-12-01)",
           flag="--since", metavar="WHEN", setting=False),
    Option("max_items", (int,), "feeds: at most N entries from each feed, in its order", flag="--max-items",
           metavar="N", bounds=(1, 100_000), setting=False),
    Option("offline", (bool,), "never use the network: URLs only from the fetch store, models only from disk",
           flag="--offline", setting=False, default=False),
    Option("allow_hosts", (str, list), "hosts fetched even though they are private or local (an intranet), "
           "comma-separated", flag="--allow-host", metavar="HOSTS", setting=False),
    Option("group_by", (str,), "digest: group blurbs by source (site or feed) or by day of publication",
           flag="--group-by", choices=("none", "source", "day"), setting=False, default="none"),
)  # fmt: skip

BY_NAME: dict[str, Option] = {option.name: option for option in OPTIONS}
# Config keys that shape a run's output or where it runs, not the Summarizer.
RUN_ONLY = tuple(option.name for option in OPTIONS if not option.setting)


def default_of(name: str) -> Any:
    """A setting's declared default (Settings, the CLI and Ray read it from here)."""
    return BY_NAME[name].default


def flag_for(name: str) -> str:
    """The command-line spelling of a setting: its flag, or the name itself for library-only ones."""
    option = BY_NAME.get(name)
    return option.flag if option is not None and option.flag else name
