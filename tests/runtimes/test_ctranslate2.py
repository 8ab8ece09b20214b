"""The CTranslate2 engine on tiny models converted at test time (the test extra installs ctranslate2)."""

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import BLOCK_TORCH, REPO, SAMPLES

from summarize import Summarizer
from summarize.runtimes.ct2 import CTranslate2Model, available_threads
from summarize.runtimes.hf_transformers import TransformersModel
from summarize.settings import GenerationOptions

SHORT = (SAMPLES / "xdr-tuberculosis.en.txt").read_text()


def test_three_languages_through_ctranslate2(tiny_settings: dict, isolated_user: Path) -> None:
    summarizer = Summarizer(**tiny_settings, engine="ctranslate2")
    result = summarizer.summarize(SHORT)
    assert list(result.summaries) == ["en", "es", "ru"] and not result.errors
    assert result.engine == "ctranslate2"
    assert all(s.engine == "ctranslate2" and s.text for s in result.summaries.values())
    assert all(isinstance(runner, CTranslate2Model) for runner in summarizer.models.runners().values())
    # Converted once, under the cache directory, keyed by model and quantization.
    converted = sorted(p.name for p in (isolated_user / "cache" / "ctranslate2").iterdir())
    assert len(converted) == 3 and all(name.endswith("-int8") for name in converted)


def test_long_input_is_chunked_for_ctranslate2_too(tiny_settings: dict) -> None:
    result = Summarizer(**tiny_settings, engine="ctranslate2", languages="en").summarize(SHORT * 6)
    assert result.chunks > 1 and result["en"]


def test_cache_keys_differ_by_runtime(tiny_settings: dict) -> None:
    def loaded(**changes: object) -> set[str]:
        """The runtimes whose models had to run: none when the cache answered everything."""
        summarizer = Summarizer(**tiny_settings, languages="en", **changes)
        summarizer.summarize(SHORT)
        return {type(runner).__name__ for runner in summarizer.models.runners().values()}

    assert loaded() == {"TransformersModel"}
    assert loaded(runtime="ctranslate2") == {"CTranslate2Model"}  # nothing served from the transformers entries
    assert loaded(runtime="ctranslate2") == set()  # its own entries serve a rerun
    assert loaded(runtime="ctranslate2", compute_type="float32") == {"CTranslate2Model"}  # other type, other outputs


def test_threads_default_to_the_cores_this_process_may_use(tiny: dict[str, Path], tmp_path: Path) -> None:
    engine = CTranslate2Model("m", tiny["en-es"], fingerprint="x", cache_root=tmp_path)
    assert engine.threads == available_threads() >= 1
    assert CTranslate2Model("m", tiny["en-es"], fingerprint="x", cache_root=tmp_path, threads=1).threads == 1


def test_two_models_load_at_once(tiny: dict[str, Path], tmp_path: Path) -> None:
    """The translators load ahead while the summarizer loads: one model's load never waits for another's."""
    started = threading.Event()
    waited: list[bool] = []

    class Slow(CTranslate2Model):
        def _loaded(self, kind: str) -> object:
            if self.model == "first":  # holds its load until the second model's has begun
                waited.append(started.wait(timeout=5))
            else:
                started.set()
            return object()

    first, second = (Slow(name, tiny["en-es"], fingerprint=name, cache_root=tmp_path) for name in ("first", "second"))
    loading = threading.Thread(target=first.load)
    loading.start()
    second.load()  # before the fix, a lock shared by every model kept it waiting for the first
    loading.join(timeout=20)
    assert waited == [True] and not loading.is_alive()
    assert first.translator is first.translator  # loaded once, then kept


def test_without_the_extra_one_line_names_the_install_command(tiny_flags: list[str]) -> None:
    code = (
        "import sys\nsys.modules['ctranslate2'] = None\nfrom summarize.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    )
    args = [str(SAMPLES / "statement.txt"), *tiny_flags, "--engine", "ctranslate2"]
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=REPO)
    err = proc.stderr.decode().strip()
    assert proc.returncode == 1 and len(err.splitlines()) == 1
    assert "pip install 'summarize[fast]'" in err


