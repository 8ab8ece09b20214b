"""Batches end to end: bad items in place, digests, batching across documents, resuming."""

import io
import json
from pathlib import Path

import pytest
from conftest import SAMPLES

from summarize import Document, Summarizer
from summarize.cli import main
from summarize.engines.transformers_engine import TransformersEngine

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


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    real = TransformersEngine.generate

    def counting(self, texts, options):  # type: ignore[no-untyped-def]
        seen.append(len(texts))
        return real(self, texts, options)

    monkeypatch.setattr(TransformersEngine, "generate", counting)
    return seen


def test_documents_share_model_batches(tiny_settings: dict, calls: list[int]) -> None:
    texts = [path.read_text() for path in sorted(SAMPLES.glob("*.en.txt"))] + [Path(STATEMENT).read_text()]
    documents = [Document(text, f"d{n}") for n, text in enumerate(texts)]
    Summarizer(**tiny_settings, languages="en,es", cache=False).summarize_documents(documents)
    together = len(calls)
    calls.clear()
    alone = Summarizer(**tiny_settings, languages="en,es", cache=False)
    for document in documents:
        alone.summarize_document(document)
    assert together < len(calls)


def test_an_interrupted_digest_resumes_from_the_cache(
    tiny_flags: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[int]
) -> None:
    inputs = [GOOD, STATEMENT, str(SAMPLES / "iraq-study-group.en.txt")]
    args = ["digest", *inputs, *tiny_flags, "--length", "short", "-o", str(tmp_path / "news.md")]
    counting = TransformersEngine.generate

    def failing(self, texts, options):  # type: ignore[no-untyped-def]
        if len(calls) >= 2:
            raise KeyboardInterrupt
        return counting(self, texts, options)

    monkeypatch.setattr(TransformersEngine, "generate", failing)
    code, _, err = cli(*args)
    assert code == 130 and "interrupted" in err
    assert not (tmp_path / "news.md").exists()
    monkeypatch.setattr(TransformersEngine, "generate", counting)
    calls.clear()
    code, _, _ = cli(*args)
    assert code == 0 and (tmp_path / "news.md").read_text().count("### ") == 3
    resumed = len(calls)
    calls.clear()
    cli(*args, "--no-cache")
    assert resumed < len(calls)  # the finished batches were not computed again
