"""The second hardening round: each numbered case of the issue that found it, as a test."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from conftest import SAMPLES

from summarize.cli import main
from summarize.inputs import expand_inputs

EXTRACTIVE = ["--engine", "extractive", "--lang", "en", "--source-lang", "en"]
NEWS = (
    "The ministry said on Monday that exports of machine tools rose by 12 percent in November. "
    "Officials expect the growth to continue next year as new plants open in three regions. "
    "Analysts said the figures were better than expected."
)


def cli(*args: str | bytes, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([os.fsdecode(a) for a in args], stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# --- 7. one bad JSONL row costs only itself -----------------------------------------------------


def test_bad_jsonl_rows_are_their_own_errors(tmp_path: Path) -> None:
    table = tmp_path / "rows.jsonl"
    deep = "[" * 200_000 + "]" * 200_000
    table.write_text(
        json.dumps({"id": "good-1", "text": NEWS}) + "\n"
        + '{"id": "surrogate", "text": "bad \\ud800 text"}\n'
        + '{"id": "bad-id-\\udc9b", "text": "' + NEWS + '"}\n'
        + deep + "\n"
        + json.dumps({"id": "good-2", "text": NEWS}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    code, out, _ = cli(str(table), *EXTRACTIVE, "--format", "json")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(records) == 5
    assert [r.get("error") is None for r in records] == [True, False, True, False, True]
    assert "Unicode" in records[1]["error"] and "nested" in records[3]["error"]
    assert records[2]["id"] == "bad-id-\\xdc9b" or "\\" in records[2]["id"]
    out.encode("utf-8")  # the output as a whole is valid UTF-8


# --- 8. file names that are not UTF-8 -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_undecodable_file_names_are_shown_escaped(tmp_path: Path, fmt: str) -> None:
    name = os.fsencode(tmp_path) + b"/statement-\x9b2J.txt"
    with open(name, "wb") as handle:
        handle.write(NEWS.encode())
    other = tmp_path / "other.txt"
    other.write_text(NEWS, encoding="utf-8")
    code, out, err = cli(name, str(other), *EXTRACTIVE, "--format", fmt)
    assert code == 0, err
    assert "\x9b" not in out and "\udc9b" not in out and "\\x9b" in out
    out.encode("utf-8")


def test_digest_of_an_undecodable_file_name_is_written(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/item-\x9b.txt"
    with open(name, "wb") as handle:
        handle.write(NEWS.encode())
    target = tmp_path / "digest.html"
    code, _, err = cli("digest", name, *EXTRACTIVE, "-o", str(target))
    assert code == 0, err
    assert "\\x9b" in target.read_text(encoding="utf-8")


# --- 11. text in a legacy encoding ----------------------------------------------------------------


def test_a_latin1_spanish_file_is_read_with_a_notice(tmp_path: Path) -> None:
    text = "El ministerio informó el lunes que las exportaciones de máquinas crecieron un 12 por ciento en España."
    path = tmp_path / "nota.txt"
    path.write_bytes(text.encode("latin-1"))
    code, out, err = cli(str(path), "--engine", "extractive", "--lang", "es", "--source-lang", "es")
    assert code == 0 and "España" in out and "WINDOWS-1252" in err


def test_a_windows_1251_file_is_read_with_a_notice(tmp_path: Path) -> None:
    text = "Министерство сообщило в понедельник, что экспорт станков вырос на 12 процентов в ноябре."
    path = tmp_path / "news.txt"
    path.write_bytes(text.encode("cp1251"))
    code, out, err = cli(str(path), "--engine", "extractive", "--lang", "ru", "--source-lang", "ru")
    assert code == 0 and "экспорт" in out and "WINDOWS-1251" in err


# --- 12. sizes of what cannot tell its size; tables are streamed ---------------------------------


def test_a_device_is_refused_by_what_was_read() -> None:
    code, _, err = cli("/dev/zero", *EXTRACTIVE)
    assert code == 1 and "is 0 bytes" not in err and "more than 10,000,000 bytes" in err


def test_a_table_over_the_input_limit_is_streamed_row_by_row(tmp_path: Path) -> None:
    table = tmp_path / "big.jsonl"
    row = json.dumps({"text": NEWS + " " + "x" * 20_000}) + "\n"
    with table.open("w", encoding="utf-8") as handle:
        handle.write(row * 600)  # 12 MB: over the 10 MB a single input may be, fine as rows
    items = list(expand_inputs([str(table)]))
    assert len(items) == 600 and all(item.error is None for item in items)


# --- 13. the extractive summary keeps the text's own bytes -------------------------------------


def test_extractive_summaries_keep_the_bytes_between_sentences() -> None:
    from summarize.extractive import summarize_extractive

    text = "Exports of steel rose sharply.*Imports of grain fell by half in June. The ministers met on Monday."
    assert summarize_extractive(text, "en", "long").text == text


# --- 9. hard-wrapped text keeps its first line ---------------------------------------------------


def test_hard_wrapped_prose_keeps_its_first_line() -> None:
    from summarize.extractive import summarize_extractive

    novel = (SAMPLES / "pride-and-prejudice-opening.en.txt").read_text(encoding="utf-8")
    assert summarize_extractive(novel, "en", "long").text.startswith("It is a truth universally acknowledged")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("The ministry said on Monday that exports\nof machine tools rose by 12 percent in November.\n", None),
        ("The ministry said on Monday that exports of\nRussian machine tools rose by 12 percent in November.", None),
        ("Exports up 12 percent\n\nThe ministry said on Monday that exports rose.", "Exports up 12 percent"),
        (
            "Russia and Cuba talk steel\nThe ministers met in Havana on Monday to discuss steel and aircraft.",
            "Russia and Cuba talk steel",
        ),
    ],
)
def test_a_title_is_clearly_a_title(text: str, title: str | None) -> None:
    from summarize.blurbs import headline
    from summarize.extractive import summarize_extractive
    from summarize.segment import title_of

    assert title_of(text) == title
    summary = summarize_extractive(text, "en", "long").text
    if title is None:  # nothing is lost: the summary holds the whole wrapped sentence
        assert summary.startswith("The ministry said on Monday that exports")
        assert "12 percent" in summary and headline(text, "en").startswith("The ministry said")


# --- 10. short English is English -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Cuba and Russia met on Monday.", "The ministers met.", "Talks went well"])
def test_short_english_is_taken_for_a_language_in_play(text: str) -> None:
    from summarize.segment import detect_language

    assert detect_language(text, likely=["en", "es", "ru"]).language == "en"


def test_a_short_text_in_another_language_is_still_told_when_the_evidence_is_overwhelming() -> None:
    from summarize.segment import detect_language

    assert detect_language("Министрите се срещнаха в понеделник в Хавана.", likely=["en", "es", "ru"]).language == "bg"


def test_a_short_english_statement_summarizes_in_every_language() -> None:
    code, out, err = cli("-", "--engine", "extractive", "--lang", "en", stdin=b"Cuba and Russia met on Monday.")
    assert code == 0 and "Cuba and Russia met on Monday." in out, err
