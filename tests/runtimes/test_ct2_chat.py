"""Chat models on CTranslate2: the tiny Qwen2-shaped chat model converted at test time."""

import io
import subprocess
import sys
from pathlib import Path

from conftest import BLOCK_TORCH, REPO, SAMPLES

from summarize import Summarizer
from summarize.runtimes.ct2_chat import CTranslate2ChatModel

STATEMENT = (SAMPLES / "statement.txt").read_text()


def test_a_chat_model_runs_on_ctranslate2_without_torch_as_transformers_prompts_it(
    tiny_chat: Path, isolated_user: Path
) -> None:
    from summarize.cli import main

    flags = ["--strategy", "instruct", "--summarizer", str(tiny_chat), "--engine", "ctranslate2"]
    # Converted in this process (it has transformers loaded already), into the user cache the CLI run reads.
    assert main(["models", "convert", *flags], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    # Converted once: a run then imports neither PyTorch nor transformers.
    run = [*flags, "--no-cache", "--lang", "en,es", "--length", "short", "--no-language-check"]
    command = [sys.executable, "-c", BLOCK_TORCH, str(SAMPLES / "statement.txt"), *run]
    proc = subprocess.run(command, capture_output=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr.decode()

    summarizer = Summarizer(strategy="instruct", summarizer=str(tiny_chat), runtime="ctranslate2", length="short",
                            language_check=False)  # fmt: skip
    result = summarizer.summarize(STATEMENT)
    assert list(result.summaries) == ["en", "es", "ru"]
    assert all(summary.engine == "ctranslate2" for summary in result.summaries.values())
    runner = summarizer.models.runners()[str(tiny_chat)]
    assert isinstance(runner, CTranslate2ChatModel)
    # Its prompt is the one transformers renders from the same template, token for token.
    from transformers import AutoTokenizer

    hf = AutoTokenizer.from_pretrained(tiny_chat)
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": STATEMENT}]
    expected = hf.apply_chat_template(messages, add_generation_prompt=True, tokenize=True, enable_thinking=False)
    expected = expected["input_ids"] if hasattr(expected, "keys") else expected
    assert [runner.tokenizer.backend.token_to_id(t) for t in runner._encode("Be brief.", STATEMENT)] == list(expected)
    assert runner.max_input_tokens < runner.context_window == 1024
