"""How a fix is spelled in a message: the library's own spelling, which each front end renders its way.

The library names a setting as a Python caller passes it, in backticks (`llm_url`, `device=cpu`,
`translators={'es-en': DIR}`); the CLI renders those as flags (`--llm-url`, `--device cpu`,
`--translator es-en=DIR`) and the server as its settings or request fields. No library module
spells a flag: the front ends own their words, from the one options table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .languages import PIVOT

# A setting named in a message: `name` or `name=value`.
SETTING = re.compile(r"`([a-z_]+)(?:=([^`]*))?`")


def render_settings(text: str, spell: Callable[[str, str | None], str | None]) -> str:
    """`text` with each `name` / `name=value` that `spell` knows written its way (others left as they are)."""

    def one(match: re.Match[str]) -> str:
        spelled = spell(match.group(1), match.group(2))
        return spelled if spelled is not None else match.group(0)

    return SETTING.sub(one, text)


@dataclass(frozen=True)
class Naming:
    """Spellings of the settings a message may ask the user to change: the library's (Python) ones.

    A front end subclasses it (the CLI's flags) and renders messages with `render`.
    """

    def summarizer(self) -> str:
        return "`summarizer=DIR`"

    def translator_key(self, source: str, target: str) -> str:
        """The translators key for a pair: the target alone from the pivot ('es'), else 'es-en'."""
        return target if source == PIVOT else f"{source}-{target}"

    def translator(self, source: str, target: str) -> str:
        return f"`translators={{'{self.translator_key(source, target)}': DIR}}`"

    def translator_pattern(self, source: str | None = None, target: str | None = None) -> str:
        """How to add a translator for any language on one side."""
        return f"`translators={{'{source or 'LANG'}-{target or 'LANG'}': MODEL}}`"

    def extractive(self) -> str:
        return "`strategy=extractive`"

    def verifier(self) -> str:
        return "`verifier=MODEL`"

    def render(self, text: str) -> str:
        """A library message in this front end's words (the library's own: as it is)."""
        return text


PYTHON = Naming()
