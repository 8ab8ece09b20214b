"""ROUGE of the extractive engine against reference summaries, next to the first-three-sentences baseline.

    python benchmarks/extractive_rouge.py [--eval-dir ../shared/eval] [--length medium]

English: 200 CNN/DailyMail test articles with their reference highlights. Russian: 20 RIA news
items whose reference is the headline (no Russian summary set was available). Spanish: no
summarization set was available, so nothing is reported. ROUGE-1/2/L are F1 x 100 from
rouge-score; English uses its standard tokenizer with the Porter stemmer, Russian a Unicode word
tokenizer with the Snowball stemmer (the standard one drops every non-Latin letter).
Needs `pip install rouge-score`.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import statistics
from collections.abc import Callable
from pathlib import Path

from summarize.lexrank import LENGTHS, summarize_extractive
from summarize.segment import split_sentences

REPO = Path(__file__).resolve().parent.parent


class UnicodeTokenizer:
    """Lower-cased Unicode words, stemmed with Snowball: ROUGE for non-Latin scripts."""

    def __init__(self, language: str) -> None:
        import snowballstemmer

        self.stemmer = snowballstemmer.stemmer(language)

    def tokenize(self, text: str) -> list[str]:
        return self.stemmer.stemWords(re.findall(r"[^\W_]+", text.lower()))


def load_english(eval_dir: Path) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in (eval_dir / "summarization_en.jsonl").open(encoding="utf-8")]
    return [(row["article"], row["highlights"]) for row in rows]


def load_russian(eval_dir: Path) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in (eval_dir / "summarization_ru.jsonl").open(encoding="utf-8")]

    # The text is raw HTML (see SOURCES.md): strip tags, unescape entities, keep paragraphs.
    def clean(markup: str) -> str:
        text = re.sub(r"</p>|<br\s*/?>", "\n\n", markup)
        return html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\xa0", " ")

    return [(clean(row["text"]), row["summary"]) for row in rows]


def score(pairs: list[tuple[str, str]], summarize: Callable[[str], str], scorer) -> dict[str, float]:  # type: ignore[no-untyped-def]
    results = [scorer.score(reference, summarize(article)) for article, reference in pairs]
    return {name: 100 * statistics.mean(r[name].fmeasure for r in results) for name in ("rouge1", "rouge2", "rougeL")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--length", choices=tuple(LENGTHS), default="medium")
    args = parser.parse_args()
    from rouge_score import rouge_scorer

    sets = [
        ("en", "CNN/DailyMail (200)", load_english(args.eval_dir),
         rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)),
        ("ru", "RIA headlines (20)", load_russian(args.eval_dir),
         rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=UnicodeTokenizer("russian"))),
    ]  # fmt: skip
    sentences, words = LENGTHS[args.length]
    print(f"extractive length: {args.length} (at most {sentences} sentences, {words} words)")
    print("| language | data | system | ROUGE-1 | ROUGE-2 | ROUGE-L |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for language, name, pairs, scorer in sets:

        def lead3(text: str, language: str = language) -> str:
            return " ".join(split_sentences(text, language)[:3])

        def extractive(text: str, language: str = language) -> str:
            return summarize_extractive(text, language, args.length).text

        for system, function in (("first three sentences", lead3), ("extractive (biased LexRank)", extractive)):
            r = score(pairs, function, scorer)
            print(f"| {language} | {name} | {system} | {r['rouge1']:.1f} | {r['rouge2']:.1f} | {r['rougeL']:.1f} |")


if __name__ == "__main__":
    main()
