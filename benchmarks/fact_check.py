"""The fact check's false alarms on faithful text and its detection of planted errors.

    python benchmarks/fact_check.py [--eval ../shared/eval] [--limit N] [--samples 10]

False alarms: FLORES-200 human translations (en->es, en->ru) checked against their English
sentences, and CNN/DailyMail reference highlights checked against their articles: the share of
items with at least one fact flagged, per fact kind. Detection: the same texts with one planted
error each (a changed digit, a number swapped for another from the same document, a name
swapped for another from the same document, a surname kept with another person's given name,
a statement given to another person, a wrong month, a dropped "million"), counted as
caught when a fact overlapping the change is flagged. Texts the check already flags there are
left out of the detection count, so it measures what the planted error adds. Time: the check's
milliseconds per item. Deterministic (seeded); needs no model.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from summarize.facts import check
from summarize.facts.extract import Fact, extract_facts
from summarize.facts.lexicon import fold, month_names

KINDS = ("number", "percent", "money", "year", "time", "date", "name")
CORRUPTIONS = ("changed digit", "swapped number", "swapped name", "other first name", "wrong speaker", "wrong month",
               "dropped million")  # fmt: skip


def load(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def detokenize(text: str) -> str:
    """CNN/DM highlights come PTB-tokenized (`` Locke 's ``): put them back to plain text."""
    text = text.replace("``", '"').replace("''", '"').replace("-LRB- ", "(").replace(" -RRB-", ")")
    text = re.sub(r" (['\u2019](s|re|ve|ll|d|m)|n't)\b", r"\1", text)
    text = re.sub(r" ([.,;:!?%)])", r"\1", text)
    return re.sub(r"([($£€]) ", r"\1", text)


# --- planted errors ------------------------------------------------------------------------------

Corruption = Callable[[str, str, list[Fact], list[Fact], random.Random], tuple[str, int, int] | None]


def _replace(text: str, start: int, end: int, new: str) -> tuple[str, int, int]:
    return text[:start] + new + text[end:], start, start + len(new)


def changed_digit(text: str, language: str, facts: list[Fact], pool: list[Fact], rng: random.Random):
    numbers = [f for f in facts if f.kind in ("number", "percent", "money", "year") and re.search(r"\d", f.text)]
    if not numbers:
        return None
    fact = rng.choice(numbers)
    digits = [i for i, ch in enumerate(fact.text) if ch.isdigit()]
    position = rng.choice(digits)
    old = fact.text[position]
    new = rng.choice([d for d in "0123456789" if d != old and not (d == "0" and position == digits[0])])
    return _replace(text, fact.start + position, fact.start + position + 1, new)


def swapped_number(text: str, language: str, facts: list[Fact], pool: list[Fact], rng: random.Random):
    numbers = [f for f in facts if f.kind in ("number", "percent", "money") and re.search(r"\d", f.text)]
    own = {f.text for f in numbers}
    others = [f for f in pool if f.kind == "number" and f.text not in own and re.fullmatch(r"[\d.,]+", f.text)]
    if not numbers or not others:
        return None
    fact = rng.choice(numbers)
    digits = re.search(r"[\d][\d.,\s]*\d|\d", fact.text)
    assert digits is not None
    replacement = rng.choice(others).text
    return _replace(text, fact.start + digits.start(), fact.start + digits.end(), replacement)


def swapped_name(text: str, language: str, facts: list[Fact], pool: list[Fact], rng: random.Random):
    names = [f for f in facts if f.kind == "name"]
    own = {fold(w) for f in names for w in f.words}
    others = [f for f in pool if f.kind == "name" and not own & set(f.words)]
    if not names or not others:
        return None
    fact = rng.choice(names)
    return _replace(text, fact.start, fact.end, rng.choice(others).text)


def other_first_name(text: str, language: str, facts: list[Fact], pool: list[Fact], rng: random.Random):
    """A two-word name's surname kept with the given name of another person of the same document."""
    people = [f for f in facts if f.kind == "name" and len(f.text.split()) == 2 and f.text.split()[0].isalpha()]
    own = {f.text.split()[0] for f in people}
    given = sorted({f.text.split()[0] for f in pool if f.kind == "name" and len(f.text.split()) == 2} - own)
    given = [g for g in given if g.isalpha() and g[0].isupper() and len(g) >= 3]
    if not people or not given:
        return None
    fact = rng.choice(people)
    first = fact.text.split()[0]
    return _replace(text, fact.start, fact.start + len(first), rng.choice(given))


_SAID = re.compile(r"\b(said|says|told)\b")


def wrong_speaker(text: str, language: str, facts: list[Fact], pool: list[Fact], rng: random.Random):
    """A quote or statement given to another person of the same document: the name just before or
    after "said", "says" or "told" swapped for another two-word name."""
    near = [f for f in facts if f.kind == "name" and any(
        abs(m.start() - f.end) <= 1 or abs(f.start - m.end()) <= 1 for m in _SAID.finditer(text))]  # fmt: skip
    own = {fold(w) for f in facts if f.kind == "name" for w in f.words}
    others = sorted({f.text for f in pool if f.kind == "name" and len(f.text.split()) == 2 and not own & set(f.words)})
    if not near or not others:
        return None
    fact = rng.choice(near)
    return _replace(text, fact.start, fact.end, rng.choice(others))


def wrong_month(text: str, language: str, facts: list[Fact], pool: list[Fact], rng: random.Random):
    dates = [f for f in facts if f.kind == "date" and f.values[0] == "month"]
    if not dates:
        return None
    fact = rng.choice(dates)
    names = month_names(language)
    for word in re.finditer(r"\w+", fact.text):
        month = names.get(fold(word.group()))
        if month is None:
            continue
        # The other month in the same grammatical form (CLDR's format names: "марта" -> "мая").
        from babel import Locale

        forms = Locale.parse(language).months
        for context in ("format", "stand-alone"):
            wide = forms[context]["wide"]
            if fold(wide[month]) == fold(word.group()):
                new = wide[rng.choice([m for m in range(1, 13) if m != month])]
                if word.group()[0].isupper():
                    new = new[0].upper() + new[1:]
                start = fact.start + word.start()
                return _replace(text, start, start + len(word.group()), new)
    return None


_SCALE = re.compile(r"\s+(million|millions|millones|millón|млн\.?|миллион\w*|billion|mil millones|млрд\.?)", re.I)


def dropped_million(text: str, language: str, facts: list[Fact], pool: list[Fact], rng: random.Random):
    scaled = [(f, m) for f in facts if f.kind in ("number", "money") for m in [_SCALE.search(f.text)] if m]
    if not scaled:
        return None
    fact, match = rng.choice(scaled)
    start = fact.start + match.start()
    changed = text[:start] + text[fact.start + match.end() :]
    return changed, fact.start, start


_PLANTED = (changed_digit, swapped_number, swapped_name, other_first_name, wrong_speaker, wrong_month, dropped_million)
PLANTERS: dict[str, Corruption] = dict(zip(CORRUPTIONS, _PLANTED, strict=True))


# --- runs ----------------------------------------------------------------------------------------


class Tally:
    def __init__(self) -> None:
        self.items = 0
        self.flagged = 0
        self.by_kind: Counter[str] = Counter()
        self.has_kind: Counter[str] = Counter()
        self.caught: Counter[str] = Counter()
        self.planted: Counter[str] = Counter()
        self.seconds = 0.0
        self.examples: list[tuple[str, str, str]] = []


def run_pairs(
    pairs: list[tuple[str, str, str, str, list[Fact]]], language: str, source_language: str, seed: int, samples: int
) -> Tally:
    """pairs: (item id, text to check, source, document id, the document's facts in `language`)."""
    tally = Tally()
    for item_id, text, source, _, pool in pairs:
        started = time.perf_counter()
        report = check(text, source, language=language, source_language=source_language)
        tally.seconds += time.perf_counter() - started
        tally.items += 1
        kinds = {c.kind for c in report.checks}
        tally.has_kind.update(kinds)
        bad = report.unsupported
        if bad:
            tally.flagged += 1
            if len(tally.examples) < samples:
                tally.examples.append((item_id, ", ".join(f"{c.text} ({c.status})" for c in bad), text[:300]))
        tally.by_kind.update({c.kind for c in bad})
        facts = extract_facts(text, language)
        for name, plant in PLANTERS.items():
            # Each item's draw is its own: a change that finds more facts elsewhere moves no other draw.
            planted = plant(text, language, facts, pool, random.Random(f"{seed}:{item_id}:{name}"))
            if planted is None:
                continue
            changed, start, end = planted
            # Left out where the check already flags that spot in the faithful text.
            if any(c.start < max(end, start + 1) and start < c.end for c in bad):
                continue
            tally.planted[name] += 1
            after = check(changed, source, language=language, source_language=source_language).unsupported
            if any(c.start < max(end, start + 1) and start <= c.end for c in after):
                tally.caught[name] += 1
    return tally


def report(title: str, tally: Tally) -> None:
    print(f"\n## {title}\n")
    share = 100 * tally.flagged / max(1, tally.items)
    print(f"items: {tally.items}; flagged (any fact): {tally.flagged} ({share:.1f}%); "
          f"check time: {1000 * tally.seconds / max(1, tally.items):.1f} ms per item")  # fmt: skip
    print("\n| fact kind | items with it | items flagged for it | share of all items |")
    print("| --- | ---: | ---: | ---: |")
    for kind in KINDS:
        print(f"| {kind} | {tally.has_kind[kind]} | {tally.by_kind[kind]} | "
              f"{100 * tally.by_kind[kind] / max(1, tally.items):.1f}% |")  # fmt: skip
    print("\n| planted error | planted | caught | recall |")
    print("| --- | ---: | ---: | ---: |")
    for name in CORRUPTIONS:
        planted, caught = tally.planted[name], tally.caught[name]
        recall = f"{100 * caught / planted:.1f}%" if planted else "-"
        print(f"| {name} | {planted} | {caught} | {recall} |")
    if tally.examples:
        print("\nSample of flags:\n")
        for item_id, flags, text in tally.examples:
            print(f"- {item_id}: {flags} -- {text!r}")


def flores(path: Path, limit: int | None, samples: int) -> Tally:
    records = load(path)[:limit]
    language = "es" if "es" in path.stem.split("_")[-1] else "ru"
    documents: dict[str, list[Fact]] = defaultdict(list)
    for record in records:
        documents[record["url"]] += extract_facts(record["ref"], language)
    pairs = [(r["id"], r["ref"], r["src"], r["url"], documents[r["url"]]) for r in records]
    return run_pairs(pairs, language, "en", seed=1, samples=samples)


def cnn_dailymail(path: Path, limit: int | None, samples: int) -> Tally:
    records = load(path)[:limit]
    pairs = []
    for record in records:
        article = record["article"]
        pairs.append((record["id"], detokenize(record["highlights"]), article, record["id"],
                      extract_facts(article, "en")))  # fmt: skip
    return run_pairs(pairs, "en", "en", seed=2, samples=samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval")
    parser.add_argument("--limit", type=int, default=None, help="items per data set (default: all)")
    parser.add_argument("--samples", type=int, default=10, help="flagged items to show per data set")
    args = parser.parse_args()
    if not args.eval.is_dir():
        print(f"no evaluation data at {args.eval}: pass --eval DIR", file=sys.stderr)
        return 2
    report("FLORES-200 en->es (human translations)", flores(args.eval / "translation_en-es.jsonl", args.limit,
                                                            args.samples))  # fmt: skip
    report("FLORES-200 en->ru (human translations)", flores(args.eval / "translation_en-ru.jsonl", args.limit,
                                                            args.samples))  # fmt: skip
    report("CNN/DailyMail reference highlights vs articles",
           cnn_dailymail(args.eval / "summarization_en.jsonl", args.limit, args.samples))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
