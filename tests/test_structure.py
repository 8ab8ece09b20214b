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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Every import of every module of the package, at any depth (in functions, under TYPE_CHECKING too)."""
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                submodules = {f"{target}.{alias.name}" for alias in node.names} & files.keys()
                graph[name] |= (submodules or {target}) & files.keys()
            elif isinstance(node, ast.Import):
                graph[name] |= {alias.name for alias in node.names} & files.keys()
        graph[name].discard(name)
    return graph


def test_the_import_graph_has_no_circle() -> None:
    graph = _import_graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                return [*path, module, imported]
            if imported not in state and (circle := visit(imported, [*path, module])):
                return circle
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            circle = visit(module, [])
            assert circle is None, "import circle: " + " -> ".join(circle[circle.index(circle[-1]) :])


def test_modules_and_functions_stay_small() -> None:
    too_big = []
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > 300:
            too_big.append(f"{path.relative_to(REPO)}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > 50:
                    too_big.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}: {length} lines")
    assert not too_big, "a module per concern, short functions:\n" + "\n".join(too_big)
