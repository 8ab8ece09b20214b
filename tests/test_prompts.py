from pathlib import Path

import pytest

from summarize import UsageError
from summarize.prompts import prompt_for


def test_model_family_picks_the_template() -> None:
    assert prompt_for("summarization", "t5").apply("Text.") == "summarize: Text."
    assert prompt_for("summarization", "bart").apply("Text.") == "Text."
    assert prompt_for("translation", "t5", source="English", target="German").apply("Hi.") == (
        "translate English to German: Hi."
    )


def test_user_directory_overrides_only_what_it_names(tmp_path: Path) -> None:
    (tmp_path / "summarization.toml").write_text('bart = "News: {text}"\n')
    assert prompt_for("summarization", "bart", tmp_path).apply("X") == "News: X"
    assert prompt_for("summarization", "t5", tmp_path).apply("X") == "summarize: X"


def test_template_without_placeholder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "summarization.toml").write_text('bart = "no placeholder"\n')
    with pytest.raises(UsageError, match="exactly one"):
        prompt_for("summarization", "bart", tmp_path)
