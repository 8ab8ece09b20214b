"""One plan of the models a run needs: the pipeline, `models list/download` and the hints read it."""

import io
import json
import shutil
from pathlib import Path

import huggingface_hub.constants
import pytest
from conftest import run_cli
from counting_runtime import CountingModel

from summarize import Settings, Summarizer, plan
from summarize.cli import main
from summarize.plan import needs


def labels(settings: Settings, sources: list[str]) -> list[str]:
    return [need.label for need in needs(settings, sources)]


def test_neural_plan_has_the_translators_into_and_out_of_english() -> None:
    assert labels(Settings(), ["en"]) == ["summarizer", "en-es translator", "en-ru translator"]
    assert labels(Settings(), ["es", "ru"]) == [
        "summarizer", "en-es translator", "en-ru translator", "es-en translator", "ru-en translator",
    ]  # fmt: skip
    (ru_en,) = [n for n in needs(Settings(), ["ru"]) if n.pair == ("ru", "en")]
    assert ru_en.reference == "Helsinki-NLP/opus-mt-ru-en" and ru_en.role == "translator"


def test_extractive_plan_needs_no_summarizer_and_translates_from_the_source() -> None:
    settings = Settings(engine="extractive", translators={"es-ru": "/m/es-ru"})
    assert labels(settings, ["es"]) == ["es-en translator", "es-ru translator"]
    assert [n.reference for n in needs(settings, ["es"])][1] == "/m/es-ru"


def test_plan_says_what_is_on_disk(tiny: dict[str, Path]) -> None:
    settings = Settings(summarizer=str(tiny["summarizer"]), languages="en,es", translators={"es": str(tiny["en-es"])})
    planned = plan(settings, ["en", "ru"])
    assert [(p.need.label, p.on_disk) for p in planned] == [
        ("summarizer", True), ("en-es translator", True), ("ru-en translator", False),
    ]  # fmt: skip
    assert planned[0].info.size_bytes > 100_000


def _into_hf_cache(hf_home: Path, hub_id: str, model: Path) -> None:
    """Lay a tiny model out exactly as huggingface_hub caches a download of `hub_id`."""
    revision = "0123456789abcdef0123456789abcdef01234567"
    repo = hf_home / "hub" / f"models--{hub_id.replace('/', '--')}"
    shutil.copytree(model, repo / "snapshots" / revision)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(revision)


def test_what_models_list_names_for_spanish_is_what_a_spanish_statement_needs_offline(
    tiny: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1", "SUMMARIZE_CACHE_DIR": str(tmp_path / "cache")}
    listing = run_cli("models", "list", "--source-lang", "es", env=env)
    assert listing.returncode == 0
    rows = [line.replace(" translator ", " ").split()[:3] for line in listing.stdout.decode().splitlines()[1:]]
    assert [(role, on_disk) for role, _model, on_disk in rows] == [
        ("summarizer", "no"), ("en-es", "no"), ("en-ru", "no"), ("es-en", "no"),
    ]  # fmt: skip
    # "Download" exactly what was listed (tiny models stand in for the real ones), then work offline.
    for role, hub_id, _on_disk in rows:
        _into_hf_cache(tmp_path / "hf", hub_id, tiny[role])
    # The CLI, a statement piped in, every language out, with the Hugging Face cache of that
    # listing and offline (in this process: a second one would spend seconds importing PyTorch).
    # Random weights would fail the coverage guard and be translated again: it is off.
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    flags = ["--engine", "transformers", "--length", "short", "--format", "json", "-q", "--no-coverage-check"]
    out, err = io.StringIO(), io.StringIO()
    code = main(flags, stdin=io.BytesIO(SPANISH_TEXT.encode()), stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    record = json.loads(out.getvalue())
    assert (
        record["input"] == "-" and record["source_language"] == "es" and list(record["summaries"]) == ["en", "es", "ru"]
    )
    assert all(summary["text"] and "error" not in summary for summary in record["summaries"].values())
    # Named by Hub id, each found in the Hugging Face cache (what `models download` fills), offline.
    assert record["summaries"]["es"]["model"] == "Helsinki-NLP/opus-mt-en-es" and record["summarizer"] == rows[0][1]


ENGLISH = "The ministers met in Havana on Monday. They agreed to trade steel and medicine. Talks go on in May."
SPANISH_TEXT = "Los ministros se reunieron en La Habana el lunes. Acordaron comerciar acero. Las charlas siguen."


@pytest.mark.parametrize("strategy", ["neural", "instruct", "extractive", "fallback"])
def test_the_models_a_run_loads_are_the_plans(
    strategy: str, fake_settings: dict, tiny_chat: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CountingModel, "max_input_tokens", 400)  # room for the chat prompts
    settings = {**fake_settings, "cache": False, "translators": {**fake_settings["translators"], "es-ru": "fake:es-ru"}}
    settings |= {
        "neural": {"strategy": "neural"},
        "instruct": {"strategy": "instruct", "summarizer": str(tiny_chat)},
        "extractive": {"strategy": "extractive"},
        # The summarizer cannot be had: the extractive strategy stands in, with its own translators.
        "fallback": {"strategy": "neural", "summarizer": "/no/such/model", "fallback": "extractive"},
    }[strategy]
    for source, text in (("en", ENGLISH), ("es", SPANISH_TEXT)):
        for languages in (("en",), ("es", "ru"), ("en", "es", "ru")):
            summarizer = Summarizer(**settings, languages=languages)
            summarizer.summarize(text, source_language=source)
            used = needs(summarizer.settings, [source], "extractive" if strategy == "fallback" else None)
            assert set(summarizer.models.runners()) == {need.reference for need in used}, (source, languages)
            assert set(used) <= set(summarizer.models.planned)
