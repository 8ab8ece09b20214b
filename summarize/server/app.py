"""The ASGI app: routes, the optional API key, limits, and errors as JSON with a stable code.

No route reads a file named by a request or takes a model from one: models are the operator's
settings. No traceback reaches a client; unexpected errors are logged here and answered with 500.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..blurbs import Entry, render_blurb
from ..document import Document, check_text
from ..errors import InputError, SummarizeError, UsageError
from ..generation import LENGTHS
from ..languages import parse_language_list
from ..pipeline import Summarizer
from ..render import json_error_record, json_record
from ..result import SummaryResult
from .batcher import DynamicBatcher, QueueFull
from .guard import RequestGuard
from .limits import ServerLimits
from .naming import SERVER, rendered
from .schemas import (
    Blurb,
    BlurbRequest,
    BlurbResponse,
    ErrorResponse,
    InfoResponse,
    ModelsResponse,
    ModelStatus,
    SummarizeRequest,
    SummarizeResponse,
)
from .warmup import Readiness, warm_up

log = logging.getLogger("summarize")

MAX_LANGUAGES = 20
# The page: plain files shipped in the package, served with a policy that allows nothing from elsewhere.
STATIC = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-src 'self' about: data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 408, 411, 413, 422, 429, 500, 503, 504)
}


class ApiError(Exception):
    """An error answered as {"error": {"code", "message"}} with an HTTP status."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": SERVER.render(message)}}
    return JSONResponse(body, status_code=status, headers=headers)


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
    api = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)

    async def summarize_all(body: SummarizeRequest) -> list[tuple[str, Document | None, SummaryResult | str]]:
        """Each text's id, document and result (or error message), in order."""
        texts = body.all_texts
        if len(texts) > limits.max_texts:
            raise ApiError(413, "too_large", f"{len(texts)} texts in one request; the limit is {limits.max_texts}")
        for number, text in enumerate(texts, start=1):
            if len(text) > limits.max_text_chars:
                raise ApiError(
                    413, "too_large", f"text {number} has {len(text)} characters; the limit is {limits.max_text_chars}"
                )
        settings = summarizer.settings
        try:
            languages = parse_language_list(body.languages) if body.languages else settings.languages
        except UsageError as exc:
            raise ApiError(400, "bad_request", f"languages: {exc}") from None
        if len(languages) > MAX_LANGUAGES:
            raise ApiError(400, "bad_request", f"at most {MAX_LANGUAGES} languages per request")
        ids = body.ids or [str(number) for number in range(1, len(texts) + 1)]
        entries: list[tuple[str, Document | None, SummaryResult | str]] = []
        documents: list[Document] = []
        for item_id, text in zip(ids, texts, strict=True):
            try:
                document = Document(check_text(text, item_id), item_id)
            except InputError as exc:
                entries.append((item_id, None, str(exc)))
                continue
            documents.append(document)
            entries.append((item_id, document, ""))
        variant = (languages, body.length or settings.length, body.source_language)
        try:
            outcomes = await asyncio.wait_for(batcher.submit(documents, variant), limits.request_timeout)
        except QueueFull as full:
            busy = "the server is busy; retry after the time in Retry-After"
            raise ApiError(429, "queue_full", busy, {"Retry-After": str(full.retry_after)}) from None
        except TimeoutError:
            late = (
                f"the work took over {limits.request_timeout} s; it goes on and its results will be in the cache: "
                f"send the request again later"
            )
            raise ApiError(504, "timeout", late) from None
        except UsageError as exc:
            raise ApiError(400, "bad_request", str(exc)) from None
        except SummarizeError as exc:
            raise ApiError(500, "server_error", str(exc)) from None
        answers = iter(outcomes)
        return [
            (item_id, document, _as_result(next(answers)) if document is not None else message)
            for item_id, document, message in entries
        ]

    @api.post("/summarize", response_model=SummarizeResponse)
    async def summarize(body: SummarizeRequest) -> dict[str, Any]:
        """Summaries of one or more texts in every requested language: one object per text, in order."""
        done = await summarize_all(body)
        return {"results": [_record(item_id, outcome) for item_id, _, outcome in done]}

    @api.post("/blurbs", response_model=BlurbResponse)
    async def blurbs(body: BlurbRequest) -> dict[str, Any]:
        """Newsletter blurbs (Markdown and/or HTML, escaped) of one or more texts."""
        done = await summarize_all(body)
        blurbs_made: list[Blurb] = []
        for number, (item_id, document, outcome) in enumerate(done, start=1):
            if isinstance(outcome, str) or document is None:
                blurbs_made.append(Blurb(id=item_id, error=SERVER.render(str(outcome))))
                continue
            entry = Entry(item_id, document, outcome)
            parts = {fmt: render_blurb(entry, fmt, max_words=body.max_words, anchor=f"item-{number}")
                     for fmt in body.formats}  # fmt: skip
            blurbs_made.append(Blurb(id=item_id, **parts))
        return {"blurbs": blurbs_made}

    @api.get("/models", response_model=ModelsResponse)
    async def models() -> dict[str, Any]:
        """The models the server's settings use, whether each is on disk and whether it is loaded."""
        from ..plan import default_sources, plan

        settings = summarizer.settings
        planned = await asyncio.to_thread(plan, settings, default_sources(settings))
        return {
            "strategy": settings.strategy_name,
            "runtime": settings.runtime_name,
            "models": [
                ModelStatus(
                    role=p.need.label,
                    model=p.need.reference,
                    on_disk=p.on_disk,
                    loaded=summarizer.models.is_loaded(p.need.reference),
                )
                for p in planned
            ],
        }

    @api.get("/info", response_model=InfoResponse)
    async def info() -> dict[str, Any]:
        """The server's default languages and length, and its limits."""
        settings = summarizer.settings
        return {
            "languages": list(settings.languages),
            "lengths": list(LENGTHS),
            "length": settings.length,
            "max_texts": limits.max_texts,
            "max_text_chars": limits.max_text_chars,
            "key_required": limits.api_key is not None,
            "version": __version__,
        }

    app.include_router(api)

    @app.get("/healthz", include_in_schema=True)
    async def healthz() -> dict[str, str]:
        """The server is up (models may still be loading: see /readyz)."""
        return {"status": "ok"}

    @app.get("/readyz", responses={503: {"description": "models still loading, or they failed to load"}})
    async def readyz() -> JSONResponse:
        """200 once the models are loaded; 503 while they load or when they cannot be."""
        body = readiness.as_dict()
        if body["status"] == "ready" and not batcher.alive:
            body = {"status": "restarting", "problems": ["the batch worker stopped and is being restarted"]}
        return JSONResponse(body, status_code=200 if body["status"] == "ready" else 503)

    @app.get("/", include_in_schema=False)
    async def page() -> Response:
        return Response(_static("index.html"), media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in STATIC:  # a fixed list: no path from a request ever reaches the file system
            raise ApiError(404, "not_found", f"no such file: {name}")
        return Response(_static(name), media_type=STATIC[name], headers=PAGE_HEADERS)

    return app


def _static(name: str) -> bytes:
    return resources.files("summarize.server").joinpath("static", name).read_bytes()


def _as_result(outcome: SummaryResult | SummarizeError) -> SummaryResult | str:
    return outcome if isinstance(outcome, SummaryResult) else str(outcome)


def _record(item_id: str, outcome: SummaryResult | str) -> dict[str, Any]:
    if isinstance(outcome, SummaryResult):
        return dict(rendered(json_record(outcome, item_id)))
    return dict(rendered(json_error_record(item_id, item_id, outcome)))


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors()[:5]:
            where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
            problems.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
        return _error(422, "bad_request", "; ".join(problems) or "the request body is not valid")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Starlette's own headers stay (405 carries Allow, as RFC 9110 asks).
        code = _CODES.get(exc.status_code, "bad_request")
        return _error(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error on %s %s: %s", request.method, request.url.path, exc, exc_info=exc)
        return _error(500, "internal", "internal error; the server's log has the details")
