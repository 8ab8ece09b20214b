"""The exported tokenizers at run time: a fast tokenizer through `tokenizers`, a Marian one through
SentencePiece; both without transformers, so without PyTorch (see portable_tokenizer.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Container
from pathlib import Path
from typing import Any

_SPIECE_UNDERLINE = "\u2581"


def clean_up_tokenization(text: str) -> str:
    """transformers' `clean_up_tokenization`: spaces before punctuation and English contractions."""
    for before, after in ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                          (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")):  # fmt: skip
        text = text.replace(before, after)
    return text


class TokenizersFile:
    """A fast tokenizer from its tokenizer.json, through the `tokenizers` library (no PyTorch)."""

    def __init__(self, directory: Path, meta: dict[str, Any]) -> None:
        from tokenizers import Tokenizer

        self.backend = Tokenizer.from_file(str(directory / "tokenizer.json"))
        # A saved tokenizer can carry the truncation or padding of its last use: never truncate here.
        self.backend.no_truncation()
        self.backend.no_padding()
        self.model_max_length = int(meta["model_max_length"])
        self.special_tokens = int(meta["special_tokens"])
        self._clean_up = bool(meta["clean_up"])
        self._unk_id = meta.get("unk_id")
        self._eos = str(meta.get("eos_token") or "</s>")

    def ids(self, text: str, *, special: bool) -> list[int]:
        return list(self.backend.encode(text, add_special_tokens=special).ids)

    def offsets(self, text: str) -> list[tuple[int, int]] | None:
        return list(self.backend.encode(text, add_special_tokens=False).offsets)

    def tokenize(self, text: str) -> list[str]:
        return list(self.backend.encode(text, add_special_tokens=False).tokens)

    def join(self, tokens: list[str]) -> str:
        decoder = self.backend.decoder
        return decoder.decode(tokens) if decoder is not None else " ".join(tokens)

    def input_tokens(self, text: str) -> list[str]:
        return [str(self.backend.id_to_token(index)) for index in self.ids(text, special=True)]

    def language_input_tokens(self, text: str, language_token: str) -> list[str]:
        tokens = [str(self.backend.id_to_token(index)) for index in self.ids(text, special=False)]
        return [language_token, *tokens, self._eos]

    def decode_tokens(self, tokens: list[str]) -> str:
        ids = []
        for token in tokens:
            index = self.backend.token_to_id(token)
            if index is None:
                index = self._unk_id
            if index is not None:
                ids.append(index)
        text = self.backend.decode(ids, skip_special_tokens=True)
        return clean_up_tokenization(text) if self._clean_up else text


class MarianPieces:
    """MarianTokenizer rebuilt from its SentencePiece models and vocabulary (no PyTorch).

    Mirrors transformers' MarianTokenizer: special tokens found in the text are kept whole, a
    leading language code (>>es<<) stays one token, the rest goes through the source SentencePiece
    model, every input ends with </s>, and decoding drops special tokens.
    """

    def __init__(self, directory: Path, meta: dict[str, Any]) -> None:
        import sentencepiece

        def processor(name: str) -> Any:
            model = sentencepiece.SentencePieceProcessor(**meta["sp_model_kwargs"])
            model.Load(str(directory / name))
            return model

        self.source_spm = processor("source.spm")
        self.target_spm = target_spm = processor("target.spm")
        self.encoder: dict[str, int] = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        target_vocab = directory / "target_vocab.json"
        separate = bool(meta["separate_vocabs"])
        # Tokens that decode to text: target-side vocabulary minus the special tokens. A shared
        # vocabulary is looked up in the encoder itself: a second copy of 60,000 tokens is memory.
        self._decoded_vocab: Container[str] = (
            set(json.loads(target_vocab.read_text(encoding="utf-8"))) if separate else self.encoder
        )
        # transformers 5 decodes with the source model unless the vocabularies are separate.
        self._decode_spm = target_spm if separate else self.source_spm
        self._added = {entry["content"]: entry for entry in meta["added_tokens"]}
        self._special = set(meta["special_tokens_text"]) | set(self._added)
        self._unk_id = self.encoder[meta["unk_token"]]
        self._eos_id = int(meta["eos_token_id"])
        self._split_special = bool(meta["split_special_tokens"])
        self._clean_up = bool(meta["clean_up"])
        self.model_max_length = int(meta["model_max_length"])
        self.special_tokens = int(meta["special_tokens"])
        self._added_ids = {int(entry["id"]): name for name, entry in self._added.items()}
        # A token's input form is the token its id stands for (as transformers converts ids back):
        # itself, but for the few tokens sharing an id with another. Only those are kept.
        decoder = {index: token for token, index in self.encoder.items()}
        self._input_renames = {
            token: named for token, index in self.encoder.items() if (named := self._id_token(index, decoder)) != token
        }
        self._unk_input = self._id_token(self._unk_id, decoder)
        self._eos_input = self._id_token(self._eos_id, decoder)
        ordered = sorted(self._added, key=len, reverse=True)  # the longest match wins, as in transformers' trie
        self._added_pattern = re.compile("(" + "|".join(map(re.escape, ordered)) + ")") if ordered else None

    def _pieces(self, text: str) -> list[str]:
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:
            code, text = [text[: end + 2]], text[end + 2 :]
        return code + list(self.source_spm.encode(text, out_type=str))

    def tokenize(self, text: str) -> list[str]:
        if self._split_special or self._added_pattern is None:
            return self._pieces(text)
        parts = self._added_pattern.split(text)
        # Added tokens' lstrip/rstrip/single_word, as transformers' PythonBackend.tokenize applies them.
        for i, part in enumerate(parts):
            entry = self._added.get(part) if i % 2 else None
            if entry is None:
                continue
            left = parts[i - 1] if i > 0 else None
            right = parts[i + 1] if i < len(parts) - 1 else None
            if entry["rstrip"] and right:
                parts[i + 1] = right.lstrip()
            if entry["lstrip"] and left:
                parts[i - 1] = left.rstrip()
            if entry["single_word"]:
                if left and left[-1] != " ":
                    parts[i - 1] += part
                    parts[i] = ""
                elif right and right[0] != " ":
                    parts[i + 1] = part + parts[i + 1]
                    parts[i] = ""
        tokens: list[str] = []
        for part in parts:
            if not part:
                continue
            if part in self._special:
                tokens.append(part)
            else:
                tokens.extend(self._pieces(part))
        return tokens

    def _id(self, token: str) -> int:
        entry = self._added.get(token)
        if entry is not None:
            return int(entry["id"])
        return self.encoder.get(token, self._unk_id)

    def ids(self, text: str, *, special: bool) -> list[int]:
        ids = [self._id(token) for token in self.tokenize(text)]
        return [*ids, self._eos_id] if special else ids

    def offsets(self, text: str) -> list[tuple[int, int]] | None:
        return None  # SentencePiece pieces are split by token strings instead

    def join(self, tokens: list[str]) -> str:
        return self._to_string(tokens)

    def _id_token(self, index: int, decoder: dict[int, str]) -> str:
        return self._added_ids.get(index) or decoder[index]

    def _input_token(self, token: str) -> str:
        entry = self._added.get(token)
        if entry is not None:
            return self._added_ids[int(entry["id"])]
        if token not in self.encoder:
            return self._unk_input
        return self._input_renames.get(token, token)

    def input_tokens(self, text: str) -> list[str]:
        return [*map(self._input_token, self.tokenize(text)), self._eos_input]

    def language_input_tokens(self, text: str, language_token: str) -> list[str]:
        return [language_token, *self.input_tokens(text)]  # it ends with </s>

    def target_tokens(self, text: str) -> list[str]:
        """A translation's pieces as the decoder writes them (for scoring a given output), without </s>."""
        return list(self.target_spm.encode(text, out_type=str))

    def decode_tokens(self, tokens: list[str]) -> str:
        # As decode(skip_special_tokens=True): special tokens, and unknown ones (which become <unk>), go.
        kept = [token for token in tokens if token not in self._special and token in self._decoded_vocab]
        text = self._to_string(kept)
        return clean_up_tokenization(text) if self._clean_up else text

    def _to_string(self, tokens: list[str]) -> str:
        out, run = "", list[str]()
        for token in tokens:
            if token in self._special:  # never through SentencePiece
                out += self._decode_spm.decode_pieces(run) + token + " "
                run = []
            else:
                run.append(token)
        out += self._decode_spm.decode_pieces(run)
        return out.replace(_SPIECE_UNDERLINE, " ").strip()
