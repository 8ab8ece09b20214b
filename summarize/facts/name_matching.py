"""Names of a summary matched against its source: word by word in the source's language, by sound,
country and city across languages."""

from __future__ import annotations

import re

from . import lexicon, wordlists
from .exonyms import city_names
from .extract import Fact
from .matching import SourceIndex
from .names import full_name_holds
from .sounds import MIN_SKELETON, palladius_keys, phonetic, skeleton
from .translated_names import (
    ROMAN,
    acronym_spots,
    city_spots,
    initials_spots,
    is_coined_organisation,
    is_judged_given_name,
    is_saint,
    kept_acronym,
    roman_value,
    value_spots,
)

# Names across languages: romanized words this alike (rapidfuzz ratio, 0-100) are the same name.
CROSS_SCRIPT_SIMILARITY = 75
# Names of one or two consonants ("Huhne"/"Хьюн") are the same when their phonetic keys are this alike.
SHORT_SKELETON_SIMILARITY = 60
# A frequent word of a name and a capitalised source word this alike are cognates ("Academia", Academy).
COGNATE_SIMILARITY = 80


def _word_spots(
    word: str, surface: str, index: SourceIndex, same_language: bool, language: str
) -> list[tuple[int, int]]:
    """Where a name's word is in the source: as it is, as its lemma, or (across languages) as it sounds."""
    spots = index.words.get(word) or index.words.get(lexicon.fold(surface))
    if not spots and language != "ru" and word.endswith("s") and len(word) > 3:
        spots = index.words.get(word[:-1])  # "the Cambridges", "Armenian-Americans"
    if not spots and index.language == "en" and len(word) > 3:
        spots = index.words.get(word + "s")  # "los All Black" for the All Blacks
    if not spots and "-" in surface.strip("-"):
        spots = _hyphened_spots(surface, index)
    if spots or same_language:
        return spots or []
    keys = {phonetic(lexicon.romanize(word)), phonetic(lexicon.romanize(surface))}
    keys |= {key.replace("g", "h") for key in keys if lexicon.is_cyrillic(surface)}  # Г for H: Огайо is Ohio
    for key in keys:
        if key in index.romanized:
            return index.romanized[key]
    for romanized in {lexicon.romanize(word), lexicon.romanize(surface)}:
        sound = skeleton(romanized, english=False)
        variants = [sound] + ([sound[1:]] if romanized.startswith("g") else [])  # Г for H: "Гонконг"
        variants += ["K" + sound] if romanized.startswith("kh") else []  # Russian kh for a Greek chi: "Ханаан", Canaan
        # И or Й before a vowel for a Latin J: "Иисус", Jesus; "Иордания", Jordan; "Иосиф", Joseph.
        variants += ["J" + sound] if len(romanized) > 1 and romanized[0] in "iy" and romanized[1] in "aeiouy" else []
        for variant in variants:
            if len(variant) >= MIN_SKELETON and variant in index.skeletons:
                return index.skeletons[variant]
            short = [spot for key, spot in index.short_skeletons.get(variant, ()) if _sounds_alike(keys, key)]
            if short:  # "Хьюн" and Huhne, "Бьютт" and Butte: few consonants, so the vowels must agree too
                return short
    from rapidfuzz import fuzz, process

    for key in keys:
        if len(key) < 4:
            continue
        best = process.extractOne(key, index.romanized.keys(), scorer=fuzz.ratio, score_cutoff=CROSS_SCRIPT_SIMILARITY)
        if best is not None:
            return index.romanized[best[0]]
    if lexicon.is_cyrillic(surface):  # a Chinese name in the Palladius system: "Цин" for Qing
        return next((index.chinese[key] for key in palladius_keys(word, surface) if key in index.chinese), [])
    return []


