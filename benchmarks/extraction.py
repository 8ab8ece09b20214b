# ruff: noqa: E501 (the layouts are markup, in long lines as publishing systems write it)
"""How well web pages are read: article sentences recovered and boilerplate leaked.

    python benchmarks/extraction.py [--eval-dir ../shared/eval] [--corpus DIR] [--articles 200]

1. Pages as publishing systems write them: each CNN/DailyMail article of the evaluation set
   (`summarization_en.jsonl`) wrapped in the markup of three layouts (a WordPress theme, a news CMS
   with a paywall box and "most read" list, a Ghost/Medium-style blog with share bars and a
   newsletter sign-up), each with navigation, cookie banner, related links, comments and footer.
   Reported per layout: the share of the article's sentences found whole in what `summarize`
   reads (recall), and the share of the boilerplate sentences that leak into it.
2. Real pages, when `--corpus` names a checkout of scrapinghub/article-extraction-benchmark
   (181 news pages with hand-checked article bodies, MIT licence): precision, recall and F1 of word
   4-gram shingles against the ground truth, as that benchmark's own evaluate.py computes them.

Both against two baselines: trafilatura with its defaults (what summarize adds is the pruning of
sign-up, share and "related" boxes), and all the page's text (lxml's text_content).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from summarize.segment import split_sentences
from summarize.sources.web import extract_page

REPO = Path(__file__).resolve().parent.parent
BOILERPLATE = [
    "We use cookies to personalise content and ads and to analyse our traffic.",
    "Sign up for our morning briefing and get the top stories in your inbox every day.",
    "Share this article on Facebook, Twitter or by email with your friends.",
    "Most read: Stocks slide as investors weigh rate outlook; Storm warning issued for the coast.",
    "Subscribe now for unlimited access to award-winning journalism from just one dollar a week.",
    "Comments are moderated and may take some time to appear below the article.",
    "Copyright 2026 Example Media Group. All rights reserved. Terms and privacy policy.",
    "Related coverage: Officials respond to criticism over the handling of the inquiry.",
]


def _paragraphs(article: str) -> list[str]:
    sentences = split_sentences(article, "en")
    return [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def wordpress(title: str, paragraphs: list[str]) -> str:
    body = "".join(map(_p, paragraphs))
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)} &#8211; Example</title></head><body>"
            f"<div class='cookie-notice'>{_p(BOILERPLATE[0])}</div><nav class='main-navigation'><a href='/'>Home</a>"
            f"<a href='/news'>News</a></nav><main><article class='post'><h1 class='entry-title'>{html.escape(title)}</h1>"
            f"<div class='entry-content'>{body}</div><div class='sharedaddy'>{_p(BOILERPLATE[2])}</div></article>"
            f"<aside class='related-posts'>{_p(BOILERPLATE[7])}</aside><div class='newsletter-signup'>{_p(BOILERPLATE[1])}"
            f"</div><section id='comments'>{_p(BOILERPLATE[5])}</section></main>"
            f"<footer class='site-footer'>{_p(BOILERPLATE[6])}</footer></body></html>")  # fmt: skip


def news_cms(title: str, paragraphs: list[str]) -> str:
    middle = len(paragraphs) // 2
    first, rest = "".join(map(_p, paragraphs[:middle])), "".join(map(_p, paragraphs[middle:]))
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)} | Example News</title></head><body>"
            f"<header><div id='consent-banner'>{_p(BOILERPLATE[0])}</div><ul class='nav'><li><a href='/world'>World</a>"
            f"</li></ul></header><div class='article-body'><h1>{html.escape(title)}</h1>{first}"
            f"<div class='paywall-promo'>{_p(BOILERPLATE[4])}</div>{rest}</div>"
            f"<div class='most-read'><h3>Most read</h3>{_p(BOILERPLATE[3])}</div>"
            f"<div class='comments'>{_p(BOILERPLATE[5])}</div><footer>{_p(BOILERPLATE[6])}</footer></body></html>")  # fmt: skip


def blog(title: str, paragraphs: list[str]) -> str:
    body = "".join(map(_p, paragraphs))
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body><div class='site'>"
            f"<div class='share-bar'>{_p(BOILERPLATE[2])}</div><article><header><h1>{html.escape(title)}</h1></header>"
            f"<section class='post-content'>{body}</section><section class='subscribe-form'>{_p(BOILERPLATE[1])}</section>"
            f"</article><aside class='read-next'>{_p(BOILERPLATE[7])}</aside><div class='site-footer'>"
            f"{_p(BOILERPLATE[6])}</div></div></body></html>")  # fmt: skip


LAYOUTS: dict[str, Callable[[str, list[str]], str]] = {"WordPress": wordpress, "news CMS": news_cms, "blog": blog}


def ours(page: str) -> str:
    try:
        return extract_page(page, "page").text
    except Exception:
        return ""


def trafilatura_defaults(page: str) -> str:
    import trafilatura

    return trafilatura.extract(page) or ""


def all_text(page: str) -> str:
    import lxml.html

    return str(lxml.html.fromstring(page).text_content())


READERS = {"summarize": ours, "trafilatura defaults": trafilatura_defaults, "all text": all_text}


def _norm(text: str) -> str:
    return " ".join(text.split())


def synthetic(eval_dir: Path, limit: int) -> None:
    rows = [json.loads(line) for line in (eval_dir / "summarization_en.jsonl").open(encoding="utf-8")][:limit]
    print(f"## Pages in three layouts around {len(rows)} CNN/DailyMail articles\n")
    print("| layout | reader | article sentences recovered | boilerplate sentences leaked |")
    print("| --- | --- | ---: | ---: |")
    for layout, make in LAYOUTS.items():
        for name, read in READERS.items():
            found = total = leaked = 0
            for row in rows:
                paragraphs = _paragraphs(row["article"])
                text = _norm(read(make(row["highlights"].split("\n")[0][:80], paragraphs)))
                sentences = [_norm(s) for p in paragraphs for s in split_sentences(p, "en")]
                found += sum(s in text for s in sentences)
                total += len(sentences)
                leaked += sum(b in text for b in BOILERPLATE)
            share = leaked / (len(rows) * len(BOILERPLATE))
            print(f"| {layout} | {name} | {100 * found / total:.1f}% | {100 * share:.1f}% |")
    print()


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))


def real_pages(corpus: Path) -> None:
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    print(f"## {len(truth)} real news pages (scrapinghub/article-extraction-benchmark, MIT)\n")
    print("| reader | precision | recall | F1 (mean per page) |")
    print("| --- | ---: | ---: | ---: |")
    for name, read in READERS.items():
        scores = []
        for key, entry in truth.items():
            page = gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
            expected, got = _shingles(entry["articleBody"]), _shingles(read(page))
            overlap = sum((expected & got).values())
            precision = overlap / max(1, sum(got.values()))
            recall = overlap / max(1, sum(expected.values()))
            scores.append((precision, recall, 2 * precision * recall / (precision + recall) if overlap else 0.0))
        p, r, f = (statistics.mean(column) for column in zip(*scores, strict=True))
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--corpus", type=Path, help="a checkout of scrapinghub/article-extraction-benchmark")
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    if (args.eval_dir / "summarization_en.jsonl").exists():
        synthetic(args.eval_dir, args.articles)
    else:
        print(f"(no {args.eval_dir / 'summarization_en.jsonl'}: the layout pages are skipped)\n")
    if args.corpus is not None:
        real_pages(args.corpus)


if __name__ == "__main__":
    main()
