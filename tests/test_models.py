import shutil
import time
from pathlib import Path

import pytest

from summarize import ModelError
from summarize.fingerprints import model_fingerprint
from summarize.models import inspect_model, looks_like_path, resolve_model


def test_hub_ids_and_paths_are_told_apart(tmp_path: Path) -> None:
    assert not looks_like_path("Helsinki-NLP/opus-mt-en-es")
    assert looks_like_path("./models/bart")
    assert looks_like_path("/abs/dir")
    assert looks_like_path(str(tmp_path))


def test_a_saved_model_directory_is_on_disk_with_its_size(tiny: dict[str, Path]) -> None:
    info = inspect_model(str(tiny["summarizer"]))
    assert info.on_disk and info.kind == "directory"
    assert info.size_bytes > 100_000  # safetensors weights plus tokenizer
    assert resolve_model(str(tiny["summarizer"]), role="summarizer", flag="--summarizer DIR") == tiny["summarizer"]


@pytest.mark.parametrize(
    ("remove", "fragment"),
    [("model.safetensors", "no weights"), ("tokenizer.json", "no tokenizer"), ("config.json", "no config")],
)
def test_incomplete_directories_are_refused_with_what_is_missing(
    tiny: dict[str, Path], tmp_path: Path, remove: str, fragment: str
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny["summarizer"], broken)
    (broken / remove).unlink()
    with pytest.raises(ModelError, match=fragment) as caught:
        resolve_model(str(broken), role="summarizer", flag="--summarizer DIR")
    assert "--summarizer DIR" in str(caught.value)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        resolve_model(str(tmp_path / "nope"), role="summarizer", flag="--summarizer DIR")


def test_offline_hub_model_fails_at_once_naming_model_and_fix() -> None:
    started = time.monotonic()
    with pytest.raises(ModelError) as caught:
        resolve_model("Helsinki-NLP/opus-mt-en-es", role="en-es translator", flag="--translator es=DIR")
    message = str(caught.value)
    assert "Helsinki-NLP/opus-mt-en-es" in message and "summarize models download" in message
    assert "\n" not in message
    assert time.monotonic() - started < 10


def test_unreachable_hub_fails_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    # No test may download: this repository does not exist, so even with a network nothing is fetched.
    monkeypatch.delenv("HF_HUB_OFFLINE")
    started = time.monotonic()
    with pytest.raises(ModelError, match="could not be downloaded"):
        resolve_model("summarize-tests/no-such-model-4f2a", role="summarizer", flag="--summarizer DIR")
    assert time.monotonic() - started < 30


def test_fingerprints_name_the_hub_commit_or_digest_the_files(tiny: dict[str, Path], tmp_path: Path) -> None:
    snapshot = tmp_path / "models--org--name" / "snapshots" / "abc123"
    shutil.copytree(tiny["summarizer"], snapshot)
    assert model_fingerprint("org/name", snapshot) == "hub:org/name@abc123"
    copy = tmp_path / "copy"
    shutil.copytree(tiny["summarizer"], copy)
    assert model_fingerprint("x", copy) == model_fingerprint("y", tiny["summarizer"])  # content, not location
    (copy / "tokenizer_config.json").write_text((copy / "tokenizer_config.json").read_text() + " ")
    assert model_fingerprint("x", copy) != model_fingerprint("x", tiny["summarizer"])


def test_a_kept_fingerprint_is_reused_until_a_file_changes_even_in_place(
    tiny: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from summarize import fingerprints

    model, cache = tmp_path / "model", tmp_path / "cache"
    shutil.copytree(tiny["summarizer"], model)
    first = model_fingerprint("m", model, cache)
    assert first == model_fingerprint("m", model) and len(list((cache / fingerprints.FOLDER).iterdir())) == 1
    real = fingerprints._digest

    def no_reading(*args: object) -> str:
        raise AssertionError("a kept fingerprint must not read the files again")

    monkeypatch.setattr(fingerprints, "_digest", no_reading)
    assert model_fingerprint("m", model, cache) == first
    # The same size and the old mtime put back: the change still shows (its ctime moved).
    config = model / "config.json"
    before = config.stat()
    config.write_bytes(config.read_bytes().replace(b'"bart"', b'"BART"'))
    os.utime(config, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert config.stat().st_size == before.st_size
    monkeypatch.setattr(fingerprints, "_digest", real)
    assert model_fingerprint("m", model, cache) != first == model_fingerprint("m", tiny["summarizer"])
    # A cache directory that cannot be written costs a digest each time, never an error.
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert model_fingerprint("m", tiny["summarizer"], blocked) == first


def test_licences_come_from_the_card_and_a_non_commercial_one_is_said_once(
    tiny: dict[str, Path],
    fake_settings: dict,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from summarize import Summarizer
    from summarize.cli import main
    from summarize.model_licences import licence_of

    nllb_like = tmp_path / "nc-translator"
    shutil.copytree(tiny["en-es"], nllb_like)
    (nllb_like / "README.md").write_text("---\nlicense: CC-BY-NC-4.0\nlanguage: [en, es]\n---\n# A card\n")
    broken = tmp_path / "broken-card"
    broken.mkdir()
    (broken / "README.md").write_text("---\nlicense: [unclosed\n---\n")
    assert (licence_of(nllb_like), licence_of(broken), licence_of(tiny["en-ru"])) == ("cc-by-nc-4.0", None, None)

    with caplog.at_level("WARNING", logger="summarize"):
        for _ in range(2):
            Summarizer(**{**fake_settings, "translators": {"es": str(nllb_like)}}, languages="en,es").summarize(
                "The ministers met in Havana on Monday. They agreed to trade steel."
            )
    assert sum("non-commercial" in record.getMessage() for record in caplog.records) == 1
    assert main(["models", "list", "--notices", "--lang", "en,es", "--translator", f"es={nllb_like}"]) == 0
    out = capsys.readouterr().out
    assert "cc-by-nc-4.0" in out.splitlines()[2] and "NOTICE: model" in out and "non-commercial use only" in out
