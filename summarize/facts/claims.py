"""Claims for a verifier model: each summary sentence with the input passage it draws from, and the
verifier's one-word answer read as a verdict (MiniCheck-style: does the passage support the claim?).

Words cannot see an invented event or a wrong relation; a model that reads the passage can. This
module holds what is pure (the alignment, the prompt, the parsing); stages/verification.py asks.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..generation import GenerationOptions
from ..prompts import Prompt
from .function_words import is_function_word
from .report import FOUND, NOT_IN_SOURCE, CheckReport, FactCheck, unchecked_report

CLAIM = "claim"

VERIFY = Prompt(
    template="{text}\n\nIs the claim supported by the document? Answer with one word: Yes or No.",
    name="verifier",
    system="You check whether a document supports a claim. A claim is supported only when the document "
    "states it or it plainly follows; answer Yes or No.",
)
# One word is the answer; greedy, so the verdict is reproducible and cacheable.
VERIFY_OPTIONS = GenerationOptions(num_beams=1, no_repeat_ngram_size=0, length_penalty=1.0, min_new_tokens=0,
                                   max_new_tokens=4, early_stopping=False)  # fmt: skip
# The passage: the best-matching source sentence and one on each side, at most this long.
MAX_PASSAGE = 2_000
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_YES = {"yes", "y", "true", "supported", "sí", "si", "да"}
_NO = {"no", "n", "false", "unsupported", "not", "нет"}


@dataclass(frozen=True)
class Claim:
    """A summary sentence (its span) and the source passage it is judged against."""

    text: str
    start: int
    end: int
    passage: str
    where: tuple[int, int]

    @property
    def question(self) -> str:
        return f"Document: {self.passage}\n\nClaim: {self.text}"


class Judge(Protocol):
    """What asks a verifier: each question (`Claim.question`) to its answer text and, where the runtime
    gives one, the answer's mean token log-probability. It raises a SummarizeError when it cannot ask."""

    def __call__(self, questions: Sequence[str]) -> list[tuple[str, float | None]]: ...


def claims(summary: str, language: str, source: str, source_language: str) -> list[Claim]:
    """Each sentence of `summary` with its window of `source`: the sentence sharing most content words
    with it, and its neighbours."""
    from ..segment import sentence_spans

    spans = sentence_spans(source, source_language)
    if not spans:
        return []
    words = [_content(source[a:b], source_language) for a, b in spans]
    found = []
    for start, end in sentence_spans(summary, language):
        text = summary[start:end].strip()
        if not text:
            continue
        own = _content(text, language)
        best = max(range(len(spans)), key=lambda i: (len(own & words[i]), -i))
        first, last = max(0, best - 1), min(len(spans) - 1, best + 1)
        where = (spans[first][0], spans[last][1])
        passage = source[where[0] : where[1]].strip()[:MAX_PASSAGE]
        offset = summary.index(text, start)
        found.append(Claim(text, offset, offset + len(text), passage, where))
    return found


def _content(text: str, language: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if not is_function_word(w, language) and len(w) > 2}


def verdict(answer: str) -> bool | None:
    """True for a yes, False for a no, None for an answer that is neither (it decides nothing)."""
    first = _WORD.findall(answer.lower().replace("<think>", " "))
    for word in first[:3]:
        if word in _YES or re.fullmatch(r"(?:yes)+", word):
            return True
        if word in _NO or re.fullmatch(r"(?:no)+", word):  # small models say it again: "NoNo"
            return False
    return None


def confidence(score: float | None) -> float | None:
    """The probability of the answer, from the runtime's mean token log-probability (None without one)."""
    return None if score is None else round(math.exp(max(score, -50.0)), 4)


def claim_checks(report: CheckReport, summary: str, source: str, source_language: str, judge: Judge) -> CheckReport:
    """`report` with a check of kind 'claim' per sentence the verifier answered: 'found' for its yes,
    'not_in_source' for its no (an answer that is neither decides nothing); a verifier that cannot be
    asked makes the text 'unchecked', saying why."""
    from ..errors import SummarizeError

    found = claims(summary, report.language, source, source_language)
    if not found:
        return report
    try:
        answers = judge([claim.question for claim in found])
    except SummarizeError as exc:
        reason = f"the verifier could not be asked: {exc}"
        return dataclasses.replace(report, checks=report.checks + unchecked_report(report.language, reason).checks)
    added = []
    for claim, (answer, score) in zip(found, answers, strict=True):
        supported = verdict(answer)
        if supported is not None:
            status = FOUND if supported else NOT_IN_SOURCE
            added.append(FactCheck(claim.text, CLAIM, claim.start, claim.end, status, claim.where,
                                   confidence=confidence(score)))  # fmt: skip
    return dataclasses.replace(report, checks=tuple(sorted((*report.checks, *added), key=lambda c: (c.start, c.kind))))
