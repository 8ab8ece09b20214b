"""A summary sentence's names must stand together in some passage of the source."""

from summarize.facts import check
from summarize.facts.extract import extract_facts
from summarize.facts.matching import SourceIndex
from summarize.facts.together import _listed, apart

SOURCE = (
    "Maggie Doyne opened a children's home in Kopila Valley. She was 19 when she first travelled. "
    "The home now cares for dozens of children. A school followed a few years later. "
    "Volunteers help with lessons every day. Separately, aid groups in Kathmandu met the women of the district. "
    "Their meeting was about clean water."
)
INDEX = SourceIndex(SOURCE, "en")


def _spots(*words: str) -> list[tuple[int, list[tuple[int, int]]]]:
    return [(number, INDEX.words[word]) for number, word in enumerate(words)]


def test_names_no_passage_holds_together_are_apart() -> None:
    assert apart(_spots("doyne", "kathmandu"), INDEX) in ({0}, {1})
    assert apart(_spots("doyne", "kopila"), INDEX) == set()  # one sentence holds both
    assert apart(_spots("doyne"), INDEX) == set()  # nothing to relate


def test_a_short_source_is_one_passage() -> None:
    short = SourceIndex("Maggie Doyne opened a home. Aid groups met in Kathmandu.", "en")
    assert apart([(0, short.words["doyne"]), (1, short.words["kathmandu"])], short) == set()


def test_names_in_a_list_are_left_out() -> None:
    summary = "The story spans Kopila Valley and Kathmandu, says Maggie Doyne."
    names = [fact for fact in extract_facts(summary, "en") if fact.kind == "name"]
    listed = _listed(summary, names)
    assert {summary[start:].split(",")[0] for start in listed} == {"Kopila Valley and Kathmandu", "Kathmandu"}


def test_a_score_the_source_never_states_is_not_together_and_a_stated_one_keeps_its_teams() -> None:
    source = (
        "Chelsea and Stoke drew 2-2 at Stamford Bridge on Sunday. Arsenal beat Burnley 1-0 at Turf Moor. "
        "Aaron Ramsey scored the only goal. The win lifted Arsenal to second place. Burnley stay in the "
        "relegation zone. Their manager was calm. Elsewhere, Manchester United beat Aston Villa 3-1 at Old "
        "Trafford. Wayne Rooney scored twice."
    )

    def statuses(summary: str) -> dict[str, str]:
        return {c.text: c.status for c in check(summary, source, language="en", source_language="en").checks}

    assert statuses("Manchester United beat Aston Villa 3-1.")["3"] == "found"
    assert statuses("Villa lost 1-3 to Manchester United.")["1"] == "found"  # either side first
    assert statuses("Manchester United beat Aston Villa 3-2.")["3"] == "not_together"  # 3 and 2 are each there
    # A score the source states, given to a team it does not go with: not in one passage with it.
    drew = check("Aston Villa drew 2-2.", source, language="en", source_language="en")
    assert next(c.status for c in drew.checks if c.kind == "number") == "not_together"
    # A source without scores: number pairs are ranges, and none is judged as a score.
    assert check("Voters aged 18-24 backed him.", "Voters aged 18 to 24 and 25 to 34 backed him.",
                 language="en", source_language="en").ok  # fmt: skip


def test_the_support_score_ranks_a_faithful_text_above_one_with_invented_words_and_facts() -> None:
    faithful = check("Maggie Doyne opened a children's home in Kopila Valley.", SOURCE, language="en",
                     source_language="en")  # fmt: skip
    invented = check("Maggie Doyne closed a luxury hotel in Kopila Valley in 2019.", SOURCE, language="en",
                     source_language="en")  # fmt: skip
    assert faithful.support == 1.0 and faithful.coverage == 1.0
    assert invented.support is not None and invented.support < faithful.support
    assert invented.coverage is not None and invented.coverage < 1.0
    # Across languages words cannot be compared: the score is the checks' alone.
    translated = check("Maggie Doyne abrió un hogar infantil en Kopila Valley.", SOURCE, language="es",
                       source_language="en")  # fmt: skip
    assert translated.coverage is None and translated.support == 1.0


def test_a_quote_keeps_its_speaker() -> None:
    source = (
        "Sean Murray said the side had worked hard all week in training. Kurtis Guthrie scored twice on "
        "Saturday. The crowd was delighted with the display. The referee had a quiet afternoon. The visitors "
        'rarely threatened. Afterwards manager Tony Humes said: "We were the better side and we deserved to win '
        'this game." The club is now fourth.'
    )
    quote = '"We were the better side and we deserved to win this game."'

    def speaker(summary: str) -> str:
        return check(summary, source, language="en", source_language="en").checks[0].status

    assert speaker(f"Humes said: {quote}") == "found"
    assert speaker(f"Murray said: {quote}") == "not_together"  # Murray is in the article, not by these words
    assert speaker("Murray said the side had worked hard.") == "found"  # no quote: nothing to attribute
