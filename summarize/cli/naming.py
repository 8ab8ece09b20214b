"""The CLI's words for settings: flags from the options table, rendered into every message it shows."""

from __future__ import annotations

import re

from ..naming import Naming, render_settings
from ..options import BY_NAME

# Inputs and output options that are flags of the CLI but not settings of the options table.
_CLI_ONLY = {"glob": "--glob", "text_field": "--text-field", "id_field": "--id-field", "template": "--template",
             "config": "--config", "max_words": "--max-words"}  # fmt: skip
_TRANSLATOR = re.compile(r"translators=\{'([^']+)': (\w+)\}")


def flag(name: str, value: str | None = None) -> str | None:
    """`device=cpu` as '--device cpu', `cache=false` as '--no-cache'; None for a name that is no flag."""
    if name == "translators" and value:
        match = _TRANSLATOR.fullmatch(f"translators={value}")
        return f"--translator {match.group(1)}={match.group(2)}" if match else "--translator"
    option = BY_NAME.get(name)
    spelled = option.flag if option is not None else _CLI_ONLY.get(name)
    if spelled is None:
        return None
    if value is None:
        return spelled
    if spelled.startswith("--no-"):
        return spelled if value.lower() in ("false", "off", "no") else f"without {spelled}"
    return f"{spelled} {value}"


class CliNaming(Naming):
    """Fixes spelled as flags."""

    def summarizer(self) -> str:
        return "--summarizer DIR"

    def translator(self, source: str, target: str) -> str:
        return f"--translator {self.translator_key(source, target)}=DIR"

    def translator_pattern(self, source: str | None = None, target: str | None = None) -> str:
        return f"--translator {source or 'LANG'}-{target or 'LANG'}=MODEL"

    def extractive(self) -> str:
        return "--engine extractive"

    def verifier(self) -> str:
        return "--verifier MODEL"

    def render(self, text: str) -> str:
        return render_settings(text, flag)


CLI = CliNaming()
