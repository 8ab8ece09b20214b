"""The API's errors: one JSON shape, {"error": {"code", "message"}}, with a stable code and HTTP status."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from .naming import SERVER
from .schemas import ErrorResponse

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 408, 411, 413, 422, 429, 500, 503, 504)
}


class ApiError(Exception):
    """An error answered as {"error": {"code", "message"}} with an HTTP status."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": SERVER.render(message)}}
    return JSONResponse(body, status_code=status, headers=headers)
