"""The one yes/no question of the app."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from models.i18n import t
from tui.dialogs.base import Dialog


class Confirm(Dialog[bool]):
    """Y answers yes, N or Esc no; Enter presses the focused button.

    ``default_yes=False`` focuses "no", for questions whose yes cannot be undone
    (deleting, reopening a closed period): Enter alone then never confirms.
    """

    BINDINGS = [
        Binding("y", "answer(True)", "dialog.key.yes", id="dialog.confirm.yes"),
        Binding("n", "answer(False)", "dialog.key.no", id="dialog.confirm.no"),
        Binding("escape", "answer(False)", "dialog.key.cancel", id="dialog.confirm.cancel"),
    ]

    def __init__(
        self,
        message: str,
        yes: str | None = None,
        no: str | None = None,
        *,
        title: str = "",
        default_yes: bool = True,
    ) -> None:
        super().__init__()
        self.message = message
        self.yes = yes or t("dialog.yes")
        self.no = no or t("dialog.no")
        self.title_text = title
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog-box"):
            if self.title_text:
                yield Static(Text(self.title_text), classes="dialog-title")
            yield Static(Text(self.message), id="confirm-message")
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes} (Y)", id="confirm-yes", compact=True)
                yield Button(f"{self.no} (N)", id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-yes" if self.default_yes else "#confirm-no").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
