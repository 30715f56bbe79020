"""Dialogs of the Pelatihan and Riwayat screens: workshop form, employee picker, prompts.

Each dialog is a ``ModalScreen`` that dismisses with a value.  The ones that save call
the model themselves, so a refused value is explained beside the field while the
clerk's typing stays in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from models import workshop as rules
from models import workshop_form
from models.dates import (
    format_clock,
    format_day_long,
    format_day_medium,
    format_day_short,
    format_day_weekday,
)
from models.errors import KinerjaError, ValidationError
from models.i18n import get_language, t
from models.labels import repeat_label, workshop_kind_label
from models.office import Office
from models.store import ConflictError
from tui.textual_private import localise_bindings
from tui.widgets.conflict import ask_about_conflict
from tui.widgets.text import fit

Record = dict[str, Any]


# --------------------------------------------------------------------------- formatting


def day_long(day: dt.date) -> str:
    return format_day_long(day, get_language())


def day_weekday(day: dt.date) -> str:
    return format_day_weekday(day, get_language())


def day_short(day: dt.date) -> str:
    return format_day_short(day, get_language())


def day_medium(day: dt.date) -> str:
    return format_day_medium(day, get_language())


def clock(moment: dt.datetime) -> str:
    return format_clock(moment, get_language())


def session_times(session: Mapping[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.fromisoformat(str(session["mulai"])),
        dt.datetime.fromisoformat(str(session["selesai"])),
    )


def session_span(session: Mapping[str, Any]) -> str:
    """ "09.00–10.30", with the end date too when a session runs past midnight."""
    start, end = session_times(session)
    if end.date() != start.date():
        return f"{clock(start)}–{day_short(end.date())} {clock(end)}"
    return f"{clock(start)}–{clock(end)}"


# --------------------------------------------------------------------------- confirm


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; ``y``/``n`` answer it, escape says no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    #pl-confirm-box {
        width: 66; height: auto; max-height: 20;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #pl-confirm-buttons { height: 1; margin-top: 1; }
    #pl-confirm-buttons Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("y", "answer(True)", "pelatihan.key.yes", id="pelatihan.confirm.yes"),
        Binding("n", "answer(False)", "pelatihan.key.no", id="pelatihan.confirm.no"),
        Binding("escape", "answer(False)", "pelatihan.key.cancel", id="pelatihan.confirm.cancel"),
    ]

    def __init__(self, message: str, yes: str, no: str) -> None:
        super().__init__()
        localise_bindings(self)
        self.message = message
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="pl-confirm-box"):
            yield Static(Text(self.message), id="pl-confirm-message")
            with Horizontal(id="pl-confirm-buttons"):
                yield Button(f"{self.yes} (Y)", id="pl-confirm-yes", compact=True)
                yield Button(f"{self.no} (N)", id="pl-confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#pl-confirm-yes").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "pl-confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


# --------------------------------------------------------------------------- one value


class PromptDialog(ModalScreen[bool]):
    """Ask for one value and hand it to ``submit``, which saves it or raises.

    A refused value is explained under the input and the dialog stays open; it
    dismisses with True once ``submit`` succeeded.
    """

    DEFAULT_CSS = """
    PromptDialog { align: center middle; }
    #pl-prompt-box {
        width: 66; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #pl-prompt-title { text-style: bold; }
    #pl-prompt-row { height: 1; margin-top: 1; }
    #pl-prompt-label { width: 18; }
    #pl-prompt-input { width: 1fr; }
    #pl-prompt-error { color: $error; text-style: bold; height: auto; }
    #pl-prompt-hint { color: $text-muted; height: 1; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "cancel", "pelatihan.key.cancel", id="pelatihan.prompt.cancel"),
    ]

    def __init__(self, title: str, label: str, value: str, submit: Callable[[str], object]) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text = title
        self.label = label
        self.value = value
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(id="pl-prompt-box"):
            yield Static(Text(fit(self.title_text, 62)), id="pl-prompt-title")
            with Horizontal(id="pl-prompt-row"):
                yield Label(self.label, id="pl-prompt-label")
                yield Input(self.value, id="pl-prompt-input", compact=True)
            yield Static("", id="pl-prompt-error")
            yield Static(t("pelatihan.prompt.hint"), id="pl-prompt-hint")

    def on_mount(self) -> None:
        self.query_one("#pl-prompt-input").focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        error = self.query_one("#pl-prompt-error", Static)
        try:
            self.submit(event.value)
        except ConflictError:
            self.app.notify(t("pelatihan.changed_retry"), severity="warning", timeout=8)
            self.dismiss(False)
            return
        except KinerjaError as err:
            error.update(Text(str(err)))
            return
        self.dismiss(True)

    @on(Input.Changed)
    def _typed(self) -> None:
        self.query_one("#pl-prompt-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(False)


# --------------------------------------------------------------------------- picker


@dataclass(frozen=True)
class PickRow:
    """One employee a picker offers: the NIP returned and the cells shown."""

    nip: str
    cells: tuple[str, ...]
    search: str
    """Lower-case text the typed words are looked for in."""


@dataclass
class PickList:
    """One list of a picker (all employees, recommendations, high potential)."""

    title: str
    columns: tuple[tuple[str, int], ...]
    """Header and width of each column."""
    rows: list[PickRow]
    note: str = ""
    """A line saying what the list is based on."""


class EmployeePicker(ModalScreen[str | None]):
    """Type to narrow the list, arrows to move, enter to pick; tab switches between lists.

    Without ``on_pick`` the picker dismisses with the chosen NIP.  With it, every pick
    is handed to ``on_pick`` (which saves and returns a message, or raises) and the
    picker stays open, so a clerk can enrol a whole group in one go.
    """

    LIMIT = 300
    """Rows drawn at once; typing narrows a large office down to these."""

    DEFAULT_CSS = """
    EmployeePicker { align: center middle; }
    #pl-picker-box {
        width: 78; height: 22;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #pl-picker-title { text-style: bold; height: 1; }
    #pl-picker-note { color: $text-muted; height: 1; }
    #pl-picker-list { height: 1fr; }
    #pl-picker-message { height: auto; max-height: 3; }
    #pl-picker-message.error { color: $error; text-style: bold; }
    #pl-picker-hint { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "close", "pelatihan.key.close", id="pelatihan.picker.close"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("tab", "next_list(1)", "pelatihan.key.next_list", id="pelatihan.picker.next"),
        Binding("shift+tab", "next_list(-1)", show=False),
    ]

    def __init__(
        self,
        lists: Sequence[PickList],
        *,
        start: int = 0,
        on_pick: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        localise_bindings(self)
        self.lists = list(lists)
        self.index = start
        self.on_pick = on_pick
        self.shown: list[PickRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="pl-picker-box"):
            yield Static("", id="pl-picker-title")
            yield Input(
                placeholder=t("pelatihan.picker.placeholder"), id="pl-picker-filter", compact=True
            )
            yield Static("", id="pl-picker-note")
            table: DataTable[Text] = DataTable(
                id="pl-picker-list", cursor_type="row", zebra_stripes=True
            )
            table.can_focus = False
            yield table
            yield Static("", id="pl-picker-message")
            hint = "pelatihan.picker.hint_multi" if self.on_pick else "pelatihan.picker.hint"
            yield Static(t(hint), id="pl-picker-hint")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#pl-picker-list", DataTable)

    @property
    def current(self) -> PickList:
        return self.lists[self.index]

    def on_mount(self) -> None:
        self._show_list()
        self.query_one("#pl-picker-filter").focus()

    def _show_list(self) -> None:
        names = [
            f"[{item.title}]" if i == self.index and len(self.lists) > 1 else item.title
            for i, item in enumerate(self.lists)
        ]
        self.query_one("#pl-picker-title", Static).update(Text(fit("  ".join(names), 74)))
        self.query_one("#pl-picker-note", Static).update(Text(fit(self.current.note, 74)))
        table = self.table
        table.clear(columns=True)
        for header, width in self.current.columns:
            table.add_column(Text(fit(header, width)), width=width)
        self._fill()

    def _fill(self) -> None:
        query = self.query_one("#pl-picker-filter", Input).value
        words = query.casefold().split()
        digits = "".join(words)
        matches = [
            row
            for row in self.current.rows
            if all(w in row.search for w in words) or (digits.isdigit() and digits in row.nip)
        ]
        self.shown = matches[: self.LIMIT]
        table = self.table
        table.clear()
        widths = [width for _, width in self.current.columns]
        for row in self.shown:
            table.add_row(
                *(Text(fit(cell, width)) for cell, width in zip(row.cells, widths, strict=False)),
                key=row.nip,
            )
        if not self.current.rows:
            self._message(t("pelatihan.picker.empty_list"))
        elif not self.shown:
            self._message(t("pelatihan.picker.no_match"))
        elif len(matches) > self.LIMIT:
            self._message(t("pelatihan.picker.more", count=len(matches) - self.LIMIT))

    def _message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#pl-picker-message", Static)
        message.update(Text(text))
        message.set_class(error, "error")

    @on(Input.Changed, "#pl-picker-filter")
    def _typed(self) -> None:
        self._message("")
        self._fill()

    def action_move(self, step: int) -> None:
        table = self.table
        if self.shown:
            row = min(max(table.cursor_row + step, 0), len(self.shown) - 1)
            table.move_cursor(row=row, animate=False)

    def action_next_list(self, step: int) -> None:
        if len(self.lists) > 1:
            self.index = (self.index + step) % len(self.lists)
            self._message("")
            self._show_list()

    @on(Input.Submitted, "#pl-picker-filter")
    def _enter(self) -> None:
        row = self.table.cursor_row
        if not 0 <= row < len(self.shown):
            return
        nip = self.shown[row].nip
        if self.on_pick is None:
            self.dismiss(nip)
            return
        try:
            message = self.on_pick(nip)
        except KinerjaError as err:
            self._message(str(err), error=True)
            return
        for item in self.lists:
            item.rows = [r for r in item.rows if r.nip != nip]
        with self.prevent(Input.Changed):
            self.query_one("#pl-picker-filter", Input).value = ""
        self._fill()
        self._message(message)

    def action_close(self) -> None:
        self.dismiss(None)


# --------------------------------------------------------------------------- workshop form


_SCHEDULE_FIELDS = ("tanggal", "jam", "durasi", "ulang", "jumlah", "sampai", "kecuali")
_PREVIEW_LINES = 4
_PREVIEW_COLUMNS = 3


class WorkshopForm(ModalScreen[Record | None]):
    """Create or edit a workshop; the sessions the repeat rule gives are previewed live."""

    DEFAULT_CSS = """
    WorkshopForm { align: center middle; }
    #pl-form-box {
        width: 80; height: auto; max-height: 24;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #pl-form-title { text-style: bold; height: 1; }
    #pl-form-fields { height: auto; }
    .pl-row { height: 1; }
    .pl-label { width: 16; }
    .pl-label2 { width: 11; padding-left: 1; }
    .pl-row Input { width: 1fr; }
    .pl-row Select { width: 1fr; }
    .pl-error { color: $error; text-style: bold; height: auto; padding-left: 16; }
    #pl-preview-title { height: 1; margin-top: 1; text-style: bold; }
    #pl-preview { height: auto; max-height: 5; color: $text; }
    #pl-e-general { color: $error; text-style: bold; height: auto; }
    #pl-form-buttons { height: 1; }
    #pl-form-buttons Button { margin-right: 2; }
    #pl-form-hint { color: $text-muted; height: 1; width: 1fr; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "cancel", "pelatihan.key.cancel", id="pelatihan.form.cancel"),
    ]

    def __init__(self, office: Office, current: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.office = office
        self.current: Record | None = dict(current) if current else None

    # ------------------------------------------------------------ layout

    def _label(self, field: str, css: str = "pl-label") -> Label:
        return Label(t(f"pelatihan.field.{field}"), classes=css)

    def _error(self, field: str) -> Static:
        error = Static("", id=f"pl-e-{field}", classes="pl-error")
        error.display = False
        return error

    def _row(self, first: tuple[str, Widget], second: tuple[str, Widget] | None = None) -> Widget:
        widgets: list[Widget] = [self._label(first[0]), first[1]]
        if second is not None:
            widgets += [self._label(second[0], "pl-label2"), second[1]]
        return Horizontal(*widgets, classes="pl-row")

    def _kriteria_options(self) -> list[tuple[str, str]]:
        options = [(t("pelatihan.form.no_kriteria"), "")]
        codes: set[str] = set()
        for criterion in self.office.settings()["kriteria"]:
            options.append((str(criterion["nama"]), str(criterion["kode"])))
            codes.add(str(criterion["kode"]))
        stored = str(self.current.get("kriteria") or "") if self.current else ""
        if stored and stored not in codes:
            options.append((stored, stored))
        return options

    def compose(self) -> ComposeResult:
        title = (
            t("pelatihan.form.edit_title", judul=self.current["judul"])
            if self.current
            else t("pelatihan.form.add_title")
        )

        def text(field: str, placeholder: str = "") -> Input:
            return Input(placeholder=placeholder, id=f"pl-f-{field}", compact=True)

        def select(field: str, options: list[tuple[str, str]]) -> Select[str]:
            return Select(
                options, allow_blank=False, value=options[0][1], id=f"pl-f-{field}", compact=True
            )

        with Vertical(id="pl-form-box"):
            yield Static(Text(fit(title, 76)), id="pl-form-title")
            with Vertical(id="pl-form-fields"):
                yield self._row(("judul", text("judul")))
                yield self._error("judul")
                yield self._row(
                    ("jenis", select("jenis", [(workshop_kind_label(j), j) for j in rules.JENIS])),
                    ("kriteria", select("kriteria", self._kriteria_options())),
                )
                yield self._error("jenis")
                yield self._error("kriteria")
                yield self._row(("penyelenggara", text("penyelenggara")))
                yield self._error("penyelenggara")
                yield self._row(("tempat", text("tempat")))
                yield self._error("tempat")
                yield self._row(
                    ("kapasitas", text("kapasitas")), ("jp_per_sesi", text("jp_per_sesi"))
                )
                yield self._error("kapasitas")
                yield self._error("jp_per_sesi")
                yield self._row(
                    ("tanggal", text("tanggal", t("pelatihan.form.date_placeholder"))),
                    ("jam", text("jam", "08:00")),
                )
                yield self._error("tanggal")
                yield self._error("jam")
                yield self._row(
                    ("durasi", text("durasi")),
                    ("ulang", select("ulang", [(repeat_label(u), u) for u in rules.ULANG])),
                )
                yield self._error("durasi")
                yield self._error("ulang")
                yield self._row(
                    ("jumlah", text("jumlah")),
                    ("sampai", text("sampai", t("pelatihan.form.date_placeholder"))),
                )
                yield self._error("jumlah")
                yield self._error("sampai")
                yield self._row(
                    ("kecuali", text("kecuali", t("pelatihan.form.kecuali_placeholder")))
                )
                yield self._error("kecuali")
            yield Static("", id="pl-preview-title")
            yield Static("", id="pl-preview")
            yield Static("", id="pl-e-general")
            with Horizontal(id="pl-form-buttons"):
                yield Button(
                    t("pelatihan.form.save"), id="pl-form-save", compact=True, variant="primary"
                )
                yield Button(t("pelatihan.form.cancel"), id="pl-form-cancel", compact=True)
                yield Static(t("pelatihan.form.hint"), id="pl-form-hint")

    def on_mount(self) -> None:
        self._load(workshop_form.form_values(self.current))
        self.query_one("#pl-f-judul").focus()

    def _load(self, values: Mapping[str, str]) -> None:
        """Show form values (opening the form, or reloading after a conflict)."""
        with self.prevent(Input.Changed, Select.Changed):
            for field in workshop_form.FORM_FIELDS:
                widget = self.query_one(f"#pl-f-{field}")
                if isinstance(widget, Select | Input):
                    widget.value = values[field]
        self._update_preview()

    # ------------------------------------------------------------ values and errors

    def values(self) -> dict[str, str]:
        """The form's text, field by field."""
        result: dict[str, str] = {}
        for field in workshop_form.FORM_FIELDS:
            widget = self.query_one(f"#pl-f-{field}")
            if isinstance(widget, Select):
                value = widget.value
                result[field] = value if isinstance(value, str) else ""
            elif isinstance(widget, Input):
                result[field] = widget.value
        return result

    def _set_error(self, field: str | None, message: str) -> None:
        target = field if field in workshop_form.FORM_FIELDS else "general"
        error = self.query_one(f"#pl-e-{target}", Static)
        error.update(Text(message))
        error.display = bool(message)

    def _clear_errors(self, fields: Sequence[str]) -> None:
        for field in fields:
            self._set_error(field, "")

    def _update_preview(self) -> None:
        """Show the dates the schedule gives, or why it gives none."""
        self._clear_errors(_SCHEDULE_FIELDS)
        title = self.query_one("#pl-preview-title", Static)
        preview = self.query_one("#pl-preview", Static)
        values = self.values()
        if not values["tanggal"].strip():
            title.update(t("pelatihan.form.preview_title", count=0))
            preview.update(Text(t("pelatihan.form.preview_need_date"), style="italic"))
            return
        try:
            sessions = workshop_form.preview_sessions(values, self.current)
        except ValidationError as err:
            self._set_error(workshop_form.form_field(err), str(err))
            title.update(t("pelatihan.form.preview_title", count=0))
            preview.update(Text(t("pelatihan.form.preview_invalid"), style="italic"))
            return
        title.update(t("pelatihan.form.preview_title", count=len(sessions)))
        preview.update(Text(preview_text(sessions)))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        field = (event.input.id or "")[len("pl-f-") :]
        if field in _SCHEDULE_FIELDS:
            self._update_preview()
        else:
            self._set_error(field, "")

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        field = (event.select.id or "")[len("pl-f-") :]
        if field in _SCHEDULE_FIELDS:
            self._update_preview()
        else:
            self._set_error(field, "")

    def _focus_field(self, field: str | None) -> None:
        for widget in self.query(f"#pl-f-{field}"):
            widget.focus()

    # ------------------------------------------------------------ saving

    @on(Input.Submitted)
    @on(Button.Pressed, "#pl-form-save")
    def action_save(self) -> None:
        self._clear_errors([*workshop_form.FORM_FIELDS, "general"])
        try:
            data = workshop_form.form_data(self.values())
            if self.current is None:
                saved = self.office.create_workshop(data)
            else:
                saved = self.office.edit_workshop(self.current, data)
        except ConflictError as err:
            self._conflict(err)
            return
        except ValidationError as err:
            field = workshop_form.form_field(err)
            self._set_error(field, str(err))
            self._focus_field(field)
            return
        except KinerjaError as err:
            self._set_error("general", str(err))
            return
        self.dismiss(saved)

    def _conflict(self, err: ConflictError) -> None:
        """Another clerk saved this workshop meanwhile: reload their version or keep typing."""

        def chosen(current: Record, reload: bool) -> None:
            self.current = current
            if reload:
                self._load(workshop_form.form_values(current))
                self._set_error("general", t("pelatihan.form.reloaded"))
            else:
                self._set_error("general", t("pelatihan.form.keep_editing"))

        ask_about_conflict(self, err, self.values(), workshop_form.form_values, chosen)

    @on(Button.Pressed, "#pl-form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def preview_text(sessions: Sequence[Mapping[str, Any]]) -> str:
    """Session dates in columns, the tail summarised when there are many."""
    cells = []
    for session in sessions:
        start, _ = session_times(session)
        mark = " ×" if session.get("batal") else ""
        cells.append(f"{session['no']:>2}. {day_short(start.date())} {clock(start)}{mark}")
    room = _PREVIEW_LINES * _PREVIEW_COLUMNS
    shown = cells if len(cells) <= room else cells[: room - _PREVIEW_COLUMNS]
    lines = [
        "".join(f"{cell:<26}" for cell in shown[i : i + _PREVIEW_COLUMNS]).rstrip()
        for i in range(0, len(shown), _PREVIEW_COLUMNS)
    ]
    if len(shown) < len(cells):
        last, _ = session_times(sessions[-1])
        lines.append(
            t(
                "pelatihan.form.preview_more",
                count=len(cells) - len(shown),
                last=day_short(last.date()),
            )
        )
    return "\n".join(lines)
