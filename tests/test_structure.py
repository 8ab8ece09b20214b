"""The package's shape, checked: the library never speaks CLI, and its imports form no circle."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

from summarize.cli.naming import _CLI_ONLY
from summarize.options import OPTIONS

PACKAGE = REPO / "summarize"
# Where flags are declared or spelled on purpose: the options table and the CLI itself.
FRONT_ENDS = {PACKAGE / "options.py", PACKAGE / "reference.py"}
FLAGS = {option.flag for option in OPTIONS if option.flag} | set(_CLI_ONLY.values())
_FLAG = re.compile(r"--[a-z][a-z-]*")


def _library_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts and p not in FRONT_ENDS]


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }  # fmt: skip
    strings = [node for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    return [(node.lineno, node.value) for node in strings if id(node) not in docstrings]


def test_no_library_message_spells_a_flag() -> None:
    found = [
        f"{path.relative_to(REPO)}:{line}: {flag}"
        for path in _library_modules()
        for line, text in _strings(path)
        for flag in _FLAG.findall(text)
        if flag in FLAGS
    ]
    assert not found, "library messages name settings as `name`; the front ends spell flags:\n" + "\n".join(found)


def test_the_cli_renders_settings_as_flags_and_the_server_as_its_own_words() -> None:
    from summarize.cli.naming import CLI
    from summarize.naming import PYTHON
    from summarize.server.naming import SERVER

    message = "use `device=cpu`, raise `llm_timeout`, set `cache=false`, pass `languages`"
    assert CLI.render(message) == "use --device cpu, raise --llm-timeout, set --no-cache, pass --lang"
    assert PYTHON.render(message) == message
    served = SERVER.render(message)
    assert "the request's `languages` field" in served and "the server's `llm_timeout` setting" in served
    assert CLI.render(PYTHON.translator("en", "es")) == "--translator es=DIR"
