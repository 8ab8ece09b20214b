"""The flow: detect language, translate to English if needed, summarize (map-reduce), translate the summary.

Every model call goes through the cache, at two levels: each call (a chunk summary, a reduce
step, a translated sentence) so an edited paragraph recomputes only what changed, and each
whole stage (a document's summary, a summary's translation) so a rerun loads no model at all.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from time import perf_counter
from typing import Any

from .cache import Cache, NoCache, cache_key
from .chunking import chunk_sentences, fit_pieces
from .document import Document, check_text
from .engines.base import Seq2SeqEngine
from .errors import LanguageError, ModelError, SummarizeError
from .extractive import summarize_extractive
from .languages import language_name, normalize_language
from .models import inspect_model, model_fingerprint, model_type, resolve_model
from .prompts import Prompt, prompt_for
from .result import LanguageSummary, SummaryResult
from .segment import detect_language, split_paragraphs, split_sentences
from .settings import NEURAL_ENGINES, GenerationOptions, Settings

log = logging.getLogger("summarize")

PIVOT = "en"  # the summarizer's language; other languages are translated to and from it
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
    """Texts from a stage, and for each whether it came wholly from the cache."""

    texts: list[str]
    hits: list[bool]

    @property
    def cached(self) -> bool:
        return all(self.hits)


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

    @property
    def _backend(self) -> str:
        """The engine that runs models: 'ctranslate2' when asked for, else 'transformers'."""
        return "ctranslate2" if self.settings.engine == "ctranslate2" else "transformers"

    @cached_property
    def _engine_key(self) -> str:
        """The engine part of every cache key: CTranslate2 output depends on its compute type too."""
        if self._backend == "ctranslate2":
            from .engines.ctranslate2_engine import resolve

            return f"ctranslate2:{resolve(self.settings.device, self.settings.compute_type)[1]}"
        return "transformers"

    def _engine(self, model: _Model) -> Seq2SeqEngine:
        if model.engine is None:
            if self._backend == "ctranslate2":
                from .cache import default_cache_dir
                from .engines.ctranslate2_engine import CTranslate2Engine

                model.engine = CTranslate2Engine(
                    model.reference,
                    model.path,
                    fingerprint=model.fingerprint,
                    cache_root=self.settings.cache_dir or default_cache_dir(),
                    device=self.settings.device,
                    compute_type=self.settings.compute_type,
                    threads=self.settings.threads,
                    batch_size=self.settings.batch_size,
                )
            else:
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
        """Resolve (and download, if needed) the summarizer; with a neural engine named, a missing one fails here.

        Translators are resolved per language when needed: one that is missing makes that
        language an error while the others are still produced.
        """
        if self.settings.engine == "ctranslate2":
            from .engines.ctranslate2_engine import require_ctranslate2

            require_ctranslate2()  # one line naming the install command, before any work
        if self.settings.engine in NEURAL_ENGINES:
            self._summarizer()

    def _summary_engine(self, language: str) -> str:
        """The neural engine when the summarizer (and a translator into English) can be had, else 'extractive'."""
        if self.settings.engine == "extractive":
            return "extractive"
        needed = [(self.settings.summarizer, self._summarizer)]
        if language != PIVOT:
            needed.append((self.settings.translator(language, PIVOT), lambda: self._translator(language, PIVOT)))
        for reference, resolve in needed:
            try:
                resolve()
            except ModelError as exc:
                info = inspect_model(reference)
                # A directory that exists but is broken is a mistake to report, not a model to do without.
                if info.kind == "directory" and info.path is not None:
                    raise
                if self.settings.engine in NEURAL_ENGINES:
                    if reference == self.settings.summarizer:
                        raise
                    raise LanguageError(
                        f"the input is in {language_name(language) or language} ({language}), and {exc}; "
                        f"{self._supported_sources()}, or use --engine extractive"
                    ) from exc
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
        return self._backend

    # --- cached model calls -----------------------------------------------------------------

    def _generate(
        self, model: _Model, task: str, texts: list[str], options: list[GenerationOptions], prompt: Prompt, **extra: str
    ) -> _Outcome:
        """Outputs for `texts` (each with its own options), calling the model only for cache misses."""
        keys = [
            cache_key(
                task=task,
                model=model.fingerprint,
                engine=self._engine_key,
                options=dataclasses.asdict(option),
                prompt=prompt.template,
                text=text,
                **extra,
            )
            for text, option in zip(texts, options, strict=True)
        ]
        found = self.cache.get_many(keys)
        hits = [key in found for key in keys]
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
        return _Outcome([found[key] for key in keys], hits)

    # --- the flow ---------------------------------------------------------------------------

    def summarize(self, text: str, *, source: str = "<text>", source_language: str | None = None) -> SummaryResult:
        """Summarize `text` into every configured language."""
        return self.summarize_document(Document(check_text(text, source), source), source_language=source_language)

    def summarize_document(self, document: Document, *, source_language: str | None = None) -> SummaryResult:
        """Summarize a Document into every configured language."""
        return self.summarize_documents([document], source_language=source_language)[0]

    def summarize_documents(
        self, documents: Sequence[Document], *, source_language: str | None = None
    ) -> list[SummaryResult]:
        """Summarize several documents at once: their chunks and sentences share model batches.

        A language whose translator is missing gets an error entry; the others are still produced.
        Timings are for the whole group.
        """
        timings: dict[str, float] = {}
        started = perf_counter()
        self.prepare()
        languages = [
            normalize_language(source_language or self.settings.source_language or self._detect(document))
            for document in documents
        ]
        engines = [self._summary_engine(language) for language in languages]

        mark = perf_counter()
        bases: list[LanguageSummary] = []
        sizes: list[tuple[int, int]] = []
        neural = [i for i, engine in enumerate(engines) if engine != "extractive"]
        summaries = iter(self._summaries([documents[i].text for i in neural], [languages[i] for i in neural]))
        for document, language, engine in zip(documents, languages, engines, strict=True):
            if engine == "extractive":
                # Summarized in its own language: a target equal to the source needs no translation.
                extract = summarize_extractive(document.text, language, self.settings.length)
                bases.append(LanguageSummary(language, extract.text, "extractive", engine="extractive"))
                sizes.append((extract.blocks, extract.rounds))
            else:
                summary, chunks, rounds, cached = next(summaries)
                bases.append(LanguageSummary(PIVOT, summary, self.settings.summarizer, cached, engine=self._backend))
                sizes.append((chunks, rounds))
        timings["summarize"] = perf_counter() - mark

        per_document: list[dict[str, LanguageSummary]] = [{} for _ in documents]
        for target in self.settings.languages:
            mark = perf_counter()
            groups: dict[str, list[int]] = defaultdict(list)
            for index, base in enumerate(bases):
                if base.language == target:
                    per_document[index][target] = base
                else:
                    groups[base.language].append(index)
            for indices in groups.values():
                for index, entry in zip(indices, self._translated([bases[i] for i in indices], target), strict=True):
                    per_document[index][target] = entry
            timings[f"translate_{target}"] = perf_counter() - mark
        timings["total"] = perf_counter() - started
        return [
            SummaryResult(
                input=document.source,
                source_language=language,
                summaries=entries,
                summarizer=self.settings.summarizer if engine != "extractive" else "extractive",
                engine=engine,
                chunks=chunks,
                rounds=rounds,
                timings=timings,
            )
            for document, language, engine, entries, (chunks, rounds) in zip(
                documents, languages, engines, per_document, sizes, strict=True
            )
        ]

    def _translated(self, bases: list[LanguageSummary], target: str) -> list[LanguageSummary]:
        """Summaries (all in one language) translated into `target`, or entries saying why they could not be."""
        source = bases[0].language
        reference = self.settings.translator(source, target)
        try:
            outcome = self._translate_stages([base.text for base in bases], source, target)
        except ModelError as exc:
            error = f"{exc}; {self._supported_targets(source)}"
            return [LanguageSummary(target, "", reference, engine=self._backend, error=error) for _ in bases]
        return [
            LanguageSummary(target, text, reference, hit, engine=self._backend)
            for text, hit in zip(outcome.texts, outcome.hits, strict=True)
        ]

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

    def _supported_sources(self) -> str:
        """Which input languages the neural engine can take here, and how to add one."""
        ready = [
            pair.split("-")[0]
            for pair, model in self.settings.translators.items()
            if pair.endswith(f"-{PIVOT}") and inspect_model(model).on_disk
        ]
        have = ", ".join([PIVOT, *sorted(ready)])
        return f"input languages with a model on disk: {have}; add one with --translator LANG-en=MODEL"

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

    def _summaries(self, texts: list[str], languages: list[str]) -> list[tuple[str, int, int, bool]]:
        """English summaries of texts (each in its language): summary, chunks, rounds, and whether cached."""
        if not texts:
            return []
        summarizer = self._summarizer()
        keys = []
        for text, language in zip(texts, languages, strict=True):
            source_step: dict[str, Any] | None = None
            if language != PIVOT:
                source_step = self._translation_identity(language, PIVOT)
            keys.append(
                _stage_key(
                    task="document-summary",
                    engine=self._engine_key,
                    text=text,
                    source_language=language,
                    source_translation=source_step,
                    summarizer=summarizer.fingerprint,
                    options=dataclasses.asdict(self.settings.generation),
                    prompt=self._summary_prompt(summarizer).template,
                )
            )
        stored = self.cache.get_many(keys)
        results: dict[int, tuple[str, int, int, bool]] = {
            i: (stored[key]["text"], stored[key]["chunks"], stored[key]["rounds"], True)
            for i, key in enumerate(keys)
            if key in stored
        }
        missing = [i for i in range(len(texts)) if i not in results]
        english: dict[int, tuple[str, bool]] = {}
        by_language: dict[str, list[int]] = defaultdict(list)
        for i in missing:
            by_language[languages[i]].append(i)
        for language, indices in by_language.items():
            if language == PIVOT:
                english.update({i: (texts[i], True) for i in indices})
                continue
            outcome = self._translate_calls([texts[i] for i in indices], language, PIVOT)
            english.update(zip(indices, zip(outcome.texts, outcome.hits, strict=True), strict=True))
        computed = self._summarize_english([english[i][0] for i in missing])
        fresh = {}
        for i, (summary, chunks, rounds, calls_cached) in zip(missing, computed, strict=True):
            results[i] = (summary, chunks, rounds, english[i][1] and calls_cached)
            fresh[keys[i]] = {"text": summary, "chunks": chunks, "rounds": rounds}
        self.cache.put_many(fresh)
        return [results[i] for i in range(len(texts))]

    def _summarize_english(self, texts: list[str]) -> list[tuple[str, int, int, bool]]:
        """Map-reduce over several texts in step: summarize each chunk, join a text's partial summaries,
        repeat until each text is one chunk. All texts' chunks of a round go through the model together.

        Returns per text the summary, its chunk count, the rounds it took, and whether every model
        call was answered by the cache.
        """
        if not texts:
            return []
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

        chunks = [chunk(text) for text in texts]
        first = [len(c) for c in chunks]
        rounds = [0] * len(texts)
        cached = [True] * len(texts)
        done: dict[int, str] = {}
        while len(done) < len(texts):
            active = [i for i in range(len(texts)) if i not in done]
            inputs: list[str] = []
            options: list[GenerationOptions] = []
            owners: list[int] = []
            for i in active:
                if not chunks[i]:
                    raise SummarizeError(
                        f"summarizer {model.reference!r} produced no text; try another with --summarizer"
                    )
                rounds[i] += 1
                inputs += chunks[i]
                options += [final if len(chunks[i]) == 1 else partial] * len(chunks[i])
                owners += [i] * len(chunks[i])
            if len(inputs) > len(active):
                log.info("summarizing %d chunks of %d text(s)", len(inputs), len(active))
            outcome = self._generate(model, "summarize", inputs, options, prompt)
            outputs: dict[int, list[str]] = defaultdict(list)
            for owner, text, hit in zip(owners, outcome.texts, outcome.hits, strict=True):
                outputs[owner].append(text)
                cached[owner] = cached[owner] and hit
            for i in active:
                if len(chunks[i]) == 1:
                    done[i] = outputs[i][0]
                    continue
                shorter = chunk(" ".join(text for text in outputs[i] if text))
                if len(shorter) >= len(chunks[i]):
                    # Only a model that ignores max_new_tokens could get here; stop rather than loop.
                    raise SummarizeError(
                        f"summaries from model {model.reference!r} do not get shorter; "
                        f"try --length short or another model"
                    )
                chunks[i] = shorter
        return [(done[i], first[i], rounds[i], cached[i]) for i in range(len(texts))]

    def _translate_stages(self, texts: list[str], source: str, target: str) -> _Outcome:
        """Whole texts' translations, from the cache for any exact text translated before."""
        identity = self._translation_identity(source, target)
        keys = [
            _stage_key(
                task="text-translation", engine=self._engine_key, text=text, source=source, target=target, **identity
            )
            for text in texts
        ]
        stored = self.cache.get_many(keys)
        missing = [i for i, key in enumerate(keys) if key not in stored]
        translated = {i: (stored[key], True) for i, key in enumerate(keys) if key in stored}
        if missing:
            outcome = self._translate_calls([texts[i] for i in missing], source, target)
            translated.update(zip(missing, zip(outcome.texts, outcome.hits, strict=True), strict=True))
            self.cache.put_many({keys[i]: translated[i][0] for i in missing})
        return _Outcome([translated[i][0] for i in range(len(texts))], [translated[i][1] for i in range(len(texts))])

    def _translation_identity(self, source: str, target: str) -> dict[str, Any]:
        """What decides a translation besides its text: the model, its options and its prompt."""
        model = self._translator(source, target)
        return {
            "translator": model.fingerprint,
            "options": dataclasses.asdict(self.settings.translation_generation),
            "prompt": self._translation_prompt(model, source, target).template,
        }

    def _translate_calls(self, texts: list[str], source: str, target: str) -> _Outcome:
        """Translate sentence by sentence, in batches across all texts: OPUS-MT drops sentences
        when given several at once."""
        model = self._translator(source, target)
        engine = self._engine(model)
        prompt = self._translation_prompt(model, source, target)
        budget = self._budget(engine, prompt)
        layouts: list[list[int]] = []  # per text, the number of pieces in each paragraph
        flat: list[tuple[str, int]] = []
        for text in texts:
            layout = []
            for paragraph in split_paragraphs(text):
                sentences = split_sentences(paragraph, source)
                pieces = fit_pieces(sentences, engine.count_tokens, budget, engine.split_by_tokens)
                flat += pieces
                layout.append(len(pieces))
            layouts.append(layout)
        base = self.settings.translation_generation
        # Translations run longer than their source in tokens (Russian especially): 2x plus slack.
        options = [base.capped(_translation_bound(tokens)) for _, tokens in flat]
        outcome = self._generate(
            model, "translate", [piece for piece, _ in flat], options, prompt, source=source, target=target
        )
        outputs, hits = iter(outcome.texts), iter(outcome.hits)
        joined: list[str] = []
        cached: list[bool] = []
        for layout in layouts:
            paragraphs = [" ".join(next(outputs) for _ in range(count)) for count in layout]
            joined.append("\n\n".join(paragraphs))
            cached.append(all([next(hits) for _ in range(sum(layout))]))
        return _Outcome(joined, cached)


def _stage_key(**parts: Any) -> str:
    """The cache key of a whole stage: its parts plus the flow's version (callers add the engine)."""
    return cache_key(version=PIPELINE_VERSION, **parts)


def _translation_bound(tokens: int) -> int:
    """The output bound for a sentence of `tokens` tokens: 2x plus slack, rounded up to the slack."""
    return -(-(2 * tokens + _TRANSLATION_SLACK) // _TRANSLATION_SLACK) * _TRANSLATION_SLACK


def summarize(text: str, **settings: Any) -> SummaryResult:
    """One call: summarize `text` with default settings, or with Settings fields given as keywords."""
    return Summarizer(**settings).summarize(text)
