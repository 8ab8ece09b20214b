"""`summarize` against CTranslate2 called directly and against plain transformers, at realistic sizes and lengths.

    python benchmarks/realistic_runs.py --models DIR            # builds the models into DIR once (~3 GB)
    python benchmarks/realistic_runs.py --models DIR --runs 3   # fewer paired runs

No real weights can be downloaded here, so the models are random weights with the real shapes of
sshleifer/distilbart-cnn-12-6 (summarizer) and Helsinki-NLP/opus-mt-en-es and -en-ru, and with
tokenizers trained on `../shared/eval/` text (about 1.3-1.5 tokens per English word, as real
ones give). Random models never stop by themselves, so the lengths are forced through the
documented library options `summary_generation` (a 70-token summary) and
`translation_generation` (each sentence's translation at most `TRANSLATED` tokens, about 1.2x a
summary sentence); the direct scripts decode exactly as long, with the summary's decoding settings
(length penalty, n-gram ban) that summarize uses, so both write the same number of sentences and
translate as much.

Each figure is the median of `--runs` fresh processes, the two commands of a pair run one after
the other (A B A B ...) and the ratio taken pair by pair, so a drift in the machine's speed moves
both. Peak RSS is the process's own high-water mark (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from realistic_jobs import build_models, statements  # noqa: E402


def run_job(job: str, models: Path, scratch: Path, *extra: str) -> dict:
    """One fresh process doing `job`; its own figures (JSON on its last line) with the wall time outside."""
    command = [sys.executable, str(Path(__file__).with_name("realistic_jobs.py")), job, str(models), str(scratch),
               *extra]  # fmt: skip
    # Bytecode is written and reused, as in an installed package (some shells turn that off).
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False, env=env)
    wall = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"{job} failed:\n{proc.stderr[-3000:]}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"wall": wall, **figures}


def paired(a: str, b: str, models: Path, scratch: Path, runs: int, *extra: str,
           warm_up: bool = True) -> tuple[list[dict], list[dict]]:  # fmt: skip
    """`runs` pairs of fresh processes, A then B, after one warm-up pair (file cache, conversions)."""
    if warm_up:
        run_job(a, models, scratch, *extra)
        run_job(b, models, scratch, *extra)
    first, second = [], []
    for _ in range(runs):
        first.append(run_job(a, models, scratch, *extra))
        second.append(run_job(b, models, scratch, *extra))
    return first, second


def median(rows: list[dict], field: str) -> float:
    return statistics.median(float(row[field]) for row in rows)


def ratio(a: list[dict], b: list[dict], field: str = "wall") -> float:
    return statistics.median(float(x[field]) / float(y[field]) for x, y in zip(a, b, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, required=True, help="where the models are built (once) and kept")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=100, help="statements in the batch run")
    args = parser.parse_args()
    built = build_models(args.models)
    scratch = args.models / "scratch"
    print(f"tokens per English word: {built['tokens_per_word']:.2f}", file=sys.stderr)
    rows: dict[str, tuple[list[dict], list[dict]]] = {}
    rows["cold"] = paired("wrapper-ct2", "direct-ct2", args.models, scratch, args.runs)
    rows["transformers"] = paired("wrapper-transformers", "direct-transformers", args.models, scratch, args.runs)
    rows["serial"] = paired("wrapper-ct2", "wrapper-ct2-serial", args.models, scratch, args.runs)
    hits = paired("wrapper-ct2-hit", "wrapper-ct2-warm", args.models, scratch, args.runs)
    warm_hits, _ = paired("wrapper-ct2-warm-hit", "wrapper-ct2-hit", args.models, scratch, args.runs)
    count = str(min(args.batch, len(statements())))
    batch = paired("wrapper-ct2-batch", "direct-ct2-batch", args.models, scratch, max(1, args.runs // 2), count,
                   warm_up=False)  # fmt: skip
    report(rows, hits, batch, int(count))
    print(f"the same statement again in a warm process (the cache answers): {median(warm_hits, 'warm'):.3f} s = "
          f"{median(warm_hits, 'warm') / median(rows['cold'][0], 'wall'):.3f}x cold")  # fmt: skip


def report(rows: dict, hits: tuple[list[dict], list[dict]], batch: tuple[list[dict], list[dict]], count: int) -> None:
    wrapper, direct = rows["cold"]
    hf_wrapper, hf_direct = rows["transformers"]
    _, serial = rows["serial"]
    print("| the statement into en, es, ru, cold process | wall | peak RSS |")
    print("| --- | ---: | ---: |")
    for label, runs in (
        ("`summarize`, ctranslate2 runtime (library call, lengths forced)", wrapper),
        ("CTranslate2 called directly (one `translate_batch` per language)", direct),
        ("`summarize`, ctranslate2, languages one after the other (`threads=1`)", serial),
        ("transformers `generate` called directly", hf_direct),
        ("`summarize`, transformers runtime", hf_wrapper),
    ):
        print(f"| {label} | {median(runs, 'wall'):.2f} s | {median(runs, 'peak_mb'):.0f} MiB |")
    hit, warm = hits
    memory = median(wrapper, "peak_mb") / median(hf_wrapper, "peak_mb")
    print(f"\nratios, pair by pair: summarize/direct CTranslate2 {ratio(wrapper, direct):.2f}x; "
          f"summarize ctranslate2/transformers peak RSS {memory:.2f}x; "
          f"cache hit (fresh process) {median(hit, 'wall'):.2f} s; a new statement in a warm process (cache off) "
          f"{median(warm, 'warm'):.2f} s = {median(warm, 'warm') / median(wrapper, 'wall'):.3f}x cold")  # fmt: skip
    phases = {key: statistics.median(run["phases"][key] for run in wrapper) for key in wrapper[0]["phases"]}
    print("phases of the cold ctranslate2 run (medians, s): "
          + ", ".join(f"{key} {value:.2f}" for key, value in phases.items()))  # fmt: skip
    ours, theirs = batch
    print(f"batch of {count} statements into en, es, ru: summarize {median(ours, 'wall') / count:.3f} s a statement, "
          f"CTranslate2 directly {median(theirs, 'wall') / count:.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
