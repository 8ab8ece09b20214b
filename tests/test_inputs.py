"""Batch inputs: directories, JSON Lines and CSV rows; bad items become errors in place."""

from pathlib import Path

from summarize.inputs import Fields, expand_inputs


def test_directories_are_walked_recursively_in_order_with_a_glob(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second statement.")
    (tmp_path / "a.txt").write_text("First statement.")
    (tmp_path / "notes.md").write_text("Not a statement.")
    items = list(expand_inputs([str(tmp_path)]))
    assert [Path(item.id).name for item in items] == ["a.txt", "two.txt"]
    assert [Path(item.id).name for item in expand_inputs([str(tmp_path)], glob="*.md")] == ["notes.md"]
    (empty,) = expand_inputs([str(tmp_path / "b")], glob="*.csv")
    assert empty.error and "`glob`" in empty.error


def test_jsonl_rows_with_ids_and_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text(
        '{"id": "a1", "body": "Talks went well."}\n'
        "\n"
        '{"body": "No id here."}\n'
        '{"id": "a3"}\n'
        "not json\n"
        '["a", "list"]\n'
        '{"id": "a6", "body": "   "}\n'
    )
    items = list(expand_inputs([str(path)], fields=Fields(text="body")))
    assert [item.id for item in items] == ["a1", f"{path}:3", "a3", f"{path}:5", f"{path}:6", "a6"]
    assert [item.error is None for item in items] == [True, True, False, False, False, False]
    assert items[0].document and items[0].document.text == "Talks went well."
    assert "'body'" in (items[2].error or "") and "not valid JSON" in (items[3].error or "")
    assert "empty" in (items[5].error or "")


def test_csv_rows_quoted_text_bom_and_missing_fields(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_bytes('\ufeffid,text\n1,"Line one.\nLine two, with a comma."\n2,\n,"No id."\n'.encode())
    items = list(expand_inputs([str(path)]))
    assert [item.id for item in items] == ["1", "2", f"{path}:5"]
    assert items[0].document and items[0].document.text == "Line one.\nLine two, with a comma."
    assert items[1].error and "empty" in items[1].error
    (missing,) = expand_inputs([str(path)], fields=Fields(text="body"))
    assert missing.error and "columns: id, text" in missing.error


def test_unreadable_tables_and_files_are_items_with_errors(tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_bytes("id,text\n1,La déclaration du ministère a été publiée à Genève.\n".encode("latin-1"))
    (legacy,) = expand_inputs([str(table)])  # read as Windows-1252, with a notice naming it
    assert legacy.error is None and legacy.document is not None and "ministère" in legacy.document.text
    table.write_bytes(bytes(range(128, 256)) * 40)
    (bad,) = expand_inputs([str(table)])
    assert bad.error and "UTF-8" in bad.error
    (missing,) = expand_inputs([str(tmp_path / "gone.txt")])
    assert missing.error and "no such file" in missing.error
