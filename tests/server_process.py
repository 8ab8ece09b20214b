"""`summarize serve` in a child process on a free loopback port, and a small JSON client for it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """A running `summarize serve`; `base` is its URL. Waits until /readyz answers 200 (or, with
    `wait=False`, until `wait_ready()` is called: other set-up can run while it starts)."""

    def __init__(
        self, args: list[str], log: Path, env: dict[str, str] | None = None, ready: bool = True, wait: bool = True,
        command: list[str] | None = None,
    ) -> None:  # fmt: skip
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.log = log.open("wb")
        self.ready = ready
        self.process = subprocess.Popen(
            # `command`: another way to start the same server (a script over the library); `--port` follows it.
            [*(command or [sys.executable, "-m", "summarize", "serve"]), "--port", str(self.port), *args],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=REPO, env={**os.environ, **(env or {})},
        )  # fmt: skip
        if wait:
            self.wait_ready()

    def wait_ready(self) -> ServerProcess:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                status, _, _ = self.get("/readyz" if self.ready else "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"summarize serve did not become ready:\n{self.log_path.read_text(errors='replace')[-3000:]}"
        )

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None, raw: bytes | None = None
    ) -> tuple[int, dict[str, str], Any]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                payload = response.read()
                status, got = response.status, {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as error:
            payload, status, got = error.read(), error.code, {k.lower(): v for k, v in error.headers.items()}
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = payload.decode(errors="replace")
        return status, got, parsed

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
        return self.request("POST", path, body, headers)

    def stop(self, signal_name: str = "SIGTERM") -> int:
        import signal

        if self.process.poll() is None:
            self.process.send_signal(getattr(signal, signal_name))
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return int(self.process.returncode)
