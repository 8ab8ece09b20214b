"""Ready-made CTranslate2 models: a directory that already holds a conversion and its SentencePiece files.

Built at test time as such packages are laid out: a tiny Marian converted with ctranslate2's own
converter, then its SentencePiece models placed as OPUS-MT conversions, quickmt and Argos
Translate packages place them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from summarize import Summarizer
from summarize.errors import ModelError
from summarize.models import model_problem
from summarize.runtimes.ct2_ready import ReadyPieces, find_ready, position_limit
from summarize.runtimes.portable_tokenizer import MarianPieces

TEXT = (
    "Representatives of Russia and Cuba discussed cooperation in civil aircraft manufacturing. "
    "The plant is about 70% complete, the ministry said."
)


@pytest.fixture(scope="module")
def ready(tiny: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from ctranslate2.converters import TransformersConverter

    root = tmp_path_factory.mktemp("ready")
    converted = Path(TransformersConverter(str(tiny["en-es"])).convert(str(root / "converted"), quantization="int8"))
    spm = tiny["en-es"]
    layouts = {
        "opus": {"": converted, "source.spm": spm / "source.spm", "target.spm": spm / "target.spm"},
        "quickmt": {"": converted, "src.spm.model": spm / "source.spm", "tgt.spm.model": spm / "target.spm"},
        "argos": {"model": converted, "sentencepiece.model": spm / "source.spm"},
    }
    made = {}
    for name, parts in layouts.items():
        directory = root / name
        for place, source in parts.items():
            if source.is_dir():
                shutil.copytree(source, directory / place, dirs_exist_ok=True)
            else:
                shutil.copy(source, directory / place)
        made[name] = directory
    return made


def test_each_layout_is_recognised(ready: dict[str, Path]) -> None:
    opus, quickmt, argos = (find_ready(ready[name]) for name in ("opus", "quickmt", "argos"))
    assert opus is not None and opus.ends_with_eos and opus.model_dir == ready["opus"]
    assert quickmt is not None and not quickmt.ends_with_eos and quickmt.target_spm.name == "tgt.spm.model"
    assert argos is not None and argos.model_dir == ready["argos"] / "model"
    assert argos.source_spm == argos.target_spm
    assert all(model_problem(path) is None for path in ready.values())
    assert position_limit(ready["opus"]) == 128  # the tiny Marian's positions, read from model.bin


def test_tokenization_matches_the_converted_models_own(ready: dict[str, Path], tiny: dict[str, Path],
                                                       isolated_user: Path) -> None:  # fmt: skip
    # The conversion the ctranslate2 runtime makes of the same checkpoint exports MarianTokenizer's
    # behaviour (checked against transformers in test_portable_tokenizer.py): the same tokens go in.
    summarizer = Summarizer(translators={"es": str(tiny["en-es"])}, runtime="ctranslate2", languages=("en", "es"),
                            strategy="extractive", cache=False)  # fmt: skip
    summarizer.summarize(TEXT)
    (converted,) = [runner for name, runner in summarizer.models.runners().items() if "en-es" in name]
    exported = converted.tokenizer
    assert isinstance(exported, MarianPieces)
    pieces = ReadyPieces(find_ready(ready["opus"]))  # type: ignore[arg-type]
    for sentence in [*TEXT.split(". "), "Chekushov visited Havana on 28 November 2025."]:
        assert pieces.input_tokens(sentence) == exported.input_tokens(sentence)


@pytest.mark.parametrize("layout", ["opus", "quickmt", "argos"])
def test_a_ready_made_model_translates_with_no_conversion(ready: dict[str, Path], tiny: dict[str, Path],
                                                          layout: str, isolated_user: Path) -> None:  # fmt: skip
    settings = {"runtime": "ctranslate2", "languages": ("en", "es"), "strategy": "extractive", "cache": False,
                "coverage_check": False, "fact_check": False}  # fmt: skip
    result = Summarizer(**settings, translators={"es": str(ready[layout])}).summarize(TEXT)
    assert not result.errors and result.summaries["es"].engine == "ctranslate2"
    assert not (isolated_user / "cache" / "ctranslate2").exists()  # nothing was converted
    if layout == "opus":
        # Same weights, same tokens in: the same translation as the runtime's own conversion.
        converted = Summarizer(**settings, translators={"es": str(tiny["en-es"])}).summarize(TEXT)
        assert result.summaries["es"].text == converted.summaries["es"].text


def test_the_transformers_runtime_names_the_fix(ready: dict[str, Path]) -> None:
    summarizer = Summarizer(translators={"es": str(ready["opus"])}, languages=("en", "es"), strategy="extractive",
                            cache=False)  # fmt: skip
    error = summarizer.summarize(TEXT).summaries["es"].error
    assert error is not None and "`runtime=ctranslate2`" in error  # the library names the setting; the CLI, its flag


def test_a_conversion_without_its_sentencepiece_files_says_so(ready: dict[str, Path], tmp_path: Path) -> None:
    bare = tmp_path / "bare"
    shutil.copytree(ready["argos"] / "model", bare)
    problem = model_problem(bare)
    assert problem is not None and "SentencePiece" in problem
    with pytest.raises(ModelError, match="SentencePiece"):
        Summarizer(translators={"es": str(bare)}, runtime="ctranslate2", languages=("en", "es"),
                   strategy="extractive", cache=False).models.translator("en", "es")  # fmt: skip
