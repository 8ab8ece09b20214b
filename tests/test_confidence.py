"""The translator's confidence: real log-probabilities from transformers and CTranslate2, carried to the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cli

from summarize import Summarizer, UsageError
from summarize.generation import GenerationOptions

SOURCE = "The ministry said the plant is almost complete."
GREEDY = GenerationOptions(num_beams=1, no_repeat_ngram_size=0, length_penalty=1.0, min_new_tokens=0,
                           max_new_tokens=12)  # fmt: skip


@pytest.mark.parametrize("runtime", ["transformers", "ctranslate2"])
def test_scores_are_the_models_own_log_probabilities(tiny_settings: dict, runtime: str) -> None:
    summarizer = Summarizer(**tiny_settings, runtime=runtime, languages=("en", "es"), cache=False)
    runner = summarizer.models.translator("en", "es").runner
    ((own, score),) = runner.generate_scored([SOURCE], GREEDY)
    assert isinstance(score, float) and score < 0
    # Forced to write something else, the model is less sure than of its own greedy answer.
    mine, forced = runner.score_outputs([SOURCE, SOURCE], [own, "Hola hola mundo, nada que ver."])
    assert mine > forced


def test_results_carry_each_sentences_confidence(tiny_settings: dict) -> None:
    settings = {**tiny_settings, "strategy": "extractive", "languages": ("en", "es"), "cache": False}
    text = "The ministry said the plant is almost complete. Chekushov visited the site on Tuesday."
    result = Summarizer(**settings).summarize(text)
    spanish = result.summaries["es"]
    assert len(spanish.sentence_confidence) == 2 and spanish.confidence is not None
    assert all(score is not None and score < 0 for _, score in spanish.sentence_confidence)
    record = result.to_dict()["summaries"]["es"]
    assert record["confidence"] == spanish.confidence and len(record["sentences"]) == 2
    assert "confidence" not in result.to_dict()["summaries"]["en"]  # the input's own sentences: nothing to score
    # Everything is under a floor of 0: flagged, marked, then dropped in strict mode.
    flagged = Summarizer(**settings, min_confidence=0).summarize(text).summaries["es"]
    assert len(flagged.low_confidence) == 2 and sum("low confidence" in w for w in flagged.warnings) == 2
    dropped = Summarizer(**settings, min_confidence=0, strict=True, fact_check=False).summarize(text).summaries["es"]
    assert dropped.error is not None and "min_confidence" in dropped.error and len(dropped.changes) == 2


def test_cli_marks_low_confidence_and_refuses_a_bad_floor(tiny_flags: list[str], tmp_path: Path) -> None:
    source = tmp_path / "statement.txt"
    source.write_text("The ministry said the plant is almost complete.", encoding="utf-8")
    code, out, _ = cli(str(source), *tiny_flags, "--engine", "extractive", "--min-confidence", "0",
                       "--quiet", "--no-fact-check")  # fmt: skip
    assert code == 0 and "[low confidence: " in out
    code, _, err = cli(str(source), "--min-confidence", "high")
    assert code == 2 and "--min-confidence" in err
    with pytest.raises(UsageError, match="between -100 and 0"):
        Summarizer(min_confidence=3)