def _hyphened_spots(surface: str, index: SourceIndex) -> list[tuple[int, int]]:
    """A hyphened word the source writes apart: "Saint-Germain" as "Saint Germain" or, tokenized,
    "saint - germain"."""
    parts = [re.escape(lexicon.fold(part)) for part in surface.split("-") if part]
    pattern = r"\b" + r"(?:\s*-\s*|\s+)".join(parts) + r"\b"
    return [match.span() for match in re.finditer(pattern, index.folded_text, re.IGNORECASE)]


def _sounds_alike(keys: set[str], source_key: str) -> bool:
    from rapidfuzz import fuzz

    return any(fuzz.ratio(key, source_key) >= SHORT_SKELETON_SIMILARITY for key in keys)


def match_name(fact: Fact, index: SourceIndex, language: str) -> list[tuple[int, int]] | None:
    """Where the name's words are in the source: [] when the name is not supported, None when it
    cannot be checked.

    In the same language the name's last word (the surname, the head of "Antillana de Acero")
    and half of its words must be there: titles come and go ("Suspects Adnan Farah"). Across
    languages only the words that can be recognised by their sound count (not acronyms, not
    frequent words such as "Ciudad" or "Джон", which are translated or have exonyms; countries are
    looked up by name), and half of those must be there; a name with none is not checkable.
    """
    words = list(zip(fact.words, map(str, fact.values), strict=True))
    if language == index.language:
        return _match_same(words, index, language)
    phrase = _territory(fact, index, language)
    if phrase is None:
        phrase = city_spots(fact.words, fact.text, index, language)
    if phrase or (phrase is not None and (len(words) == 1 or _is_country(fact, language))):
        return phrase  # found, or a country or a one-word city the source does not name
    # A longer name ("África Oriental", which CLDR calls Eastern Africa) not found so: by its words.
    numerals = [(word, surface) for word, surface in words if ROMAN.fullmatch(surface)]
    if numerals and len(numerals) < len(words):
        # A monarch ("Людовика XVI", "Isabel II"): the name is translated, the numeral is not.
        return [spots[0] for word, surface in numerals if (spots := _word_across(word, surface, index, language))] or []
    checkable = _judged_words(words, index, language)
    if not checkable:
        return None
    hits = [spots for spots in checkable if spots]
    # A person's name is all there, given name and surname: "Roman Petrov" is not "Roman Chekushov", nor
    # "Sean Guthrie" Kurtis Guthrie. Longer names and ones with a joiner ("Meseta de Guiza") are
    # places and institutions, whose words are partly translated: half of them will do.
    spoken = [part for part in fact.text.split() if not re.fullmatch(r"[^\W\d_]\.", part)]  # not "W." initials
    person = len(words) <= 3 and len(spoken) == len(words) and not _has_place(words, language)
    if (person and len(hits) < len(checkable)) or (person and not checkable[-1]) or 2 * len(hits) < len(checkable):
        return initials_spots([surface for _, surface in words], index) if len(words) >= 3 else []
    surfaces = [surface for _, surface in words]
    if person and len(words) >= 2 and all(lexicon.fold(s) in index.words for s in surfaces[-2:]):
        # Written as the source writes them ("Sean Guthrie" in Spanish): joined there too (names.py).
        surname = index.words[lexicon.fold(surfaces[-1])]
        if not full_name_holds(surfaces, surname, True, index.text, index.language):
            return []
    return [spots[0] for spots in hits]


def _match_same(words: list[tuple[str, str]], index: SourceIndex, language: str) -> list[tuple[int, int]]:
    """A name in the source's own language: its last word and half of its words, joined as the source joins them."""
    found = [
        _word_spots(word, surface, index, True, language)
        or _territory_by_code(surface, index)
        or _english_territory(surface, index)
        for word, surface in words
    ]
    if not found[-1] or 2 * sum(1 for spots in found if spots) < len(found):
        return []
    surfaces = [surface for _, surface in words]
    if not full_name_holds(surfaces, found[-1], bool(len(found) > 1 and found[-2]), index.text, language):
        return []  # each word is in the source, the person is not (see names.py)
    return [spots[0] for spots in found if spots]


