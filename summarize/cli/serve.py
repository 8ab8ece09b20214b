"""`summarize serve`: parse the server's options, build the app over a Summarizer, run it on uvicorn."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from ..errors import SummarizeError, UsageError
from .output import say
from .parsing import settings_from

API_KEY_VARIABLE = "SUMMARIZE_SERVER_API_KEY"


def _api_key(args: argparse.Namespace) -> str | None:
    """The key from --api-key-file (first line), else $SUMMARIZE_SERVER_API_KEY, else none."""
    if args.api_key_file is not None:
        path: Path = args.api_key_file
        try:
            key = path.read_text(encoding="utf-8").strip().splitlines()[0].strip() if path.stat().st_size else ""
        except (OSError, UnicodeDecodeError, IndexError) as exc:
            raise UsageError(f"--api-key-file {path}: cannot read it ({exc.__class__.__name__})") from None
        if not key:
            raise UsageError(f"--api-key-file {path} is empty: put the key on its first line")
        return key
    return os.environ.get(API_KEY_VARIABLE) or None


def run_serve(args: argparse.Namespace, stderr: TextIO) -> int:
    try:
        import uvicorn

        from ..server import ServerLimits
        from ..server.app import create_app
        from ..server.connections import guarded_protocol
    except ImportError:
        raise SummarizeError("summarize serve needs FastAPI and uvicorn: pip install 'summarize[server]'") from None
    from ..pipeline import Summarizer

    settings, _config = settings_from(args, serving=True)
    from ..server.limits import numeric_limits

    limits = ServerLimits(
        **{limit.name: getattr(args, limit.name) for limit in numeric_limits()},
        api_key=_api_key(args),
        cors_origins=tuple(args.cors_origin or ()),
        allow_fetch=tuple(
            host.strip() for value in args.allow_fetch or () for host in value.split(",") if host.strip()
        ),
    )
    from ..server.naming import SERVER

    # Messages reach HTTP clients: fixes are named as request fields or the operator's settings.
    summarizer = Summarizer(settings, naming=SERVER)
    app = create_app(summarizer, limits)
    if args.host not in ("127.0.0.1", "localhost", "::1") and limits.api_key is None:
        say(stderr, f"warning: listening on {args.host} with no API key: anyone who can reach it can use it")
    if limits.allow_fetch:
        say(stderr, f"fetching URLs that requests give from: {', '.join(limits.allow_fetch)}")
    say(stderr, f"serving on http://{args.host}:{args.port}/ (API at /v1, schema at /openapi.json); Ctrl-C stops")
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,  # request lines may carry ids; errors are logged by the app itself
        timeout_graceful_shutdown=limits.request_timeout,
        # Connection bounds and header timeouts live in the guarded protocol, which refuses in JSON.
        http=guarded_protocol(limits),
        ws="none",  # the API has no WebSocket routes: no upgrade is taken
        timeout_keep_alive=min(5, limits.read_timeout),
    )
    uvicorn.Server(config).run()
    return 0
