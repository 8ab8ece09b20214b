"""How a fix is spelled in a message: as command-line flags, or as Python parameters.

The library tells a Python caller to pass `translators={'es-en': DIR}`; the CLI tells its user to
pass `--translator es-en=DIR`. Both come from here, so the two never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .languages import PIVOT


@dataclass(frozen=True)
class Naming:
    """Spellings of the settings a message may ask the user to change."""

    cli: bool

    def summarizer(self) -> str:
        return "--summarizer DIR" if self.cli else "summarizer=DIR"

    def translator_key(self, source: str, target: str) -> str:
        """The translators key for a pair: the target alone from the pivot ('es'), else 'es-en'."""
        return target if source == PIVOT else f"{source}-{target}"

    def translator(self, source: str, target: str) -> str:
        key = self.translator_key(source, target)
        return f"--translator {key}=DIR" if self.cli else f"translators={{'{key}': DIR}}"

    def translator_pattern(self, source: str | None = None, target: str | None = None) -> str:
        """How to add a translator for any language on one side: '--translator es-LANG=MODEL'."""
        key = f"{source or 'LANG'}-{target or 'LANG'}"
        return f"--translator {key}=MODEL" if self.cli else f"translators={{'{key}': MODEL}}"

    def extractive(self) -> str:
        return "--engine extractive" if self.cli else "strategy='extractive'"


CLI = Naming(cli=True)
PYTHON = Naming(cli=False)
