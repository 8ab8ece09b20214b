"""The confidence floor (`min_confidence`): doubtful translated sentences flagged, or in strict mode dropped."""

from __future__ import annotations

from ..sanitize import one_line
from .context import Context


def confident(
    context: Context, target: str, text: str, sentences: list[tuple[str, float | None]]
) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The text, its low-confidence sentences, warnings about them, and (strict mode) what was dropped."""
    floor = context.settings.min_confidence
    if floor is None:
        return text, (), (), ()
    low = [(sentence, score) for sentence, score in sentences if score is not None and score < floor and sentence]
    warnings = tuple(
        f"low confidence ({score:.2f}, under {floor:g}) in the sentence {one_line(sentence)[:200]!r}"
        for sentence, score in low
    )
    if not context.settings.strict:
        return text, tuple(sentence for sentence, _ in low), warnings, ()
    changes = []
    for sentence, score in low:
        text = text.replace(sentence, "", 1)
        changes.append(f"dropped the translated sentence {sentence!r}: its confidence {score:.2f} is under {floor:g}")
    return " ".join(text.split(" ")).strip(), (), warnings, tuple(changes)
