"""Names in a text: runs of capitalised words ("Oscar Perez-Oliva Fraga", "Antillana de Acero"), and
what decides whether a capitalised word is a name where it stands."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from . import lexicon
from .function_words import is_function_word
from .lexicon import fold
from .tokens import Token

if TYPE_CHECKING:
    from .fact import Fact


def token_lemma(token: Token, language: str) -> str:
    """A word token's lemma (a number token as it is)."""
    return lexicon.lemma(token.text, language) if token.kind == "word" else token.text


def _epithet(word: str) -> bool:
    """A known Russian word that is no noun ("Эрика Рыжего", Erik the Red); an unknown one's part of
    speech is a guess ("Гурли" reads as a verb), so it is a surname."""
    return lexicon.russian_lemma(word)[2] and bool(lexicon.russian_grammemes(word) & {"ADJF", "ADJS", "VERB", "PRTF"})


class NameFinder:
    """The names part of the extractor (extract.py): it needs the text's tokens, the token indexes
    already used by other facts, and `add`."""

    text: str
    language: str
    tokens: list[Token]
    used: set[int]
    known: frozenset[str]
    capitalised_inside: set[str] | None
    facts: list[Fact]

    def add(self, kind: str, first: int, last: int, values: tuple[object, ...], words: tuple[str, ...] = ()) -> None:
        raise NotImplementedError

    def _name_word(self, token: Token) -> bool:
        """A capitalised word that can be (part of) a name where it stands."""
        if token.kind != "word" or not token.text[0].isupper():
            return False
        if len(token.text) == 1:
            return False  # an initial ("J.") or a one-letter word
        if self.language == "ru" and lexicon.is_cyrillic(token.text):
            if token.text.rsplit("-", 1)[-1][:1].islower():
                return False  # a compound noun ("Города-государства", "Коллеги-рестлеры"), not "Сен-Санс"
            _, proper, known = lexicon.russian_lemma(token.text)
            if proper:
                return True
            if not known:
                # An unknown word is a name when it is a noun ("Дэлхаузи"), not an adjective
                # made from one ("Джакартского", "Развлекательно-новостной"), nor a common noun
                # coined from a known word ("Блоггерство", "Турагенты").
                return (
                    lexicon.russian_pos(token.text) == "NOUN"
                    and not lexicon.is_abstract_noun(token.text)
                    and not lexicon.is_russian_compound(token.text)
                )
            # A known common word capitalised mid-sentence starts an institution's name
            # ("Министерство промышленности"); its own words say nothing checkable across languages.
            return False
        # A sentence's first word is decided by the group it starts, see _names.
        return not token.initial

    def _lone_name(self, token: Token) -> bool:
        """Whether a capitalised word alone at a sentence's start is a name: the text capitalises it
        elsewhere, it is one of the `known` names (the source's: "Guthrie scored" where the source
        has Kurtis Guthrie), or a country or city of the language ("Alemania", "Londres"). Otherwise it
        reads as an ordinary first word: a rare word ("Niigata") cannot be told from a rare
        inflection ("Asesoró", "Siéntase") without a dictionary."""
        from .exonyms import city_names

        word = token.text
        if len(word) < 3 or not word.isalpha():
            return False
        if self.capitalised_inside is None:
            self.capitalised_inside = {
                fold(t.text) for t in self.tokens if t.kind == "word" and t.text[0].isupper() and not t.initial
            }
        folded = fold(word)
        if folded in self.capitalised_inside or folded in self.known or folded in city_names(self.language):
            return True
        territories = lexicon.territory_names(self.language) if self.language in lexicon.SUPPORTED else {}
        return token_lemma(token, self.language) in territories

    def _names(self) -> None:
        tokens = self.tokens
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if index in self.used or token.kind != "word" or not token.text[0].isupper():
                index += 1
                continue
            group, bridged = self._group(index)
            index = group[-1] + 1
            named = [i for i in group if self._name_word(tokens[i])
                     or (i in bridged and not is_function_word(tokens[i].text, self.language))]  # fmt: skip
            if self.language == "ru":
                for run in self._russian_runs(group, named):
                    self._add_name(run)
                continue
            # A sentence's first word is part of a name when a capitalised word follows it
            # ("Roman Chekushov said"), unless it is a common function word ("The Kremlin").
            first = tokens[group[0]]
            if (
                first.initial
                and group[0] not in named
                and self.language != "ru"
                and not is_function_word(first.text, self.language)
                and (len(group) > 1 or self._lone_name(first))
            ):
                named.insert(0, group[0])
            self._add_name(named)

    def _group(self, index: int) -> tuple[list[int], set[int]]:
        """The capitalised run starting at `index` ("Oscar Perez-Oliva Fraga", "Antillana de Acero",
        "Ministry of Industry"), and those of its words that follow middle initials."""
        tokens = self.tokens
        group = [index]
        bridged: set[int] = set()
        probe = index + 1
        while probe < len(tokens) and probe not in self.used:
            candidate = tokens[probe]
            after = self._after_initials(probe)
            if candidate.kind == "word" and candidate.text[0].isupper() and len(candidate.text) > 1:
                group.append(probe)
                probe += 1
            elif after is not None:  # "George W. Bush": the stop ends no sentence
                group.append(after)
                bridged.add(after)
                probe = after + 1
            elif (
                candidate.kind == "word"
                and fold(candidate.text) in lexicon.NAME_JOINERS
                and probe + 1 < len(tokens)
                and tokens[probe + 1].kind == "word"
                and tokens[probe + 1].text[:1].isupper()
                and probe + 1 not in self.used
            ):
                probe += 1
            else:
                break
        return group, bridged

    def _after_initials(self, probe: int) -> int | None:
        """Where the capitalised word after middle initials from `probe` on stands ("W. Bush",
        "H. W. Bush"), None if there are none or no such word follows them."""
        tokens = self.tokens
        while (
            probe + 1 < len(tokens)
            and tokens[probe].kind == "word"
            and len(tokens[probe].text) == 1
            and tokens[probe].text.isupper()
            and tokens[probe + 1].text == "."
            and not {probe, probe + 1} & self.used
        ):
            probe += 2
        if probe >= len(tokens) or probe in self.used or tokens[probe - 1].text != ".":
            return None
        word = tokens[probe]
        return probe if word.kind == "word" and len(word.text) > 1 and word.text[0].isupper() else None

    def _add_name(self, named: list[int]) -> None:
        tokens = self.tokens
        if not named:
            return
        if len(named) > 1 and all(tokens[i].text.isupper() for i in named):
            return  # "CLICK HERE", "WARNING GRAPHIC CONTENT": shouting, not a name
        words = tuple(token_lemma(tokens[i], self.language) for i in named)
        self.add("name", named[0], named[-1], tuple(tokens[i].text for i in named), words)

    def _russian_runs(self, group: list[int], named: list[int]) -> list[list[int]]:
        """A Russian group's names: a place's genitive before a person is a name of its own
        ("Президент Франции Эммануэль Макрон": Франции, Эммануэль Макрон), and a capitalised word
        after a given name is a surname even where the dictionary knows it as a word ("Макрон",
        "Мэй")."""
        tokens = self.tokens
        kept = set(named)
        for previous, current in itertools.pairwise(group):
            given = previous in kept and lexicon.is_russian_given_name(tokens[previous].text)
            if given and lexicon.is_cyrillic(tokens[current].text) and not _epithet(tokens[current].text):
                kept.add(current)
        runs: list[list[int]] = [[]]
        members = set(group)
        for position in (i for i in group if i in kept):
            after_place = bool(runs[-1]) and lexicon.is_russian_place(tokens[runs[-1][-1]].text)
            # Two places side by side, or with only an adjective between, are two names: "США Кореи",
            # "США Южной Кореи" (joined by "и", as in "Боснии и Герцеговины", they stay apart anyway).
            beside = bool(runs[-1]) and set(range(runs[-1][-1] + 1, position)) <= members
            place = beside and lexicon.is_russian_place(tokens[position].text)
            if after_place and (lexicon.is_russian_given_name(tokens[position].text) or place):
                runs.append([])
            runs[-1].append(position)
        return runs
