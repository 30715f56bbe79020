"""The one dialog that shows a long text to read and scroll (a breakdown, a report, a chart)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from models.i18n import t
from tui.dialogs.base import Dialog
from tui.widgets.text import ReadingScroll


class TextDialog(Dialog[str | None]):
    """A title, a scrollable text and a line of keys; j/k or the arrows scroll, Esc closes.

    Subclasses add keys that act on what is shown (print it, edit the record).
    """

    BINDINGS = [Binding("escape", "close", "dialog.key.close", id="dialog.text.close")]

    def __init__(self, title: str, body: str | Text, hint: str = "", *, box_id: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.hint = hint or t("dialog.text.hint")
        self.box_id = box_id or "text-box"

    def compose(self) -> ComposeResult:
        with Vertical(id=self.box_id, classes="dialog-box"):
            if self.title_text:
                yield Static(Text(self.title_text), classes="dialog-title")
            with ReadingScroll(id="text-scroll", classes="text-scroll"):
                body = self.body if isinstance(self.body, Text) else Text(self.body)
                yield Static(body, id="text-body")
            yield Static(Text(self.hint), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#text-scroll").focus()
