"""Command-line parsing: the flags of every setting come from the option table (options.py)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from .. import __version__
from ..config import default_config_path, load_config
from ..errors import UsageError
from ..languages import language_name
from ..options import BY_NAME, flag_for
from ..settings import EVERY_TARGET, Settings


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is a one-line message and exit 2, like every other error."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


# Which settings each command takes; their flags, types and help come from options.OPTIONS.
MODEL_SETTINGS = ("languages", "summarizer", "translators", "engine", "strategy", "runtime", "fallback", "device")
RUN_SETTINGS = (
    *MODEL_SETTINGS,
    *("compute_type", "threads", "length", "source_language", "batch_size", "prompts_dir", "cache"),
    *("language_check", "llm_url", "llm_context", "llm_concurrency", "llm_timeout", "fact_check", "strict"),
    *("glossary", "keep", "coverage_check", "min_confidence", "verifier"),
)


# How inputs are read (run-only: they change what is read, not how it is summarized).
SOURCE_OPTIONS = ("input_format", "follow_links", "since", "max_items", "offline", "allow_hosts")

_OFF_SWITCHES = {
    "cache": "neither read nor write the cache",
    "language_check": "accept a chat model's answers in whatever language they come (instruct strategy)",
    "fact_check": "do not check numbers, dates and names against the input",
    "coverage_check": "accept each sentence's translation as it comes (no coverage guard, no retries)",
    "follow_links": "feeds: summarize each entry's own text, even a teaser; fetch no linked pages",
}
_ON_SWITCHES = ("strict", "offline")


def _add_setting(parser: argparse.ArgumentParser, name: str, *, help_text: str | None = None) -> None:
    """The flag of one setting, as the option table declares it."""
    option = BY_NAME[name]
    assert option.flag is not None
    kwargs: dict[str, Any] = {"dest": name, "help": help_text or option.help_text}
    if name in _OFF_SWITCHES:
        # The option table says what the setting does; the flag turns it off.
        kwargs.update(action="store_const", const=False, help=help_text or _OFF_SWITCHES[name])
    elif name in _ON_SWITCHES:
        kwargs.update(action="store_const", const=True)
    elif name == "ray":
        kwargs.update(nargs="?", const="local", metavar=option.metavar)
    elif name == "translators":
        kwargs.update(action="append", metavar=option.metavar)
    else:
        values = option.values()
        if values is not None:
            kwargs["choices"] = values
        else:
            kwargs["metavar"] = option.metavar
        if float in option.types:
            kwargs["type"] = _number
        elif int in option.types:
            kwargs["type"] = int if option.bounds and option.bounds[0] == 0 else _whole_number
        elif Path in option.types:
            kwargs["type"] = Path
    parser.add_argument(option.flag, **kwargs)


def _add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", type=Path, help="TOML config file (default: user config dir)")
    _add_setting(parser, "cache_dir")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options for anything that summarizes: inputs, settings, blurbs."""
    parser.add_argument(
        "inputs", nargs="*", metavar="INPUT",
        help="files (text, HTML, PDF, DOCX, e-mail, RSS/Atom), URLs, directories, .jsonl or .csv files; "
        "'-' or none: stdin",
    )  # fmt: skip
    parser.add_argument("--glob", help="files to take from directories (default: .txt .html .pdf .docx .eml .rss)")
    parser.add_argument("--text-field", default="text", metavar="NAME", help="text field of JSONL/CSV rows")
    parser.add_argument("--id-field", default="id", metavar="NAME", help="id field of JSONL/CSV rows")
    parser.add_argument("--template", type=Path, metavar="FILE", help="Jinja2 blurb template (markdown/html)")
    parser.add_argument(
        "--max-words", type=_whole_number, metavar="N", help="words per summary in blurbs, whole sentences"
    )
    for name in RUN_SETTINGS:
        _add_setting(parser, name)
    for name in ("checks", "ray", "ray_workers", "ray_cpus", "ray_gpus", *SOURCE_OPTIONS):
        _add_setting(parser, name)
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar or notices on stderr")
    _add_common_options(parser)


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number such as -1.5, got {value!r}") from None


def _whole_number(value: str) -> int:
    if not value.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="summarize",
        description="Summarize statements and news articles into English, Spanish, Russian and more.",
        epilog="Also: 'summarize digest', 'summarize serve', 'summarize models list|download|convert', "
        "'summarize cache info|clear'.",
    )
    _add_setting(parser, "format")
    parser.add_argument("--version", action="version", version=f"summarize {__version__}")
    _add_run_options(parser)
    return parser


def build_digest_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="summarize digest", description="Assemble blurbs of many inputs into one newsletter.")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (.md or .html); default stdout")
    parser.add_argument("--format", choices=("markdown", "html"), help="default: from --output's suffix, else markdown")
    parser.add_argument("--title", default="Newsletter", help="the digest's title")
    _add_setting(parser, "group_by")
    _add_run_options(parser)
    return parser


