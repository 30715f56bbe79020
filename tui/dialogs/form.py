"""The base of every form: fields, errors beside the field, focus, and the conflict dialog.

A form saves by itself, through one ``Office`` method in ``save``, so a refused
value is explained under the field it concerns while the clerk's typing stays in
place; the form closes (with the stored record) only once the office accepted it.
When another clerk saved the same record first, the conflict dialog shows both
versions and the clerk reloads theirs or keeps typing.

Widget ids follow one scheme: ``f-<field>`` for the input, ``e-<field>`` for its
error line, ``e-general`` for an error that belongs to no field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from models.errors import KinerjaError, ValidationError
from models.i18n import t
from models.store import ConflictError
from tui.dialogs.base import Dialog
from tui.dialogs.conflict import ConflictDialog

Record = dict[str, Any]
Values = dict[str, str]


class FormDialog(Dialog[Record | None]):
    """Enter (or the save button) saves, Esc cancels; subclasses lay out the fields.

    A subclass sets ``FIELDS`` (form order, the error lines' ids), composes its rows
    with ``row`` and ``error_line``, and implements ``save``; ``form_values`` turns a
    stored record into the form's text, which the conflict dialog compares and a
    reload shows.
    """

    FIELDS: tuple[str, ...] = ()
    LABEL_CLASS = "form-label"

    BINDINGS = [Binding("escape", "close", "dialog.key.cancel", id="dialog.form.cancel")]

    def __init__(self, current: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self.current: Record | None = dict(current) if current is not None else None
        """The stored record being edited (its rev guards against overwriting another save)."""
        self.opened_with: Values | None = None
        """The fields as the form opened, to tell whether Esc would throw typing away."""

    # ------------------------------------------------------------ what a form supplies

    def save(self, values: Values) -> Record | None:
        """Store the typed values through the office; raise KinerjaError to refuse them.

        None closes the form without a record (nothing was changed)."""
        raise NotImplementedError

    def form_values(self, record: Mapping[str, Any]) -> Values:
        """The form's text for a stored record (reloading another clerk's version)."""
        return {name: str(record.get(name, "")) for name in self.FIELDS}

    def field_for(self, err: KinerjaError) -> str | None:
        """The field an error is shown under (the model may name it differently)."""
        return err.field if isinstance(err, ValidationError) else None

    def conflict_labels(self) -> Mapping[str, str]:
        """Names of the fields in the conflict dialog (the field code when missing)."""
        return {}

    # ------------------------------------------------------------ layout helpers

    def row(self, name: str, label: str, *widgets: Widget, classes: str = "form-row") -> Horizontal:
        """A labelled line; the label is bold while the line has the focus (see app.tcss)."""
        del name
        return Horizontal(Label(label, classes=self.LABEL_CLASS), *widgets, classes=classes)

    def error_line(self, name: str) -> Static:
        error = Static("", id=f"e-{name}", classes="field-error")
        error.display = False
        return error

    def buttons(self, save: str, cancel: str) -> list[Button]:
        """The save and cancel buttons (Enter in any field saves too)."""
        return [
            Button(save, id="form-save", compact=True, variant="primary"),
            Button(cancel, id="form-cancel", compact=True),
        ]

    def general_error(self) -> Static:
        error = Static("", id="e-general", classes="form-general")
        error.display = False
        return error

    # ------------------------------------------------------------ values

    def widget(self, name: str) -> Widget:
        return self.query_one(f"#f-{name}")

    def value(self, name: str) -> str:
        widget = self.widget(name)
        if isinstance(widget, Select):
            value = widget.value
            return value if isinstance(value, str) else ""
        assert isinstance(widget, Input)
        return widget.value

    def set_value(self, name: str, value: str) -> None:
        widget = self.widget(name)
        if isinstance(widget, Select | Input):
            widget.value = value

    def values(self) -> Values:
        return {name: self.value(name) for name in self.FIELDS if self.query(f"#f-{name}")}

    def load(self, values: Mapping[str, str]) -> None:
        """Show ``values`` in the fields (opening an edit, or reloading after a conflict)."""
        with self.prevent(Input.Changed, Select.Changed):
            for name, value in values.items():
                if self.query(f"#f-{name}"):
                    self.set_value(name, value)

    # ------------------------------------------------------------ errors and focus

    def show_error(self, field: str | None, message: str) -> None:
        """``message`` under ``field``, or under the form when it names no field shown here."""
        target = field if field in self.FIELDS and self.query(f"#e-{field}") else "general"
        error = self.query_one(f"#e-{target}", Static)
        error.update(Text(message))
        error.display = bool(message)

    def clear_errors(self, fields: Sequence[str] | None = None) -> None:
        for name in (*(self.FIELDS if fields is None else fields), "general"):
            for error in self.query(f"#e-{name}"):
                assert isinstance(error, Static)
                error.update("")
                error.display = False

    def focus_field(self, field: str | None) -> None:
        for widget in self.query(f"#f-{field}"):
            if widget.focusable:
                widget.focus()
                widget.scroll_visible()
                if isinstance(widget, Input):
                    # Selected, so typing the correction replaces the refused value.
                    widget.select_all()
            return

    # ------------------------------------------------------------ saving

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_close()

    def on_mount(self) -> None:
        # A subclass's on_mount (which fills the fields) has run before this one.
        self.opened_with = self.values()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Entering a field selects it only while it holds what the form opened with.

        A stored or suggested value is typically replaced, so typing over it is
        quicker; what the clerk typed is never selected again, so going back to
        it and pressing Backspace removes one character, not the whole field.
        """
        field = event.widget
        if not isinstance(field, Input) or not field.value:
            return
        name = (field.id or "").removeprefix("f-")
        if self.opened_with is not None and self.opened_with.get(name) == field.value:
            field.select_all()

    @property
    def changed(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self.opened_with is not None and self.values() != self.opened_with

    def action_close(self) -> None:
        """Esc (or Cancel) closes; with changes typed, only after the clerk says so."""
        if not self.changed:
            self.dismiss(None)
            return
        from tui.dialogs.confirm import Confirm

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            Confirm(
                t("dialog.form.discard"),
                t("dialog.form.discard_yes"),
                t("dialog.form.discard_no"),
                default_yes=False,
            ),
            answered,
        )

    def action_save(self) -> None:
        self.clear_errors()
        try:
            saved = self.save(self.values())
        except ConflictError as err:
            self._conflict(err)
            return
        except KinerjaError as err:
            field = self.field_for(err)
            self.show_error(field, str(err))
            self.focus_field(field)
            return
        self.dismiss(saved)

    def _conflict(self, err: ConflictError) -> None:
        """Another clerk saved this record meanwhile: reload their version or keep typing.

        A record deleted meanwhile closes the form with the message.
        """
        fresh = err.current
        if fresh is None:
            self.app.notify(str(err), severity="error")
            self.dismiss(None)
            return
        theirs = dict(fresh)

        def answered(reload: bool | None) -> None:
            self.current = theirs
            if reload:
                self.load(self.form_values(theirs))
                self.show_error(None, t("dialog.form.reloaded"))
            else:
                self.show_error(None, t("dialog.form.kept"))

        dialog = ConflictDialog(self.values(), self.form_values(theirs), self.conflict_labels())
        self.app.push_screen(dialog, answered)
