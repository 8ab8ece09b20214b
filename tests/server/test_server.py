"""`summarize serve` as a client sees it: a real server process on a free loopback port, tiny models."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLES, seeded_cache
from server_process import ServerProcess

pytestmark = pytest.mark.server

KEY = "srv-key-7d0c41f2a9b8"
AUTH = {"Authorization": f"Bearer {KEY}"}
STATEMENT = (SAMPLES / "statement.txt").read_text(encoding="utf-8")
LIMITS = ["--max-texts", "4", "--max-text-chars", "5000", "--max-queue", "6", "--batch-wait-ms", "50",
          "--read-timeout", "1", "--max-client-connections", "8", "--max-upload-bytes", "60000"]  # fmt: skip
_HOSTILE_TEXT = "The ministry said on Monday that exports of machine tools rose by 12 percent in 2025. " * 2


def _text(n: int) -> str:
    return f"The ministry said on Monday that exports of machine tools rose by {n} percent in {2000 + n}. " * 3


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("glossary") / "terms.tsv"
    path.write_text("en\tes\nmachine tools\tmáquinas herramienta\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(
    tiny_flags: list[str], tiny_ct2: Path, glossary: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    root = tmp_path_factory.mktemp("server")
    seeded_cache(tiny_ct2, root / "cache")  # the models converted once: the server imports no PyTorch
    running = ServerProcess(
        [
            *tiny_flags,
            "--engine",
            "ctranslate2",
            *LIMITS,
            "--length",
            "short",
            "--no-coverage-check",
            "--cache-dir",
            str(root / "cache"),
            "--glossary",
            str(glossary),
        ],
        root / "server.log",
        env={"SUMMARIZE_SERVER_API_KEY": KEY},
    )
    yield running
    running.stop()


def test_health_readiness_and_the_key(server: ServerProcess) -> None:
    assert server.get("/healthz")[0] == 200
    status, _, ready = server.get("/readyz")
    assert status == 200 and ready == {"status": "ready", "problems": []}
    for headers in ({}, {"Authorization": "Bearer wrong-key-123"}):
        status, _, body = server.post("/v1/summarize", {"text": STATEMENT}, headers)
        assert status == 401 and body["error"]["code"] == "unauthorized"
    assert server.post("/v1/summarize", {"text": _text(1)}, {"X-API-Key": KEY})[0] == 200
    assert KEY not in server.log_path.read_text(errors="replace")


def test_summarize_returns_the_cli_json_and_shares_its_cache(server: ServerProcess, tiny_flags: list[str]) -> None:
    cache_dir = server.process.args[server.process.args.index("--cache-dir") + 1]
    statement = SAMPLES / "xdr-tuberculosis.en.txt"
    import io

    from summarize.cli import main

    out, err = io.StringIO(), io.StringIO()
    flags = [*tiny_flags, "--engine", "ctranslate2", "--length", "short", "--no-coverage-check", "--format", "json",
             "--cache-dir", cache_dir]  # fmt: skip
    assert main([str(statement), *flags], stdout=out, stderr=err) == 0, err.getvalue()
    from_cli = json.loads(out.getvalue())
    status, _, body = server.post("/v1/summarize", {"text": statement.read_text(encoding="utf-8")}, AUTH)
    assert status == 200
    (record,) = body["results"]
    assert set(record) == set(from_cli)  # the same JSON object as --format json
    assert all(summary["cached"] for summary in record["summaries"].values())  # the CLI's work, reused
    assert [s["text"] for s in record["summaries"].values()] == [s["text"] for s in from_cli["summaries"].values()]


def test_several_texts_in_order_with_a_bad_one_isolated(server: ServerProcess) -> None:
    body = {"texts": [_text(2), "   ", _text(3)], "ids": ["a", "b", "c"], "languages": ["en", "ru"]}
    status, _, answer = server.post("/v1/summarize", body, AUTH)
    assert status == 200
    first, empty, third = answer["results"]
    assert [first["id"], empty["id"], third["id"]] == ["a", "b", "c"]
    assert list(first["summaries"]) == ["en", "ru"] and "error" not in first
    assert "empty" in empty["error"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"texts": [_text(n) for n in range(5)]}, 413, "too_large"),
        ({"text": "x" * 5001}, 413, "too_large"),
        ({"text": STATEMENT, "languages": ["english!"]}, 400, "bad_request"),
        ({"text": STATEMENT, "length": "huge"}, 422, "bad_request"),
        ({"text": STATEMENT, "texts": [STATEMENT]}, 422, "bad_request"),
        ({"text": STATEMENT, "summarizer": "/etc"}, 422, "bad_request"),  # no model from a request
    ],
)
def test_limits_and_bad_requests_get_json_errors(server: ServerProcess, body: dict, status: int, code: str) -> None:
    got, _, answer = server.post("/v1/summarize", body, AUTH)
    assert got == status and answer["error"]["code"] == code and answer["error"]["message"]


def test_oversized_and_malformed_bodies(server: ServerProcess) -> None:
    huge = json.dumps({"text": "y" * 200_000}).encode()
    status, _, answer = server.request("POST", "/v1/summarize", raw=huge, headers=AUTH)
    assert status == 413 and answer["error"]["code"] == "too_large"
    status, _, answer = server.request("POST", "/v1/summarize", raw=b'{"text": "unterminated', headers=AUTH)
    assert status == 422 and answer["error"]["code"] == "bad_request"
    assert "Traceback" not in json.dumps(answer)


def test_blurbs_escape_what_the_statement_holds(server: ServerProcess) -> None:
    hostile = "<script>alert('x')</script> The ministry said exports of **machine tools** rose by a fifth."
    status, _, answer = server.post("/v1/blurbs", {"text": hostile, "formats": ["markdown", "html"]}, AUTH)
    assert status == 200
    (blurb,) = answer["blurbs"]
    assert "<script>" not in blurb["html"] and "&lt;script&gt;" in blurb["html"]
    assert "\\*\\*machine tools\\*\\*" in blurb["markdown"]


def test_models_and_schema(server: ServerProcess, tiny_flags: list[str]) -> None:
    status, _, answer = server.get("/v1/models", AUTH)
    assert status == 200 and answer["strategy"] == "neural"
    assert {m["role"] for m in answer["models"]} >= {"summarizer", "en-es translator", "en-ru translator"}
    assert all(m["on_disk"] and m["loaded"] for m in answer["models"] if m["role"] == "summarizer")
    status, _, schema = server.get("/openapi.json")
    assert status == 200
    assert {"/v1/summarize", "/v1/blurbs", "/v1/models", "/healthz", "/readyz"} <= set(schema["paths"])
    content = schema["paths"]["/v1/summarize"]["post"]["requestBody"]["content"]
    assert content["application/json"]["schema"]["examples"][0]["texts"]
    assert content["multipart/form-data"]["schema"]["properties"]["files"]["type"] == "array"


def test_the_page_and_its_files(server: ServerProcess) -> None:
    status, headers, page = server.get("/")
    assert status == 200 and "<textarea" in page
    assert "default-src 'self'" in headers["content-security-policy"]
    assert server.get("/static/app.js")[0] == 200
    for path in ("/static/app.py", "/static/..%2f..%2fpyproject.toml", "/static/%2e%2e/app.py"):
        assert server.get(path)[0] == 404


def test_concurrent_requests_get_their_own_answers(server: ServerProcess) -> None:
    texts = [_text(10 + n) for n in range(6)]
    answers: dict[int, tuple[int, dict]] = {}

    def ask(n: int) -> None:
        status, _, body = server.post("/v1/summarize", {"text": texts[n], "ids": [f"t{n}"], "languages": ["en"]}, AUTH)
        answers[n] = (status, body)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(status == 200 for status, _ in answers.values())
    for n, (_, body) in answers.items():
        assert body["results"][0]["id"] == f"t{n}"
        # The same text asked alone (a cache hit now) gives the same summary: no answers were swapped.
        _, _, alone = server.post("/v1/summarize", {"text": texts[n], "languages": ["en"]}, AUTH)
        assert alone["results"][0]["summaries"]["en"]["text"] == body["results"][0]["summaries"]["en"]["text"]


def test_a_full_queue_answers_429_with_retry_after(server: ServerProcess) -> None:
    results: list[tuple[int, dict[str, str], dict]] = []
    lock = threading.Lock()

    def ask(n: int) -> None:
        texts = [_text(100 + 4 * n + k) + " " + STATEMENT[:2000] for k in range(4)]
        answer = server.post("/v1/summarize", {"texts": texts, "languages": ["en", "es"]}, AUTH)
        with lock:
            results.append(answer)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _, _ in results)
    assert 429 in statuses and 200 in statuses and set(statuses) <= {200, 429}
    for status, headers, body in results:
        if status == 429:
            assert int(headers["retry-after"]) >= 1 and body["error"]["code"] == "queue_full"
        else:
            assert len(body["results"]) == 4 and all("error" not in r for r in body["results"])


# --- a hostile client: raw sockets, lying headers, slow sends, bad Unicode, a lost glossary -------------


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
    framed = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(4))  # 256 KiB, over the 142 KiB limit
    with _connect(server) as sock:
        sock.sendall(_request("/v1/summarize", {**AUTH, "Transfer-Encoding": "chunked"}))
        with contextlib.suppress(OSError):  # the server may close before taking it all
            sock.sendall(framed)
        status, body = _answer(sock)
    assert status == 413 and body["error"]["code"] == "too_large"


def test_a_small_chunked_body_is_served(server: ServerProcess) -> None:
    payload = json.dumps({"text": _HOSTILE_TEXT}).encode()
    framed = b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload)
    with _connect(server) as sock:
        sock.sendall(_request("/v1/summarize", {**AUTH, "Transfer-Encoding": "chunked",
                                                "Content-Type": "application/json"}) + framed)  # fmt: skip
        status, body = _answer(sock)
    assert status == 200 and body["results"][0]["summaries"]["en"]["text"] is not None


def test_half_sent_requests_time_out_and_cannot_lock_others_out(server: ServerProcess) -> None:
    slow = [_connect(server) for _ in range(8)]
    for sock in slow:
        sock.sendall(b"POST /v1/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
    time.sleep(0.3)
    with _connect(server) as extra:  # a ninth connection from the same address is refused in JSON
        status, body = _answer(extra)
    assert status == 503 and body["error"]["code"] == "too_many_connections"
    for sock in slow:  # each half request is answered 408 within the read timeout, and closed
        status, body = _answer(sock)
        assert status == 408 and body["error"]["code"] == "timeout"
        sock.close()
    time.sleep(0.2)
    assert server.post("/v1/summarize", {"text": _HOSTILE_TEXT}, AUTH)[0] == 200  # room again


def test_a_body_that_stalls_gets_408(server: ServerProcess) -> None:
    with _connect(server) as sock:
        sock.sendall(_request("/v1/summarize", {**AUTH, "Content-Length": "100", "Content-Type": "application/json"}))
        sock.sendall(b'{"text": ')
        status, body = _answer(sock)
    assert status == 408 and body["error"]["code"] == "timeout"


def test_a_lone_surrogate_is_refused_naming_the_field_and_costs_no_other_request(server: ServerProcess) -> None:
    raw = b'{"texts": ["' + _HOSTILE_TEXT.encode() + b'", "bad \\ud800 text"]}'
    status, _, body = server.request("POST", "/v1/summarize", raw=raw, headers=AUTH)
    assert status == 422 and "texts" in body["error"]["message"] and "Unicode" in body["error"]["message"]
    status, _, body = server.request("POST", "/v1/summarize", raw=b'{"text": "x", "ids": ["\\udc9b"]}', headers=AUTH)
    assert status == 422 and "ids" in body["error"]["message"]
    assert server.post("/v1/summarize", {"text": _HOSTILE_TEXT}, AUTH)[0] == 200


def test_a_lost_glossary_fails_only_the_requests_that_need_it(server: ServerProcess, glossary: Path) -> None:
    saved = glossary.read_bytes()
    glossary.unlink()
    try:
        status, _, body = server.post("/v1/summarize", {"text": _HOSTILE_TEXT, "languages": ["es"]}, AUTH)
        assert status == 500 and body["error"]["code"] == "server_error" and "glossary" in body["error"]["message"]
        assert (
            server.post("/v1/summarize", {"text": _HOSTILE_TEXT}, AUTH)[0] == 200
        )  # the server's own variant still works
        assert server.get("/readyz")[0] == 200
    finally:
        glossary.write_bytes(saved)
    status, _, body = server.post("/v1/summarize", {"text": _HOSTILE_TEXT, "languages": ["es"]}, AUTH)
    assert status == 200 and set(body["results"][0]["summaries"]) == {"es"}


# --- last: shutting down ------------------------------------------------------------------------------


def test_sigterm_lets_the_request_in_flight_finish(server: ServerProcess) -> None:
    # Last in this module: it stops the module's server.
    own = server
    answer: list[tuple[int, dict]] = []
    asker = threading.Thread(
        target=lambda: answer.append(own.post("/v1/summarize", {"text": STATEMENT, "length": "long"}, AUTH)[::2])
    )
    asker.start()
    time.sleep(0.5)  # the request is in the models now
    # uvicorn finishes the requests in flight, then ends by the signal it caught (as process managers expect).
    assert own.stop("SIGTERM") in (0, -15)
    asker.join()
    status, body = answer[0]
    assert status == 200 and set(body["results"][0]["summaries"]) == {"en", "es", "ru"}
