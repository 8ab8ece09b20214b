"""What a chat model's answer needs before it is a summary: chat artefacts off, the language checked.

Instruction models wrap answers in reasoning blocks (`<think>…</think>`), preambles ("Here is a
summary:"), Markdown fences or quotes. These are removed; the text itself is never rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sanitize import printable
from .segment import detect_language, split_sentences

# Reasoning blocks (Qwen3, DeepSeek-R1 and others); an unclosed one at the start was cut off mid-thought.
_THINK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.DOTALL | re.IGNORECASE)
_OPEN_THINK = re.compile(r"^\s*<(think|thinking|reasoning)>.*", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^\s*```[\w-]*\s*\n(.*?)\n?```\s*$", re.DOTALL)
# A first line that only announces the answer: "Here is a summary in Spanish:", "Summary:", "Resumen:".
_PREAMBLE = re.compile(
    r"^\s*(?:\*\*)?(?:(?:sure|certainly|okay|ok)[,.!]?\s*)?"
    r"(?:here(?:'s| is) (?:a |the |your )?[^\n:]{0,60}|summary|translation|resumen|traducción|"
    r"краткое содержание|резюме|перевод|вот [^\n:]{0,60})\s*(?:\*\*)?\s*:\s*(?:\*\*)?\s*",
    re.IGNORECASE,
)
_QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'"}


def clean_answer(text: str) -> str:
    """A chat model's answer without reasoning blocks, preamble, fences or wrapping quotes."""
    text = _THINK.sub("", text)
    text = _OPEN_THINK.sub("", text)
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    text = _PREAMBLE.sub("", text, count=1).strip()
    if len(text) > 1 and text[0] in _QUOTES and text.endswith(_QUOTES[text[0]]) and text.count(text[0]) <= 2:
        text = text[1:-1].strip()
    return printable(text).strip()


def trim_cut_off(text: str, language: str = "en") -> str:
    """An answer that hit the length limit, without its unfinished last sentence (kept when it is all there is).

    Sentence ends are the same punctuation in the languages this is for, so the language only
    tunes abbreviations; 'en' serves when the answer's language is not known yet.
    """
    sentences = split_sentences(text, language)
    if len(sentences) < 2:
        return text
    last = sentences[-1].rstrip()
    if last.endswith((".", "!", "?", "…", "。", '"', "»", "”")):
        return text
    return " ".join(sentences[:-1])


# Scripts that settle the language family at once, before the statistical detector is asked.
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_CYRILLIC_LANGUAGES = {"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg", "tt"}
_LATIN_LANGUAGES = {"en", "es", "fr", "de", "it", "pt", "nl", "pl", "cs", "ro", "sv", "da", "no", "fi", "tr", "id"}
# How sure the detector must be before an answer is said to be in another language.
_SURE = 0.9


@dataclass(frozen=True)
class LanguageVerdict:
    """Whether an answer reads as the language asked for; `found` is what it reads as instead."""

    ok: bool
    found: str | None = None


def check_language(text: str, language: str) -> LanguageVerdict:
    """Whether `text` is in `language`: by script first (Cyrillic against Latin), then by the detector when sure.

    Names and numbers make short summaries hard to place, so only a clear contradiction counts.
    """
    letters = _CYRILLIC.findall(text), _LATIN.findall(text)
    cyrillic, latin = len(letters[0]), len(letters[1])
    if cyrillic + latin == 0:
        return LanguageVerdict(True)
    if language in _CYRILLIC_LANGUAGES and cyrillic < latin:
        return LanguageVerdict(False, "a language in Latin script")
    if language in _LATIN_LANGUAGES and latin < cyrillic:
        return LanguageVerdict(False, "a language in Cyrillic script")
    detection = detect_language(text)
    if detection.language != language and detection.reliable and detection.probability >= _SURE:
        return LanguageVerdict(False, detection.language)
    return LanguageVerdict(True)
