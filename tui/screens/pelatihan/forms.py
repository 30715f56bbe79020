"""The workshop form: what, where, how many seats, and a schedule previewed as it is typed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from models import workshop as rules
from models import workshop_form
from models.dates import format_clock, format_day_short
from models.errors import KinerjaError, ValidationError
from models.i18n import get_language, t
from models.labels import criterion_label, repeat_label, workshop_kind_label
from models.office import Office
from tui.dialogs.form import FormDialog, Record, Values
from tui.widgets.text import fit

_SCHEDULE_FIELDS = ("tanggal", "jam", "durasi", "ulang", "jumlah", "sampai", "kecuali")
_PREVIEW_LINES = 4
_PREVIEW_COLUMNS = 3


class WorkshopForm(FormDialog):
    """Create or edit a workshop; the sessions the repeat rule gives are previewed live."""

    FIELDS = workshop_form.FORM_FIELDS
    LABEL_CLASS = "pl-label"

    DEFAULT_CSS = """
    WorkshopForm #pl-form-title { height: 1; }
    WorkshopForm #pl-form-fields { height: auto; }
    WorkshopForm .pl-row { height: 1; }
    WorkshopForm .pl-label { width: 16; }
    WorkshopForm .pl-label2 { width: 12; padding-left: 1; }
    WorkshopForm .pl-row Input { width: 1fr; }
    WorkshopForm .pl-row Select { width: 1fr; }
    WorkshopForm .field-error { padding-left: 16; }
    WorkshopForm #pl-preview-title { height: 1; margin-top: 1; text-style: bold; }
    WorkshopForm #pl-preview { height: auto; max-height: 5; color: $text; }
    WorkshopForm #pl-form-buttons { height: 1; }
    WorkshopForm #pl-form-buttons Button { margin-right: 2; }
    WorkshopForm #pl-form-hint { color: $text-muted; height: 1; width: 1fr; }
    """

    def __init__(self, office: Office, current: Mapping[str, Any] | None = None) -> None:
        super().__init__(current)
        self.office = office

    # ------------------------------------------------------------ layout

    def _pair(self, first: tuple[str, Widget], second: tuple[str, Widget] | None = None) -> Widget:
        widgets: list[Widget] = [first[1]]
        if second is not None:
            widgets += [Label(t(f"pelatihan.field.{second[0]}"), classes="pl-label2"), second[1]]
        return self.row(first[0], t(f"pelatihan.field.{first[0]}"), *widgets, classes="pl-row")

    def _kriteria_options(self) -> list[tuple[str, str]]:
        options = [(t("pelatihan.form.no_kriteria"), "")]
        codes: set[str] = set()
        for criterion in self.office.settings()["kriteria"]:
            options.append((criterion_label(criterion), str(criterion["kode"])))
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
            return Input(placeholder=placeholder, id=f"f-{field}", compact=True)

        def select(field: str, options: list[tuple[str, str]]) -> Select[str]:
            return Select(
                options, allow_blank=False, value=options[0][1], id=f"f-{field}", compact=True
            )

        date_hint = t("dates.placeholder")
        kinds = [(workshop_kind_label(j), j) for j in rules.JENIS]
        repeats = [(repeat_label(u), u) for u in rules.ULANG]
        with Vertical(id="workshop-form", classes="dialog-box"):
            yield Static(Text(fit(title, 76)), id="pl-form-title", classes="dialog-title")
            with Vertical(id="pl-form-fields"):
                yield self._pair(("judul", text("judul")))
                yield self.error_line("judul")
                yield self._pair(
                    ("jenis", select("jenis", kinds)),
                    ("kriteria", select("kriteria", self._kriteria_options())),
                )
                yield self.error_line("jenis")
                yield self.error_line("kriteria")
                for field in ("penyelenggara", "tempat"):
                    yield self._pair((field, text(field)))
                    yield self.error_line(field)
                for left, right in (
                    (("kapasitas", text("kapasitas")), ("jp_per_sesi", text("jp_per_sesi"))),
                    (("tanggal", text("tanggal", date_hint)), ("jam", text("jam", "08:00"))),
                    (("durasi", text("durasi")), ("ulang", select("ulang", repeats))),
                    (("jumlah", text("jumlah")), ("sampai", text("sampai", date_hint))),
                ):
                    yield self._pair(left, right)
                    yield self.error_line(left[0])
                    yield self.error_line(right[0])
                yield self._pair(("kecuali", text("kecuali", f"{date_hint}, {date_hint}")))
                yield self.error_line("kecuali")
            yield Static("", id="pl-preview-title")
            yield Static("", id="pl-preview")
            yield self.general_error()
            with Horizontal(id="pl-form-buttons"):
                yield from self.buttons(t("pelatihan.form.save"), t("pelatihan.form.cancel"))
                yield Static(t("pelatihan.form.hint"), id="pl-form-hint")

    def on_mount(self) -> None:
        self.load(self.form_values(self.current))
        self.query_one("#f-judul").focus()

    # ------------------------------------------------------------ FormDialog

    def form_values(self, record: Mapping[str, Any] | None) -> Values:
        return workshop_form.form_values(record)

    def load(self, values: Mapping[str, Any]) -> None:
        super().load(values)
        self._update_preview()

    def field_for(self, err: KinerjaError) -> str | None:
        return workshop_form.form_field(err) if isinstance(err, ValidationError) else None

    def conflict_labels(self) -> Mapping[str, str]:
        return {name: t(f"pelatihan.field.{name}") for name in self.FIELDS}

    def save(self, values: Values) -> Record:
        data = workshop_form.form_data(values)
        if self.current is None:
            return self.office.create_workshop(data)
        return self.office.edit_workshop(self.current, data)

    # ------------------------------------------------------------ live preview

    def _update_preview(self) -> None:
        """Show the dates the schedule gives, or why it gives none."""
        self.clear_errors(_SCHEDULE_FIELDS)
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
            self.show_error(workshop_form.form_field(err), str(err))
            title.update(t("pelatihan.form.preview_title", count=0))
            preview.update(Text(t("pelatihan.form.preview_invalid"), style="italic"))
            return
        title.update(t("pelatihan.form.preview_title", count=len(sessions)))
        preview.update(Text(preview_text(sessions)))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._field_changed((event.input.id or "").removeprefix("f-"))

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        self._field_changed((event.select.id or "").removeprefix("f-"))

    def _field_changed(self, field: str) -> None:
        if field in _SCHEDULE_FIELDS:
            self._update_preview()
        else:
            self.show_error(field, "")


def preview_text(sessions: Sequence[Mapping[str, Any]]) -> str:
    """Session dates in columns, the tail summarised when there are many."""
    lang = get_language()
    cells = []
    for session in sessions:
        start, _ = rules.session_times(session)
        mark = " ×" if session.get("batal") else ""
        day = format_day_short(start.date(), lang)
        cells.append(f"{session['no']:>2}. {day} {format_clock(start, lang)}{mark}")
    room = _PREVIEW_LINES * _PREVIEW_COLUMNS
    shown = cells if len(cells) <= room else cells[: room - _PREVIEW_COLUMNS]
    lines = [
        "".join(f"{cell:<26}" for cell in shown[i : i + _PREVIEW_COLUMNS]).rstrip()
        for i in range(0, len(shown), _PREVIEW_COLUMNS)
    ]
    if len(shown) < len(cells):
        last, _ = rules.session_times(sessions[-1])
        lines.append(
            t(
                "pelatihan.form.preview_more",
                count=len(cells) - len(shown),
                last=format_day_short(last.date(), lang),
            )
        )
    return "\n".join(lines)
