"""Translations that keep their terms and account for every sentence: glossary, keep list, coverage guard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cli

from summarize import Summarizer, UsageError
from summarize.stages import coverage
from summarize.terms import Glossary, Terms

GLOSSARY = (
    "en\tes\tru\n"
    "Ministry of Industry and Trade\tMinisterio de Industria y Comercio\tМинпромторг|Минпромторга\n"
    "Roman Chekushov\tRoman Chekúshov\tРоман Чекушов\n"
)
TEXT = (
    "The Ministry of Industry and Trade announced the visit today. "
    "Roman Chekushov will read {{ first_name }} at https://example.com/cuba?id=7 tomorrow. "
    "Write to press@example.org or run `summarize --help` for more."
)


# --- files ---------------------------------------------------------------------------------------


def test_glossary_files_in_tsv_and_csv() -> None:
    tsv = Glossary.parse(GLOSSARY)
    assert tsv.languages == ("en", "es", "ru")
    assert tsv.pairs("en", "ru")[0] == (("Ministry of Industry and Trade",), "Минпромторг")
    csv = Glossary.parse('en,es\n"Industry, Trade",Industria\n')
    assert csv.pairs("en", "es") == [(("Industry, Trade",), "Industria")]
    # Russian forms: every form is recognised in a Russian source, the first is what is written.
    assert tsv.pairs("ru", "en")[0] == (("Минпромторг", "Минпромторга"), "Ministry of Industry and Trade")


@pytest.mark.parametrize(
    ("text", "fault"),
    [("", "empty"), ("english\tspanish\nA\tB\n", "must name languages"), ("en\ten\nA\tB\n", "two or more"),
     ("en\tes\nA\tB\tC\n", "more cells")],
)  # fmt: skip
def test_bad_glossaries_are_usage_errors(text: str, fault: str) -> None:
    with pytest.raises(UsageError, match=fault):
        Glossary.parse(text)


def test_masking_covers_terms_urls_addresses_tokens_and_code() -> None:
    terms = Terms(Glossary.parse(GLOSSARY), ("ACME Cloud",))
    masked = terms.mask(TEXT + " ACME Cloud runs it.", "en", "es")
    kept = [replacement for _, replacement, _, _ in masked.slots]
    assert kept[:3] == ["Ministerio de Industria y Comercio", "Roman Chekúshov", "{{ first_name }}"]
    assert kept[3:] == ["https://example.com/cuba?id=7", "press@example.org", "`summarize --help`", "ACME Cloud"]
    assert "{{" not in masked.text and "http" not in masked.text and "ACME" not in masked.text
    # A placeholder that does not come back is noticed; one that does is put back.
    assert masked.restore(masked.text.replace(masked.slots[0][0], "")) is None
    assert "Ministerio de Industria y Comercio" in (masked.restore(masked.text) or "")


# --- on tiny models, through the user's path ----------------------------------------------------


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    path = tmp_path / "glossary.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def test_terms_and_spans_come_back_exactly_from_real_translators(tiny_settings: dict, glossary_file: Path,
                                                                 tmp_path: Path) -> None:  # fmt: skip
    keep = tmp_path / "keep.txt"
    keep.write_text("# product names\nsummarize --help\n", encoding="utf-8")
    settings = {**tiny_settings, "strategy": "extractive", "glossary": glossary_file, "keep": keep,
                "coverage_check": True}  # fmt: skip
    result = Summarizer(**settings, cache=False).summarize(TEXT)
    english, spanish, russian = (result.summaries[code].text for code in ("en", "es", "ru"))
    spans = [s for s in ("{{ first_name }}", "https://example.com/cuba?id=7", "press@example.org") if s in english]
    assert len(spans) >= 2  # the extractive summary keeps most of the three sentences
    for translation in (spanish, russian):
        for span in spans:
            assert translation.count(span) == 1, (span, translation)
    assert "Ministerio de Industria y Comercio" in spanish and "Roman Chekúshov" in spanish
    assert "Минпромторг" in russian and "Роман Чекушов" in russian


def test_the_glossary_is_part_of_the_cache_key(fake_settings: dict, counting, glossary_file: Path,
                                               tmp_path: Path) -> None:  # fmt: skip
    settings = {**fake_settings, "strategy": "extractive", "cache_dir": tmp_path / "cache", "languages": ("en", "es")}
    plain = Summarizer(**settings).summarize(TEXT).summaries["es"]
    with_terms = Summarizer(**settings, glossary=glossary_file).summarize(TEXT).summaries["es"]
    assert "Ministerio de Industria y Comercio" in with_terms.text and not with_terms.cached
    counting.calls.clear()
    assert Summarizer(**settings, glossary=glossary_file).summarize(TEXT).summaries["es"].cached
    assert counting.calls == [] and plain.text != with_terms.text


def test_cli_glossary_flag_and_a_missing_file(glossary_file: Path, tiny: dict[str, Path], tmp_path: Path) -> None:
    source = tmp_path / "statement.txt"
    source.write_text(TEXT, encoding="utf-8")
    code, out, err = cli(str(source), "--translator", f"es={tiny['en-es']}", "--lang", "en,es", "--engine",
                         "extractive", "--glossary", str(glossary_file), "--format", "json", "--quiet")  # fmt: skip
    assert code == 0, err
    assert "Ministerio de Industria y Comercio" in json.loads(out)["summaries"]["es"]["text"]
    code, _, err = cli(str(source), "--glossary", str(tmp_path / "nope.tsv"))
    assert code == 2 and "--glossary" in err and "nope.tsv" in err and "Traceback" not in err


# --- the coverage guard -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "output", "why"),
    [
        ("The ministry said the talks went well.", "", "empty"),
        ("The ministry said the talks went well.", "The ministry said the talks went well.", "untranslated"),
        ("The ministry said the talks went well and would go on next year in Havana.", "El", "missing"),
        ("The ministry said the talks went well.", "El ministerio " * 20, "repeats"),
        ("The ministry said the talks went well.", "The ministry said that the talks went very well indeed.",
         "'en'"),
    ],
)  # fmt: skip
def test_the_guard_names_each_failure(source: str, output: str, why: str) -> None:
    problem = coverage.problem(source, output, "en", "es")
    assert problem is not None and why in problem


def test_the_guard_passes_faithful_translations_and_names() -> None:
    assert coverage.problem("The ministry said the talks went well.", "El ministerio dijo que las conversaciones "
                            "fueron bien.", "en", "es") is None  # fmt: skip
    assert coverage.problem("Roman Chekushov.", "Roman Chekushov.", "en", "es") is None  # a name: same everywhere


def test_a_dropped_sentence_is_translated_again(fake_settings: dict, counting) -> None:
    settings = {**fake_settings, "coverage_check": True, "strategy": "extractive"}
    text = "El ministerio anunció la visita de hoy a La Habana. Roman Chekushov visitará la planta mañana temprano."
    # This translator drops its output with its own 4 beams; with 1 beam it answers.
    counting.rewrite = lambda model, out, options: "" if options.num_beams == 4 else "The ministry announced the visit"
    result = Summarizer(**settings, cache=False, source_language="es", languages=("es", "en")).summarize(text)
    assert result.summaries["en"].warnings == ()
    assert result.summaries["en"].text.startswith("The ministry announced the visit")


def test_a_sentence_that_never_comes_through_is_a_warning_naming_it(fake_settings: dict, counting) -> None:
    settings = {**fake_settings, "coverage_check": True, "strategy": "extractive"}
    counting.rewrite = lambda model, out, options: "" if model == "fake:en-es" else out
    result = Summarizer(**settings, cache=False, languages=("en", "es")).summarize(
        "The ministry announced the visit to Havana today. Roman Chekushov will visit the plant tomorrow."
    )
    warnings = result.summaries["es"].warnings
    assert warnings and all("came back empty" in w for w in warnings)
    assert any("The ministry announced the visit" in w for w in warnings)
    assert "warnings" in result.to_dict()["summaries"]["es"]


def test_a_chat_translator_is_told_the_glossary_and_checked(tiny_settings: dict, tiny_chat: Path,
                                                            glossary_file: Path) -> None:  # fmt: skip
    settings = {**tiny_settings, "strategy": "extractive", "glossary": glossary_file, "languages": ("en", "es"),
                "translators": {"es": str(tiny_chat)}, "language_check": False}  # fmt: skip
    spanish = Summarizer(**settings, cache=False).summarize(TEXT).summaries["es"].text
    # Random weights ignore the prompt: the answer lacks the rendering, so the term is masked after all.
    assert "Ministerio de Industria y Comercio" in spanish


def test_inflected_russian_renderings_count() -> None:
    from summarize.terms import missing_renderings

    entries = [("Ministry of Industry and Trade", ("Минпромторг", "Минпромторга"))]
    assert missing_renderings("Это сообщили в Минпромторге.", entries, "ru") == []
    assert missing_renderings("Это сообщили в министерстве.", entries, "ru") == ["Минпромторг"]


LONG = (
    "The ministry announced on Tuesday that the delegation would visit the metallurgical plant in Havana. "
    "Officials said the modernization project was approximately seventy percent complete and on schedule. "
    "The two governments also agreed to meet regularly at the ministerial level next year."
)


def test_an_empty_neural_summary_is_made_again(fake_settings: dict, counting) -> None:
    settings = {**fake_settings, "coverage_check": True, "languages": ("en",)}
    counting.rewrite = lambda model, out, options: "" if model == "fake:summarizer" and options.num_beams > 1 else out
    english = Summarizer(**settings, cache=False).summarize(LONG).summaries["en"]
    assert english.text and english.warnings == ()


def test_a_summary_that_never_comes_is_reported(fake_settings: dict, counting) -> None:
    from summarize import SummarizeError

    settings = {**fake_settings, "coverage_check": True, "languages": ("en",)}
    counting.rewrite = lambda model, out, options: "" if model == "fake:summarizer" else out
    with pytest.raises(SummarizeError, match="produced no text for this input, with its own beam setting and with"):
        Summarizer(**settings, cache=False).summarize(LONG)


def test_an_echoed_summary_is_a_warning(fake_settings: dict, counting) -> None:
    settings = {**fake_settings, "coverage_check": True, "languages": ("en",), "strategy": "neural"}
    one_chunk = " ".join(LONG.split()[:32])  # within the counting model's 40 tokens: one chunk, one round
    counting.rewrite = lambda model, out, options: one_chunk if model == "fake:summarizer" else out
    english = Summarizer(**settings, cache=False).summarize(one_chunk).summaries["en"]
    assert english.warnings == ("the summary came back as a copy of the whole input (kept after one more try)",)


def test_a_chat_summarizer_is_told_the_glossary(
    fake_settings: dict, counting, glossary_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counting_runtime import CountingModel

    monkeypatch.setattr(CountingModel, "max_input_tokens", 400)  # room for the chat prompts
    settings = {**fake_settings, "strategy": "instruct", "languages": ("es",), "language_check": False,
                "cache": False, "fact_check": False}  # fmt: skip
    Summarizer(**settings, glossary=glossary_file).summarize(TEXT)
    told = [system for system in counting.systems if "Ministerio de Industria y Comercio" in system]
    assert told and '"Ministry of Industry and Trade" as "Ministerio de Industria y Comercio"' in told[-1]
    counting.systems.clear()
    Summarizer(**settings).summarize(TEXT)
    assert counting.systems and not any("Translate these terms" in system for system in counting.systems)


def test_a_lost_sentence_of_a_translated_input_is_reported_on_the_summary(fake_settings: dict, counting) -> None:
    settings = {**fake_settings, "coverage_check": True, "languages": ("en",), "cache": False}
    counting.rewrite = lambda model, out, options: "" if model == "fake:es-en" and "Chekushov" in out else out
    text = "El ministerio anunció la visita de hoy a La Habana. Roman Chekushov visitará la planta mañana temprano."
    english = Summarizer(**settings, source_language="es").summarize(text).summaries["en"]
    assert any(w.startswith("translating the input into en: the sentence 'Roman Chekushov") for w in english.warnings)
