"""Instruction models against the seq2seq pair, and requests in flight against a local server.

    python benchmarks/instruct_runs.py            # builds ~2.5 GB of random-weight models in a temp dir
    python benchmarks/instruct_runs.py --quick    # shorter outputs, for a smoke run
    python benchmarks/instruct_runs.py --no-server  # the models only

No real weights can be downloaded here, so the chat model has Qwen2.5-0.5B-Instruct's shape
(24 layers, width 896, 14 heads, 2 KV heads, 151,936-token vocabulary) with random weights, and
the seq2seq pair has distilbart-cnn-12-6's and opus-mt-en-*'s shapes. Output lengths are forced
(min = max new tokens), so both do a fixed amount of decoding; quality cannot be measured without
real weights. Each run is a fresh process summarizing samples/statement.txt into en, es and ru
with the cache off; its wall time and peak RSS (VmHWM) are reported.

The server part starts `transformers serve` (tests/llm_server.py) on a tiny chat model and sends
eight statements with 1, 2 and 4 requests in flight (--llm-concurrency).
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

QWEN25_05B = {"hidden_size": 896, "intermediate_size": 4864, "num_hidden_layers": 24, "num_attention_heads": 14,
              "num_key_value_heads": 2}  # fmt: skip
MARIAN = {"d_model": 512, "encoder_layers": 6, "decoder_layers": 6, "encoder_attention_heads": 8,
          "decoder_attention_heads": 8, "encoder_ffn_dim": 2048, "decoder_ffn_dim": 2048}  # fmt: skip
DISTILBART = {"d_model": 1024, "encoder_layers": 12, "decoder_layers": 6, "encoder_attention_heads": 16,
              "decoder_attention_heads": 16, "encoder_ffn_dim": 4096, "decoder_ffn_dim": 4096}  # fmt: skip

CHILD = """
import json, sys, time
from pathlib import Path
from summarize import Summarizer
from summarize.generation import GenerationOptions
settings = json.loads(sys.argv[1])
tokens = settings.pop("tokens")
settings["summary_generation"] = GenerationOptions(num_beams=settings.pop("beams"), no_repeat_ngram_size=0,
    length_penalty=1.0, min_new_tokens=tokens, max_new_tokens=tokens)
text = Path("samples/statement.txt").read_text()
started = time.perf_counter()
result = Summarizer(**settings).summarize(text)
seconds = time.perf_counter() - started
peak = int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "errors": result.errors, "strategy": result.strategy}))
"""


def run_child(settings: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps(settings)], capture_output=True, text=True, cwd=REPO)
    if proc.returncode:
        sys.exit(f"run failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def server_runs(model: Path, scratch: Path, tokens: int) -> list[tuple[int, float]]:
    """Seconds for eight statements through a local `transformers serve`, by requests in flight."""
    from server_process import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "tests" / "llm_server.py"), str(model), str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        code = (
            "import json, sys, time\nfrom summarize import Summarizer\nfrom summarize.document import Document\n"
            "from summarize.generation import GenerationOptions\n"
            "s = json.loads(sys.argv[1]); n = s.pop('tokens')\n"
            "s['summary_generation'] = GenerationOptions(num_beams=1, no_repeat_ngram_size=0, length_penalty=1.0,"
            " min_new_tokens=n, max_new_tokens=n)\n"
            "text = open('samples/statement.txt').read()\n"
            "docs = [Document(text.replace('Cuba', f'Cuba {i}'), str(i)) for i in range(8)]\n"
            "t = time.perf_counter(); Summarizer(**s).summarize_documents(docs); print(time.perf_counter() - t)\n"
        )
        rows = []
        for concurrency in (1, 2, 4):
            settings = {"summarizer": f"openai:{model}", "llm_url": f"http://127.0.0.1:{port}/v1",
                        "llm_concurrency": concurrency, "languages": ["en", "es", "ru"], "cache": False,
                        "language_check": False, "tokens": tokens}  # fmt: skip
            proc = subprocess.run([sys.executable, "-c", code, json.dumps(settings)], capture_output=True, text=True,
                                  cwd=REPO)  # fmt: skip
            if proc.returncode:
                sys.exit(f"server run failed:\n{proc.stderr[-2000:]}")
            rows.append((concurrency, float(proc.stdout.strip().splitlines()[-1])))
        return rows
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-server", action="store_true", help="leave out the transformers serve part")
    args = parser.parse_args()
    from tiny_models import build_bart, build_chat, build_marian

    tokens = 16 if args.quick else 64
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        print("building random-weight models with real shapes...", file=sys.stderr)
        chat = build_chat(scratch / "qwen2.5-0.5b-shaped", context=32768, vocab_size=8000, shape=QWEN25_05B,
                          model_vocab=151936)  # fmt: skip
        bart = build_bart(scratch / "distilbart-shaped", max_positions=1024, vocab_size=8000, shape=DISTILBART,
                          model_vocab=50264)  # fmt: skip
        marian = {code: build_marian(scratch / f"opus-mt-en-{code}-shaped", max_positions=512, shape=MARIAN,
                                     model_vocab=65001, seed=i) for i, code in enumerate(("es", "ru"))}  # fmt: skip
        common = {"cache": False, "languages": ["en", "es", "ru"], "tokens": tokens}
        instruct = run_child({**common, "summarizer": str(chat), "beams": 1, "language_check": False})
        on_ct2 = {**common, "summarizer": str(chat), "beams": 1, "language_check": False, "runtime": "ctranslate2",
                  "cache_dir": str(scratch / "cache")}  # fmt: skip
        run_child(on_ct2)  # converts once (as `summarize models convert` does); the next run loads the conversion
        instruct_ct2 = run_child(on_ct2)
        pair = run_child({**common, "summarizer": str(bart), "beams": 4,
                          "translators": {code: str(path) for code, path in marian.items()}})  # fmt: skip
        print(f"\nsamples/statement.txt into en, es, ru; {tokens} new tokens per summary (forced), cache off")
        print("| setup | strategy | seconds | peak RSS |")
        print("|---|---|---:|---:|")
        print(f"| Qwen2.5-0.5B-shaped chat model, greedy, 3 prompts | {instruct['strategy']} | "
              f"{instruct['seconds']:.1f} | {instruct['peak_mb']:.0f} MB |")  # fmt: skip
        print(f"| the same on CTranslate2 (int8, converted beforehand) | {instruct_ct2['strategy']} | "
              f"{instruct_ct2['seconds']:.1f} | {instruct_ct2['peak_mb']:.0f} MB |")  # fmt: skip
        print(f"| distilbart-shaped (4 beams) + 2 opus-mt-shaped translators | {pair['strategy']} | "
              f"{pair['seconds']:.1f} | {pair['peak_mb']:.0f} MB |")  # fmt: skip
        print(f"  chat model: {3 * tokens / instruct['seconds']:.1f} summary tokens/s over the three languages; "
              f"CTranslate2 {instruct['seconds'] / instruct_ct2['seconds']:.1f}x faster at "
              f"{instruct_ct2['peak_mb'] / instruct['peak_mb']:.2f}x the peak RSS")  # fmt: skip
        if args.no_server:
            return

        tiny = build_chat(scratch / "tiny-chat")
        rows = server_runs(tiny, scratch, tokens)
        print("\n8 statements x 3 languages through transformers serve (tiny chat model), cache off")
        print("| requests in flight | seconds | speed-up |")
        print("|---:|---:|---:|")
        for concurrency, seconds in rows:
            print(f"| {concurrency} | {seconds:.1f} | {rows[0][1] / seconds:.2f}x |")


if __name__ == "__main__":
    main()
