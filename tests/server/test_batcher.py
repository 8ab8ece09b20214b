"""The server's batcher and warm-up in-process: bounded variants, failures that stay with their request."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from summarize import Summarizer
from summarize.document import Document
from summarize.errors import SummarizeError
from summarize.result import SummaryResult
from summarize.server.batcher import DynamicBatcher
from summarize.server.warmup import NotServable, load_models

TEXT = "The ministers met in Havana on Monday. They agreed to build a steel plant by 2026. Talks go on."


def _batcher(**limits: int) -> DynamicBatcher:
    summarizer = Summarizer(engine="extractive", languages=("en",), cache=False)
    return DynamicBatcher(summarizer, wait_s=0.0, max_batch=8, max_queue=8, **limits)


def test_variants_are_bounded_least_recently_used_first() -> None:
    batcher = _batcher(max_variants=2)
    for length in ("short", "medium", "long", "short"):
        batcher.summarizer_for((("en",), length, None))
    assert list(batcher._variants) == [(("en",), "long"), (("en",), "short")]


def test_a_request_whose_setup_fails_fails_alone_and_the_worker_goes_on(tmp_path: Path) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("en\tes\nsteel\tacero\n", encoding="utf-8")
    summarizer = Summarizer(engine="extractive", languages=("en",), cache=False, glossary=glossary)
    batcher = DynamicBatcher(summarizer, wait_s=0.0, max_batch=8, max_queue=8)

    async def scenario() -> tuple[BaseException | None, list[object]]:
        batcher.start()
        glossary.unlink()
        failure = None
        try:
            await batcher.submit([Document(TEXT)], (("en",), "long", None))  # a new variant reads the glossary
        except SummarizeError as exc:
            failure = exc
        served = await batcher.submit([Document(TEXT)], (("en",), "medium", None))  # the server's own
        alive = batcher.alive
        await batcher.stop()
        return failure, [*served, alive]

    failure, (served, alive) = asyncio.run(scenario())
    assert failure is not None and "glossary" in str(failure).lower()
    assert isinstance(served, SummaryResult) and alive is True and batcher.pending == 0


def test_a_bug_in_one_document_costs_only_that_document() -> None:
    summarizer = Summarizer(engine="extractive", languages=("en",), cache=False)
    # A Document made without check_text, carrying what no encoder takes, beside two good ones.
    outcomes = summarizer.summarize_each([Document(TEXT), Document(TEXT + " Bad \ud800 byte."), Document(TEXT)])
    assert isinstance(outcomes[0], SummaryResult) and isinstance(outcomes[2], SummaryResult)
    assert isinstance(outcomes[1], SummarizeError)


def test_serving_fails_when_every_model_fails_to_load(tmp_path: Path) -> None:
    # The extractive fallback lets the Summarizer start, but not one planned model can be loaded.
    summarizer = Summarizer(summarizer=str(tmp_path / "gone"), translators={"es": str(tmp_path / "gone-too")},
                            languages=("en", "es"), cache=False)  # fmt: skip
    with pytest.raises(NotServable, match="gone"):
        load_models(summarizer)
