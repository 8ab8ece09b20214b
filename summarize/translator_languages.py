"""Which languages a multilingual translator covers, and how it is told them: read from the model's files.

Never guessed from the model's name. The conventions, by family (`model_type` in config.json):

- Marian multi-target models (opus-mt-en-ROMANCE, opus-mt-tc-big-en-zle, opus-mt-en-mul) list a
  `>>xxx<<` token per target in their vocabulary (ISO 639-1 or 639-3 codes, some with a script:
  `>>srp_Cyrl<<`); the token goes before the text.
- T5-style multilingual models (MADLAD-400) take a `<2xx>` token before the text.
- M2M100, NLLB-200 and mBART-50 have a token per language (`__ru__`, `rus_Cyrl`, `ru_RU`): the
  source language's begins the input and the target's is forced as the first output token.

A model with none of these is a one-pair translator. Files are read without transformers.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .languages import canonical_language, language_name

PREFIX = "prefix"
"""The target's token goes before the input text (Marian `>>spa<<`, T5 `<2ru>`)."""
TOKENS = "tokens"
"""The source's token begins the input; the target's is forced as the output's first token."""

_MARIAN = re.compile(r">>([a-z]{2,3})(_[A-Za-z]{2,4})?<<")
_T5 = re.compile(r"<2([a-z]{2,3})(_[A-Za-z]{2,4})?>")
# Language tokens of M2M100 (`__ru__`), NLLB (`rus_Cyrl`) and mBART-50 (`ru_RU`, `es_XX`).
_LANGUAGE_TOKENS = (re.compile(r"__([a-z]{2,3})__()"), re.compile(r"([a-z]{3})(_[A-Z][a-z]{3})"),
                    re.compile(r"([a-z]{2})(_[A-Z]{2})"))  # fmt: skip
_TOKEN_FAMILIES = ("m2m_100", "nllb", "nllb-moe", "mbart")
_T5_FAMILIES = ("t5", "mt5", "umt5")
_VOCABULARIES = ("vocab.json", "shared_vocabulary.json", "source_vocabulary.json", "target_vocabulary.json")
_SPM_FILES = ("spiece.model", "sentencepiece.model", "sentencepiece.bpe.model", "target.spm")


@dataclass(frozen=True)
class LanguageCodes:
    """A multilingual translator's languages: each language (as summarize names it) and its token."""

    style: str  # PREFIX or TOKENS
    tokens: Mapping[str, str]

    @property
    def languages(self) -> list[str]:
        return sorted(self.tokens)

    def describe(self, limit: int = 30) -> str:
        """'ru, uk' (or the first `limit` and how many more)."""
        shown = self.languages[:limit]
        more = len(self.tokens) - len(shown)
        return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def language_codes(path: Path | None) -> LanguageCodes | None:
    """The languages a translator's directory covers, or None for a one-pair translator (or no directory)."""
    if path is None or not path.is_dir():
        return None
    return _read(path.resolve())


@lru_cache(maxsize=32)
def _read(path: Path) -> LanguageCodes | None:
    family = str(_json(path / "config.json").get("model_type", ""))
    if family and family not in _TOKEN_FAMILIES and family not in _T5_FAMILIES and not _mentions(path, b">>"):
        return None  # a one-pair Marian model: no `>>xxx<<` anywhere, so no need to parse 60,000 tokens
    vocabulary = _vocabulary(path, sentencepiece=family in _T5_FAMILIES)
    if family in _TOKEN_FAMILIES:
        found = _first_matching(vocabulary | _m2m100_defaults(path), _LANGUAGE_TOKENS)
        return LanguageCodes(TOKENS, found) if found else None
    pattern = _T5 if family in _T5_FAMILIES else _MARIAN
    found = _codes(vocabulary, pattern)
    if found:
        return LanguageCodes(PREFIX, found)
    if family == "":  # a ready-made CTranslate2 model: no family, its vocabulary says
        tokens = _first_matching(vocabulary, _LANGUAGE_TOKENS)
        return LanguageCodes(TOKENS, tokens) if tokens else None
    return None


