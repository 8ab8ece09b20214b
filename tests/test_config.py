from pathlib import Path

import pytest

from summarize import UsageError
from summarize.config import load_config


def test_missing_default_config_is_empty() -> None:
    # conftest points SUMMARIZE_CONFIG at a file that does not exist
    assert load_config() == {}


def test_reads_keys_and_resolves_prompts_dir_next_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'languages = ["en", "ru"]\nlength = "short"\nprompts_dir = "my-prompts"\n[translators]\nru = "/m/ru"\n'
    )
    config = load_config(path)
    assert config["languages"] == ["en", "ru"]
    assert config["translators"] == {"ru": "/m/ru"}
    assert config["prompts_dir"] == (tmp_path / "my-prompts").resolve()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("langs = 1\n", "unknown key 'langs'"),
        ("batch_size = 'x'\n", "batch_size must be a whole number"),
        ("threads = true\n", "threads must be a whole number"),
        ('engine = "fast"\n', "engine must be one of auto, transformers, ctranslate2, extractive"),
        ("= oops", "not valid TOML"),
    ],
)
def test_bad_config_files(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(UsageError, match=fragment):
        load_config(path)


def test_named_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        load_config(tmp_path / "nope.toml")
