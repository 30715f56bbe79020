"""The dialog shown when another clerk saved the same record first: both versions, side by side.

Forms open it through ``FormDialog`` (tui/dialogs/form.py); nothing else needs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from models.conflict import differences, show_value
from models.i18n import t
from tui.dialogs.base import Dialog


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
        lines = [
            f"[b]{t('conflict.field'):<18} {t('conflict.mine'):<26} {t('conflict.theirs')}[/b]"
        ]
        for field, mine, theirs in self.rows:
            label = self.labels.get(field, field)
            lines.append(
                f"{escape(label[:18]):<18} {escape(show_value(mine)[:26]):<26} "
                f"{escape(show_value(theirs)[:28])}"
            )
        if not self.rows:
            lines.append(t("conflict.same"))
        with Vertical(id="conflict-dialog", classes="dialog-box"):
            yield Static(f"[b]{t('conflict.title')}[/b]")
            yield Static(escape(self.intro) if self.intro else t("conflict.body"))
            with VerticalScroll(id="conflict-rows"):
                yield Static("\n".join(lines), id="conflict-table")
            yield Static(self.hint or t("conflict.hint"), classes="dialog-hint")

    def action_choose(self, reload: bool) -> None:
        self.dismiss(reload)

    def action_cancel(self) -> None:
        self.dismiss(False if self.escape_keeps_mine else None)
