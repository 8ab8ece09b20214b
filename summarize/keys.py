"""Every cache key, built here from named parts: what can change a stage's output is its key.

A key is the SHA-256 of its parts as canonical JSON (`cache.cache_key`). The parts are named
once, below, and each stage's key is one function: a model is always `model` (its fingerprint)
and `runtime` (the runtime's identity, precision included); a text is `text`; languages are
`source` and `target` (or `language` for a summary). Bump KEYS_VERSION when a change to the flow
changes outputs: every whole-stage entry made before is recomputed once.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import TYPE_CHECKING, Any, Protocol

from .cache import cache_key

if TYPE_CHECKING:
    from .generation import GenerationOptions
    from .handle import ModelHandle
    from .pool import ModelPool
    from .prompts import Prompt
    from .settings import Settings
    from .terms import Terms


class Context(Protocol):
    """What keys read of a run (the stages' Context has it): its settings, terms and models."""

    @property
    def settings(self) -> Settings: ...

    @property
    def terms(self) -> Terms: ...

    @property
    def models(self) -> ModelPool: ...


# 2: key parts renamed to the names below (`summarizer`, `translator` became `model`).
# 3: a chat model's summaries keyed by `llm_context` (it decides how a long input is condensed);
#    the runtime part named `runtime` (it was `engine`, a word kept for the preset and result field).
KEYS_VERSION = 3

# Every stage that stores its outputs, as the options table's `affects` names them.
STAGES = ("model-call", "text-translation", "strict-translation", "fact-check", "document-summary", "direct-summary")


def model_parts(model: ModelHandle) -> dict[str, Any]:
    """The model behind an output: its identity and the runtime's (precision, compute type)."""
    return {"model": model.fingerprint, "runtime": model.runtime_identity}


def terms_part(context: Context) -> str:
    """The glossary, keep list and protected patterns (they change what a translator is given)."""
    return context.terms.identity


def generation_key(
    model: ModelHandle, task: str, text: str, options: GenerationOptions, prompt: Prompt, **extra: str
) -> str:
    """One model call's output."""
    return cache_key(task=task, **model_parts(model), options=dataclasses.asdict(options), prompt=prompt.identity,
                     text=text, **extra)  # fmt: skip


def translation_identity(context: Context, source: str, target: str) -> dict[str, Any]:
    """What decides a translation besides its text: the model, its options, its prompt, the terms, the guard."""
    from .stages import coverage

    model = context.models.translator(source, target)
    return {
        **model_parts(model),
        "options": dataclasses.asdict(model.translation_options(source, target)),
        "prompt": model.translation_prompt(source, target).identity,
        "terms": terms_part(context),
        "guard": coverage.GUARD_VERSION if context.settings.coverage_check else None,
    }


def stage_key(task: str, **parts: Any) -> str:
    """A whole stage's output (a document's summary, a text's translation): its parts and the keys' version."""
    return cache_key(task=task, version=KEYS_VERSION, **parts)


def detection_key(text: str) -> str:
    """A text's language ranking (py3langid's, on its first 5,000 characters): the text decides it alone."""
    return stage_key("language-ranking", text=text[:5000])


def translation_key(text: str, source: str, target: str, identity: dict[str, Any]) -> str:
    return stage_key("text-translation", text=text, source=source, target=target, **identity)


def strict_translation_key(text: str, source: str, target: str, identity: dict[str, Any], checker: int) -> str:
    return stage_key("strict-translation", text=text, source=source, target=target, checker=checker, **identity)


def fact_check_key(
    context: Context,
    text: str,
    language: str,
    source: str,
    source_language: str,
    reference: tuple[str, str] | None,
    checker: int,
) -> str:
    # The verifier is a part only when there is one: checks made without one keep their keys.
    verifier = context.settings.verifier
    judged = {"verifier": verifier} if verifier is not None else {}
    return stage_key("fact-check", checker=checker, text=text, language=language,
                     source=hashlib.sha256(source.encode()).hexdigest(), source_language=source_language,
                     reference=list(reference) if reference else None, **judged)  # fmt: skip


def document_summary_key(context: Context, model: ModelHandle, text: str, source_language: str, pivot: str) -> str:
    """A document's summary by the neural strategy (with the translation into the pivot, if any)."""
    source_step = translation_identity(context, source_language, pivot) if source_language != pivot else None
    # `coverage_check`: the guard's retry with the other beam setting changes what is stored.
    return stage_key("document-summary", **model_parts(model), text=text, source_language=source_language,
                     source_translation=source_step, options=dataclasses.asdict(model.summary_options()),
                     prompt=model.summary_prompt().identity, coverage_check=context.settings.coverage_check,
                     context=context.settings.llm_context if model.chat else None)  # fmt: skip


def direct_summary_key(
    context: Context, model: ModelHandle, text: str, source_language: str, language: str, prompts: list[str]
) -> str:
    """A summary a chat model wrote in `language` directly (instruct strategy)."""
    # A glossary is told to the chat model in its prompt; a keep list is not (nothing is masked here).
    # `llm_context` decides how a long input is condensed before the model writes the summary.
    return stage_key("direct-summary", **model_parts(model), text=text, source_language=source_language,
                     language=language, options=dataclasses.asdict(model.summary_options()), prompt=prompts,
                     language_check=context.settings.language_check, terms=context.terms.glossary_identity,
                     context=context.settings.llm_context)  # fmt: skip
