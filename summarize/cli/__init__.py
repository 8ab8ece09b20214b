"""The command line: parse arguments, call the library, render. Nothing else lives here.

`main()` takes its streams as parameters so tests can pass their own; every failure is one line
on stderr (exit 1; 2 for usage errors), a traceback only with --debug.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import BinaryIO, TextIO

from ..errors import SummarizeError, UsageError
from .exits import EXIT_FAILURE, EXIT_USAGE
from .manage import run_cache, run_models
from .output import Output, say, setup_logging
from .parsing import build_cache_parser, build_digest_parser, build_models_parser, build_parser, build_serve_parser
from .run import run_digest, run_summarize

EXIT_INTERRUPTED = 130
# What a shell reports for a program ended by SIGPIPE: `summarize ... | head -1` is not a failure to report.
EXIT_BROKEN_PIPE = 141

__all__ = ["build_parser", "entry_point", "main"]


def _dispatch(argv: list[str], stdin: BinaryIO | None, stdout: Output, stderr: TextIO) -> int:
    command = argv[0] if argv else ""
    if command == "models":
        args = build_models_parser().parse_args(argv[1:])
        setup_logging(False, stderr)
        return run_models(args, stdout, stderr)
    if command == "digest":
        args = build_digest_parser().parse_args(argv[1:])
        setup_logging(args.quiet, stderr)
        return run_digest(args, stdin, stdout, stderr)
    if command == "serve":
        args = build_serve_parser().parse_args(argv[1:])
        setup_logging(False, stderr)
        from .serve import run_serve

        return run_serve(args, stderr)
    if command == "cache":
        args = build_cache_parser().parse_args(argv[1:])
        setup_logging(False, stderr)
        return run_cache(args, stdout)
    args = build_parser().parse_args(argv)
    setup_logging(args.quiet, stderr)
    return run_summarize(args, stdin, stdout, stderr)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the CLI and return its exit code; streams default to the process's (any of them may be closed)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if stdin is None and sys.stdin is not None:
        stdin = sys.stdin.buffer
    process_stdout = stdout is None
    output = Output(stdout if stdout is not None else sys.stdout)
    errors = stderr if stderr is not None else (sys.stderr or io.StringIO())
    debug = "--debug" in argv
    try:
        return _dispatch(argv, stdin, output, errors)
    except BrokenPipeError:
        if process_stdout:
            _silence_stdout()
        return EXIT_BROKEN_PIPE
    except UsageError as exc:
        if debug:
            raise
        say(errors, f"error: {exc}")
        return EXIT_USAGE
    except SummarizeError as exc:
        if debug:
            raise
        say(errors, f"error: {exc}")
        if process_stdout:
            _silence_stdout()  # a failed write must not fail again at exit
        return EXIT_FAILURE
    except KeyboardInterrupt:
        say(errors, "interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: still one line, with the way to see more
        if debug:
            raise
        say(errors, f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for a traceback)")
        return EXIT_FAILURE


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def entry_point() -> None:
    """The `summarize` console script."""
    sys.exit(main())
