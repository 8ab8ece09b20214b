"""Text that is safe to show: no terminal escape sequences, control characters or bidi overrides.

A statement, a model's output, a file name or a CSV id can carry bytes that a terminal obeys
(clear the screen, retitle the window, hide text) or that reorder what a reader sees (Trojan
Source bidi overrides). Input is cleaned when it is read, and every output format cleans again
whatever it prints, whatever produced it.
"""

from __future__ import annotations

import re
import unicodedata

# ESC sequences whole, so no "[2J" is left behind: CSI (ESC [ ... final byte), OSC and the other
# string commands (ESC ] ... BEL or ST), and two-character escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # the 8-bit CSI
)
# Explicit embeddings, overrides and isolates: they reorder text on screen.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _kept(ch: str) -> bool:
    if ch in "\n\t":
        return True
    if ch in _BIDI_CONTROLS:
        return False
    return unicodedata.category(ch) != "Cc"  # C0, DEL and C1 controls


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    # Python holds an undecodable byte of a file name as U+DC80-U+DCFF (surrogateescape): show the byte.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def repair_surrogates(text: str) -> str:
    """`text` with each lone surrogate (an undecodable file-name byte, a bad JSON escape) written as an escape.

    Such a character cannot be encoded, so it would crash any output; `\\x9b` shows what was there.
    """
    return _SURROGATE.sub(_escaped_surrogate, text) if _SURROGATE.search(text) else text


def first_surrogate(text: str) -> int | None:
    """The position of the first lone surrogate in `text`, or None when it is valid Unicode."""
    match = _SURROGATE.search(text)
    return match.start() if match else None


def clean_text(text: str) -> str:
    """`text` without escape sequences, control characters (tab and newline kept), bidi overrides or lone
    surrogates (shown as escapes).

    Line ends are normalised: CRLF and a lone CR become a newline (a bare CR rewrites a terminal line).
    """
    text = repair_surrogates(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    return "".join(ch for ch in text if _kept(ch))


def printable(text: str) -> str:
    """`clean_text` and stripped: for a model's output or a short field."""
    return clean_text(text).strip()


def one_line(text: str) -> str:
    """A name or id for a heading or a message: cleaned, on one line."""
    return " ".join(clean_text(text).split())
