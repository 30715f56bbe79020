"""Small text helpers shared by the screens."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, for one-line cells and labels."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


class TextLine(Static):
    """A line of plain text (never markup) whose size its CSS fixes.

    ``show`` redraws only when the text changed and never asks for a new
    layout, so a status line updated at every keystroke costs no extra frame.
    """

    def show(self, text: str) -> None:
        current = self.content
        if isinstance(current, Text) and current.plain == text:
            return
        self.update(Text(text), layout=False)
