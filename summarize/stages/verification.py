"""The verifier model as a Judge: each question asked through the cached model calls every output goes
through, so a rerun asks nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..facts.claims import VERIFY, VERIFY_OPTIONS, claim_checks
from ..facts.report import CheckReport

if TYPE_CHECKING:
    from .context import Context


class ModelJudge:
    """Asks the run's verifier (`verifier` setting); the model loads on the first question."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def __call__(self, questions: Sequence[str]) -> list[tuple[str, float | None]]:
        model = self.context.models.verifier()
        options = [VERIFY_OPTIONS] * len(questions)
        outputs = self.context.generation.run(model, "verify", list(questions), options, VERIFY, label="verifying",
                                              scored=True)  # fmt: skip
        scores = outputs.scores or [[(text, None)] for text in outputs.texts]
        return [(text, scored[0][1] if scored else None) for text, scored in zip(outputs.texts, scores, strict=True)]


def with_claims(context: Context, report: CheckReport, text: str, source: str, source_language: str) -> CheckReport:
    """The run's check of `text` with the verifier's verdicts added (facts.claims.claim_checks)."""
    return claim_checks(report, text, source, source_language, ModelJudge(context))
