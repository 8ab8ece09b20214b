"""py3langid's language identifier, loaded fast: its model ships LZMA-compressed, and unpacking it took
0.35 s of every process that detected a language. It is unpacked once per machine and user, into the
user cache directory (whatever `cache_dir` a run uses: it is the library's data, not a run's
output), one NumPy array per file (never a pickle), and its two large tables (66 MB) are
memory-mapped: loading reads nothing, and a text touches only its own rows."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger("summarize")
DETECTOR_DIR = "langid"
_COMPLETE = "complete"  # written last: a directory without it is half-made
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

    directory = _unpacked(Path(langid.MODEL_DIR) / langid.MODEL_FILE)

    def array(name: str, mapped: bool = False) -> Any:
        # Memory-mapped: only the rows and states a text visits are read (and count in RSS).
        return np.load(directory / f"{name}.npy", mmap_mode="r" if mapped else None, allow_pickle=False)

    return langid.LanguageIdentifier(
        array("ptc", True), array("pc"), array("classes").tolist(), array("nextmove", True),
        array("out_feat").tolist(), tk_row=array("nextmove_row").tolist(),
    )  # fmt: skip


def detector_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("summarize")) / DETECTOR_DIR


def _unpacked(packed: Path) -> Path:
    """The model unpacked in the cache directory, one .npy file per array (keyed by the packed file's
    size and start), made once."""
    import lzma

    import numpy as np

    status = packed.stat()
    with packed.open("rb") as handle:
        key = hashlib.sha256(handle.read(65536) + str(status.st_size).encode()).hexdigest()[:16]
    directory = detector_dir() / f"py3langid-{key}"
    if (directory / _COMPLETE).is_file():
        return directory
    directory.parent.mkdir(parents=True, exist_ok=True)
    partial = directory.with_name(f".{directory.name}.{os.getpid()}.{threading.get_ident()}.partial")
    try:
        partial.mkdir()
        with lzma.open(packed) as source, np.load(source, allow_pickle=False) as data:
            for name in data.files:
                np.save(partial / f"{name}.npy", np.asarray(data[name]), allow_pickle=False)
        (partial / _COMPLETE).write_text(key)
        with contextlib.suppress(OSError):  # another process may have finished first: its copy stands
            partial.rename(directory)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    _remove_stale(directory)
    return directory


def _remove_stale(current: Path) -> None:
    """Delete what older versions unpacked (another py3langid's tables, the single .npz file of before)."""
    for entry in current.parent.glob("py3langid-*"):
        if entry != current:
            with contextlib.suppress(OSError):
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def unpacked_size() -> int:
    """Bytes the unpacked tables take on disk (0 when there are none, or they cannot be read)."""
    try:
        return sum(path.stat().st_size for path in detector_dir().rglob("*") if path.is_file())
    except OSError:  # another user's, or half removed
        return 0


def remove_unpacked() -> int:
    """Delete the unpacked tables (the next detection unpacks them again); the bytes freed."""
    size = unpacked_size()
    shutil.rmtree(detector_dir(), ignore_errors=True)
    _identifier.cache_clear()
    return size
