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
    """y answers yes, n or Esc no; Enter presses the focused button.

    ``default_yes=False`` focuses "no", for questions whose yes is hard to undo
    (deleting): Enter then declines.  ``strict`` questions (audited actions such as
    reopening a closed period) take only y or n: Enter does nothing.
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
        strict: bool = False,
    ) -> None:
        super().__init__()
        self.message = message
        self.yes = yes or t("dialog.yes")
        self.no = no or t("dialog.no")
        self.title_text = title
        self.default_yes = default_yes
        self.strict = strict

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog-box"):
            if self.title_text:
                yield Static(Text(self.title_text), classes="dialog-title")
            yield Static(Text(self.message), id="confirm-message")
            with Horizontal(id="confirm-buttons"):
                for answer, label in (("yes", self.yes), ("no", self.no)):
                    button = Button(f"{label} ({answer[0]})", id=f"confirm-{answer}")
                    button.compact = True
                    button.can_focus = not self.strict
                    yield button

    def on_mount(self) -> None:
        if not self.strict:
            self.query_one("#confirm-yes" if self.default_yes else "#confirm-no").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
