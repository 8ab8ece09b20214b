"""The flow: detect language, translate to English if needed, summarize (map-reduce), translate the summary."""

from __future__ import annotations

import logging
from time import perf_counter
from typing import Any

from .chunking import chunk_sentences, fit_pieces
from .document import Document, check_text
from .engines.base import Seq2SeqEngine
from .errors import SummarizeError
from .languages import language_name, normalize_language
from .models import resolve_model
from .prompts import Prompt, prompt_for
from .result import LanguageSummary, SummaryResult
from .segment import detect_language, split_paragraphs, split_sentences
from .settings import Settings

log = logging.getLogger("summarize")

PIVOT = "en"  # the summarizer's language; other languages are translated to and from it
MAX_ROUNDS = 12  # map-reduce rounds; each shrinks the text about threefold, so this is never reached


class Summarizer:
    """Summarizes texts into several languages; configure once, call `summarize` many times.

    Models are resolved and loaded on first use and kept for later calls.
    """

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        base = settings if settings is not None else Settings()
        self.settings = base.replace(**overrides) if overrides else base
        self._engines: dict[str, Seq2SeqEngine] = {}

    # --- models -----------------------------------------------------------------------------

    def _engine(self, model: str, *, role: str, flag: str) -> Seq2SeqEngine:
        engine = self._engines.get(model)
        if engine is None:
            from .engines.transformers_engine import TransformersEngine

            path = resolve_model(model, role=role, flag=flag)
            engine = TransformersEngine(model, path, device=self.settings.device, batch_size=self.settings.batch_size)
            self._engines[model] = engine
        return engine

    def _summarizer(self) -> Seq2SeqEngine:
        return self._engine(self.settings.summarizer, role="summarizer", flag="--summarizer DIR")

    def _translator(self, source: str, target: str) -> Seq2SeqEngine:
        key = target if source == PIVOT else f"{source}-{target}"
        return self._engine(
            self.settings.translator(source, target),
            role=f"{source}-{target} translator",
            flag=f"--translator {key}=DIR",
        )

    def _prompt(self, task: str, engine: Seq2SeqEngine, **names: str) -> tuple[Prompt, int]:
        """The prompt for `engine` and the tokens left for text once it and special tokens are in."""
        prompt = prompt_for(task, engine.model_type, self.settings.prompts_dir, **names)
        wrapper = (prompt.prefix + prompt.suffix).strip()
        # Two tokens of margin: a text's first word may tokenize differently at the start of an input.
        budget = engine.max_input_tokens - (engine.count_tokens(wrapper) if wrapper else 0) - 2
        if budget < 8:
            raise SummarizeError(
                f"model {engine.model!r} leaves only {budget} input tokens once its prompt is added; "
                f"shorten the prompt template or use a model with a longer input"
            )
        return prompt, budget

    def prepare(self) -> None:
        """Resolve (and download, if needed) every model the output languages need, failing fast."""
        self._summarizer()
        for target in self.settings.languages:
            if target != PIVOT:
                self._translator(PIVOT, target)

    # --- the flow ---------------------------------------------------------------------------

    def summarize(self, text: str, *, source: str = "<text>", source_language: str | None = None) -> SummaryResult:
        """Summarize `text` into every configured language."""
        return self.summarize_document(Document(check_text(text, source), source), source_language=source_language)

    def summarize_document(self, document: Document, *, source_language: str | None = None) -> SummaryResult:
        """Summarize a Document into every configured language."""
        timings: dict[str, float] = {}
        started = perf_counter()
        self.prepare()
        language = normalize_language(source_language or self.settings.source_language or self._detect(document))
        english = document.text
        if language != PIVOT:
            english = self._translate(document.text, language, PIVOT)
            timings["translate_source"] = perf_counter() - started

        mark = perf_counter()
        summary, chunks, rounds = self._summarize_english(english)
        timings["summarize"] = perf_counter() - mark

        summaries: dict[str, LanguageSummary] = {}
        for target in self.settings.languages:
            if target == PIVOT:
                summaries[target] = LanguageSummary(target, summary, self.settings.summarizer)
                continue
            mark = perf_counter()
            text = self._translate(summary, PIVOT, target)
            timings[f"translate_{target}"] = perf_counter() - mark
            summaries[target] = LanguageSummary(target, text, self.settings.translator(PIVOT, target))
        timings["total"] = perf_counter() - started
        return SummaryResult(
            input=document.source,
            source_language=language,
            summaries=summaries,
            summarizer=self.settings.summarizer,
            chunks=chunks,
            rounds=rounds,
            timings=timings,
        )

    def _detect(self, document: Document) -> str:
        likely = [PIVOT, *self.settings.languages, *(pair.split("-")[0] for pair in self.settings.translators)]
        detection = detect_language(document.text, likely=list(dict.fromkeys(likely)))
        if not detection.reliable:
            log.warning(
                "%s: the language is unclear; taking it for %r (%.0f%% likely): pass --source-lang to set it",
                document.source,
                detection.language,
                100 * detection.probability,
            )
        return detection.language

    def _summarize_english(self, text: str) -> tuple[str, int, int]:
        """Map-reduce: summarize each chunk, join the partial summaries, repeat until one chunk remains.

        Returns the summary, the number of chunks the text was cut into, and the rounds it took.
        """
        engine = self._summarizer()
        prompt, budget = self._prompt("summarization", engine)
        final = self.settings.generation
        # Partial summaries are at most a third of a chunk, so each round shrinks the text.
        partial = final.capped(max(8, budget // 3))

        chunks = chunk_sentences(split_sentences(text, PIVOT), engine.count_tokens, budget, engine.split_by_tokens)
        first_chunks = len(chunks)
        for rounds in range(1, MAX_ROUNDS + 1):
            if not chunks:
                raise SummarizeError(
                    f"summarizer {engine.model!r} produced no text; try another model with --summarizer"
                )
            if len(chunks) == 1:
                return engine.generate([prompt.apply(chunks[0])], final)[0], first_chunks, rounds
            partials = engine.generate([prompt.apply(chunk) for chunk in chunks], partial)
            joined = " ".join(p for p in partials if p)
            chunks = chunk_sentences(
                split_sentences(joined, PIVOT), engine.count_tokens, budget, engine.split_by_tokens
            )
        raise SummarizeError(
            f"the summary did not fit model {engine.model!r}'s input after {MAX_ROUNDS} rounds; "
            f"use --length short or a model with a longer input"
        )

    def _translate(self, text: str, source: str, target: str) -> str:
        """Translate sentence by sentence, in batches: OPUS-MT drops sentences when given several at once."""
        engine = self._translator(source, target)
        prompt, budget = self._prompt(
            "translation", engine, source=language_name(source) or source, target=language_name(target) or target
        )
        paragraphs = split_paragraphs(text)
        pieces: list[list[str]] = [
            [
                piece
                for piece, _ in fit_pieces(
                    split_sentences(p, source), engine.count_tokens, budget, engine.split_by_tokens
                )
            ]
            for p in paragraphs
        ]
        flat = [piece for paragraph in pieces for piece in paragraph]
        longest = max((engine.count_tokens(piece) for piece in flat), default=0)
        # Translations run longer than their source in tokens (Russian especially); 2x + 16 leaves room.
        options = self.settings.translation_generation.capped(2 * longest + 16)
        translated = iter(engine.generate([prompt.apply(piece) for piece in flat], options))
        return "\n\n".join(" ".join(next(translated) for _ in paragraph) for paragraph in pieces)


def summarize(text: str, **settings: Any) -> SummaryResult:
    """One call: summarize `text` with default settings, or with Settings fields given as keywords."""
    return Summarizer(**settings).summarize(text)
