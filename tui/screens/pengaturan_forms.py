"""Modal dialogs of the Pengaturan screen: forms that save through the office, and confirmations.

A form saves by itself (through a callback that calls one ``Office`` method) so a
refused value can be shown beside its field while the clerk's typing stays in
place; it closes only once the office has accepted the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from models import period as period_rules
from models.dates import format_date_long, format_date_short, parse_date
from models.errors import KinerjaError, ValidationError
from models.i18n import get_language, t
from models.store import ConflictError
from tui.textual_private import localise_bindings
from tui.widgets.conflict import ConflictDialog

Record = dict[str, Any]
Values = dict[str, str]
SaveFn = Callable[[Record | None, Values], Record]
"""Saves the form's values against the record it was opened from; raises KinerjaError."""
LoadFn = Callable[[Record], Values]
"""The form values that show a (freshly stored) record."""
FieldFor = Callable[[KinerjaError], str | None]
"""The form field an error belongs to, when the model names it differently."""


@dataclass(frozen=True)
class Field:
    """One labelled line of a form."""

    name: str
    """Widget id suffix, and the ``ValidationError.field`` whose message is shown under it."""
    label: str
    placeholder: str = ""
    options: tuple[tuple[str, str], ...] = ()
    """(label, value) pairs: the field is a Select instead of an Input."""


FORM_CSS = """
FormModal, ConfirmModal {
    align: center middle;
}
FormModal > #form-box, ConfirmModal > #confirm-box {
    width: 76;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: round $accent;
    background: $surface;
    padding: 0 1;
}
#form-box .form-title, #confirm-box .form-title, #conflict-box .form-title {
    text-style: bold;
    margin-bottom: 1;
}
#form-box .form-row {
    height: 1;
    margin-top: 1;
}
#form-box .form-label {
    width: 31;
}
#form-box .form-row:focus-within {
    height: 1;  /* unchanged; matching the row makes Textual restyle its label on focus changes */
}
#form-box .form-row:focus-within .form-label {
    text-style: bold reverse;
}
#form-box Input, #form-box Select {
    width: 1fr;
}
#form-box Input {
    background: $boost;
}
#form-box .form-error {
    padding-left: 31;
    color: $error;
    text-style: bold;
    display: none;
}
#form-box .form-error.-shown {
    display: block;
}
#form-box #form-general {
    padding-left: 0;
}
#form-box .form-note, #form-box .form-hint, #confirm-box .form-hint, #conflict-box .form-hint {
    color: $text-muted;
    margin-top: 1;
}
#confirm-box .confirm-body, #conflict-box .confirm-body {
    height: auto;
}
"""


