"""The CTranslate2 engine on tiny models converted at test time (the test extra installs ctranslate2)."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SAMPLES

from summarize import Summarizer
from summarize.engines.ctranslate2_engine import CTranslate2Engine, available_threads
from summarize.engines.transformers_engine import TransformersEngine

SHORT = (SAMPLES / "xdr-tuberculosis.en.txt").read_text()


def test_three_languages_through_ctranslate2(tiny_settings: dict, isolated_user: Path) -> None:
    summarizer = Summarizer(**tiny_settings, engine="ctranslate2")
    result = summarizer.summarize(SHORT)
    assert list(result.summaries) == ["en", "es", "ru"] and not result.errors
    assert result.engine == "ctranslate2"
    assert all(s.engine == "ctranslate2" and s.text for s in result.summaries.values())
    assert all(isinstance(m.engine, CTranslate2Engine) for m in summarizer._models.values())
    # Converted once, under the cache directory, keyed by model and quantization.
    converted = sorted(p.name for p in (isolated_user / "cache" / "ctranslate2").iterdir())
    assert len(converted) == 3 and all(name.endswith("-int8") for name in converted)


def test_long_input_is_chunked_for_ctranslate2_too(tiny_settings: dict) -> None:
    result = Summarizer(**tiny_settings, engine="ctranslate2", languages="en").summarize(SHORT * 6)
    assert result.chunks > 1 and result["en"]


def test_cache_keys_differ_by_engine(tiny_settings: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    for engine_class in (TransformersEngine, CTranslate2Engine):
        real = engine_class.generate

        def counting(self, texts, options, real=real):  # type: ignore[no-untyped-def]
            calls.append(self.name)
            return real(self, texts, options)

        monkeypatch.setattr(engine_class, "generate", counting)
    Summarizer(**tiny_settings, languages="en").summarize(SHORT)
    calls.clear()
    Summarizer(**tiny_settings, languages="en", engine="ctranslate2").summarize(SHORT)
    assert calls and set(calls) == {"ctranslate2"}  # nothing served from the transformers entries
    calls.clear()
    Summarizer(**tiny_settings, languages="en", engine="ctranslate2").summarize(SHORT)
    assert calls == []  # its own entries serve a rerun
    calls.clear()
    Summarizer(**tiny_settings, languages="en", engine="ctranslate2", compute_type="float32").summarize(SHORT)
    assert calls  # another compute type, other outputs


def test_threads_default_to_the_cores_this_process_may_use(tiny: dict[str, Path], tmp_path: Path) -> None:
    engine = CTranslate2Engine("m", tiny["en-es"], fingerprint="x", cache_root=tmp_path)
    assert engine.threads == available_threads() >= 1
    assert CTranslate2Engine("m", tiny["en-es"], fingerprint="x", cache_root=tmp_path, threads=1).threads == 1


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
