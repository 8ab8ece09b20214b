"""The tokenizers the CTranslate2 engine runs without PyTorch behave exactly as transformers' own."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize.runtimes.checkpoint import TextTokenizer, transformers_tokenizer
from summarize.runtimes.portable_tokenizer import (
    MarianPieces,
    TokenizersFile,
    export_tokenizer,
    exported,
    exported_meta,
    load_exported,
)
from summarize.segment import split_sentences

EDGE_CASES = [
    "",
    " ",
    "  leading and trailing  ",
    "tabs\tand\nnew lines",
    "a</s>b and </s> alone",
    "x <unk> y <pad><pad>",
    ">>es<< Hola, ¿qué tal?",
    "emoji 😀 and CJK 中文 and e\u0301",
    "&amp; <b>bold</b> \"quotes\" 'single' — dash … ellipsis",
    "Numbers: 1,234.56 and 3½ and ½",
]


def sample_sentences() -> list[str]:
    sentences = []
    for path, language in (("statement.txt", "en"), ("ring-doorbell.es.txt", "es"), ("iraq-study-group.ru.txt", "ru")):
        sentences += split_sentences((SAMPLES / path).read_text(encoding="utf-8"), language)[:12]
    return sentences


@pytest.fixture(scope="module", params=["summarizer", "en-es", "en-ru"])
def pair(request: pytest.FixtureRequest, tiny: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    """(transformers' tokenizer, the portable one exported from it) for one tiny model."""
    target = tmp_path_factory.mktemp("export")
    directory = export_tokenizer(tiny[request.param], target)
    portable = load_exported(directory)
    assert portable is not None
    return transformers_tokenizer("m", tiny[request.param]), portable


def test_each_model_kind_gets_its_portable_tokenizer(tiny: dict[str, Path], tmp_path: Path) -> None:
    kinds = {}
    for name in ("summarizer", "en-es"):
        (tmp_path / name).mkdir()
        kinds[name] = type(load_exported(export_tokenizer(tiny[name], tmp_path / name)))
    assert kinds == {"summarizer": TokenizersFile, "en-es": MarianPieces}
    meta = exported_meta(exported(tmp_path / "en-es"))  # type: ignore[arg-type]
    assert meta["model_type"] == "marian" and meta["max_position_embeddings"] == 128


def test_limits_match(pair: tuple[TextTokenizer, TextTokenizer]) -> None:
    reference, portable = pair
    assert portable.model_max_length == reference.model_max_length
    assert portable.special_tokens == reference.special_tokens


@pytest.mark.parametrize("special", [True, False])
def test_ids_and_tokens_match_on_samples_and_edge_cases(pair, special: bool) -> None:
    reference, portable = pair
    for text in [*sample_sentences(), *EDGE_CASES]:
        assert portable.ids(text, special=special) == reference.ids(text, special=special), text
        assert portable.tokenize(text) == reference.tokenize(text), text
        assert portable.input_tokens(text) == reference.input_tokens(text), text
        assert portable.offsets(text) == reference.offsets(text), text


def test_join_matches(pair) -> None:
    reference, portable = pair
    for text in sample_sentences():
        tokens = reference.tokenize(text)
        for start in range(0, len(tokens), 7):
            assert portable.join(tokens[start : start + 7]) == reference.join(tokens[start : start + 7])


def test_decoding_any_tokens_matches(pair) -> None:
    """Random output token sequences, special tokens among them, decode to the same text."""
    reference, portable = pair
    vocabulary = reference.hf.convert_ids_to_tokens(list(range(len(reference.hf))))
    specials = list(reference.hf.all_special_tokens)
    rng = random.Random(7)
    for _ in range(300):
        length = rng.randint(0, 30)
        tokens = [rng.choice(specials) if rng.random() < 0.1 else rng.choice(vocabulary) for _ in range(length)]
        assert portable.decode_tokens(tokens) == reference.decode_tokens(tokens), tokens
    spaced = ["Hello , world . Isn 't it ? Yes ! They 're here , we 've seen it 's true ."]
    for text in [*sample_sentences(), *EDGE_CASES, *spaced]:  # a model echoing its input
        tokens = reference.input_tokens(text)
        assert portable.decode_tokens(tokens) == reference.decode_tokens(tokens)


PIECES = st.sampled_from(["</s>", "<unk>", "<pad>", ">>ru<<", " ", "  ", "\n", ".", ",", "—", "«", "»", "'", "1"])
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ áéñüабвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВ", max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.one_of(PIECES, WORDS), max_size=12))
def test_ids_match_on_generated_text(pair, parts: list[str]) -> None:
    reference, portable = pair
    text = "".join(parts)
    assert portable.ids(text, special=True) == reference.ids(text, special=True)
    assert portable.offsets(text) == reference.offsets(text)


def test_marian_with_separate_vocabularies_decodes_with_the_target_side(tiny: dict[str, Path], tmp_path: Path) -> None:
    """Some Marian models keep a target vocabulary of their own: output tokens are looked up there."""
    import json
    import shutil

    model = tmp_path / "separate"
    shutil.copytree(tiny["en-es"], model)
    vocab = json.loads((model / "vocab.json").read_text(encoding="utf-8"))
    config = json.loads((model / "tokenizer_config.json").read_text(encoding="utf-8"))
    specials = {"</s>", "<unk>", "<pad>"}
    ordinary = [token for token in vocab if token not in specials]
    # The same specials, the other tokens numbered backwards: ids differ between the two sides.
    target = {token: vocab[token] for token in specials} | dict(
        zip(ordinary, sorted((vocab[t] for t in ordinary), reverse=True), strict=True)
    )
    (model / "target_vocab.json").write_text(json.dumps(target, ensure_ascii=False), encoding="utf-8")
    (model / "tokenizer_config.json").write_text(json.dumps({**config, "separate_vocabs": True}), encoding="utf-8")
    (tmp_path / "export").mkdir()
    portable = load_exported(export_tokenizer(model, tmp_path / "export"))
    reference = transformers_tokenizer("m", model).hf
    assert reference.separate_vocabs and isinstance(portable, MarianPieces)
    for text in sample_sentences():
        assert portable.ids(text, special=True) == reference(text)["input_ids"]
        tokens = reference.tokenize(text)[:20]
        target_ids = [reference.target_encoder[token] for token in tokens if token in reference.target_encoder]
        assert portable.decode_tokens(tokens) == reference.decode(target_ids, skip_special_tokens=True)
