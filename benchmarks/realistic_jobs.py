"""The jobs `realistic_runs.py` times, each in a fresh process: `python realistic_jobs.py JOB MODELS SCRATCH [N]`.

`wrapper-*` jobs call the library as a user would; `direct-*` jobs are the short scripts a user
would write by hand from the CTranslate2 and transformers documentation. Each prints one JSON
line: its peak RSS, and the phases it timed itself.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
STATEMENT = REPO / "samples" / "statement.txt"
SUMMARY_TOKENS = 70
TRANSLATED = 40  # a summary sentence is about 30-35 tokens; its translation about 1.2x that
LANGUAGES = ("es", "ru")
# The summary's decoding as distilbart-cnn-12-6's config (and summarize's defaults) set it; a direct
# script without them repeats one n-gram to the bound, so its summary is one "sentence" and it
# would translate a third of what summarize translates.
SUMMARY_DECODING = {"length_penalty": 2.0, "no_repeat_ngram_size": 3}
MARIAN = {"d_model": 512, "encoder_layers": 6, "decoder_layers": 6, "encoder_attention_heads": 8,
          "decoder_attention_heads": 8, "encoder_ffn_dim": 2048, "decoder_ffn_dim": 2048}  # fmt: skip
DISTILBART = {"d_model": 1024, "encoder_layers": 12, "decoder_layers": 6, "encoder_attention_heads": 16,
              "decoder_attention_heads": 16, "encoder_ffn_dim": 4096, "decoder_ffn_dim": 4096}  # fmt: skip


def _eval(name: str, field: str) -> list[str]:
    return [json.loads(line)[field] for line in (EVAL / name).read_text(encoding="utf-8").splitlines()]


def statements() -> list[str]:
    """Short statements: the first two sentences of each CNN/DailyMail article (about 50-70 words)."""
    out = []
    for article in _eval("summarization_en.jsonl", "article"):
        sentences = re.split(r"(?<=[.!?])\s+", article.replace("(CNN)", "").strip())
        out.append(" ".join(sentences[:2]))
    return out


def build_models(root: Path) -> dict:
    """The three models (built once into `root`), converted for CTranslate2 as `summarize models convert` does."""
    manifest = root / "manifest.json"
    if manifest.is_file():
        return json.loads(manifest.read_text())
    sys.path.insert(0, str(REPO / "tests"))
    from tiny_models import build_bart, build_marian

    from summarize.fingerprints import model_fingerprint
    from summarize.runtimes.ct2_conversion import converted, converted_dir

    english = _eval("summarization_en.jsonl", "article")
    models = {"summarizer": build_bart(root / "distilbart-shaped", max_positions=1024, vocab_size=16000,
                                       shape=DISTILBART, model_vocab=50264, texts=english)}  # fmt: skip
    for language, vocab in (("es", 65001), ("ru", 62518)):
        pairs = f"translation_en-{language}.jsonl"
        texts = _eval(pairs, "src") + _eval(pairs, "ref") + english[:100]
        models[language] = build_marian(root / f"opus-mt-en-{language}-shaped", max_positions=512, vocab_size=8000,
                                        shape=MARIAN, model_vocab=vocab, texts=texts, seed=3)  # fmt: skip
    for path in models.values():
        _realistic_outputs(path)
    cache = root / "scratch" / "cache"
    ct2 = {}
    for role, path in models.items():
        target = converted_dir(cache, model_fingerprint(str(path), path), "int8")
        ct2[role] = str(converted(path, target, "int8", str(path)))
    from transformers import AutoTokenizer

    words = sum(len(text.split()) for text in english[:50])
    tokens = sum(len(AutoTokenizer.from_pretrained(models["summarizer"])(text).input_ids) for text in english[:50])
    found = {"paths": {k: str(v) for k, v in models.items()}, "ct2": ct2, "tokens_per_word": tokens / words}
    manifest.write_text(json.dumps(found, indent=1))
    return found


# Added to the logit of "." so that random weights end a sentence now and then (calibrated by hand).
PERIOD_BIAS = {"bart": 2.6, "marian": 0.0}


def _realistic_outputs(path: Path) -> None:
    """Random weights with real-looking outputs: the padded vocabulary ('unused123', which only makes
    up the real models' sizes) is never written, and a '.' ends a sentence now and then, so the
    summary splits into sentences as a real one does."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    model = AutoModelForSeq2SeqLM.from_pretrained(path)
    vocabulary = AutoTokenizer.from_pretrained(path).get_vocab()
    with torch.no_grad():
        bias = model.final_logits_bias
        for token, index in vocabulary.items():
            if "unused" in token and index < bias.shape[1]:
                bias[0, index] = -1e4
        bias[0, vocabulary["."]] += PERIOD_BIAS[model.config.model_type]
    model.save_pretrained(path)


def peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def _summarizer(built: dict, scratch: Path, engine: str, **changes: object) -> object:
    from summarize import GenerationOptions, Summarizer

    summary = GenerationOptions(min_new_tokens=SUMMARY_TOKENS, max_new_tokens=SUMMARY_TOKENS)
    translation = GenerationOptions(num_beams=4, no_repeat_ngram_size=0, length_penalty=1.0, max_new_tokens=TRANSLATED,
                                    min_new_tokens=0)  # fmt: skip
    paths = built["paths"]
    # Random weights translate nothing, so the coverage guard would translate every sentence three
    # times; real translations pass it (see docs/performance.md), so it is off here.
    settings: dict = {"cache": False, "cache_dir": str(scratch / "cache"), "coverage_check": False, **changes}
    return Summarizer(summarizer=paths["summarizer"], translators={code: paths[code] for code in LANGUAGES},
                      engine=engine, languages="en,es,ru", summary_generation=summary,
                      translation_generation=translation, **settings)  # fmt: skip


def wrapper(built: dict, scratch: Path, engine: str, **changes: object) -> dict:
    started = time.perf_counter()
    import summarize  # noqa: F401

    imported = time.perf_counter()
    result = _summarizer(built, scratch, engine, **changes).summarize(STATEMENT.read_text())  # type: ignore[attr-defined]
    phases = {"import": imported - started, **{k: v for k, v in result.timings.items() if k != "total"}}
    return {"phases": phases, "peak_mb": peak_mb()}


def wrapper_warm(built: dict, scratch: Path) -> dict:
    summarizer = _summarizer(built, scratch, "ctranslate2")
    text = STATEMENT.read_text()
    summarizer.summarize(text.replace("Cuba", "Venezuela"))  # type: ignore[attr-defined]
    started = time.perf_counter()
    summarizer.summarize(text)  # type: ignore[attr-defined]
    return {"warm": time.perf_counter() - started, "peak_mb": peak_mb()}


def wrapper_warm_hit(built: dict, scratch: Path) -> dict:
    """The same statement again in a process that has summarized it (the cache answers)."""
    summarizer = _summarizer(built, scratch, "ctranslate2", cache=True, cache_dir=str(scratch / "hits"))
    text = STATEMENT.read_text()
    summarizer.summarize(text)  # type: ignore[attr-defined]
    started = time.perf_counter()
    summarizer.summarize(text)  # type: ignore[attr-defined]
    return {"warm": time.perf_counter() - started, "peak_mb": peak_mb()}


def wrapper_batch(built: dict, scratch: Path, count: int) -> dict:
    from summarize import Document

    documents = [Document(text, f"s{i}") for i, text in enumerate(statements()[:count])]
    _summarizer(built, scratch, "ctranslate2").summarize_documents(documents)  # type: ignore[attr-defined]
    return {"peak_mb": peak_mb()}


def _sentences(text: str) -> list[str]:
    """Sentences as sentencex splits them (the splitter summarize uses), so both sides translate as many."""
    from sentencex import segment

    return [part.strip() for part in segment("en", text) if part.strip()]


def direct_ct2(built: dict, texts: list[str]) -> dict:
    """A careful hand-written script: `tokenizers` and SentencePiece for pieces (no transformers, so no
    PyTorch), one translate_batch per model, sentences split by sentencex."""
    import ctranslate2
    import sentencepiece
    from tokenizers import Tokenizer

    paths, ct2 = built["paths"], built["ct2"]
    tokenizer = Tokenizer.from_file(str(Path(paths["summarizer"]) / "tokenizer.json"))
    summarizer = ctranslate2.Translator(ct2["summarizer"], device="cpu", compute_type="int8")
    sources = [encoding.tokens for encoding in tokenizer.encode_batch(texts)]
    results = summarizer.translate_batch(sources, beam_size=4, max_decoding_length=SUMMARY_TOKENS,
                                         min_decoding_length=SUMMARY_TOKENS, max_batch_size=8,
                                         **SUMMARY_DECODING)  # fmt: skip
    summaries = [tokenizer.decode([tokenizer.token_to_id(t) or 0 for t in r.hypotheses[0]]) for r in results]
    for language in LANGUAGES:
        pieces = sentencepiece.SentencePieceProcessor(model_file=str(Path(paths[language]) / "source.spm"))
        translator = ctranslate2.Translator(ct2[language], device="cpu", compute_type="int8")
        sentences = [sentence for summary in summaries for sentence in _sentences(summary)]
        batch = [[*pieces.encode(sentence, out_type=str), "</s>"] for sentence in sentences]
        out = translator.translate_batch(batch, beam_size=4, max_decoding_length=TRANSLATED, max_batch_size=8)
        _ = [pieces.decode(r.hypotheses[0]) for r in out]
    return {"peak_mb": peak_mb()}


def direct_transformers(built: dict) -> dict:
    """transformers' own way: AutoModelForSeq2SeqLM and `generate`, sentence batches per language."""
    import torch
    import transformers

    paths = built["paths"]
    tokenizer = transformers.AutoTokenizer.from_pretrained(paths["summarizer"])
    model = transformers.AutoModelForSeq2SeqLM.from_pretrained(paths["summarizer"]).eval()
    with torch.inference_mode():
        ids = model.generate(**tokenizer([STATEMENT.read_text()], return_tensors="pt"), num_beams=4,
                             max_new_tokens=SUMMARY_TOKENS, min_new_tokens=SUMMARY_TOKENS,
                             **SUMMARY_DECODING)  # fmt: skip
        summary = tokenizer.decode(ids[0], skip_special_tokens=True)
        for language in LANGUAGES:
            marian = transformers.AutoTokenizer.from_pretrained(paths[language])
            translator = transformers.AutoModelForSeq2SeqLM.from_pretrained(paths[language]).eval()
            batch = marian(_sentences(summary), return_tensors="pt", padding=True)
            translator.generate(**batch, num_beams=4, max_new_tokens=TRANSLATED)
    return {"peak_mb": peak_mb()}


def serve(built: dict, scratch: Path, port: int, batched: bool) -> None:
    """`summarize serve` as the library builds it (create_app over a Summarizer), with the lengths forced
    as above: the CLI has no flag for that. Batched as the server's defaults, or one text at a time."""
    import uvicorn

    from summarize.server import ServerLimits, create_app

    limits = ServerLimits() if batched else ServerLimits(batch_wait_ms=0, max_batch=1)
    app = create_app(_summarizer(built, scratch, "ctranslate2"), limits)  # type: ignore[arg-type]
    uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")).run()


def main() -> None:
    job, models, scratch = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    built = build_models(models)
    if job == "serve":  # realistic_jobs.py serve MODELS SCRATCH --port N batched|one
        serve(built, scratch, int(sys.argv[5]), sys.argv[6] == "batched")
        return
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    runs = {
        "wrapper-ct2": lambda: wrapper(built, scratch, "ctranslate2"),
        "wrapper-ct2-serial": lambda: wrapper(built, scratch, "ctranslate2", threads=1),
        "wrapper-ct2-hit": lambda: wrapper(built, scratch, "ctranslate2", cache=True, cache_dir=str(scratch / "hits")),
        "wrapper-ct2-warm": lambda: wrapper_warm(built, scratch),
        "wrapper-ct2-warm-hit": lambda: wrapper_warm_hit(built, scratch),
        "wrapper-transformers": lambda: wrapper(built, scratch, "transformers"),
        "wrapper-ct2-batch": lambda: wrapper_batch(built, scratch, count),
        "direct-ct2": lambda: direct_ct2(built, [STATEMENT.read_text()]),
        "direct-ct2-batch": lambda: direct_ct2(built, statements()[:count]),
        "direct-transformers": lambda: direct_transformers(built),
    }
    print(json.dumps(runs[job]()))


if __name__ == "__main__":
    main()
