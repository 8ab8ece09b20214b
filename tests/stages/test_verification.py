"""The claim verifier: each summary sentence judged by a chat model against its passage of the input,
its "no" a check of kind 'claim' that marks, notices and strict mode act on; cached like every output."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SAMPLES, cli

from summarize import Summarizer, verifier
from summarize.facts import check

STATEMENT = SAMPLES / "statement.txt"


def test_a_verifiers_no_is_a_claim_check_marked_noticed_and_acted_on(tiny_verifier: Path, tmp_path: Path) -> None:
    flags = ["--engine", "extractive", "--lang", "en", "--cache-dir", str(tmp_path)]
    code, out, err = cli(str(STATEMENT), *flags, "--verifier", str(tiny_verifier), "--format", "json")
    assert code == 0, err
    checks = json.loads(out)["summaries"]["en"]["checks"]
    claims = [c for c in checks if c["kind"] == "claim"]
    assert claims and all(c["status"] == "not_in_source" and not c["supported"] and c["where"] for c in claims)
    assert "unverified:" in err
    code, text, _ = cli(str(STATEMENT), *flags, "--verifier", str(tiny_verifier))
    assert "[unverified: " in text
    assert cli(str(STATEMENT), *flags, "--verifier", str(tiny_verifier), "--strict")[0] == 4  # nothing can be fixed
    code, out, _ = cli(str(STATEMENT), *flags, "--format", "json")  # no verifier: no claims, none loaded
    assert code == 0 and all(c["kind"] != "claim" for c in json.loads(out)["summaries"]["en"]["checks"])


def test_verdicts_are_cached_and_a_rerun_loads_no_verifier(tiny_verifier: Path, tmp_path: Path) -> None:
    text = STATEMENT.read_text(encoding="utf-8")
    settings = {"engine": "extractive", "languages": "en", "verifier": str(tiny_verifier), "cache_dir": tmp_path}
    first = Summarizer(**settings)
    checks = first.summarize(text).summaries["en"].checks
    assert str(tiny_verifier) in first.models.runners()
    again = Summarizer(**settings)
    assert again.summarize(text).summaries["en"].checks == checks and again.models.runners() == {}


def test_the_library_check_takes_a_verifier_and_a_server_that_is_down_is_unchecked(tiny_verifier: Path) -> None:
    source = "The ministers met in Havana on Monday. They agreed to build a steel plant by 2026."
    report = check("They agreed to build a plant by 2026.", source, language="en", source_language="en",
                   verifier=verifier(str(tiny_verifier), cache=False))  # fmt: skip
    assert [(c.kind, c.status) for c in report.checks] == [("claim", "not_in_source"), ("year", "found")]
    down = verifier("openai:judge", llm_url="http://127.0.0.1:9/v1", cache=False)
    report = check("They agreed.", source, language="en", source_language="en", verifier=down)
    assert (
        report.unchecked is not None and "could not be asked" in report.unchecked and "127.0.0.1:9" in report.unchecked
    )
