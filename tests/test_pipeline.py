from pathlib import Path

import pytest
from conftest import SAMPLES

from summarize import GenerationOptions, ModelError, Summarizer, SummaryResult, summarize

STATEMENT = (SAMPLES / "statement.txt").read_text()
SHORT = (SAMPLES / "xdr-tuberculosis.en.txt").read_text()


def test_three_languages_from_one_call(tiny_settings: dict, tiny: dict[str, Path]) -> None:
    result = summarize(SHORT, **tiny_settings)
    assert isinstance(result, SummaryResult)
    assert list(result.summaries) == ["en", "es", "ru"]
    assert all(summary.text.strip() for summary in result.summaries.values())
    assert result.source_language == "en"
    assert result.summaries["en"].model == str(tiny["summarizer"])
    assert result.summaries["es"].model == str(tiny["en-es"])
    assert result.summaries["ru"].model == str(tiny["en-ru"])
    assert result["es"] == result.summaries["es"].text
    assert result.chunks >= 1 and result.rounds >= 1


def test_languages_in_the_requested_order_and_only_those(tiny: dict[str, Path]) -> None:
    summarizer = Summarizer(
        summarizer=str(tiny["summarizer"]), languages="ru,en", translators={"ru": str(tiny["en-ru"])}, length="short"
    )
    result = summarizer.summarize(SHORT)
    assert list(result.summaries) == ["ru", "en"]


def test_long_input_is_chunked_not_truncated(tiny_settings: dict) -> None:
    # 128-position models cannot take the statement whole: without chunking this raises IndexError.
    result = summarize(STATEMENT * 3, **tiny_settings)
    assert result.chunks > 1
    assert result.rounds > 1
    assert set(result.summaries) == {"en", "es", "ru"}


def test_models_load_once_per_summarizer(tiny_settings: dict) -> None:
    summarizer = Summarizer(**tiny_settings, cache=False)
    summarizer.summarize(SHORT)
    networks = {ref: runner.network for ref, runner in summarizer.models.runners().items()}
    assert len(networks) == 3
    summarizer.summarize(STATEMENT)
    assert {ref: runner.network for ref, runner in summarizer.models.runners().items()} == networks


def test_generation_options_reach_the_model(tiny_settings: dict) -> None:
    options = GenerationOptions(num_beams=1, no_repeat_ngram_size=0, min_new_tokens=1, max_new_tokens=5)
    summarizer = Summarizer(**tiny_settings, languages=("en",), summary_generation=options)
    result = summarizer.summarize(SHORT)
    runner = summarizer.models.runners()[tiny_settings["summarizer"]]
    assert 1 <= runner.count_tokens(result["en"]) <= 6


def test_spanish_input_is_detected_and_summarized_into_all_languages(tiny_settings: dict) -> None:
    summarizer = Summarizer(**tiny_settings)
    result = summarizer.summarize((SAMPLES / "ring-doorbell.es.txt").read_text())
    assert result.source_language == "es"
    assert list(result.summaries) == ["en", "es", "ru"]
    # The source went through the es-en translator before the summarizer saw it.
    assert tiny_settings["translators"]["es-en"] in summarizer.models.runners()


def test_a_missing_translator_fails_only_its_language(tiny: dict[str, Path], tmp_path: Path) -> None:
    gone = str(tmp_path / "gone")
    summarizer = Summarizer(
        summarizer=str(tiny["summarizer"]), translators={"es": gone, "ru": str(tiny["en-ru"])}, length="short"
    )
    result = summarizer.summarize(SHORT)
    assert result["en"] and result["ru"]
    assert list(result.errors) == ["es"]
    assert gone in result.errors["es"] and "translators={'es': DIR}" in result.errors["es"]
    assert "with a model on disk: ru" in result.errors["es"]  # what is supported, and how to add one
    assert result.to_dict()["summaries"]["es"] == {
        "error": result.errors["es"],
        "model": gone,
        "engine": "transformers",
    }


def test_engine_transformers_fails_fast_on_a_missing_summarizer(tmp_path: Path) -> None:
    summarizer = Summarizer(summarizer=str(tmp_path / "gone"), engine="transformers")
    with pytest.raises(ModelError, match="does not exist"):
        summarizer.summarize(SHORT)


def test_auto_falls_back_to_extractive_when_the_summarizer_directory_is_missing(
    tiny: dict[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    summarizer = Summarizer(
        summarizer=str(tmp_path / "gone"), translators={"es": str(tiny["en-es"])}, languages="en,es"
    )
    with caplog.at_level("WARNING", logger="summarize"):
        first = summarizer.summarize(SHORT)
        summarizer.summarize(STATEMENT)
    assert first.engine == "extractive" and first.summaries["en"].engine == "extractive"
    assert first.summaries["es"].engine == "transformers" and first["es"]
    assert [r.getMessage().count("extractive strategy") for r in caplog.records] == [1]  # one notice, not one per text


def test_auto_reports_a_broken_directory_instead_of_falling_back(tiny: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{}")
    with pytest.raises(ModelError, match="no weights"):
        Summarizer(summarizer=str(broken)).summarize(SHORT)


def test_json_form_has_the_documented_schema(tiny_settings: dict) -> None:
    data = summarize(SHORT, **tiny_settings).to_dict()
    assert {"input", "source_language", "summaries", "chunks", "rounds", "summarizer", "timings"} <= set(data)
    # "warnings": the tiny models' noise is no translation, and the coverage guard says so.
    assert {"text", "model", "engine", "cached", "checks", "support"} <= set(data["summaries"]["es"])
    assert 0 <= data["summaries"]["es"]["support"] <= 1
    assert set(data["summaries"]["es"]) <= {
        "text",
        "model",
        "engine",
        "cached",
        "checks",
        "support",
        "marked",
        "warnings",
        "confidence",
        "sentences",
    }
    assert data["engine"] == "transformers"


def test_an_unsupported_source_language_says_what_is_supported(tiny: dict[str, Path]) -> None:
    from summarize import LanguageError

    summarizer = Summarizer(
        summarizer=str(tiny["summarizer"]), translators={"es-en": str(tiny["es-en"])}, engine="transformers"
    )
    with pytest.raises(LanguageError) as caught:
        summarizer.summarize((SAMPLES / "iraq-study-group.ru.txt").read_text())
    message = str(caught.value)
    assert "Russian (ru)" in message and "Helsinki-NLP/opus-mt-ru-en" in message
    assert "input languages with a model on disk: en, es" in message and "translators={'LANG-en': MODEL}" in message
    assert caught.value.language == "ru" and caught.value.pair == ("ru", "en")
