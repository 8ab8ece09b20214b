"""The CLI end to end: in-process through main() for speed, as a subprocess where the process matters."""

import io
import json
import shutil
import time
from pathlib import Path

import pytest
from conftest import SAMPLES, cli, run_cli

from summarize.cli import main

STATEMENT = str(SAMPLES / "statement.txt")
SHORT = str(SAMPLES / "xdr-tuberculosis.en.txt")


class TtyStdin(io.BytesIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def fast(tiny_flags: list[str]) -> list[str]:
    # The guard would translate every sentence of the random models' noise three times: its own
    # tests (test_terms.py) keep it on.
    return [*tiny_flags, "--length", "short", "--quiet", "--no-coverage-check"]


def test_text_output_labels_each_language(fast: list[str]) -> None:
    code, out, err = cli(SHORT, *fast)
    assert code == 0, err
    labels = [line for line in out.splitlines() if line.endswith("):")]
    assert labels == ["English (en):", "Spanish (es):", "Russian (ru):"]
    # The tiny models' noise holds "facts" the input lacks and is no translation: the fact check and
    # the coverage guard say so, and nothing else is said.
    assert all(line.startswith(("summarize: unverified: ", "summarize: warning: ")) for line in err.splitlines()), err


def test_json_lines_schema(fast: list[str], tiny: dict[str, Path]) -> None:
    code, out, _ = cli(SHORT, "--format", "json", *fast)
    assert code == 0
    (line,) = out.splitlines()
    record = json.loads(line)
    assert record["input"] == SHORT
    assert record["source_language"] == "en"
    assert list(record["summaries"]) == ["en", "es", "ru"]
    assert record["summaries"]["ru"]["model"] == str(tiny["en-ru"])
    assert all(isinstance(s["text"], str) and s["text"] for s in record["summaries"].values())
    assert isinstance(record["chunks"], int) and record["chunks"] >= 1


def test_markdown_is_a_blurb_with_a_line_per_language(fast: list[str]) -> None:
    code, out, _ = cli(
        SHORT, "--format", "markdown", "--lang", "en,es", "--summarizer", fast[1], "--translator", fast[3], "-q"
    )
    assert code == 0
    assert out.startswith("### Dr. Tony Moll discovered")  # the headline: the first sentence, cut short
    assert f"*{SHORT} · English*" in out
    assert [line.split(":**")[0] for line in out.splitlines() if line.startswith("- **")] == [
        "- **English",
        "- **Spanish",
    ]


def test_stdin_and_dash(fast: list[str]) -> None:
    text = Path(SHORT).read_bytes()
    for args in ([], ["-"]):
        code, out, _ = cli(*args, "--format", "json", *fast, stdin=text)
        assert code == 0
        assert json.loads(out)["input"] == "-"


def test_no_input_on_a_terminal_is_a_usage_error() -> None:
    err = io.StringIO()
    assert main([], stdin=TtyStdin(), stdout=io.StringIO(), stderr=err) == 2
    assert "no input" in err.getvalue()


def test_one_bad_input_keeps_the_others(fast: list[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    code, out, err = cli(SHORT, missing, STATEMENT, "--format", "json", *fast)
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["input"] for r in records] == [SHORT, missing, STATEMENT]
    assert "summaries" in records[0] and "summaries" in records[2]
    assert "no such file" in records[1]["error"]
    assert "1 of 3 items failed" in err


def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": b"",
        "blank": b"  \n \n",
        "binary": b"\x7fELF\x02\x01\x01\x00\x00\x00",
        "latin1": "Déclaration du ministère".encode("latin-1"),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_bytes(data)
    paths["directory"] = tmp_path / "empty-directory"  # a directory with no *.txt files in it
    paths["directory"].mkdir()
    paths["missing"] = tmp_path / "nope.txt"
    return paths


@pytest.mark.parametrize("case", ["empty", "blank", "binary", "latin1", "directory", "missing"])
def test_bad_inputs_get_one_line_and_exit_1(case: str, fast: list[str], tmp_path: Path) -> None:
    path = bad_inputs(tmp_path)[case]
    code, out, err = cli(str(path), *fast)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and str(path) in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--lang", "en,xx"], "unknown language code 'xx'"),
        (["--lang", "en,es", "--translator", "de=/some/dir"], "not requested"),
        (["--translator", "es"], "give es=MODEL"),
        (["--translator", "=x"], "LANG=MODEL"),
        (["--format", "pdf"], "invalid choice"),
        (["--batch-size", "0"], "--batch-size"),
        (["--batch-size", "100000"], "--batch-size must be between 1 and 1024"),
        (["--threads", "100000"], "--threads must be between 1 and 256"),
        (["--runtime", "nope"], "invalid choice"),
        (["--config", "/nonexistent/summarize.toml"], "does not exist"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], fragment: str) -> None:
    code, _, err = cli(SHORT, *args)
    assert code == 2
    assert fragment in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("languages = [1, 2]\n", ": languages must be a comma-separated string or a list of language codes"),
        ("[translators]\nes = 5\n", ": translators maps a language or pair to a model name or directory"),
        ("batch_size = 0\n", ": batch_size must be between 1 and 1024, got 0"),
        ('prompts_dir = "no-such-dir"\n', ": prompts_dir "),
    ],
)
def test_bad_config_values_are_usage_errors_naming_the_file_and_key(tmp_path: Path, text: str, fragment: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text)
    code, out, err = cli(SHORT, "--config", str(config))
    assert code == 2 and out == ""
    assert err.startswith(f"summarize: error: config file {config}") and fragment in err
    assert len(err.strip().splitlines()) == 1


