"""The command line: parse arguments, call the library, render. Nothing else lives here."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, NoReturn, TextIO

from . import __version__
from .batch import Outcome
from .config import default_config_path, load_config
from .document import STDIN
from .errors import SummarizeError, UsageError
from .inputs import Fields, Item, expand_inputs
from .naming import CLI
from .options import BY_NAME, FORMATS, flag_for
from .render import render_json, render_json_error, render_text
from .settings import Settings

EXIT_FAILURE = 1
EXIT_USAGE = 2

log = logging.getLogger("summarize")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is a one-line message and exit 2, like every other error."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


# Which settings each command takes; their flags, types and help come from options.OPTIONS.
MODEL_SETTINGS = ("languages", "summarizer", "translators", "engine", "strategy", "runtime", "fallback", "device")
RUN_SETTINGS = (
    *MODEL_SETTINGS,
    *("compute_type", "threads", "length", "source_language", "batch_size", "prompts_dir", "cache"),
)


def _add_setting(parser: argparse.ArgumentParser, name: str, *, help_text: str | None = None) -> None:
    """The flag of one setting, as the option table declares it."""
    option = BY_NAME[name]
    assert option.flag is not None
    kwargs: dict[str, Any] = {"dest": name, "help": help_text or option.help}
    if name == "cache":
        kwargs.update(action="store_const", const=False)
    elif name == "translators":
        kwargs.update(action="append", metavar=option.metavar)
    else:
        values = option.values()
        if values is not None:
            kwargs["choices"] = values
        else:
            kwargs["metavar"] = option.metavar
        if int in option.types:
            kwargs["type"] = _whole_number
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
        "inputs", nargs="*", metavar="INPUT", help="text files, directories, .jsonl or .csv files; '-' or none: stdin"
    )
    parser.add_argument("--glob", default="*.txt", help="files to take from directories (default: *.txt)")
    parser.add_argument("--text-field", default="text", metavar="NAME", help="text field of JSONL/CSV rows")
    parser.add_argument("--id-field", default="id", metavar="NAME", help="id field of JSONL/CSV rows")
    parser.add_argument("--template", type=Path, metavar="FILE", help="Jinja2 blurb template (markdown/html)")
    parser.add_argument(
        "--max-words", type=_whole_number, metavar="N", help="words per summary in blurbs, whole sentences"
    )
    for name in RUN_SETTINGS:
        _add_setting(parser, name)
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar or notices on stderr")
    _add_common_options(parser)


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
        epilog="Also: 'summarize digest', 'summarize models list|download|convert', 'summarize cache info|clear'.",
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
    for name in MODEL_SETTINGS:
        _add_setting(parser, name)
    _add_setting(parser, "compute_type", help_text="CTranslate2 precision for convert (default: int8 on CPU)")
    _add_common_options(parser)
    return parser


def build_cache_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="summarize cache", description="Show or empty the cache of model outputs and conversions.")
    parser.add_argument("action", choices=("info", "clear"))
    _add_common_options(parser)
    return parser


def _parse_translators(values: Sequence[str] | None) -> dict[str, str]:
    translators: dict[str, str] = {}
    for value in values or []:
        key, sep, model = value.partition("=")
        if not sep or not key.strip() or not model.strip():
            raise UsageError(f"--translator takes LANG=MODEL (e.g. es=Helsinki-NLP/opus-mt-en-es), got {value!r}")
        translators[key.strip()] = model.strip()
    return translators


def settings_from(args: argparse.Namespace) -> tuple[Settings, dict[str, Any]]:
    """Settings from the config file with command-line flags on top; also the whole config, for `format`."""
    config = load_config(args.config)
    flags = {
        name: getattr(args, name)
        for name, option in BY_NAME.items()
        if option.setting and name != "translators" and getattr(args, name, None) is not None
    }
    flagged = _parse_translators(getattr(args, "translators", None))
    values = {key: value for key, value in config.items() if key != "format"}
    values.update(flags)
    values["translators"] = {**config.get("translators", {}), **flagged}
    try:
        settings = Settings(**values)
    except UsageError as exc:
        raise _from_cli(exc, set(flags) | ({"translators"} if flagged else set()), args.config) from None
    # A config file may list translators for languages not asked for this time; a flag may not.
    for key in flagged:
        if "-" not in key and key.strip().lower() not in settings.languages:
            raise UsageError(
                f"--translator {key}=... names a language that is not requested "
                f"(--lang {','.join(settings.languages)}): add it to --lang or drop that --translator"
            )
    return settings, config


def _from_cli(exc: UsageError, flagged: set[str], config_path: Path | None) -> UsageError:
    """A settings error reworded for the command line: the flag's name, or the config file's."""
    if exc.option is None or exc.reason is None:
        return exc
    if exc.option in flagged:
        return UsageError(f"{flag_for(exc.option)} {exc.reason}", option=exc.option, reason=exc.reason)
    path = config_path or default_config_path()
    return UsageError(f"config file {path}: {exc}", option=exc.option, reason=exc.reason)


def _setup_logging(quiet: bool, stderr: TextIO) -> None:
    handler = logging.StreamHandler(stderr)
    handler.setFormatter(logging.Formatter("summarize: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


def _items(args: argparse.Namespace, stdin: BinaryIO) -> list[Item]:
    sources = list(args.inputs)
    if not sources:
        if stdin.isatty():
            raise UsageError("no input: give files, directories, .jsonl or .csv files, '-' for stdin, or pipe text in")
        sources = [STDIN]
    if sources.count(STDIN) > 1:
        raise UsageError("'-' (stdin) can be given only once")
    fields = Fields(text=args.text_field, id=args.id_field)
    return list(expand_inputs(sources, stdin=stdin, glob=args.glob, fields=fields))


def _outcomes(args: argparse.Namespace, settings: Settings, items: list[Item], stderr: TextIO) -> Iterator[Outcome]:
    """Summarize the items; with several, one progress bar counts items, else the model work is shown."""
    from .batch import summarize_items
    from .pipeline import Summarizer

    interactive = stderr.isatty() and not args.quiet
    summarizer = Summarizer(settings, progress=interactive and len(items) == 1, naming=CLI)
    summarizer.prepare()  # a missing summarizer (--engine transformers) fails here, before any work
    batch = summarize_items(summarizer, items, progress=interactive and len(items) > 1, raise_errors=args.debug)
    for outcome in batch:
        if outcome.error is not None:
            print(f"summarize: error: {outcome.error}", file=stderr)
        elif outcome.result is not None:
            for language, message in outcome.result.errors.items():
                print(f"summarize: error: {outcome.item.id}: {language}: {message}", file=stderr)
        yield outcome


def _report(failed: int, total: int, stderr: TextIO) -> int:
    if failed and total > 1:
        print(f"summarize: {failed} of {total} items failed or are incomplete", file=stderr)
    return EXIT_FAILURE if failed else 0


def run_summarize(args: argparse.Namespace, stdin: BinaryIO, stdout: TextIO, stderr: TextIO) -> int:
    from .blurbs import Entry, render_blurb

    settings, config = settings_from(args)
    output_format = args.format or config.get("format", "text")
    if output_format not in FORMATS:
        raise UsageError(f"config file: unknown format {output_format!r}; choose one of {', '.join(FORMATS)}")
    items = _items(args, stdin)
    failed = 0
    for number, outcome in enumerate(_outcomes(args, settings, items, stderr), start=1):
        failed += outcome.failed
        item, result = outcome.item, outcome.result
        if result is None or item.document is None:
            if output_format == "json":
                stdout.write(render_json_error(item.id, item.source, outcome.error or "") + "\n")
            continue
        if output_format == "json":
            stdout.write(render_json(result, item.id) + "\n")
        elif output_format == "text":
            stdout.write(render_text(result, heading=item.id if len(items) > 1 else None))
        else:
            entry = Entry(item.id, item.document, result)
            stdout.write(
                render_blurb(
                    entry, output_format, template=args.template, max_words=args.max_words, anchor=f"item-{number}"
                )
            )
        stdout.flush()  # each result is out before the next group starts
    return _report(failed, len(items), stderr)


def run_digest(args: argparse.Namespace, stdin: BinaryIO, stdout: TextIO, stderr: TextIO) -> int:
    from .blurbs import Entry, render_digest

    settings, _config = settings_from(args)
    output_format = args.format or (
        "html" if args.output and args.output.suffix.lower() in (".html", ".htm") else "markdown"
    )
    items = _items(args, stdin)
    entries: list[Entry] = []
    failed = 0
    for outcome in _outcomes(args, settings, items, stderr):
        failed += outcome.failed
        if outcome.result is not None and outcome.item.document is not None:
            entries.append(Entry(outcome.item.id, outcome.item.document, outcome.result))
    text = render_digest(entries, output_format, title=args.title, template=args.template, max_words=args.max_words)
    if args.output is None:
        stdout.write(text)
    else:
        # Written whole, then moved into place: an interrupted run never leaves half a newsletter.
        partial = args.output.with_name(args.output.name + ".partial")
        try:
            partial.write_text(text, encoding="utf-8")
            partial.replace(args.output)
        except OSError as exc:
            raise SummarizeError(f"cannot write {args.output} ({exc.strerror or exc}); check the path") from None
        if not args.quiet:
            print(f"summarize: wrote {len(entries)} blurbs to {args.output}", file=stderr)
    return _report(failed, len(items), stderr)


def _format_size(size: int) -> str:
    units = ("B", "KB", "MB", "GB")
    value = float(size)
    for unit in units:
        if value < 1000 or unit == units[-1]:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} B"


def run_models(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .languages import parse_language_list
    from .models import resolve_model
    from .plan import plan

    settings, _config = settings_from(args)
    sources = parse_language_list(args.source_languages, name="--source-lang") if args.source_languages else None
    planned = plan(settings, sources)
    if args.action == "list":
        rows = [("ROLE", "MODEL", "ON DISK", "SIZE", "WHERE")]
        for entry in planned:
            info = entry.info
            where = str(info.path) if info.on_disk else (info.problem or "")
            size = _format_size(info.size_bytes) if info.on_disk else "-"
            rows.append((entry.need.label, entry.need.reference, "yes" if info.on_disk else "no", size, where))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            cells = "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
            stdout.write(f"{cells}  {row[4]}\n")
        return 0
    runtime = None
    if args.action == "convert":
        from .runtimes import runtime_class

        runtime = runtime_class("ctranslate2")(settings)
        runtime.check()
    failures = 0
    for entry in planned:
        need = entry.need
        try:
            if runtime is None:
                path = resolve_model(need.reference, role=need.label, flag=need.fix(CLI))
            else:
                path = runtime.prepare(runtime.locate(need.reference, role=need.label, fix=need.fix(CLI)))
        except SummarizeError as exc:
            failures += 1
            print(f"summarize: error: {exc}", file=stderr)
            continue
        stdout.write(f"{need.label}: {need.reference} -> {path}\n")
    return EXIT_FAILURE if failures else 0


def run_cache(args: argparse.Namespace, stdout: TextIO) -> int:
    from .cache import Cache

    settings, _config = settings_from(args)
    cache = Cache(settings.cache_root)
    if args.action == "clear":
        removed = cache.clear()
        stdout.write(f"removed {removed} entries from {cache.path}\n")
        return 0
    info = cache.info()
    stdout.write(f"path     {info.path}\nentries  {info.entries}\nsize     {_format_size(info.size_bytes)}\n")
    return 0


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the CLI and return its exit code; streams are parameters so tests can pass their own."""
    argv = list(sys.argv[1:] if argv is None else argv)
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    debug = "--debug" in argv
    try:
        if argv and argv[0] == "models":
            args = build_models_parser().parse_args(argv[1:])
            _setup_logging(False, stderr)
            return run_models(args, stdout, stderr)
        if argv and argv[0] == "digest":
            args = build_digest_parser().parse_args(argv[1:])
            _setup_logging(args.quiet, stderr)
            return run_digest(args, stdin, stdout, stderr)
        if argv and argv[0] == "cache":
            args = build_cache_parser().parse_args(argv[1:])
            _setup_logging(False, stderr)
            return run_cache(args, stdout)
        args = build_parser().parse_args(argv)
        _setup_logging(args.quiet, stderr)
        return run_summarize(args, stdin, stdout, stderr)
    except UsageError as exc:
        if debug:
            raise
        print(f"summarize: error: {exc}", file=stderr)
        return EXIT_USAGE
    except SummarizeError as exc:
        if debug:
            raise
        print(f"summarize: error: {exc}", file=stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("summarize: interrupted", file=stderr)
        return 130
    except Exception as exc:  # a bug: still one line, with the way to see more
        if debug:
            raise
        print(
            f"summarize: internal error: {type(exc).__name__}: {exc} (rerun with --debug for a traceback)", file=stderr
        )
        return EXIT_FAILURE


def entry_point() -> None:
    """The `summarize` console script."""
    sys.exit(main())
