"""Names a package exports but imports on first use (PEP 562): importing the package stays cheap."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def lazy_exports(package: str, table: dict[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` for `package` that imports each name of `table` from its submodule
    ("check": ".checker") when it is first asked for, and keeps it."""

    def __getattr__(name: str) -> object:
        if name not in table:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(table[name], package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
