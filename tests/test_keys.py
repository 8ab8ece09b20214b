"""Cache keys, built in one module: a setting that changes a stage's output changes that stage's key."""

from __future__ import annotations

from pathlib import Path

from summarize import Summarizer
from summarize.keys import document_summary_key, translation_identity, translation_key
from summarize.runtimes.hf_transformers import TransformersRuntime
from summarize.settings import Settings

TEXT = "The ministers met in Havana on Monday to discuss steel, aircraft and medicine."


def _keys(fake_settings: dict, **changes: object) -> tuple[str, str]:
    context = Summarizer(**{**fake_settings, **changes}, cache=False).context
    document = document_summary_key(context, context.models.summarizer(), TEXT, "en", "en")
    translation = translation_key("A sentence.", "en", "es", translation_identity(context, "en", "es"))
    return document, translation


def test_the_coverage_check_is_in_the_keys_of_the_stages_it_retries(fake_settings: dict) -> None:
    on, off = _keys(fake_settings, coverage_check=True), _keys(fake_settings, coverage_check=False)
    assert on[0] != off[0] and on[1] != off[1]


def test_a_glossary_changes_translations_not_the_summary(fake_settings: dict, tmp_path: Path) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("en\tes\nsteel\tacero\n", encoding="utf-8")
    plain, with_terms = _keys(fake_settings), _keys(fake_settings, glossary=glossary)
    assert plain[0] == with_terms[0] and plain[1] != with_terms[1]


def test_languages_and_strictness_change_no_translation_key(fake_settings: dict) -> None:
    # Asking for other languages, or strict mode (which decides afterwards), changes no sentence's translation.
    assert _keys(fake_settings)[1] == _keys(fake_settings, languages=("en", "es"))[1]
    assert _keys(fake_settings) == _keys(fake_settings, strict=True)


def test_the_transformers_runtime_names_its_precision() -> None:
    assert TransformersRuntime(Settings(device="cpu")).cache_identity() == "transformers:float32"
