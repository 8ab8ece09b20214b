"""Ready-made CTranslate2 models: directories that already hold a conversion and its SentencePiece files.

Translation models are shipped this way (quickmt's en<->es and en<->ru models, Argos Translate
packages, OPUS-MT models converted by hand): `model.bin`, CTranslate2's `config.json` and
vocabulary, and one or two SentencePiece models. Such a directory runs on the CTranslate2
runtime as it is, with no conversion and no transformers; its tokenizer is SentencePiece itself.

Layouts recognised (the model files in the directory itself, or in `model/` as Argos packages
have them, with the SentencePiece files beside either):

- OPUS-MT converted with `ct2-transformers-converter --copy_files source.spm target.spm`:
  `source.spm` and `target.spm`; inputs end with `</s>`, as MarianTokenizer ends them.
- quickmt: `src.spm.model` and `tgt.spm.model`; Argos Translate: one shared `sentencepiece.model`.
  Inputs are the SentencePiece pieces alone, as those projects' own code hands them over.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

SOURCE_NAMES = ("source.spm", "src.spm.model", "spm.src.model", "sentencepiece.model", "spm.model",
                "sentencepiece.bpe.model")  # fmt: skip
TARGET_NAMES = ("target.spm", "tgt.spm.model", "spm.tgt.model", "sentencepiece.model", "spm.model",
                "sentencepiece.bpe.model")  # fmt: skip
# No limit is recorded in a conversion; this is what these models are trained with at most.
READY_MAX_TOKENS = 512
_SPECIAL = {"<s>", "</s>", "<pad>", "<blank>", "<unk>"}


@dataclass(frozen=True)
class ReadyModel:
    """Where a ready-made model's parts are."""

    model_dir: Path
    source_spm: Path
    target_spm: Path

    @property
    def ends_with_eos(self) -> bool:
        """OPUS-MT conversions were trained on inputs ending in </s>; the others take pieces alone."""
        return self.source_spm.name == "source.spm"


def find_ready(path: Path) -> ReadyModel | None:
    """The ready-made CTranslate2 model in `path`, or None when it is not one."""
    for model_dir in (path, path / "model"):
        if (model_dir / "model.bin").is_file() and (model_dir / "config.json").is_file():
            break
    else:
        return None

    def first(names: tuple[str, ...]) -> Path | None:
        for directory in (model_dir, path):
            for name in names:
                if (directory / name).is_file():
                    return directory / name
        return None

    source, target = first(SOURCE_NAMES), first(TARGET_NAMES)
    if source is None or target is None:
        return None
    return ReadyModel(model_dir, source, target)


def ready_problem(path: Path) -> str | None:
    """What a directory holding model.bin lacks to run as a ready-made model, or None."""
    has_model = any((d / "model.bin").is_file() for d in (path, path / "model"))
    if has_model and find_ready(path) is None:
        return (
            f"{path} holds a CTranslate2 model but no SentencePiece files "
            f"({', '.join(SOURCE_NAMES[:3])} or sentencepiece.model) beside it"
        )
    return None


def position_limit(model_dir: Path) -> int | None:
    """The positions the model has encodings for, read from model.bin's variable table; None when unbounded.

    A conversion records no length limit in its config, but a model with learned or stored
    position encodings (Marian, BART) cannot go past them. The table is read without the weights
    (each variable's data is skipped), in CTranslate2's documented binary layout.
    """
    import struct

    limits: list[int] = []
    try:
        with (model_dir / "model.bin").open("rb") as handle:

            def number(size: int, code: str) -> int:
                return int(struct.unpack(f"<{code}", handle.read(size))[0])

            def text() -> str:
                return handle.read(number(2, "H")).decode("utf-8", "replace").rstrip("\0")

            if number(4, "I") < 3:
                return None  # an old layout: leave the limit to the tokenizer
            text()  # the spec's name
            number(4, "I")  # its revision
            for _ in range(min(number(4, "I"), 100_000)):
                name = text()
                dims = [number(4, "I") for _ in range(number(1, "B"))]
                handle.read(1)  # data type
                handle.seek(number(4, "I"), 1)
                if name.endswith("position_encodings/encodings") and dims:
                    limits.append(dims[0])
    except (OSError, struct.error, UnicodeError, ValueError):
        return None
    return min(limits) if limits else None


class ReadyPieces:
    """The tokenizer of a ready-made model: its SentencePiece models, nothing around them but </s>."""

    def __init__(self, ready: ReadyModel) -> None:
        import sentencepiece

        self.ready = ready
        self.source = sentencepiece.SentencePieceProcessor(model_file=str(ready.source_spm))
        self.target = (
            self.source
            if ready.target_spm == ready.source_spm
            else sentencepiece.SentencePieceProcessor(model_file=str(ready.target_spm))
        )
        self.special_tokens = 1 if ready.ends_with_eos else 0
        self.model_max_length = READY_MAX_TOKENS

    @cached_property
    def vocabulary(self) -> set[str] | None:
        """The model's source vocabulary (to count unknown pieces), when a vocabulary file is there."""
        for name in ("shared_vocabulary.json", "source_vocabulary.json"):
            file = self.ready.model_dir / name
            if file.is_file():
                entries: Any = json.loads(file.read_text(encoding="utf-8"))
                return set(entries)
        return None

    def tokenize(self, text: str) -> list[str]:
        return list(self.source.encode(text, out_type=str))

    def ids(self, text: str, *, special: bool) -> list[int]:
        ids = list(self.source.encode(text))
        return [*ids, self.source.eos_id()] if special and self.ready.ends_with_eos else ids

    def offsets(self, text: str) -> list[tuple[int, int]] | None:
        return None

    def join(self, tokens: list[str]) -> str:
        return str(self.source.decode_pieces(tokens))

    def input_tokens(self, text: str) -> list[str]:
        pieces = self.tokenize(text)
        return [*pieces, "</s>"] if self.ready.ends_with_eos else pieces

    def language_input_tokens(self, text: str, language_token: str) -> list[str]:
        return [language_token, *self.tokenize(text), "</s>"]

    def target_tokens(self, text: str) -> list[str]:
        """A translation's pieces as the decoder writes them (for scoring a given output)."""
        return list(self.target.encode(text, out_type=str))

    def decode_tokens(self, tokens: list[str]) -> str:
        return str(self.target.decode_pieces([token for token in tokens if token not in _SPECIAL]))
