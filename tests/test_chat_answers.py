"""Chat answers cleaned of chat artefacts, and checked for the language asked for."""

from __future__ import annotations

import pytest

from summarize.chat_answers import check_language, clean_answer


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<think>\nThe user wants a summary.\n</think>\n\nRussia and Cuba agreed.", "Russia and Cuba agreed."),
        ("<think>still thinking when the tokens ran out", ""),
        ("Here is a summary in Spanish:\n\nRusia y Cuba acordaron.", "Rusia y Cuba acordaron."),
        ("**Summary:** Russia and Cuba agreed.", "Russia and Cuba agreed."),
        ("Вот краткое содержание: Россия и Куба договорились.", "Россия и Куба договорились."),
        ("```markdown\nRussia and Cuba agreed.\n```", "Russia and Cuba agreed."),
        ('"Russia and Cuba agreed."', "Russia and Cuba agreed."),
        ("«Россия и Куба договорились.»", "Россия и Куба договорились."),
        # Text that only looks like a preamble further in is left alone.
        ("Russia said: here is the plan.", "Russia said: here is the plan."),
        ('He said "yes" and "no".', 'He said "yes" and "no".'),
        ("Line one\x1b[31m red\x07", "Line one red"),
    ],
)
def test_chat_artefacts_are_removed_and_the_text_kept(raw: str, clean: str) -> None:
    assert clean_answer(raw) == clean


@pytest.mark.parametrize(
    ("text", "language", "ok"),
    [
        ("Russia and Cuba agreed to build a plant for batteries and to expand industrial cooperation.", "en", True),
        ("Rusia y Cuba acordaron construir una planta de baterías y ampliar la cooperación industrial.", "es", True),
        ("Россия и Куба договорились построить завод аккумуляторов и расширить сотрудничество.", "ru", True),
        ("Russia and Cuba agreed to build a plant for batteries and to expand industrial cooperation.", "ru", False),
        ("Россия и Куба договорились построить завод аккумуляторов и расширить сотрудничество.", "es", False),
        ("Russia and Cuba agreed to build a plant for batteries and to expand industrial cooperation.", "es", False),
        # Names and numbers alone decide nothing.
        ("2026 — 15%, 3.5 (1,000).", "ru", True),
    ],
)
def test_the_language_check_catches_plain_contradictions_only(text: str, language: str, ok: bool) -> None:
    assert check_language(text, language).ok is ok


def test_an_answer_cut_off_at_the_token_limit_loses_its_unfinished_sentence() -> None:
    from summarize.chat_answers import trim_cut_off

    assert trim_cut_off("Russia and Cuba agreed. The plant will open in") == "Russia and Cuba agreed."
    assert trim_cut_off("Russia and Cuba agreed. The plant opens in 2026.") == (
        "Russia and Cuba agreed. The plant opens in 2026."
    )
    assert (
        trim_cut_off("One long unfinished sentence that ran out of") == "One long unfinished sentence that ran out of"
    )
