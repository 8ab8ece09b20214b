"""Prompt templates: shipped in prompts/ as TOML data, overridable from a user directory.

Seq2seq models get one template per model family (`summarization.toml`, `translation.toml`);
chat models get a system and a user part per task (`instruct.toml`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from .errors import UsageError
from .files import read_user_text

PLACEHOLDER = "{text}"


@dataclass(frozen=True)
class Prompt:
    """A template with exactly one `{text}`; `name` says which file and entry it came from.

    `system` is the system message for chat models ('' for seq2seq models, which take none).
    """

    template: str
    name: str
    system: str = ""

    @property
    def identity(self) -> str:
        """What of the prompt goes into cache keys: the template, and the system part when there is one."""
        return self.template if not self.system else f"{self.template}\x00{self.system}"

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
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        raise UsageError(f"prompt file {origin} is not valid TOML ({exc}); fix or remove it") from None
    for key, value in table.items():
        if not isinstance(value, str) or value.count(PLACEHOLDER) != 1:
            raise UsageError(f"prompt {key!r} in {origin} must be a string with exactly one {PLACEHOLDER}")
    return table


T = TypeVar("T")


def _layered(filename: str, read: Callable[[str, str], dict[str, T]], user_dir: Path | None) -> dict[str, T]:
    """The shipped file's entries, with those of the same file in `user_dir` over them."""
    shipped = resources.files("summarize._prompts").joinpath(filename)
    table = read(shipped.read_text(encoding="utf-8"), f"summarize/_prompts/{filename}")
    if user_dir is not None:
        override = user_dir / filename
        if override.is_file():
            table.update(read(read_user_text(override, "prompt file"), str(override)))
    return table


@lru_cache(maxsize=16)
def load_prompts(task: str, user_dir: Path | None = None) -> Mapping[str, str]:
    """The templates for `task` ('summarization' or 'translation'), user entries over shipped ones.

    Read once per process: every document of a batch asks for them, for its cache keys.
    """
    return MappingProxyType(_layered(f"{task}.toml", _read_table, user_dir))


def _fill(template: str, names: Mapping[str, str]) -> str:
    for name, value in names.items():
        template = template.replace("{" + name + "}", value)
    return template


def prompt_for(task: str, model_type: str, user_dir: Path | None = None, **names: str) -> Prompt:
    """The template for a model family, falling back to the `default` entry."""
    table = load_prompts(task, user_dir)
    key = model_type if model_type in table else "default"
    return Prompt(_fill(table[key], names), f"{task}.{key}")


INSTRUCT_FILE = "instruct.toml"
INSTRUCT_TASKS = ("summarize", "summarize_firmly", "condense", "translate")


def _read_instruct(text: str, origin: str) -> dict[str, dict[str, str]]:
    try:
        table = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        raise UsageError(f"prompt file {origin} is not valid TOML ({exc}); fix or remove it") from None
    for key, entry in table.items():
        if key not in INSTRUCT_TASKS:
            raise UsageError(
                f"prompt file {origin} has an unknown entry {key!r}: the entries are {', '.join(INSTRUCT_TASKS)}"
            )
        if not isinstance(entry, dict) or set(entry) - {"system", "user"} or "user" not in entry:
            raise UsageError(f"prompt {key!r} in {origin} must be a table with `user` (and optionally `system`)")
        if not all(isinstance(part, str) for part in entry.values()):
            raise UsageError(f"prompt {key!r} in {origin}: `system` and `user` must be strings")
        if entry["user"].count(PLACEHOLDER) != 1 or PLACEHOLDER in entry.get("system", ""):
            raise UsageError(f"prompt {key!r} in {origin}: `user` must hold {PLACEHOLDER} exactly once, `system` never")
    return table


@lru_cache(maxsize=16)
def load_instruct_prompts(user_dir: Path | None = None) -> Mapping[str, Mapping[str, str]]:
    """The chat models' prompts by task, a user's entries over the shipped ones."""
    table = _layered(INSTRUCT_FILE, _read_instruct, user_dir)
    return MappingProxyType({task: MappingProxyType(entry) for task, entry in table.items()})


def instruct_prompt(task: str, user_dir: Path | None = None, **names: str) -> Prompt:
    """The chat prompt for `task` (see INSTRUCT_TASKS) with its placeholders but {text} filled in."""
    entry = load_instruct_prompts(user_dir)[task]
    return Prompt(_fill(entry["user"], names), f"instruct.{task}", _fill(entry.get("system", ""), names))