class FormModal(ModalScreen[Record | None]):
    """A modal form: Enter saves through ``save``, Esc cancels; errors appear under fields."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS = [
        Binding("escape", "cancel", "pengaturan.key.cancel", id="pengaturan.form.cancel"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        values: Mapping[str, str],
        save: SaveFn,
        *,
        current: Record | None = None,
        load: LoadFn | None = None,
        field_for: FieldFor | None = None,
        only_changes: bool = False,
        note: str = "",
    ) -> None:
        super().__init__()
        localise_bindings(self)
        self.form_title = title
        self.fields = list(fields)
        self.initial = dict(values)
        self.save = save
        self.current = current
        """The stored record the clerk is editing (its rev guards against overwrites)."""
        self.load = load
        self.error_field = field_for
        self.only_changes = only_changes
        """Save only the fields the clerk changed, so a save never undoes another clerk's
        change to a field this clerk did not touch."""
        self.baseline = dict(values)
        """The values as loaded, to tell which fields the clerk changed."""
        self.note = note

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static(self.form_title, classes="form-title")
            for field in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(field.label, classes="form-label")
                    yield self._widget_for(field)
                yield Static("", id=f"err-{field.name}", classes="form-error")
            yield from self.compose_extra()
            yield Static("", id="form-general", classes="form-error")
            if self.note:
                yield Static(self.note, classes="form-note")
            yield Static(t("pengaturan.form.hint"), classes="form-hint")

    def _widget_for(self, field: Field) -> Input | Select[str]:
        value = self.initial.get(field.name, "")
        if field.options:
            return Select(
                field.options,
                value=value or field.options[0][1],
                allow_blank=False,
                compact=True,
                id=f"field-{field.name}",
            )
        return Input(
            value,
            placeholder=field.placeholder,
            compact=True,
            id=f"field-{field.name}",
        )

    def compose_extra(self) -> ComposeResult:
        """Widgets shown after the fields (a preview, for instance)."""
        yield from ()

    def on_mount(self) -> None:
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()

    # ------------------------------------------------------------ values

    def value(self, name: str) -> str:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.BLANK else str(widget.value)
        assert isinstance(widget, Input)
        return widget.value

    def set_value(self, name: str, value: str) -> None:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value

    def values(self) -> Values:
        return {field.name: self.value(field.name) for field in self.fields}

    # ------------------------------------------------------------ errors

    def clear_errors(self) -> None:
        for error in self.query(".form-error"):
            assert isinstance(error, Static)
            error.update("")
            error.remove_class("-shown")

    def show_error(self, message: str, field: str | None) -> None:
        """Put ``message`` under ``field`` (or under the form when no field fits) and focus it."""
        names = {f.name for f in self.fields}
        target = field if field in names else None
        error = self.query_one(f"#err-{target}" if target else "#form-general", Static)
        error.update(message)
        error.add_class("-shown")
        if target:
            widget = self.query_one(f"#field-{target}")
            widget.focus()
            if isinstance(widget, Input):
                # Selected, so typing the correction replaces the refused value.
                widget.select_all()

    def field_for(self, err: KinerjaError) -> str | None:
        if self.error_field is not None:
            return self.error_field(err)
        return err.field if isinstance(err, ValidationError) else None

    # ------------------------------------------------------------ saving

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        self.clear_errors()
        values = self.values()
        if self.only_changes:
            values = {k: v for k, v in values.items() if v != self.baseline.get(k)}
            if not values:
                self.dismiss(None)
                return
        try:
            saved = self.save(self.current, values)
        except ConflictError as err:
            self._conflict(err)
            return
        except KinerjaError as err:
            self.show_error(str(err), self.field_for(err))
            return
        self.dismiss(saved)

    def _conflict(self, err: ConflictError) -> None:
        if err.current is None or self.load is None:
            self.show_error(str(err), None)
            return
        fresh = err.current

        def decided(reload: bool | None) -> None:
            self.current = fresh
            if reload and self.load is not None:
                self.baseline = self.load(fresh)
                for name, value in self.baseline.items():
                    self.set_value(name, value)
                self.show_error(t("pengaturan.conflict.reloaded"), None)
            else:
                self.show_error(t("pengaturan.conflict.kept"), None)

        self.app.push_screen(ConflictDialog(self.values(), self.load(fresh)), decided)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PeriodForm(FormModal):
    """Create or edit a period; the end date and name follow the start and kind until typed over."""

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        values: Mapping[str, str],
        save: SaveFn,
        *,
        jenis: str | None = None,
        current: Record | None = None,
        load: LoadFn | None = None,
        note: str = "",
    ) -> None:
        super().__init__(title, fields, values, save, current=current, load=load, note=note)
        self.fixed_jenis = jenis
        """The kind of an existing period (not a field: it is fixed once created)."""
        self.auto: dict[str, str] = {}
        """The last value filled in automatically per field, to tell it from the clerk's own."""

    def compose_extra(self) -> ComposeResult:
        yield Static("", id="period-preview", classes="form-note")

    def on_mount(self) -> None:
        super().on_mount()
        names = {f.name for f in self.fields}
        self.auto = {
            "tanggal_selesai": self._computed_end() or "",
            "nama": self._computed_name() if "kode" in names else "",
        }
        self._follow("tanggal_selesai", self._computed_end())
        if "kode" in names:
            self._follow("nama", self._computed_name())
        self._update_preview()

    def _jenis(self) -> str:
        if self.fixed_jenis is not None:
            return self.fixed_jenis
        return self.value("jenis")

    def _computed_end(self) -> str | None:
        try:
            start = parse_date(self.value("tanggal_mulai"))
            return format_date_short(period_rules.period_end(self._jenis(), start))
        except KinerjaError:
            return None

    def _computed_name(self) -> str:
        try:
            kode = period_rules.validate_period_code(self.value("kode"))
            return period_rules.default_period_name(kode, self._jenis())
        except KinerjaError:
            return ""

    def _follow(self, name: str, computed: str | None) -> None:
        """Fill ``name`` with ``computed`` unless the clerk has typed something else there."""
        if computed is None:
            return
        current = self.value(name)
        if current == "" or current == self.auto.get(name):
            self.auto[name] = computed
            if current != computed:
                self.set_value(name, computed)

    def on_input_changed(self, event: Input.Changed) -> None:
        field = (event.input.id or "").removeprefix("field-")
        if field == "tanggal_mulai":
            self._follow("tanggal_selesai", self._computed_end())
        elif field == "kode":
            self._follow("nama", self._computed_name())
        self._update_preview()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.fixed_jenis is None:
            self._follow("tanggal_selesai", self._computed_end())
            if any(f.name == "kode" for f in self.fields):
                self._follow("nama", self._computed_name())
        self._update_preview()

    def _update_preview(self) -> None:
        """The typed dates in long form, so a slip (07 for 01) is seen before saving."""
        preview = self.query_one("#period-preview", Static)
        try:
            start = parse_date(self.value("tanggal_mulai"))
            end = parse_date(self.value("tanggal_selesai"))
        except KinerjaError:
            preview.display = False
            return
        preview.display = True
        lang = get_language()
        preview.update(
            t(
                "pengaturan.periode.preview",
                mulai=format_date_long(start, lang),
                selesai=format_date_long(end, lang),
                hari=(end - start).days + 1,
            )
        )


def date_text(iso: str) -> str:
    """A stored ISO date as the clerk types it (DD-MM-YYYY)."""
    return format_date_short(dt.date.fromisoformat(iso))


class ConfirmModal(ModalScreen[bool]):
    """A yes/no question; ``strict`` ones (audited actions) need Y, not just Enter."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "pengaturan.key.yes", id="pengaturan.confirm.yes"),
        Binding("n,escape", "answer(False)", "pengaturan.key.no", id="pengaturan.confirm.no"),
        Binding("enter", "enter", show=False),
    ]

    def __init__(self, title: str, body: str, *, strict: bool = False) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text = title
        self.body = body
        self.strict = strict

    def compose(self) -> ComposeResult:
        hint = "pengaturan.confirm.hint_strict" if self.strict else "pengaturan.confirm.hint"
        with Vertical(id="confirm-box"):
            yield Static(self.title_text, classes="form-title")
            yield Static(self.body, classes="confirm-body")
            yield Static(t(hint), classes="form-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_enter(self) -> None:
        if not self.strict:
            self.dismiss(True)