def _has_place(words: list[tuple[str, str]], language: str) -> bool:
    """Whether a name holds a country or a city ("África Oriental"): a place's name, not a person's."""
    territories = lexicon.territory_names(language) if language in lexicon.SUPPORTED else {}
    cities = city_names(language) if language in lexicon.SUPPORTED else {}
    return any(word in territories or lexicon.fold(surface) in cities for word, surface in words)


def _judged_words(words: list[tuple[str, str]], index: SourceIndex, language: str) -> list[list[tuple[int, int]]]:
    """Where each judged word of a name is in a source in another language ([] for nowhere).

    In a name of several words (an institution, a place), a frequent word counts where the source
    has its cognate ("Academia" for Academy, "Océano" for Ocean), and a word of this language that
    English lacks ("Sueca", "Láctea": translated) counts only if no other word can be judged.
    """
    judged: list[list[tuple[int, int]]] = []
    translated: list[list[tuple[int, int]]] = []
    several = len(words) > 1
    for word, surface in words:
        spots = _word_across(word, surface, index, language, lone=not several)
        if spots is None:
            cognate = _cognate_spots(surface, index) if several else []
            if cognate:
                judged.append(cognate)
        elif several and not spots and wordlists.is_translated_word(surface, language):
            translated.append(spots)
        else:
            judged.append(spots)
    return judged or translated


def _cognate_spots(surface: str, index: SourceIndex) -> list[tuple[int, int]]:
    """Where the source has a capitalised word that is this word's cognate ("Nacional": National,
    "Compañía": Company): alike letter by letter, or sharing five letters or more of their start."""
    folded = lexicon.fold(surface)
    if len(folded) < 4 or not folded.isascii():
        return []
    from rapidfuzz import fuzz, process

    best = process.extractOne(folded, index.capitalised.keys(), scorer=fuzz.ratio, score_cutoff=COGNATE_SIMILARITY)
    if best is not None:
        return index.capitalised[best[0]]
    for word in index.capitalised_by_start.get(folded[:5], ()):
        shared = next(
            (i for i, (a, b) in enumerate(zip(folded, word, strict=False)) if a != b), min(len(folded), len(word))
        )
        if shared >= 0.6 * min(len(folded), len(word)):
            return index.capitalised[word]
    return []


def _word_across(
    word: str, surface: str, index: SourceIndex, language: str, lone: bool = False
) -> list[tuple[int, int]] | None:
    """Where one word of a name is in a source in another language ([] nowhere), None if it cannot be
    judged. `lone`: the word is the whole name, so a frequent given name is judged by its sound."""
    territories = lexicon.territory_names(language) if language in lexicon.SUPPORTED else {}
    spots = index.words.get(lexicon.fold(surface))
    if spots:  # written the same: "Cuba", "Chekushov"
        return spots
    if word in territories:  # "России", "Rusia": by the country's English name
        return _territory_spots(territories[word], index)
    if ROMAN.fullmatch(surface):  # "siglo XVI", "XVI век": the 16th century
        return value_spots(roman_value(surface), index)
    translated = acronym_spots(surface, index, language)  # "ONU", "США"
    if translated is None and language == "ru":
        translated = acronym_spots(word, index, language)  # "по Гринвичу": by its lemma
    if translated is not None:
        return translated
    if lexicon.is_acronym(surface):  # "UCLA", "GMT": written the same in both, or not judged
        return _territory_by_code(surface, index) if kept_acronym(surface, language) else None
    if is_coined_organisation(surface, language):
        return None
    if wordlists.is_common(surface, language) and not (lone and is_judged_given_name(surface, language)):
        return None
    spots = _word_spots(word, surface, index, False, language)
    if not spots and "-" in surface:  # "Буэнос-Айрес", "Порт-Стэнли": each part on its own, a common one
        pieces = [p for p in surface.split("-") if p]  # ("Порт") may be translated
        parts = [(_word_spots(lexicon.lemma(p, language), p, index, False, language), p) for p in pieces]
        unfound = [p for found, p in parts if not found]
        if len(unfound) < len(parts) and all(wordlists.is_common(p, language) or is_saint(p) for p in unfound):
            spots = [found[0] for found, _ in parts if found]
    return spots