def test_models_convert_ahead_of_time_leaves_the_model_untouched(tiny: dict[str, Path], tmp_path: Path) -> None:
    import io

    from summarize.cli import main

    before = {p.name: p.read_bytes() for p in tiny["summarizer"].iterdir()}
    out = io.StringIO()
    args = ["models", "convert", "--summarizer", str(tiny["summarizer"]), "--lang", "en", "--cache-dir", str(tmp_path)]
    assert main(args, stdout=out, stderr=io.StringIO()) == 0
    converted = Path(out.getvalue().split(" -> ")[1].strip())
    assert (converted / "model.bin").is_file() and converted.is_relative_to(tmp_path / "ctranslate2")
    assert {p.name: p.read_bytes() for p in tiny["summarizer"].iterdir()} == before


def test_a_converted_model_runs_without_torch_or_transformers(tiny_flags: list[str], tmp_path: Path) -> None:
    """What makes the engine light: after conversion, tokenizing and generating never import PyTorch."""
    common = [*tiny_flags, "--cache-dir", str(tmp_path)]
    import io

    from summarize.cli import main

    err = io.StringIO()  # the conversion, in this process (it needs transformers anyway)
    assert main(["models", "convert", *common], stdout=io.StringIO(), stderr=err) == 0, err.getvalue()
    job = [str(SAMPLES / "ring-doorbell.es.txt"), *common, "--engine", "ctranslate2", "--no-cache", "--format", "json"]
    proc = subprocess.run([sys.executable, "-c", BLOCK_TORCH, *job], capture_output=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr.decode()
    result = json.loads(proc.stdout)
    assert result["source_language"] == "es" and list(result["summaries"]) == ["en", "es", "ru"]
    assert all(s["text"] and s["engine"] == "ctranslate2" for s in result["summaries"].values())
    # The transformers engine in the same blocked process fails: the block is real.
    blocked = [
        str(SAMPLES / "ring-doorbell.es.txt"),
        *tiny_flags,
        "--no-coverage-check",
        "--cache-dir",
        str(tmp_path),
        "--no-cache",
        "-q",
    ]
    assert subprocess.run([sys.executable, "-c", BLOCK_TORCH, *blocked], capture_output=True, cwd=REPO).returncode == 1


def test_limits_and_family_match_the_transformers_engine(tiny: dict[str, Path], tmp_path: Path) -> None:
    for name in ("summarizer", "en-es"):
        fast = CTranslate2Model("m", tiny[name], fingerprint=name, cache_root=tmp_path)
        torch_engine = TransformersModel("m", tiny[name])
        for attribute in ("model_type", "max_input_tokens", "max_output_tokens"):
            assert getattr(fast, attribute) == getattr(torch_engine, attribute), (name, attribute)
        text = SHORT[:300]
        assert fast.count_tokens(text) == torch_engine.count_tokens(text)
        assert fast.split_by_tokens(SHORT, 40) == torch_engine.split_by_tokens(SHORT, 40)


def test_a_conversion_from_before_tokenizer_export_gets_one(tiny: dict[str, Path], tmp_path: Path) -> None:
    import shutil

    first = CTranslate2Model("m", tiny["en-es"], fingerprint="x", cache_root=tmp_path)
    options = GenerationOptions(num_beams=1, min_new_tokens=1, max_new_tokens=8)
    before = first.generate(["A short sentence to translate."], options)
    shutil.rmtree(first.directory / "tokenizer")  # as summarize 0.x left it
    again = CTranslate2Model("m", tiny["en-es"], fingerprint="x", cache_root=tmp_path)
    assert again.generate(["A short sentence to translate."], options) == before
    assert (again.directory / "tokenizer" / "summarize.json").is_file()


def test_a_broken_tokenizer_is_reported_as_such_and_leaves_no_conversion(tiny: dict[str, Path], tmp_path: Path) -> None:
    import shutil

    from summarize.errors import ModelError

    model = tmp_path / "broken"
    shutil.copytree(tiny["summarizer"], model)
    (model / "tokenizer.json").write_text("{oops", encoding="utf-8")
    engine = CTranslate2Model(str(model), model, fingerprint="broken", cache_root=tmp_path / "cache")
    with pytest.raises(ModelError, match=r"cannot load the tokenizer of model .*summarize models download"):
        engine.count_tokens("text")
    assert list((tmp_path / "cache" / "ctranslate2").iterdir()) == []
