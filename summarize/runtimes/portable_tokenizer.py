"""Tokenizers that run without transformers, and so without PyTorch, for the CTranslate2 runtime.

Importing transformers' tokenizers loads PyTorch (about 230 MB), which the CTranslate2 runtime
otherwise never needs. So a converted model's tokenizer is exported next to the conversion: a fast
tokenizer as `tokenizers`' tokenizer.json, a Marian one as its SentencePiece models and vocabulary,
with what transformers applies around them (special tokens, clean-up, limits) in `summarize.json`.
The classes in exported_tokenizers.py rebuild that from those files (tests compare them with
transformers token by token); a tokenizer of any other kind is recorded as such and runs through transformers.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .exported_tokenizers import MarianPieces, TokenizersFile

EXPORT_DIR = "tokenizer"
META_FILE = "summarize.json"
# Bumped when the export's layout or meaning changes, so older exports are rebuilt.
EXPORT_VERSION = 2  # 2: chat models' templates and stop tokens


def exported(target: Path) -> Path | None:
    """The export inside a conversion directory, or None when there is none (or an outdated one)."""
    directory = target / EXPORT_DIR
    try:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return directory if meta.get("version") == EXPORT_VERSION else None


def export_tokenizer(path: Path, target: Path, model: str | None = None) -> Path:
    """Write the export of checkpoint `path`'s tokenizer and limits into conversion directory `target`,
    read as the transformers runtime reads them (so, once, with PyTorch); a ModelError names `model`."""
    from transformers import MarianTokenizer

    from .chat_template import chat_meta
    from .checkpoint import HFCheckpoint

    checkpoint = HFCheckpoint(model or str(path), path)
    tokenizer = checkpoint.tokenizer.hf
    meta: dict[str, Any] = {
        "version": EXPORT_VERSION,
        "model_type": checkpoint.model_type,
        "max_position_embeddings": checkpoint.max_position_embeddings,
        "model_max_length": checkpoint.tokenizer.model_max_length,
        "special_tokens": checkpoint.tokenizer.special_tokens,
    }
    scratch = Path(tempfile.mkdtemp(prefix=EXPORT_DIR + ".", dir=target))
    try:
        meta.update(chat_meta(tokenizer, path))
        if getattr(tokenizer, "is_fast", False):
            meta.update(_fast_meta(tokenizer))
            tokenizer.backend_tokenizer.save(str(scratch / "tokenizer.json"))
        elif isinstance(tokenizer, MarianTokenizer):
            meta.update(_marian_meta(tokenizer))
            tokenizer.save_vocabulary(str(scratch))
        else:  # the runtime uses transformers for it
            meta["kind"] = "transformers"
        (scratch / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        final = target / EXPORT_DIR
        if final.exists() and exported(target) is None:  # an outdated or broken export, never a current one
            shutil.rmtree(final, ignore_errors=True)
        try:
            os.replace(scratch, final)
        except OSError:
            if exported(target) is None:  # not another process having written it first
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return final


def _fast_meta(tokenizer: Any) -> dict[str, Any]:
    clean_up = bool(tokenizer.clean_up_tokenization_spaces)
    # transformers skips the clean-up for BPE models unless forced (it would corrupt their output).
    if clean_up and type(tokenizer.backend_tokenizer.model).__name__ == "BPE":
        forced = "clean_up_tokenization_spaces_for_bpe_even_though_it_will_corrupt_output"
        clean_up = bool(getattr(tokenizer, forced, False))
    meta = {"kind": "tokenizers", "clean_up": clean_up, "unk_id": tokenizer.unk_token_id}
    return meta | {"eos_token": tokenizer.eos_token}


def _marian_meta(tokenizer: Any) -> dict[str, Any]:
    added = [
        {"id": int(index), "content": token.content}
        | {flag: bool(getattr(token, flag)) for flag in ("lstrip", "rstrip", "single_word")}
        for index, token in tokenizer.added_tokens_decoder.items()
    ]
    return {
        "kind": "marian",
        "added_tokens": added,
        "special_tokens_text": list(tokenizer.all_special_tokens),
        "unk_token": str(tokenizer.unk_token),
        "eos_token_id": int(tokenizer.eos_token_id),
        "separate_vocabs": bool(tokenizer.separate_vocabs),
        "split_special_tokens": bool(tokenizer.split_special_tokens),
        "clean_up": bool(tokenizer.clean_up_tokenization_spaces),
        "sp_model_kwargs": dict(tokenizer.sp_model_kwargs or {}),
    }


def load_exported(directory: Path) -> TokenizersFile | MarianPieces | None:
    """The tokenizer an export describes; None for a kind only transformers can run."""
    meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    if meta["kind"] == "tokenizers":
        return TokenizersFile(directory, meta)
    if meta["kind"] == "marian":
        return MarianPieces(directory, meta)
    return None


def exported_meta(directory: Path) -> dict[str, Any]:
    """The limits and model family recorded with an export."""
    return dict(json.loads((directory / META_FILE).read_text(encoding="utf-8")))
