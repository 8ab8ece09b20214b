"""Cache keys, built in one module: a setting that changes a stage's output changes that stage's key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from summarize import Summarizer
from summarize.document import Document
from summarize.facts import CHECKER_VERSION
from summarize.keys import (
    STAGES,
    fact_check_key,
    generation_key,
    strict_translation_key,
    translation_identity,
    translation_key,
)
from summarize.options import OPTIONS
from summarize.runtimes.hf_transformers import TransformersRuntime
from summarize.runtimes.torch_weights import precision
from summarize.settings import Settings
from summarize.stages.state import DocState
from summarize.strategies.instruct import InstructStrategy
from summarize.strategies.neural import NeuralStrategy

TEXT = "The ministers met in Havana on Monday to discuss steel, aircraft and medicine."
SPANISH = "Los ministros se reunieron en La Habana el lunes para hablar de acero, aviones y medicinas."


def _stage_keys(**settings: Any) -> dict[str, object]:
    """The key each storing stage gives the same inputs, made by the stages' own key code."""
    summarizing = Summarizer(**settings)
    summarizing.models.plan_for(["en", "es"], "neural")  # the models these keys name, whatever the strategy
    context = summarizing.context
    summarizer, translator = context.models.summarizer(), context.models.translator("en", "es")
    spanish = DocState(Document(SPANISH, "es.txt"), "es", "neural")
    identity = translation_identity(context, "en", "es")
    return {
        "model-call": (
            generation_key(summarizer, "summarize", TEXT, summarizer.summary_options(), summarizer.summary_prompt()),
            generation_key(
                translator,
                "translate",
                TEXT,
                translator.translation_options("en", "es"),
                translator.translation_prompt("en", "es"),
            ),
        ),
        "text-translation": translation_key(TEXT, "en", "es", identity),
        "strict-translation": strict_translation_key(TEXT, "en", "es", identity, CHECKER_VERSION),
        "fact-check": fact_check_key(context, TEXT, "es", SPANISH, "es", (TEXT, "en"), CHECKER_VERSION),
        "document-summary": NeuralStrategy(context).document_key(spanish),
        "direct-summary": InstructStrategy(context).summary_key(summarizer, spanish, "ru"),
    }


def _changes(tiny: dict[str, Path], tmp: Path) -> dict[str, tuple[object, dict[str, Any]]]:
    """For every setting: a value other than the default, and the settings under which it can matter."""
    (tmp / "prompts").mkdir()
    (tmp / "prompts" / "summarization.toml").write_text('default = "Summary: {text}"\n')
    (tmp / "prompts" / "translation.toml").write_text('default = "{text} "\n')
    (tmp / "prompts" / "instruct.toml").write_text("".join(
        f'[{task}]\nuser = "Other: {{text}}"\n' for task in ("summarize", "summarize_firmly", "condense", "translate")
    ))  # fmt: skip
    (tmp / "terms.tsv").write_text("en\tes\nsteel\tacero\n")
    (tmp / "keep.txt").write_text("Havana\n")
    on_a_server = {"summarizer": "openai:one", "translators": {"es": "openai:two", "es-en": "openai:three"}}
    return {
        "languages": (("en", "es"), {}),
        "summarizer": (str(tiny["en-ru"]), {}),
        "translators": ({"es": str(tiny["en-ru"]), "es-en": str(tiny["en-es"])}, {}),
        "engine": ("ctranslate2", {}),
        "strategy": ("extractive", {}),
        "runtime": ("ctranslate2", {}),
        "fallback": ("none", {}),
        "device": ("cpu", {}),
        "compute_type": ("float32", {"runtime": "ctranslate2"}),
        "threads": (1, {"runtime": "ctranslate2"}),
        "length": ("long", {}),
        "source_language": ("es", {}),
        "batch_size": (2, {}),
        "prompts_dir": (tmp / "prompts", {}),
        "cache": (False, {}),
        "cache_dir": (tmp / "elsewhere", {}),
        "language_check": (False, {}),
        "llm_url": ("http://127.0.0.1:9/v1", on_a_server),
        "llm_context": (2048, on_a_server),
        "llm_concurrency": (1, on_a_server),
        "llm_timeout": (5, on_a_server),
        "fact_check": (False, {}),
        "strict": (True, {}),
        "glossary": (tmp / "terms.tsv", {}),
        "keep": (tmp / "keep.txt", {}),
        "coverage_check": (True, {}),  # tiny_settings turn it off
        "min_confidence": (-1.5, {}),
        "verifier": ("openai:judge", {}),
    }


def test_each_setting_changes_exactly_the_keys_the_options_table_declares(
    tiny_settings: dict, tiny: dict[str, Path], tmp_path: Path
) -> None:
    changes = _changes(tiny, tmp_path)
    assert {option.name for option in OPTIONS if option.setting} == set(changes), "a setting has no case here"
    for option in OPTIONS:
        assert set(option.affects) <= set(STAGES), option.name
        if not option.setting:
            assert option.affects == (), f"{option.name} is run-only: it cannot change a stored output"
            continue
        value, base = changes[option.name]
        settings = {**tiny_settings, "cache_dir": tmp_path / "cache", **base}
        before, after = _stage_keys(**settings), _stage_keys(**{**settings, option.name: value})
        changed = {stage for stage in STAGES if before[stage] != after[stage]}
        # `device=cpu` is what `auto` resolves to on a machine without CUDA: the same outputs.
        expected = set() if option.name == "device" and precision("auto") == "float32" else set(option.affects)
        assert changed == expected, f"{option.name}={value!r} changed {sorted(changed)}"


def test_the_defaults_are_the_options_tables() -> None:
    settings = Settings()
    for option in OPTIONS:
        if option.setting and option.default is not None:
            assert getattr(settings, option.name) == option.default, option.name
    assert Settings(llm_url=None) == settings  # None was its default before it had one


def test_the_transformers_runtime_names_its_precision() -> None:
    assert TransformersRuntime(Settings(device="cpu")).cache_identity() == "transformers:float32"
