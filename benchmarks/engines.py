"""transformers against CTranslate2 on models with the default models' real sizes (random weights).

    python benchmarks/engines.py            # builds the models (about 1.5 GB in a temp dir), then measures
    python benchmarks/engines.py --quick    # fewer sentences, for a smoke run

No real weights can be downloaded here, so the models have the architectures and sizes of
sshleifer/distilbart-cnn-12-6 and Helsinki-NLP/opus-mt-en-es (layers, widths, heads, vocabulary
sizes) with random weights. Output lengths are forced (min = max new tokens) so both engines do
the same work. Each engine runs in its own process, whose peak RSS is reported. Also measured:
`summarize samples/statement.txt` end to end: cold (a fresh process loading the models from disk,
the CTranslate2 conversion done beforehand as `summarize models convert` does), warm (a second
document in the same process) and from the cache. The random models never stop early, so every
summary and translation runs to its length bound: far more decoding than real models do.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

MARIAN = {"d_model": 512, "encoder_layers": 6, "decoder_layers": 6, "encoder_attention_heads": 8,
          "decoder_attention_heads": 8, "encoder_ffn_dim": 2048, "decoder_ffn_dim": 2048}  # fmt: skip
DISTILBART = {"d_model": 1024, "encoder_layers": 12, "decoder_layers": 6, "encoder_attention_heads": 16,
              "decoder_attention_heads": 16, "encoder_ffn_dim": 4096, "decoder_ffn_dim": 4096}  # fmt: skip


def child(engine_name: str, model: str, task: str, count: int, new_tokens: int, cache: str) -> None:
    """In a fresh process: load one engine, warm it up, time `generate`, print JSON."""
    from summarize.chunking import chunk_sentences
    from summarize.fingerprints import model_fingerprint
    from summarize.segment import split_sentences
    from summarize.settings import GenerationOptions

    path = Path(model)
    if engine_name == "ctranslate2":
        from summarize.runtimes.ct2 import CTranslate2Model

        engine = CTranslate2Model(model, path, fingerprint=model_fingerprint(model, path), cache_root=Path(cache))
    else:
        from summarize.runtimes.hf_transformers import TransformersModel

        engine = TransformersModel(model, path)
    text = " ".join(p.read_text() for p in sorted((REPO / "samples").glob("*.en.txt")))
    if task == "translate":
        inputs = [s for s in split_sentences(text, "en") if 6 <= len(s.split()) <= 40][:count]
    else:
        inputs = chunk_sentences(split_sentences(text, "en"), engine.count_tokens, 400, engine.split_by_tokens)[:count]
    options = GenerationOptions(num_beams=4, no_repeat_ngram_size=0, length_penalty=1.0,
                                min_new_tokens=new_tokens, max_new_tokens=new_tokens)  # fmt: skip
    engine.load()
    engine.generate(inputs[:2], options)  # warm-up
    started = time.perf_counter()
    engine.generate(inputs, options)
    seconds = time.perf_counter() - started
    # VmHWM, not ru_maxrss: the latter survives exec, so a child would report its parent's peak.
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
    threads = getattr(engine, "threads", None) or __import__("torch").get_num_threads()
    print(json.dumps({"seconds": seconds, "tokens": len(inputs) * new_tokens, "peak_mb": peak, "threads": threads,
                      "inputs": len(inputs), "torch_imported": "torch" in sys.modules}))  # fmt: skip


def measure(engine: str, model: Path, task: str, count: int, new_tokens: int, cache: Path) -> dict:
    command = [sys.executable, __file__, "--child", engine, str(model), task, str(count), str(new_tokens), str(cache)]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode:
        sys.exit(f"{engine} {task} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def timed_cli(*args: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "summarize", *args], capture_output=True, cwd=REPO, check=False)
    if proc.returncode:
        sys.exit(f"summarize {' '.join(args)} failed:\n{proc.stderr.decode()[-2000:]}")
    return time.perf_counter() - started


def warm_process(engine: str, flags: dict, cache: Path) -> float:
    """Seconds for a second document in a process that has already summarized one (cache off)."""
    code = (
        "import sys, time, json\nfrom summarize import Summarizer\n"
        f"s = Summarizer(**json.loads(sys.argv[1]), engine={engine!r}, cache=False, cache_dir={str(cache)!r})\n"
        "text = open('samples/statement.txt').read()\n"
        "s.summarize(text.replace('Cuba', 'Venezuela'))\nt = time.perf_counter()\ns.summarize(text)\n"
        "print(time.perf_counter() - t)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(flags)], capture_output=True, text=True, cwd=REPO)
    if proc.returncode:
        sys.exit(f"warm run failed:\n{proc.stderr[-2000:]}")
    return float(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, model, task, count, new_tokens, cache = args.child
        child(engine, model, task, int(count), int(new_tokens), cache)
        return

    from tiny_models import build_bart, build_marian

    from summarize.fingerprints import model_fingerprint
    from summarize.runtimes.ct2_conversion import converted_dir, prepare

    sentences, chunks = (8, 2) if args.quick else (48, 6)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        cache = root / "cache"
        print("building models with the default models' sizes (random weights)...", file=sys.stderr)
        marian = build_marian(root / "opus-mt-en-es-shaped", max_positions=512, shape=MARIAN, model_vocab=65001)
        # A larger BPE vocabulary keeps the statement within one 1,024-token chunk, as with the real model.
        bart = build_bart(
            root / "distilbart-cnn-12-6-shaped",
            max_positions=1024,
            vocab_size=8000,
            shape=DISTILBART,
            model_vocab=50264,
        )
        for model in (marian, bart):
            prepare(model, converted_dir(cache, model_fingerprint(str(model), model), "int8"), "int8", str(model))

        rows = []
        for task, model, count, new_tokens in (("translate", marian, sentences, 48), ("summarize", bart, chunks, 60)):
            for engine in ("transformers", "ctranslate2"):
                result = measure(engine, model, task, count, new_tokens, cache)
                rows.append((task, engine, result))
                print(f"{task} {engine}: {result}", file=sys.stderr)

        flags = {"summarizer": str(bart), "translators": {"es": str(marian), "ru": str(marian)}}
        cli_flags = ["--summarizer", str(bart), "--translator", f"es={marian}", "--translator", f"ru={marian}", "-q"]
        latency = {}
        for engine in ("transformers", "ctranslate2"):
            run_cache = root / f"run-cache-{engine}"
            if engine == "ctranslate2":  # convert ahead, as `summarize models convert` does: cold = load from disk
                shutil.copytree(cache / "ctranslate2", run_cache / "ctranslate2")
            base = ["samples/statement.txt", *cli_flags, "--engine", engine, "--cache-dir", str(run_cache)]
            cold = timed_cli(*base)
            hit = timed_cli(*base)
            warm = warm_process(engine, flags, run_cache)
            latency[engine] = (cold, warm, hit)
            print(f"latency {engine}: {latency[engine]}", file=sys.stderr)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"threads: {rows[0][2]['threads']} (torch) / {rows[1][2]['threads']} (CTranslate2)")  # fmt: skip
    print("| task | engine | inputs | target tokens/s | peak RSS (MB) |")
    print("| --- | --- | ---: | ---: | ---: |")
    for task, engine, r in rows:
        print(f"| {task} | {engine} | {r['inputs']} | {r['tokens'] / r['seconds']:.0f} | {r['peak_mb']:.0f} |")
    for task in ("translate", "summarize"):
        (_, _, a), (_, _, b) = [row for row in rows if row[0] == task]
        speed = (b["tokens"] / b["seconds"]) / (a["tokens"] / a["seconds"])
        share = b["peak_mb"] / a["peak_mb"]
        verdict = "met" if speed >= 3 and share < 0.5 else "NOT met"
        torch = "yes" if b["torch_imported"] else "no"
        print(f"{task}: CTranslate2 int8 is {speed:.1f}x faster, with {share:.0%} of the peak memory "
              f"(target: at least 3x, under 50%: {verdict}; PyTorch imported by it: {torch})")  # fmt: skip
    print("| summarize samples/statement.txt | cold | warm process | cache hit |")
    print("| --- | ---: | ---: | ---: |")
    for engine, (cold, warm, hit) in latency.items():
        print(f"| {engine} | {cold:.1f} s | {warm:.1f} s | {hit:.2f} s |")


if __name__ == "__main__":
    main()