def test_model_directory_without_weights(fast: list[str], tiny: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "no-weights"
    shutil.copytree(tiny["summarizer"], broken)
    (broken / "model.safetensors").unlink()
    code, _, err = cli(SHORT, *fast, "--summarizer", str(broken))
    assert code == 1
    assert "no weights" in err and "--summarizer" in err and len(err.strip().splitlines()) == 1


def test_config_file_sets_defaults_and_flags_win(tiny: dict[str, Path], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'languages = "es,en"\nformat = "json"\nlength = "short"\nsummarizer = "{tiny["summarizer"]}"\n'
        f'[translators]\nes = "{tiny["en-es"]}"\nru = "{tiny["en-ru"]}"\n'
    )
    code, out, err = cli(SHORT, "--config", str(config), "-q")
    assert code == 0, err
    assert list(json.loads(out)["summaries"]) == ["es", "en"]
    code, out, _ = cli(SHORT, "--config", str(config), "--lang", "ru", "-q")
    assert code == 0 and list(json.loads(out)["summaries"]) == ["ru"]


def test_models_list_shows_what_is_on_disk(tiny_flags: list[str]) -> None:
    code, out, _ = cli("models", "list", *tiny_flags)
    assert code == 0
    rows = out.splitlines()[1:]
    assert [row.split()[0] for row in rows] == ["summarizer", "en-es", "en-ru", "es-en"]
    assert all(" yes " in row for row in rows)
    code, out, _ = cli("models", "list")
    assert "sshleifer/distilbart-cnn-12-6" in out and " no " in out


def test_models_download_offline_names_each_model() -> None:
    code, _, err = cli("models", "download", "--lang", "en,es")
    assert code == 1
    assert "sshleifer/distilbart-cnn-12-6" in err and "Helsinki-NLP/opus-mt-en-es" in err


# --- as a separate process ----------------------------------------------------------------


def test_offline_default_models_fail_fast_with_one_line() -> None:
    started = time.monotonic()
    proc = run_cli(STATEMENT, "--engine", "transformers", env={"HF_HUB_OFFLINE": "1"})
    assert time.monotonic() - started < 20
    err = proc.stderr.decode().strip()
    assert proc.returncode == 1
    assert len(err.splitlines()) == 1
    assert "sshleifer/distilbart-cnn-12-6" in err and "summarize models download" in err


def test_without_any_model_auto_still_summarizes_and_reports_each_missing_translator() -> None:
    proc = run_cli(STATEMENT, "--format", "json", env={"HF_HUB_OFFLINE": "1"})
    assert proc.returncode == 1  # two languages are missing
    record = json.loads(proc.stdout)
    assert record["engine"] == "extractive"
    english = record["summaries"]["en"]
    assert english["engine"] == "extractive" and english["text"]
    assert all(sentence.strip() in Path(STATEMENT).read_text() for sentence in english["text"].split(". "))
    assert "Helsinki-NLP/opus-mt-en-es" in record["summaries"]["es"]["error"]
    err = proc.stderr.decode().strip().splitlines()
    assert len(err) == 3  # one notice naming the summarizer, one error per missing translator
    assert "sshleifer/distilbart-cnn-12-6" in err[0] and "summarize models download" in err[0]
    assert all("Traceback" not in line for line in err)


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    # tmp_path exists but holds no model: an error in every engine mode.
    quiet = run_cli(SHORT, "--lang", "en", "--summarizer", str(tmp_path))
    loud = run_cli(SHORT, "--lang", "en", "--summarizer", str(tmp_path), "--debug")
    assert b"Traceback" not in quiet.stderr and quiet.returncode == 1
    assert b"Traceback" in loud.stderr


def test_help_and_library_import_do_not_load_torch() -> None:
    import subprocess
    import sys

    code = (
        "import sys, summarize, summarize.cli\n"
        "try:\n    summarize.cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('torch', 'transformers', 'huggingface_hub') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"
