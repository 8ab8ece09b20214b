"""How much of a summary's wording its source uses: the share of its content words found there in
any form (folded, lemma or Snowball stem). Abstractive systems that invent write words their
sources never use; it is a score (CheckReport.support), never a finding: a faithful paraphrase
uses new words too."""

from __future__ import annotations

from .function_words import is_function_word
from .lexicon import fold, lemma
from .matching import SourceIndex
from .stems import stem
from .tokens import tokenize


def content_coverage(text: str, index: SourceIndex) -> float | None:
    """The share of `text`'s content words (three letters or more, no function words) in the source; None with none."""
    language = index.language
    words = [t.text for t in tokenize(text) if t.kind == "word" and len(t.text) > 2 and t.text.isalpha()]
    content = [word for word in words if not is_function_word(word, language)]
    if not content:
        return None
    forms = index.word_forms
    found = sum(1 for word in content if {fold(word), lemma(word, language), stem(word, language)} & forms)
    return round(found / len(content), 3)
