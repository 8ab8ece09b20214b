"""Items per second in one process and on a local Ray with 1 and 2 workers, and Ray's cost per item.

    python benchmarks/ray_runs.py            # 400 items
    python benchmarks/ray_runs.py --quick    # 80 items

The extractive engine into the input's own language needs no model, so model time is near zero
and what Ray adds per item shows. The cache is off, so every item is work. Ray's start-up (a
local Ray for the run) is timed apart from the batch.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    import ray

    from summarize import Summarizer
    from summarize.batch import summarize_items
    from summarize.distributed import ClusterOptions, summarize_items_on_ray
    from summarize.inputs import expand_inputs

    count = 80 if args.quick else 400
    samples = [p.read_text(encoding="utf-8") for p in sorted((REPO / "samples").glob("*.en.txt"))]
    with tempfile.TemporaryDirectory() as scratch_dir:
        folder = Path(scratch_dir)
        for n in range(count):
            text = samples[n % len(samples)] + f"\n\nItem {n} was filed on day {n % 28 + 1}."
            (folder / f"item{n:04d}.txt").write_text(text, encoding="utf-8")
        items = list(expand_inputs([str(folder)], glob="*.txt"))
        settings = {"engine": "extractive", "languages": ("en",), "cache": False}

        started = time.perf_counter()
        assert all(o.result for o in summarize_items(Summarizer(**settings), items))
        one = time.perf_counter() - started
        rows = [("one process", one, 0.0)]
        for workers in (1, 2):
            started = time.perf_counter()
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
            boot = time.perf_counter() - started
            started = time.perf_counter()
            outcomes = list(summarize_items_on_ray(Summarizer(**settings), items, ClusterOptions(workers=workers)))
            seconds = time.perf_counter() - started
            assert all(o.result for o in outcomes)
            ray.shutdown()
            rows.append((f"local Ray, {workers} worker{'s' if workers > 1 else ''}", seconds, boot))
    print(f"{count} items, extractive engine, English only, cache off; {sys.platform}, Python {sys.version.split()[0]}")
    print("| setup | seconds | items/s | Ray start-up |")
    print("|---|---:|---:|---:|")
    for name, seconds, boot in rows:
        print(f"| {name} | {seconds:.2f} | {count / seconds:.0f} | {boot:.1f} s |" if boot else
              f"| {name} | {seconds:.2f} | {count / seconds:.0f} | - |")  # fmt: skip
    per_item = (rows[1][1] - one) / count
    print(f"Ray's cost per item, 1 worker against one process: {per_item * 1000:.1f} ms")


if __name__ == "__main__":
    main()
