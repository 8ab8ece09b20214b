"""The coverage guard's false alarms on human translations, and what the guard and masking cost.

    python benchmarks/coverage_guard.py [--eval ../shared/eval]

Each FLORES-200 human translation (en->es, en->ru) is handed to the guard as if a translator had
written it for its English sentence: every alarm is a false one. Cost: milliseconds per 1,000
sentences for the guard, and for masking and restoring with a 500-term glossary (every sentence's
capitalised word pairs as terms, so most sentences hold some) plus URLs and `{{tokens}}`.
No model is needed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from summarize.stages import coverage
from summarize.terms import Glossary, Terms


def load(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval")
    args = parser.parse_args()
    if not args.eval.is_dir():
        print(f"no evaluation data at {args.eval}: pass --eval DIR", file=sys.stderr)
        return 2
    print("| pair | sentences | guard fired | share | why | guard ms / 1,000 | masking ms / 1,000 |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: |")
    for target in ("es", "ru"):
        records = load(args.eval / f"translation_en-{target}.jsonl")
        reasons: Counter[str] = Counter()
        started = time.perf_counter()
        for record in records:
            problem = coverage.problem(record["src"], record["ref"], "en", target)
            if problem:
                reasons[re.sub(r"[\d.]+x", "Nx", problem.split(":")[0])] += 1
        guard = time.perf_counter() - started
        pairs = {m.group() for r in records for m in re.finditer(r"[A-Z]\w+ [A-Z]\w+", r["src"])}
        glossary = Glossary.parse("en\t" + target + "\n" + "".join(f"{p}\t{p.upper()}\n" for p in sorted(pairs)[:500]))
        terms = Terms(glossary)
        sentences = [f"{r['src']} See https://example.com/{i} or {{{{ name }}}}." for i, r in enumerate(records)]
        started = time.perf_counter()
        for sentence in sentences:
            masked = terms.mask(sentence, "en", target)
            masked.restore(masked.text)
        masking = time.perf_counter() - started
        fired = sum(reasons.values())
        why = ", ".join(f"{reason} ({count})" for reason, count in reasons.most_common()) or "-"
        scale = 1000 / len(records)
        print(f"| en-{target} | {len(records)} | {fired} | {100 * fired / len(records):.1f}% | {why} | "
              f"{1000 * guard * scale:.0f} | {1000 * masking * scale:.0f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
