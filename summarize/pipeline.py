"""The flow: detect language, translate to English if needed, summarize (map-reduce), translate the summary.

Every model call goes through the cache, at two levels: each call (a chunk summary, a reduce
step, a translated sentence) so an edited paragraph recomputes only what changed, and each
whole stage (a document's summary, a summary's translation) so a rerun loads no model at all.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any

from .cache import Cache, NoCache, cache_key
from .chunking import chunk_sentences, fit_pieces
from .document import Document, check_text
from .engines.base import Seq2SeqEngine
from .errors import ModelError, SummarizeError
from .extractive import summarize_extractive
from .languages import language_name, normalize_language
from .models import inspect_model, model_fingerprint, model_type, resolve_model
from .prompts import Prompt, prompt_for
from .result import LanguageSummary, SummaryResult
from .segment import detect_language, split_paragraphs, split_sentences
from .settings import GenerationOptions, Settings

log = logging.getLogger("summarize")

PIVOT = "en"  # the summarizer's language; other languages are translated to and from it
ENGINE = "transformers"
# Part of every whole-stage cache key: bump it when a change to the flow changes its outputs.
PIPELINE_VERSION = 1
# Translation output is bounded by twice the input plus this, rounded up to a multiple of it,
# so the bound (and the cache key) depends on the sentence alone, not on its batch.
_TRANSLATION_SLACK = 16


@dataclass
class _Model:
    """A model resolved to a directory: enough to build cache keys without loading it."""

    reference: str
    path: Path
    fingerprint: str
    family: str
    engine: Seq2SeqEngine | None = None


@dataclass
class _Outcome:
    """Texts from a stage, and whether every one of them came from the cache."""

    texts: list[str]
    cached: bool


class Summarizer:
    """Summarizes texts into several languages; configure once, call `summarize` many times.

    Models are resolved on first use, loaded only when the cache cannot answer, and kept.
    """

    def __init__(self, settings: Settings | None = None, *, progress: bool = False, **overrides: Any) -> None:
        """`progress` shows a progress bar on stderr while a model works through many texts."""
        self.progress = progress
        base = settings if settings is not None else Settings()
        self.settings = base.replace(**overrides) if overrides else base
        self.cache: Cache = Cache(self.settings.cache_dir) if self.settings.cache else NoCache()
        self._models: dict[str, _Model] = {}
        self._fallbacks: set[str] = set()  # models already reported missing, so each notice shows once

    # --- models -----------------------------------------------------------------------------

    def _model(self, reference: str, *, role: str, flag: str) -> _Model:
        model = self._models.get(reference)
        if model is None:
            path = resolve_model(reference, role=role, flag=flag)
            model = _Model(reference, path, model_fingerprint(reference, path), model_type(path))
            self._models[reference] = model
        return model

    def _summarizer(self) -> _Model:
        return self._model(self.settings.summarizer, role="summarizer", flag="--summarizer DIR")

    def _translator(self, source: str, target: str) -> _Model:
        key = target if source == PIVOT else f"{source}-{target}"
        return self._model(
            self.settings.translator(source, target),
            role=f"{source}-{target} translator",
            flag=f"--translator {key}=DIR",
        )

    def _engine(self, model: _Model) -> Seq2SeqEngine:
        if model.engine is None:
            from .engines.transformers_engine import TransformersEngine

            model.engine = TransformersEngine(
                model.reference, model.path, device=self.settings.device, batch_size=self.settings.batch_size
            )
        return model.engine

    def _budget(self, engine: Seq2SeqEngine, prompt: Prompt) -> int:
        """Tokens left for text in one input once the prompt and special tokens are in."""
        wrapper = (prompt.prefix + prompt.suffix).strip()
        # Two tokens of margin: a text's first word may tokenize differently at the start of an input.
        budget = engine.max_input_tokens - (engine.count_tokens(wrapper) if wrapper else 0) - 2
        if budget < 8:
            raise SummarizeError(
                f"model {engine.model!r} leaves only {budget} input tokens once its prompt is added; "
                f"shorten the prompt template or use a model with a longer input"
            )
        return budget

    def _summary_prompt(self, model: _Model) -> Prompt:
        return prompt_for("summarization", model.family, self.settings.prompts_dir)

    def _translation_prompt(self, model: _Model, source: str, target: str) -> Prompt:
        names = {"source": language_name(source) or source, "target": language_name(target) or target}
        return prompt_for("translation", model.family, self.settings.prompts_dir, **names)

    def prepare(self) -> None:
        """Resolve (and download, if needed) the summarizer; with engine 'transformers' a missing one fails here.

        Translators are resolved per language when needed: one that is missing makes that
        language an error while the others are still produced.
        """
        if self.settings.engine == "transformers":
            self._summarizer()

    def _summary_engine(self, language: str) -> str:
        """'transformers' when the summarizer (and a translator into English) can be had, else 'extractive'."""
        if self.settings.engine == "extractive":
            return "extractive"
        needed = [(self.settings.summarizer, self._summarizer)]
        if language != PIVOT:
            needed.append((self.settings.translator(language, PIVOT), lambda: self._translator(language, PIVOT)))
        for reference, resolve in needed:
            try:
                resolve()
            except ModelError:
                info = inspect_model(reference)
                # A directory that exists but is broken is a mistake to report, not a model to do without.
                if self.settings.engine == "transformers" or (info.kind == "directory" and info.path is not None):
                    raise
                if reference not in self._fallbacks:
                    self._fallbacks.add(reference)
                    reason = info.problem if info.kind == "directory" else "not on disk and cannot be downloaded"
                    log.warning(
                        "model %r is unavailable (%s); summarizing with the extractive engine instead "
                        "(run 'summarize models download' to fetch it)",
                        reference,
                        reason,
                    )
                return "extractive"
        return "transformers"

    # --- cached model calls -----------------------------------------------------------------

    def _generate(
        self, model: _Model, task: str, texts: list[str], options: list[GenerationOptions], prompt: Prompt, **extra: str
    ) -> _Outcome:
        """Outputs for `texts` (each with its own options), calling the model only for cache misses."""
        keys = [
            cache_key(
                task=task,
                model=model.fingerprint,
                engine=ENGINE,
                options=dataclasses.asdict(option),
                prompt=prompt.template,
                text=text,
                **extra,
            )
            for text, option in zip(texts, options, strict=True)
        ]
        found = self.cache.get_many(keys)
        first: dict[str, int] = {}
        for index, key in enumerate(keys):
            first.setdefault(key, index)  # a repeated text runs once
        missing: dict[GenerationOptions, list[int]] = defaultdict(list)
        for key, index in first.items():
            if key not in found:
                missing[options[index]].append(index)
        if missing:
            from tqdm import tqdm

            engine = self._engine(model)
            engine.load()  # before the bar, so loading notices do not cut through it
            step = self.settings.batch_size
            total = sum(len(indices) for indices in missing.values())
            # Only work of more than one batch gets a bar; it clears itself when done.
            label = "summarizing" if task == "summarize" else f"translating {extra['source']}-{extra['target']}"
            with tqdm(
                total=total, desc=label, unit="text", leave=False, disable=not self.progress or total <= step
            ) as bar:
                for option, indices in missing.items():
                    for start in range(0, len(indices), step):
                        batch = indices[start : start + step]
                        outputs = engine.generate([prompt.apply(texts[i]) for i in batch], option)
                        fresh = {keys[i]: output for i, output in zip(batch, outputs, strict=True)}
                        # Stored batch by batch: an interrupted run keeps all it finished.
                        self.cache.put_many(fresh)
                        found.update(fresh)
                        bar.update(len(batch))
        return _Outcome([found[key] for key in keys], cached=not missing)

    # --- the flow ---------------------------------------------------------------------------

    def summarize(self, text: str, *, source: str = "<text>", source_language: str | None = None) -> SummaryResult:
        """Summarize `text` into every configured language."""
        return self.summarize_document(Document(check_text(text, source), source), source_language=source_language)

    def summarize_document(self, document: Document, *, source_language: str | None = None) -> SummaryResult:
        """Summarize a Document into every configured language.

        A language whose translator is missing gets an error entry; the others are still produced.
        """
        timings: dict[str, float] = {}
        started = perf_counter()
        self.prepare()
        language = normalize_language(source_language or self.settings.source_language or self._detect(document))
        engine = self._summary_engine(language)

        mark = perf_counter()
        if engine == "extractive":
            # Summarized in its own language: a target equal to the source needs no translation.
            extract = summarize_extractive(document.text, language, self.settings.length)
            base = LanguageSummary(language, extract.text, "extractive", engine="extractive")
            chunks, rounds = extract.blocks, extract.rounds
        else:
            summary, chunks, rounds, cached = self._summary(document.text, language)
            base = LanguageSummary(PIVOT, summary, self.settings.summarizer, cached)
        timings["summarize"] = perf_counter() - mark

        summaries: dict[str, LanguageSummary] = {}
        for target in self.settings.languages:
            if target == base.language:
                summaries[target] = base
                continue
            mark = perf_counter()
            summaries[target] = self._translated_summary(base, target)
            timings[f"translate_{target}"] = perf_counter() - mark
        timings["total"] = perf_counter() - started
        return SummaryResult(
            input=document.source,
            source_language=language,
            summaries=summaries,
            summarizer=self.settings.summarizer if engine == "transformers" else "extractive",
            engine=engine,
            chunks=chunks,
            rounds=rounds,
            timings=timings,
        )

    def _translated_summary(self, base: LanguageSummary, target: str) -> LanguageSummary:
        """`base` translated into `target`, or an entry saying why it could not be."""
        reference = self.settings.translator(base.language, target)
        try:
            translated = self._translate_stage(base.text, base.language, target)
        except ModelError as exc:
            return LanguageSummary(target, "", reference, error=f"{exc}; {self._supported_targets(base.language)}")
        return LanguageSummary(target, translated.texts[0], reference, translated.cached)

    def _supported_targets(self, source: str) -> str:
        """Which languages `source` can be translated into here, and how to add one."""
        pairs = {f"{source}-{code}" for code in self.settings.languages} | set(self.settings.translators)
        ready = sorted(
            pair.split("-")[1]
            for pair in pairs
            if pair.startswith(f"{source}-") and inspect_model(self.settings.translator(*pair.split("-"))).on_disk
        )
        have = ", ".join(ready) if ready else "none"
        return f"targets from {source!r} with a model on disk: {have}; add one with --translator {source}-LANG=MODEL"

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

    def _summary(self, text: str, language: str) -> tuple[str, int, int, bool]:
        """The English summary of a text in `language`, with chunk count, rounds and whether it was cached."""
        summarizer = self._summarizer()
        source_step: dict[str, Any] | None = None
        if language != PIVOT:
            translator = self._translator(language, PIVOT)
            source_step = {
                "translator": translator.fingerprint,
                "options": dataclasses.asdict(self.settings.translation_generation),
                "prompt": self._translation_prompt(translator, language, PIVOT).template,
            }
        key = _stage_key(
            task="document-summary",
            text=text,
            source_language=language,
            source_translation=source_step,
            summarizer=summarizer.fingerprint,
            options=dataclasses.asdict(self.settings.generation),
            prompt=self._summary_prompt(summarizer).template,
        )
        stored = self.cache.get(key)
        if stored is not None:
            return stored["text"], stored["chunks"], stored["rounds"], True
        english, english_cached = text, True
        if language != PIVOT:
            outcome = self._translate_calls(text, language, PIVOT)
            english, english_cached = outcome.texts[0], outcome.cached
        summary, chunks, rounds, calls_cached = self._summarize_english(english)
        self.cache.put(key, {"text": summary, "chunks": chunks, "rounds": rounds})
        return summary, chunks, rounds, english_cached and calls_cached

    def _summarize_english(self, text: str) -> tuple[str, int, int, bool]:
        """Map-reduce: summarize each chunk, join the partial summaries, repeat until one chunk remains.

        Returns the summary, the number of chunks the text was cut into, the rounds it took, and
        whether every model call was answered by the cache.
        """
        model = self._summarizer()
        engine = self._engine(model)
        prompt = self._summary_prompt(model)
        budget = self._budget(engine, prompt)
        final = self.settings.generation
        # A partial summary is at most a quarter of a chunk, so three or more fit in the next
        # round's chunk and the number of chunks falls at least threefold per round.
        partial = final.capped(max(8, budget // 4))

        def chunk(text: str) -> list[str]:
            return chunk_sentences(split_sentences(text, PIVOT), engine.count_tokens, budget, engine.split_by_tokens)

        chunks = chunk(text)
        first_chunks = len(chunks)
        cached = True
        rounds = 0
        while True:
            rounds += 1
            if not chunks:
                raise SummarizeError(f"summarizer {model.reference!r} produced no text; try another with --summarizer")
            options = final if len(chunks) == 1 else partial
            if len(chunks) > 1:
                log.info("summarizing %d chunks (round %d)", len(chunks), rounds)
            outcome = self._generate(model, "summarize", chunks, [options] * len(chunks), prompt)
            cached = cached and outcome.cached
            if len(chunks) == 1:
                return outcome.texts[0], first_chunks, rounds, cached
            shorter = chunk(" ".join(text for text in outcome.texts if text))
            if len(shorter) >= len(chunks):
                # Only a model that ignores max_new_tokens could get here; stop rather than loop.
                raise SummarizeError(
                    f"summaries from model {model.reference!r} do not get shorter; try --length short or another model"
                )
            chunks = shorter

    def _translate_stage(self, text: str, source: str, target: str) -> _Outcome:
        """A whole text's translation, from the cache when this exact text was translated before."""
        model = self._translator(source, target)
        key = _stage_key(
            task="text-translation",
            text=text,
            source=source,
            target=target,
            translator=model.fingerprint,
            options=dataclasses.asdict(self.settings.translation_generation),
            prompt=self._translation_prompt(model, source, target).template,
        )
        stored = self.cache.get(key)
        if stored is not None:
            return _Outcome([stored], cached=True)
        outcome = self._translate_calls(text, source, target)
        self.cache.put(key, outcome.texts[0])
        return outcome

    def _translate_calls(self, text: str, source: str, target: str) -> _Outcome:
        """Translate sentence by sentence, in batches: OPUS-MT drops sentences when given several at once."""
        model = self._translator(source, target)
        engine = self._engine(model)
        prompt = self._translation_prompt(model, source, target)
        budget = self._budget(engine, prompt)
        pieces: list[list[tuple[str, int]]] = [
            fit_pieces(split_sentences(paragraph, source), engine.count_tokens, budget, engine.split_by_tokens)
            for paragraph in split_paragraphs(text)
        ]
        flat = [piece for paragraph in pieces for piece in paragraph]
        base = self.settings.translation_generation
        # Translations run longer than their source in tokens (Russian especially): 2x plus slack.
        options = [base.capped(_translation_bound(tokens)) for _, tokens in flat]
        outcome = self._generate(
            model, "translate", [piece for piece, _ in flat], options, prompt, source=source, target=target
        )
        translated = iter(outcome.texts)
        joined = "\n\n".join(" ".join(next(translated) for _ in paragraph) for paragraph in pieces)
        return _Outcome([joined], outcome.cached)


def _stage_key(**parts: Any) -> str:
    """The cache key of a whole stage: its parts plus the flow's version and the engine."""
    return cache_key(version=PIPELINE_VERSION, engine=ENGINE, **parts)


def _translation_bound(tokens: int) -> int:
    """The output bound for a sentence of `tokens` tokens: 2x plus slack, rounded up to the slack."""
    return -(-(2 * tokens + _TRANSLATION_SLACK) // _TRANSLATION_SLACK) * _TRANSLATION_SLACK


def summarize(text: str, **settings: Any) -> SummaryResult:
    """One call: summarize `text` with default settings, or with Settings fields given as keywords."""
    return Summarizer(**settings).summarize(text)
