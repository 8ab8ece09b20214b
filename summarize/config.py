"""The TOML config file: defaults for the same options the CLI and the library take (see options.py)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from .errors import UsageError
from .files import read_user_text
from .options import BY_NAME

CONFIG_ENV = "SUMMARIZE_CONFIG"
_PATH_KEYS = ("prompts_dir", "cache_dir", "glossary", "keep")


def default_config_path() -> Path:
    """$SUMMARIZE_CONFIG, else config.toml in the user's config directory (platformdirs)."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("summarize")) / "config.toml"


def load_config(path: Path | None = None) -> dict[str, Any]:
    """Read and type-check a config file; a missing default file is an empty config, a missing named one an error.

    Values are checked for their values by `Settings`; a UsageError from there names the key.
    """
    explicit = path is not None
    path = path if path is not None else default_config_path()
    try:
        present = path.is_file()
    except OSError as exc:  # a folder on the way cannot be entered
        raise UsageError(f"config file {path} cannot be read ({exc.strerror or exc}); check its permissions") from None
    if not present:
        if explicit:
            raise UsageError(f"config file {path} does not exist; check the `config` path")
        return {}
    text = read_user_text(path, "config file")
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise UsageError(
            f"config file {path} is not valid TOML ({reason}); fix it or pass `config` another file"
        ) from None
    for key, value in data.items():
        option = BY_NAME.get(key)
        if option is None:
            raise UsageError(f"config file {path}: unknown key {key!r}; valid keys are {', '.join(BY_NAME)}")
        try:
            # Values are checked here too, so the message can name the file.
            option.check_value(value)
        except UsageError as exc:
            raise UsageError(f"config file {path}: {exc}", option=key, reason=exc.reason) from None
    for key in _PATH_KEYS:
        if key in data:
            # A relative directory means relative to the config file, not to wherever the user runs.
            data[key] = (path.parent / Path(data[key]).expanduser()).resolve()
    return data
