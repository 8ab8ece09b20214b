"""The fact check: numbers, dates and names matched across languages and formats; planted errors caught."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from summarize.facts import check, extract_facts
from summarize.facts.marks import mark_unverified
from summarize.stages.checking import _fix_summary

STATEMENT = (Path(__file__).resolve().parents[2] / "samples" / "statement.txt").read_text(encoding="utf-8")


def flagged(summary: str, source: str, language: str, source_language: str = "en", **kwargs: str) -> list[str]:
    report = check(summary, source, language=language, source_language=source_language, **kwargs)
    return [c.text for c in report.unsupported]


def kinds(text: str, language: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in extract_facts(text, language)]


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "language"),
    [
        ("Output reached 1,000.5 tons.", "en"),
        ("La producción llegó a 1.000,5 toneladas.", "es"),
        ("Выпуск достиг 1\u00a0000,5 тонны.", "ru"),
        ("Выпуск достиг 1\u202f000,5 тонны.", "ru"),
    ],
)
def test_number_conventions_of_each_language_match(summary: str, language: str) -> None:
    assert flagged(summary, "The plant made 1000.5 tons last year.", language) == []


@pytest.mark.parametrize(
    ("summary", "language"),
    [
        ("They invested 15 million dollars.", "en"),
        ("Invirtieron 15 millones de dólares.", "es"),
        ("Они вложили 15 млн долларов.", "ru"),
        ("Они вложили 15 миллионов долларов.", "ru"),
        ("Invirtieron 15.000.000 dólares.", "es"),
    ],
)
def test_scale_words_match_the_figure(summary: str, language: str) -> None:
    assert flagged(summary, "The partners invested $15,000,000 in the plant.", language) == []


def test_a_decimal_comma_misread_as_fifteen_is_caught() -> None:
    # The MT error the issue names: "1,5 millones" for 15 million.
    assert flagged("Invirtieron 1,5 millones de dólares.", "They invested $15 million.", "es") == [
        "1,5 millones de dólares"
    ]


def test_a_dropped_million_is_caught() -> None:
    assert flagged("They invested 15 dollars.", "They invested $15 million.", "en") == ["15 dollars"]


def test_percentages_in_each_convention() -> None:
    source = "Prices rose 3.5% in May."
    assert flagged("Los precios subieron un 3,5 %.", source, "es") == []
    assert flagged("Цены выросли на 3,5%.", source, "ru") == []
    assert flagged("Prices rose 3.5 percent.", source, "en") == []
    assert flagged("Prices rose 4.5 percent.", source, "en") == ["4.5 percent"]
    assert kinds("un 3,5 %", "es") == [("percent", "3,5 %")]


def test_spelled_out_small_numbers_match_digits() -> None:
    source = "The delegation held 3 meetings."
    assert flagged("They held three meetings.", source, "en") == []
    assert flagged("Celebraron tres reuniones.", source, "es") == []
    assert flagged("Они провели три встречи.", source, "ru") == []
    assert flagged("Они провели трёх встреч.", source, "ru") == []  # inflected, via its lemma
    assert flagged("They held four meetings.", source, "en") == ["four"]


def test_rounded_figures_are_supported_and_say_so() -> None:
    report = check("About 1.5 million people voted.", "Turnout was 1,534,212 voters.", language="en",
                   source_language="en")  # fmt: skip
    assert [c.status for c in report.checks] == ["rounded"]
    assert report.ok


def test_numbers_a_tokenizer_split_at_their_separators_are_read_whole_too() -> None:
    # Tokenized news text puts a space after every comma and full stop, digits or not.
    source = "It lies 3, 800 km from Moscow. About 1. 3 billion people marked it. It was in 2015. 3 people died."
    assert flagged("It lies 3,800 km from Moscow. About 1.3 billion people marked it.", source, "en") == []
    assert flagged("It was in 2015. 3 people died.", source, "en") == []  # the parts are still there
    assert flagged("It lies 3,900 km from Moscow. About 1.4 billion people marked it.", source, "en") == [
        "3,900",
        "1.4 billion",
    ]


def test_years_and_ranges() -> None:
    source = "Completion is planned by 2026, with 10-15 engineers on site."
    assert flagged("It will be done by 2026 with 10 to 15 engineers.", source, "en") == []
    assert flagged("It will be done by 2027.", source, "en") == ["2027"]
    assert flagged("Between 10 and 16 engineers.", source, "en") == ["16"]


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "language"),
    [("The talks ended on March 5, 2024.", "en"), ("Las conversaciones terminaron el 5 de marzo de 2024.", "es"),
     ("Переговоры завершились 5 марта 2024 года.", "ru")],
)  # fmt: skip
def test_dates_match_across_languages(summary: str, language: str) -> None:
    assert flagged(summary, "MOSCOW, March 5, 2024. The talks ended today.", language) == []


def test_a_wrong_month_or_day_is_caught() -> None:
    source = "MOSCOW, March 5. The talks ended today."
    assert flagged("Переговоры завершились 5 мая.", source, "ru") == ["5 мая"]
    assert flagged("Las conversaciones terminaron el 6 de marzo.", source, "es") == ["6 de marzo"]


def test_may_the_verb_is_not_a_month() -> None:
    assert ("date", "may") not in kinds("Prices may rise.", "en")


# --- names ---------------------------------------------------------------------------------------


def test_names_across_scripts_and_inflections() -> None:
    summary = "Чекушов посетил Кубу и встретился с министром Кубы. Минпромторг России сообщил о переговорах."
    report = check(summary, STATEMENT, language="ru", source_language="en")
    texts = {c.text: c.supported for c in report.checks}
    assert texts["Чекушов"] and texts["Кубу"] and texts["Кубы"], texts
    assert report.ok, report.unsupported


def test_a_name_not_in_the_source_is_caught_in_every_language() -> None:
    assert flagged("Roman Petrov visited the plant.", STATEMENT, "en") == ["Roman Petrov"]
    assert flagged("Roman Petrov visitó la planta.", STATEMENT, "es") == ["Roman Petrov"]
    assert flagged("Роман Петров посетил завод в Венесуэле.", STATEMENT, "ru") != []


def test_spanish_accents_do_not_matter() -> None:
    assert flagged("Óscar Pérez-Oliva Fraga se reunió con Eloy Álvarez.", STATEMENT, "es") == []


def test_countries_by_their_names_in_each_language() -> None:
    assert flagged("Rusia y Cuba firmaron.", "Russia and Cuba signed.", "es") == []
    assert flagged("Россия и Куба подписали.", "Russia and Cuba signed.", "ru") == []
    assert "Venezuela" in flagged("Rusia y Venezuela firmaron.", "Russia and Cuba signed.", "es")


def test_a_name_moved_to_another_event_is_out_of_context() -> None:
    source = (
        "The mayor, John Smith, opened the new bridge over the river on Monday. "
        "Traffic on the old road fell sharply within a week. "
        "Shops near the station reported more customers. "
        "Council members praised the engineers for finishing early. "
        "Separately, police chief Mary Jones arrested three suspects in the harbour district."
    )
    report = check("Mary Jones opened the new bridge over the river.", source, language="en", source_language="en")
    assert [(c.text, c.status) for c in report.unsupported] == [("Mary Jones", "out_of_context")]
    faithful = check("John Smith opened the new bridge over the river.", source, language="en", source_language="en")
    assert faithful.ok


def test_a_translation_is_checked_against_the_summary_it_came_from() -> None:
    source = "The plant is 70% complete."
    english = "The plant is 70% complete."
    report = check("La planta está completa en un 80 %.", source, language="es", source_language="en",
                   reference=english, reference_language="en")  # fmt: skip
    (bad,) = report.unsupported
    assert bad.text == "80 %" and bad.in_summary is False and bad.status == "not_in_source"
    # A fact the summarizer made up is in the translation because it was in the summary.
    report = check("La planta está completa en un 80 %.", source, language="es", source_language="en",
                   reference="The plant is 80% complete.", reference_language="en")  # fmt: skip
    assert report.unsupported[0].in_summary is True


def test_faithful_sample_sentences_raise_no_alarm() -> None:
    summary = (
        "Russia and Cuba discussed cooperation in civil aircraft manufacturing and pharmaceuticals, the Russian "
        "Industry and Trade Ministry said on November 28. Deputy Minister Roman Chekushov visited the Antillana de "
        "Acero plant, which is approximately 70% complete and will produce about 160,000 tons of rolled steel per year."
    )
    assert flagged(summary, STATEMENT, "en") == []


# --- marks, strict fixes ------------------------------------------------------------------------


def test_marks_replace_each_unsupported_fact() -> None:
    summary = "Roman Petrov said output rose 15%."
    report = check(summary, "Roman Chekushov said output rose 15%.", language="en", source_language="en")
    assert mark_unverified(summary, report.checks) == "[unverified: Roman Petrov] said output rose 15%."


def test_strict_replaces_a_sentence_with_the_source_sentence_that_covers_it() -> None:
    summary = "Chekushov visited Cuba. The plant is about 90% complete."
    report = check(summary, STATEMENT, language="en", source_language="en")
    text, changes = _fix_summary(summary, "en", report, STATEMENT, "en")
    assert "90%" not in text and "70% complete" in text and text.startswith("Chekushov visited Cuba.")
    assert len(changes) == 1 and changes[0].startswith("replaced")
    assert check(text, STATEMENT, language="en", source_language="en").ok


def test_strict_drops_what_no_source_sentence_covers() -> None:
    text, changes = _fix_summary(
        "Chekushov visited Cuba. Zebras won 42 medals.",
        "en",
        check("Chekushov visited Cuba. Zebras won 42 medals.", STATEMENT, language="en", source_language="en"),
        STATEMENT,
        "en",
    )
    assert text == "Chekushov visited Cuba." and changes[0].startswith("dropped")


# --- bad input -----------------------------------------------------------------------------------


def test_texts_without_facts_and_odd_texts() -> None:
    assert check("nothing to see here.", STATEMENT, language="en", source_language="en").checks == ()
    assert check("", "", language="en", source_language="en").checks == ()
    mixed = "Chekushov и Куба 70% Ω≈ç √∫ 1,2,3,4 " + "A" + "a" * 500 + " Bbbbbb"
    report = check(mixed, STATEMENT, language="ru", source_language="en")
    assert any(c.text == "70%" and c.supported for c in report.checks)
    with pytest.raises(Exception, match="must be a str"):
        check(b"bytes", STATEMENT)  # type: ignore[arg-type]


def test_a_table_of_numbers_is_checked_in_time_linear_in_its_size() -> None:
    rows = "\n".join(f"Row {i}: {i * 37 % 1000},{i % 10}5 and {i * 11}" for i in range(1500))
    started = time.perf_counter()
    report = check(rows, rows, language="en", source_language="en")
    elapsed = time.perf_counter() - started
    assert len(report.checks) >= 3000 and report.ok
    # Generous: a quadratic matcher takes minutes here; this takes a couple of seconds.
    assert elapsed < 60


# --- in the pipeline and the CLI -----------------------------------------------------------------

FIGURES = (
    "The new plant is now about 70% complete according to the ministry in Moscow today. "
    "Chekushov visited the site of the plant in Havana during a long working visit to Cuba this week."
)


def test_results_carry_checks_and_marks_in_every_language(fake_settings: dict) -> None:
    from summarize import Summarizer
    from summarize.render import render_text

    result = Summarizer(**fake_settings, cache=False).summarize(FIGURES)
    for summary in result.summaries.values():
        assert summary.checks is not None and any(c.text == "70%" for c in summary.checks)
        assert summary.unsupported == ()
    assert "fact_check" in result.timings
    unchecked = Summarizer(**fake_settings, cache=False, fact_check=False).summarize(FIGURES)
    assert all(s.checks is None for s in unchecked.summaries.values())
    assert "checks" not in unchecked.to_dict()["summaries"]["en"]
    assert "[unverified" not in render_text(result)


def test_strict_translates_a_garbled_figure_again_with_the_other_beam_count(fake_settings: dict, counting) -> None:
    from summarize import Summarizer

    # The Spanish translator writes 80% for 70% with its own 4 beams, and gets it right with 1.
    counting.rewrite = lambda model, text, options: (
        text.replace("70%", "80%") if model == "fake:en-es" and options.num_beams != 1 else text
    )
    loose = Summarizer(**fake_settings, cache=False).summarize(FIGURES)
    (bad,) = loose.summaries["es"].unsupported
    assert bad.text == "80%" and bad.in_summary is False
    strict = Summarizer(**fake_settings, cache=False, strict=True).summarize(FIGURES)
    spanish = strict.summaries["es"]
    assert "70%" in spanish.text and "80%" not in spanish.text and spanish.unsupported == ()
    assert len(spanish.changes) == 1 and "again with 1 beam" in spanish.changes[0]
    assert strict.summaries["ru"].changes == ()


def test_strict_drops_a_sentence_whose_figure_never_comes_through(fake_settings: dict, counting) -> None:
    from summarize import Summarizer

    counting.rewrite = lambda model, text, options: text.replace("70%", "80%") if model == "fake:en-es" else text
    spanish = Summarizer(**fake_settings, cache=False, strict=True).summarize(FIGURES).summaries["es"]
    assert "80%" not in spanish.text and "70%" not in spanish.text
    assert spanish.changes and spanish.changes[0].startswith("dropped the translation")


def test_strict_replaces_a_summary_sentence_before_it_is_translated(fake_settings: dict, counting) -> None:
    from summarize import Summarizer

    counting.rewrite = lambda model, text, options: text.replace("70%", "90%") if model == "fake:summarizer" else text
    result = Summarizer(**fake_settings, cache=False, strict=True).summarize(FIGURES)
    english = result.summaries["en"]
    assert english.changes and english.changes[0].startswith("replaced")
    assert "90%" not in english.text and "70%" in english.text
    # The translations start from the fixed summary.
    assert all("90%" not in s.text for s in result.summaries.values())


def test_cli_marks_notices_and_strict_exit_codes(fake_settings: dict, counting, tmp_path: Path) -> None:
    import io

    from summarize.cli import main

    source = tmp_path / "figures.txt"
    source.write_text(FIGURES, encoding="utf-8")
    flags = ["--runtime", "counting", "--summarizer", "fake:summarizer", "--translator", "es=fake:en-es",
             "--translator", "ru=fake:en-ru", "--length", "short", "--no-cache", "--no-coverage-check",
             str(source)]  # fmt: skip

    def run(*extra: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main([*flags, *extra], stdin=io.BytesIO(b""), stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    counting.rewrite = lambda model, text, options: text.replace("70%", "80%") if model == "fake:en-es" else text
    code, out, err = run()
    assert code == 0 and "[unverified: 80%]" in out
    assert "unverified: " in err and "80% (changed in translation)" in err
    code, out, _ = run("--checks", "hide")
    assert code == 0 and "[unverified" not in out and "80%" in out
    code, out, _ = run("--format", "markdown")
    assert "\\[unverified: 80%\\]" in out  # escaped, so Markdown shows the brackets
    code, out, err = run("--strict")
    assert code == 3, err  # a sentence dropped, and what is left checks out
    assert "strict: " in err and "80%" not in out
    counting.rewrite = None
    code, out, err = run("--strict")
    assert code == 0 and "strict:" not in err


def test_a_warm_strict_run_repeats_its_fixes_from_the_cache(fake_settings: dict, counting, tmp_path: Path) -> None:
    from summarize import Summarizer

    counting.rewrite = lambda model, text, options: (
        text.replace("70%", "80%") if model == "fake:en-es" and options.num_beams != 1 else text
    )
    settings = {**fake_settings, "strict": True, "cache_dir": tmp_path}
    first = Summarizer(**settings).summarize(FIGURES).summaries["es"]
    counting.calls.clear()
    again = Summarizer(**settings).summarize(FIGURES).summaries["es"]
    assert counting.calls == [] and again.text == first.text and again.changes == first.changes


def test_a_table_against_a_long_source_stays_linear() -> None:
    source = " ".join(f"In {1800 + i} the town counted {i * 13} houses and {i * 7} wells." for i in range(400))
    table = " ".join(f"The town had {i * 13} houses in {1800 + i}." for i in range(0, 400, 2)) * 2
    started = time.perf_counter()
    report = check(table, source, language="en", source_language="en")
    assert len(report.checks) >= 800
    assert time.perf_counter() - started < 60  # generous: the quadratic version took minutes


def test_model_artefacts_are_their_own_finding_never_names() -> None:
    from summarize.facts import check

    source = "Police said a man was arrested in Leeds on Monday. The minister said the talks went on."
    summary = "Police said UNK was arrested in <unk> on Monday. The talks went on went on went on. Caf\ufffd news."
    report = check(summary, source, language="en", source_language="en")
    artefacts = [c.text for c in report.checks if c.status == "artefact"]
    assert artefacts == ["UNK", "<unk>", "went on went on went on", "\ufffd"]
    assert all(c.kind != "name" for c in report.checks if c.text in ("UNK", "<unk>"))
    assert not report.ok
    faithful = "The minister said that that was what he had had in mind. Police said a man was arrested."
    assert all(c.status != "artefact" for c in check(faithful, source, language="en", source_language="en").checks)


def test_a_full_name_must_be_joined_in_the_source_not_only_its_words() -> None:
    from summarize.facts import check

    source = (
        "Kurtis Guthrie scored twice. Sean Murray was sent off. Newcastle manager Howe was pleased. "
        "Stephen John Docherty, 66, pleaded guilty. Manchester City lost at the High Court of appeal."
    )

    def status(summary: str) -> list[str]:
        return [
            c.status for c in check(summary, source, language="en", source_language="en").checks if c.kind == "name"
        ]

    assert status("Sean Guthrie scored twice.") == ["not_in_source"]  # each word there, the person not
    assert status("Eddie Howe was pleased.") == ["not_in_source"]  # a given name the source never gives
    for faithful in ("Kurtis Guthrie scored twice.", "Mr Howe was pleased.", "Stephen Docherty pleaded guilty.",
                     "Man City lost.", "Manager Howe was pleased."):  # fmt: skip
        assert status(faithful) == ["found"], faithful


def test_a_title_the_source_gives_the_person_is_kept_and_another_one_is_not_together() -> None:
    from summarize.facts import check

    source = "Deputy Minister Roman Chekushov spoke on Monday. Eddie Howe, the manager, was calm. Defoe scored."

    def status(summary: str) -> list[str]:
        return [
            c.status for c in check(summary, source, language="en", source_language="en").checks if c.kind == "name"
        ]

    assert status("Prime Minister Chekushov spoke.") == ["not_together"]
    assert status("striker Howe was calm.") == ["not_together"]  # "Howe, the manager," in apposition
    for faithful in (
        "Minister Chekushov spoke.",
        "Mr Chekushov spoke.",
        "manager Howe was calm.",
        "striker Defoe scored.",
    ):  # fmt: skip (the source gives Defoe no title: not judged)
        assert status(faithful) == ["found"], faithful


def test_a_number_moved_to_another_noun_is_not_together() -> None:
    from summarize.facts import check

    source = (
        "About 50 children live in the home, and 350 students study at the school. Seventeen of the 30 "
        "counts were capital charges. The 50-minute trek ended. Kensit, 47, spoke. It was seen 235, 000 times."
    )

    def status(summary: str) -> list[str]:
        return [c.status for c in check(summary, source, language="en", source_language="en").checks]

    assert status("The home has 350 children.") == ["not_together"]
    for faithful in ("About 50 children live there.", "The school has 350 students.", "Seventeen counts were capital.",
                     "It took 50 minutes.", "The 47-year-old spoke.", "The home has 50 more children.",
                     "It was viewed 235,000 times."):  # fmt: skip
        assert status(faithful) == ["found"], faithful


@pytest.mark.parametrize(
    ("summary", "language", "source"),
    [
        ("Presentó su informe a las 12:00 GMT.", "es", "It presented its report at 12.00 GMT today."),  # a dotted time
        ("Lo retiraron a las 12:00 GMT.", "es", "It was taken away at approximately 1200 GMT."),  # a 24-hour time
        ("Firmada el 4 de julio de 1776.", "es", 'The words "Declaration of Independence dated 4th July 1776".'),
        ("Las revisiones cambiaron tras el 11 de septiembre de 2001.", "es", "In the post-September 11, 2001 era."),
        ("En los años 60 trabajó para Kennedy.", "es", "Throughout 1960s, he worked for Kennedy."),  # a decade
        (
            "Debía nadar los 100 metros libres.",
            "es",
            "He was due to swim in the 100m freestyle.",
        ),  # metres, not millions
        ("El parque tiene 19 500 km2.", "es", "The park covers 19,500 km²."),  # an exponent is no number
        (
            "Их основная среда обитания — эстуарии.",
            "ru",
            "Their primary habitat is in river estuaries.",
        ),  # not Wednesday
    ],
)
def test_times_dates_decades_and_units_as_sources_write_them(summary: str, language: str, source: str) -> None:
    assert flagged(summary, source, language) == []


def test_a_hyphened_name_the_source_writes_apart_is_found() -> None:
    source = "Suarez nutmegged paris saint - germain defender David Luiz. He lives on Saint Germain Road."
    names = {c.text: c.status for c in check("Suarez nutmegged a Saint-Germain defender.", source).checks}
    assert names["Saint-Germain"] == "found"
    assert not check("Suarez nutmegged a Saint-Etienne defender.", source).ok
