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


class ConflictDialog(Dialog[bool]):
    """Dismisses True to load the other clerk's version, False to keep editing one's own."""

    BINDINGS = [
        Binding("r", "choose(True)", "conflict.key.reload", id="conflict.reload"),
        Binding("l,escape", "choose(False)", "conflict.key.keep", id="conflict.keep"),
    ]

    def __init__(
        self,
        mine: Mapping[str, Any],
        theirs: Mapping[str, Any],
        labels: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.rows = differences(mine, theirs)
        self.labels = dict(labels or {})

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
            yield Static(t("conflict.body"))
            with VerticalScroll(id="conflict-rows"):
                yield Static("\n".join(lines), id="conflict-table")
            yield Static(t("conflict.hint"), classes="dialog-hint")

    def action_choose(self, reload: bool) -> None:
        self.dismiss(reload)
