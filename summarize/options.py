"""Every user-facing setting, declared once: its type, its values, its command-line flag and help.

The config file's keys, the CLI's flags and the type checks of both come from this table;
`Settings` checks the values, once, whatever they came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .generation import LENGTHS
from .registry import RUNTIMES, STRATEGIES, names

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
    bounds: tuple[int, int] | None = None
    setting: bool = True
    """False for an output option (format) that the config file sets but a Summarizer does not take."""

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
        if self.bounds is not None and isinstance(value, int):
            low, high = self.bounds
            if not low <= value <= high:
                raise UsageError.bad_value(self.name, f"must be between {low} and {high}, got {value}")


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
    Option("languages", (str, list, tuple), "output languages, comma-separated (default: en,es,ru)",
           flag="--lang", metavar="CODES"),
    Option("summarizer", (str,), "summarization model: Hub id or local directory", flag="--summarizer",
           metavar="MODEL"),
    Option("translators", (dict,), "translation model from English into LANG (or for a pair, es-en=MODEL); repeatable",
           flag="--translator", metavar="LANG=MODEL"),
    Option("engine", (str,), "preset of strategy, runtime and fallback (see docs/cli.md)", flag="--engine",
           choices=tuple(ENGINE_PRESETS)),
    Option("strategy", (str,), "how the summary is made: neural (a seq2seq model, then translators), "
           "instruct (a chat model writes each language) or extractive (no model); default: instruct for a "
           "chat summarizer, else neural",
           flag="--strategy", choices=_strategies),
    Option("runtime", (str,), "what runs the models", flag="--runtime", choices=_runtimes),
    Option("fallback", (str,), "strategy for an input whose models cannot be had, or none", flag="--fallback",
           choices=_fallbacks),
    Option("device", (str,), "where models run (default: auto)", flag="--device", choices=DEVICES),
    Option("compute_type", (str,), "CTranslate2 precision (default: int8 on CPU)", flag="--compute-type",
           choices=COMPUTE_TYPES),
    Option("threads", (int,), "CTranslate2 CPU threads (default: all cores)", flag="--threads", metavar="N",
           bounds=(1, MAX_THREADS)),
    Option("length", (str,), "summary length (default: medium)", flag="--length", choices=tuple(LENGTHS)),
    Option("source_language", (str,), "language of the input (default: detected)", flag="--source-lang",
           metavar="CODE"),
    Option("batch_size", (int,), "texts per model call (default: 8)", flag="--batch-size", metavar="N",
           bounds=(1, MAX_BATCH_SIZE)),
    Option("prompts_dir", (str, Path), "directory of prompt templates overriding prompts/", flag="--prompts",
           metavar="DIR"),
    Option("cache", (bool,), "read and write the cache", flag="--no-cache"),
    Option("cache_dir", (str, Path), "cache directory (default: user cache dir)", flag="--cache-dir", metavar="DIR"),
    Option("language_check", (bool,), "instruct strategy: retry, then report, answers not in the language asked for",
           flag="--no-language-check"),
    Option("llm_url", (str,), "base URL of the OpenAI-compatible server for openai:NAME models "
           "(default: http://localhost:11434/v1, Ollama's)", flag="--llm-url", metavar="URL"),
    Option("llm_context", (int,), "context window of chat models in tokens (default: the model's own; "
           "4096 for a server)", flag="--llm-context", metavar="N", bounds=(256, 10_000_000)),
    Option("llm_concurrency", (int,), "requests in flight to the server at once (default: 4)",
           flag="--llm-concurrency", metavar="N", bounds=(1, 256)),
    Option("llm_timeout", (int,), "seconds to wait for one answer from the server (default: 120)",
           flag="--llm-timeout", metavar="SECONDS", bounds=(1, 3600)),
    Option("fact_check", (bool,), "check each summary's numbers, dates and names against the input",
           flag="--no-fact-check"),
    Option("strict", (bool,), "replace or drop summary sentences with facts the input does not support, translate "
           "again sentences whose facts changed; exit 3 when something changed, 4 when something could not be fixed",
           flag="--strict"),
    Option("glossary", (str, Path), "TSV or CSV file of terms per language (header: en, es, ru, ...) that "
           "translations render as it says", flag="--glossary", metavar="FILE"),
    Option("keep", (str, Path), "file of terms, one per line, that translations leave as they are (URLs, e-mail "
           "addresses, {{tokens}} and `code` always are)", flag="--keep", metavar="FILE"),
    Option("coverage_check", (bool,), "retry, then report, a sentence whose translation is empty, untranslated, "
           "in another language or of an implausible length", flag="--no-coverage-check"),
    Option("min_confidence", (int, float), "flag translated sentences whose mean token log-probability is under "
           "this (e.g. -1.5); --strict drops them", flag="--min-confidence", metavar="LOGPROB"),
    Option("checks", (str,), "unverified facts in text and blurbs: show marks them [unverified: ...], hide prints "
           "the text as it is (JSON always has the checks; default: show)", flag="--checks", choices=("show", "hide"),
           setting=False),
    Option("ray", (str,), "run the batch on Ray: 'auto', ray://HOST:PORT, or no value for a local Ray",
           flag="--ray", metavar="ADDRESS", setting=False),
    Option("ray_workers", (int,), "Ray actors, each holding the models once (default: 2)", flag="--ray-workers",
           metavar="N", bounds=(1, 10_000), setting=False),
    Option("ray_cpus", (int,), "CPUs per Ray actor (default: 1)", flag="--ray-cpus", metavar="N",
           bounds=(1, 1024), setting=False),
    Option("ray_gpus", (int,), "GPUs per Ray actor (default: 0)", flag="--ray-gpus", metavar="N",
           bounds=(0, 64), setting=False),
    Option("format", (str,), "output format; markdown and html are blurbs (default: text)", flag="--format",
           choices=FORMATS, setting=False),
)  # fmt: skip

BY_NAME: dict[str, Option] = {option.name: option for option in OPTIONS}
# Config keys that shape a run's output or where it runs, not the Summarizer.
RUN_ONLY = tuple(option.name for option in OPTIONS if not option.setting)


def flag_for(name: str) -> str:
    """The command-line spelling of a setting: its flag, or the name itself for library-only ones."""
    option = BY_NAME.get(name)
    return option.flag if option is not None and option.flag else name
