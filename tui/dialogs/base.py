"""What every dialog shares: a centred box, translated key descriptions, Esc to close."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input

from tui.textual_private import localise_bindings

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A modal screen whose content sits in a ``.dialog-box`` container (styled in app.tcss).

    Binding descriptions are catalog keys, translated when the dialog is built.
    Escape dismisses with ``None`` unless a subclass binds it otherwise.
    """

    BINDINGS = [Binding("escape", "close", "dialog.key.close", id="dialog.close")]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)

    def on_mount(self) -> None:
        # Coming back into a field must not select its text: the next Backspace or
        # letter would wipe what the clerk typed there (a refused value is selected
        # on purpose, by the form, so that typing the correction replaces it).
        for field in self.query(Input):
            field.select_on_focus = False

    def action_close(self) -> None:
        self.dismiss(None)
