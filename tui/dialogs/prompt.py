"""The one dialog that asks for a single value: a comment, a session time, a file path."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from models.errors import KinerjaError
from models.i18n import t
from models.store import ConflictError
from tui.dialogs.base import Dialog

Submit = Callable[[str], str | None]
"""Saves or runs the typed value; returns a report to show, or None.

Raises ``KinerjaError`` (or ``Refused`` with a report of several lines) to refuse it.
"""


class Refused(Exception):
    """A value ``submit`` did not accept, with the report to show under the input."""


class Prompt(Dialog[str | None]):
    """Ask for one value; Enter hands it to ``submit``, Esc cancels.

    Without ``submit`` the dialog dismisses with the typed text.  With it, a refused
    value is explained under the input and the dialog stays open; otherwise it
    dismisses with what ``submit`` returned (the typed text when None), or, when
    ``stay_open``, shows that as a report and waits for another value (a file to
    import after fixing it).
    When another clerk saved the same record meanwhile, the dialog says so and
    closes with ``None`` so the screen shows their version.
    """

    BINDINGS = [
        Binding("escape", "close", "dialog.key.cancel", id="dialog.prompt.cancel"),
        Binding("pageup", "scroll_report(-1)", "dialog.key.report_up", id="dialog.prompt.up"),
        Binding("pagedown", "scroll_report(1)", "dialog.key.report_down", id="dialog.prompt.down"),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        label: str = "",
        submit: Submit | None = None,
        hint: str = "",
        note: str = "",
        placeholder: str = "",
        max_length: int = 0,
        stay_open: bool = False,
        done: Callable[[str], str] | None = None,
        overwrite: Submit | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.label = label
        self.submit = submit
        self.hint = hint or t("dialog.prompt.hint")
        self.note = note
        self.placeholder = placeholder
        self.max_length = max_length
        self.stay_open = stay_open
        self.done = done
        """What to tell the clerk once ``submit`` succeeded, from what it returned."""
        self.ran = False
        """Whether ``submit`` succeeded at least once (an import that changed data)."""
        self.overwrite = overwrite
        """``submit`` replacing an existing file, run once the clerk said yes to that."""

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box", classes="dialog-box"):
            yield Static(Text(self.title_text), id="prompt-title", classes="dialog-title")
            if self.note:
                yield Static(Text(self.note), classes="dialog-hint")
            with Horizontal(id="prompt-row"):
                if self.label:
                    yield Label(self.label, id="prompt-label")
                yield Input(
                    self.value,
                    placeholder=self.placeholder,
                    max_length=self.max_length,
                    id="prompt-input",
                    compact=True,
                )
            with VerticalScroll(id="prompt-report-box"):
                yield Static("", id="prompt-report")
            yield Static(self.hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#prompt-report-box").display = False
        self.query_one("#prompt-input").focus()

    def report(self, text: str, *, error: bool) -> None:
        report = self.query_one("#prompt-report", Static)
        report.update(Text(text))
        report.set_class(error, "error")
        self.query_one("#prompt-report-box").display = bool(text)

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.submit is None:
            self.dismiss(event.value)
            return
        self._run(self.submit, event.value)

    def _run(self, submit: Submit, value: str) -> None:
        from models.outfile import ExistsError

        try:
            shown = submit(value)
        except ExistsError as err:
            if self.overwrite is None:
                self.report(str(err), error=True)
            else:
                self._ask_to_overwrite(str(err), self.overwrite, value)
            return
        except ConflictError:
            self.app.notify(t("dialog.changed_retry"), severity="warning", timeout=8)
            self.dismiss(None)
            return
        except (KinerjaError, Refused) as err:
            self.report(str(err), error=True)
            return
        except OSError as err:
            self.report(t("dialog.os_error", error=err.strerror or str(err)), error=True)
            return
        self.ran = True
        if self.stay_open:
            self.report(shown or "", error=False)
            return
        result = value if shown is None else shown
        if self.done is not None:
            self.app.notify(self.done(result), timeout=10)
        self.dismiss(result)

    def _ask_to_overwrite(self, message: str, overwrite: Submit, value: str) -> None:
        """The file exists: replace it only when the clerk says so (y), else type another name."""
        from tui.dialogs.confirm import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(overwrite, value)
            else:
                self.report(message, error=True)

        self.app.push_screen(
            Confirm(
                t("dialog.overwrite", message=message),
                t("dialog.overwrite_yes"),
                t("dialog.overwrite_no"),
                default_yes=False,
            ),
            answered,
        )

    def action_scroll_report(self, direction: int) -> None:
        """PageUp and PageDown scroll a long report while the cursor stays in the input."""
        box = self.query_one("#prompt-report-box", VerticalScroll)
        if direction > 0:
            box.scroll_page_down(animate=False)
        else:
            box.scroll_page_up(animate=False)

    @on(Input.Changed, "#prompt-input")
    def _typed(self) -> None:
        if not self.stay_open:
            self.report("", error=False)
