"""`summarize serve`: an HTTP API and a web page over the library, with requests batched together.

`create_app(summarizer, limits)` builds the ASGI app (FastAPI); `summarize.cli.serve` runs it on
uvicorn. FastAPI and uvicorn come with the `server` extra and are imported only here.
"""

from __future__ import annotations

from .limits import ServerLimits

__all__ = ["ServerLimits", "create_app"]


def __getattr__(name: str) -> object:
    # create_app imports FastAPI; `from summarize.server import ServerLimits` should not.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
