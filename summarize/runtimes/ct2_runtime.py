"""The fast CPU runtime: CTranslate2 (int8 on CPU, int8_float16 on CUDA), each model converted once.

Needs the `fast` extra (`pip install 'summarize[fast]'`). Seq2seq models run as translators
(ct2.py), chat models as generators (ct2_chat.py).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from .base import LocatedModel, Runtime
from .ct2 import CTranslate2Model, ReadyCTranslate2Model, resolve
from .ct2_chat import CTranslate2ChatModel
from .ct2_conversion import converted, converted_dir
from .ct2_ready import find_ready


class CTranslate2Runtime(Runtime):
    """Runs models through CTranslate2: each converted once into the cache directory, then loaded from there."""

    name = "ctranslate2"
    concurrent = True  # each model has its own thread pool (intra_threads)

    @cached_property
    def _resolved(self) -> tuple[str, str]:
        return resolve(self.settings.device, self.settings.compute_type)

    def check(self) -> None:
        _ = self._resolved  # the install hint, an absent GPU, or an unsupported compute type, before any work

    def cache_identity(self) -> str:
        # CTranslate2's output depends on its compute type too.
        return f"ctranslate2:{self._resolved[1]}"

    def runner(self, model: LocatedModel, *, threads: int | None = None) -> CTranslate2Model:
        device, compute_type = self._resolved
        settings = self.settings
        shared: dict[str, Any] = {
            "fingerprint": model.fingerprint, "cache_root": settings.cache_root, "device": device,
            "compute_type": compute_type, "threads": threads or settings.threads, "batch_size": settings.batch_size,
        }  # fmt: skip
        if model.chat:
            return CTranslate2ChatModel(model.reference, model.local_path, settings=settings, **shared)
        model_class = CTranslate2Model if find_ready(model.local_path) is None else ReadyCTranslate2Model
        return model_class(model.reference, model.local_path, **shared)

    def convert(self, model: LocatedModel) -> Path:
        ready = find_ready(model.local_path)
        if ready is not None:
            return ready.model_dir  # converted already: nothing to do
        target = converted_dir(self.settings.cache_root, model.fingerprint, self._resolved[1])
        return converted(model.local_path, target, self._resolved[1], model.reference)
