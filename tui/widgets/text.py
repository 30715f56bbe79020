"""Small text helpers shared by the screens."""

from __future__ import annotations


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, for one-line cells and labels."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"
