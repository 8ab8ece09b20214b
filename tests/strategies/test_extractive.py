"""The extractive strategy: real sentences from the input, in order, within the length; no model."""

from pathlib import Path

import pytest
from conftest import SAMPLES

from summarize import Summarizer
from summarize.lexrank import LENGTHS, select, summarize_extractive
from summarize.segment import detect_language, split_sentences


def normalized(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("statement.txt", "en"),
        ("xdr-tuberculosis.en.txt", "en"),
        ("ring-doorbell.es.txt", "es"),
        ("iraq-study-group.ru.txt", "ru"),
    ],
)
@pytest.mark.parametrize("length", ["short", "medium", "long"])
def test_sentences_from_the_source_in_order_within_length(name: str, language: str, length: str) -> None:
    source = normalized((SAMPLES / name).read_text())
    sentences = split_sentences(source, language)
    chosen = select(sentences, language, *LENGTHS[length])
    max_sentences, max_words = LENGTHS[length]
    assert chosen == sorted(chosen) and 1 <= len(chosen) <= max_sentences
    assert len(chosen) == 1 or sum(len(sentences[i].split()) for i in chosen) <= max_words
    summary = summarize_extractive(source, language, length).text
    position = 0
    for index in chosen:  # every picked sentence appears in the source, after the previous one
        found = source.find(sentences[index], position)
        assert found >= position
        position = found + len(sentences[index])
    assert summary and all(part in source for part in summary.split(". ") if part)


def test_news_leads_are_favoured_and_datelines_are_left_out() -> None:
    summary = summarize_extractive((SAMPLES / "statement.txt").read_text(), "en", "medium").text
    assert summary.startswith("Representatives of the governments") and "TASS" not in summary


def test_a_title_line_is_not_glued_to_the_first_sentence() -> None:
    text = "Russia and Cuba talk steel\nThe ministers met in Havana on Monday to discuss steel and aircraft."
    assert summarize_extractive(text, "en", "short").text == (
        "The ministers met in Havana on Monday to discuss steel and aircraft."
    )


def test_one_huge_sentence_is_cut_to_the_word_budget() -> None:
    run_on = " ".join(["the ministers talked about steel and trade"] * 6_000)  # 42,000 words, no full stop
    summary = summarize_extractive(run_on, "en", "short").text
    assert len(summary.split()) == LENGTHS["short"][1] and summary.endswith("…")


def test_long_text_is_ranked_block_by_block() -> None:
    novel = (SAMPLES / "pride-and-prejudice-opening.en.txt").read_text()
    extract = summarize_extractive(novel + "\n\n" + novel, "en", "medium")
    assert extract.blocks >= 2 and extract.rounds >= 2
    assert 1 <= len(split_sentences(extract.text, "en")) <= 6  # fragments may have been attached


def test_a_language_without_a_stemmer_still_works() -> None:
    text = (
        "Україна та Польща підписали угоду. Угода стосується торгівлі. "
        "Міністри зустрілися у Києві. Переговори тривали два дні."
    )
    assert summarize_extractive(text, "uk", "short").text


def test_mixed_input_is_detected_as_one_of_its_languages() -> None:
    mixed = (SAMPLES / "xdr-tuberculosis.en.txt").read_text() + " " + (SAMPLES / "iraq-study-group.ru.txt").read_text()
    assert detect_language(mixed).language in {"en", "ru"}


def test_extractive_engine_needs_no_model_for_the_source_language() -> None:
    summarizer = Summarizer(engine="extractive", languages="es")
    result = summarizer.summarize((SAMPLES / "ring-doorbell.es.txt").read_text())
    assert result.source_language == "es" and result.engine == "extractive"
    assert result["es"] and result.summaries["es"].engine == "extractive"
    assert summarizer.models.located() == {}  # nothing was even located


def test_spanish_input_extractive_into_three_languages(tiny: dict[str, Path]) -> None:
    # Spanish is summarized in Spanish, then translated from Spanish: never round-tripped via English.
    summarizer = Summarizer(
        engine="extractive", translators={"es-en": str(tiny["es-en"]), "es-ru": str(tiny["en-ru"])}, batch_size=4
    )
    result = summarizer.summarize((SAMPLES / "ring-doorbell.es.txt").read_text())
    assert list(result.summaries) == ["en", "es", "ru"] and not result.errors
    assert result.summaries["es"].engine == "extractive"
    assert result.summaries["en"].model == str(tiny["es-en"]) and result.summaries["ru"].model == str(tiny["en-ru"])
    assert set(summarizer.models.located()) == {str(tiny["es-en"]), str(tiny["en-ru"])}
