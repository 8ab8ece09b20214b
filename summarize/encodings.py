"""Telling the encoding of a text that is not UTF-8 (charset-normalizer), so it is read right or named.

charset-normalizer ranks candidate encodings by how chaotic and how coherent the decoded text
looks; on a short text several legacy encodings tie (a Latin-1 Spanish file decodes "cleanly" as
Central European cp1250, with ń for ñ). Among the near-best candidates the most widely used
legacy encodings win: Windows-1252 for Western European text, Windows-1251 and KOI8-R for Cyrillic.
"""

from __future__ import annotations

from dataclasses import dataclass

# Most used first (web and office files of the last decades); anything else ranks after these.
_PREFERRED = ("cp1252", "cp1251", "koi8_r", "iso8859_15", "cp1250", "iso8859_2", "mac_roman", "cp866")
# Candidates whose "chaos" is within this of the best one count as equally plausible.
_TIE = 0.1
# Above this share of odd characters a decoding is not trusted: the error names the guess instead.
_MOST_CHAOS = 0.2
# Fewer non-ASCII bytes than this cannot tell one legacy encoding from another ("Привет" reads as Big5 too).
_FEWEST_TELLING_BYTES = 16


@dataclass(frozen=True)
class Guess:
    """A likely encoding, the text it gives, and whether it is sure enough to read the file with."""

    encoding: str
    text: str
    trusted: bool


def guess_encoding(data: bytes) -> Guess | None:
    """The likeliest legacy encoding of `data` (which is not UTF-8), or None when nothing fits."""
    from charset_normalizer import from_bytes

    candidates = list(from_bytes(data[:200_000]))
    if not candidates:
        return None
    least = min(match.chaos for match in candidates)
    near = [match for match in candidates if match.chaos <= least + _TIE]

    def rank(match: object) -> tuple[int, float, float]:
        encoding = str(getattr(match, "encoding", ""))
        preference = _PREFERRED.index(encoding) if encoding in _PREFERRED else len(_PREFERRED)
        return preference, float(getattr(match, "chaos", 1.0)), -float(getattr(match, "coherence", 0.0))

    best = min(near, key=rank)
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    telling = sum(byte >= 0x80 for byte in data[:200_000])
    # A few accented letters among plain ASCII words (Western text) tell enough; a run of them alone does not.
    sparse = len(data) >= 32 and telling / len(data) < 0.2
    trusted = best.chaos <= _MOST_CHAOS and (telling >= _FEWEST_TELLING_BYTES or sparse)
    if not trusted and best.encoding not in _PREFERRED:
        return None  # an unsure guess of a rare encoding would mislead more than help
    return Guess(best.encoding, text, trusted)


def iconv_name(encoding: str) -> str:
    """Python's codec name as iconv and editors spell it: cp1252 -> WINDOWS-1252, iso8859_15 -> ISO-8859-15."""
    name = encoding.upper().replace("_", "-")
    if name.startswith("CP125"):
        return "WINDOWS-" + name[2:]
    if name.startswith("ISO8859"):
        return "ISO-8859" + name[7:]
    return name
