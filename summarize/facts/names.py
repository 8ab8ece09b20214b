"""Full names: a given name and a surname the summary joins must be joined in the source too.

"Sean Guthrie" is unsupported where the source has Kurtis Guthrie and Sean Murray, and "Eddie
Howe" where it says only "Howe": each word is in the source, the person is not. Titles ("Mr",
"President", "Deputy Minister") come and go and are never taken for a given name.
"""

from __future__ import annotations

import re

from .fact import Fact
from .function_words import is_function_word
from .lexicon import fold
from .wordlists import is_common

# Titles and roles that stand before a surname in news text (folded), in the checked languages.
TITLES = frozenset(
    " ".join((
        "mr mrs ms miss dr prof sir dame lord lady rev father sister president vice prime minister deputy",
        "secretary chancellor governor senator sen rep representative mayor judge justice general gen",
        "colonel col captain capt lieutenant lt sergeant sgt officer detective chief inspector commissioner",
        "king queen prince princess pope cardinal bishop archbishop sheikh ambassador chairman chairwoman",
        "ceo director coach manager boss striker midfielder defender goalkeeper star singer actor actress",
        "sr sra srta don dona presidente ministro ministra senor senora",
        "г-н г-жа господин госпожа президент министр премьер замминистра глава мэр губернатор",
    )).split()
)  # fmt: skip
# Titles that say who a person is (not courtesy titles, not newspaper words): a summary may not swap them.
COURTESY = "mr mrs ms miss dr sir dame lord lady sr sra srta don dona senor senora г-н г-жа господин госпожа"
JUDGED_TITLES = TITLES - frozenset(COURTESY.split()) - {"star", "boss"}
# The word just before a spot in the source, skipping spaces and an opening quote.
_BEFORE = re.compile(r"([^\W\d_][\w'\u2019.-]*)[\s\"\u201c\u00ab(]*$")


def _preceding(text: str, start: int, count: int = 2) -> list[str]:
    """Up to `count` words just before `start` in the source, nearest first ("John" in "Stephen John Docherty")."""
    words: list[str] = []
    while len(words) < count:
        match = _BEFORE.search(text[max(0, start - 60) : start])
        if match is None:
            break
        words.append(match.group(1).rstrip("."))
        start = max(0, start - 60) + match.start(1)
    return words


def _same_given(a: str, b: str) -> bool:
    """ "Alex" and "Alexander", "Man" and "Manchester": one a short form of the other."""
    return a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))


def full_name_holds(surfaces: list[str], surname_spots: list[tuple[int, int]], given_found: bool, text: str,
                    language: str) -> bool:  # fmt: skip
    """Whether a summary's "Given Surname" is a pairing the source makes (or could: see the module)."""
    if len(surfaces) < 2:
        return True
    given, surname = surfaces[-2], surfaces[-1]
    if len(given) < 3 or not given[:1].isupper() or not given.isalpha() or fold(given) in TITLES:
        return True  # "B. King", "van Gaal", "Mr Howe": no given name to pair
    if is_function_word(given, language) or (is_common(surname, language) and is_common(given, language)):
        return True  # "the Kremlin", "Premier League", "High Court": an institution's words, not a person's
    named = [fold(word) for start, _ in surname_spots for word in _preceding(text, start)]
    if any(_same_given(fold(given), word) for word in named):
        return True  # the source joins them: "Kurtis Guthrie", "Stephen John Docherty", "Alexander"
    if not given_found:
        return False  # "Eddie Howe" where the source has only "Howe" (or another Howe)
    # Both words are in the source, but not together: wrong only when the surname has a given name of
    # its own there ("Kurtis Guthrie"), not when the source says "Sean ... his brother Guthrie".
    others = [word for word in named if word not in TITLES and not is_function_word(word, language)]
    return not any(_capitalised(text, word) for word in others)


def _capitalised(text: str, folded: str) -> bool:
    """Whether the source writes this word with a capital somewhere (a name, not "said Guthrie")."""
    return any(fold(m.group(0)) == folded and m.group(0)[0].isupper() for m in re.finditer(r"[^\W\d_]+", text))


_TITLE_JOINERS = frozenset(["and", "of", "the", "for", "de", "del", "y", "и"])


def _titles_before(text: str, start: int, count: int) -> set[str]:
    """The titles in the run of title words, capitalised words and joiners just before `start`
    ("State Secretary and Deputy Industry and Trade Minister" before "Roman Chekushov")."""
    titles: set[str] = set()
    for word in _preceding(text, start, count):
        folded = fold(word)
        if folded in TITLES:
            titles.add(folded)
        elif not (word[:1].isupper() or folded in _TITLE_JOINERS):
            break
    return titles


_AFTER = re.compile(r",\s+(?:\d+,\s+)?(?:the|a|an|his|her|their|el|la|su)?\s*((?:[^\W\d_]+\s+){0,2}[^\W\d_]+)")


def _titles_after(text: str, end: int) -> set[str]:
    """Titles in apposition: "Howe, the manager," and "Defoe, 32, the striker"."""
    match = _AFTER.match(text, end)
    return {fold(word) for word in match.group(1).split()} & TITLES if match else set()


def title_holds(summary: str, fact: Fact, surname_spots: list[tuple[int, int]], source: str) -> bool:
    """Whether the titles a summary gives a person ("Prime Minister Chekushov", "striker Defoe") are
    ones the source gives them. Only judged where the source gives the person a title of its own:
    a title the source never uses for them may be the summary's way of saying who they are.
    Courtesy titles ("Mr", "Sra") come and go and are not judged."""
    inside = {fold(str(word)) for word in fact.values[:-1]}
    given = (inside | _titles_before(summary, fact.start, 2)) & JUDGED_TITLES
    if not given:
        return True
    attached: set[str] = set()
    for begin, end in surname_spots:
        attached |= _titles_before(source, begin, 10) | _titles_after(source, end)
    attached &= JUDGED_TITLES
    return not attached or given <= attached
