"""Cold and warm (cache hit) wall time of `summarize samples/statement.txt`, as a user runs it.

    python benchmarks/cache_runs.py              # tiny test models built on the spot
    python benchmarks/cache_runs.py --default    # the default Hub models (must be downloaded)

Each repetition runs the CLI twice in fresh processes against a new cache directory: first
cold (models loaded from disk, every output computed), then warm (every output from the cache).
Prints the median of each, their ratio, and whether the two outputs were identical.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))


def timed(command: list[str]) -> tuple[float, bytes]:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, cwd=REPO, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"run failed: {' '.join(command)}\n{proc.stderr.decode()}")
    return elapsed, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--default", action="store_true", help="use the default Hub models instead of tiny ones")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--input", default="samples/statement.txt")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        flags: list[str] = []
        if not args.default:
            from tiny_models import build_all

            models = build_all(Path(scratch) / "models")
            flags = [
                "--summarizer", str(models["summarizer"]),
                "--translator", f"es={models['en-es']}",
                "--translator", f"ru={models['en-ru']}",
            ]  # fmt: skip
        cold, warm, same = [], [], True
        for run in range(args.runs):
            command = [sys.executable, "-m", "summarize", args.input, *flags, "-q",
                       "--cache-dir", str(Path(scratch) / f"cache-{run}")]  # fmt: skip
            first, out1 = timed(command)
            second, out2 = timed(command)
            cold.append(first)
            warm.append(second)
            same = same and out1 == out2

    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}")
    print(
        f"models: {'default Hub models' if args.default else 'tiny test models (128 positions)'}; input: {args.input}"
    )
    print(f"runs: {args.runs}")
    print(f"cold run (median): {statistics.median(cold):.2f} s")
    print(f"warm run (median): {statistics.median(warm):.2f} s")
    print(f"warm / cold: {statistics.median(warm) / statistics.median(cold):.0%}")
    print(f"identical output: {same}")


if __name__ == "__main__":
    main()
