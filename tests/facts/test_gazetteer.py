"""Names in lower-cased summaries: by the source's own names, and rare words the source never uses."""

from summarize.facts import check

SOURCE = ("Kurtis Guthrie scored twice for Colchester on Saturday. Sean Murray made both goals, "
          "and the manager praised the young forward from Glasgow.")  # fmt: skip


def _names(summary: str, source: str = SOURCE) -> dict[str, str]:
    report = check(summary, source, language="en", source_language="en")
    return {c.text: c.status for c in report.checks if c.kind == "name"}


def test_a_lowercased_full_name_the_source_never_joins_is_flagged() -> None:
    names = _names("sean guthrie scored twice for colchester on saturday after a long wait.")
    assert names["sean guthrie"] == "not_in_source"
    assert names["colchester"] == "found"
    assert _names("kurtis guthrie scored twice for colchester on saturday, again.")["kurtis guthrie"] == "found"


def test_a_rare_word_the_source_never_uses_is_a_name_not_in_the_source() -> None:
    names = _names("the young forward from edinburghshire was praised by the manager after the game.")
    assert names == {"edinburghshire": "not_in_source"}
    # Words of the language's word list are paraphrase, not names; forms of the source's words are its own.
    assert _names("the young player from glasgow was celebrated by the managers after the game.") == {}


def test_cased_summaries_are_left_to_their_capitals() -> None:
    assert "edinburghshire" not in _names("The young forward from edinburghshire was praised by the Manager after it.")


def test_a_cased_summary_without_names_is_not_taken_for_lower_cased_text() -> None:
    # No capital inside its sentences, yet cased: its rare words are words, not names.
    assert _names("She ran to the window, and the railings gave way.", SOURCE) == {}
    # Lower-cased: a source name written so, and the invented one beside it is caught.
    assert _names("She ran from colchester to edinburghshire after the game.", SOURCE) == {
        "colchester": "found",
        "edinburghshire": "not_in_source",
    }
