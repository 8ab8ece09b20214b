"""Batches on a real local Ray cluster (started by the tests, about 4 s): same outputs, same cache, faults."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, SAMPLES

from summarize import Summarizer
from summarize.batch import summarize_items
from summarize.distributed import ClusterOptions, summarize_items_on_ray
from summarize.inputs import expand_inputs

pytestmark = pytest.mark.ray
ray = pytest.importorskip("ray")

TEXTS = [
    "The ministry of industry said on {day} that exports of machine tools rose by {n} percent. "
    "Officials from both governments met in the capital to discuss a plant that will employ {m} people. "
    "The deputy minister said the project would be finished by the end of {year}."
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


def _items(tmp_path: Path, count: int) -> list:
    folder = tmp_path / "inputs"
    folder.mkdir(exist_ok=True)
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    for n in range(count):
        text = TEXTS[0].format(day=days[n % 5], n=n + 3, m=100 * n + 7, year=2026 + n)
        (folder / f"item{n:02d}.txt").write_text(text, encoding="utf-8")
    return list(expand_inputs([str(folder)], glob="*.txt"))


def _texts(outcomes: list) -> list[list[str]]:
    return [[s.text for s in o.result.summaries.values()] for o in outcomes]


def test_the_same_batch_gives_the_same_outputs_on_ray_and_a_killed_worker_loses_none(
    cluster: None, tiny_settings: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _items(tmp_path, 5)
    # On CTranslate2: the workers, and the one Ray restarts after the kill, load no PyTorch.
    settings = {**tiny_settings, "engine": "ctranslate2"}
    here = list(summarize_items(Summarizer(**settings, cache=False), items))
    summarizer = Summarizer(**settings, cache_dir=tmp_path / "driver")
    outcomes = summarize_items_on_ray(summarizer, items, ClusterOptions(workers=2, group_size=1))
    first = next(outcomes)
    workers = subprocess.run(["pgrep", "-f", "ray::Worker"], capture_output=True, text=True).stdout.split()
    assert workers, "the actors run as ray::Worker processes"
    os.kill(int(workers[0]), signal.SIGKILL)
    there = [first, *outcomes]
    assert [o.item.id for o in there] == [i.id for i in items]  # input order
    assert all(o.result is not None and not o.result.errors for o in there), [o.error for o in there]
    assert _texts(there) == _texts(here)
    # Every result came back into the driver's cache: one machine now answers without any model.
    local = Summarizer(**settings, cache_dir=tmp_path / "driver")
    again = list(summarize_items(local, items))
    assert _texts(again) == _texts(here) and local.models.runners() == {}

    # A rerun on Ray starts no cluster work: the driver's cache answers everything.
    def no_ray() -> None:
        raise AssertionError("a rerun must not touch Ray")

    monkeypatch.setattr("summarize.distributed._import_ray", no_ray)
    second = list(summarize_items_on_ray(summarizer, items, ClusterOptions(workers=2, group_size=2)))
    assert _texts(second) == _texts(here)
    assert all(s.cached for o in second for s in o.result.summaries.values())


def test_a_model_missing_on_the_workers_fails_its_items_with_the_usual_error(cluster: None, tmp_path: Path) -> None:
    items = _items(tmp_path, 3)
    summarizer = Summarizer(summarizer=str(tmp_path / "no-such-model"), engine="transformers", languages=("en",),
                            cache_dir=tmp_path / "driver")  # fmt: skip
    done = list(summarize_items_on_ray(summarizer, items, ClusterOptions(workers=1)))
    assert len(done) == 3 and all(o.result is None for o in done)
    assert all("no-such-model" in (o.error or "") and "does not exist" in (o.error or "") for o in done)


def _cli(*args: str, block_ray: bool = False) -> subprocess.CompletedProcess[bytes]:
    code = "import sys\n" + ("sys.modules['ray'] = None\n" if block_ray else "")
    code += "from summarize.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=REPO, timeout=120)


def test_cli_errors_missing_extra_and_bad_address(tiny: dict[str, Path], tmp_path: Path) -> None:
    flags = [str(SAMPLES / "statement.txt"), "--engine", "extractive", "--lang", "en,es",
             "--translator", f"es={tiny['en-es']}", "--cache-dir", str(tmp_path)]  # fmt: skip
    missing = _cli(*flags, "--ray", block_ray=True)
    assert missing.returncode == 1
    assert missing.stderr.decode().strip() == "summarize: error: --ray needs Ray: pip install 'summarize[ray]'"
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    bad = _cli(*flags, f"--ray=127.0.0.1:{port}")
    assert time.monotonic() - started < 30
    assert bad.returncode == 1 and f"cannot reach the Ray cluster at 127.0.0.1:{port}" in bad.stderr.decode()
    assert len(bad.stderr.decode().strip().splitlines()) == 1
    typo = _cli("--ray", *flags)
    assert typo.returncode == 2 and "put --ray after the inputs" in typo.stderr.decode()


def test_rays_own_lines_stay_off_stdout(
    cluster: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hardening #20: Ray prints "(raylet) ..." lines from its threads; stdout carries results alone."""
    import json

    import ray._private.worker as ray_worker

    import summarize.distributed as distributed
    from summarize.cli import main

    real = distributed.summarize_items_on_ray
    line = {"pid": "raylet", "ip": "127.0.0.1", "is_err": False, "job": "01", "lines": ["A worker died or was killed"]}

    def with_rays_noise(*args: object, **kwargs: object):  # Ray's own printer, as when a worker dies
        ray_worker.print_to_stdstream(line, ignore_prefix=False)
        yield from real(*args, **kwargs)

    monkeypatch.setattr(ray_worker, "_worker_logs_enabled", True)
    monkeypatch.setattr(distributed, "summarize_items_on_ray", with_rays_noise)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(2):
        (folder / f"s{n}.txt").write_text(TEXTS[0].format(day="Monday", n=n, m=7, year=2027), encoding="utf-8")
    code = main([str(folder), "--engine", "extractive", "--lang", "en", "--format", "json", "--ray",
                 "--cache-dir", str(tmp_path / "cache")])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert [json.loads(record)["id"] for record in out.splitlines()] == [str(folder / "s0.txt"), str(folder / "s1.txt")]
    assert "A worker died" in err
