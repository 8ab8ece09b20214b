"""The instruct strategy: a chat model writes the summary in each output language directly, no translators.

A long input is first condensed (map-reduce with the `condense` prompt, in the input's language)
until it fits one prompt; then each language gets its own `summarize` prompt, all of a document's
languages asked in one batch (their prompts share the statement). An answer that is
plainly in another language is asked again once with `summarize_firmly`, then reported as that
language's error. Each language's summary is cached per document, so adding a language to a
finished run asks the model for that language alone.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ..chat_answers import check_language
from ..errors import ModelError, SummarizeError
from ..handle import ModelHandle
from ..keys import direct_summary_key
from ..languages import language_name
from ..plan import ModelNeed, summarizer_need
from ..prompts import Prompt
from ..result import LanguageSummary
from ..runtimes.base import with_context_retries
from ..stages.isolation import isolate
from ..stages.mapreduce import map_reduce
from ..stages.stored import Found, Result, at_once, stored_or_computed, text_record
from ..terms import glossary_for, glossary_instruction
from .base import Strategy

if TYPE_CHECKING:
    from ..settings import Settings
    from ..stages.state import DocState


class InstructStrategy(Strategy):
    """An instruction-tuned chat model (local, or 'openai:NAME' on a server) summarizing into every language."""

    name = "instruct"
    writes_every_language = True

    @classmethod
    def summary_language(cls, source: str) -> str:
        return source

    @classmethod
    def needs(cls, settings: Settings, source: str) -> list[ModelNeed]:
        return [summarizer_need(settings)]

    def prepare(self) -> None:
        models = self.context.models
        models.runtime_for(self.context.settings.summarizer).check()
        if self.context.settings.fallback_strategy is None:
            handle = models.summarizer()
            if not handle.chat:
                raise ModelError(
                    f"summarizer {handle.reference!r} is not a chat model (no causal LM in its config), "
                    f"so the instruct strategy cannot prompt it; use an instruction-tuned model or `strategy=neural`",
                    model=handle.reference,
                    problem="not a chat model",
                )

    def summarize(self, states: list[DocState]) -> None:
        try:
            self.context.models.summarizer()
        except ModelError as exc:
            for state in states:
                if exc.missing:
                    state.missing = exc
                state.error = exc
            return

        def fail(state: DocState, exc: SummarizeError) -> None:
            state.error = exc

        isolate(states, self._summarize_group, fail)

    # --- one group of documents ----------------------------------------------------------------

    def _prompts(self, model: ModelHandle, language: str) -> tuple[Prompt, Prompt]:
        name = language_name(language) or language
        return model.instruct("summarize", language=name), model.instruct("summarize_firmly", language=name)

    def summary_key(self, model: ModelHandle, state: DocState, language: str) -> str:
        first, firm = self._prompts(model, language)
        condense = model.instruct("condense", language=language_name(state.language) or state.language)
        prompts = [first.identity, firm.identity, condense.identity]
        return direct_summary_key(self.context, model, state.document.text, state.language, language, prompts)

    def _summarize_group(self, states: list[DocState]) -> None:
        model = self.context.models.summarizer()
        pairs = [(state, code) for state in states for code in self.context.settings.languages]

        def write(todo: list[tuple[DocState, str]]) -> list[Result[dict[str, Any]]]:
            return with_context_retries(model.runner, lambda: self._write(model, todo))

        results = stored_or_computed(
            self.context.cache, pairs, lambda pair: self.summary_key(model, *pair), at_once(write), decode=text_record
        )
        for (state, code), result in zip(pairs, results, strict=True):
            if isinstance(result, SummarizeError):
                error = str(result)
                state.summaries[code] = LanguageSummary(
                    code, "", model.reference, engine=model.runtime.name, error=error
                )
                continue
            self._set(state, code, result.value["text"], cached=result.cached)
            state.chunks, state.rounds = result.value["chunks"], result.value["rounds"]
        for state in states:
            state.base = next(iter(state.summaries.values()))

    def _write(self, model: ModelHandle, todo: list[tuple[DocState, str]]) -> list[Result[dict[str, Any]]]:
        """Condense the documents that need it, then ask for each missing (document, language)."""
        context = self.context
        options = model.summary_options()
        states = list({id(state): state for state, _ in todo}.values())
        condensed: dict[int, tuple[str, bool, int, int]] = {}
        for source in dict.fromkeys(state.language for state in states):
            group = [state for state in states if state.language == source]
            fit = [p for code in context.settings.languages for p in self._prompts(model, code)]
            prompt = model.instruct("condense", language=language_name(source) or source)
            texts = [state.document.text for state in group]
            summaries = map_reduce(
                context.generation, model, texts, source, options, prompt=prompt, fit=fit, condense_only=True
            )
            for state, summary in zip(group, summaries, strict=True):
                condensed[id(state)] = (summary.text, summary.cached, summary.chunks, summary.rounds + 1)
        # Every language at once: a document's prompts then share a batch, and a runtime that can
        # (CTranslate2) reads their common start, the statement, once rather than once a language.
        items = [(condensed[id(state)][0], state.language, code) for state, code in todo]
        results: list[Result[dict[str, Any]]] = []
        for (state, _), (text, hit, problem) in zip(todo, self._ask_with_terms(model, items), strict=True):
            _, was_cached, chunks, rounds = condensed[id(state)]
            record = {"text": text, "chunks": chunks, "rounds": rounds}
            results.append(SummarizeError(problem) if problem else Found(record, cached=hit and was_cached))
        return results

    def _ask_with_terms(
        self, model: ModelHandle, items: list[tuple[str, str, str]]
    ) -> list[tuple[str, bool, str | None]]:
        """As `_ask`, for (text, its language, the summary's language) triples: texts holding glossary
        terms are asked with the glossary's renderings in the system prompt (a summary may still
        leave a term out)."""
        terms = self.context.terms
        groups: dict[str, list[int]] = {}
        for index, (text, source, language) in enumerate(items):
            entries = glossary_for(terms, text, source, language) if terms.glossary is not None else []
            groups.setdefault(glossary_instruction(entries) if entries else "", []).append(index)
        answers: list[tuple[str, bool, str | None]] = [("", True, None)] * len(items)
        for instruction, indices in groups.items():
            asked = self._ask(model, [(items[i][0], items[i][2]) for i in indices], instruction)
            for i, answer in zip(indices, asked, strict=True):
                answers[i] = answer
        return answers

    def _asked_prompts(self, model: ModelHandle, language: str, instruction: str) -> tuple[Prompt, Prompt]:
        """The first and the firm prompt for `language`, with the glossary's instruction when there is one."""
        first, firm = self._prompts(model, language)
        if instruction:
            first, firm = (dataclasses.replace(p, system=f"{p.system}\n{instruction}".strip()) for p in (first, firm))
        return first, firm

    def _ask(
        self, model: ModelHandle, items: list[tuple[str, str]], instruction: str = ""
    ) -> list[tuple[str, bool, str | None]]:
        """Each (text, language)'s summary, whether it came from the cache, and why it failed, if it did."""
        context = self.context
        prompts = {code: self._asked_prompts(model, code, instruction) for code in dict.fromkeys(c for _, c in items)}
        texts = [text for text, _ in items]
        options = [model.summary_options()] * len(items)
        label = f"summarizing in {', '.join(prompts)}"
        first = [prompts[code][0] for _, code in items]
        outcome = context.generation.run(model, "summarize-direct", texts, options, first, label=label)
        answers: list[tuple[str, bool, str | None]] = list(
            zip(outcome.texts, outcome.hits, [None] * len(items), strict=True)
        )
        if not context.settings.language_check:
            return [(text, hit, None if text.strip() else self._empty(model)) for text, hit, _ in answers]
        retry = [
            i for i, (text, _, _) in enumerate(answers) if not text.strip() or not check_language(text, items[i][1]).ok
        ]
        if retry:
            firm = [prompts[items[i][1]][1] for i in retry]
            again = context.generation.run(
                model, "summarize-direct", [texts[i] for i in retry], options[: len(retry)], firm, label=label
            )
            for i, text, hit in zip(retry, again.texts, again.hits, strict=True):
                language = items[i][1]
                verdict = check_language(text, language)
                problem = None
                if not text.strip():
                    problem = self._empty(model)
                elif not verdict.ok:
                    problem = self._wrong_language(model, language, verdict.found)
                answers[i] = (text, hit, problem)
        return answers

    def _empty(self, model: ModelHandle) -> str:
        return f"model {model.reference!r} answered with no text; try again with another model"

    def _wrong_language(self, model: ModelHandle, language: str, found: str | None) -> str:
        name = language_name(language) or language
        switch = "`language_check=False`"
        return (
            f"model {model.reference!r} did not write in {name} even when told firmly (its answer reads as "
            f"{found}); use a model that writes {name}, or accept its answers with {switch}"
        )

    def _set(self, state: DocState, language: str, text: str, *, cached: bool) -> None:
        model = self.context.models.summarizer()
        state.summaries[language] = LanguageSummary(language, text, model.reference, cached, engine=model.runtime.name)
