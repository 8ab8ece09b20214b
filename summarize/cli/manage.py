"""`summarize models list|download|convert` and `summarize cache info|clear`: both read the one plan."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TextIO

from ..errors import ModelError, SummarizeError
from ..plan import ModelNeed, PlannedModel
from ..settings import Settings
from .exits import EXIT_FAILURE
from .naming import CLI
from .output import Output, say
from .parsing import settings_from


def format_size(size: int) -> str:
    units = ("B", "KB", "MB", "GB")
    value = float(size)
    for unit in units:
        if value < 1000 or unit == units[-1]:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} B"


def _table(rows: Sequence[Sequence[str]], stdout: Output) -> None:
    """Columns padded to their widest cell; the last column is left as it is."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        stdout.write(f"{cells}  {row[-1]}\n")


def run_models(args: argparse.Namespace, stdout: Output, stderr: TextIO) -> int:
    from ..languages import parse_language_list
    from ..models import resolve_model
    from ..plan import plan
    from ..runtimes.openai_server import server_url

    settings, _config = settings_from(args)
    sources = parse_language_list(args.source_languages, name="--source-lang") if args.source_languages else None
    planned = plan(settings, sources)
    if args.action == "list":
        _table(_listing(planned, settings), stdout)
        if args.notices:
            _notices(planned, stdout)
        return 0
    runtime = None
    if args.action == "convert":
        from ..runtimes import runtime_class

        runtime = runtime_class("ctranslate2")(settings)
        runtime.check()  # the install hint, or an unsupported compute type, before anything is converted
    failures = 0
    for entry in planned:
        need = entry.need
        if entry.info.kind == "server":
            stdout.write(f"{need.label}: {need.reference} is served by {server_url(settings)}: nothing to fetch\n")
            continue
        try:
            if runtime is None:
                path = resolve_model(need.reference, role=need.label, flag=need.fix(CLI))
            else:
                path = runtime.convert(runtime.locate(need.reference, role=need.label, fix=need.fix(CLI)))
        except SummarizeError as exc:
            failures += 1
            say(stderr, f"error: {_fetch_failure(exc, need, converting=runtime is not None)}")
            continue
        stdout.write(f"{need.label}: {need.reference} -> {path}\n")
    return EXIT_FAILURE if failures else 0


def _listing(planned: list[PlannedModel], settings: Settings) -> list[tuple[str, ...]]:
    """`models list`: a row per planned model, with where it is and what conversions it has."""
    from ..fingerprints import model_fingerprint
    from ..model_licences import licence_of
    from ..runtimes.ct2_conversion import conversions
    from ..runtimes.openai_server import server_url
    from ..translator_languages import language_codes

    rows: list[tuple[str, ...]] = [("ROLE", "MODEL", "ON DISK", "SIZE", "CONVERTED", "COVERS", "LICENCE", "WHERE")]
    for entry in planned:
        info = entry.info
        if info.kind == "server":
            rows.append((entry.need.label, entry.need.reference, "server", "-", "-", "-", "-", server_url(settings)))
            continue
        where = str(info.path) if info.on_disk else (info.problem or "")
        size = format_size(info.size_bytes) if info.on_disk else "-"
        converted = "-"
        if info.on_disk and info.path is not None:
            fingerprint = model_fingerprint(entry.need.reference, info.path, settings.cache_root)
            found = conversions(settings.cache_root, fingerprint)
            converted = ",".join(c.compute_type for c in found) or "-"
        # A multilingual translator's languages, as its files list them ('-' for a one-pair model).
        codes = language_codes(info.path) if info.on_disk and entry.need.pair else None
        covers = ",".join(codes.languages[:12]) + (",..." if len(codes.languages) > 12 else "") if codes else "-"
        licence = licence_of(info.path if info.on_disk else None, entry.need.reference) or (
            "unknown" if info.on_disk else "-"
        )
        rows.append((entry.need.label, entry.need.reference, "yes" if info.on_disk else "no", size, converted, covers,
                     licence, where))  # fmt: skip
    return rows


def _notices(planned: list[PlannedModel], stdout: Output) -> None:
    """`models list --notices`: what each model's licence asks of whoever publishes its output."""
    from ..model_licences import licence_of, notice

    lines = {notice(entry.need.reference, licence_of(entry.info.path if entry.info.on_disk else None,
                                                     entry.need.reference)) for entry in planned}  # fmt: skip
    for line in sorted(line for line in lines if line):
        stdout.write(f"NOTICE: {line}\n")


def _fetch_failure(exc: SummarizeError, need: ModelNeed, *, converting: bool) -> str:
    """Why a model could not be fetched, in this command's own terms: advising 'models download' here
    would send the user in a circle."""
    if isinstance(exc, ModelError) and exc.missing and not converting:
        return (f"{need.label} model {need.reference!r} is {exc.problem}: check the network (and HF_HUB_OFFLINE), "
                f"or point {need.fix(CLI)} at a local directory")  # fmt: skip
    return str(exc)


def run_cache(args: argparse.Namespace, stdout: Output) -> int:
    from ..cache import Cache
    from ..detector import detector_dir, remove_unpacked, unpacked_size
    from ..runtimes.ct2_conversion import conversions, remove_conversions

    settings, _config = settings_from(args)
    cache = Cache(settings.cache_root)
    if args.action == "clear":
        removed = cache.clear()
        stdout.write(f"removed {removed} entries from {cache.path}\n")
        if not args.keep_conversions:
            count = remove_conversions(settings.cache_root)
            stdout.write(f"removed {count} CTranslate2 conversion{'' if count == 1 else 's'}\n")
        from ..fingerprints import remove_fingerprints
        from ..sources.fetch_cache import FetchCache

        digests = remove_fingerprints(settings.cache_root)
        stdout.write(f"removed {digests} model digest{'' if digests == 1 else 's'} (computed again when needed)\n")
        fetched = FetchCache(settings.cache_root).clear()
        stdout.write(f"removed {fetched} fetched document{'' if fetched == 1 else 's'}\n")
        freed = remove_unpacked()
        stdout.write(f"removed the language detector's tables ({format_size(freed)}; unpacked again when needed)\n")
        return 0
    info = cache.info()
    from ..sources.fetch_cache import FetchCache

    stored = FetchCache(settings.cache_root).count()
    found = conversions(settings.cache_root)
    converted = sum(c.size_bytes for c in found)
    stdout.write(f"path     {info.path}\nentries  {info.entries}\nsize     {format_size(info.size_bytes)}\n")
    stdout.write(f"fetched  {stored} document{'' if stored == 1 else 's'} (URLs, kept for reruns and --offline)\n")
    stdout.write(
        f"converted {len(found)} model{'' if len(found) == 1 else 's'} for CTranslate2 ({format_size(converted)})\n"
    )
    for conversion in found:
        stdout.write(f"  {conversion.path.name}  {format_size(conversion.size_bytes)}\n")
    stdout.write(f"detector {format_size(unpacked_size())} (the language detector's tables, in {detector_dir()})\n")
    return 0
