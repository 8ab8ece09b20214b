"""The ASGI app: routes, the optional API key, limits, and errors as JSON with a stable code.

No route reads a file named by a request or takes a model from one: models are the operator's
settings. No traceback reaches a client; unexpected errors are logged here and answered with 500.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..pipeline import Summarizer
from .api_errors import ApiError, error_response
from .batcher import DynamicBatcher
from .guard import RequestGuard
from .limits import ServerLimits
from .routes import add_probes_and_page, api_router
from .service import SummaryService
from .warmup import Readiness, warm_up

log = logging.getLogger("summarize")

_CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "bad_request", 411: "length_required",
          413: "too_large", 422: "bad_request", 429: "queue_full", 504: "timeout"}  # fmt: skip


def create_app(summarizer: Summarizer, limits: ServerLimits | None = None) -> FastAPI:
    """The app serving `summarizer` (its settings are the server's defaults) within `limits`."""
    limits = limits or ServerLimits()
    batcher = DynamicBatcher(
        summarizer,
        wait_s=limits.batch_wait_ms / 1000,
        max_batch=limits.max_batch,
        max_queue=limits.max_queue,
        max_variants=limits.max_variants,
    )
    readiness = Readiness()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        batcher.start()
        loading = asyncio.create_task(warm_up(batcher, summarizer, readiness))
        yield
        # Requests in flight have finished (uvicorn waits for them); the batch in work finishes too.
        if not loading.done():
            loading.cancel()
        await batcher.stop()

    app = FastAPI(
        title="summarize",
        version=__version__,
        summary="Short, faithful summaries of statements and news in several languages.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; the schema itself is at /openapi.json
        redoc_url=None,
    )
    app.add_middleware(RequestGuard, limits=limits)
    if limits.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(limits.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key"],
        )
    _add_error_handlers(app)
    app.state.batcher, app.state.readiness = batcher, readiness

    # The API key is checked by RequestGuard, before any of the body is read.
    app.include_router(api_router(SummaryService(summarizer, batcher, limits)))
    add_probes_and_page(app, readiness, batcher)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def apierror_response(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors()[:5]:
            where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
            message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
            problems.append(f"{where}: {message}" if where else message)
        return error_response(422, "bad_request", "; ".join(problems) or "the request body is not valid")

    @app.exception_handler(StarletteHTTPException)
    async def httperror_response(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Starlette's own headers stay (405 carries Allow, as RFC 9110 asks).
        code = _CODES.get(exc.status_code, "bad_request")
        return error_response(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error on %s %s: %s", request.method, request.url.path, exc, exc_info=exc)
        return error_response(500, "internal", "internal error; the server's log has the details")
