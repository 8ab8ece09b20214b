"""The fact check's word lists and analysers, loaded ahead: on another thread while a model works.

Each loads on first use anyway, but some take a tenth of a second (CLDR's month and country
names, pymorphy3's dictionaries): loading them while the summarizer decodes takes that time off
the run (see stages/ahead.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import lexicon, wordlists
from .function_words import is_function_word
from .stems import sentence_spans, stem


def warm_up(languages: Iterable[str]) -> None:
    """Load what checking texts in `languages` reads, so the first check does not wait for it."""
    for language in dict.fromkeys(languages):
        lexicon.month_names(language)
        lexicon.weekday_names(language)
        lexicon.number_words(language)
        lexicon.decimal_symbols(language)
        lexicon.territory_names(language)  # Russian's are lemmatized: pymorphy3 loads with them
        wordlists.is_common("the", language)
        is_function_word("the", language)
        stem("words", language)
        sentence_spans("One. Two.", language)
    lexicon.english_territories()
