"""Blurb templates run sandboxed and bounded: no Python internals, no huge output, no endless loop.

Jinja2's sandbox keeps a template away from Python's internals, but not from the machine: a loop
of 10^5 x 10^5, `lipsum(10**6)` or `"x" * 10**9` runs or allocates for as long as it likes. Here a
render has a deadline (checked as the template's code runs), an output limit (checked as it is
produced), and the operations that make large values in one step (repetition, powers, widths,
lorem ipsum) are refused beyond sizes no blurb needs. Every failure is a UsageError.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .errors import UsageError

# A blurb or a digest of many is far below these.
RENDER_SECONDS = 5.0
MAX_OUTPUT_CHARS = 20_000_000
MAX_WIDTH = 1_000
MAX_VALUE_CHARS = 1_000_000
MAX_LIPSUM = 20
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map"})
_PERCENT_WIDTH = re.compile(r"%[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")


class TemplateTimeout(Exception):
    """A render ran past its deadline."""


def _too_wide(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH


def _check_percent_format(pattern: str) -> None:
    for match in _PERCENT_WIDTH.finditer(pattern):
        for part in match.groups():
            if part == "*" or (part and int(part) > MAX_WIDTH):
                raise SecurityError(f"a format width over {MAX_WIDTH} is refused")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with size bounds on the operations that can make huge values at once."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and (_too_wide(right) or _too_wide(left)):
            raise SecurityError(f"powers of numbers over {MAX_WIDTH} are refused")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                sized = isinstance(sequence, str | list | tuple) and isinstance(count, int)
                if sized and len(sequence) * count > MAX_VALUE_CHARS:
                    raise SecurityError(f"a repetition over {MAX_VALUE_CHARS} items is refused")
        if operator == "%" and isinstance(left, str):
            _check_percent_format(left)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map, sandboxed by Jinja, with no width past MAX_WIDTH in the pattern."""
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and re.search(r"\{[^}]*:[^}]*\d{4,}|\{[^}]*:[^}]*\{", owner):
            raise SecurityError(f"format widths over {MAX_WIDTH} (or taken from arguments) are refused")
        return super().wrap_str_format(value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # Jinja's own signature
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        widths = (*args, *kwargs.values())
        if isinstance(owner, str) and name in _WIDTH_METHODS and any(_too_wide(value) for value in widths):
            raise SecurityError(f"widths over {MAX_WIDTH} are refused")
        if name == "generate_lorem_ipsum" and any(_too_wide(value) or (isinstance(value, int) and value > MAX_LIPSUM)
                                                  for value in (*args[:1], kwargs.get("n", 0))):  # fmt: skip
            raise SecurityError(f"lipsum makes at most {MAX_LIPSUM} paragraphs here")
        return super().call(__context, __obj, *args, **kwargs)


def bound_filters(environment: BoundedSandbox) -> None:
    """Filters that take a width or a format refuse sizes no blurb needs."""
    for name in ("center", "indent", "wordwrap", "truncate"):
        environment.filters[name] = _bounded_filter(environment.filters[name], name)
    original_format = environment.filters["format"]

    def bounded_format(value: str, *args: Any, **kwargs: Any) -> str:
        _check_percent_format(str(value))
        return str(original_format(value, *args, **kwargs))

    environment.filters["format"] = bounded_format


def _bounded_filter(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if any(_too_wide(value) for value in (*args[1:], *kwargs.values())):
            raise SecurityError(f"{name} with a width over {MAX_WIDTH} is refused")
        return function(*args, **kwargs)

    return bounded


def render_bounded(template: Any, context: dict[str, Any]) -> str:
    """The template rendered within the deadline and the output limit; UsageError otherwise."""
    deadline = time.monotonic() + RENDER_SECONDS

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        # Every call anywhere, and every line of the template's own code, checks the clock.
        if time.monotonic() > deadline:
            raise TemplateTimeout
        name = frame.f_code.co_filename
        return trace if name.endswith(".j2") or name == "<template>" else None

    previous = sys.gettrace()
    parts: list[str] = []
    size = 0
    sys.settrace(trace)
    try:
        for part in template.generate(**context):
            size += len(part)
            if size > MAX_OUTPUT_CHARS:
                raise UsageError(f"template refused: its output passed {MAX_OUTPUT_CHARS:,} characters")
            parts.append(part)
    except TemplateTimeout:
        raise UsageError(f"template refused: rendering took over {RENDER_SECONDS:g} s; simplify its loops") from None
    except RecursionError:
        endless = "template refused: it recurses without end (a macro calling itself, or extending itself)"
        raise UsageError(endless) from None
    finally:
        sys.settrace(previous)
    return "".join(parts)
