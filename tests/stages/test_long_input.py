"""Long input through tiny models whose input is 128 tokens: chunked, map-reduced, never truncated."""

from pathlib import Path

from conftest import SAMPLES

from summarize import Summarizer
from summarize.stages.translation import translate_texts

NOVEL = (SAMPLES / "pride-and-prejudice-opening.en.txt").read_text()
# One "sentence" far over any budget: no full stop for 600 words.
RUN_ON = " ".join(["and then the ministers talked about steel, trade, aircraft and medicine"] * 60) + "."


def test_four_thousand_words_in_every_language(tiny_settings: dict) -> None:
    assert len(NOVEL.split()) > 4000
    result = Summarizer(**tiny_settings).summarize(NOVEL)
    assert result.chunks > 30
    assert result.rounds >= 3
    assert list(result.summaries) == ["en", "es", "ru"]
    assert all(summary.text.strip() for summary in result.summaries.values())


def test_a_sentence_longer_than_any_model_input(tiny_settings: dict, tiny: dict[str, Path]) -> None:
    summarizer = Summarizer(**tiny_settings)
    result = summarizer.summarize(RUN_ON)
    assert result.chunks > 1
    # The translator too gets only what it can take: an over-long input would raise, not truncate.
    translated = translate_texts(summarizer.context, [RUN_ON], "en", "es")
    assert translated.texts[0].strip()
    assert summarizer.models.runners()[str(tiny["en-es"])].max_input_tokens < len(RUN_ON.split())
