"""PyTorch weights for the transformers runtime: the device, the precision, and loading a checkpoint."""

from __future__ import annotations

import glob
import logging
import os
from typing import Any

from ..errors import ModelError, SummarizeError
from ..models import model_problem
from .checkpoint import HFCheckpoint, load_error, quiet_transformers

log = logging.getLogger("summarize")


def resolve_device(device: str) -> str:
    """'auto' becomes 'cuda' when PyTorch sees a GPU, else 'cpu'; 'cuda' without one is an error."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise SummarizeError(
            "`device=cuda` was asked for, but PyTorch sees no CUDA device: use `device=cpu` or `device=auto`"
        )
    return device


def _gpu_possible() -> bool:
    """Whether this machine may have a CUDA device, told without importing PyTorch (warm runs never do)."""
    return bool(glob.glob("/dev/nvidia[0-9]*")) or os.path.exists("/proc/driver/nvidia")


def precision(device: str) -> str:
    """'float16' where models run on CUDA, else 'float32' (what `load_weights` loads them as)."""
    if device == "cpu" or (device == "auto" and not _gpu_possible()):
        return "float32"
    return "float16" if resolve_device(device) == "cuda" else "float32"


def load_weights(checkpoint: HFCheckpoint, auto_class: str, device: str) -> Any:
    """A checkpoint's torch model through `transformers.<auto_class>`: local files only, no remote code,
    float16 on CUDA and float32 on CPU, in eval mode on `device`."""
    quiet_transformers()
    import torch
    import transformers

    problem = model_problem(checkpoint.path)
    if problem:
        raise ModelError(f"model {checkpoint.model!r} cannot be used: {problem}")
    dtype = torch.float16 if device == "cuda" else torch.float32
    log.info("loading %s on %s", checkpoint.model, device)
    try:
        network = getattr(transformers, auto_class).from_pretrained(
            checkpoint.path, local_files_only=True, trust_remote_code=False, dtype=dtype
        )
    except Exception as exc:
        raise load_error(checkpoint.model, checkpoint.path, "weights", exc) from exc
    return network.to(device).eval()
