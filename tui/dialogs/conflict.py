"""The dialog shown when another clerk saved the same record first: both versions, side by side.

Forms open it through ``FormDialog`` (tui/dialogs/form.py); nothing else needs it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from models.conflict import differences, show_value
from models.i18n import t
from tui.dialogs.base import Dialog

COLUMNS = (16, 26, 26)
"""Field, this clerk's value, the stored value: with two gaps and the scrollbar, the
72 cells inside the 76-cell box."""


def side_by_side(cells: tuple[str, str, str]) -> str:
    """One row of the comparison; a long value goes on over more lines in its own column,
    so both versions are read whole."""
    columns = [
        textwrap.wrap(cell, width) or [""] for cell, width in zip(cells, COLUMNS, strict=True)
    ]
    height = max(len(column) for column in columns)
    return "\n".join(
        " ".join(
            (column[line] if line < len(column) else "").ljust(width)
            for column, width in zip(columns, COLUMNS, strict=True)
        ).rstrip()
        for line in range(height)
    )


class ConflictDialog(Dialog[bool | None]):
    """Dismisses True to load the other clerk's version, False to keep one's own.

    Escape keeps one's own too (a form stays open to be saved again), unless
    ``escape_keeps_mine`` is False: then it dismisses None and decides nothing,
    for a choice that is written at once (a score cell).
    """

    BINDINGS = [
        Binding("r", "choose(True)", "conflict.key.reload", id="conflict.reload"),
        Binding("l", "choose(False)", "conflict.key.keep", id="conflict.keep"),
        Binding("escape", "cancel", show=False),
    ]

    def __init__(
        self,
        mine: Mapping[str, Any],
        theirs: Mapping[str, Any],
        labels: Mapping[str, str] | None = None,
        *,
        intro: str | None = None,
        hint: str | None = None,
        escape_keeps_mine: bool = True,
    ) -> None:
        super().__init__()
        self.rows = differences(mine, theirs)
        self.labels = dict(labels or {})
        self.intro = intro
        """What happened, in place of the general text (e.g. which score cell)."""
        self.hint = hint
        self.escape_keeps_mine = escape_keeps_mine

    def compose(self) -> ComposeResult:
        table = Text(no_wrap=True)
        table.append(
            side_by_side((t("conflict.field"), t("conflict.mine"), t("conflict.theirs"))),
            style="bold",
        )
        for field, mine, theirs in self.rows:
            label = self.labels.get(field, field)
            table.append("\n" + side_by_side((label, show_value(mine), show_value(theirs))))
        if not self.rows:
            table.append("\n" + t("conflict.same"))
        with Vertical(id="conflict-dialog", classes="dialog-box"):
            yield Static(Text(t("conflict.title"), style="bold"))
            yield Static(Text(self.intro or t("conflict.body")))
            with VerticalScroll(id="conflict-rows"):
                yield Static(table, id="conflict-table")
            yield Static(Text(self.hint or t("conflict.hint")), classes="dialog-hint")

    def action_choose(self, reload: bool) -> None:
        self.dismiss(reload)

    def action_cancel(self) -> None:
        self.dismiss(False if self.escape_keeps_mine else None)
