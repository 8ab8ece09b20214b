"""Build tiny, randomly initialised seq2seq models that load like real Hub checkpoints.

The models talk nonsense, but they have real tokenizers, real configs and real
safetensors weights, so the library loads them through the same `from_pretrained`
path it uses for `sshleifer/distilbart-cnn-12-6` or `Helsinki-NLP/opus-mt-en-es`.
A small `max_positions` makes chunking a real necessity rather than a formality.

Run as a script to build models for trying the CLI by hand:

    python tests/tiny_models.py OUT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def training_text() -> list[str]:
    """Lines of real English, Spanish and Russian text from `samples/` to train tokenizers on."""
    lines: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


def _train_sentencepiece(prefix: Path, vocab_size: int, texts: list[str] | None = None) -> Path:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts or training_text()),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        # Marian reserves its own ids for </s>, <unk> and <pad>; keep SentencePiece's
        # control symbols out of the way so the vocab below lists each piece once.
        bos_id=-1,
        eos_id=1,
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


TINY_SHAPE = {
    "d_model": 32,
    "encoder_layers": 1,
    "decoder_layers": 1,
    "encoder_attention_heads": 2,
    "decoder_attention_heads": 2,
    "encoder_ffn_dim": 64,
    "decoder_ffn_dim": 64,
}


def build_marian(
    out: Path,
    *,
    max_positions: int = 128,
    vocab_size: int = 400,
    seed: int = 0,
    shape: dict[str, int] | None = None,
    model_vocab: int | None = None,
    tags: tuple[str, ...] = (),
    texts: list[str] | None = None,
) -> Path:
    """Save a MarianMT translator (SentencePiece tokenizer) to `out` and return it.

    Tiny by default; `shape` and `model_vocab` give it a real model's layer sizes and vocabulary
    size (the extra vocabulary entries are never produced by the tokenizer) for benchmarks.
    `tags` (`>>rus<<`, `>>ukr<<`) make it a multi-target model, as opus-mt-tc-big-en-zle is.
    `texts` trains its tokenizer (default: `samples/`).
    """
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    work = out / "_spm"
    work.mkdir(exist_ok=True)
    spm_model = _train_sentencepiece(work / "spm", vocab_size, texts)

    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_model))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    while model_vocab and len(vocab) < model_vocab - 1:
        vocab[f"▁unused{len(vocab)}"] = len(vocab)
    for tag in tags:
        vocab[tag] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    tokenizer = MarianTokenizer(
        source_spm=str(spm_model),
        target_spm=str(spm_model),
        vocab=str(work / "vocab.json"),
        model_max_length=max_positions,
    )
    config = MarianConfig(
        vocab_size=len(vocab),
        **(shape or TINY_SHAPE),
        max_position_embeddings=max_positions,
        pad_token_id=vocab["<pad>"],
        eos_token_id=vocab["</s>"],
        decoder_start_token_id=vocab["<pad>"],
        forced_eos_token_id=vocab["</s>"],
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    _discourage_eos(model, config.eos_token_id)
    return _saved(out, work, model, tokenizer)


def build_bart(
    out: Path,
    *,
    max_positions: int = 128,
    vocab_size: int = 600,
    seed: int = 0,
    shape: dict[str, int] | None = None,
    model_vocab: int | None = None,
    texts: list[str] | None = None,
) -> Path:
    """Save a BART summarizer (byte-level BPE tokenizer) to `out` and return it; sizes as in build_marian."""
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer

    out.mkdir(parents=True, exist_ok=True)
    work = out / "_bpe"
    work.mkdir(exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(
        texts or training_text(),
        vocab_size=vocab_size,
        special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
        show_progress=False,
    )
    bpe.save_model(str(work))
    if model_vocab:
        vocab = json.loads((work / "vocab.json").read_text(encoding="utf-8"))
        while len(vocab) < model_vocab:
            vocab[f"Ġunused{len(vocab)}"] = len(vocab)
        (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    # transformers 5 takes vocab=/merges=; the old *_file keywords are silently ignored.
    tokenizer = BartTokenizer(
        vocab=str(work / "vocab.json"), merges=str(work / "merges.txt"), model_max_length=max_positions
    )
    config = BartConfig(
        vocab_size=len(tokenizer),
        **(shape or TINY_SHAPE),
        max_position_embeddings=max_positions,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        forced_bos_token_id=tokenizer.bos_token_id,
        forced_eos_token_id=tokenizer.eos_token_id,
    )
    torch.manual_seed(seed)
    model = BartForConditionalGeneration(config)
    _discourage_eos(model, config.eos_token_id)
    return _saved(out, work, model, tokenizer)


def _saved(out: Path, work: Path, model: object, tokenizer: object) -> Path:
    """Save the model and tokenizer as a Hub checkpoint is laid out; the scratch directory goes."""
    model.save_pretrained(out)  # type: ignore[attr-defined]
    tokenizer.save_pretrained(out)  # type: ignore[attr-defined]
    for path in work.iterdir():
        path.unlink()
    work.rmdir()
    return out


def _discourage_eos(model: object, eos_id: int) -> None:
    """Random weights often emit EOS first and decode to ''; bias against it so outputs are never empty."""
    import torch

    bias = getattr(model, "final_logits_bias", None)
    if bias is not None:
        with torch.no_grad():
            bias[0, eos_id] = -1e4


def build_m2m100(out: Path, *, max_positions: int = 128, seed: int = 0) -> Path:
    """Save an M2M100 translator (its SentencePiece tokenizer with the 100 language tokens) to `out`."""
    import sentencepiece as spm
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    out.mkdir(parents=True, exist_ok=True)
    work = out / "_spm"
    work.mkdir(exist_ok=True)
    spm_model = _train_sentencepiece(work / "spm", 400)
    processor = spm.SentencePieceProcessor(model_file=str(spm_model))
    vocab: dict[str, int] = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for index in range(processor.get_piece_size()):
        vocab.setdefault(processor.id_to_piece(index), len(vocab))
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = M2M100Tokenizer(vocab_file=str(work / "vocab.json"), spm_file=str(spm_model),
                                model_max_length=max_positions)  # fmt: skip
    # As the real checkpoints: the vocabulary, the language tokens after it, then 8 "made-up words".
    languages = [tokenizer.convert_tokens_to_ids(token) for token in tokenizer.lang_code_to_token.values()]
    config = M2M100Config(
        vocab_size=max(languages) + 1 + tokenizer.num_madeup_words, d_model=32, encoder_layers=1,
        decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
        decoder_ffn_dim=64, max_position_embeddings=max_positions,
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
    )  # fmt: skip
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config)
    with torch.no_grad():  # never an early end: random weights often emit </s> first
        model.lm_head.weight[2] *= 0
    return _saved(out, work, model, tokenizer)


def build_t5(out: Path, *, targets: tuple[str, ...] = ("ru", "es"), seed: int = 0) -> Path:
    """Save a T5 translator told its target by a `<2xx>` token before the text, as MADLAD-400 is."""
    import torch
    from transformers import T5Config, T5ForConditionalGeneration, T5Tokenizer

    out.mkdir(parents=True, exist_ok=True)
    work = out / "_spm"
    work.mkdir(exist_ok=True)
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_text()), model_prefix=str(work / "spiece"), vocab_size=400,
        model_type="unigram", character_coverage=1.0, pad_id=0, eos_id=1, unk_id=2, bos_id=-1, minloglevel=2,
    )  # fmt: skip
    tags = [f"<2{code}>" for code in targets]
    tokenizer = T5Tokenizer(vocab_file=str(work / "spiece.model"), extra_ids=0, additional_special_tokens=tags,
                            model_max_length=128, legacy=False)  # fmt: skip
    config = T5Config(vocab_size=len(tokenizer), d_model=32, d_kv=16, d_ff=64, num_layers=1, num_decoder_layers=1,
                      num_heads=2, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0)  # fmt: skip
    torch.manual_seed(seed)
    model = T5ForConditionalGeneration(config)
    with torch.no_grad():  # never an early end: random weights often emit </s> first
        model.lm_head.weight[1] *= 0
    return _saved(out, work, model, tokenizer)


# ChatML, as Qwen2.5 writes it: what `apply_chat_template` and `transformers serve` render.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

CHAT_SHAPE = {
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
}


def build_chat(
    out: Path,
    *,
    context: int = 1024,
    vocab_size: int = 600,
    seed: int = 0,
    shape: dict[str, int] | None = None,
    model_vocab: int | None = None,
    latin_only: bool = False,
    answers: str | None = None,
) -> Path:
    """Save a Qwen2-shaped chat model (byte-level BPE, ChatML template) to `out` and return it.

    `context` is its window (max_position_embeddings); `latin_only` trains the tokenizer on the
    English and Spanish samples only, so its answers never hold Cyrillic (a model that cannot
    write Russian, for the language check). `answers` makes a model that can write nothing but
    that word, again and again (every other token suppressed in its generation config), as a verifier that always
    answers "No". `shape` and `model_vocab` as in build_marian.
    """
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    lines = training_text()
    if latin_only:
        lines = [line for line in lines if not any("\u0400" <= ch <= "\u04ff" for ch in line)]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator([*lines, "system user assistant"], trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        model_max_length=context,
        chat_template=CHAT_TEMPLATE,
    )
    if answers is not None:
        tokenizer.add_tokens([answers])  # one token, so that a model that writes only it writes the word
    eos = tokenizer.convert_tokens_to_ids("<|im_end|>")
    config = Qwen2Config(
        # Extra rows past the tokenizer's vocabulary give a real model's embedding size; the
        # tokenizer never produces them, and decoding skips them.
        vocab_size=max(model_vocab or 0, len(tokenizer)),
        **(shape or CHAT_SHAPE),
        max_position_embeddings=context,
        tie_word_embeddings=False,
        bos_token_id=None,
        eos_token_id=eos,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(seed)
    model = Qwen2ForCausalLM(config)
    with torch.no_grad():
        # Random weights often end at once; a zero row keeps EOS's logit at 0, below the best
        # of hundreds of random ones, so greedy answers run to their length limit.
        model.lm_head.weight[eos].zero_()
        model.lm_head.weight[tokenizer.pad_token_id].zero_()
        if latin_only:
            for token, index in tokenizer.get_vocab().items():
                if any(ch in token for ch in "ÐÑ"):
                    model.lm_head.weight[index].fill_(0.0)
    model.generation_config.eos_token_id = eos
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    if answers is not None:
        allowed = {index for token, index in tokenizer.get_vocab().items()
                   if tokenizer.convert_tokens_to_string([token]).strip() == answers}  # fmt: skip
        assert allowed, f"the tokenizer has no token for {answers!r}"
        model.generation_config.suppress_tokens = sorted(set(range(config.vocab_size)) - allowed)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def build_all(out: Path, *, max_positions: int = 128) -> dict[str, Path]:
    """Build one summarizer, en→es, en→ru, es→en and ru→en translators, and a chat model under `out`."""
    return {
        "summarizer": build_bart(out / "tiny-bart", max_positions=max_positions),
        "en-es": build_marian(out / "tiny-marian-en-es", max_positions=max_positions, seed=1),
        "en-ru": build_marian(out / "tiny-marian-en-ru", max_positions=max_positions, seed=2),
        "es-en": build_marian(out / "tiny-marian-es-en", max_positions=max_positions, seed=3),
        "ru-en": build_marian(out / "tiny-marian-ru-en", max_positions=max_positions, seed=4),
        "chat": build_chat(out / "tiny-chat"),
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/tiny_models.py OUT_DIR")
    for role, path in build_all(Path(sys.argv[1])).items():
        print(f"{role}\t{path}")
