"""Seq2seq models on CTranslate2 (int8 on CPU, int8_float16 on CUDA), converted once per model.

Conversion (once per model and quantization) also exports the model's tokenizer, so later runs
tokenize exactly as transformers does without importing transformers or PyTorch: that is most
of the ctranslate2 runtime's memory saving (the runtime itself is in ct2_runtime.py).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Sequence
from functools import cached_property
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ModelError, SummarizeError
from ..generation import GenerationOptions
from ..scheduling import available_threads, batch_layout
from .base import RunnerDefaults
from .checkpoint import TextTokenizer, TokenBudget, printable, transformers_tokenizer
from .ct2_conversion import converted, converted_dir, require_ctranslate2
from .ct2_ready import ReadyPieces, find_ready, position_limit
from .portable_tokenizer import exported, exported_meta, load_exported

log = logging.getLogger("summarize")
T = TypeVar("T")


def on_own_thread(make: Callable[[], T]) -> T:
    """`make()` on a thread that ends with it: how a CTranslate2 model is loaded.

    Loading runs OpenMP parallel regions, and GNU OpenMP keeps the threads of a region for the
    thread that ran it as long as that thread lives. Once more OpenMP threads are kept than the
    process has cores, every thread sleeps at each barrier instead of spinning, and a decode on
    two threads is then hardly faster than on one: 2.5 s against 1.6 s for the statement's
    summary when the load ran on the main thread (docs/performance.md).
    """
    made: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            made.append(make())
        except BaseException as exc:  # raised again on the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="summarize-load")
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return made[0]


def _cpu_only() -> bool:
    """Whether this is Linux with no NVIDIA driver loaded, where CTranslate2 can see no CUDA device:
    known without importing it (a cache hit then never does)."""
    return sys.platform.startswith("linux") and not Path("/proc/driver/nvidia").exists()


def resolve(device: str, compute_type: str | None) -> tuple[str, str]:
    """The device ('cpu' or 'cuda') and compute type: int8 on CPU, int8_float16 on CUDA unless given."""
    if device in ("auto", "cpu") and compute_type in (None, "int8") and _cpu_only() and find_spec("ctranslate2"):
        return "cpu", "int8"  # CTranslate2 runs int8 on every CPU it supports
    ctranslate2 = require_ctranslate2()
    gpus = ctranslate2.get_cuda_device_count()
    if device == "cuda" and not gpus:
        raise SummarizeError(
            "`device=cuda` was asked for, but CTranslate2 sees no CUDA device: use `device=cpu` or `device=auto`"
        )
    chosen = "cuda" if device == "cuda" or (device == "auto" and gpus) else "cpu"
    compute_type = compute_type or ("int8_float16" if chosen == "cuda" else "int8")
    # Checked before anything is converted: a conversion in a type the device cannot run is wasted.
    supported = sorted(ctranslate2.get_supported_compute_types(chosen))
    if compute_type not in supported:
        raise SummarizeError(
            f"compute type {compute_type!r} is not supported on {chosen} here: choose one of "
            f"{', '.join(supported)} with `compute_type`"
        )
    return chosen, compute_type


class CTranslate2Model(RunnerDefaults, TokenBudget):
    """A seq2seq model run through CTranslate2; conversion and loading happen on first use.

    Tokenizer, limits and model family come from the export made at conversion, so a run over a
    converted model imports neither transformers nor PyTorch.
    """

    scores = True

    name = "ctranslate2"

    def __init__(
        self,
        model: str,
        path: Path,
        *,
        fingerprint: str,
        cache_root: Path,
        device: str = "auto",
        compute_type: str | None = None,
        threads: int | None = None,
        batch_size: int = 8,
    ) -> None:
        self.model = model
        self.path = path
        self.batch_size = batch_size
        self.device, self.compute_type = (device, compute_type) if compute_type else resolve(device, compute_type)
        self.threads = threads or available_threads()
        # On CPU, CTranslate2's replicas (inter_threads) share the weights: batches side by side cost
        # only their working memory (scheduling.py says how many, and on how many threads each).
        on_cpu = self.device == "cpu"
        self.parallel_batches, self._per_batch = batch_layout(self.threads) if on_cpu else (1, self.threads)
        self.uses_every_core = on_cpu and self.threads >= available_threads()
        self.target = converted_dir(cache_root, fingerprint, self.compute_type)
        # A lock of its own: before Python 3.12, functools.cached_property locks every object of
        # a class at once, so the translators loading ahead waited for the summarizer's load.
        self._load_lock = threading.Lock()
        self._models: dict[str, Any] = {}

    @cached_property
    def directory(self) -> Path:
        """The converted model, converted now if it is not yet."""
        return converted(self.path, self.target, self.compute_type, self.model)

    @cached_property
    def _export(self) -> Path:
        export = exported(self.directory)
        assert export is not None  # `converted` made it
        return export

    @cached_property
    def _meta(self) -> dict[str, Any]:
        return exported_meta(self._export)

    @cached_property
    def tokenizer(self) -> TextTokenizer:  # type: ignore[override]
        portable = load_exported(self._export)
        if portable is None:  # a tokenizer kind only transformers runs
            log.debug("tokenizing %s through transformers", self.model)
            return transformers_tokenizer(self.model, self.path)
        return portable

    @property
    def model_type(self) -> str:
        return str(self._meta["model_type"])

    @cached_property
    def max_position_embeddings(self) -> int | None:  # type: ignore[override]
        positions = self._meta.get("max_position_embeddings")
        return int(positions) if positions else None

    @property
    def translator(self) -> Any:
        return self._kept("Translator")

    def _kept(self, kind: str) -> Any:
        """The model as `kind`, loaded on first use and kept."""
        with self._load_lock:
            if kind not in self._models:
                self._models[kind] = self._loaded(kind)
            return self._models[kind]

    def _loaded(self, kind: str) -> Any:
        """The converted model loaded as CTranslate2's `kind` ('Translator', 'Generator')."""
        ctranslate2 = require_ctranslate2()
        directory = self.directory
        log.info("loading %s with CTranslate2 on %s (%s, threads: %d)", self.model, self.device, self.compute_type,
                 self.threads)  # fmt: skip
        try:
            return on_own_thread(lambda: getattr(ctranslate2, kind)(
                str(directory), device=self.device, compute_type=self.compute_type, intra_threads=self._per_batch,
                inter_threads=self.parallel_batches,
            ))  # fmt: skip
        except Exception as exc:
            raise ModelError(
                f"cannot load {self.model!r} with CTranslate2 from {directory} ({exc}); {self._fix}"
            ) from exc

    _fix = "delete that directory to convert again"

    def load(self) -> None:
        _ = self.translator

    def preload(self) -> bool:
        if not self._quick_to_load():
            return False  # a conversion writes notices of its own: it waits for its stage
        self.load()
        _ = self.tokenizer
        return True

    def _quick_to_load(self) -> bool:
        """Whether the model is converted, with its tokenizer exported: loading it is quick."""
        return (self.target / "model.bin").is_file() and exported(self.target) is not None

    def generate(self, texts: Sequence[str], options: GenerationOptions, *, system: str = "") -> list[str]:
        return [text for text, _ in self.generate_scored(texts, options)]

    def generate_scored(
        self, texts: Sequence[str], options: GenerationOptions, *, system: str = ""
    ) -> list[tuple[str, float | None]]:
        """Outputs with CTranslate2's hypothesis score: the mean token log-probability (length penalty 1)."""
        if not texts:
            return []
        options = options.capped(self.max_output_tokens)
        sources = []
        for text in texts:
            lead = options.source_token
            tokens = self.tokenizer.language_input_tokens(text, lead) if lead else self.tokenizer.input_tokens(text)
            self.check_length(len(tokens))
            sources.append(tokens)
        # A multilingual model's target language is the first token of every output.
        prefix = [[options.target_token]] * len(sources) if options.target_token else None
        results = self.translator.translate_batch(
            sources,
            target_prefix=prefix,
            max_batch_size=self.batch_size,
            beam_size=options.num_beams,
            length_penalty=options.length_penalty,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            max_decoding_length=options.max_new_tokens,
            min_decoding_length=options.min_new_tokens,
            max_input_length=0,  # lengths were checked above: never truncate
            return_scores=True,
        )
        skip = 1 if prefix else 0
        return [
            (printable(self.tokenizer.decode_tokens(result.hypotheses[0][skip:])),
             round(float(result.scores[0]), 4) if result.scores else None)
            for result in results
        ]  # fmt: skip

    def score_outputs(self, texts: Sequence[str], outputs: Sequence[str]) -> list[float]:
        """CTranslate2's mean token log-probability of each given output for its input (forced decoding).

        For SentencePiece translators (Marian conversions, ready-made models), whose target side
        can be tokenized without transformers.
        """
        target_tokens = getattr(self.tokenizer, "target_tokens", None)
        if target_tokens is None:
            raise ModelError(f"model {self.model!r}: scoring given outputs needs a SentencePiece translator")
        sources = [self.tokenizer.input_tokens(text) for text in texts]
        targets = [target_tokens(output) for output in outputs]
        results = self.translator.score_batch(sources, targets, max_batch_size=self.batch_size)
        # The last log-probability is the end-of-sequence token's: left out, as transformers' scoring does.
        return [round(sum(r.log_probs[:-1]) / max(1, len(r.log_probs) - 1), 4) for r in results]


class ReadyCTranslate2Model(CTranslate2Model):
    """A ready-made CTranslate2 model (see ct2_ready.py): loaded where it is, tokenized by its SentencePiece files."""

    _fix = "check that the directory holds a complete CTranslate2 model (model.bin, config.json, vocabulary)"

    @cached_property
    def directory(self) -> Path:
        ready = find_ready(self.path)
        assert ready is not None  # the runtime checked
        return ready.model_dir

    @cached_property
    def tokenizer(self) -> ReadyPieces:  # type: ignore[override]
        ready = find_ready(self.path)
        assert ready is not None
        return ReadyPieces(ready)

    @property
    def model_type(self) -> str:
        return "ctranslate2"

    def _quick_to_load(self) -> bool:
        return True  # nothing to convert

    @cached_property
    def max_position_embeddings(self) -> int | None:  # type: ignore[override]
        # Not in a conversion's config: read from its weights' table (None: the tokenizer's 512 stands).
        return position_limit(self.directory)
