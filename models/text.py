"""Text at the boundary: what may be stored, and how stored text is shown safely.

Control characters (C0, DEL, C1) and the bidirectional formatting characters
can take over a terminal (an ESC sequence retitles it or clears the screen)
or make a name read differently from what is stored (U+202E turns the rest
of a line around).  The rules live here once (README, "CSV files"):

* names, ids and codes refuse them (``one_line``); line breaks and tabs,
  which spreadsheets put into cells, become single spaces;
* comments lose them (``clean_comment``), which says how many went, and have
  one length limit (``COMMENT_MAX``) whichever way they arrive;
* whatever prints stored text shows them as U+FFFD (``printable``), so text
  stored before these rules, or arriving some other way, stays harmless.
"""

from __future__ import annotations

import re
from typing import Final

from models.display import BIDI, FOLDED, printable
from models.errors import ValidationError

__all__ = [
    "COMMENT_MAX",
    "check_comment",
    "clean_comment",
    "code_point",
    "first_forbidden",
    "one_line",
    "printable",
    "refuse_controls",
]

COMMENT_MAX: Final = 1000
"""The longest comment (umpan balik) in characters, typed or imported."""

_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI}]")
_FOLD = {ord(char): " " for char in FOLDED}


def code_point(char: str) -> str:
    """``U+001B``: how a message names an invisible character."""
    return f"U+{ord(char):04X}"


def first_forbidden(text: str) -> tuple[int, str] | None:
    """The 1-based position and character of the first control or bidi character, if any.

    Tabs and line breaks do not count: they are spacing and become spaces.
    """
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    return match.start() + 1, match.group()


def refuse_controls(value: str, field: str) -> str:
    """``value`` unchanged, or a ValidationError naming its first control or bidi character.

    For names, ids and codes: an invisible character there is never meant,
    so it is refused rather than silently dropped.
    """
    found = first_forbidden(value)
    if found is not None:
        position, char = found
        raise ValidationError(
            "text.control", field=field, kolom=field, char=code_point(char), position=position
        )
    return value


def one_line(value: str, field: str) -> str:
    """``value`` as one line of single-spaced text; control characters are refused."""
    return " ".join(refuse_controls(value, field).split())


def clean_comment(value: str) -> tuple[str, int]:
    """The comment without control and bidi characters, and how many were removed.

    Tabs and line breaks become spaces; the outer spaces go.  The length is
    checked separately (``check_comment``), on the cleaned text.
    """
    cleaned, removed = _FORBIDDEN.subn("", value)
    return cleaned.translate(_FOLD).strip(), removed


def check_comment(text: str, field: str = "catatan") -> str:
    """``text`` unchanged, or a ValidationError when it is longer than ``COMMENT_MAX``."""
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            "text.comment_too_long", field=field, count=len(text), max=COMMENT_MAX
        )
    return text
