"""The CLI's exit statuses, declared once: every command reads them from here."""

from __future__ import annotations

from .. import strict

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
# Strict mode's verdicts (see summarize.strict): changed and verified, or not fixable.
EXIT_STRICT_CHANGED = strict.CHANGED
EXIT_STRICT_UNFIXED = strict.UNFIXED
