"""Connection-level defences that an ASGI app cannot see: slow headers and too many connections.

uvicorn waits for a request's headers forever and answers its own concurrency limit in plain
text; a client sending half a request line every few seconds (slowloris) can hold every slot.
This protocol gives each request `read_timeout` seconds to deliver its headers, bounds the open
connections in all and per client address, and refuses in the API's JSON error shape.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .limits import ServerLimits

_REASONS = {400: b"Bad Request", 408: b"Request Timeout", 503: b"Service Unavailable"}


def refusal(status: int, code: str, message: str) -> bytes:
    """A whole HTTP/1.1 response with the JSON error body, closing the connection."""
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    head = (
        f"HTTP/1.1 {status} ".encode() + _REASONS[status] + b"\r\ncontent-type: application/json\r\n"
        b"connection: close\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    return head + body


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a header deadline and connection bounds (see the module docstring).

    `limits` and `per_client` are set on the subclass `guarded_protocol` makes for one server.
    """

    limits: ClassVar[ServerLimits]
    per_client: ClassVar[Counter[str]]
    _header_timer: asyncio.TimerHandle | None = None
    _counted: str | None = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        host = self.client[0] if self.client else "unknown"
        self.per_client[host] += 1
        self._counted = host
        if self.per_client[host] > self.limits.max_client_connections:
            self._refuse(503, "too_many_connections", "too many open connections from this address; close some")
        elif len(self.connections) > self.limits.max_connections:
            self._refuse(503, "too_many_connections", "the server has too many open connections; retry later")
        else:
            self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        if self._counted is not None:
            self.per_client[self._counted] -= 1
            if self.per_client[self._counted] <= 0:
                del self.per_client[self._counted]
            self._counted = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._header_timer is None and self.conn.their_state is h11.IDLE:
            self._arm_header_timer()  # the next request on a kept-alive connection starts its clock
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm_header_timer()

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, "bad_request", "not a valid HTTP/1.1 request")

    def _arm_header_timer(self) -> None:
        self._header_timer = self.loop.call_later(self.limits.read_timeout, self._headers_too_slow)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._refuse(408, "timeout", f"the request's headers did not arrive within {self.limits.read_timeout} s")

    def _refuse(self, status: int, code: str, message: str) -> None:
        if not self.transport.is_closing():
            self.transport.write(refusal(status, code, message))
            self.transport.close()


def guarded_protocol(limits: ServerLimits) -> type[H11Protocol]:
    """The protocol class for one server: its limits, and its own count of connections per client."""
    return type("BoundGuardedH11Protocol", (GuardedH11Protocol,), {"limits": limits, "per_client": Counter()})
