"""Shared fixtures: tiny real models built once per session, and an isolated user environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from counting_runtime import CountingRuntime
from filelock import FileLock
from tiny_models import build_bart, build_chat, build_marian

from summarize.runtimes import RUNTIMES

# The tests' models are 32 wide: an operation split over threads spends more on waking and
# synchronising them than on the arithmetic (tests/test_pipeline.py: 29 s on 2 threads, 24 s on
# one, half the CPU time). Set before PyTorch is imported; child processes (the CLI, servers, Ray
# workers) inherit it. The product's own thread settings (CTranslate2's intra_threads) still apply.
os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
# `python -c BLOCK_TORCH ARGS...` runs the CLI in a process where importing PyTorch or transformers fails.
BLOCK_TORCH = (
    "import sys\n"
    "for name in ('torch', 'transformers'):\n"
    "    sys.modules[name] = None  # importing it now raises ImportError\n"
    "from summarize.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A tiny BART summarizer and Marian translators (128 positions), saved like Hub checkpoints."""
    root = built_once(tmp_path_factory, "models", _build_tiny)
    return {name: root / folder for name, folder in TINY_FOLDERS.items()}


TINY_FOLDERS = {"summarizer": "bart", "en-es": "en-es", "en-ru": "en-ru", "es-en": "es-en"}


def _build_tiny(root: Path) -> None:
    build_bart(root / "bart")
    for seed, pair in enumerate(("en-es", "en-ru", "es-en"), start=1):
        build_marian(root / pair, seed=seed)


def built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """`name`, a folder that `build` filled once for the whole run: the pytest-xdist workers of one
    run share it (the first builds it under a lock, the others wait and reuse it)."""
    base = factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / f"built-{name}"
    with FileLock(str(folder) + ".lock"):
        if not (folder / ".done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".done").touch()
    return folder


@pytest.fixture(scope="session")
def tiny_flags(tiny: dict[str, Path]) -> list[str]:
    """CLI flags that point every default model at a tiny one."""
    return [
        "--summarizer", str(tiny["summarizer"]),
        "--translator", f"es={tiny['en-es']}",
        "--translator", f"ru={tiny['en-ru']}",
        "--translator", f"es-en={tiny['es-en']}",
    ]  # fmt: skip


@pytest.fixture(scope="session")
def tiny_settings(tiny: dict[str, Path]) -> dict[str, object]:
    """Settings keywords that point every default model at a tiny one, with short summaries for speed."""
    return {
        "summarizer": str(tiny["summarizer"]),
        "translators": {"es": str(tiny["en-es"]), "ru": str(tiny["en-ru"]), "es-en": str(tiny["es-en"])},
        "length": "short",
        # Random weights translate nothing: the guard would retry every sentence twice. Its tests
        # (test_terms.py) turn it back on.
        "coverage_check": False,
    }


@pytest.fixture(scope="session")
def tiny_ct2(tiny_flags: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory holding the tiny models converted for CTranslate2, by `summarize models convert`.

    Copied into a server's cache directory (`seeded_cache`), it lets `summarize serve --engine
    ctranslate2` start without importing PyTorch (under a second, against about 5 s)."""
    root = tmp_path_factory.mktemp("ct2-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("SUMMARIZE_CONFIG", str(root / "no-config.toml"))
        code, _, err = cli("models", "convert", *tiny_flags, "--cache-dir", str(root))
    assert code == 0, err
    return root


def seeded_cache(conversions: Path, target: Path) -> Path:
    """`target`, a new cache directory that already holds the conversions of `tiny_ct2`."""
    shutil.copytree(conversions / "ctranslate2", target / "ctranslate2")
    return target


@pytest.fixture(scope="session")
def tiny_chat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Qwen2-shaped chat model (ChatML template, 1,024-token context)."""
    return built_once(tmp_path_factory, "chat", lambda root: build_chat(root / "chat")) / "chat"


@pytest.fixture(scope="session")
def tiny_chat_latin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny chat model that can only write Latin script: it never answers in Russian."""
    return build_chat(tmp_path_factory.mktemp("chat-latin") / "chat", latin_only=True, seed=5)


@pytest.fixture(scope="session")
def tiny_verifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny chat model that can write nothing but "No": a verifier that rejects every claim."""
    return build_chat(tmp_path_factory.mktemp("verifier") / "chat", answers="No", seed=7)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[CountingRuntime]:
    """The counting runtime, registered for this test as `runtime="counting"` (or `--runtime counting`)."""
    monkeypatch.setitem(RUNTIMES, CountingRuntime.name, CountingRuntime)
    CountingRuntime.reset()
    return CountingRuntime


@pytest.fixture
def fake_settings(counting: type[CountingRuntime]) -> dict[str, object]:
    """Settings keywords for orchestration tests: the counting runtime and fake models, nothing on disk."""
    return {
        "runtime": "counting",
        "summarizer": "fake:summarizer",
        "translators": {"es": "fake:en-es", "ru": "fake:en-ru", "es-en": "fake:es-en"},
        "length": "short",
        # The counting runtime "translates" into English words: the coverage guard would retry
        # every sentence. Its own tests turn it back on.
        "coverage_check": False,
    }


@pytest.fixture(autouse=True, scope="session")
def isolated_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user cache directory (the language detector's tables) is the session's own: `cache clear`
    in a test must not empty the user's."""
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def isolated_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test sees the user's config, cache or HF cache, and none may reach the Hub."""
    home = tmp_path / "home"
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("SUMMARIZE_OFFLINE", "")  # restored after each test, whatever --offline set
    monkeypatch.setenv("SUMMARIZE_CONFIG", str(home / "no-config.toml"))
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(home / "cache"))
    return home


def cli(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """Run the CLI in this process (fast): exit status, stdout, stderr."""
    import io

    from summarize.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def run_cli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None, timeout: float = 120):
    """Run `python -m summarize` as a user would, in the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