def _english_territory(surface: str, index: SourceIndex) -> list[tuple[int, int]]:
    """ "India" in an English summary of a source that says "Indian", "German" or "America" (news's own
    names, ENGLISH_ALIASES) where it says Germany or the United States: a country by any of its names."""
    if index.language != "en":
        return []
    folded = lexicon.fold(surface)
    if folded not in lexicon.english_territories():
        forms = {surface.title(), surface.title().removesuffix("s")}  # "Americans"
        code = next((c for c, aliases in lexicon.ENGLISH_ALIASES.items() if forms & set(aliases)), None)
        folded = lexicon.english_territory_names().get(code, "") if code else ""
    return _territory_spots(folded, index) if folded else []


def _territory_by_code(surface: str, index: SourceIndex) -> list[tuple[int, int]]:
    """ "US" or "UK" in a summary of a source that says "United States" or "Britain"."""
    if not lexicon.is_acronym(surface):
        return []
    code = surface.replace(".", "").upper()
    code = next((c for c, aliases in lexicon.ENGLISH_ALIASES.items() if code in aliases), code)
    english = lexicon.english_territory_names().get(code)
    return _territory_spots(english, index) if english else []


def _territory(fact: Fact, index: SourceIndex, language: str) -> list[tuple[int, int]] | None:
    """A country's name ("Estados Unidos", "Кубы") found in the source by its English name or code; None if not one."""
    names = lexicon.territory_names(language) if language in lexicon.SUPPORTED else {}
    if len(fact.words) < 2:
        return None  # one-word countries are looked up word by word
    # The name itself, or its first words ("Estados Unidos de América": Estados Unidos).
    for size in range(len(fact.words), 1, -1):
        english = names.get(" ".join(fact.words[:size])) or names.get(
            lexicon.fold(" ".join(map(str, fact.values[:size])))
        )
        if english is not None:
            return _territory_spots(english, index)
    return None


def _is_country(fact: Fact, language: str) -> bool:
    """Whether a name of several words is a country's ("Estados Unidos"), not a region's ("África Oriental")."""
    names = lexicon.territory_names(language) if language in lexicon.SUPPORTED else {}
    english = names.get(" ".join(fact.words)) or names.get(lexicon.fold(" ".join(map(str, fact.values))))
    return english is not None and lexicon.english_territories().get(english, "").isalpha()


def _territory_spots(english: str, index: SourceIndex) -> list[tuple[int, int]]:
    """Where the source names a country: its English name, an older or shorter one, its code, or an adjective."""
    code = lexicon.english_territories().get(english, "")
    aliases = "|".join(re.escape(alias) for alias in lexicon.ENGLISH_ALIASES.get(code, ()))
    stem = english[: max(4, len(english) - 2)]  # "Cuba" in "Cuban", "Russia" in "Russian"
    names = [re.escape(english).replace(r"\ ", r"\s+"), re.escape(stem) + r"\w*", *([aliases] if aliases else [])]
    head = english.split()[0]
    if " " in english and len(head) >= 5 and not wordlists.is_common(head, "en"):
        names.append(re.escape(head) + r"s?\b")  # "the Falklands" for the Falkland Islands
    found = re.search(r"\b(?:" + "|".join(names) + ")", index.folded_text, re.IGNORECASE)
    if found is None and code.isalpha():
        dotted = r"\.?".join(code)  # "US", "U.S.", "USA", and at the head of an agency's acronym: "USAF"
        found = re.search(r"\b" + dotted + r"\.?(?:A\.?|[A-Z]{2})?(?!\w)", index.text)
    return [(found.start(), found.end())] if found else []
