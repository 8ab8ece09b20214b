"""ROUGE of the extractive engine against reference summaries, next to the first-three-sentences baseline.

    python benchmarks/extractive_rouge.py [--eval-dir ../shared/eval] [--length medium]

English: the CNN/DailyMail test articles of summarization_en.jsonl with their reference
highlights. Russian: the RIA news items of summarization_ru.jsonl, whose reference is the
headline. Either file may be missing; what is there is measured. The baseline is the first three
sentences as the engine splits them, within its word budget; the last column counts the articles
whose extractive summary is exactly that. ROUGE-1/2/L are F1 x 100 from
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

from summarize.lexrank import LENGTHS, body_sentences, summarize_extractive

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


def lead3(text: str, language: str, length: str) -> str:
    """The first three sentences as the engine splits them (body_sentences: no title line, no dateline),
    within the same word budget: a fair baseline, never hundreds of words for an unsplittable text."""
    sentences = body_sentences(text, language)[:3]
    words = " ".join(sentences).split()
    limit = LENGTHS[length][1]
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _sets(eval_dir: Path) -> list[tuple[str, str, list[tuple[str, str]], object]]:
    """Each evaluation file that is present (any may be missing), with its scorer."""
    from rouge_score import rouge_scorer

    found = []
    loaders = (("en", "CNN/DailyMail", "summarization_en.jsonl", load_english, None),
               ("ru", "RIA headlines", "summarization_ru.jsonl", load_russian, "russian"))  # fmt: skip
    for language, name, file, load, stemmer in loaders:
        if not (eval_dir / file).exists():
            print(f"({eval_dir / file} not found: {name} skipped)")
            continue
        tokenizer = {"tokenizer": UnicodeTokenizer(stemmer)} if stemmer else {"use_stemmer": True}
        pairs = load(eval_dir)
        found.append((language, f"{name} ({len(pairs)})", pairs,
                      rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], **tokenizer)))  # fmt: skip
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--length", choices=tuple(LENGTHS), default="medium")
    args = parser.parse_args()
    sentences, words = LENGTHS[args.length]
    print(f"extractive length: {args.length} (at most {sentences} sentences, {words} words)")
    print("| language | data | system | ROUGE-1 | ROUGE-2 | ROUGE-L | identical to the first three |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for language, name, pairs, scorer in _sets(args.eval_dir):
        leads = {article: lead3(article, language, args.length) for article, _ in pairs}
        extracts = {article: summarize_extractive(article, language, args.length).text for article, _ in pairs}
        same = sum(_same(leads[a], extracts[a]) for a, _ in pairs)
        for system, outputs in (("first three sentences", leads), ("extractive (biased LexRank)", extracts)):
            r = score(pairs, outputs.__getitem__, scorer)
            share = f"{same} of {len(pairs)}" if outputs is extracts else ""
            print(
                f"| {language} | {name} | {system} | {r['rouge1']:.1f} | {r['rouge2']:.1f} | {r['rougeL']:.1f} "
                f"| {share} |"
            )


if __name__ == "__main__":
    main()
