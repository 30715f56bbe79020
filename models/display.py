"""Showing stored text safely: no character of it is ever obeyed by a terminal.

Control characters (C0, DEL, C1) can take over a terminal, and bidirectional
formatting characters can make a name read differently from what is stored.
``printable`` shows them instead of passing them on; every path that prints
stored text uses it, including error messages (``models.errors``), so it lives
in a module that depends on nothing else.  What may be stored at all is decided
in ``models.text``.
"""

from __future__ import annotations

from typing import Final

BIDI: Final = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Bidirectional marks, embeddings, overrides and isolates."""

FOLDED: Final = "\t\n\r"
"""Control characters that spreadsheets put in cells as spacing: shown as spaces."""

_DISPLAY = {code: "\ufffd" for code in (*range(0x20), *range(0x7F, 0xA0), *map(ord, BIDI))}
_DISPLAY.update({ord(char): " " for char in FOLDED})


def printable(text: str) -> str:
    """``text`` safe to print: spacing controls as spaces, the others as U+FFFD.

    Every character maps to exactly one, so positions (and styled spans over
    them) stay where they were.
    """
    if text.isprintable():
        return text
    return text.translate(_DISPLAY)


_UNSEEN = {code: None for code in (*range(0x20), *range(0x7F, 0xA0), *map(ord, BIDI))}


def without_controls(text: str) -> str:
    """``text`` without control or bidi characters (for the terminal's last line of defence).

    They take no cell on screen, so dropping them keeps every column where the
    layout put it; ``printable`` shows them instead, where the width is not fixed yet.
    """
    if text.isprintable():
        return text
    return text.translate(_UNSEEN)
