"""A summary sentence's names must stand together in some passage of the source."""

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
