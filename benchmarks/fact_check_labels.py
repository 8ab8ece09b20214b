"""The fact check against human labels of real system summaries, next to a one-line baseline.

    python benchmarks/fact_check_labels.py [--eval-dir ../shared/eval] [--boot 1000]

Data: `factuality_dev_en.jsonl` (QAGS: 469 machine summaries of CNN/DailyMail and XSum
articles, each sentence judged by three crowd workers; lower-cased by the systems that wrote
them), as given and recased (each word given the case it most often has in the cased
CNN/DailyMail articles of `summarization_en.jsonl`, sentence starts capitalised). A sentence is
positive when the workers' majority says the article does not support it; a summary when any
of its sentences is. Flagged: the check finds an unsupported fact in it.

Baseline: flag a text when it holds a capitalised word, or a token with a digit, that is not a
case-insensitive substring of the article.

Reported per level (sentence, summary): precision and recall of flags, false alarms (the share
of supported texts flagged) and balanced accuracy ((recall + 1 - false alarms) / 2), with 95%
bootstrap intervals from resampling the summaries (one per article), and the interval of the
difference in balanced accuracy against the baseline. And per data set, the Spearman correlation
between the check's support score (the report's `support`) and the share of a summary's
sentences the workers call supported, with its bootstrap interval (the baseline's 0/1 verdict
next to it): a stand-in for the correlation with expert consistency scores, which are not here.
Deterministic (seeded); needs no model.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from summarize.facts import check

REPO = Path(__file__).resolve().parent.parent
_WORD = re.compile(r"\S+")


def baseline(text: str, article: str) -> bool:
    folded = article.lower()
    for token in _WORD.findall(text):
        word = token.strip(".,;:!?\"'`()[]")
        if word and (word[0].isupper() or any(c.isdigit() for c in word)) and word.lower() not in folded:
            return True
    return False


def ours(text: str, article: str) -> bool:
    return not check(text, article, language="en", source_language="en").ok


def supported_share(text: str, article: str) -> float:
    """The check's support score (the report's `support`: facts that hold and words the article uses)."""
    support = check(text, article, language="en", source_language="en").support
    return 0.0 if support is None else support


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in order[start : end + 1]:
            ranks[position] = (start + end) / 2  # ties share their mean rank
        start = end + 1
    return ranks


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = _ranks(a), _ranks(b)
    mean_a, mean_b = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - mean_a) * (y - mean_b) for x, y in zip(ra, rb, strict=True))
    var = sum((x - mean_a) ** 2 for x in ra) * sum((y - mean_b) ** 2 for y in rb)
    return cov / var**0.5 if var else 0.0


class Recaser:
    """Each word's most frequent case in cased news text; sentence starts capitalised."""

    def __init__(self, cased: list[str]) -> None:
        forms: dict[str, Counter[str]] = {}
        for text in cased:
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                for word in re.findall(r"[A-Za-z][\w'-]*", sentence)[1:]:  # sentence starts say nothing
                    forms.setdefault(word.lower(), Counter())[word] += 1
        self.best = {word: counts.most_common(1)[0][0] for word, counts in forms.items()}

    def __call__(self, text: str) -> str:
        def word(match: re.Match[str]) -> str:
            return self.best.get(match.group(0).lower(), match.group(0))

        text = re.sub(r"[A-Za-z][\w'-]*", word, text)
        return re.sub(r"(^|[.!?]\s+|[`'\"]\s*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def _rates(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    """Precision, recall, false alarms and balanced accuracy of (flagged, positive) pairs."""
    tp = sum(f and p for f, p in pairs)
    fp = sum(f and not p for f, p in pairs)
    positives = sum(p for _, p in pairs)
    negatives = len(pairs) - positives
    recall = tp / positives if positives else 0.0
    false_alarms = fp / negatives if negatives else 0.0
    return {"precision": tp / (tp + fp) if tp + fp else 0.0, "recall": recall, "false alarms": false_alarms,
            "balanced": (recall + 1 - false_alarms) / 2}  # fmt: skip


def _levels(record: dict, text_of: Callable[[str], str], judge: Callable[[str, str], bool]) -> dict[str, list]:
    article = text_of(record["article"])
    sentences = [(judge(text_of(s["text"]), article), not s["supported"]) for s in record["sentences"]]
    summary = (any(f for f, _ in sentences), not record["factual"])
    return {"sentence": sentences, "summary": [summary]}


def _interval(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[int(0.025 * len(ordered))], ordered[int(0.975 * len(ordered)) - 1]


def evaluate(records: list[dict], text_of: Callable[[str], str], boot: int, title: str) -> None:
    judged = {name: [_levels(r, text_of, judge) for r in records] for name, judge in
              (("summarize", ours), ("baseline", baseline))}  # fmt: skip
    rng = random.Random(0)
    samples = [[rng.randrange(len(records)) for _ in records] for _ in range(boot)]
    print(f"## {title} ({len(records)} summaries)\n")
    print("| level | checker | precision | recall | false alarms | balanced accuracy (95% CI) | vs baseline (95% CI) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for level in ("sentence", "summary"):
        whole = {name: _rates([pair for row in rows for pair in row[level]]) for name, rows in judged.items()}
        resampled = {
            name: [_rates([pair for i in sample for pair in rows[i][level]])["balanced"] for sample in samples]
            for name, rows in judged.items()
        }
        gap_low, gap_high = _interval([a - b for a, b in zip(*resampled.values(), strict=True)])
        for name, rates in whole.items():
            low, high = _interval(resampled[name])
            gap = rates["balanced"] - whole["baseline"]["balanced"]
            versus = f"{100 * gap:+.1f} ({100 * gap_low:+.1f} to {100 * gap_high:+.1f})" if name == "summarize" else ""
            cells = [level, name, f"{100 * rates['precision']:.1f}%", f"{100 * rates['recall']:.1f}%",
                     f"{100 * rates['false alarms']:.1f}%",
                     f"{100 * rates['balanced']:.1f} ({100 * low:.1f}-{100 * high:.1f})", versus]  # fmt: skip
            print("| " + " | ".join(cells) + " |")
    _correlation(records, text_of, samples)
    print()


def _correlation(records: list[dict], text_of: Callable[[str], str], samples: list[list[int]]) -> None:
    human = [sum(s["supported"] for s in r["sentences"]) / len(r["sentences"]) for r in records]
    scores: dict[str, list[float]] = {"summarize": [], "baseline": []}
    for record in records:
        article, text = text_of(record["article"]), " ".join(text_of(s["text"]) for s in record["sentences"])
        scores["summarize"].append(supported_share(text, article))
        scores["baseline"].append(0.0 if baseline(text, article) else 1.0)
    cells = []
    for name, values in scores.items():
        resampled = [spearman([human[i] for i in sample], [values[i] for i in sample]) for sample in samples]
        low, high = _interval(resampled)
        cells.append(f"{name} {spearman(human, values):.2f} ({low:.2f} to {high:.2f})")
    print(f"\nSpearman with the share of supported sentences: {'; '.join(cells)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--boot", type=int, default=1000)
    args = parser.parse_args()
    path = args.eval_dir / "factuality_dev_en.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for dataset in ("cnndm", "xsum"):
        evaluate([r for r in records if r["dataset"] == dataset], str, args.boot, f"QAGS {dataset}, as given")
    cased_path = args.eval_dir / "summarization_en.jsonl"
    if cased_path.exists():
        cased = [json.loads(line)["article"] for line in cased_path.read_text(encoding="utf-8").splitlines()]
        recase = Recaser(cased)
        for dataset in ("cnndm", "xsum"):
            evaluate([r for r in records if r["dataset"] == dataset], recase, args.boot, f"QAGS {dataset}, recased")


if __name__ == "__main__":
    main()
