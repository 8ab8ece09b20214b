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


def test_a_sentence_start_capital_does_not_split_a_lowercased_name() -> None:
    # As older systems' outputs arrive: the first letter capitalised, names lower-cased.
    names = _names("Sean guthrie scored twice for colchester on saturday after a long wait.")
    assert names["Sean guthrie"] == "not_in_source"
    assert _names("Kurtis guthrie scored twice for colchester on saturday, again.")["Kurtis guthrie"] == "found"
    # Read as cased text would be ("Glasgow Guthrie"): one name, which the source never writes.
    assert _names("Glasgow guthrie scored twice for colchester.") == {"Glasgow guthrie": "not_in_source",
                                                                     "colchester": "found"}  # fmt: skip


def _dates(summary: str, source: str = SOURCE) -> dict[str, str]:
    report = check(summary, source, language="en", source_language="en")
    return {c.text: c.status for c in report.checks if c.kind == "date"}


def test_lowercased_days_and_months_are_dates_and_the_verbs_are_not() -> None:
    assert _dates("kurtis guthrie scored twice for colchester on tuesday after a long wait.") == {
        "tuesday": "not_in_source"
    }
    assert _dates("guthrie scored twice for colchester in june.") == {"june": "not_in_source"}
    # "may" and "march" are verbs too: dates only beside a day or a year.
    assert _dates("guthrie may score again, and the fans march on.") == {}
    assert _dates("guthrie scored twice for colchester in may 2015.") == {"may 2015": "not_in_source"}


def test_countries_in_lowercased_text_are_names_and_news_names_match_the_formal_ones() -> None:
    source = "The plant will be built in the United States with German partners, officials said on Monday."
    names = _names("the plant will be built in spain with german partners, officials said.", source)
    assert names == {"spain": "not_in_source", "german": "found"}
    assert _names("the plant will be built in america, officials said.", source) == {"america": "found"}
    assert _names("The plant will be built by Americans, officials said.", source) == {"Americans": "found"}
    # A country's name that is also an everyday noun is left alone in lower-cased text.
    assert _names("the players wore the jersey after the game, officials said.", source) == {}


def test_a_made_up_full_name_is_flagged_when_the_names_are_frequent_words_too() -> None:
    source = "Kurtis Guthrie met Sean Murray in Paris. Later, Murray flew to Berlin."
    # "Murray" is a frequent word, yet "Kurtis Murray" is no one the source names.
    assert _names("Kurtis Murray met Sean Murray in Paris.", source)["Kurtis Murray"] == "not_in_source"
    assert _names("Sean Murray met Kurtis Guthrie in Paris.", source)["Sean Murray"] == "found"
