"""The TOML config file: defaults for the same options the CLI and the library take."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from .errors import UsageError

CONFIG_ENV = "SUMMARIZE_CONFIG"
# Keys the file may set, and the Python types their values may have.
KEYS: dict[str, tuple[type, ...]] = {
    "languages": (str, list),
    "summarizer": (str,),
    "translators": (dict,),
    "device": (str,),
    "engine": (str,),
    "compute_type": (str,),
    "threads": (int,),
    "length": (str,),
    "source_language": (str,),
    "batch_size": (int,),
    "prompts_dir": (str,),
    "format": (str,),
    "cache": (bool,),
    "cache_dir": (str,),
}


def default_config_path() -> Path:
    """$SUMMARIZE_CONFIG, else config.toml in the user's config directory (platformdirs)."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("summarize")) / "config.toml"


def load_config(path: Path | None = None) -> dict[str, Any]:
    """Read and check a config file; a missing default file is an empty config, a missing named one an error."""
    explicit = path is not None
    path = path if path is not None else default_config_path()
    if not path.is_file():
        if explicit:
            raise UsageError(f"config file {path} does not exist; check the --config path")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"config file {path} is not valid TOML ({exc}); fix it or pass --config another file"
        ) from None
    for key, value in data.items():
        if key not in KEYS:
            raise UsageError(f"config file {path}: unknown key {key!r}; valid keys are {', '.join(KEYS)}")
        if not isinstance(value, KEYS[key]) or (isinstance(value, bool) and bool not in KEYS[key]):
            raise UsageError(f"config file {path}: {key!r} has the wrong type ({type(value).__name__})")
    for key in ("prompts_dir", "cache_dir"):
        if key in data:
            # A relative directory means relative to the config file, not to wherever the user runs.
            data[key] = (path.parent / Path(data[key]).expanduser()).resolve()
    return data
