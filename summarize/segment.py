"""Sentence segmentation (sentencex) and language detection (py3langid)."""

from __future__ import annotations

import re

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def split_paragraphs(text: str) -> list[str]:
    """The non-blank paragraphs of `text`, split at blank lines."""
    return [p for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def split_sentences(text: str, language: str) -> list[str]:
    """Split `text` into sentences with the rules for `language`, each stripped, none empty.

    Paragraph breaks always end a sentence, so a headline without a full stop stays apart.
    """
    from sentencex import segment  # its per-language rules load on first use

    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        for sentence in segment(language, paragraph):
            cleaned = " ".join(sentence.split())
            if cleaned:
                sentences.append(cleaned)
    return sentences


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language `text` is most likely written in."""
    import py3langid

    # The first few thousand characters decide as well as the whole text, and much faster.
    language, _score = py3langid.classify(text[:5000])
    return str(language)
