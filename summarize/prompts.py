"""Prompt templates: shipped in prompts/ as TOML data, overridable from a user directory."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from .errors import UsageError

PLACEHOLDER = "{text}"


@dataclass(frozen=True)
class Prompt:
    """A template with exactly one `{text}`; `name` says which file and entry it came from."""

    template: str
    name: str

    @property
    def prefix(self) -> str:
        return self.template.split(PLACEHOLDER)[0]

    @property
    def suffix(self) -> str:
        return self.template.split(PLACEHOLDER)[1]

    def apply(self, text: str) -> str:
        return f"{self.prefix}{text}{self.suffix}"


def _read_table(text: str, origin: str) -> dict[str, str]:
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"prompt file {origin} is not valid TOML ({exc}); fix or remove it") from None
    for key, value in table.items():
        if not isinstance(value, str) or value.count(PLACEHOLDER) != 1:
            raise UsageError(f"prompt {key!r} in {origin} must be a string with exactly one {PLACEHOLDER}")
    return table


@lru_cache(maxsize=16)
def load_prompts(task: str, user_dir: Path | None = None) -> Mapping[str, str]:
    """The templates for `task` ('summarization' or 'translation'), user entries over shipped ones.

    Read once per process: every document of a batch asks for them, for its cache keys.
    """
    filename = f"{task}.toml"
    shipped = resources.files("summarize._prompts").joinpath(filename)
    table = _read_table(shipped.read_text(encoding="utf-8"), f"summarize/_prompts/{filename}")
    if user_dir is not None:
        override = user_dir / filename
        if override.is_file():
            table.update(_read_table(override.read_text(encoding="utf-8"), str(override)))
    return MappingProxyType(table)


def prompt_for(task: str, model_type: str, user_dir: Path | None = None, **names: str) -> Prompt:
    """The template for a model family, falling back to the `default` entry."""
    table = load_prompts(task, user_dir)
    key = model_type if model_type in table else "default"
    template = table[key]
    for name, value in names.items():
        template = template.replace("{" + name + "}", value)
    return Prompt(template, f"{task}.{key}")
