"""The fact check against the one-line baseline on cased corruptions of reference summaries.

    python benchmarks/fact_check_corruptions.py [--eval-dir ../shared/eval] [--boot 1000]

Data: the 200 CNN/DailyMail articles of `summarization_en.jsonl` with their reference highlights
(cased). Each reference is corrupted, where it can be, by each of `benchmarks/fact_check.py`'s
planted errors that keep every word in the article: a number swapped for another of the article,
a name swapped for another, a surname kept with another person's given name, and a statement
given to another person (the name by "said", "says" or "told"). The baseline (a capitalised
word or a token with a digit that is not in the article) cannot see most of these by design.

`fact_check.py` counts a planted error caught when a flag lands on it; here, as the baseline
judges, a text is flagged or not. Reported per kind, for each checker: the share of corrupted
references it flags, the share of the same articles' untouched references it flags (references
do say things their articles do not), and what matters, *caught*: of the references it passes
untouched, the share it flags once corrupted, with a 95% bootstrap interval (resampling
articles) and the interval of the difference from the baseline. Deterministic; needs no model.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fact_check import PLANTERS, detokenize, load
from fact_check_labels import REPO, _interval, baseline, ours

from summarize.facts.extract import extract_facts

KINDS = ("swapped number", "swapped name", "other first name", "wrong speaker")


def evaluate(records: list[dict], boot: int) -> None:
    rng = random.Random(0)
    originals = [(detokenize(r["highlights"]), r["article"]) for r in records]
    pools = [extract_facts(article, "en") for _, article in originals]
    judges = {"summarize": ours, "baseline": baseline}
    untouched = {name: [judge(text, article) for text, article in originals] for name, judge in judges.items()}
    alarms = ", ".join(f"{name} {100 * sum(flags) / len(flags):.1f}%" for name, flags in untouched.items())
    print(f"Untouched references flagged (some references do say what their article does not): {alarms}\n")
    print("| corruption | corrupted | checker | flags the corrupted | flags the untouched | caught (95% CI) | "
          "vs baseline (95% CI) |")  # fmt: skip
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for kind in KINDS:
        plant = PLANTERS[kind]
        # Each article's draw is its own (seeded by its place and the kind): other draws never move it.
        made = [(i, plant(text, "en", extract_facts(text, "en"), pools[i], random.Random(f"{kind}:{i}")))
                for i, (text, _) in enumerate(originals)]  # fmt: skip
        rows = [(i, planted[0]) for i, planted in made if planted is not None]
        # Per article: (flags the corruption, flags the untouched reference); caught = the first alone.
        flags = {name: [(judge(text, originals[i][1]), untouched[name][i]) for i, text in rows]
                 for name, judge in judges.items()}  # fmt: skip
        samples = [[rng.randrange(len(rows)) for _ in rows] for _ in range(boot)]
        caught = {name: [_caught([got[j] for j in sample]) for sample in samples] for name, got in flags.items()}
        gap_low, gap_high = _interval([a - b for a, b in zip(caught["summarize"], caught["baseline"], strict=True)])
        for name, got in flags.items():
            low, high = _interval(caught[name])
            share = _caught(got)
            gap = share - _caught(flags["baseline"])
            versus = f"{100 * gap:+.1f} ({100 * gap_low:+.1f} to {100 * gap_high:+.1f})" if name == "summarize" else ""
            interval = f"{100 * share:.1f}% ({100 * low:.1f}-{100 * high:.1f})"
            cells = [kind, str(len(rows)), name, _percent(sum(c for c, _ in got), len(got)),
                     _percent(sum(u for _, u in got), len(got)), interval, versus]  # fmt: skip
            print("| " + " | ".join(cells) + " |")
    print()


def _caught(pairs: list[tuple[bool, bool]]) -> float:
    """Of the references a checker passes untouched, the share it flags once corrupted."""
    clean = [corrupted for corrupted, untouched in pairs if not untouched]
    return sum(clean) / len(clean) if clean else 0.0


def _percent(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}%" if total else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--boot", type=int, default=1000)
    args = parser.parse_args()
    records = load(args.eval_dir / "summarization_en.jsonl")
    evaluate([r for r in records if r.get("highlights")], args.boot)


if __name__ == "__main__":
    main()
