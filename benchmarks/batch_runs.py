"""One batch of many short statements against one run per statement.

    python benchmarks/batch_runs.py                  # 100 statements, 10 of them also run one by one
    python benchmarks/batch_runs.py --items 50 --separate 5

Statements are the short real news documents of the evaluation data's FLORES-200 file
(../shared/eval/translation_en-ru.jsonl: consecutive sentences of one article make a statement).
The batch is one `summarize DIR --format json` process; "separate" runs `summarize FILE` once per
statement, each a fresh process, and extrapolates the mean to all items. Both use the tiny test
models (or `--default` for the default Hub models) and the cache off.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
DEFAULT_SOURCE = REPO.parent / "shared" / "eval" / "translation_en-ru.jsonl"


def statements(source: Path, count: int) -> list[str]:
    documents: OrderedDict[str, list[str]] = OrderedDict()
    for line in source.open(encoding="utf-8"):
        row = json.loads(line)
        documents.setdefault(row["url"], []).append(row["src"])
    return [" ".join(sentences) for sentences in documents.values()][:count]


def run(command: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, cwd=REPO, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(command)}\n{proc.stderr.decode()}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--separate", type=int, default=10, help="how many statements to also run one by one")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--default", action="store_true", help="use the default Hub models instead of tiny ones")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "statements"
        folder.mkdir()
        texts = statements(args.source, args.items)
        for number, text in enumerate(texts):
            (folder / f"{number:04d}.txt").write_text(text + "\n", encoding="utf-8")
        flags = ["--no-cache", "-q", "--format", "json"]
        if not args.default:
            from tiny_models import build_all

            models = build_all(Path(scratch) / "models")
            flags += [
                "--summarizer", str(models["summarizer"]),
                "--translator", f"es={models['en-es']}",
                "--translator", f"ru={models['en-ru']}",
            ]  # fmt: skip
        summarize = [sys.executable, "-m", "summarize"]
        batch = run([*summarize, str(folder), *flags])
        files = sorted(folder.glob("*.txt"))[: args.separate]
        separate = statistics.mean(run([*summarize, str(file), *flags]) for file in files)

    words = sum(len(text.split()) for text in texts)
    print(f"statements: {len(texts)} ({words / len(texts):.0f} words on average); "
          f"models: {'default Hub models' if args.default else 'tiny test models'}")  # fmt: skip
    print("| how | seconds for all | seconds per statement |")
    print("| --- | ---: | ---: |")
    print(f"| one batch run | {batch:.1f} | {batch / len(texts):.2f} |")
    print(f"| one run per statement (mean of {len(files)}, extrapolated) | "
          f"{separate * len(texts):.1f} | {separate:.2f} |")  # fmt: skip
    print(f"batch / separate: {batch / (separate * len(texts)):.0%}")


if __name__ == "__main__":
    main()
