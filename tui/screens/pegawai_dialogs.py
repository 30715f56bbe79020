"""The Pegawai screen's dialogs: employee form, supervisor picker, detail, confirm, import, export.

Each dialog is a ``ModalScreen`` that dismisses with a value; the ones that
save call the office themselves so a validation error can be shown beside
the field it concerns while the clerk's typing stays in place.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from models import transfer
from models.dates import format_date_long
from models.employee import (
    EMPLOYEE_FIELDS,
    derived,
    display_name,
    employee_errors,
    subordinates,
)
from models.errors import KinerjaError, ValidationError
from models.golongan import JENIS_JABATAN, golongan_options, pangkat
from models.i18n import get_language, t
from models.labels import employee_status_label, gender_label
from models.nip import JENIS_ASN, NIP_LENGTH, format_nip, validate_nip
from models.office import Office
from models.store import ConflictError
from models.tabular import FORMATS
from tui.textual_private import localise_bindings
from tui.widgets.conflict import ask_about_conflict
from tui.widgets.text import fit

Record = dict[str, Any]

FORM_FIELDS: tuple[str, ...] = (
    "nip",
    "jenis_asn",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "unit",
    "atasan_nip",
)
"""Form order; also the ids of the error lines (``e-<field>``)."""

DETAIL_VALUE_WIDTH = 58
"""Room for a value beside its 15-cell label in the 78-cell detail box."""

_TEXT_FIELDS = ("nip", "nama", "gelar_depan", "gelar_belakang", "jabatan", "unit")


def _long_date(iso: str | None) -> str:
    if not iso:
        return "—"
    from datetime import date

    return format_date_long(date.fromisoformat(iso), get_language())


def person_label(emp: Mapping[str, Any]) -> str:
    """How a list names someone: ``Nama, gelar — Jabatan · Unit``."""
    return f"{display_name(emp)} — {emp.get('jabatan', '')} · {emp.get('unit', '')}"


# --------------------------------------------------------------------------- confirm


class ConfirmModal(ModalScreen[bool]):
    """A yes/no question; ``y``/``n`` answer it without moving the focus."""

    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    #confirm-box {
        width: 64; height: auto; max-height: 20;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #confirm-buttons { height: auto; margin-top: 1; }
    #confirm-buttons Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "pegawai.key.yes", id="pegawai.confirm.yes"),
        Binding("n", "answer(False)", "pegawai.key.no", id="pegawai.confirm.no"),
        Binding("escape", "answer(False)", "pegawai.key.cancel", id="pegawai.confirm.cancel"),
    ]

    def __init__(self, message: str, yes: str, no: str, *, default_yes: bool = True) -> None:
        super().__init__()
        localise_bindings(self)
        self.message = message
        self.yes = yes
        self.no = no
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
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


# --------------------------------------------------------------------------- picker


@dataclass(frozen=True)
class PickItem:
    """One choice of a picker: the value returned and the line shown."""

    value: str | None
    label: str
    search: str
    """Lower-case text the typed words are looked for in."""


@dataclass(frozen=True)
class Picked:
    """The picker's answer (``value`` may be ``None``: "no supervisor"), as opposed to cancel."""

    value: str | None


