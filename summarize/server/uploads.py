"""A request's body as JSON or as a multipart form with uploaded files (HTML, PDF, DOCX, EML, text),
read within the server's limits and validated by the same request models."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from .api_errors import ApiError
from .limits import ServerLimits
from .schemas import SummarizeRequest

Body = TypeVar("Body", bound=SummarizeRequest)
# A form's fields that take several values: given repeated, or (but texts) comma-separated.
_LISTS = ("texts", "ids", "urls", "languages", "formats")
MAX_FORM_FIELDS = 200
MAX_FILENAME = 200

Upload = tuple[str, bytes]
"""An uploaded file's name and bytes."""


def request_body_schema(model: type[SummarizeRequest]) -> dict[str, Any]:
    """The OpenAPI requestBody of a route that takes `model` as JSON or as a form with files."""
    form = {"type": "object", "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
        "languages": {"type": "string", "description": "comma-separated"},
        "length": {"type": "string"}, "source_language": {"type": "string"},
    }}  # fmt: skip
    content = {"application/json": {"schema": model.model_json_schema()}, "multipart/form-data": {"schema": form}}
    return {"requestBody": {"required": True, "content": content}}


async def read_body(request: Request, model: type[Body], limits: ServerLimits) -> tuple[Body, list[Upload]]:
    """The request's fields (validated as `model`) and its uploaded files; a 4xx ApiError for a bad body."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        fields, uploads = await _form(request, limits)
    elif kind in ("application/json", ""):
        try:
            fields = json.loads(await request.body())
        except (ValueError, RecursionError):
            raise ApiError(422, "bad_request", "the body is not valid JSON; send a JSON object") from None
        uploads = []
    else:
        raise ApiError(415, "bad_request", "send application/json, or multipart/form-data with files")
    if not isinstance(fields, dict):
        raise ApiError(422, "bad_request", "the body must be a JSON object")
    try:
        return model.model_validate(fields, context={"uploads": len(uploads)}), uploads
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None


async def _form(request: Request, limits: ServerLimits) -> tuple[dict[str, Any], list[Upload]]:
    from starlette.datastructures import UploadFile

    try:
        form = await request.form(max_files=limits.max_texts, max_fields=MAX_FORM_FIELDS)
    except Exception as exc:  # python-multipart's and starlette's own errors for a malformed form
        raise ApiError(
            400, "bad_request", f"the form cannot be read ({type(exc).__name__}); send multipart/form-data"
        ) from None
    fields: dict[str, Any] = {}
    uploads: list[Upload] = []
    size = 0
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            data = await value.read(limits.max_upload_bytes + 1 - size)
            size += len(data)
            if size > limits.max_upload_bytes:
                raise ApiError(
                    413, "too_large", f"the uploaded files are over {limits.max_upload_bytes} bytes together"
                )
            uploads.append((_file_name(value.filename, len(uploads) + 1), data))
        elif name == "texts":
            fields.setdefault(name, []).append(str(value))
        elif name in _LISTS:
            fields.setdefault(name, []).extend(part.strip() for part in str(value).split(",") if part.strip())
        elif name == "max_words":
            fields[name] = int(value) if str(value).strip().isdigit() else value
        else:
            fields[name] = str(value)
    await form.close()
    return fields, uploads


def _file_name(name: str | None, number: int) -> str:
    """An upload's name as ids show it: its base name, short, or `file N`."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:MAX_FILENAME] or f"file {number}"