def _first_matching(vocabulary: set[str], patterns: Iterable[re.Pattern[str]]) -> dict[str, str]:
    for pattern in patterns:
        found = _codes(vocabulary, pattern)
        if len(found) >= 2:  # one match is a coincidence (a piece that looks like a code), not a convention
            return found
    return {}


def _codes(vocabulary: Iterable[str], pattern: re.Pattern[str]) -> dict[str, str]:
    """Language -> token, preferring a token without a script or region (`>>rus<<` over `>>rus_Cyrl<<`)."""
    ranked: dict[str, tuple[int, str]] = {}
    for token in vocabulary:
        match = pattern.fullmatch(token)
        if match is None:
            continue
        code = canonical_language(match.group(1))
        if language_name(code) is None:
            continue
        rank = (1 if match.group(2) else 0, token)
        if code not in ranked or rank < ranked[code]:
            ranked[code] = rank
    return {code: token for code, (_, token) in ranked.items()}


def _mentions(path: Path, needle: bytes) -> bool:
    """Whether any file `_vocabulary` reads holds `needle` at all (raw bytes: far faster than parsing)."""
    names = (*_VOCABULARIES, "shared_vocabulary.txt", "source_vocabulary.txt", "target_vocabulary.txt",
             "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")  # fmt: skip
    for name in names:
        with contextlib.suppress(OSError):
            if needle in (path / name).read_bytes():
                return True
    return False


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _vocabulary(path: Path, *, sentencepiece: bool) -> set[str]:
    """Every token string the directory's tokenizer and vocabulary files name."""
    tokens: set[str] = set()
    for name in _VOCABULARIES:
        data = _json(path / name)
        if isinstance(data, dict | list):
            tokens.update(item for item in data if isinstance(item, str))
    for name in ("shared_vocabulary.txt", "source_vocabulary.txt", "target_vocabulary.txt"):
        with contextlib.suppress(OSError, ValueError):
            tokens.update((path / name).read_text(encoding="utf-8").splitlines())
    tokenizer = _json(path / "tokenizer.json")
    if isinstance(tokenizer, dict):
        added = tokenizer.get("added_tokens") or []
        tokens.update(str(entry.get("content", "")) for entry in added if isinstance(entry, dict))
        vocab = (tokenizer.get("model") or {}).get("vocab")
        if isinstance(vocab, dict):
            tokens.update(vocab)
        elif isinstance(vocab, list):  # Unigram: [piece, score] pairs
            tokens.update(str(entry[0]) for entry in vocab if isinstance(entry, list) and entry)
    for name in ("tokenizer_config.json", "special_tokens_map.json"):
        tokens.update(_listed_tokens(_json(path / name)))
    if sentencepiece:
        tokens.update(_pieces(path))
    return tokens


def _listed_tokens(config: Any) -> set[str]:
    """The extra special tokens a tokenizer config lists (transformers 4 and 5 spellings)."""
    if not isinstance(config, dict):
        return set()
    listed: list[Any] = []
    for key in ("additional_special_tokens", "extra_special_tokens"):
        value = config.get(key)
        listed += value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else []
    decoder = config.get("added_tokens_decoder")
    if isinstance(decoder, dict):
        listed += list(decoder.values())
    return {item if isinstance(item, str) else str(item.get("content", "")) for item in listed
            if isinstance(item, str | dict)}  # fmt: skip


def _pieces(path: Path) -> set[str]:
    import sentencepiece

    for name in _SPM_FILES:
        if (path / name).is_file():
            processor = sentencepiece.SentencePieceProcessor(model_file=str(path / name))
            return {processor.id_to_piece(index) for index in range(processor.get_piece_size())}
    return set()


def _m2m100_defaults(path: Path) -> set[str]:
    """M2M100's tokenizer makes its language tokens in code, from the list its config names."""
    config = _json(path / "tokenizer_config.json")
    if not isinstance(config, dict) or config.get("tokenizer_class") != "M2M100Tokenizer":
        return set()
    try:
        from transformers.models.m2m_100.tokenization_m2m_100 import FAIRSEQ_LANGUAGE_CODES
    except ImportError:  # transformers absent (a torch-free install): the files must list them
        return set()
    codes = FAIRSEQ_LANGUAGE_CODES.get(str(config.get("language_codes", "m2m100")), [])
    return {f"__{code}__" for code in codes}
