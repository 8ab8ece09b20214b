"""Translators of several languages at once: lanes, thread shares, and the same output as one at a time."""

import json
import threading
import time
from pathlib import Path

import pytest
from conftest import SAMPLES

from summarize import Document, Summarizer
from summarize.runtimes import ct2 as ct2_runtime
from summarize.runtimes.ct2 import CTranslate2Model, on_own_thread
from summarize.scheduling import batch_layout, lanes, run_at_once, run_lanes
from summarize.stages import cached_generation
from summarize.stages import languages as languages_stage
from summarize.stages.translation import translate_summaries

GENERATE, PRELOAD = cached_generation._generate, CTranslate2Model.preload
TEXTS = [(SAMPLES / name).read_text() for name in ("statement.txt", "xdr-tuberculosis.en.txt")]


def test_languages_sharing_a_model_share_a_lane() -> None:
    models = {"en": set(), "es": {"m-es"}, "ru": {"m-ru"}, "de": {"multi"}, "fr": {"multi"}}
    assert lanes(list(models), models.__getitem__, 8) == [["en", "es"], ["ru"], ["de", "fr"]]
    assert lanes(list(models), models.__getitem__, 2) == [["en", "es", "de", "fr"], ["ru"]]
    assert lanes(list(models), models.__getitem__, 1) == [["en", "es", "ru", "de", "fr"]]
    # A language needing two lanes' models joins them into one.
    joined = {"es": {"a"}, "ru": {"b"}, "de": {"a", "b"}}
    assert lanes(list(joined), joined.__getitem__, 8) == [["es", "de", "ru"]]
    assert lanes(["en"], lambda _: set(), 4) == [["en"]]


def test_a_lanes_error_reaches_the_caller_after_every_lane_finished() -> None:
    done: list[str] = []

    def work(target: str) -> None:
        if target == "ru":
            raise ValueError("ru failed")
        done.append(target)

    with pytest.raises(ValueError, match="ru failed"):
        run_lanes([["es", "de"], ["ru"], ["fr"]], work)
    assert sorted(done) == ["de", "es", "fr"]


def test_works_at_once_give_results_in_order_and_fail_only_when_all_ended() -> None:
    assert run_at_once([lambda: "a", lambda: threading.current_thread().name, lambda: "c"])[::2] == ["a", "c"]
    ended: list[str] = []

    def slow() -> None:
        time.sleep(0.2)
        ended.append("slow")

    def fails() -> None:
        raise ValueError("first")

    with pytest.raises(ValueError, match="first"):
        run_at_once([fails, slow])
    assert ended == ["slow"]  # raised only once the other work had ended


def test_work_on_its_own_thread_returns_or_raises_on_the_callers() -> None:
    caller = threading.current_thread().name
    assert on_own_thread(lambda: threading.current_thread().name) not in (caller, "")
    with pytest.raises(ValueError, match="bad model"):
        on_own_thread(lambda: (_ for _ in ()).throw(ValueError("bad model")))
    assert not any(thread.name == "summarize-load" for thread in threading.enumerate())  # it ended


def test_batches_side_by_side_never_use_more_threads_than_cores() -> None:
    assert batch_layout(1) == (1, 1)
    assert batch_layout(2) == (1, 2)  # one text decodes on both cores
    assert batch_layout(3) == (1, 3)
    for threads in (4, 8, 16, 64):
        side_by_side, each = batch_layout(threads)
        assert side_by_side == min(threads // 2, 4) and each >= 2 and side_by_side * each <= threads


def _run(
    tiny_settings: dict, threads: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], dict, set[str], set[str], list[str]]:
    seen: set[str] = set()
    batches: set[str] = set()  # the threads the summarizer's batches ran on
    order: list[str] = []  # "preload" and "decode" (the summarizer's batches) as they began
    real, real_generate = translate_summaries, GENERATE

    def watched(context, states, target):  # type: ignore[no-untyped-def]
        seen.add(threading.current_thread().name)
        real(context, states, target)

    def generate(model, *args):  # type: ignore[no-untyped-def]
        if model.reference == tiny_settings["summarizer"]:
            batches.add(threading.current_thread().name)
            order.append("decode")
        return real_generate(model, *args)

    def preload(runner):  # type: ignore[no-untyped-def]
        order.append("preload")
        loaded = PRELOAD(runner)
        seen.add(f"{threading.current_thread().name} preloaded {Path(runner.model).name}: {loaded}")
        return loaded

    monkeypatch.setattr(languages_stage, "translate_summaries", watched)
    monkeypatch.setattr(cached_generation, "_generate", generate)
    monkeypatch.setattr(CTranslate2Model, "preload", preload)
    summarizer = Summarizer(**tiny_settings, engine="ctranslate2", threads=threads, cache=False)
    results = summarizer.summarize_documents([Document(text, f"t{i}") for i, text in enumerate(TEXTS)])
    dumped = [json.dumps({c: (s.text, s.confidence, s.sentence_confidence) for c, s in r.summaries.items()},
                         ensure_ascii=False) for r in results]  # fmt: skip
    shares = {ref: runner.threads for ref, runner in summarizer.models.runners().items()}
    return dumped, shares, seen, batches, order


def test_translators_and_batches_run_at_once_and_give_the_same_output(
    tiny_settings: dict, tiny: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Four cores whatever the machine has, so the summarizer on all four uses every core.
    monkeypatch.setattr(ct2_runtime, "available_threads", lambda: 4)
    sequential, one_each, seen_alone, batches_alone, _ = _run(tiny_settings, 1, monkeypatch)
    together, shares, seen_together, batches_together, order = _run(tiny_settings, 4, monkeypatch)
    assert together == sequential  # byte for byte, whatever the scheduling
    assert set(one_each.values()) == {1} and len(batches_alone) == 1
    assert len({name for name in seen_alone if " " not in name}) == 1
    # Four cores: the summarizer has them all, each translator two, and es and ru ran in two lanes.
    assert shares[str(tiny["summarizer"])] == 4
    assert shares[str(tiny["en-es"])] == shares[str(tiny["en-ru"])] == 2
    assert len({name for name in seen_together if " " not in name}) == 2
    # The translators, converted by the first run, loaded ahead on another thread; with the
    # summarizer on every core, before its decoding, which then has the cores to itself.
    loaders = {name.split(" ", 1)[1] for name in seen_together if name.startswith("summarize-ahead")}
    assert {"preloaded en-es: True", "preloaded en-ru: True"} <= loaders
    assert order[:3] == ["preload", "preload", "decode"]
    # The statement's ten chunks make two batches, summarized side by side on the model's replicas
    # (two of two threads each).
    assert len(batches_together) == 2
