"""Multilingual translators: which languages a model covers and how it is told them, read from its files.

Tiny random models barely look at their input, so two targets would translate alike even when
the target's token arrives: the tests watch the token ids handed to the real network instead.
"""

import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from tiny_models import build_m2m100, build_marian, build_t5

from summarize import Summarizer
from summarize.cli import main
from summarize.cli.parsing import build_parser, settings_from
from summarize.keys import translation_identity
from summarize.translator_languages import PREFIX, TOKENS, language_codes

SHORT = (SAMPLES / "xdr-tuberculosis.en.txt").read_text(encoding="utf-8")
SPANISH = (SAMPLES / "ring-doorbell.es.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A multi-target Marian (`>>rus<<`, `>>ukr<<`, as opus-mt-tc-big-en-zle) and an M2M100."""
    root = tmp_path_factory.mktemp("multilingual")
    return {"marian": build_marian(root / "en-zle", tags=(">>rus<<", ">>ukr<<"), seed=4),
            "m2m100": build_m2m100(root / "m2m100")}  # fmt: skip


def _files(directory: Path, **files: object) -> Path:
    directory.mkdir()
    for name, content in files.items():
        (directory / name.replace("__", ".")).write_text(json.dumps(content), encoding="utf-8")
    return directory


def test_the_files_say_which_languages_a_model_covers_and_how(
    multilingual: dict[str, Path], tiny: dict[str, Path], tmp_path: Path
) -> None:
    marian = language_codes(multilingual["marian"])
    assert marian is not None and marian.style == PREFIX and dict(marian.tokens) == {"ru": ">>rus<<", "uk": ">>ukr<<"}
    m2m100 = language_codes(multilingual["m2m100"])
    assert m2m100 is not None and m2m100.style == TOKENS and m2m100.tokens["ru"] == "__ru__" and len(m2m100.tokens) > 90
    assert language_codes(tiny["en-es"]) is None  # one pair: no language tokens
    # The layouts of NLLB-200, mBART-50, MADLAD-400 and script variants, as their files list them.
    nllb = _files(
        tmp_path / "nllb",
        config__json={"model_type": "m2m_100"},
        tokenizer_config__json={"extra_special_tokens": ["eng_Latn", "rus_Cyrl", "zho_Hant", "zho_Hans"]},
    )
    mbart = _files(
        tmp_path / "mbart",
        config__json={"model_type": "mbart"},
        special_tokens_map__json={"additional_special_tokens": ["en_XX", "ru_RU", "es_XX"]},
    )
    madlad = _files(
        tmp_path / "madlad",
        config__json={"model_type": "t5"},
        tokenizer__json={"added_tokens": [{"content": "<2ru>"}, {"content": "<2es>"}]},
    )
    scripts = _files(tmp_path / "scripts", config__json={"model_type": "marian"},
                     vocab__json={">>srp_Latn<<": 1, ">>srp_Cyrl<<": 2, ">>bos_Latn<<": 3, "▁a": 4})  # fmt: skip
    found = {name: language_codes(path) for name, path in (("nllb", nllb), ("mbart", mbart), ("madlad", madlad),
                                                            ("scripts", scripts))}  # fmt: skip
    assert {name: (codes.style, dict(codes.tokens)) for name, codes in found.items() if codes} == {
        "nllb": (TOKENS, {"en": "eng_Latn", "ru": "rus_Cyrl", "zh": "zho_Hans"}),
        "mbart": (TOKENS, {"en": "en_XX", "ru": "ru_RU", "es": "es_XX"}),
        "madlad": (PREFIX, {"ru": "<2ru>", "es": "<2es>"}),
        "scripts": (PREFIX, {"sr": ">>srp_Cyrl<<", "bs": ">>bos_Latn<<"}),
    }


def _watch(summarizer: Summarizer, source: str, target: str) -> tuple[list[list[int]], list[list[int]], object]:
    """The input ids the translator's encoder and decoder are handed, from now on, and its tokenizer."""
    runner = summarizer.models.translator(source, target).runner
    model = runner.network  # type: ignore[attr-defined]
    network = getattr(model, "model", model)  # BART and Marian wrap their encoder and decoder; T5 does not
    encoder: list[list[int]] = []
    decoder: list[list[int]] = []
    network.encoder.register_forward_pre_hook(
        lambda _, args, kwargs: encoder.extend(kwargs["input_ids"].tolist()), with_kwargs=True
    )
    network.decoder.register_forward_pre_hook(
        lambda _, args, kwargs: decoder.extend(kwargs["input_ids"].tolist()), with_kwargs=True
    )
    return encoder, decoder, runner.tokenizer.hf  # type: ignore[attr-defined]


def test_one_multi_target_model_serves_each_target_with_its_token(
    multilingual: dict[str, Path], tiny: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "list", "--translator", str(multilingual["marian"]), "--lang", "en,ru,uk"]) == 0
    listed = [line.split() for line in capsys.readouterr().out.splitlines() if "translator" in line]
    assert [(row[0], "ru,uk" in row) for row in listed] == [("en-ru", True), ("en-uk", True)]  # what it covers
    parser = build_parser()
    settings, _ = settings_from(
        parser.parse_args(["--translator", str(multilingual["marian"]), "--lang", "en,ru,uk,de"])
    )
    summarizer = Summarizer(settings, summarizer=str(tiny["summarizer"]), length="short", coverage_check=False,
                            fact_check=False, cache_dir=tmp_path)  # fmt: skip
    encoder, _, tokenizer = _watch(summarizer, "en", "ru")
    result = summarizer.summarize(SHORT)
    tags = {tokenizer.convert_tokens_to_ids(tag): tag for tag in (">>rus<<", ">>ukr<<")}
    assert {tags.get(ids[0]) for ids in encoder} == {">>rus<<", ">>ukr<<"}  # every input starts with its target's
    assert not result.summaries["ru"].error and not result.summaries["uk"].error
    assert set(summarizer.models.runners()) == {str(tiny["summarizer"]), str(multilingual["marian"])}  # loaded once
    error = result.summaries["de"].error or ""
    assert "does not cover German (de)" in error and "it covers ru, uk" in error
    context = summarizer.context
    assert translation_identity(context, "en", "ru") != translation_identity(context, "en", "uk")


