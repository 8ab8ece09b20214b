"""`summarize serve` against a hostile client: raw sockets, lying headers, slow sends, bad Unicode, a lost glossary."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_process import ServerProcess

pytestmark = pytest.mark.server

KEY = "hostile-key-5b1e9c07"
AUTH = {"Authorization": f"Bearer {KEY}"}
TEXT = "The ministry said on Monday that exports of machine tools rose by 12 percent in 2025. " * 2
# Small limits so each defence shows quickly: a 2 s read timeout, 4 connections per client.
LIMITS = ["--max-texts", "2", "--max-text-chars", "1000", "--read-timeout", "2", "--max-client-connections", "4"]


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("glossary") / "terms.tsv"
    path.write_text("en\tes\nmachine tools\tmáquinas herramienta\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(tiny_flags: list[str], glossary: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    root = tmp_path_factory.mktemp("hostile")
    running = ServerProcess(
        [*tiny_flags, *LIMITS, "--length", "short", "--no-coverage-check", "--glossary", str(glossary),
         "--lang", "en,ru", "--cache-dir", str(root / "cache")],
        root / "server.log",
        env={"SUMMARIZE_SERVER_API_KEY": KEY},
    )  # fmt: skip
    yield running
    running.stop()


def _connect(server: ServerProcess) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=15)
    return sock


def _answer(sock: socket.socket) -> tuple[int, dict]:
    """Read a whole response (the server closes the connection after a refusal)."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = [line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
        if length and len(body) >= int(length[0].split(b":")[1]):
            break
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def _request(path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def test_both_length_headers_are_refused(server: ServerProcess) -> None:
    with _connect(server) as sock:
        sock.sendall(_request("/v1/summarize", {**AUTH, "Content-Length": "20", "Transfer-Encoding": "chunked"}))
        status, body = _answer(sock)
    assert status == 400 and body["error"]["code"] == "bad_request"


def test_the_key_is_checked_before_any_body_is_read(server: ServerProcess) -> None:
    with _connect(server) as sock:
        # Headers only, promising a body that never comes: the answer comes anyway, at once.
        sock.sendall(_request("/v1/summarize", {"Transfer-Encoding": "chunked", "Content-Type": "application/json"}))
        started = time.monotonic()
        status, body = _answer(sock)
    assert status == 401 and body["error"]["code"] == "unauthorized" and time.monotonic() - started < 1.5


def test_a_chunked_body_is_counted_as_it_arrives(server: ServerProcess) -> None:
    chunk = b"x" * 65536
    framed = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(4))  # 256 KiB, over the 72 KiB limit
    with _connect(server) as sock:
        sock.sendall(_request("/v1/summarize", {**AUTH, "Transfer-Encoding": "chunked"}))
        with contextlib.suppress(OSError):  # the server may close before taking it all
            sock.sendall(framed)
        status, body = _answer(sock)
    assert status == 413 and body["error"]["code"] == "too_large"


def test_a_small_chunked_body_is_served(server: ServerProcess) -> None:
    payload = json.dumps({"text": TEXT}).encode()
    framed = b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload)
    with _connect(server) as sock:
        sock.sendall(_request("/v1/summarize", {**AUTH, "Transfer-Encoding": "chunked",
                                                "Content-Type": "application/json"}) + framed)  # fmt: skip
        status, body = _answer(sock)
    assert status == 200 and body["results"][0]["summaries"]["en"]["text"] is not None


def test_half_sent_requests_time_out_and_cannot_lock_others_out(server: ServerProcess) -> None:
    slow = [_connect(server) for _ in range(4)]
    for sock in slow:
        sock.sendall(b"POST /v1/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
    time.sleep(0.3)
    with _connect(server) as extra:  # a fifth connection from the same address is refused in JSON
        status, body = _answer(extra)
    assert status == 503 and body["error"]["code"] == "too_many_connections"
    for sock in slow:  # each half request is answered 408 within the read timeout, and closed
        status, body = _answer(sock)
        assert status == 408 and body["error"]["code"] == "timeout"
        sock.close()
    time.sleep(0.2)
    assert server.post("/v1/summarize", {"text": TEXT}, AUTH)[0] == 200  # room again


def test_a_body_that_stalls_gets_408(server: ServerProcess) -> None:
    with _connect(server) as sock:
        sock.sendall(_request("/v1/summarize", {**AUTH, "Content-Length": "100", "Content-Type": "application/json"}))
        sock.sendall(b'{"text": ')
        status, body = _answer(sock)
    assert status == 408 and body["error"]["code"] == "timeout"


def test_a_lone_surrogate_is_refused_naming_the_field_and_costs_no_other_request(server: ServerProcess) -> None:
    raw = b'{"texts": ["' + TEXT.encode() + b'", "bad \\ud800 text"]}'
    status, _, body = server.request("POST", "/v1/summarize", raw=raw, headers=AUTH)
    assert status == 422 and "texts" in body["error"]["message"] and "Unicode" in body["error"]["message"]
    status, _, body = server.request("POST", "/v1/summarize", raw=b'{"text": "x", "ids": ["\\udc9b"]}', headers=AUTH)
    assert status == 422 and "ids" in body["error"]["message"]
    assert server.post("/v1/summarize", {"text": TEXT}, AUTH)[0] == 200


def test_a_lost_glossary_fails_only_the_requests_that_need_it(server: ServerProcess, glossary: Path) -> None:
    saved = glossary.read_bytes()
    glossary.unlink()
    try:
        status, _, body = server.post("/v1/summarize", {"text": TEXT, "languages": ["en", "es"]}, AUTH)
        assert status == 500 and body["error"]["code"] == "server_error" and "glossary" in body["error"]["message"]
        assert server.post("/v1/summarize", {"text": TEXT}, AUTH)[0] == 200  # the server's own variant still works
        assert server.get("/readyz")[0] == 200
    finally:
        glossary.write_bytes(saved)
    status, _, body = server.post("/v1/summarize", {"text": TEXT, "languages": ["en", "es"]}, AUTH)
    assert status == 200 and set(body["results"][0]["summaries"]) == {"en", "es"}
