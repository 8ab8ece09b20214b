import pytest

from summarize import GenerationOptions, Settings, UsageError


def test_defaults_are_the_documented_models() -> None:
    settings = Settings()
    assert settings.languages == ("en", "es", "ru")
    assert settings.summarizer == "sshleifer/distilbart-cnn-12-6"
    assert settings.translator("en", "es") == "Helsinki-NLP/opus-mt-en-es"
    assert settings.translator("es", "en") == "Helsinki-NLP/opus-mt-es-en"
    # Russian: the best permissive model with a published figure, per runtime (docs/models.md).
    assert settings.translator("en", "ru") == "Helsinki-NLP/opus-mt-tc-big-en-zle"
    assert Settings(engine="ctranslate2").translator("en", "ru") == "quickmt/quickmt-en-ru"
    assert Settings(engine="ctranslate2").translator("ru", "en") == "Helsinki-NLP/opus-mt-ru-en"


def test_models_list_names_each_defaults_licence_and_its_notice_before_any_download(tmp_path) -> None:
    from conftest import cli

    code, out, _ = cli("models", "list", "--notices", "--engine", "ctranslate2", "--cache-dir", str(tmp_path))
    assert code == 0
    rows = {word: line for line in out.splitlines() if not line.startswith("NOTICE:") for word in line.split()}
    assert "cc-by-4.0" in rows["quickmt/quickmt-en-ru"] and "apache-2.0" in rows["Helsinki-NLP/opus-mt-en-es"]
    assert "NOTICE: model 'quickmt/quickmt-en-ru' is licensed cc-by-4.0: credit its authors" in out


def test_translator_overrides_by_target_and_by_pair() -> None:
    settings = Settings(translators={"es": "/m/es", "ES-EN": "/m/es-en"})
    assert settings.translator("en", "es") == "/m/es"
    assert settings.translator("es", "en") == "/m/es-en"
    assert settings.translator("en", "ru") == "Helsinki-NLP/opus-mt-tc-big-en-zle"


def test_translators_may_cover_more_languages_than_requested() -> None:
    # A config file can hold a catalogue of translators; only the CLI flag must match --lang.
    assert Settings(languages=("en", "es"), translators={"ru": "/m/ru"}).translator("en", "ru") == "/m/ru"


@pytest.mark.parametrize(
    "changes",
    [{"device": "tpu"}, {"length": "huge"}, {"batch_size": 0}, {"translators": {"es-es": "x"}}, {"summarizer": " "}],
)
def test_bad_values_are_usage_errors(changes: dict) -> None:
    with pytest.raises(UsageError):
        Settings(**changes)


def test_replace_rejects_unknown_names() -> None:
    with pytest.raises(UsageError, match="unknown setting"):
        Settings().replace(langs=("en",))


def test_length_presets_and_explicit_generation() -> None:
    assert Settings(length="short").generation.max_new_tokens < Settings(length="long").generation.max_new_tokens
    custom = GenerationOptions(num_beams=2, min_new_tokens=5, max_new_tokens=30)
    assert Settings(summary_generation=custom).generation == custom
    with pytest.raises(UsageError):
        GenerationOptions(min_new_tokens=50, max_new_tokens=10)


def test_capped_keeps_min_below_max() -> None:
    capped = GenerationOptions(min_new_tokens=56, max_new_tokens=142).capped(40)
    assert capped.max_new_tokens == 40 and capped.min_new_tokens <= 20


def test_capped_keeps_the_minimum_when_the_bound_does_not_bite() -> None:
    exact = GenerationOptions(min_new_tokens=70, max_new_tokens=70)
    assert exact.capped(1024) == exact
    assert exact.capped(50).min_new_tokens == 25
