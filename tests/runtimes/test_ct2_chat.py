"""Chat models on CTranslate2: the tiny Qwen2-shaped chat model converted at test time."""

import io
import subprocess
import sys
from pathlib import Path

from conftest import BLOCK_TORCH, REPO, SAMPLES

from summarize import Summarizer
from summarize.generation import GenerationOptions
from summarize.runtimes.ct2_chat import MIN_SHARED, CTranslate2ChatModel, shared_start

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

    # One text's prompts in several languages go in one call whose common start is read once
    # (CTranslate2's static prompt): each answer is the one its prompt gets alone.
    options = GenerationOptions(num_beams=1, min_new_tokens=12, max_new_tokens=12, no_repeat_ngram_size=0)
    tails = ["Summarize in English.", "Now summarize it in Spanish, please, in twenty words or so.", "Russian"]
    users = [f"Statement:\n{STATEMENT[:150]}\n\n{tail}" for tail in tails]
    assert shared_start([runner._encode("Be brief.", user) for user in users]) > MIN_SHARED
    alone = [runner.generate([user], options, system="Be brief.")[0] for user in users]
    assert runner.generate(users, options, system="Be brief.") == alone
    assert len(set(alone)) > 1  # the tails matter, so a wrong split would show


def test_a_shared_start_leaves_every_prompt_a_token_and_is_left_out_when_short() -> None:
    long = [str(i) for i in range(40)]
    assert shared_start([long, long]) == 39  # the last token starts the decoding
    assert shared_start([long, [*long[:30], "x"]]) == 30
    assert shared_start([long]) == 0  # one prompt: nothing to share
    assert shared_start([long, [*long[: MIN_SHARED - 1], "x"]]) == 0  # too short to read apart
