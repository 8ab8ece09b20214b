"""The cache on its own, then as the pipeline and the CLI use it."""

import json
import logging
import multiprocessing
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BLOCK_TORCH, REPO, SAMPLES
from counting_runtime import CountingRuntime

from summarize import Summarizer
from summarize.cache import Cache, cache_key
from summarize.stages.translation import translate_texts

SHORT = (SAMPLES / "xdr-tuberculosis.en.txt").read_text()
STATEMENT = (SAMPLES / "statement.txt").read_text()


# --- the store ------------------------------------------------------------------------------


def test_values_round_trip_as_json(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put_many({"a": "текст", "b": {"chunks": 3, "text": "x"}})
    assert cache.get_many(["a", "b", "missing"]) == {"a": "текст", "b": {"chunks": 3, "text": "x"}}
    with sqlite3.connect(cache.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert json.loads(db.execute("SELECT value FROM entries WHERE key='b'").fetchone()[0])["chunks"] == 3


def test_keys_are_canonical() -> None:
    assert cache_key(text="x", options={"a": 1, "b": 2}) == cache_key(options={"b": 2, "a": 1}, text="x")
    assert cache_key(text="x") != cache_key(text="x ")


def test_a_corrupt_file_gives_one_warning_and_no_crash(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "cache.sqlite3").write_bytes(b"this is not a database" * 100)
    cache = Cache(tmp_path)
    with caplog.at_level(logging.WARNING, logger="summarize"):
        assert cache.get_many(["a"]) == {}
        cache.put("a", "b")
        assert cache.get("a") is None
    assert len(caplog.records) == 1 and "going on without the cache" in caplog.records[0].getMessage()
    assert Cache(tmp_path).clear() == 0  # clearing removes the broken file
    assert not (tmp_path / "cache.sqlite3").exists()


def test_an_unusable_directory_is_survived(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = Cache(blocker / "cache")  # a directory cannot be made under a file
    with caplog.at_level(logging.WARNING, logger="summarize"):
        cache.put("a", "b")
        assert cache.get("a") is None
    assert not cache.enabled and len(caplog.records) == 1


def test_a_locked_database_is_survived(tmp_path: Path) -> None:
    Cache(tmp_path).put("a", "b")
    holder = sqlite3.connect(tmp_path / "cache.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        cache = Cache(tmp_path, timeout=0.2)
        cache.put("c", "d")  # waits 0.2 s for the lock, then warns and goes on
        assert not cache.enabled
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert Cache(tmp_path).get_many(["a", "c"]) == {"a": "b"}


def _writer(args: tuple[str, int]) -> None:
    directory, worker = args
    cache = Cache(Path(directory))
    for i in range(100):
        cache.put(f"{worker}-{i}", i)


def test_concurrent_processes_lose_nothing(tmp_path: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_writer, [(str(tmp_path), worker) for worker in range(4)])
    assert Cache(tmp_path).info().entries == 400


# --- through the pipeline -------------------------------------------------------------------


@pytest.fixture
def calls(counting: type[CountingRuntime]) -> list[tuple[str, int]]:
    """Every model call, as (model, number of texts), through the counting runtime."""
    return counting.calls


@pytest.fixture
def settings(fake_settings: dict) -> dict:
    return fake_settings


def test_a_rerun_loads_no_model(settings: dict, calls: list) -> None:
    first = Summarizer(**settings).summarize(SHORT)
    assert calls and not any(s.cached for s in first.summaries.values())
    calls.clear()
    again = Summarizer(**settings)
    second = again.summarize(SHORT)
    assert calls == []
    assert again.models.runners() == {}  # located for their identity, never loaded
    assert {k: v.text for k, v in second.summaries.items()} == {k: v.text for k, v in first.summaries.items()}
    assert all(s.cached for s in second.summaries.values())
    assert (second.chunks, second.rounds) == (first.chunks, first.rounds)


def test_editing_one_paragraph_recomputes_only_its_chunks(settings: dict, calls: list) -> None:
    paragraphs = STATEMENT.split("\n\n")
    Summarizer(**settings, languages=("en",)).summarize(STATEMENT)
    first_round = calls[0][1]
    calls.clear()
    edited = "\n\n".join([*paragraphs[:-1], "The plant will also make 20,000 tons of wire per year."])
    Summarizer(**settings, languages=("en",)).summarize(edited)
    assert first_round > 2
    assert calls[0][1] < first_round


def _translate(summarizer: Summarizer, texts: list[str], source: str, target: str) -> list[str]:
    summarizer.prepare()
    return translate_texts(summarizer.context, texts, source, target).texts


def test_a_sentence_translated_before_is_not_translated_again(settings: dict, calls: list) -> None:
    summarizer = Summarizer(**settings)
    _translate(summarizer, ["The plant is 70% complete. Talks went well."], "en", "es")
    calls.clear()
    _translate(summarizer, ["Talks went well. Exports will follow."], "en", "es")
    assert calls == [("fake:en-es", 1)]


def test_an_interrupted_run_keeps_finished_batches(settings: dict, counting: type[CountingRuntime]) -> None:
    counting.interrupt_after = 1
    with pytest.raises(KeyboardInterrupt):
        Summarizer(**settings, languages=("en",), batch_size=2).summarize(STATEMENT)
    stored = Summarizer(**settings).cache.info().entries
    # The first batch of two chunk summaries and the input's language ranking; nothing half-written.
    assert stored - 1 == counting.calls[0][1] == 2


def test_keys_follow_everything_that_changes_the_output(
    settings: dict, tiny: dict, tmp_path: Path, calls: list
) -> None:
    # The tiny summarizer's directory, located as users' models are: its files are its identity.
    real = {**settings, "summarizer": str(tiny["summarizer"]), "languages": ("en",)}

    def model_calls(**changes: object) -> int:
        calls.clear()
        Summarizer(**{**real, **changes}).summarize(SHORT)
        return len(calls)

    assert model_calls() > 0
    assert model_calls() == 0  # same settings: a hit
    assert model_calls(batch_size=3, device="cpu") == 0  # how it runs is not what it says
    assert model_calls(length="medium") > 0  # generation options
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "summarization.toml").write_text('bart = "News: {text}"\n')
    assert model_calls(prompts_dir=prompts) > 0  # prompt template
    changed = tmp_path / "bart-copy"
    shutil.copytree(tiny["summarizer"], changed)
    assert model_calls(summarizer=str(changed)) == 0  # same files elsewhere: same model
    config = json.loads((changed / "generation_config.json").read_text())
    (changed / "generation_config.json").write_text(json.dumps({**config, "note": "retrained"}))
    assert model_calls(summarizer=str(changed)) > 0  # the model's files changed
    assert model_calls(cache=False) > 0


def test_languages_are_part_of_the_key(settings: dict, calls: list) -> None:
    Summarizer(**settings, languages=("en", "es")).summarize(SHORT)
    calls.clear()
    Summarizer(**settings, languages=("en", "ru")).summarize(SHORT)
    assert [model for model, _ in calls] == ["fake:en-ru"]


# --- through the CLI ------------------------------------------------------------------------


def test_a_cached_run_works_where_torch_cannot_be_imported(tiny_flags: list[str], tmp_path: Path) -> None:
    args = [str(SAMPLES / "statement.txt"), *tiny_flags, "--cache-dir", str(tmp_path), "-q"]
    import io

    from summarize.cli import main

    first = io.StringIO()  # the cold run, in this process: it fills the cache
    assert main(args, stdout=first, stderr=io.StringIO()) == 0
    # A hit imports neither PyTorch nor what only a miss needs: the fact checker, the language
    # detector, pycountry (the output languages' names are summarize's own table).
    blocked = "('torch', 'transformers', 'summarize.facts.checker', 'py3langid', 'pycountry')"
    hit_only = BLOCK_TORCH.replace("('torch', 'transformers')", blocked)
    assert hit_only != BLOCK_TORCH
    second = subprocess.run([sys.executable, "-c", hit_only, *args], capture_output=True, cwd=REPO)
    assert second.returncode == 0, second.stderr.decode()
    assert second.stdout.decode() == first.getvalue()
    # Without the cache the same process must fail: the block is real.
    third = subprocess.run([sys.executable, "-c", BLOCK_TORCH, *args, "--no-cache"], capture_output=True, cwd=REPO)
    assert third.returncode == 1


def test_cache_info_and_clear(tiny: dict[str, Path], tmp_path: Path) -> None:
    import io

    from summarize.cli import main

    job = [str(SAMPLES / "xdr-tuberculosis.en.txt"), "--summarizer", str(tiny["summarizer"]), "--lang", "en", "-q"]

    def cli(*args: str) -> str:
        out = io.StringIO()
        assert main([*args, "--cache-dir", str(tmp_path)], stdout=out, stderr=io.StringIO()) == 0
        return out.getvalue()

    assert "entries  0" in cli("cache", "info")
    cli(*job, "--no-cache")
    assert "entries  0" in cli("cache", "info")
    assert not (tmp_path / "fingerprints").exists()  # with the cache off nothing is written there
    cli(*job)
    info = cli("cache", "info")
    assert str(tmp_path / "cache.sqlite3") in info and "entries  0" not in info
    assert any((tmp_path / "fingerprints").iterdir())  # the model's digest, kept for the next run
    cleared = cli("cache", "clear")
    assert "removed" in cleared and "removed 1 model digest" in cleared
    assert "entries  0" in cli("cache", "info")
    assert not any((tmp_path / "fingerprints").iterdir())


def test_a_repeated_sentence_is_translated_once(settings: dict, calls: list) -> None:
    _translate(Summarizer(**settings), ["Talks went well. Talks went well. Talks went well."], "en", "es")
    assert calls == [("fake:en-es", 1)]
