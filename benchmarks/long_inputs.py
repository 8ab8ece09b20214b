"""Time and model calls for inputs of growing length: does the cost grow linearly?

    python benchmarks/long_inputs.py                       # tiny test models, 1k to 50k words
    python benchmarks/long_inputs.py --sizes 1000,5000     # fewer sizes
    python benchmarks/long_inputs.py --default             # the default Hub models (must be downloaded)

Inputs are the first N words of a long real text (by default the evaluation copy of *Pride and
Prejudice* in ../shared/eval/long_en.txt, cut at a paragraph boundary), summarized into English,
Spanish and Russian with the cache off. "texts" counts the texts handed to models (chunk
summaries, reduce steps, translated sentences); "calls" the batched generate() calls.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
DEFAULT_SOURCE = REPO.parent / "shared" / "eval" / "long_en.txt"


def first_words(text: str, count: int) -> str:
    """The first paragraphs of `text` holding about `count` words."""
    kept: list[str] = []
    words = 0
    for paragraph in text.split("\n\n"):
        if words >= count:
            break
        kept.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000,25000,50000")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--default", action="store_true", help="use the default Hub models instead of tiny ones")
    args = parser.parse_args()

    from summarize import Summarizer
    from summarize.runtimes.hf_transformers import TransformersModel

    counts = {"calls": 0, "texts": 0}
    real_generate = TransformersModel.generate

    def counting(self, texts, options):  # type: ignore[no-untyped-def]
        counts["calls"] += 1
        counts["texts"] += len(texts)
        return real_generate(self, texts, options)

    TransformersModel.generate = counting  # type: ignore[method-assign]

    source = args.source.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        settings: dict[str, object] = {"cache": False}
        if not args.default:
            from tiny_models import build_all

            models = build_all(Path(scratch))
            settings |= {
                "summarizer": str(models["summarizer"]),
                "translators": {"es": str(models["en-es"]), "ru": str(models["en-ru"])},
            }
        summarizer = Summarizer(**settings)
        summarizer.summarize("Warm-up: the models load before timing starts.")

        print(f"machine: {platform.machine()}, Python {platform.python_version()}; models: "
              f"{'default Hub models' if args.default else 'tiny test models (128 positions)'}")  # fmt: skip
        print("| words | chunks | rounds | texts | calls | seconds | s per 1,000 words |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for size in (int(s) for s in args.sizes.split(",")):
            text = first_words(source, size)
            words = len(text.split())
            counts.update(calls=0, texts=0)
            started = time.perf_counter()
            result = summarizer.summarize(text)
            elapsed = time.perf_counter() - started
            print(
                f"| {words:,} | {result.chunks:,} | {result.rounds} | {counts['texts']:,} | {counts['calls']:,} "
                f"| {elapsed:.1f} | {elapsed / words * 1000:.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
