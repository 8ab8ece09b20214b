"""The server's words for settings: a request's own fields, or the operator's settings a client cannot change."""

from __future__ import annotations

from typing import Any

from ..naming import Naming, render_settings

REQUEST_FIELDS = frozenset({"text", "texts", "ids", "urls", "files", "languages", "length", "source_language",
                            "formats", "max_words"})  # fmt: skip


def _spell(name: str, value: str | None) -> str:
    if name in REQUEST_FIELDS:
        return f"the request's `{name}` field" if value is None else f"`{name}: {value}` in the request"
    setting = name if value is None else f"{name}={value}"
    return f"the server's `{setting}` setting (its operator sets it)"


class ServerNaming(Naming):
    """Fixes an HTTP client can act on: its request's fields; the rest is the operator's to change."""

    def render(self, text: str) -> str:
        return render_settings(text, _spell)


SERVER = ServerNaming()


def rendered(value: Any) -> Any:
    """Every `error` string of a JSON record (and its summaries') in the server's words."""
    if isinstance(value, dict):
        return {key: SERVER.render(item) if key == "error" and isinstance(item, str) else rendered(item)
                for key, item in value.items()}  # fmt: skip
    if isinstance(value, list):
        return [rendered(item) for item in value]
    return value
