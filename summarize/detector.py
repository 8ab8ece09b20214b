"""py3langid's language identifier, loaded fast: its model ships LZMA-compressed, and unpacking it took
0.35 s of every process that detected a language. It is unpacked once per machine and user, into the
user cache directory (whatever `cache_dir` a run uses: it is the library's data, not a run's
output), and read from there (NumPy arrays, never a pickle)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger("summarize")
DETECTOR_DIR = "langid"
_LOADING = threading.Lock()  # translators of several languages may ask for it at once


def identifier() -> Any:
    """The identifier (its `rank(text)` ranks languages); py3langid's own loader when unpacking fails."""
    with _LOADING:
        return _identifier()


@lru_cache(maxsize=1)
def _identifier() -> Any:
    import py3langid.langid as langid

    try:
        return _from_unpacked(langid)
    except Exception as exc:  # a read-only or full cache, a changed py3langid: the slow way still works
        log.debug("language detector: unpacked model not used (%s)", exc)
        return langid._get_identifier()


def _from_unpacked(langid: Any) -> Any:
    import numpy as np
    from py3langid.modelio import _to_array

    packed = Path(langid.MODEL_DIR) / langid.MODEL_FILE
    path = _unpacked(packed)
    with np.load(path, allow_pickle=False) as data:
        return langid.LanguageIdentifier(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(), _to_array(data["nextmove"]),
            data["out_feat"].tolist(), tk_row=_to_array(data["nextmove_row"]),
        )  # fmt: skip


def detector_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("summarize")) / DETECTOR_DIR


def _unpacked(packed: Path) -> Path:
    """The model unpacked in the cache directory (keyed by the packed file's size and start), made once."""
    import lzma

    status = packed.stat()
    with packed.open("rb") as handle:
        key = hashlib.sha256(handle.read(65536) + str(status.st_size).encode()).hexdigest()[:16]
    path = detector_dir() / f"py3langid-{key}.npz"
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with lzma.open(packed) as source, partial.open("wb") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)
        partial.replace(path)  # whole or not at all: two processes may unpack at once
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return path
