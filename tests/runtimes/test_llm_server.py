"""Chat models behind a real OpenAI-compatible server: `transformers serve` on a tiny chat model, offline.

The server runs in its own process on a free loopback port, with a key check and a prompt-size
limit in front (tests/llm_server.py), so 401s and context overflows are the server's real answers.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BLOCK_TORCH, REPO, SAMPLES, cli, run_cli
from server_process import free_port

from summarize import Summarizer
from summarize.errors import ModelError

pytestmark = pytest.mark.llm_server

KEY = "sk-test-3f1b9c0e7d2a4c55"
STATEMENT = SAMPLES / "statement.txt"
MAX_PROMPT_CHARS = 10_000


class LLMServer:
    """`transformers serve` in a child process; `url` is its /v1 base."""

    def __init__(self, model: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.model = str(model)
        self.digest_file = log.with_suffix(".digest")
        self.digest_file.write_text("sha256:0001", encoding="utf-8")
        env = {
            **os.environ,
            "LLM_SERVER_KEY": KEY,
            "HF_HUB_OFFLINE": "1",
            "LLM_SERVER_DIGEST_FILE": str(self.digest_file),
        }
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "llm_server.py"), self.model, str(self.port), str(MAX_PROMPT_CHARS)],
            stdout=self.log, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"transformers serve did not start: see {log}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def server(tiny_chat: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LLMServer]:
    running = LLMServer(tiny_chat, tmp_path_factory.mktemp("llm") / "server.log")
    yield running
    running.stop()


class LoopbackProxy:
    """A TCP relay on its own loopback port to a running server: stopping it takes "the server" down
    for a client that knows only this address, without starting a second model server."""

    def __init__(self, upstream: LLMServer) -> None:
        self.model = upstream.model
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.upstream = upstream.port
        self.sockets: list[socket.socket] = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # stopped
            server = socket.create_connection(("127.0.0.1", self.upstream))
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def stop(self) -> None:
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def _flags(server: LLMServer | LoopbackProxy, *more: str) -> list[str]:
    return ["--summarizer", f"openai:{server.model}", "--llm-url", server.url, "--length", "short", *more]


def test_direct_mode_through_the_server_in_three_languages(server: LLMServer, isolated_user: Path) -> None:
    done = run_cli(str(STATEMENT), *_flags(server, "--no-language-check", "--format", "json", "--debug"),
                   env={"SUMMARIZE_LLM_API_KEY": KEY})  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    record = json.loads(done.stdout)
    assert record["strategy"] == "instruct" and record["engine"] == "openai"
    assert set(record["summaries"]) == {"en", "es", "ru"}
    assert all(entry["text"].strip() for entry in record["summaries"].values())
    # The key is in no output, no log line (even with --debug) and nowhere in the cache.
    assert KEY not in done.stdout.decode() + done.stderr.decode()
    cache = isolated_user / "cache"
    for path in cache.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes()


def test_a_cache_hit_needs_no_server(server: LLMServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = LoopbackProxy(server)  # its own address, so stopping it is the server going down
    flags = _flags(own, "--no-language-check", "--format", "json")
    env = {"SUMMARIZE_LLM_API_KEY": KEY}
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", KEY)
    code, first, err = cli(str(STATEMENT), *flags)  # the later runs reuse its cache
    assert code == 0, err
    own.stop()
    other = tmp_path / "other.txt"
    other.write_text("The ministry said on Monday that exports of machinery grew by a fifth.", encoding="utf-8")
    # Server down: the finished statement is answered from the cache, the new text fails alone, in one line.
    import io

    from summarize.cli import main

    started = time.monotonic()
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", KEY)
    assert main([str(STATEMENT), str(other), *flags], stdout=out, stderr=err) == 1
    assert time.monotonic() - started < 30
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    hit = next(line for line in lines if line["input"].endswith("statement.txt"))
    assert all(entry["cached"] for entry in hit["summaries"].values())
    assert [s["text"] for s in hit["summaries"].values()] == [
        s["text"] for s in json.loads(first)["summaries"].values()
    ]
    stderr = err.getvalue()
    assert f"cannot reach the server at {own.url}" in stderr and "Traceback" not in stderr
    assert "start the server or point --llm-url at it" in stderr
    # And a hit imports neither PyTorch nor transformers.
    blocked = subprocess.run([sys.executable, "-c", BLOCK_TORCH, str(STATEMENT), *flags],
                             capture_output=True, cwd=REPO, env={**os.environ, **env})  # fmt: skip
    assert blocked.returncode == 0, blocked.stderr.decode()
    texts = [s["text"] for s in json.loads(blocked.stdout)["summaries"].values()]
    assert texts == [s["text"] for s in json.loads(first)["summaries"].values()]


def test_a_wrong_key_is_one_line_naming_the_variable(server: LLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", "sk-wrong-key-0000")
    code, out, stderr = cli(str(STATEMENT), *_flags(server))
    assert code == 1
    assert f"the server at {server.url} refused the API key" in stderr and "$SUMMARIZE_LLM_API_KEY" in stderr
    assert "sk-wrong-key-0000" not in stderr + out
    assert "Traceback" not in stderr


def test_an_unknown_model_names_what_the_server_has(server: LLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", KEY)
    code, _, stderr = cli(str(STATEMENT), *_flags(server)[2:], "--summarizer", "openai:qwen9:70b")
    assert code == 1
    assert f"model 'qwen9:70b' is not served at {server.url} (it serves: {server.model})" in stderr


def test_no_server_is_one_line_within_seconds() -> None:
    import io

    from summarize.cli import main

    url = f"http://127.0.0.1:{free_port()}/v1"
    started = time.monotonic()
    err = io.StringIO()
    code = main([str(STATEMENT), "--summarizer", "openai:any", "--llm-url", url], stdout=io.StringIO(), stderr=err)
    assert time.monotonic() - started < 20
    stderr = err.getvalue().strip()
    assert code == 1 and len(stderr.splitlines()) == 1
    assert f"cannot reach the server at {url} for model 'any'" in stderr


def test_a_context_overflow_shrinks_the_chunks_and_retries(
    server: LLMServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", KEY)
    text = "\n\n".join(
        (SAMPLES / name).read_text(encoding="utf-8")
        for name in ("statement.txt", "pride-and-prejudice-opening.en.txt", "xdr-tuberculosis.en.txt")
    )
    assert len(text) > 2 * MAX_PROMPT_CHARS
    # Told the model takes 16,384 tokens, it sends the whole text; the server's 400s halve that until chunks fit.
    summarizer = Summarizer(
        summarizer=f"openai:{server.model}", llm_url=server.url, llm_context=16384,
        languages=("en",), length="short", language_check=False,
    )  # fmt: skip
    with caplog.at_level(logging.INFO, logger="summarize"):
        result = summarizer.summarize(text)
    assert result["en"] and result.chunks > 1
    shrinks = [r.getMessage() for r in caplog.records if "retrying with a" in r.getMessage()]
    assert shrinks and "8192-token context" in shrinks[0]


def test_concurrent_requests_come_back_in_order(server: LLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", KEY)
    texts = [
        f"Statement {n}: the ministry of industry said output rose by {n} percent in {n + 2000}." for n in range(4)
    ]
    settings = {"summarizer": f"openai:{server.model}", "llm_url": server.url, "languages": ("en",),
                "length": "short", "language_check": False, "cache": False}  # fmt: skip
    one_by_one = [Summarizer(**settings, llm_concurrency=1).summarize(t)["en"] for t in texts]
    from summarize.document import Document

    together = Summarizer(**settings, llm_concurrency=4).summarize_documents(
        [Document(t, str(i)) for i, t in enumerate(texts)]
    )
    assert [r["en"] for r in together] == one_by_one
    assert len(set(one_by_one)) > 1  # different inputs, different answers: order is really tested


def test_the_library_raises_typed_errors(server: LLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", "wrong")
    with pytest.raises(ModelError) as caught:
        Summarizer(summarizer=f"openai:{server.model}", llm_url=server.url, languages=("en",)).summarize(
            "Russia and Cuba signed an agreement on industrial cooperation on Monday."
        )
    assert caught.value.problem == "key refused" and caught.value.model == f"openai:{server.model}"


def test_the_cache_db_holds_the_url_not_the_key(
    server: LLMServer, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", KEY)
    code, _, err = cli(str(STATEMENT), *_flags(server, "--no-language-check", "--lang", "en"))
    assert code == 0, err
    databases = [p for p in (isolated_user / "cache").rglob("*") if p.suffix in (".db", ".sqlite", ".sqlite3")]
    assert databases
    for database in databases:
        with sqlite3.connect(database) as connection:
            dump = "\n".join(connection.iterdump())
        assert KEY not in dump


def test_a_served_chat_model_as_the_translator(
    server: LLMServer, tiny: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", KEY)
    result = Summarizer(
        summarizer=str(tiny["summarizer"]), translators={"es": f"openai:{server.model}"}, llm_url=server.url,
        languages=("en", "es"), length="short",
    ).summarize((SAMPLES / "xdr-tuberculosis.en.txt").read_text(encoding="utf-8"))  # fmt: skip
    assert result.strategy == "neural" and result["en"] and result["es"]
    assert result.summaries["es"].engine == "openai" and result.summaries["en"].engine == "transformers"


def test_a_new_model_digest_retires_the_old_answers(
    server: LLMServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, isolated_user: Path
) -> None:
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", KEY)
    settings = {"summarizer": f"openai:{server.model}", "llm_url": server.url, "languages": ("en",),
                "length": "short", "language_check": False}  # fmt: skip
    text = "The ministry said on Monday that exports of machine tools rose by 18 percent in 2025."
    server.digest_file.write_text("sha256:aaaa", encoding="utf-8")
    first = Summarizer(**settings).summarize(text)
    records = json.loads((isolated_user / "cache" / "server-models.json").read_text(encoding="utf-8"))
    assert records == {f"{server.url}#{server.model}": "sha256:aaaa"}
    assert Summarizer(**settings).summarize(text).summaries["en"].cached  # same model: a hit, no connection
    # The server now has another version under the same name (an `ollama pull`); the next run that
    # needs the server learns it, and from then on the old model's answers are not used.
    server.digest_file.write_text("sha256:bbbb", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="summarize"):
        Summarizer(**settings).summarize("Officials met in the capital on Tuesday to discuss a new plant.")
    assert any("changed (digest sha256:bbbb)" in r.getMessage() for r in caplog.records)
    again = Summarizer(**settings).summarize(text)
    assert not again.summaries["en"].cached
    assert again["en"] == first["en"]  # the server's weights did not really change: same answer, new key
    assert Summarizer(**settings).summarize(text).summaries["en"].cached


def test_without_the_openai_package_the_fix_is_named(tiny: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from summarize.cli import main

    monkeypatch.setitem(sys.modules, "openai", None)  # importing it now raises ImportError
    for flags in (
        ["--summarizer", "openai:any"],
        ["--summarizer", str(tiny["summarizer"]), "--translator", "es=openai:any"],
    ):
        err = io.StringIO()
        code = main([str(STATEMENT), "--lang", "en,es", "--no-cache", *flags], stdout=io.StringIO(), stderr=err)
        assert code == 1
        assert "pip install 'summarize[llm]'" in err.getvalue() and "Traceback" not in err.getvalue()


def test_a_served_verifier_is_asked_once_and_its_verdicts_outlive_the_server(
    server: LLMServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZE_LLM_API_KEY", KEY)
    own = LoopbackProxy(server)
    settings = {"engine": "extractive", "languages": "en", "verifier": f"openai:{own.model}", "llm_url": own.url,
                "cache_dir": tmp_path, "llm_timeout": 30}  # fmt: skip
    text = STATEMENT.read_text(encoding="utf-8")
    first = Summarizer(**settings).summarize(text).summaries["en"]
    assert first.unchecked is None  # asked and answered (a random model's answer may decide nothing)
    own.stop()
    again = Summarizer(**settings).summarize(text).summaries["en"]
    assert again.checks == first.checks and again.unchecked is None  # from the cache: no server needed
    other = Summarizer(**settings).summarize("The ministry said exports of machinery grew by a fifth in 2025.")
    unchecked = other.summaries["en"].unchecked or ""
    assert "the verifier could not be asked" in unchecked and own.url in unchecked
