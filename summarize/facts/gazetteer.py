"""Names in a lower-cased summary, found by the source's own names.

Older systems write lower-cased text ("sean guthrie joined ..."), and some sources arrive so: a
name then has no capital to be seen by. The source's names (its capitalised name words, as the
source writes them) are a gazetteer: a run of summary words that are all words of the source's
names is a name, checked as the source writes it, so the full-name rule still applies ("sean
guthrie" where the source has Kurtis Guthrie and Sean Murray).
"""

from __future__ import annotations

from . import lexicon, wordlists
from .extract import Fact
from .function_words import is_function_word
from .stems import stem
from .tokens import Token, tokenize


def lowercased(text: str) -> bool:
    """Whether `text` is written without capitals but at sentence starts (so names have none)."""
    words = [token for token in tokenize(text) if token.kind == "word" and token.text.isalpha()]
    inside = [token.text for token in words if not token.initial]
    return len(inside) >= 3 and not any(word[:1].isupper() for word in inside)


def names_uncapitalised(summary: str, source_lowercased: bool, names: dict[str, str], language: str) -> bool:
    """Whether `summary` is lower-cased text, its names included: lowercased, and so is its source, or
    it starts a sentence in lower case, or writes one of the source's name words so. A cased
    summary that happens to hold no name ("She ran to the window.") is not: its rare words are words."""
    if not lowercased(summary):
        return False
    if source_lowercased:
        return True
    return any(_uncapitalised(token, names, language) for token in tokenize(summary) if token.kind == "word")


def _uncapitalised(token: Token, names: dict[str, str], language: str) -> bool:
    if not token.text[:1].islower():
        return False
    if token.initial:
        return True  # "the young forward ...": lower-cased from its first word
    return len(token.text) > 2 and lexicon.fold(token.text) in names and not is_function_word(token.text, language)


def source_names(facts: list[Fact]) -> dict[str, str]:
    """The source's name words by folded form, as the source writes them."""
    return {lexicon.fold(str(value)): str(value) for fact in facts if fact.kind == "name" for value in fact.values}


def gazetteer_names(text: str, language: str, facts: list[Fact], names: dict[str, str]) -> list[Fact]:
    """Name facts for runs of `text`'s words found in `names`, outside the spans of `facts`.

    A run of only common or function words ("will", "the") is left alone: it reads as plain words.
    A sentence-initial name that a run continues leaves `facts` and joins the run.
    """
    taken = [(fact.start, fact.end) for fact in facts]
    one_word_names = {(fact.start, fact.end): fact for fact in facts if fact.kind == "name"}
    tokens = tokenize(text)
    found: list[Fact] = []
    index = 0
    while index < len(tokens):
        run = []
        while index < len(tokens) and _in_names(tokens[index], names, taken):
            run.append(tokens[index])
            index += 1
        if not run:
            index += 1
            continue
        # A sentence's first word has its capital whatever it is, so the cased reading took it as a
        # name alone ("Sean guthrie met ..."): it begins this run, and the run is judged whole.
        values = tuple(names[lexicon.fold(token.text)] for token in run)
        if all(wordlists.is_common(value, language) or is_function_word(value, language) for value in values):
            continue
        # A sentence's first word has its capital whatever it is, so the cased reading took it as a
        # name alone ("Sean guthrie met ..."): it begins this run, and the run is judged whole.
        opener = _opener(tokens, index - len(run), one_word_names)
        if opener is not None:
            facts.remove(opener[1])
            taken.remove((opener[1].start, opener[1].end))
            run.insert(0, opener[0])
            values = (names.get(lexicon.fold(opener[0].text), opener[0].text), *values)
        start, end = run[0].start, run[-1].end
        words = tuple(lexicon.lemma(value, language) for value in values)
        found.append(Fact(text[start:end], "name", start, end, values, words))
    return found


def unseen_rare_words(text: str, language: str, facts: list[Fact], source_words: set[str]) -> list[Fact]:
    """Rare words of a lower-cased `text` (rarer than wordlists.RARE_ZIPF, no function words) that the
    source never uses in any form, checked as names not in the source. In lower-cased news these
    are names ("finney" where the article has Murray) and words a system brought in ("spared",
    "criticised", "lauded", where the article says none of them): without capitals nothing tells
    them apart, so a paraphrase with a rare word is flagged too. Frequent words are left alone."""
    taken = [(fact.start, fact.end) for fact in facts]
    found = []
    for token in tokenize(text):
        word = token.text
        if token.kind != "word" or not word.isalpha() or len(word) < 3 or token.initial:
            continue
        if is_function_word(word, language) or not wordlists.is_rare(word, language):
            continue
        if {lexicon.fold(word), lexicon.lemma(word, language), stem(word, language)} & source_words:
            continue
        if not any(begin < token.end and token.start < end for begin, end in taken):
            found.append(Fact(word, "name", token.start, token.end, (word,), (lexicon.lemma(word, language),)))
    return found


def _opener(tokens: list[Token], position: int, names: dict[tuple[int, int], Fact]) -> tuple[Token, Fact] | None:
    """The sentence's first word just before `tokens[position]`, with the one-word name fact made of it
    (`names`: name facts by their span), if so."""
    if position == 0 or not tokens[position - 1].initial or tokens[position - 1].kind != "word":
        return None
    opener = tokens[position - 1]
    fact = names.get((opener.start, opener.end))
    return None if fact is None else (opener, fact)


# Countries whose English names are also everyday nouns ("the jersey", "a reunion", "guinea pigs").
_PLAIN_WORDS = frozenset({"jersey", "reunion", "guinea"})


def unseen_places(text: str, language: str, facts: list[Fact]) -> list[Fact]:
    """Countries and regions a lower-cased `text` names (CLDR's names in its language, English news's
    own "turkey" or "america"), outside the spans of `facts`: checked as names like capitalised ones."""
    if language not in lexicon.SUPPORTED:
        return []
    places = lexicon.country_names(language)
    taken = [(fact.start, fact.end) for fact in facts]
    words = [token for token in tokenize(text) if token.kind == "word"]
    found, index = [], 0
    while index < len(words):
        for size in (3, 2, 1):  # the longest name first: "united states", then "states"
            run = words[index : index + size]
            phrase = " ".join(lexicon.fold(token.text) for token in run)
            if len(run) == size and phrase in places and phrase not in _PLAIN_WORDS:
                start, end = run[0].start, run[-1].end
                if not any(begin < end and start < finish for begin, finish in taken):
                    values = tuple(token.text for token in run)
                    found.append(Fact(text[start:end], "name", start, end, values, tuple(map(lexicon.fold, values))))
                index += size
                break
        else:
            index += 1
    return found


def _in_names(token: Token, names: dict[str, str], taken: list[tuple[int, int]]) -> bool:
    text, start, end = token.text, token.start, token.end
    if token.kind != "word" or len(text) < 2 or lexicon.fold(text) not in names:
        return False
    return not any(begin < end and start < finish for begin, finish in taken)