class PickerModal(ModalScreen[Picked | None]):
    """Type to narrow a long list, arrows to move, enter to pick, escape to cancel."""

    LIMIT = 200
    """Rows drawn at once; typing narrows a large office down to these."""

    DEFAULT_CSS = """
    PickerModal { align: center middle; }
    #picker-box {
        width: 76; height: 20;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #picker-list { height: 1fr; }
    #picker-hint { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "pegawai.key.cancel", id="pegawai.picker.cancel"),
        Binding("down", "to_list", show=False, id="pegawai.picker.to_list"),
    ]

    def __init__(self, title: str, items: Sequence[PickItem], current: str | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text = title
        self.items = list(items)
        self.current = current
        self.shown: list[PickItem] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(Text(self.title_text, style="bold"), id="picker-title")
            yield Input(
                placeholder=t("pegawai.picker.placeholder"), id="picker-filter", compact=True
            )
            yield OptionList(id="picker-list", compact=True)
            yield Static(t("pegawai.picker.hint"), id="picker-hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-filter").focus()

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        matches = [item for item in self.items if all(w in item.search for w in words)]
        self.shown = matches[: self.LIMIT]
        options = [
            Option(Text(fit(item.label, 72)), id=str(i)) for i, item in enumerate(self.shown)
        ]
        if len(matches) > self.LIMIT:
            more = t("pegawai.picker.more", count=len(matches) - self.LIMIT)
            options.append(Option(Text(more, style="italic"), id="more", disabled=True))
        listing = self.query_one("#picker-list", OptionList)
        listing.set_options(options)
        if self.shown:
            index = next(
                (
                    i
                    for i, item in enumerate(self.shown)
                    if item.value == self.current and words == []
                ),
                0,
            )
            listing.highlighted = index

    @on(Input.Changed, "#picker-filter")
    def _typed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-filter")
    def _enter(self) -> None:
        listing = self.query_one("#picker-list", OptionList)
        if listing.highlighted is not None and listing.highlighted < len(self.shown):
            self.dismiss(Picked(self.shown[listing.highlighted].value))

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id is not None and event.option_id.isdigit():
            self.dismiss(Picked(self.shown[int(event.option_id)].value))

    def action_to_list(self) -> None:
        listing = self.query_one("#picker-list", OptionList)
        listing.focus()
        if listing.highlighted is not None and listing.highlighted + 1 < len(self.shown):
            listing.highlighted += 1

    def action_cancel(self) -> None:
        self.dismiss(None)


def supervisor_items(office: Office, nip: str | None) -> list[PickItem]:
    """Active employees who could supervise ``nip``, and the "no supervisor" choice first."""
    items = [PickItem(None, t("pegawai.form.no_atasan"), t("pegawai.form.no_atasan").casefold())]
    for emp in office.employees():
        if not emp.get("aktif", True) or emp["nip"] == nip:
            continue
        label = person_label(emp)
        items.append(PickItem(emp["nip"], label, f"{label} {emp['nip']}".casefold()))
    return items


# --------------------------------------------------------------------------- form


class EmployeeForm(ModalScreen[Record | None]):
    """Add or edit one employee; saves through the office and dismisses with the stored record."""

    DEFAULT_CSS = """
    EmployeeForm { align: center middle; }
    #form-box {
        width: 78; height: auto; max-height: 23;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #form-title { text-style: bold; height: 1; }
    #form-fields { height: auto; max-height: 17; }
    .form-row { height: 1; }
    .form-label { width: 15; }
    .form-row Input { width: 1fr; background: $boost; }
    .form-row Input:focus { background: $accent 25%; }
    .form-row Select { width: 1fr; }
    #f-golongan { width: 16; }
    #pangkat { width: 1fr; padding-left: 1; color: $text-muted; }
    #unit-pick { width: 5; min-width: 5; }
    #f-atasan { width: 1fr; content-align: left middle; text-align: left; background: $boost; }
    .field-error { color: $error; text-style: bold; padding-left: 15; height: auto; }
    #derived { color: $text-muted; padding-left: 15; height: auto; }
    #e-general { color: $error; text-style: bold; height: auto; margin-top: 1; }
    #form-buttons { height: 1; margin-top: 1; }
    #form-buttons Button { margin-right: 2; }
    #form-hint { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "pegawai.key.cancel", id="pegawai.form.cancel"),
    ]

    def __init__(self, office: Office, current: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.office = office
        self.current: Record | None = dict(current) if current else None
        self.atasan_nip: str | None = current.get("atasan_nip") if current else None

    # ------------------------------------------------------------ layout

    def _row(self, field: str, *widgets: Widget) -> Horizontal:
        return Horizontal(
            Label(t(f"pegawai.field.{field}"), classes="form-label"), *widgets, classes="form-row"
        )

    def _error(self, field: str) -> Static:
        error = Static("", id=f"e-{field}", classes="" if field == "general" else "field-error")
        error.display = False
        return error

    def compose(self) -> ComposeResult:
        editing = self.current is not None
        title = (
            t("pegawai.form.edit_title", nama=self.current["nama"])
            if self.current
            else t("pegawai.form.add_title")
        )
        jenis = str(self.current["jenis_asn"]) if self.current else "PNS"
        with Vertical(id="form-box"):
            yield Static(Text(fit(title, 74)), id="form-title")
            with VerticalScroll(id="form-fields"):
                yield self._row(
                    "nip",
                    Input(
                        placeholder=t("pegawai.form.nip_placeholder"),
                        id="f-nip",
                        compact=True,
                        disabled=editing,
                        max_length=NIP_LENGTH + 6,
                    ),
                )
                yield self._error("nip")
                yield self._row(
                    "jenis_asn",
                    Select(
                        [(j, j) for j in JENIS_ASN],
                        value=jenis,
                        allow_blank=False,
                        id="f-jenis_asn",
                        compact=True,
                    ),
                )
                yield self._error("jenis_asn")
                yield Static("", id="derived")
                for field in ("nama", "gelar_depan", "gelar_belakang"):
                    yield self._row(field, Input(id=f"f-{field}", compact=True))
                    yield self._error(field)
                yield self._row(
                    "golongan",
                    Select(
                        [(g, g) for g in golongan_options(jenis)],
                        prompt=t("pegawai.form.choose"),
                        id="f-golongan",
                        compact=True,
                    ),
                    Static("", id="pangkat"),
                )
                yield self._error("golongan")
                yield self._row("jabatan", Input(id="f-jabatan", compact=True))
                yield self._error("jabatan")
                yield self._row(
                    "jenis_jabatan",
                    Select(
                        [(j, j) for j in JENIS_JABATAN],
                        value="Pelaksana",
                        prompt=t("pegawai.form.choose"),
                        id="f-jenis_jabatan",
                        compact=True,
                    ),
                )
                yield self._error("jenis_jabatan")
                yield self._row(
                    "unit",
                    Input(
                        id="f-unit",
                        compact=True,
                        suggester=SuggestFromList(self.office.units(), case_sensitive=False),
                    ),
                    Button("▾", id="unit-pick", compact=True),
                )
                yield self._error("unit")
                yield self._row("atasan_nip", Button("", id="f-atasan", compact=True))
                yield self._error("atasan_nip")
            yield self._error("general")
            with Horizontal(id="form-buttons"):
                yield Button(
                    t("pegawai.form.save"), id="form-save", compact=True, variant="primary"
                )
                yield Button(t("pegawai.form.cancel"), id="form-cancel", compact=True)
            yield Static(t("pegawai.form.hint"), id="form-hint")

    def on_mount(self) -> None:
        if self.current:
            self._load(self.current)
            self.query_one("#f-nama").focus()
        else:
            self._show_atasan()
            self.query_one("#f-nip").focus()
        self._update_derived()

    def _load(self, record: Mapping[str, Any]) -> None:
        """Show ``record`` in the widgets (opening an edit, or reloading after a conflict)."""
        for field in _TEXT_FIELDS:
            value = record.get(field) or ""
            self.query_one(f"#f-{field}", Input).value = (
                format_nip(value) if field == "nip" else value
            )
        self.query_one("#f-jenis_asn", Select).value = record["jenis_asn"]
        self._set_golongan_options(str(record["jenis_asn"]), record.get("golongan"))
        jenis_jabatan = record.get("jenis_jabatan")
        select = self.query_one("#f-jenis_jabatan", Select)
        if jenis_jabatan in JENIS_JABATAN:
            select.value = jenis_jabatan
        self.atasan_nip = record.get("atasan_nip")
        self._show_atasan()

    def _set_golongan_options(self, jenis: str, keep: object) -> None:
        select: Select[str] = self.query_one("#f-golongan", Select)
        options = golongan_options(jenis)
        select.set_options([(g, g) for g in options])
        if isinstance(keep, str) and keep in options:
            select.value = keep
        else:
            select.clear()
        self._update_pangkat()

    def _show_atasan(self) -> None:
        button = self.query_one("#f-atasan", Button)
        emp = self.office.employees_by_nip().get(self.atasan_nip or "")
        if self.atasan_nip is None:
            label = t("pegawai.form.no_atasan")
        elif emp is None:
            label = format_nip(self.atasan_nip)
        else:
            label = person_label(emp)
        button.label = fit(label, max(button.size.width, 56) - 2)

    # ------------------------------------------------------------ live feedback

    def _set_error(self, field: str, message: str) -> None:
        target = f"#e-{field}" if field in FORM_FIELDS else "#e-general"
        error = self.query_one(target, Static)
        error.update(Text(message))
        error.display = bool(message)

    def _clear_errors(self) -> None:
        for field in FORM_FIELDS:
            self._set_error(field, "")
        self._set_error("general", "")

    def _value(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, Select):
            value = widget.value
            return value if isinstance(value, str) else ""
        assert isinstance(widget, Input)
        return widget.value

    def _update_derived(self) -> None:
        """Birth date, gender and TMT CPNS read from the NIP as it is typed."""
        digits = "".join(self._value("f-nip").split())
        derived_line = self.query_one("#derived", Static)
        if len(digits) != NIP_LENGTH:
            derived_line.update(t("pegawai.form.derived_hint"))
            return
        try:
            info = validate_nip(digits, self._value("f-jenis_asn"))
        except ValidationError as err:
            derived_line.update("")
            if err.field == "nip" and self.current is None:
                self._set_error("nip", str(err))
            return
        if self.current is None:
            self._set_error("nip", "")
        parts = [
            t("pegawai.form.lahir", tanggal=_long_date(info.tanggal_lahir.isoformat())),
            gender_label(info.jenis_kelamin),
        ]
        if info.tmt_cpns is not None:
            parts.append(t("pegawai.form.tmt", tanggal=_long_date(info.tmt_cpns.isoformat())))
        derived_line.update(Text(" · ".join(parts)))

    def _update_pangkat(self) -> None:
        golongan = self._value("f-golongan")
        jenis = self._value("f-jenis_asn")
        label = ""
        if golongan and jenis:
            try:
                label = pangkat(golongan, jenis)
            except ValidationError:
                label = ""
        self.query_one("#pangkat", Static).update(label)

    def _complete_unit(self) -> None:
        """Take the unit the suggester shows: the clerk sees it in the field, so it is meant."""
        unit = self.query_one("#f-unit", Input)
        typed = unit.value.strip().casefold()
        if not typed:
            return
        units = self.office.units()
        if any(u.casefold() == typed for u in units):
            return
        completion = next((u for u in units if u.casefold().startswith(typed)), None)
        if completion is not None:
            unit.value = completion

    @on(Input.Blurred, "#f-unit")
    def _unit_left(self) -> None:
        self._complete_unit()

    @on(Input.Blurred, "#f-nip")
    def _nip_left(self, event: Input.Blurred) -> None:
        grouped = format_nip(event.value)
        if grouped != event.value:
            event.input.value = grouped

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        field = (event.input.id or "")[2:]
        if field == "nip":
            self._set_error("nip", "")
            self._update_derived()
        elif field in FORM_FIELDS:
            self._set_error(field, "")

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        if event.select.id == "f-jenis_asn" and isinstance(event.value, str):
            self._set_golongan_options(event.value, self._value("f-golongan"))
            self._set_error("jenis_asn", "")
            self._update_derived()
        elif event.select.id == "f-golongan":
            self._set_error("golongan", "")
            self._update_pangkat()
        elif event.select.id == "f-jenis_jabatan":
            self._set_error("jenis_jabatan", "")

    # ------------------------------------------------------------ choosing

    @on(Button.Pressed, "#f-atasan")
    def _pick_atasan(self) -> None:
        nip = self.current["nip"] if self.current else "".join(self._value("f-nip").split())

        def picked(answer: Picked | None) -> None:
            if answer is not None:
                self.atasan_nip = answer.value
                self._set_error("atasan_nip", "")
                self._show_atasan()

        self.app.push_screen(
            PickerModal(
                t("pegawai.picker.atasan_title"),
                supervisor_items(self.office, nip),
                self.atasan_nip,
            ),
            picked,
        )

    @on(Button.Pressed, "#unit-pick")
    def _pick_unit(self) -> None:
        units = [PickItem(u, u, u.casefold()) for u in self.office.units()]

        def picked(answer: Picked | None) -> None:
            if answer is not None and answer.value:
                unit = self.query_one("#f-unit", Input)
                unit.value = answer.value
                unit.focus()

        self.app.push_screen(PickerModal(t("pegawai.picker.unit_title"), units), picked)

    # ------------------------------------------------------------ saving

    def data(self) -> Record:
        """The form as an employee record (not yet cleaned)."""
        values: Record = {field: self._value(f"f-{field}") for field in _TEXT_FIELDS}
        values["jenis_asn"] = self._value("f-jenis_asn")
        values["golongan"] = self._value("f-golongan")
        values["jenis_jabatan"] = self._value("f-jenis_jabatan")
        values["atasan_nip"] = self.atasan_nip or ""
        if self.current is not None:
            values["nip"] = self.current["nip"]
            values["aktif"] = self.current.get("aktif", True)
        else:
            values["aktif"] = True
        return values

    def _focus_field(self, field: str | None) -> None:
        widget_id = {"atasan_nip": "f-atasan"}.get(field or "", f"f-{field}")
        for widget in self.query(f"#{widget_id}"):
            if widget.focusable:
                widget.focus()
                widget.scroll_visible()
            return

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        self._complete_unit()
        self._clear_errors()
        data = self.data()
        problems = employee_errors(data)
        if problems:
            shown: set[str] = set()
            for err in problems:
                field = err.field or "general"
                if field not in shown:
                    shown.add(field)
                    self._set_error(field, str(err))
            self._focus_field(problems[0].field)
            return
        try:
            if self.current is None:
                saved = self.office.add_employee(data)
            else:
                saved = self.office.edit_employee(self.current, data)
        except ConflictError as err:
            self._conflict(err)
            return
        except ValidationError as err:
            self._set_error(err.field or "general", str(err))
            self._focus_field(err.field)
            return
        except KinerjaError as err:
            self._set_error("general", str(err))
            return
        self.dismiss(saved)

    def _conflict(self, err: ConflictError) -> None:
        """Another clerk saved this employee meanwhile: reload their version or keep typing."""

        def chosen(current: Record, reload: bool) -> None:
            self.current = current
            if reload:
                self._load(current)
                self._update_derived()
                self._set_error("general", t("pegawai.form.reloaded"))
            else:
                self._set_error("general", t("pegawai.form.keep_editing"))

        labels = {
            name: t(f"pegawai.field.{'status' if name == 'aktif' else name}")
            for name in EMPLOYEE_FIELDS
        }
        ask_about_conflict(self, err, self.data(), dict, chosen, labels)

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# --------------------------------------------------------------------------- detail


class DetailModal(ModalScreen[str | None]):
    """Everything about one employee, the fields read from the NIP, and their direct reports."""

    DEFAULT_CSS = """
    DetailModal { align: center middle; }
    #detail-box {
        width: 78; height: auto; max-height: 23;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #detail-scroll { height: auto; max-height: 20; }
    #detail-hint { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("escape", "close", "pegawai.key.close", id="pegawai.detail.close"),
        Binding("e", "edit", "pegawai.key.edit", id="pegawai.detail.edit"),
    ]

    def __init__(self, office: Office, nip: str) -> None:
        super().__init__()
        localise_bindings(self)
        self.office = office
        self.nip = nip

    def body(self) -> Text:
        emp = self.office.employee(self.nip)
        by_nip = self.office.employees_by_nip()
        text = Text()
        text.append(display_name(emp) + "\n", style="bold")
        try:
            facts = derived(emp)
        except ValidationError:
            facts = {"tanggal_lahir": None, "jenis_kelamin": "", "tmt_cpns": None, "pangkat": ""}
        atasan = by_nip.get(emp.get("atasan_nip") or "")
        golongan = str(emp.get("golongan", ""))
        if facts["pangkat"]:
            golongan += f" ({facts['pangkat']})"
        rows = [
            ("nip", format_nip(emp["nip"])),
            ("jenis_asn", str(emp.get("jenis_asn", ""))),
            ("golongan", golongan),
            ("jabatan", f"{emp.get('jabatan', '')} ({emp.get('jenis_jabatan', '')})"),
            ("unit", str(emp.get("unit", ""))),
            (
                "atasan_nip",
                person_label(atasan) if atasan else t("pegawai.form.no_atasan"),
            ),
            ("status", employee_status_label(bool(emp.get("aktif", True)))),
            ("tanggal_lahir", _long_date(facts["tanggal_lahir"])),
            (
                "jenis_kelamin",
                gender_label(facts["jenis_kelamin"]) if facts["jenis_kelamin"] else "—",
            ),
        ]
        if emp.get("jenis_asn") == "PNS":
            rows.append(("tmt_cpns", _long_date(facts["tmt_cpns"])))
        for field, value in rows:
            label = t(f"pegawai.field.{field}")
            text.append(f"{label:<15}", style="bold")
            lines = textwrap.wrap(value, DETAIL_VALUE_WIDTH) or [""]
            text.append(("\n" + " " * 15).join(lines) + "\n")
        subs = subordinates(self.nip, self.office.employees())
        text.append("\n" + t("pegawai.detail.subordinates", count=len(subs)) + "\n", style="bold")
        if not subs:
            text.append("  " + t("pegawai.detail.no_subordinates") + "\n")
        for sub in subs:
            mark = "" if sub.get("aktif", True) else f" ({employee_status_label(False)})"
            text.append(fit(f"  • {display_name(sub)} — {sub.get('jabatan', '')}{mark}", 74) + "\n")
        return text

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box"):
            with VerticalScroll(id="detail-scroll"):
                yield Static(self.body(), id="detail-body")
            yield Static(t("pegawai.detail.hint"), id="detail-hint")

    def on_mount(self) -> None:
        self.query_one("#detail-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        self.dismiss("edit")


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class FileOutcome:
    """What running a file action produced: lines for the clerk, and whether data changed."""

    lines: list[str]
    error: bool
    changed: bool = False


FileAction = Callable[[Path], FileOutcome]


class FileModal(ModalScreen[bool]):
    """A file path typed in an Input; enter runs the action and shows its report below.

    The dialog stays open so the clerk can fix the file and press enter again;
    it dismisses with whether any run changed the office data.
    """

    DEFAULT_CSS = """
    FileModal { align: center middle; }
    #file-box {
        width: 78; height: auto; max-height: 22;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #file-title { text-style: bold; height: 1; }
    #file-path { margin: 1 0 0 0; background: $boost; }
    #file-report-box { height: auto; max-height: 13; margin-top: 1; }
    .file-hint { color: $text-muted; height: auto; }
    #file-report.error { color: $error; }
    """
    BINDINGS = [Binding("escape", "close", "pegawai.key.close", id="pegawai.file.close")]

    def __init__(self, title: str, hint: str, action: FileAction, default_path: str = "") -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text = title
        self.hint = hint
        self.action = action
        self.default_path = default_path
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="file-box"):
            yield Static(self.title_text, id="file-title")
            yield Static(self.hint, classes="file-hint")
            yield Input(
                self.default_path,
                placeholder=t("pegawai.file.placeholder"),
                id="file-path",
                compact=True,
            )
            with VerticalScroll(id="file-report-box"):
                yield Static("", id="file-report")
            yield Static(t("pegawai.file.keys"), classes="file-hint")

    def on_mount(self) -> None:
        self.query_one("#file-path").focus()

    def show(self, outcome: FileOutcome) -> None:
        report = self.query_one("#file-report", Static)
        report.update(Text("\n".join(outcome.lines), style="bold" if outcome.error else ""))
        report.set_class(outcome.error, "error")
        self.changed = self.changed or outcome.changed

    @on(Input.Submitted, "#file-path")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.show(FileOutcome([t("pegawai.file.path_required")], error=True))
            return
        try:
            outcome = self.action(Path(text).expanduser())
        except KinerjaError as err:
            outcome = FileOutcome([str(err)], error=True)
        except OSError as err:
            message = t("pegawai.file.os_error", error=err.strerror or str(err))
            outcome = FileOutcome([message], error=True)
        self.show(outcome)

    def action_close(self) -> None:
        self.dismiss(self.changed)


def import_dialog(office: Office) -> FileModal:
    """Import employees from CSV/XLSX: all or nothing, with the per-row report."""

    def run(path: Path) -> FileOutcome:
        report = transfer.import_employees(office, path)
        return FileOutcome(report.lines(), error=not report.ok, changed=report.ok)

    return FileModal(t("pegawai.import.title"), t("pegawai.import.hint"), run)


def export_dialog(office: Office) -> FileModal:
    """Export the register; the file name's ending (.csv, .json, .xlsx) picks the format."""

    def run(path: Path) -> FileOutcome:
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            suffix = path.suffix or path.name
            return FileOutcome([t("pegawai.export.suffix", suffix=suffix)], error=True)
        written = transfer.export(office, "employees", fmt=fmt, out=path)
        assert written is not None
        done = t("pegawai.export.done", count=len(office.employees()), path=str(written.resolve()))
        return FileOutcome([done], error=False)

    return FileModal(t("pegawai.export.title"), t("pegawai.export.hint"), run, "pegawai.csv")
