"""Terms a translation must keep: a glossary's renderings, and spans that pass through untouched.

Before a seq2seq translator sees a sentence, each protected span (a URL, an e-mail address, a
`{{template token}}`, a `code span`, a `--keep` term, a glossary term) is replaced by a
placeholder number the model copies; after, each placeholder must come back exactly once and is
replaced by the span (or the glossary's rendering). When one does not come back, the sentence is
translated in pieces around the spans instead, so the spans are in the output byte for byte.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import UsageError
from .files import MAX_TERMS_FILE, read_user_text
from .languages import normalize_language
from .term_finder import TermFinder, term_pattern

# What no translator may touch: URLs, e-mail addresses, {{template tokens}}, `code spans`.
# (A pattern, not a library: the URL extractors on PyPI fetch a TLD list from the network.)
_PROTECTED = re.compile(
    r"\{\{.*?\}\}"  # {{ name }}
    r"|`[^`\n]+`"  # `code`
    r"|\b(?:https?://|www\.)[^\s<>\"'«»]+[^\s<>\"'«».,;:!?)\]]"  # URLs, without trailing punctuation
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"  # e-mail addresses
)
# Placeholders are numbers from here up: translators copy numbers, and these are short enough
# that no translator writes them with a group separator.
_FIRST_PLACEHOLDER = 101
MAX_TERMS = 10_000
MAX_TERM_CHARS = 200
# Forms of one term in one language ("Минпромторг|Минпромторга|..."): a noun's cases and spellings.
MAX_FORMS = 24
# A glossary line longer than this holds no term a glossary should have.
MAX_LINE_CHARS = 20_000


@dataclass(frozen=True)
class Glossary:
    """Rows of one term in several languages: {'en': ('Ministry of Industry and Trade',), 'ru': ('Минпромторг', ...)}.

    A cell may list several forms separated by '|': all are recognised in a source text; the first
    is what a translation gets (so Russian gets the glossary's first case form: see docs/facts.md).
    """

    languages: tuple[str, ...]
    rows: tuple[dict[str, tuple[str, ...]], ...]

    @classmethod
    def load(cls, path: Path | str) -> Glossary:
        """Read a TSV or CSV file whose header names the languages (en, es, ru, ...)."""
        path = Path(path).expanduser()
        text = read_user_text(path, "glossary", max_bytes=MAX_TERMS_FILE, encoding="utf-8-sig")
        return cls.parse(text, str(path))

    @classmethod
    def parse(cls, text: str, name: str = "<glossary>") -> Glossary:
        lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        for line in lines:
            if len(line) > MAX_LINE_CHARS:
                raise UsageError(
                    f"glossary {name}: a line has {len(line):,} characters (the limit is {MAX_LINE_CHARS:,}); "
                    f"each line holds one term's forms"
                )
        if not lines:
            raise UsageError(f"glossary {name} is empty: its first line names the languages, e.g. en<TAB>es<TAB>ru")
        delimiter = "\t" if "\t" in lines[0] else ","
        try:
            return cls._parse_rows(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter), name)
        except csv.Error as exc:
            kind = "TSV" if delimiter == "\t" else "CSV"
            raise UsageError(f"glossary {name} is not valid {kind} ({exc})") from None

    @classmethod
    def _parse_rows(cls, reader: Iterator[list[str]], name: str) -> Glossary:
        header = next(reader)
        try:
            languages = tuple(normalize_language(cell) for cell in header)
        except UsageError as exc:
            raise UsageError(f"glossary {name}: the first line must name languages (en, es, ru): {exc}") from None
        if len(set(languages)) != len(languages) or len(languages) < 2:
            raise UsageError(f"glossary {name}: the first line must name two or more different languages")
        rows: list[dict[str, tuple[str, ...]]] = []
        for number, cells in enumerate(reader, start=2):
            if len(cells) > len(languages):
                raise UsageError(f"glossary {name}: line {number} has more cells than the header has languages")
            row = {}
            for language, cell in zip(languages, cells, strict=False):
                forms = tuple(form.strip() for form in cell.split("|") if form.strip())
                if len(forms) > MAX_FORMS:
                    raise UsageError(f"glossary {name}: line {number} has over {MAX_FORMS} forms in one cell")
                if any(len(form) > MAX_TERM_CHARS for form in forms):
                    raise UsageError(f"glossary {name}: line {number} has a term over {MAX_TERM_CHARS} characters")
                if forms:
                    row[language] = forms
            if len(row) >= 2:
                rows.append(row)
            if len(rows) > MAX_TERMS:
                raise UsageError(f"glossary {name} has over {MAX_TERMS} rows; split it")
        return cls(languages, tuple(rows))

    def pairs(self, source: str, target: str) -> list[tuple[tuple[str, ...], str]]:
        """(source forms, target rendering) for every row that has both languages."""
        return [(row[source], row[target][0]) for row in self.rows if source in row and target in row]


def load_keep(path: Path | str) -> tuple[str, ...]:
    """Terms to pass through untranslated, one per line (blank lines and # comments skipped)."""
    path = Path(path).expanduser()
    lines = read_user_text(path, "keep list", max_bytes=MAX_TERMS_FILE, encoding="utf-8-sig").splitlines()
    terms = tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
    if len(terms) > MAX_TERMS or any(len(term) > MAX_TERM_CHARS for term in terms):
        raise UsageError(f"keep list {path}: at most {MAX_TERMS} terms of {MAX_TERM_CHARS} characters each")
    return terms


@dataclass
class Masked:
    """A sentence with its protected spans replaced by placeholders, and how to put them back."""

    original: str
    text: str
    # (placeholder, what goes back in the output, start and end in `original`)
    slots: list[tuple[str, str, int, int]] = field(default_factory=list)

    def restore(self, output: str) -> str | None:
        """The output with each placeholder put back; None when one is missing or doubled.

        One pass over the output: a rendering that holds another placeholder's number ("Ruta 102")
        is written in as it is, never matched again.
        """
        if not self.slots:
            return output
        replacements = {placeholder: replacement for placeholder, replacement, _, _ in self.slots}
        pattern = re.compile(r"(?<!\d)(?:" + "|".join(sorted(replacements, key=len, reverse=True)) + r")(?!\d)")
        found = [match.group() for match in pattern.finditer(output)]
        if sorted(found) != sorted(replacements):
            return None
        return pattern.sub(lambda match: replacements[match.group()], output)

    def pieces(self) -> list[tuple[str, bool]]:
        """The original cut at the spans: (text, True) for a span's replacement, (text, False) to translate."""
        parts: list[tuple[str, bool]] = []
        position = 0
        for _, replacement, start, end in sorted(self.slots, key=lambda slot: slot[2]):
            parts.append((self.original[position:start], False))
            parts.append((replacement, True))
            position = end
        parts.append((self.original[position:], False))
        return [(text, kept) for text, kept in parts if text]


@dataclass(frozen=True)
class Terms:
    """The glossary and keep list of a run; empty means only the built-in spans are protected."""

    glossary: Glossary | None = None
    keep: tuple[str, ...] = ()
    _finders: dict[tuple[str, str, bool], TermFinder] = field(default_factory=dict, compare=False, repr=False)

    def _finder(self, source: str, target: str, glossary: bool) -> TermFinder:
        key = (source, target, glossary)
        if key not in self._finders:
            entries: list[tuple[str, str | None]] = [(term, None) for term in self.keep]
            if self.glossary is not None and glossary:
                entries += [(form, rendering) for forms, rendering in self.glossary.pairs(source, target)
                            for form in forms]  # fmt: skip
            self._finders[key] = TermFinder(entries)
        return self._finders[key]

    # Cached: keys ask for these for every text, and the glossary may hold thousands of rows.
    @cached_property
    def glossary_identity(self) -> str | None:
        """What the glossary alone contributes to a key (a chat model is told it; nothing is masked)."""
        if self.glossary is None:
            return None
        digest = hashlib.sha256()
        for row in self.glossary.rows:
            digest.update(repr(sorted(row.items())).encode())
        return digest.hexdigest()[:16]

    @cached_property
    def identity(self) -> str:
        """What the terms contribute to a translation's cache key."""
        digest = hashlib.sha256()
        digest.update((self.glossary_identity or "").encode())
        for term in self.keep:
            digest.update(term.encode() + b"\0")
        digest.update(_PROTECTED.pattern.encode())
        return digest.hexdigest()[:16]

    def spans(self, text: str, source: str, target: str, *, glossary: bool = True) -> list[tuple[int, int, str]]:
        """Protected spans of `text`, leftmost-longest and not overlapping: (start, end, what the output gets).

        `glossary=False` leaves glossary terms to the translator (a chat model, told them in its prompt).
        """
        candidates: list[tuple[int, int, str]] = [(m.start(), m.end(), m.group()) for m in _PROTECTED.finditer(text)]
        candidates += self._finder(source, target, glossary).find(text)
        chosen: list[tuple[int, int, str]] = []
        for start, end, replacement in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
            if not chosen or start >= chosen[-1][1]:
                chosen.append((start, end, replacement))
        return chosen

    def mask(self, text: str, source: str, target: str, *, glossary: bool = True) -> Masked:
        """`text` with its protected spans replaced by numbers that appear nowhere else in it."""
        masked = Masked(text, text)
        spans = self.spans(text, source, target, glossary=glossary)
        if not spans:
            return masked
        taken = set(re.findall(r"\d+", text))
        numbers = (str(n) for n in range(_FIRST_PLACEHOLDER, 10_000) if str(n) not in taken)
        parts: list[str] = []
        position = 0
        for start, end, replacement in spans:
            placeholder = next(numbers)
            parts += [text[position:start], placeholder]
            masked.slots.append((placeholder, replacement, start, end))
            position = end
        parts.append(text[position:])
        masked.text = "".join(parts)
        return masked


def glossary_for(terms: Terms, text: str, source: str, target: str) -> list[tuple[str, tuple[str, ...]]]:
    """(source term, the target's forms) for each glossary term in `text`: what a chat translator is told."""
    if terms.glossary is None:
        return []
    found: dict[str, tuple[str, ...]] = {}
    for row in terms.glossary.rows:
        if source in row and target in row:
            for form in row[source]:
                if term_pattern(form).search(text):
                    found.setdefault(form, row[target])
                    break
    return list(found.items())


def glossary_instruction(entries: Sequence[tuple[str, tuple[str, ...]]]) -> str:
    """The line added to a chat translator's system prompt when the text holds glossary terms."""
    pairs = "; ".join(f'"{term}" as "{forms[0]}"' for term, forms in entries)
    return f"Translate these terms exactly as given (inflect them only where the grammar requires): {pairs}."


def missing_renderings(output: str, entries: Iterable[tuple[str, tuple[str, ...]]], language: str) -> list[str]:
    """The glossary renderings an answer lacks: none of the term's forms is in it, even inflected (Russian lemmas)."""
    missing = []
    for _, forms in entries:
        if any(form in output for form in forms):
            continue
        if language == "ru" and _has_lemma_sequence(output, forms[0]):
            continue
        missing.append(forms[0])
    return missing


def _has_lemma_sequence(output: str, term: str) -> bool:
    """Whether `output` holds `term` in another case ("Минпромторгом" for "Минпромторг")."""
    from .facts.lexicon import lemma

    wanted = [lemma(word, "ru") for word in re.findall(r"\w+", term)]
    words = [lemma(word, "ru") for word in re.findall(r"\w+", output)]
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))