def build_models_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="summarize models", description="List, download or convert (for CTranslate2) the models a run needs."
    )
    parser.add_argument("action", choices=("list", "download", "convert"))
    parser.add_argument(
        "--source-lang",
        metavar="CODES",
        dest="source_languages",
        help="input languages to plan for, comma-separated (default: en, plus each configured LANG-en translator)",
    )
    parser.add_argument("--notices", action="store_true", help="list: also what each model's licence asks of users")
    for name in (*MODEL_SETTINGS, "llm_url"):
        _add_setting(parser, name)
    _add_setting(parser, "compute_type", help_text=f"{BY_NAME['compute_type'].help_text}; what convert makes")
    _add_common_options(parser)
    return parser


def build_serve_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="summarize serve",
        description="An HTTP API (/v1, schema at /openapi.json) and a web page (/) over the same settings.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=_whole_number, default=8000, help="port (default: 8000)")
    parser.add_argument("--api-key-file", type=Path, metavar="FILE",
                        help="require this key (first line of FILE; or $SUMMARIZE_SERVER_API_KEY)")  # fmt: skip
    parser.add_argument("--cors-origin", action="append", metavar="ORIGIN",
                        help="allow browser calls from this origin (repeatable; default: none)")  # fmt: skip
    parser.add_argument("--allow-fetch", action="append", metavar="HOST[,HOST...]",
                        help="fetch URLs that requests give, from these hosts only (even private ones; "
                        "default: fetch nothing)")  # fmt: skip
    from ..server.limits import numeric_limits

    for limit in numeric_limits():
        parser.add_argument(
            "--" + limit.name.replace("_", "-"),
            type=int if limit.metadata["low"] == 0 else _whole_number,
            default=limit.default,
            metavar="N",
            help=f"{limit.metadata['help']} ({limit.default})",
        )
    for name in RUN_SETTINGS:
        _add_setting(parser, name)
    _add_common_options(parser)
    return parser


def build_cache_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="summarize cache", description="Show or empty the cache of model outputs and conversions.")
    parser.add_argument("action", choices=("info", "clear"))
    parser.add_argument(
        "--keep-conversions", action="store_true", help="clear: keep the CTranslate2 conversions (slow to redo)"
    )
    _add_common_options(parser)
    return parser


def _parse_translators(values: Sequence[str] | None) -> dict[str, str]:
    translators: dict[str, str] = {}
    for value in values or []:
        key, sep, model = value.partition("=")
        if not sep and language_name(value.strip().lower()) and not Path(value.strip()).exists():
            raise UsageError(
                f"--translator {value.strip()} names a language but no model: give {value.strip()}=MODEL, "
                f"or a model alone for every target"
            )
        if not sep and value.strip():  # one model for every target, from English
            key, model = EVERY_TARGET, value
        if not key.strip() or not model.strip():
            raise UsageError(
                f"--translator takes MODEL (for every target) or LANG=MODEL (e.g. es=Helsinki-NLP/opus-mt-en-es), "
                f"got {value!r}"
            )
        translators[key.strip()] = model.strip()
    return translators


def settings_from(args: argparse.Namespace, *, serving: bool = False) -> tuple[Settings, dict[str, Any]]:
    """Settings from the config file with command-line flags on top; also the whole config, for `format`.

    `serving`: a server's clients may ask for any language, so a translator for one not in --lang is fine.
    """
    config = load_config(args.config)
    flags = {
        name: getattr(args, name)
        for name, option in BY_NAME.items()
        if option.setting and name != "translators" and getattr(args, name, None) is not None
    }
    flagged = _parse_translators(getattr(args, "translators", None))
    try:
        settings = Settings.from_config(config, **flags, translators=flagged)
    except UsageError as exc:
        raise from_cli(exc, set(flags) | ({"translators"} if flagged else set()), args.config) from None
    # A config file may list translators for languages not asked for this time; a flag may not.
    for key in () if serving else flagged:
        if "-" not in key and key != EVERY_TARGET and key.strip().lower() not in settings.languages:
            raise UsageError(
                f"--translator {key}=... names a language that is not requested "
                f"(--lang {','.join(settings.languages)}): add it to --lang or drop that --translator"
            )
    return settings, config


def run_option(args: argparse.Namespace, config: dict[str, Any], name: str) -> Any:
    """A run-only setting (format, checks, ray_*): its flag, else its config key (checked when the
    file was read), else its declared default."""
    option = BY_NAME[name]
    value = getattr(args, name, None)
    if value is None:
        return config.get(name, option.default)
    try:
        option.check_value(value)
    except UsageError as exc:
        raise from_cli(exc, {name}, args.config) from None
    return value


def from_cli(exc: UsageError, flagged: set[str], config_path: Path | None) -> UsageError:
    """A settings error reworded for the command line: the flag's name, or the config file's."""
    if exc.option is None or exc.reason is None:
        return exc
    if exc.option in flagged:
        return UsageError(f"{flag_for(exc.option)} {exc.reason}", option=exc.option, reason=exc.reason)
    path = config_path or default_config_path()
    return UsageError(f"config file {path}: {exc}", option=exc.option, reason=exc.reason)
