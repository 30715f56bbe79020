"""Small text helpers shared by the screens."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from models.i18n import t
from models.labels import period_status_label
from tui.textual_private import localise_bindings


def period_heading(period: Mapping[str, Any] | None) -> str:
    """ "Periode 2026-S2 Semester II 2026 (terbuka)" (markup), or how to get a first period."""
    if period is None:
        return t("app.period_none")
    return t(
        "app.period_heading",
        kode=period["kode"],
        nama=period.get("nama", ""),
        status=period_status_label(str(period["status"])),
    )


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, for one-line cells and labels."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


UNIT_PREFIXES = ("seksi ", "subbagian ", "sub bagian ", "bagian ", "bidang ", "unit ")
"""Words most unit names start with; a narrow column drops them to show the part that differs."""


def fit_unit(unit: str, width: int) -> str:
    """A unit name in ``width`` cells: without its "Seksi"-like first word when too long,
    then cut with an ellipsis ("Ketenteraman dan…" rather than "Seksi Ketenter…")."""
    if len(unit) > width:
        lowered = unit.casefold()
        prefix = next((p for p in UNIT_PREFIXES if lowered.startswith(p)), "")
        unit = unit[len(prefix) :]
    return fit(unit, width)


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


class ReadingScroll(VerticalScroll):
    """A long text to read: j and k scroll it too, as in a pager (the arrows already do)."""

    BINDINGS = [
        Binding("j", "scroll_down", "key.scroll_down", id="reading.down", show=False),
        Binding("k", "scroll_up", "key.scroll_up", id="reading.up", show=False),
    ]

    def __init__(
        self, *children: Widget, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(*children, id=id, classes=classes)
        localise_bindings(self)
