"""Batches end to end: bad items in place, digests, batching across documents, resuming."""

import io
import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from counting_runtime import POISON, CountingRuntime

from summarize import Document, Summarizer, SummaryResult
from summarize.cli import main

GOOD = str(SAMPLES / "xdr-tuberculosis.en.txt")
STATEMENT = str(SAMPLES / "statement.txt")


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdin=io.BytesIO(b""), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def rows(tmp_path: Path) -> Path:
    path = tmp_path / "rows.csv"
    path.write_text(
        'id,text\nr1,"The minister met his Cuban counterpart in Havana on Monday to discuss steel."\n'
        'r2,\nr3,"<b>Officials</b> said talks on aircraft and medicine would go on in May."\n'
    )
    return path


def test_bad_items_are_reported_in_place(rows: Path, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    code, out, err = cli(
        GOOD, missing, str(rows), STATEMENT, "--engine", "extractive", "--lang", "en", "--format", "json"
    )
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [GOOD, missing, "r1", "r2", "r3", STATEMENT]
    assert ["error" in r for r in records] == [False, True, False, True, False, False]
    assert "2 of 6 items failed" in err


def test_digest_in_markdown_and_html(rows: Path, tmp_path: Path) -> None:
    for name in ("news.md", "news.html"):
        target = tmp_path / name
        code, _, err = cli("digest", str(rows), STATEMENT, "--engine", "extractive", "--lang", "en", "-o", str(target))
        assert code == 1 and "wrote 3 blurbs" in err  # the empty row is reported, not printed
        text = target.read_text()
        assert text.index("Cuban counterpart") < text.index("aircraft and medicine") < text.index("Chekushov")
        assert not (tmp_path / f"{name}.partial").exists()
    html = (tmp_path / "news.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "&lt;b&gt;Officials" in html and "<b>Officials" not in html
    assert (tmp_path / "news.md").read_text().startswith("# Newsletter\n\n1. [")


def test_a_directory_and_max_words() -> None:
    code, out, _ = cli(
        str(SAMPLES), "--engine", "extractive", "--lang", "en", "--format", "markdown", "--max-words", "20"
    )
    blurbs = out.split("### ")[1:]
    assert len(blurbs) == len(list(SAMPLES.glob("*.txt")))
    english = [line.removeprefix("- **English:** ") for line in out.splitlines() if line.startswith("- **English:** ")]
    assert english and all(len(summary.split()) <= 20 for summary in english)
    assert code == 1  # the Spanish and Russian samples have no translator into English here


def test_documents_share_model_batches(fake_settings: dict, counting: type[CountingRuntime]) -> None:
    texts = [path.read_text() for path in sorted(SAMPLES.glob("*.en.txt"))] + [Path(STATEMENT).read_text()]
    documents = [Document(text, f"d{n}") for n, text in enumerate(texts)]
    Summarizer(**fake_settings, languages="en,es", cache=False).summarize_documents(documents)
    together = len(counting.calls)
    counting.calls.clear()
    alone = Summarizer(**fake_settings, languages="en,es", cache=False)
    for document in documents:
        alone.summarize_document(document)
    assert together < len(counting.calls)


def test_one_failing_document_costs_only_itself(fake_settings: dict, counting: type[CountingRuntime]) -> None:
    texts = [Path(GOOD).read_text(), f"{Path(STATEMENT).read_text()} {POISON}", Path(STATEMENT).read_text()]
    documents = [Document(text, f"d{n}") for n, text in enumerate(texts)]
    outcomes = Summarizer(**fake_settings, languages="en,es").summarize_each(documents)
    assert [type(o).__name__ for o in outcomes] == ["SummaryResult", "ModelError", "SummaryResult"]
    assert "fake:summarizer" in str(outcomes[1]) and "cannot take this input" in str(outcomes[1])
    assert all(o["es"] for o in outcomes if isinstance(o, SummaryResult))
    # The group ran together first, so the healthy documents' chunks shared a batch with the others.
    assert counting.calls[0][1] > 2


def test_a_document_without_a_translator_into_english_fails_alone(tmp_path: Path, tiny: dict[str, Path]) -> None:
    """The issue's case: en, ru and en inputs, no ru-en translator, no fallback: two results, one error, exit 1."""
    russian = tmp_path / "ru.txt"
    russian.write_text((SAMPLES / "iraq-study-group.ru.txt").read_text())
    args = [GOOD, str(russian), STATEMENT, "--engine", "transformers", "--lang", "en", "--format", "json", "-q"]
    code, out, err = cli(*args, "--summarizer", str(tiny["summarizer"]), "--length", "short")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert ["error" in r for r in records] == [False, True, False]
    assert "Russian (ru)" in records[1]["error"] and "--translator LANG-en=MODEL" in records[1]["error"]
    assert "1 of 3 items failed" in err


def test_an_interrupted_digest_resumes_from_the_cache(
    fake_settings: dict, tmp_path: Path, counting: type[CountingRuntime]
) -> None:
    inputs = [GOOD, STATEMENT, str(SAMPLES / "iraq-study-group.en.txt")]
    flags = [
        "--runtime",
        "counting",
        "--summarizer",
        "fake:s",
        "--translator",
        "es=fake:es",
        "--translator",
        "ru=fake:ru",
        "--no-coverage-check",
    ]
    args = ["digest", *inputs, *flags, "--length", "short", "-o", str(tmp_path / "news.md")]
    counting.interrupt_after = 2
    code, _, err = cli(*args)
    assert code == 130 and "interrupted" in err
    assert not (tmp_path / "news.md").exists()
    counting.reset()
    code, _, _ = cli(*args)
    assert code == 0 and (tmp_path / "news.md").read_text().count("### ") == 3
    resumed = len(counting.calls)
    counting.calls.clear()
    cli(*args, "--no-cache")
    assert resumed < len(counting.calls)  # the finished batches were not computed again