def test_a_t5_told_its_target_by_a_prefix_serves_each_target_from_one_load(
    tiny: dict[str, Path], tmp_path: Path
) -> None:
    t5 = str(build_t5(tmp_path / "madlad-like"))
    summarizer = Summarizer(summarizer=str(tiny["summarizer"]), translators={"*": t5}, languages="en,ru,es,de",
                            length="short", coverage_check=False, fact_check=False, cache_dir=tmp_path)  # fmt: skip
    encoder, _, tokenizer = _watch(summarizer, "en", "ru")
    result = summarizer.summarize(SHORT)
    tags = {tokenizer.convert_tokens_to_ids(tag): tag for tag in ("<2ru>", "<2es>")}
    assert {tags.get(ids[0]) for ids in encoder} == {"<2ru>", "<2es>"}  # each input starts with its target's token
    assert not result.summaries["ru"].error and not result.summaries["es"].error
    assert all("<2" not in result.summaries[code].text for code in ("ru", "es"))
    assert set(summarizer.models.runners()) == {str(tiny["summarizer"]), t5}
    assert "it covers es, ru" in (result.summaries["de"].error or "")


def test_m2m100_gets_the_source_language_first_and_the_target_forced(
    multilingual: dict[str, Path], tiny: dict[str, Path], tmp_path: Path
) -> None:
    m2m100 = str(multilingual["m2m100"])
    summarizer = Summarizer(summarizer=str(tiny["summarizer"]), translators={"*": m2m100, "es-en": m2m100},
                            languages="en,ru", length="short", coverage_check=False, fact_check=False,
                            cache_dir=tmp_path)  # fmt: skip
    summarizer.models.plan_for(["es"])
    encoder, decoder, tokenizer = _watch(summarizer, "es", "en")
    result = summarizer.summarize(SPANISH, source_language="es")
    assert all(not summary.error and "__" not in summary.text for summary in result.summaries.values())
    ids = {token: tokenizer.convert_tokens_to_ids(token) for token in ("__es__", "__en__", "__ru__")}
    # Spanish into English (the summarizer's language), then the English summary into Russian.
    assert {row[0] for row in encoder} == {ids["__es__"], ids["__en__"]}
    unpadded = [[token for token in row if token != tokenizer.pad_token_id] for row in encoder]
    assert all(row[-1] == tokenizer.eos_token_id for row in unpadded)
    forced = {row[1] for row in decoder if len(row) > 1} | {row[0] for row in decoder if len(row) == 1}
    assert {ids["__en__"], ids["__ru__"]} <= forced


def test_m2m100_converts_and_runs_on_ctranslate2(multilingual: dict[str, Path], tiny: dict[str, Path],
                                                 tmp_path: Path) -> None:  # fmt: skip
    m2m100 = str(multilingual["m2m100"])
    summarizer = Summarizer(summarizer=str(tiny["summarizer"]), translators={"*": m2m100}, languages="en,ru,uk",
                            runtime="ctranslate2", length="short", coverage_check=False, fact_check=False,
                            cache_dir=tmp_path)  # fmt: skip
    result = summarizer.summarize(SHORT)
    assert all(summary.text and not summary.error and "__" not in summary.text for summary in result.summaries.values())
    runner = summarizer.models.translator("en", "ru").runner
    assert runner is summarizer.models.translator("en", "uk").runner  # one conversion, one load
    tokens = runner.tokenizer.language_input_tokens("Steel and medicine.", "__en__")  # what CTranslate2 is given
    assert tokens[0] == "__en__" and tokens[-1] == "</s>" and "__ru__" not in tokens
    assert len(list((tmp_path / "ctranslate2").iterdir())) == 2  # the summarizer's conversion and the translator's
