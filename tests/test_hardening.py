"""Hostile and broken input, each case from the hardening issue (numbered as there), turned into a test."""

import io
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import REPO, SAMPLES
from counting_runtime import CountingRuntime

from summarize import Summarizer, UsageError, summarize
from summarize.cache import Cache
from summarize.cli import main
from summarize.errors import CacheError
from summarize.files import write_atomically
from summarize.inputs import Fields, expand_inputs

SHORT = str(SAMPLES / "xdr-tuberculosis.en.txt")
STATEMENT = str(SAMPLES / "statement.txt")
EXTRACTIVE = ["--engine", "extractive", "--lang", "en", "--source-lang", "en"]


def cli(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def shell(command: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """Run a shell line with `summarize` meaning this checkout's `python -m summarize`."""
    line = command.replace("summarize ", f"{sys.executable} -m summarize ", 1)
    return subprocess.run(["bash", "-c", line], capture_output=True, cwd=REPO, timeout=timeout)


# --- 1. templates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ self._TemplateReference__context }}",
        "{{ item.summaries.append(1) }}{{ item.summaries }}",
        "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    ],
)
def test_a_template_cannot_run_code(payload: str, tmp_path: Path) -> None:
    template = tmp_path / "t.j2"
    template.write_text(payload + "\n")
    code, out, err = cli(SHORT, *EXTRACTIVE, "--format", "markdown", "--template", str(template))
    assert code == 2 and out == ""
    assert "uid=" not in out + err and "<class" not in out + err
    assert "template" in err and len(err.strip().splitlines()) == 1


# --- 2. escape codes ---------------------------------------------------------------------------

HOSTILE_BYTES = ("\x1b", "\x07", "\x9b", "\u202e", "\x00", "\r")


@pytest.mark.parametrize("output_format", ["text", "json", "markdown", "html"])
def test_no_escape_code_reaches_any_output(output_format: str, tmp_path: Path) -> None:
    hostile = tmp_path / "ev\x1b[2Jil\u202e.txt"
    hostile.write_text(
        "Deal \u202eon \x9b2J steel\nThe \x1b[2J\x1b]0;pwned\x07 deal was signed. Talks went well.\r\nMore followed.\n"
    )
    code, out, err = cli(str(hostile), SHORT, *EXTRACTIVE, "--format", output_format)
    assert code == 0, err
    for byte in HOSTILE_BYTES:
        assert byte not in out and byte not in err, (output_format, repr(byte))
    assert "deal was signed" in out and "pwned" not in out


def test_markdown_neutralises_strike_through_and_autolinks(tmp_path: Path) -> None:
    statement = tmp_path / "links.txt"
    statement.write_text("Officials said ~~nothing~~ at https://evil.example and www.evil.example today.\n")
    code, out, _ = cli(str(statement), *EXTRACTIVE, "--format", "markdown")
    assert code == 0
    assert "~~" not in out and r"\~\~nothing" in out
    assert "https://" not in out and r"https\://evil.example" in out and r"www\.evil" in out


# --- 3. pickles --------------------------------------------------------------------------------


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_pickled_model_is_refused_with_the_right_advice(tiny: dict[str, Path], tmp_path: Path) -> None:
    import torch

    model = tmp_path / "pickled"
    shutil.copytree(tiny["summarizer"], model)
    (model / "model.safetensors").unlink()
    marker = tmp_path / "pwned"
    torch.save({"model.shared.weight": _Evil(marker)}, model / "pytorch_model.bin")
    code, _, err = cli(SHORT, "--summarizer", str(model), "--engine", "transformers", "--lang", "en", "-q")
    assert code == 1 and not marker.exists()
    assert "could run code when loaded" in err and "safetensors" in err
    assert "weights_only set to False" not in err and len(err.strip().splitlines()) == 1


# --- 4 and 7. digests --------------------------------------------------------------------------


def test_a_failed_digest_keeps_the_newsletter_that_was_there(tmp_path: Path) -> None:
    newsletter = tmp_path / "newsletter.html"
    newsletter.write_text("<p>last week's good newsletter</p>")
    code, _, err = cli("digest", str(tmp_path / "statments"), *EXTRACTIVE, "-o", str(newsletter))
    assert code == 1 and "existing file is kept" in err
    assert newsletter.read_text() == "<p>last week's good newsletter</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["newsletter.html"]


def test_two_writers_to_one_file_never_collide(tmp_path: Path) -> None:
    target = tmp_path / "news.md"
    texts = ["a" * 100_000, "b" * 100_000]
    failures: list[BaseException] = []

    def writer(text: str) -> None:
        try:
            for _ in range(30):
                write_atomically(target, text)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and target.read_text() in texts
    assert [p.name for p in tmp_path.iterdir()] == ["news.md"]  # no .partial left behind


# --- 5 and 6. the cache under contention ---------------------------------------------------------


def test_clear_never_deletes_a_database_that_is_only_locked(tmp_path: Path) -> None:
    import sqlite3

    Cache(tmp_path).put("kept", "value")
    holder = sqlite3.connect(tmp_path / "cache.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process, in the middle of a write
    try:
        with pytest.raises(CacheError, match="another summarize is using it"):
            Cache(tmp_path, timeout=0.2).clear()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert Cache(tmp_path).get("kept") == "value"


def _open_and_write(args: tuple[str, int, object]) -> bool:
    directory, worker, barrier = args
    barrier.wait()  # type: ignore[attr-defined]
    cache = Cache(Path(directory))
    cache.put_many({f"{worker}-{i}": i for i in range(20)})
    return cache.enabled


def test_eight_processes_opening_a_new_cache_at_once_all_use_it(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    barrier = context.Manager().Barrier(8)
    with context.Pool(8) as pool:
        enabled = pool.map(_open_and_write, [(str(tmp_path / "fresh"), worker, barrier) for worker in range(8)])
    assert enabled == [True] * 8
    assert Cache(tmp_path / "fresh").info().entries == 160


# --- 8, 18, 19. inputs -------------------------------------------------------------------------


def test_a_huge_csv_field_is_summarized_and_spoils_nothing(tmp_path: Path) -> None:
    table = tmp_path / "rows.csv"
    huge = "The ministers talked about steel and trade in Havana. " * 4000  # 216,000 characters
    table.write_text(f'id,text\na,"Talks went well in Havana today."\nb,"{huge}"\nc,"Exports will follow soon."\n')
    code, out, err = cli(str(table), *EXTRACTIVE, "--format", "json")
    assert code == 0, err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "b", "c"]


def test_a_csv_id_names_the_first_line_of_a_multi_line_row(tmp_path: Path) -> None:
    table = tmp_path / "rows.csv"
    table.write_text('text\n"First line\nsecond line\nthird line."\n"Next row."\n')
    items = list(expand_inputs([str(table)], fields=Fields()))
    assert [item.id for item in items] == [f"{table}:2", f"{table}:5"]


def test_a_header_only_csv_is_an_error_not_silence(tmp_path: Path) -> None:
    table = tmp_path / "rows.csv"
    table.write_text("id,text\n")
    code, out, err = cli(str(table), *EXTRACTIVE)
    assert code == 1 and out == "" and "has a header but no rows" in err


def test_a_nul_byte_anywhere_is_refused(tmp_path: Path) -> None:
    late = tmp_path / "late-nul.txt"
    late.write_bytes(b"Talks went well. " * 1000 + b"\x00 hidden")
    code, out, err = cli(str(late), *EXTRACTIVE)
    assert code == 1 and out == "" and "NUL" in err


def test_utf16_with_a_bom_is_read(tmp_path: Path) -> None:
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(Path(SHORT).read_text().encode("utf-16"))
    code, out, err = cli(str(utf16), *EXTRACTIVE)
    assert code == 0, err
    assert "Tony Moll" in out or "tuberculosis" in out


def test_an_oversized_file_is_reported_with_its_own_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(12_345_678)  # sparse: no 12 MB written
    code, _, err = cli(str(big), *EXTRACTIVE)
    assert code == 1 and "12,345,678 bytes" in err and "10,000,001" not in err


def test_a_missing_prompts_directory_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = cli(SHORT, *EXTRACTIVE, "--prompts", str(tmp_path / "nope"))
    assert code == 2 and "--prompts" in err and "is not a directory" in err


# --- 9, 10, 13. processes and streams ----------------------------------------------------------


@pytest.mark.parametrize("command", ["summarize --help <&-", "summarize models list <&- >/dev/null"])
def test_closed_stdin_is_no_traceback(command: str) -> None:
    proc = shell(command)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr


def test_no_input_with_stdin_closed_is_a_usage_error() -> None:
    proc = shell("summarize <&-")
    assert proc.returncode == 2 and b"no input" in proc.stderr and b"Traceback" not in proc.stderr


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        "".join(json.dumps({"id": n, "text": f"Statement {n} was issued today."}) + "\n" for n in range(400))
    )
    proc = shell(f"summarize {rows} {' '.join(EXTRACTIVE)} --format json | head -1; exit ${{PIPESTATUS[0]}}")
    assert proc.stdout.count(b"\n") == 1
    assert proc.stderr == b"" and proc.returncode == 141


def test_broken_pipe_in_process_is_quiet() -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    assert main([SHORT, *EXTRACTIVE], stdin=io.BytesIO(), stdout=Closed(), stderr=err) == 141
    assert err.getvalue() == ""


def test_a_full_disk_is_one_line() -> None:
    proc = shell(f"summarize {SHORT} {' '.join(EXTRACTIVE)} >/dev/full")
    err = proc.stderr.decode().strip()
    assert proc.returncode == 1 and "cannot write the output (No space left on device)" in err
    assert len(err.splitlines()) == 1


def test_an_absolute_glob_is_a_usage_error() -> None:
    code, _, err = cli(str(SAMPLES), *EXTRACTIVE, "--glob", "/etc/*")
    assert code == 2 and "--glob takes a pattern" in err


# --- 11, 16. runtime options -------------------------------------------------------------------


def test_a_huge_thread_count_is_refused_before_any_runtime_starts() -> None:
    code, _, err = cli(SHORT, "--engine", "ctranslate2", "--threads", "100000")
    assert code == 2 and "--threads must be between 1 and 256" in err


def test_an_unsupported_compute_type_fails_before_converting(tiny: dict[str, Path], isolated_user: Path) -> None:
    summarizer = ["--summarizer", str(tiny["summarizer"]), "--lang", "en"]
    code, _, err = cli(SHORT, *summarizer, "--engine", "ctranslate2", "--compute-type", "float16")
    assert code == 1 and "'float16' is not supported on cpu" in err and "--compute-type" in err
    assert not (isolated_user / "cache" / "ctranslate2").exists()


# --- 14. the Python API ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, 123, b"Talks went well."])
def test_summarize_rejects_what_is_not_text_before_any_work(text: object, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(UsageError, match=r"^text must be a str") as caught:
        summarize(text)  # type: ignore[arg-type]
    assert caught.value.option == "text"
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("fields", "option"),
    [({"languages": None}, "languages"), ({"batch_size": "8"}, "batch_size"), ({"threads": 0}, "threads")],
)
def test_summarizer_settings_are_checked_naming_the_parameter(fields: dict, option: str) -> None:
    with pytest.raises(UsageError) as caught:
        Summarizer(**fields)
    assert caught.value.option == option and str(caught.value).startswith(option)


def test_a_failed_language_is_not_an_empty_summary(tmp_path: Path) -> None:
    from summarize import LanguageError

    result = Summarizer(engine="extractive", languages="en,es", translators={"es": str(tmp_path / "gone")}).summarize(
        Path(SHORT).read_text()
    )
    assert result["en"] and result.get("es") is None
    with pytest.raises(LanguageError, match="no summary in 'es'"):
        result["es"]


# --- 15. templates are checked before model work -----------------------------------------------


def test_a_broken_template_fails_before_any_model_runs(
    fake_settings: dict, counting: type[CountingRuntime], tmp_path: Path
) -> None:
    template = tmp_path / "t.md.j2"
    template.write_text("{{ item.no_such_variable }}\n")
    flags = ["--runtime", "counting", "--summarizer", "fake:s", "--lang", "en"]
    code, _, err = cli(STATEMENT, *flags, "--format", "markdown", "--template", str(template))
    assert code == 2 and "no_such_variable" in err
    assert counting.calls == []
    code, _, err = cli(STATEMENT, *flags, "--template", str(template))
    assert code == 2 and "--template is for --format markdown or html" in err


# --- 17. conversions are visible and can be cleared --------------------------------------------


def test_conversions_are_listed_and_cleared(tiny: dict[str, Path], tmp_path: Path) -> None:
    common = [
        "--engine",
        "extractive",
        "--lang",
        "en,es",
        "--translator",
        f"es={tiny['en-es']}",
        "--cache-dir",
        str(tmp_path),
    ]
    assert cli("models", "convert", *common)[0] == 0
    _, out, _ = cli("cache", "info", "--cache-dir", str(tmp_path))
    assert "converted 1 model for CTranslate2" in out and "-int8" in out
    _, out, _ = cli("models", "list", *common)
    assert "CONVERTED" in out and " int8 " in out
    _, out, _ = cli("cache", "clear", "--cache-dir", str(tmp_path))
    assert "removed 1 CTranslate2 conversion" in out and not (tmp_path / "ctranslate2").exists()


# --- 21. notices -------------------------------------------------------------------------------


def test_quiet_silences_the_fallback_notice() -> None:
    code, out, err = cli(SHORT, "--lang", "en", "-q")
    assert code == 0 and out and err == ""  # the summarizer is missing: extractive, without a word


def test_the_chunk_notice_counts_only_what_is_computed(fake_settings: dict, caplog: pytest.LogCaptureFixture) -> None:
    text = Path(STATEMENT).read_text()
    Summarizer(**fake_settings, languages="en").summarize(text)
    edited = text.replace("MOSCOW", "HAVANA")
    with caplog.at_level("INFO", logger="summarize"):
        Summarizer(**fake_settings, languages="en").summarize(edited)
    (notice,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("summarizing")]
    assert "more from the cache" in notice


def test_a_source_language_that_plainly_does_not_fit_is_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    russian = (SAMPLES / "iraq-study-group.ru.txt").read_text()
    with caplog.at_level("WARNING", logger="summarize"):
        Summarizer(engine="extractive", languages="en").summarize(russian, source_language="en")
    assert any("reads as 'ru'" in r.getMessage() for r in caplog.records)
