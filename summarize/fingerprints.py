"""What identifies a model's outputs in cache keys: the Hub commit, or a digest of its files.

A local directory's digest reads its small files whole and a large weight file's first and last
MiB. On a cache hit that read was most of the run's own work, and seconds once the weights had
left the page cache (4.9 s measured for the benchmark's three models), so each digest is kept
in the cache directory (`fingerprints/`) under the files' stat signature: a hit then only stats them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

# Weight files above this size are fingerprinted by size, mtime and their first and last MiB,
# so a warm run never reads gigabytes just to build a cache key.
_FULL_HASH_LIMIT = 64 * 1024 * 1024
_SAMPLE = 1024 * 1024
FOLDER = "fingerprints"


def model_fingerprint(model: str, path: Path, cache_root: Path | None = None) -> str:
    """The Hub commit for a cached Hub model, else a digest of its files (kept under `cache_root`)."""
    if path.parent.name == "snapshots":
        # huggingface_hub's cache layout: .../models--org--name/snapshots/<commit>/
        return f"hub:{model}@{path.name}"
    files = sorted((file, file.stat()) for file in path.rglob("*") if file.is_file())
    if cache_root is None:
        return _digest(path, files)
    memo = cache_root / FOLDER
    # Any write to a file changes its ctime, which no tool sets back: the same signature means the
    # same contents. The folder's own path is part of it, so a copy is digested afresh.
    signature = "\n".join(
        f"{file.relative_to(path).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}"
        for file, stat in files
    )
    kept = memo / hashlib.sha256(f"{path.resolve()}\n{signature}".encode()).hexdigest()[:40]
    with contextlib.suppress(OSError, UnicodeDecodeError):
        found = kept.read_text(encoding="ascii")
        if found.startswith("dir:") and len(found) == 68:
            return found
    fingerprint = _digest(path, files)
    with contextlib.suppress(OSError):  # a read-only cache directory: digested again next time
        memo.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(fingerprint, encoding="ascii")
        partial.replace(kept)
    return fingerprint


def remove_fingerprints(cache_root: Path) -> int:
    """Delete the kept digests under `cache_root` (`summarize cache clear`); how many there were."""
    memo = cache_root / FOLDER
    removed = 0
    for kept in memo.glob("*") if memo.is_dir() else ():
        with contextlib.suppress(OSError):  # another process's half-written one, or already gone
            kept.unlink()
            removed += 1
    return removed


def _digest(path: Path, files: list[tuple[Path, os.stat_result]]) -> str:
    digest = hashlib.sha256()
    for file, stat in files:
        digest.update(f"{file.relative_to(path).as_posix()}\0{stat.st_size}\0".encode())
        with file.open("rb") as handle:
            if stat.st_size <= _FULL_HASH_LIMIT:
                digest.update(handle.read())
            else:
                digest.update(str(stat.st_mtime_ns).encode())
                digest.update(handle.read(_SAMPLE))
                handle.seek(-_SAMPLE, os.SEEK_END)
                digest.update(handle.read(_SAMPLE))
    return f"dir:{digest.hexdigest()}"
