"""The forms of Pengaturan: a list of labelled fields (office, criterion, role weights)
and the period form, whose end date and name follow its start and kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from models import period as period_rules
from models.dates import format_date_long, format_date_short, parse_date
from models.errors import KinerjaError
from models.i18n import get_language, t
from tui.dialogs.form import FormDialog, Record, Values

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


def date_text(iso: str) -> str:
    """A stored ISO date as the clerk types it (DD-MM-YYYY)."""
    return format_date_short(dt.date.fromisoformat(iso))


class SettingsForm(FormDialog):
    """A form of labelled fields, one per line; Enter saves through ``save``, Esc cancels."""

    DEFAULT_CSS = """
    SettingsForm #settings-form .dialog-title { margin-bottom: 1; }
    SettingsForm .form-row { height: 1; margin-top: 1; }
    SettingsForm .form-label { width: 31; }
    SettingsForm .form-row:focus-within {
        height: 1;  /* unchanged; matching the row makes Textual restyle its label on focus */
    }
    SettingsForm .form-row:focus-within .form-label { text-style: bold reverse; }
    SettingsForm Input, SettingsForm Select { width: 1fr; }
    SettingsForm Input { background: $boost; }
    SettingsForm .field-error { padding-left: 31; }
    SettingsForm .form-note, SettingsForm .form-hint { color: $text-muted; margin-top: 1; }
    """

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
        super().__init__(current)
        self.form_title = title
        self.fields = list(fields)
        self.FIELDS = tuple(f.name for f in self.fields)
        self.initial = dict(values)
        self.save_fn = save
        self.load_fn = load
        self.error_field = field_for
        self.only_changes = only_changes
        """Save only the fields the clerk changed, so a save never undoes another clerk's
        change to a field this clerk did not touch."""
        self.baseline = dict(values)
        """The values as loaded, to tell which fields the clerk changed."""
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-form", classes="dialog-box"):
            yield Static(self.form_title, classes="dialog-title")
            for field in self.fields:
                yield self.row(field.name, field.label, self._widget_for(field))
                yield self.error_line(field.name)
            yield from self.compose_extra()
            yield self.general_error()
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
                id=f"f-{field.name}",
            )
        return Input(value, placeholder=field.placeholder, compact=True, id=f"f-{field.name}")

    def compose_extra(self) -> ComposeResult:
        """Widgets shown after the fields (a preview, for instance)."""
        yield from ()

    def on_mount(self) -> None:
        if self.fields:
            self.query_one(f"#f-{self.fields[0].name}").focus()

    # ------------------------------------------------------------ FormDialog

    def save(self, values: Values) -> Record | None:
        if self.only_changes:
            values = {k: v for k, v in values.items() if v != self.baseline.get(k)}
            if not values:
                return None
        return self.save_fn(self.current, values)

    def form_values(self, record: Mapping[str, Any]) -> Values:
        if self.load_fn is None:
            return super().form_values(record)
        return self.load_fn(dict(record))

    def load(self, values: Mapping[str, Any]) -> None:
        self.baseline = {k: str(v) for k, v in values.items()}
        super().load(values)

    def field_for(self, err: KinerjaError) -> str | None:
        if self.error_field is not None:
            return self.error_field(err)
        return super().field_for(err)


class PeriodForm(SettingsForm):
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
        with_code = "kode" in self.FIELDS
        self.auto = {
            "tanggal_selesai": self._computed_end() or "",
            "nama": self._computed_name() if with_code else "",
        }
        self._follow("tanggal_selesai", self._computed_end())
        if with_code:
            self._follow("nama", self._computed_name())
        self._update_preview()

    def _jenis(self) -> str:
        return self.fixed_jenis if self.fixed_jenis is not None else self.value("jenis")

    def _computed_end(self) -> str | None:
        try:
            start = parse_date(self.value("tanggal_mulai"))
            return format_date_short(period_rules.period_end(self._jenis(), start))
        except KinerjaError:
            return None

    def _computed_name(self) -> str:
        try:
            start = parse_date(self.value("tanggal_mulai"))
            end = parse_date(self.value("tanggal_selesai"))
            return period_rules.default_period_name(self._jenis(), start, end)
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
        field = (event.input.id or "").removeprefix("f-")
        if field == "tanggal_mulai":
            self._follow("tanggal_selesai", self._computed_end())
        if field in ("tanggal_mulai", "tanggal_selesai") and "kode" in self.FIELDS:
            self._follow("nama", self._computed_name())
        self._update_preview()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.fixed_jenis is None:
            self._follow("tanggal_selesai", self._computed_end())
            if "kode" in self.FIELDS:
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
