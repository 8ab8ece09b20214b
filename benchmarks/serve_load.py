"""`summarize serve` under load: throughput and latency by concurrent clients, with and without batching.

    python benchmarks/serve_load.py              # tiny test models, 1/4/16 clients x 12 requests each
    python benchmarks/serve_load.py --quick      # fewer requests
    python benchmarks/serve_load.py --models DIR # realistic_runs.py's real-size models, ctranslate2, 1 and 8 clients

The server runs on loopback with the tiny test models (built in a temp dir) and the cache off, so
every request is model work; with `--models`, a script over the library serves the real-size
models with their lengths forced (see `_realistic_server`). Each client sends short, distinct
statements one after another.
"Batched" is the default (requests gathered for 10 ms, up to 32 texts a batch); "one by one" is
`--batch-wait-ms 0 --max-batch 1`. The queue test sends 32 clients at a server that takes 8 texts
at once: clients honour Retry-After, and every request must end in a 200.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from server_process import ServerProcess  # noqa: E402

SENTENCES = [
    "The ministry of industry said on {day} that exports of machine tools rose by {n} percent.",
    "Officials from both governments met in the capital to discuss a plant that will employ {n} people.",
    "The deputy minister said the project would be finished by the end of {year}, ahead of schedule.",
]
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def statement(client: int, number: int) -> str:
    n = client * 1000 + number
    return " ".join(s.format(day=DAYS[n % 5], n=n, year=2026 + n % 5) for s in SENTENCES)


def post(base: str, body: dict) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(base + "/v1/summarize", json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            return response.status, {}
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def load(base: str, clients: int, requests: int) -> dict[str, float]:
    latencies: list[float] = []
    statuses: list[int] = []
    rejected = 0
    lock = threading.Lock()

    def client(index: int) -> None:
        nonlocal rejected
        for number in range(requests):
            started = time.perf_counter()
            while True:
                status, headers = post(base, {"text": statement(index, number), "languages": ["en", "es", "ru"]})
                if status != 429:
                    break
                with lock:
                    rejected += 1
                time.sleep(min(1.0, float(headers.get("retry-after", "1"))))
            with lock:
                latencies.append(time.perf_counter() - started)
                statuses.append(status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "ok": sum(status == 200 for status in statuses),
        "rejected_429": rejected,
        "per_second": len(latencies) / seconds,
        "p50": statistics.median(latencies),
        "p95": latencies[max(0, int(0.95 * len(latencies)) - 1)],
    }


def _flags(models: dict[str, Path]) -> list[str]:
    return ["--summarizer", str(models["summarizer"]), "--translator", f"es={models['en-es']}",
            "--translator", f"ru={models['en-ru']}", "--no-cache", "--length", "short"]  # fmt: skip


def _realistic_server(models: Path, mode: str, scratch: Path) -> ServerProcess:
    """realistic_runs.py's real-size models on ctranslate2, served by a script over the library
    (`create_app`) with realistic_jobs.py's forced lengths: random weights never stop by themselves,
    and `summarize serve` has no flag to force a length. Cache and coverage guard off, as there."""
    script = REPO / "benchmarks" / "realistic_jobs.py"
    command = [sys.executable, str(script), "serve", str(models), str(models / "scratch")]
    return ServerProcess(["batched" if mode == "batched" else "one"], scratch / f"{mode}.log", command=command)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--models", type=Path, help="real-size models built by realistic_runs.py (ctranslate2)")
    args = parser.parse_args()
    from tiny_models import build_all

    requests = 4 if args.quick else (3 if args.models else 12)
    counts = (1, 8) if args.models else (1, 4, 16)
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        tiny = None if args.models else build_all(scratch / "models")
        print("| mode | clients | requests | req/s | p50 s | p95 s |")
        print("|---|---:|---:|---:|---:|---:|")
        for mode, extra in (("batched", []), ("one by one", ["--batch-wait-ms", "0", "--max-batch", "1"])):
            if tiny is None:
                server = _realistic_server(args.models, mode, scratch)
            else:
                server = ServerProcess([*_flags(tiny), *extra], scratch / f"{mode}.log")
            try:
                load(server.base, 2, 2)  # warm-up
                for clients in counts:
                    r = load(server.base, clients, requests)
                    print(f"| {mode} | {clients} | {r['requests']:.0f} | {r['per_second']:.1f} | "
                          f"{r['p50']:.2f} | {r['p95']:.2f} |")  # fmt: skip
            finally:
                server.stop()
        if tiny is None:
            return
        server = ServerProcess([*_flags(tiny), "--max-queue", "8"], scratch / "queue.log")
        try:
            r = load(server.base, 32, 2)
        finally:
            server.stop()
        print(f"\nqueue limit 8, 32 clients x 2 requests: {r['ok']:.0f} of {r['requests']:.0f} answered 200, "
              f"{r['rejected_429']:.0f} 429s on the way (retried after Retry-After), p95 {r['p95']:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
