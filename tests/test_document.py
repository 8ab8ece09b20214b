import io
from pathlib import Path

import pytest

from summarize import InputError
from summarize.document import check_text, decode_text, read_document


def test_reads_utf8_file_and_strips_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffПривет, мир.".encode())
    document = read_document(str(path))
    assert document.text == "Привет, мир."
    assert document.source == str(path)


def test_reads_stdin_when_source_is_dash() -> None:
    document = read_document("-", stdin=io.BytesIO(b"Hello there."))
    assert (document.text, document.source) == ("Hello there.", "-")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Привет".encode("cp1251"), "not valid UTF-8"),
    ],
)
def test_bad_bytes_are_refused_with_the_reason(data: bytes, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        decode_text(data, "x.txt")


def test_oversized_input_is_refused_not_cut() -> None:
    with pytest.raises(InputError, match="over the 10-byte limit"):
        decode_text(b"a" * 11, "big.txt", max_bytes=10)
    assert decode_text(b"a" * 10, "ok.txt", max_bytes=10) == "a" * 10


def test_oversized_stdin_is_refused() -> None:
    with pytest.raises(InputError, match="limit"):
        read_document("-", stdin=io.BytesIO(b"word " * 100), max_bytes=50)


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_document(str(tmp_path))


def test_check_text_names_the_source() -> None:
    with pytest.raises(InputError, match=r"^<text>: input is empty"):
        check_text("   ")
