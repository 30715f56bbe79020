"""The dialog shown when another clerk saved the same record first: both versions, side by side."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from models.conflict import differences, show_value
from models.i18n import t
from models.store import ConflictError
from tui.textual_private import localise_bindings


class ConflictDialog(ModalScreen[bool]):
    """Dismisses True to load the other clerk's version, False to keep editing one's own."""

    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    #conflict-dialog {
        width: 76; height: auto; max-height: 22;
        border: round $error; background: $surface; padding: 0 1;
    }
    #conflict-rows { height: auto; max-height: 14; }
    .conflict-hint { color: $text-muted; }
    """
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
        localise_bindings(self)
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
        with Vertical(id="conflict-dialog"):
            yield Static(f"[b]{t('conflict.title')}[/b]")
            yield Static(t("conflict.body"))
            with VerticalScroll(id="conflict-rows"):
                yield Static("\n".join(lines), id="conflict-table")
            yield Static(t("conflict.hint"), classes="conflict-hint")

    def action_choose(self, reload: bool) -> None:
        self.dismiss(reload)


def ask_about_conflict(
    form: ModalScreen[Any],
    err: ConflictError,
    mine: Mapping[str, Any],
    to_form: Callable[[Mapping[str, Any]], Mapping[str, Any]],
    on_choice: Callable[[dict[str, Any], bool], None],
    labels: Mapping[str, str] | None = None,
) -> None:
    """The whole conflict flow of a form: show both versions, then let the form act.

    ``to_form`` turns the stored record into the form's own values, so the two
    columns compare like with like; ``on_choice(current, reload)`` receives the
    record now stored (the form's new base revision) and the clerk's answer.
    A record deleted meanwhile closes the form with the message.
    """
    current = err.current
    if current is None:
        form.app.notify(str(err), severity="error")
        form.dismiss(None)
        return

    def answered(reload: bool | None) -> None:
        on_choice(dict(current), bool(reload))

    form.app.push_screen(ConflictDialog(mine, to_form(current), labels), answered)
