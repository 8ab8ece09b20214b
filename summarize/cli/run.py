"""`summarize INPUTS...` and `summarize digest`: read the inputs, call the library, render each outcome."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from ..batch import Outcome
from ..document import STDIN
from ..errors import SummarizeError, UsageError
from ..inputs import Fields, Item, expand_inputs
from ..options import BLURB_FORMATS
from ..render import render_json, render_json_error, render_text
from ..settings import Settings
from .exits import EXIT_FAILURE
from .naming import CLI
from .output import Output, say
from .parsing import SOURCE_OPTIONS, from_cli, run_option, settings_from

if TYPE_CHECKING:
    from ..blurbs import Entry
    from ..distributed import ClusterOptions
    from ..sources import SourceOptions


def _sources(args: argparse.Namespace, config: dict[str, Any], settings: Settings) -> SourceOptions:
    """How inputs are read, from flags over the config file; fetched documents are kept beside the cache."""
    from ..sources import SourceOptions

    values = {name: run_option(args, config, name) for name in SOURCE_OPTIONS}
    if values["offline"]:
        from ..models import OFFLINE_ENV

        # The process's own switch: models are then taken from disk only, as with HF_HUB_OFFLINE.
        os.environ[OFFLINE_ENV] = "1"
    try:
        return SourceOptions.of(**values, cache_dir=settings.cache_root if settings.cache else None)
    except UsageError as exc:  # `since` as the flag or the config file spelled it
        flagged = {name for name in SOURCE_OPTIONS if getattr(args, name, None) is not None}
        raise from_cli(exc, flagged, args.config) from None


def _items(args: argparse.Namespace, stdin: BinaryIO | None, sources_options: SourceOptions) -> list[Item]:
    sources = list(args.inputs)
    if not sources:
        if stdin is None or stdin.isatty():
            raise UsageError("no input: give files, directories, .jsonl or .csv files, '-' for stdin, or pipe text in")
        sources = [STDIN]
    if sources.count(STDIN) > 1:
        raise UsageError("'-' (stdin) can be given only once")
    if STDIN in sources and stdin is None:
        raise UsageError("'-' reads standard input, but it is closed: pipe text in or give files")
    fields = Fields(text=args.text_field, id=args.id_field)
    return list(expand_inputs(sources, stdin=stdin, glob=args.glob, fields=fields, options=sources_options))


def _check_template(args: argparse.Namespace, output_format: str, settings: Settings) -> None:
    """A template is loaded and tried before any model work; one for a format that has none is refused."""
    if args.template is None:
        return
    if output_format not in BLURB_FORMATS:
        raise UsageError(f"--template is for --format markdown or html blurbs, not {output_format}: drop one of them")
    from ..blurbs import check_template

    check_template(output_format, args.template, settings.languages)


def _cluster(args: argparse.Namespace, config: dict[str, Any]) -> ClusterOptions | None:
    """The Ray options, from flags over the config file; None to run here."""
    address = run_option(args, config, "ray")
    if address is None:
        return None
    from ..distributed import ClusterOptions

    return ClusterOptions(
        address=address,
        workers=run_option(args, config, "ray_workers"),
        cpus_per_worker=run_option(args, config, "ray_cpus"),
        gpus_per_worker=run_option(args, config, "ray_gpus"),
    )


def _outcomes(
    args: argparse.Namespace, settings: Settings, config: dict[str, Any], items: list[Item], stderr: TextIO
) -> Iterator[Outcome]:
    """Summarize the items (here, or on Ray); with several, a progress bar counts items, else the model work shows."""
    from ..batch import summarize_items
    from ..pipeline import Summarizer

    interactive = stderr.isatty() and not args.quiet
    summarizer = Summarizer(settings, progress=interactive and len(items) == 1, naming=CLI)
    cluster = _cluster(args, config)
    if cluster is not None:
        from ..distributed import summarize_items_on_ray

        # The workers load the models; the driver only answers from its cache, so it needs none.
        batch = summarize_items_on_ray(summarizer, items, cluster, progress=interactive)
    else:
        summarizer.prepare()  # a missing summarizer (no fallback) fails here, before any work
        batch = summarize_items(summarizer, items, progress=interactive and len(items) > 1, raise_errors=args.debug)
    # Ray prints its own lines ("(raylet) ...") to sys.stdout from background threads and at
    # shutdown; stdout carries only results, so while Ray runs they go to stderr.
    redirect = contextlib.redirect_stdout(sys.stderr) if cluster is not None else contextlib.nullcontext()
    with redirect:
        yield from _noticed(batch, stderr, quiet=args.quiet)


def _noticed(batch: Iterator[Outcome], stderr: TextIO, *, quiet: bool) -> Iterator[Outcome]:
    """The outcomes, each after its errors and notices are told on stderr."""
    for outcome in batch:
        if outcome.error is not None:
            say(stderr, f"error: {outcome.error}")
        elif outcome.result is not None:
            for language, message in outcome.result.errors.items():
                say(stderr, f"error: {outcome.item.id}: {language}: {message}")
            _notice_checks(outcome, stderr, quiet=quiet)
        yield outcome


def _notice_checks(outcome: Outcome, stderr: TextIO, *, quiet: bool) -> None:
    """One line per language whose facts the input does not support, and per strict-mode change."""
    from ..facts.marks import describe

    assert outcome.result is not None
    if quiet:
        return  # --quiet leaves errors only
    for language, summary in outcome.result.summaries.items():
        for warning in summary.warnings:
            say(stderr, f"warning: {outcome.item.id}: {language}: {warning}")
        if summary.unsupported:
            say(stderr, f"unverified: {outcome.item.id}: {language}: {describe(summary.unsupported)}")
        if summary.unchecked is not None:
            say(stderr, f"unchecked: {outcome.item.id}: {language}: the fact check could not be made "
                        f"({summary.unchecked})")  # fmt: skip
        for change in summary.changes:
            say(stderr, f"strict: {outcome.item.id}: {language}: {change}")


def _report(failed: int, total: int, stderr: TextIO, settings: Settings, outcomes: list[Outcome]) -> int:
    if failed and total > 1:
        say(stderr, f"{failed} of {total} items failed or are incomplete")
    if settings.strict:
        from ..strict import verdict

        status = verdict((o.result for o in outcomes if o.result is not None), fact_check=settings.fact_check)
        # A strict-mode withholding is an incomplete item too; it says so with its own code.
        if status:
            return status
    return EXIT_FAILURE if failed else 0


def _marks(args: argparse.Namespace, config: dict[str, Any]) -> bool:
    return bool(run_option(args, config, "checks") == "show")


def run_summarize(args: argparse.Namespace, stdin: BinaryIO | None, stdout: Output, stderr: TextIO) -> int:
    from ..blurbs import Entry, anchor_of, render_blurb

    settings, config = settings_from(args)
    output_format = run_option(args, config, "format")
    _check_template(args, output_format, settings)
    marks = _marks(args, config)
    items = _items(args, stdin, _sources(args, config, settings))
    failed = 0
    seen: list[Outcome] = []
    for number, outcome in enumerate(_outcomes(args, settings, config, items, stderr), start=1):
        failed += outcome.failed
        seen.append(outcome)
        item, result = outcome.item, outcome.result
        if result is None or item.document is None:
            if output_format == "json":
                stdout.write(render_json_error(item.id, item.source, CLI.render(outcome.error or "")) + "\n")
            continue
        if output_format == "json":
            stdout.write(render_json(result, item.id, item.document.meta) + "\n")
        elif output_format == "text":
            stdout.write(render_text(result, heading=item.id if len(items) > 1 else None, marks=marks))
        else:
            entry = Entry(item.id, item.document, result)
            anchor = anchor_of(number)
            stdout.write(render_blurb(entry, output_format, template=args.template, max_words=args.max_words,
                                      anchor=anchor, marks=marks))  # fmt: skip
        stdout.flush()  # each result is out before the next group starts
    return _report(failed, len(items), stderr, settings, seen)


def run_digest(args: argparse.Namespace, stdin: BinaryIO | None, stdout: Output, stderr: TextIO) -> int:
    from ..blurbs import Entry, render_digest
    from ..files import write_atomically

    settings, config = settings_from(args)
    suffix = args.output.suffix.lower() if args.output else ""
    output_format = args.format or ("html" if suffix in (".html", ".htm") else "markdown")
    _check_template(args, output_format, settings)
    marks = _marks(args, config)
    items = _items(args, stdin, _sources(args, config, settings))
    entries: list[Entry] = []
    failed = 0
    seen: list[Outcome] = []
    for outcome in _outcomes(args, settings, config, items, stderr):
        failed += outcome.failed
        seen.append(outcome)
        if outcome.result is not None and outcome.item.document is not None and outcome.result.has_summary:
            entries.append(Entry(outcome.item.id, outcome.item.document, outcome.result))
    if not entries:
        # An empty digest must never replace a good newsletter (a typo in a directory name, say).
        kept = " (the existing file is kept)" if args.output is not None and args.output.exists() else ""
        raise SummarizeError(f"no item could be summarized, so no digest was written{kept}; see the errors above")
    text = render_digest(entries, output_format, title=args.title, template=args.template, max_words=args.max_words,
                         marks=marks, group_by=run_option(args, config, "group_by"))  # fmt: skip
    if args.output is None:
        stdout.write(text)
    else:
        # Written whole, then moved into place: an interrupted run never leaves half a newsletter.
        write_atomically(args.output, text)
        if not args.quiet:
            blurbs = "blurb" if len(entries) == 1 else "blurbs"
            say(stderr, f"wrote {len(entries)} {blurbs} to {args.output}")
    return _report(failed, len(items), stderr, settings, seen)
