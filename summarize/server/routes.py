"""The server's routes: the API under /v1, the probes, and the page."""

from __future__ import annotations

import asyncio
from importlib import resources
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response

from .. import __version__
from ..blurbs import Entry, anchor_of, render_blurb
from ..document import Document, Item
from ..generation import LENGTHS
from ..render import json_error_record, json_record
from ..result import SummaryResult
from ..sanitize import clean_text, one_line
from .api_errors import ERROR_RESPONSES, ApiError
from .batcher import DynamicBatcher
from .naming import SERVER, rendered
from .schemas import (
    Blurb,
    BlurbRequest,
    BlurbResponse,
    ExtractResponse,
    InfoResponse,
    ModelsResponse,
    ModelStatus,
    SummarizeRequest,
    SummarizeResponse,
)
from .service import SummaryService
from .uploads import read_body, request_body_schema
from .warmup import Readiness

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


def api_router(service: SummaryService) -> APIRouter:
    """/v1: summaries, blurbs, the models and the server's defaults (the key is checked by RequestGuard)."""
    api = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)

    @api.post("/summarize", response_model=SummarizeResponse, openapi_extra=request_body_schema(SummarizeRequest))
    async def summarize(request: Request) -> dict[str, Any]:
        """Summaries of texts, fetched URLs and uploaded files (a form) in every requested language: one
        object per document, in order, with its title, url, published date, author and site where known."""
        body, uploads = await read_body(request, SummarizeRequest, service.limits)
        done = await service.run(body, uploads)
        return {"results": [_record(item_id, document, outcome) for item_id, document, outcome in done]}

    @api.post("/blurbs", response_model=BlurbResponse, openapi_extra=request_body_schema(BlurbRequest))
    async def blurbs(request: Request) -> dict[str, Any]:
        """Newsletter blurbs (Markdown and/or HTML, escaped) of texts, URLs or uploaded files."""
        body, uploads = await read_body(request, BlurbRequest, service.limits)
        done = await service.run(body, uploads)
        return {"blurbs": [_blurb(number, entry, body) for number, entry in enumerate(done, start=1)]}

    @api.post("/extract", response_model=ExtractResponse, openapi_extra=request_body_schema(SummarizeRequest))
    async def extract(request: Request) -> dict[str, Any]:
        """What the server reads from each text, URL or uploaded file (title, metadata and text), without
        summarizing: the page shows it before a summary is asked for."""
        body, uploads = await read_body(request, SummarizeRequest, service.limits)
        items = await service.read(body, uploads)
        return {"documents": [_extracted(item) for item in items]}

    @api.get("/models", response_model=ModelsResponse)
    async def models() -> dict[str, Any]:
        """The models the server's settings use, whether each is on disk and whether it is loaded."""
        return await asyncio.to_thread(_models, service)

    @api.get("/info", response_model=InfoResponse)
    async def info() -> dict[str, Any]:
        """The server's default languages and length, and its limits."""
        settings = service.summarizer.settings
        return {
            "languages": list(settings.languages),
            "lengths": list(LENGTHS),
            "length": settings.length,
            "max_texts": service.limits.max_texts,
            "max_text_chars": service.limits.max_text_chars,
            "key_required": service.limits.api_key is not None,
            "version": __version__,
        }

    return api


def add_probes_and_page(app: FastAPI, readiness: Readiness, batcher: DynamicBatcher) -> None:
    """/healthz, /readyz, the page and its two files."""

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


def _blurb(number: int, done: tuple[str, Any, SummaryResult | str], body: BlurbRequest) -> Blurb:
    item_id, document, outcome = done
    if isinstance(outcome, str) or document is None:
        return Blurb(id=item_id, error=SERVER.render(str(outcome)))
    entry = Entry(item_id, document, outcome)
    parts = {fmt: render_blurb(entry, fmt, max_words=body.max_words, anchor=anchor_of(number)) for fmt in body.formats}
    return Blurb(id=item_id, **parts)


def _models(service: SummaryService) -> dict[str, Any]:
    """The plan of the server's settings (it reads the disk: run in a thread)."""
    from ..plan import default_sources, plan

    settings = service.summarizer.settings
    planned = plan(settings, default_sources(settings))
    return {
        "strategy": settings.strategy_name,
        "runtime": settings.runtime_name,
        "models": [
            ModelStatus(
                role=p.need.label,
                model=p.need.reference,
                on_disk=p.on_disk,
                loaded=service.summarizer.models.is_loaded(p.need.reference),
            )
            for p in planned
        ],
    }


def _static(name: str) -> bytes:
    return resources.files("summarize.server").joinpath("static", name).read_bytes()


def _record(item_id: str, document: Document | None, outcome: SummaryResult | str) -> dict[str, Any]:
    if isinstance(outcome, SummaryResult):
        return dict(rendered(json_record(outcome, item_id, document.meta if document is not None else None)))
    return dict(rendered(json_error_record(item_id, item_id, outcome)))


def _extracted(item: Item) -> dict[str, Any]:
    if item.document is None:
        return dict(rendered(json_error_record(item.id, item.source, item.error or "")))
    return {"id": one_line(item.id), **item.document.meta.to_dict(), "text": clean_text(item.document.text)}
