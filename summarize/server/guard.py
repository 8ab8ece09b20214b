"""The ASGI guard in front of every route: the API key, the framing, and the body, counted as it arrives.

The key is checked before a byte of the body is read. A body is read here in full, by counting
what `receive` delivers (whatever the framing: Content-Length or chunked), and refused with 413
the moment it passes the limit; each part must arrive within the read timeout and the whole body
within the body timeout. A request that carries both Content-Length and Transfer-Encoding is
refused (RFC 9112, 6.1: such a message may be a smuggling attempt).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .limits import ServerLimits

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
_BODY_METHODS = ("POST", "PUT", "PATCH")


class Refused(Exception):
    """A request refused before it reaches a route, with its status and JSON error."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def key_matches(headers: dict[bytes, bytes], key: str) -> bool:
    """Whether the request carries `key` as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'."""
    given = headers.get(b"x-api-key", b"")
    bearer = headers.get(b"authorization", b"")
    if bearer[:7].lower() == b"bearer ":
        given = bearer[7:].strip()
    return hmac.compare_digest(given, key.encode())


class RequestGuard:
    """ASGI middleware: key, framing and body limits, timeouts; every refusal in the API's JSON shape."""

    def __init__(self, app: ASGIApp, limits: ServerLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            self._check_headers(scope)
            if scope["method"] in _BODY_METHODS:
                body = await self._read_body(scope, receive)
                receive = _replay(body, receive)
        except Refused as refused:
            await _send_refusal(send, refused)
            return
        await self.app(scope, receive, send)

    def _check_headers(self, scope: dict[str, Any]) -> None:
        names = [name for name, _ in scope["headers"]]
        headers = dict(scope["headers"])
        if b"transfer-encoding" in names and b"content-length" in names:
            raise Refused(400, "bad_request", "send either Content-Length or Transfer-Encoding, not both")
        key = self.limits.api_key
        guarded = scope["path"].startswith("/v1/") and scope["method"] != "OPTIONS"
        if key is not None and guarded and not key_matches(headers, key):
            raise Refused(401, "unauthorized", "missing or wrong API key: send it as 'Authorization: Bearer KEY'")
        if scope["method"] not in _BODY_METHODS:
            return
        length = headers.get(b"content-length")
        if length is None and b"transfer-encoding" not in names:
            raise Refused(411, "length_required", "send the request body with a Content-Length header")
        if length is not None and (not length.isdigit() or int(length) > self.limits.max_body_bytes):
            raise Refused(413, "too_large", f"the request body is over {self.limits.max_body_bytes} bytes")

    async def _read_body(self, scope: dict[str, Any], receive: Any) -> bytes:
        limit, parts, size = self.limits.max_body_bytes, [], 0
        deadline = time.monotonic() + self.limits.body_timeout
        while True:
            wait = min(float(self.limits.read_timeout), deadline - time.monotonic())
            try:
                message = await asyncio.wait_for(receive(), max(wait, 0.001))
            except TimeoutError:
                raise Refused(408, "timeout", "the request body arrived too slowly; send it at once") from None
            if message["type"] == "http.disconnect":
                raise Refused(400, "bad_request", "the client went away before sending the whole body")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise Refused(413, "too_large", f"the request body is over {limit} bytes")
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)


def _replay(body: bytes, receive: Any) -> Callable[[], Awaitable[dict[str, Any]]]:
    """A `receive` that hands the app the body already read, then waits for the disconnect as before."""
    delivered = False

    async def replay() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return dict(await receive())

    return replay


async def _send_refusal(send: Any, refused: Refused) -> None:
    body = json.dumps({"error": {"code": refused.code, "message": refused.message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    # The rest of an unread body is never read: the connection closes after the answer.
    headers.append((b"connection", b"close"))
    headers += [(name.lower().encode(), value.encode()) for name, value in refused.headers.items()]
    await send({"type": "http.response.start", "status": refused.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
