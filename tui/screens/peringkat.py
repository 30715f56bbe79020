"""Peringkat: a period's ranking, the numbers behind each nilai, report cards and awards.

Everything shown is read from ``Office.results`` (the scoring engine) and the award
and report modules; this screen only arranges it.  The clerk picks a period and a unit,
opens the breakdown of the highlighted employee to explain a number line by line,
prints the report card as PDF, and confirms award candidates into award records.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowDoesNotExist

from models.dates import format_decimal
from models.errors import KinerjaError
from models.i18n import get_language, t
from models.labels import period_status_label, predikat_label
from models.nip import format_nip
from models.report import (
    ReportCard,
)
from models.scoring import PREDIKAT, PeriodResult, ScoreLine
from models.search import parse_query, search, search_text
from tui.keys import keys
from tui.screens.base import KinerjaScreen
from tui.screens.peringkat_dialogs import (
    AwardForm,
    AwardList,
    LaporanModal,
    RincianModal,
    cell,
    distribution_dialog,
    export_dialog,
)
from tui.widgets.fixed_table import FixedWidthTable

DEBOUNCE_FROM = 1000
"""From this many employees, the search waits for a pause in typing before filtering."""
DEBOUNCE_SECONDS = 0.2


@lru_cache(maxsize=16384)
def _format_nilai(value: Decimal, lang: str) -> str:
    return format_decimal(value, lang)


def _nilai(line: ScoreLine) -> str:
    return _format_nilai(line.nilai, get_language()) if line.nilai is not None else "–"


@lru_cache(maxsize=16384)
def _search_text(nama: str, nip: str, unit: str) -> str:
    return search_text(nama, nip, format_nip(nip), unit)


def _line_text(line: ScoreLine) -> str:
    return _search_text(line.nama, line.nip, line.unit)


def _line_nip(line: ScoreLine) -> str:
    return line.nip


def add_columns(
    ranked_table: DataTable[Any], incomplete_table: DataTable[Any], *, per_unit: bool
) -> None:
    """The ranking's columns (per unit: rank in the unit and in the office) and the others'."""
    ranked_table.clear(columns=True)
    incomplete_table.clear(columns=True)
    # The predikat column fits the longest band name; the name column gives way.
    band = max(len(predikat_label(p)) for p in PREDIKAT)
    spare = 15 - band
    if per_unit:
        ranked_table.add_column(t("peringkat.col.mark"), width=1, key="mark")
        ranked_table.add_column(t("peringkat.col.rank_unit"), width=4, key="rank_unit")
        ranked_table.add_column(t("peringkat.col.rank_office"), width=6, key="rank")
        ranked_table.add_column(t("peringkat.col.nama"), width=32 + spare, key="nama")
    else:
        ranked_table.add_column(t("peringkat.col.mark"), width=1, key="mark")
        ranked_table.add_column(t("peringkat.col.rank"), width=3, key="rank")
        ranked_table.add_column(t("peringkat.col.nama"), width=21 + spare, key="nama")
        ranked_table.add_column(t("peringkat.col.unit"), width=19, key="unit")
    ranked_table.add_column(t("peringkat.col.nilai"), width=6, key="nilai")
    ranked_table.add_column(t("peringkat.col.predikat"), width=band, key="predikat")
    incomplete_table.add_column(t("peringkat.col.nama"), width=21, key="nama")
    incomplete_table.add_column(t("peringkat.col.unit"), width=19, key="unit")
    incomplete_table.add_column(t("peringkat.col.nilai"), width=6, key="nilai")
    incomplete_table.add_column(t("peringkat.col.alasan"), width=24, key="alasan")


class RankTable(FixedWidthTable):
    """A row table for thousands of employees; Home and End jump to the first and last one."""

    BINDINGS = keys("peringkat.table")


class PeringkatScreen(KinerjaScreen):
    """The ranking of one period, office-wide or per unit, with awards and reports."""

    SCREEN_ID = "peringkat"

    DEFAULT_CSS = """
    PeringkatScreen #pk-info { height: 1; padding: 0 1; text-style: bold; }
    PeringkatScreen #pk-bar { height: 1; }
    PeringkatScreen #pk-filter { width: 1fr; height: 1; border: none; padding: 0 1; }
    PeringkatScreen #pk-filter:focus { text-style: underline; }
    PeringkatScreen #pk-scope { width: auto; max-width: 50; height: 1; padding: 0 1; }
    PeringkatScreen DataTable { scrollbar-size-vertical: 1; border-left: blank; }
    PeringkatScreen #pk-ranked { height: 1fr; min-height: 4; }
    PeringkatScreen #pk-incomplete-title { height: 1; padding: 0 1; }
    PeringkatScreen #pk-incomplete { height: auto; max-height: 7; }
    PeringkatScreen.-no-ranked #pk-ranked { height: 3; min-height: 3; }
    PeringkatScreen.-no-ranked #pk-incomplete { height: 1fr; max-height: 100%; }
    PeringkatScreen DataTable:focus { border-left: outer $accent; }
    """

    BINDINGS = keys("peringkat")

    def __init__(self) -> None:
        super().__init__()
        self.kode: str | None = None
        """The period shown; None until the first refresh picks the current one."""
        self.unit: str | None = None
        """The unit shown, or None for the whole office."""
        self.filter_text = ""
        self.result: PeriodResult | None = None
        self.candidates: set[str] = set()
        self.awarded: set[str] = set()
        self._units: list[str] = []
        self._columns_for: tuple[bool, str] | None = None
        self._cells: dict[tuple[str, bool], list[Text]] = {}
        """Rendered rows by (nip, per-unit layout); cleared whenever the data is re-read."""
        self._filter_timer: Timer | None = None
        self._drawn: tuple[int, str | None] | None = None
        """Generation and period last drawn by ``refresh_data``."""

    # ------------------------------------------------------------ layout

    def compose_body(self) -> ComposeResult:
        yield Static("", id="pk-info", markup=False)
        with Horizontal(id="pk-bar"):
            yield Input(placeholder=t("peringkat.filter_placeholder"), id="pk-filter")
            yield Static("", id="pk-scope", markup=False)
        yield RankTable(id="pk-ranked", cursor_type="row", zebra_stripes=True)
        yield Static("", id="pk-incomplete-title", markup=False)
        yield RankTable(id="pk-incomplete", cursor_type="row")

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#pk-ranked", DataTable).focus()

    # ------------------------------------------------------------ data

    def _resolve_period(self) -> dict[str, Any] | None:
        """The app's period, the one every screen shows."""
        current = self.current_period()
        self.kode = current["kode"] if current else None
        return current

    def refresh_data(self) -> None:
        """Re-read the period's results and redraw both tables, keeping the cursor row.

        Skipped when nothing was saved since the last drawing (closing a modal resumes
        the screen, and redrawing thousands of rows for nothing would be noticeable).
        """
        try:
            period = self._resolve_period()
            drawn = (self.office.generation, self.kode)
            if drawn == self._drawn:
                return
            if period is None:
                self.result = None
                self.candidates = set()
                self.awarded = set()
            else:
                self.result = self.office.results(period["kode"])
                self.candidates = {c.nip for c in self.office.award_candidates(period["kode"])}
                self.awarded = self.office.awarded_nips(period["kode"])
        except KinerjaError as exc:
            self.notify(str(exc), severity="error")
            return
        self._units = sorted(
            {ln.unit for ln in self.result.lines} if self.result else set(),
            key=lambda u: (u.casefold(), u),
        )
        if self.unit is not None and self.unit not in self._units:
            self.unit = None
        self._cells = {}
        self._drawn = drawn
        self._draw(period)

    def _visible(self, lines: Sequence[ScoreLine]) -> list[ScoreLine]:
        """The lines of the unit shown that the typed search finds (models.search)."""
        if self.unit is not None:
            lines = [ln for ln in lines if ln.unit == self.unit]
        return search(lines, parse_query(self.filter_text), _line_text, _line_nip)

    def _marker(self, nip: str) -> str:
        if nip in self.awarded:
            return t("peringkat.mark.awarded")
        if nip in self.candidates:
            return t("peringkat.mark.candidate")
        return ""

    def _draw(self, period: dict[str, Any] | None) -> None:
        ranked_table = self.query_one("#pk-ranked", DataTable)
        incomplete_table = self.query_one("#pk-incomplete", DataTable)
        info = self.query_one("#pk-info", Static)
        lines = self.result.lines if self.result else ()
        shown = self._visible(lines)
        ranked = [ln for ln in shown if ln.peringkat is not None]
        incomplete = [ln for ln in shown if ln.peringkat is None]

        if period is None:
            info.update(t("peringkat.no_period"))
        else:
            info.update(
                t(
                    "peringkat.info",
                    nama=period["nama"],
                    kode=period["kode"],
                    status=period_status_label(period["status"]),
                    ranked=len(ranked),
                    candidates=sum(1 for ln in ranked if ln.nip in self.candidates),
                    mark=t("peringkat.mark.candidate"),
                )
            )
        scope = t("peringkat.scope_all") if self.unit is None else self.unit
        self.query_one("#pk-scope", Static).update(t("peringkat.scope", unit=scope))
        self.query_one("#pk-incomplete-title", Static).update(
            t(
                "peringkat.incomplete_title",
                count=len(incomplete),
                candidate=t("peringkat.mark.candidate"),
                awarded=t("peringkat.mark.awarded"),
            )
        )
        self.set_class(not ranked and bool(incomplete), "-no-ranked")

        per_unit = self.unit is not None
        layout = (per_unit, get_language())
        ranked_key = self._cursor_key(ranked_table)
        incomplete_key = self._cursor_key(incomplete_table)
        ranked_row = ranked_table.cursor_row
        incomplete_row = incomplete_table.cursor_row
        if self._columns_for != layout:
            self._columns_for = layout
            add_columns(ranked_table, incomplete_table, per_unit=per_unit)
        else:
            ranked_table.clear()
            incomplete_table.clear()

        for ln in ranked:
            ranked_table.add_row(*self._ranked_cells(ln, per_unit), key=ln.nip)
        for ln in incomplete:
            incomplete_table.add_row(*self._incomplete_cells(ln), key=ln.nip)
        self._restore_cursor(ranked_table, ranked_key, ranked_row)
        self._restore_cursor(incomplete_table, incomplete_key, incomplete_row)

    def _ranked_cells(self, ln: ScoreLine, per_unit: bool) -> list[Text]:
        """The row of a ranked employee, built once per refresh and reused while filtering."""
        cached = self._cells.get((ln.nip, per_unit))
        if cached is not None:
            return cached
        if per_unit:
            cells = [
                cell(self._marker(ln.nip)),
                cell(str(ln.peringkat_unit), right=True),
                cell(str(ln.peringkat), right=True),
                cell(ln.nama),
            ]
        else:
            cells = [
                cell(self._marker(ln.nip)),
                cell(str(ln.peringkat), right=True),
                cell(ln.nama),
                cell(ln.unit),
            ]
        cells += [cell(_nilai(ln), right=True), cell(predikat_label(ln.predikat))]
        self._cells[(ln.nip, per_unit)] = cells
        return cells

    def _incomplete_cells(self, ln: ScoreLine) -> list[Text]:
        cached = self._cells.get((ln.nip, False))
        if cached is None:
            cached = [
                cell(ln.nama),
                cell(ln.unit),
                cell(_nilai(ln), right=True),
                cell("; ".join(ln.alasan)),
            ]
            self._cells[(ln.nip, False)] = cached
        return cached

    @staticmethod
    def _cursor_key(table: DataTable[Any]) -> str | None:
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except RowDoesNotExist:
            return None
        return str(key) if key is not None else None

    @staticmethod
    def _restore_cursor(table: DataTable[Any], key: str | None, row: int) -> None:
        if table.row_count == 0:
            return
        index = min(row, table.row_count - 1)
        if key is not None:
            with contextlib.suppress(RowDoesNotExist):
                index = table.get_row_index(key)
        table.move_cursor(row=max(index, 0), animate=False)

    # ------------------------------------------------------------ selection

    def _selected(self) -> ScoreLine | None:
        """The highlighted employee of the table in focus (the ranking by default)."""
        if self.result is None:
            return None
        focused = self.focused
        table_id = (
            "#pk-incomplete"
            if focused is not None and focused.id == "pk-incomplete"
            else "#pk-ranked"
        )
        table = self.query_one(table_id, DataTable)
        key = self._cursor_key(table)
        return self.result.by_nip.get(key) if key else None

    def _need_selected(self) -> ScoreLine | None:
        line = self._selected()
        if line is None:
            self.notify(t("peringkat.nothing_selected"), severity="warning")
        return line

    def _card(self, line: ScoreLine) -> ReportCard | None:
        assert self.kode is not None
        try:
            return self.office.report_card(self.kode, line.nip)
        except KinerjaError as exc:
            self.notify(str(exc), severity="error")
            return None

    # ------------------------------------------------------------ actions

    def action_rincian(self) -> None:
        if isinstance(self.focused, Input):
            # Enter ends the search: back to the (filtered) ranking.
            self.query_one("#pk-ranked", DataTable).focus()
            return
        line = self._need_selected()
        card = self._card(line) if line else None
        if card is not None:
            self.app.push_screen(RincianModal(card))

    def action_report(self) -> None:
        line = self._need_selected()
        card = self._card(line) if line else None
        if card is not None:
            self.app.push_screen(LaporanModal(card))

    def action_export(self) -> None:
        line = self._need_selected()
        card = self._card(line) if line else None
        if card is not None:
            self.app.push_screen(export_dialog(card))

    def action_cycle_unit(self, step: int) -> None:
        scopes: list[str | None] = [None, *self._units]
        position = scopes.index(self.unit) if self.unit in scopes else 0
        self.unit = scopes[(position + step) % len(scopes)]
        self._draw(self._resolve_period_quietly())

    def _resolve_period_quietly(self) -> dict[str, Any] | None:
        try:
            return self._resolve_period()
        except KinerjaError:
            return None

    def action_search(self) -> None:
        self.query_one("#pk-filter", Input).focus()

    @on(Input.Changed, "#pk-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        lines = len(self.result.lines) if self.result else 0
        if lines > DEBOUNCE_FROM:
            # Large offices: wait for a pause in typing instead of rebuilding per key.
            self._filter_timer = self.set_timer(DEBOUNCE_SECONDS, self._apply_filter)
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        self._filter_timer = None
        self._draw(self._resolve_period_quietly())

    def on_key(self, event: events.Key) -> None:
        """Escape in the search field clears it; down leaves it for the ranking."""
        focused = self.focused
        if not isinstance(focused, Input) or focused.id != "pk-filter":
            return
        if event.key == "escape":
            event.stop()
            focused.value = ""
            self.query_one("#pk-ranked", DataTable).focus()
        elif event.key == "down":
            event.stop()
            self.query_one("#pk-ranked", DataTable).focus()

    def action_distribution(self) -> None:
        if self.result is None:
            self.notify(t("peringkat.no_period"), severity="warning")
            return
        period = self._resolve_period_quietly()
        name = period["nama"] if period else ""
        self.app.push_screen(distribution_dialog(self.result, name))

    def action_award(self) -> None:
        line = self._need_selected()
        if line is None or self.kode is None:
            return
        try:
            self.office.check_award_candidate(self.kode, line.nip)
        except KinerjaError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return

        def saved(record: dict[str, Any] | None) -> None:
            if record is not None:
                self.notify(t("peringkat.award_saved", nama=line.nama, jenis=record["jenis"]))
                self.refresh_data()

        self.app.push_screen(AwardForm(self.office, self.kode, line, _nilai(line)), saved)

    def action_award_list(self) -> None:
        if self.kode is None:
            self.notify(t("peringkat.no_period"), severity="warning")
            return

        def closed(_: None) -> None:
            self.refresh_data()

        self.app.push_screen(AwardList(self.office, self.kode), closed)
