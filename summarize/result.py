"""What a summarization returns: the summary per language and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import LanguageError

if TYPE_CHECKING:
    from .facts import FactCheck


@dataclass(frozen=True)
class LanguageSummary:
    """The summary in one language and what wrote it: the summarizer, or the translator into it.

    `engine` is the runtime that wrote it ('transformers', 'ctranslate2') or 'extractive' for
    sentences picked from the input. `error` is set (and `text` empty) when this language could not be produced.
    """

    language: str
    text: str
    model: str
    cached: bool = False
    """True when no model ran for this text: every part of it came from the cache."""
    engine: str = "transformers"
    error: str | None = None
    checks: tuple[FactCheck, ...] | None = None
    """Each number, date and name of `text` and whether the input supports it; None when not checked."""
    support: float | None = None
    """How much of `text` the input supports, 0 to 1 (see CheckReport.support); None when not checked."""
    changes: tuple[str, ...] = ()
    """What strict mode changed: sentences replaced, dropped or translated again."""
    warnings: tuple[str, ...] = ()
    """What to read twice: a sentence the translator dropped, echoed or wrote in another language."""
    confidence: float | None = None
    """A translation's mean sentence confidence: the translator's mean token log-probability (0 is sure)."""
    sentence_confidence: tuple[tuple[str, float | None], ...] = ()
    """Each translated sentence with the translator's confidence in it (None where the runtime gives none)."""
    low_confidence: tuple[str, ...] = ()
    """The sentences under `min_confidence` (kept, and marked, unless strict mode dropped them)."""

    @property
    def unsupported(self) -> tuple[FactCheck, ...]:
        """The facts the input does not support (empty when all check out or nothing was checked)."""
        return tuple(check for check in self.checks or () if not check.supported and check.status != "unchecked")

    @property
    def marked(self) -> str:
        """The text with every mark that applies: [unverified: FACT], [low confidence: SENTENCE]."""
        from .facts.marks import compose_marks

        return compose_marks(self.text, self.checks, self.low_confidence)

    @property
    def unchecked(self) -> str | None:
        """Why the fact check could not be made on this summary, or None."""
        return next((check.reason or "" for check in self.checks or () if check.status == "unchecked"), None)

    @property
    def withheld(self) -> bool:
        """Whether strict mode withheld this language (its error says why)."""
        return self.error is not None and self.error.startswith(WITHHELD)


# How every strict-mode withholding's error begins (see `LanguageSummary.withheld`).
WITHHELD = "strict mode withheld"


@dataclass(frozen=True)
class SummaryResult:
    """Summaries of one input in every requested language, in the requested order, with provenance.

    `strategy` is how the summary was made ('neural' or 'extractive'); `engine` what wrote it (the
    runtime, or 'extractive'). `chunks` counts the
    pieces the input was cut into to fit the summarizer (blocks, for the extractive strategy);
    `rounds` counts summarizer passes (1 when the input fits at once, more when chunk summaries
    were summarized again).
    """

    input: str
    source_language: str
    summaries: dict[str, LanguageSummary]
    summarizer: str
    engine: str
    chunks: int
    rounds: int
    timings: dict[str, float] = field(default_factory=dict)
    strategy: str = "neural"

    @property
    def has_summary(self) -> bool:
        """Whether at least one requested language has a summary (a digest leaves out items with none)."""
        return any(not summary.error and summary.text for summary in self.summaries.values())

    @property
    def errors(self) -> dict[str, str]:
        """The languages that could not be produced, with why."""
        return {code: s.error for code, s in self.summaries.items() if s.error}

    def __getitem__(self, language: str) -> str:
        """The summary text in `language`: result['es']; a LanguageError saying why when it could not be made."""
        summary = self.summaries.get(language)
        if summary is None:
            raise LanguageError(
                f"no summary in {language!r} was asked for: the languages are {', '.join(self.summaries)}",
                language=language,
            )
        if summary.error:
            raise LanguageError(f"no summary in {language!r}: {summary.error}", language=language)
        return summary.text

    def get(self, language: str, default: str | None = None) -> str | None:
        """The summary text in `language`, or `default` when it was not asked for or could not be made."""
        summary = self.summaries.get(language)
        return default if summary is None or summary.error else summary.text

    def to_dict(self) -> dict[str, Any]:
        """The JSON form documented in docs/cli.md."""
        return {
            "input": self.input,
            "source_language": self.source_language,
            "summaries": {code: _summary_dict(s) for code, s in self.summaries.items()},
            "summarizer": self.summarizer,
            "engine": self.engine,
            "strategy": self.strategy,
            "chunks": self.chunks,
            "rounds": self.rounds,
            "timings": {name: round(seconds, 3) for name, seconds in self.timings.items()},
        }

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> SummaryResult:
        """A result back from its `to_dict` form (as it travels from a cluster worker)."""
        from .facts import FactCheck

        summaries = {
            code: LanguageSummary(
                code,
                entry.get("text", ""),
                entry.get("model", ""),
                bool(entry.get("cached", False)),
                engine=entry.get("engine", ""),
                error=entry.get("error"),
                checks=tuple(FactCheck.from_dict(c) for c in entry["checks"]) if "checks" in entry else None,
                support=float(entry["support"]) if isinstance(entry.get("support"), int | float) else None,
                changes=tuple(entry.get("changes", ())),
                warnings=tuple(entry.get("warnings", ())),
                confidence=entry.get("confidence"),
                sentence_confidence=tuple(
                    (str(item["text"]), item.get("confidence")) for item in entry.get("sentences", ())
                ),
                low_confidence=tuple(entry.get("low_confidence", ())),
            )
            for code, entry in record["summaries"].items()
        }
        return cls(
            input=record["input"],
            source_language=record["source_language"],
            summaries=summaries,
            summarizer=record["summarizer"],
            engine=record["engine"],
            chunks=int(record["chunks"]),
            rounds=int(record["rounds"]),
            timings=dict(record.get("timings", {})),
            strategy=record.get("strategy", "neural"),
        )


def _summary_dict(summary: LanguageSummary) -> dict[str, Any]:
    record: dict[str, Any]
    if summary.error:
        record = {"error": summary.error, "model": summary.model, "engine": summary.engine}
    else:
        record = {"text": summary.text, "model": summary.model, "engine": summary.engine, "cached": summary.cached}
        if summary.checks is not None:
            record["checks"] = [check.to_dict() for check in summary.checks]
        if summary.support is not None:
            record["support"] = summary.support
        marked = summary.marked
        if marked != summary.text:
            record["marked"] = marked  # the text with its marks, as text output and blurbs show it
    if summary.changes:
        record["changes"] = list(summary.changes)
    if summary.warnings:
        record["warnings"] = list(summary.warnings)
    if summary.sentence_confidence and not summary.error:
        record["confidence"] = summary.confidence
        record["sentences"] = [{"text": text, "confidence": score} for text, score in summary.sentence_confidence]
    if summary.low_confidence:
        record["low_confidence"] = list(summary.low_confidence)
    return record
