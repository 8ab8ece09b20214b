"""CTranslate2 conversions: each model converted once per quantization into the cache directory.

Conversion also exports the model's tokenizer (portable_tokenizer.py), so later runs need neither
transformers nor PyTorch. Listing and removing conversions needs no ctranslate2 at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ModelError, SummarizeError, first_line
from .checkpoint import load_error, quiet_transformers
from .portable_tokenizer import EXPORT_DIR, export_tokenizer, exported

log = logging.getLogger("summarize")
INSTALL_HINT = "pip install 'summarize[fast]'"


def require_ctranslate2() -> Any:
    """The ctranslate2 module, or one error line naming the install command."""
    try:
        import ctranslate2
    except ImportError:
        raise SummarizeError(f"the ctranslate2 runtime needs the 'fast' extra: {INSTALL_HINT}") from None
    return ctranslate2


def converted_dir(cache_root: Path, fingerprint: str, compute_type: str) -> Path:
    """Where a model's conversion lives: keyed by the model's identity (revision or files) and quantization."""
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:20]
    return cache_root / "ctranslate2" / f"{digest}-{compute_type}"


@dataclass(frozen=True)
class Conversion:
    """A model converted for CTranslate2, as it lies in the cache directory."""

    path: Path
    compute_type: str
    size_bytes: int


def conversions(cache_root: Path, fingerprint: str | None = None) -> list[Conversion]:
    """The conversions under `cache_root` (of one model, given its fingerprint), without importing ctranslate2."""
    folder = cache_root / "ctranslate2"
    if not folder.is_dir():
        return []
    prefix = hashlib.sha256(fingerprint.encode()).hexdigest()[:20] + "-" if fingerprint else ""
    found = []
    for path in sorted(folder.iterdir()):
        if path.is_dir() and path.name.startswith(prefix) and (path / "model.bin").is_file():
            size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
            found.append(Conversion(path, path.name.rsplit("-", 1)[-1], size))
    return found


def remove_conversions(cache_root: Path) -> int:
    """Delete every conversion (and any left half-made by a crash); returns how many finished ones there were."""
    folder = cache_root / "ctranslate2"
    count = len(conversions(cache_root))
    if folder.is_dir():
        try:
            shutil.rmtree(folder)
        except OSError as exc:
            raise SummarizeError(
                f"cannot remove the conversions in {folder} ({exc.strerror or exc}); delete it by hand"
            ) from None
    return count


def convert(path: Path, target: Path, compute_type: str, model: str) -> Path:
    """Convert a checkpoint directory for CTranslate2 once; concurrent runs never see half a conversion."""
    if (target / "model.bin").is_file():
        return target
    ctranslate2 = require_ctranslate2()
    quiet_transformers()
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("converting %s for CTranslate2 (%s), once", model, compute_type)
    scratch = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        # The tokenizer first: a broken one is then reported as such, not as a conversion failure.
        _export(path, scratch, model)
        source = _converter_input(path, scratch)
        converter = _converter_class(ctranslate2)(str(source), trust_remote_code=False)
        converter.convert(str(scratch / "model"), quantization=compute_type, force=True)
        (scratch / EXPORT_DIR).rename(scratch / "model" / EXPORT_DIR)
        try:
            (scratch / "model").rename(target)
        except OSError:
            if not (target / "model.bin").is_file():  # not another process winning the race
                raise
    except SummarizeError:
        raise
    except Exception as exc:  # the converter raises many types for unsupported or broken models
        raise ModelError(
            f"cannot convert model {model!r} for CTranslate2 ({first_line(exc)}); use `runtime=transformers` for it"
        ) from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def _converter_class(ctranslate2: Any) -> Any:
    """CTranslate2's converter, with M2M100's language tokens in the vocabulary it reads: transformers 5
    leaves them out of `get_vocab()`, and the conversion would fail on the vocabulary's size."""

    class Converter(ctranslate2.converters.TransformersConverter):
        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            tokenizer = super().load_tokenizer(tokenizer_class, model_name_or_path, **kwargs)
            languages = getattr(tokenizer, "lang_code_to_token", None)
            if isinstance(languages, dict):
                vocabulary = dict(tokenizer.get_vocab())
                vocabulary.update({token: tokenizer.convert_tokens_to_ids(token) for token in languages.values()})
                tokenizer.get_vocab = lambda: vocabulary
            return tokenizer

    return Converter


# Config keys transformers 5 no longer writes but CTranslate2 4.x's converters still read, by family.
_LEGACY_CONFIG = {"bart": {"normalize_before": False}}


def _export(path: Path, target: Path, model: str) -> None:
    try:
        export_tokenizer(path, target, model)
    except SummarizeError:  # the tokenizer or config cannot load: already one line naming the model
        raise
    except Exception as exc:  # transformers' tokenizer classes raise many types while saving
        raise load_error(model, path, "tokenizer", exc) from exc


def converted(path: Path, target: Path, compute_type: str, model: str) -> Path:
    """The conversion directory, converted and with its tokenizer exported (both once)."""
    directory = convert(path, target, compute_type, model)
    if exported(directory) is None:  # converted by an older summarize, before tokenizers were exported
        quiet_transformers()
        _export(path, directory, model)
    return directory


def _converter_input(path: Path, scratch: Path) -> Path:
    """The checkpoint as the converter can read it: as it is, or linked into `scratch` with old config keys added.

    The user's directory is never modified.
    """
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    missing = {k: v for k, v in _LEGACY_CONFIG.get(config.get("model_type", ""), {}).items() if k not in config}
    if not missing:
        return path
    copy = scratch / "checkpoint"
    copy.mkdir()
    for file in path.iterdir():
        if file.name != "config.json":
            (copy / file.name).symlink_to(file.resolve())
    (copy / "config.json").write_text(json.dumps({**config, **missing}), encoding="utf-8")
    return copy
