"""The Pegawai screen's dialogs: employee form, supervisor picker, detail, confirm, import, export.

Each dialog is a ``ModalScreen`` that dismisses with a value; the ones that
save call the office themselves so a validation error can be shown beside
the field it concerns while the clerk's typing stays in place.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static

from models import transfer
from models.dates import format_date_long
from models.employee import (
    EMPLOYEE_FIELDS,
    derived,
    display_name,
    employee_errors,
    subordinates,
)
from models.errors import ValidationError
from models.golongan import JENIS_JABATAN, golongan_options, pangkat
from models.i18n import get_language, t
from models.labels import employee_status_label, gender_label, position_kind_label
from models.nip import JENIS_ASN, NIP_LENGTH, format_nip, jenis_for_nip, validate_nip
from models.office import Office
from models.tabular import FORMATS
from tui.dialogs.form import FormDialog
from tui.dialogs.picker import Picked, Picker, PickList, employee_list, unit_list
from tui.dialogs.prompt import Prompt, Refused
from tui.dialogs.text import TextDialog
from tui.keys import keys
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


def supervisor_list(office: Office, nip: str | None) -> PickList:
    """Active employees who could supervise ``nip``, and the "no supervisor" choice first."""
    return employee_list(
        t("pegawai.picker.atasan_title"),
        [e for e in office.employees() if e.get("aktif", True) and e["nip"] != nip],
        none_label=(t("pegawai.picker.no_atasan"), t("pegawai.picker.no_atasan_means")),
    )


# --------------------------------------------------------------------------- form


class EmployeeForm(FormDialog):
    """Add or edit one employee; saves through the office and dismisses with the stored record."""

    FIELDS = FORM_FIELDS
    DEFAULT_CSS = """
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
    #e-general { margin-top: 1; }
    #form-buttons { height: 1; margin-top: 1; }
    #form-buttons Button { margin-right: 2; }
    #form-hint { color: $text-muted; height: 1; }
    """

    def __init__(self, office: Office, current: Mapping[str, Any] | None = None) -> None:
        super().__init__(current)
        self.office = office
        self.atasan_nip: str | None = current.get("atasan_nip") if current else None
        self.jenis_chosen = current is not None
        """Whether the clerk chose PNS or PPPK; until then it follows the NIP typed."""

    # ------------------------------------------------------------ layout

    def _row(self, field: str, *widgets: Widget) -> Horizontal:
        return self.row(field, t(f"pegawai.field.{field}"), *widgets)

    def _error(self, field: str) -> Static:
        return self.general_error() if field == "general" else self.error_line(field)

    def compose(self) -> ComposeResult:
        editing = self.current is not None
        title = (
            t("pegawai.form.edit_title", nama=self.current["nama"])
            if self.current
            else t("pegawai.form.add_title")
        )
        jenis = str(self.current["jenis_asn"]) if self.current else "PNS"
        with Vertical(id="employee-form", classes="dialog-box"):
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
                        [(position_kind_label(j), j) for j in JENIS_JABATAN],
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
                    _not_a_stop(Button("▾ ↓", id="unit-pick", compact=True)),
                )
                yield self._error("unit")
                yield self._row("atasan_nip", Button("", id="f-atasan", compact=True))
                yield self._error("atasan_nip")
            yield self._error("general")
            with Horizontal(id="form-buttons"):
                yield from self.buttons(t("pegawai.form.save"), t("pegawai.form.cancel"))
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
        self.show_error(field, message)

    def _value(self, widget_id: str) -> str:
        return self.value(widget_id.removeprefix("f-"))

    def _update_derived(self) -> None:
        """Birth date, gender and TMT CPNS read from the NIP as it is typed."""
        digits = "".join(self._value("f-nip").split())
        derived_line = self.query_one("#derived", Static)
        if len(digits) != NIP_LENGTH:
            derived_line.update(t("pegawai.form.derived_hint"))
            return
        self._follow_nip(digits)
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

    def _follow_nip(self, digits: str) -> None:
        """Take PNS or PPPK from the NIP while the clerk has not chosen one.

        Jenis ASN sits below the NIP, so a PPPK NIP (whose middle digits are not a
        month) would otherwise be checked, and refused, as a PNS one.
        """
        if self.jenis_chosen or self.current is not None:
            return
        detected = jenis_for_nip(digits)
        select = self.query_one("#f-jenis_asn", Select)
        if detected is not None and detected != select.value:
            with self.prevent(Select.Changed):
                select.value = detected
            self._set_golongan_options(detected, self._value("f-golongan"))

    def on_key(self, event: events.Key) -> None:
        """Down in the unit field opens the list of units (the ▾ button, without a Tab stop)."""
        if event.key == "down" and self.focused is not None and self.focused.id == "f-unit":
            event.stop()
            event.prevent_default()
            self._pick_unit()

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
            focused = self.focused
            if focused is not None and event.select in focused.ancestors_with_self:
                self.jenis_chosen = True  # the clerk's own choice, not the initial value
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
            Picker(supervisor_list(self.office, nip), current=self.atasan_nip), picked
        )

    @on(Button.Pressed, "#unit-pick")
    def _pick_unit(self) -> None:
        units = unit_list(t("pegawai.picker.unit_title"), self.office.units())

        def picked(answer: Picked | None) -> None:
            if answer is not None and answer.value:
                unit = self.query_one("#f-unit", Input)
                unit.value = answer.value
                unit.focus()

        self.app.push_screen(Picker(units), picked)

    # ------------------------------------------------------------ saving

    def values(self) -> Record:
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

    def form_values(self, record: Mapping[str, Any]) -> Record:
        return dict(record)

    def load(self, values: Mapping[str, Any]) -> None:
        self._load(values)
        self._update_derived()

    def conflict_labels(self) -> Mapping[str, str]:
        return {
            name: t(f"pegawai.field.{'status' if name == 'aktif' else name}")
            for name in EMPLOYEE_FIELDS
        }

    def focus_field(self, field: str | None) -> None:
        super().focus_field({"atasan_nip": "atasan"}.get(field or "", field))

    def save(self, values: Record) -> Record:
        self._complete_unit()
        values = self.values()
        problems = employee_errors(values)
        if problems:
            shown: set[str] = set()
            for err in problems[1:]:
                field = err.field or "general"
                if field not in shown and field != problems[0].field:
                    shown.add(field)
                    self._set_error(field, str(err))
            raise problems[0]
        if self.current is None:
            return self.office.add_employee(values)
        return self.office.edit_employee(self.current, values)


def _not_a_stop(widget: Button) -> Button:
    """A button reached by its key, not by Tab: one Tab stop per field."""
    widget.can_focus = False
    return widget


# --------------------------------------------------------------------------- detail


class DetailModal(TextDialog):
    """Everything about one employee, the fields read from the NIP, and their direct reports."""

    BINDINGS = keys("pegawai.detail")

    def __init__(self, office: Office, nip: str) -> None:
        self.office = office
        self.nip = nip
        super().__init__("", self.render_body(), t("pegawai.detail.hint"), box_id="detail-box")

    def render_body(self) -> Text:
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
            (
                "jabatan",
                f"{emp.get('jabatan', '')} ({position_kind_label(str(emp.get('jenis_jabatan')))})",
            ),
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

    def action_edit(self) -> None:
        self.dismiss("edit")


# --------------------------------------------------------------------------- files


def import_dialog(office: Office) -> Prompt:
    """Import employees from CSV/XLSX: all or nothing, with the per-row report.

    The dialog stays open so the clerk can fix the file and press Enter again;
    its ``ran`` says whether an import changed the office data.
    """

    def run(text: str) -> str:
        path = _path(text)
        report = transfer.import_employees(office, path)
        lines = report.lines()
        # The verdict first: a long list of bad rows must not push it out of sight.
        findings = len(report.findings)
        shown = "\n".join([*lines[findings:], *lines[:findings]])
        if not report.ok:
            raise Refused(shown)
        return shown

    return Prompt(
        t("pegawai.import.title"),
        note=t("pegawai.import.hint"),
        hint=t("pegawai.file.keys"),
        placeholder=t("pegawai.file.placeholder"),
        submit=run,
        stay_open=True,
    )


def export_dialog(office: Office) -> Prompt:
    """Export the register; the file name's ending (.csv, .json, .xlsx) picks the format."""

    def run(text: str, force: bool = False) -> str:
        path = _path(text)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise Refused(t("pegawai.export.suffix", suffix=path.suffix or path.name))
        written = transfer.export(office, "employees", fmt=fmt, out=path, force=force)
        assert written is not None
        return t("pegawai.export.done", count=len(office.employees()), path=str(written.resolve()))

    return Prompt(
        t("pegawai.export.title"),
        "pegawai.xlsx",
        note=t("pegawai.export.hint"),
        hint=t("pegawai.file.keys"),
        placeholder=t("pegawai.file.placeholder"),
        submit=run,
        overwrite=lambda text: run(text, force=True),
        stay_open=True,
    )


def _path(text: str) -> Path:
    if not text.strip():
        raise Refused(t("pegawai.file.path_required"))
    return Path(text.strip()).expanduser()
