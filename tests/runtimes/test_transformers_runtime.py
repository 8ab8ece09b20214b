"""The transformers engine on the tiny models: limits, token splitting, refusal to truncate."""

from pathlib import Path

import pytest

from summarize import GenerationOptions, ModelError
from summarize.chunking import fit_pieces
from summarize.runtimes.hf_transformers import TransformersModel

# Multi-byte characters and no sentence breaks: the hard case for splitting at token boundaries.
LONG_SENTENCE = "Жизнь — это «цитата», а 3.5% — это “число” without any full stop " * 30


@pytest.mark.parametrize("role", ["summarizer", "en-es"])
def test_split_pieces_fit_and_lose_nothing(tiny: dict[str, Path], role: str) -> None:
    engine = TransformersModel(str(tiny[role]), tiny[role])
    pieces = fit_pieces([LONG_SENTENCE], engine.count_tokens, 20, engine.split_by_tokens)
    assert len(pieces) > 5
    assert all(tokens <= 20 and engine.count_tokens(piece) == tokens for piece, tokens in pieces)
    assert "".join("".join(piece for piece, _ in pieces).split()) == "".join(LONG_SENTENCE.split())


def test_limits_come_from_the_model(tiny: dict[str, Path]) -> None:
    engine = TransformersModel("bart", tiny["summarizer"])
    assert engine.max_input_tokens == 128 - 2  # 128 positions, <s> and </s>
    assert engine.max_output_tokens == 126
    assert engine.model_type == "bart"


def test_over_long_input_is_refused_not_truncated(tiny: dict[str, Path]) -> None:
    engine = TransformersModel("bart", tiny["summarizer"])
    with pytest.raises(ModelError, match="exceeds"):
        engine.generate([LONG_SENTENCE], GenerationOptions(num_beams=1, min_new_tokens=1, max_new_tokens=4))
