"""Peringkat: a period's ranking, the numbers behind each nilai, report cards and awards.

Everything shown is read from ``Office.results`` (the scoring engine) and the award
and report modules; this screen only arranges it.  The clerk picks a period and a unit,
opens the breakdown of the highlighted employee to explain a number line by line,
prints the report card as HTML, and confirms award candidates into award records.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.data_table import RowDoesNotExist
from textual.widgets.option_list import Option

from models import awards as award_rules
from models.dates import format_date_short, format_decimal, parse_iso
from models.errors import KinerjaError, ValidationError
from models.i18n import get_language, t
from models.labels import period_status_label, predikat_label
from models.office import Office
from models.report import (
    ReportCard,
    breakdown_lines,
    default_file_name,
    render_text,
    report_card,
    write_report,
)
from models.scoring import PREDIKAT, PeriodResult, ScoreLine, predikat_distribution
from models.store import ConflictError
from tui.screens.base import KinerjaScreen
from tui.textual_private import localise_bindings
from tui.widgets.fixed_table import FixedWidthTable

BAR: str = "█"
"""Bar character of the predikat chart; the Linux console font has it too."""
BAR_WIDTH = 36
DEBOUNCE_FROM = 1000
"""From this many employees, the search waits for a pause in typing before filtering."""
DEBOUNCE_SECONDS = 0.2
MODAL_TEXT_WIDTH = 72
"""Text width inside the 78-column modals (border, padding and scrollbar take the rest)."""


def _cell(value: str, *, right: bool = False) -> Text:
    """A table cell that is never read as markup and is cut with an ellipsis."""
    return Text(value, no_wrap=True, overflow="ellipsis", justify="right" if right else "left")


@lru_cache(maxsize=16384)
def _format_nilai(value: Decimal, lang: str) -> str:
    return format_decimal(value, lang)


def _nilai(line: ScoreLine) -> str:
    return _format_nilai(line.nilai, get_language()) if line.nilai is not None else "–"


class RankTable(FixedWidthTable):
    """A row table for thousands of employees; Home and End jump to the first and last one."""

    BINDINGS = [
        Binding("home", "scroll_top", show=False),
        Binding("end", "scroll_bottom", show=False),
    ]


class PeringkatScreen(KinerjaScreen):
    """The ranking of one period, office-wide or per unit, with awards and reports."""

    SCREEN_ID = "peringkat"
    TITLE_KEY = "screen.peringkat"
    MENU_KEY = "r"
    FKEY = "f5"

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

    BINDINGS = [
        Binding("enter", "rincian", "peringkat.key.rincian", id="peringkat.rincian", priority=True),
        Binding("p", "pick_period", "peringkat.key.periode", id="peringkat.periode"),
        Binding("u", "cycle_unit(1)", "peringkat.key.unit", id="peringkat.unit"),
        Binding(
            "U", "cycle_unit(-1)", "peringkat.key.unit_back", id="peringkat.unit_back", show=False
        ),
        Binding("a", "award", "peringkat.key.award", id="peringkat.award", show=False),
        Binding(
            "d", "distribution", "peringkat.key.distribusi", id="peringkat.distribusi", show=False
        ),
        Binding(
            "h", "award_list", "peringkat.key.award_list", id="peringkat.award_list", show=False
        ),
        Binding("l", "report", "peringkat.key.laporan", id="peringkat.laporan", show=False),
        Binding("e", "export", "peringkat.key.ekspor", id="peringkat.ekspor", show=False),
        Binding("slash", "search", "peringkat.key.cari", id="peringkat.cari", show=False),
    ]

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
        if self.kode is not None:
            for period in self.office.periods():
                if period["kode"] == self.kode:
                    return period
        current = self.office.current_period()
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

    def _visible(self, line: ScoreLine) -> bool:
        if self.unit is not None and line.unit != self.unit:
            return False
        if not self.filter_text:
            return True
        needle = self.filter_text.casefold()
        return needle in line.nama.casefold() or needle.replace(" ", "") in line.nip

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
        ranked = [ln for ln in lines if ln.peringkat is not None and self._visible(ln)]
        incomplete = [ln for ln in lines if ln.peringkat is None and self._visible(ln)]

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
                _cell(self._marker(ln.nip)),
                _cell(str(ln.peringkat_unit), right=True),
                _cell(str(ln.peringkat), right=True),
                _cell(ln.nama),
            ]
        else:
            cells = [
                _cell(self._marker(ln.nip)),
                _cell(str(ln.peringkat), right=True),
                _cell(ln.nama),
                _cell(ln.unit),
            ]
        cells += [_cell(_nilai(ln), right=True), _cell(predikat_label(ln.predikat))]
        self._cells[(ln.nip, per_unit)] = cells
        return cells

    def _incomplete_cells(self, ln: ScoreLine) -> list[Text]:
        cached = self._cells.get((ln.nip, False))
        if cached is None:
            cached = [
                _cell(ln.nama),
                _cell(ln.unit),
                _cell(_nilai(ln), right=True),
                _cell("; ".join(ln.alasan)),
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
            return report_card(self.office, self.kode, line.nip)
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
            self.app.push_screen(ExportModal(card))

    def action_pick_period(self) -> None:
        try:
            periods = self.office.periods()
        except KinerjaError as exc:
            self.notify(str(exc), severity="error")
            return
        if not periods:
            self.notify(t("peringkat.no_period"), severity="warning")
            return

        def chosen(kode: str | None) -> None:
            if kode and kode != self.kode:
                self.kode = kode
                self.refresh_data()

        self.app.push_screen(PeriodPicker(periods, self.kode), chosen)

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
        self.app.push_screen(DistribusiModal(self.result, name))

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

        self.app.push_screen(AwardForm(self.office, self.kode, line), saved)

    def action_award_list(self) -> None:
        if self.kode is None:
            self.notify(t("peringkat.no_period"), severity="warning")
            return

        def closed(_: None) -> None:
            self.refresh_data()

        self.app.push_screen(AwardList(self.office, self.kode), closed)


# ---------------------------------------------------------------------------- modals


class _Modal(ModalScreen[Any]):
    """A centred box that translates its binding descriptions like the screens do."""

    DEFAULT_CSS = """
    _Modal { align: center middle; }
    _Modal > .pk-box {
        width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    _Modal .pk-title { text-style: bold; }
    _Modal .pk-scroll { height: auto; max-height: 18; scrollbar-size-vertical: 1; }
    _Modal .pk-hint { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)

    def action_close(self) -> None:
        self.dismiss(None)


def _scroll(view: VerticalScroll, step: int) -> None:
    if step > 0:
        view.scroll_down(animate=False)
    else:
        view.scroll_up(animate=False)


class RincianModal(_Modal):
    """How one nilai came about, step by step, so a clerk can explain it."""

    BINDINGS = [
        Binding("escape", "close", "peringkat.key.close", id="peringkat.rincian.close"),
        Binding("l", "report", "peringkat.key.laporan", id="peringkat.rincian.laporan"),
        Binding("e", "export", "peringkat.key.ekspor", id="peringkat.rincian.ekspor"),
        Binding("j", "scroll(1)", "key.scroll_down", id="peringkat.rincian.down", show=False),
        Binding("k", "scroll(-1)", "key.scroll_up", id="peringkat.rincian.up", show=False),
    ]

    def __init__(self, card: ReportCard) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        card = self.card
        with Vertical(classes="pk-box", id="pk-rincian"):
            yield Static(
                t("peringkat.rincian_title", nama=card.nama, unit=card.unit),
                classes="pk-title",
                markup=False,
            )
            with VerticalScroll(classes="pk-scroll", id="pk-rincian-scroll"):
                yield Static(
                    "\n".join(breakdown_lines(card, MODAL_TEXT_WIDTH)),
                    id="pk-rincian-text",
                    markup=False,
                )
            yield Static(t("peringkat.rincian_hint"), classes="pk-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#pk-rincian-scroll").focus()

    def action_scroll(self, step: int) -> None:
        _scroll(self.query_one("#pk-rincian-scroll", VerticalScroll), step)

    def action_report(self) -> None:
        self.app.push_screen(LaporanModal(self.card))

    def action_export(self) -> None:
        self.app.push_screen(ExportModal(self.card))


class LaporanModal(_Modal):
    """The whole report card as text, scrollable, before printing it."""

    BINDINGS = [
        Binding("escape", "close", "peringkat.key.close", id="peringkat.laporan.close"),
        Binding("e", "export", "peringkat.key.ekspor", id="peringkat.laporan.ekspor"),
        Binding("j", "scroll(1)", "key.scroll_down", id="peringkat.laporan.down", show=False),
        Binding("k", "scroll(-1)", "key.scroll_up", id="peringkat.laporan.up", show=False),
    ]

    def __init__(self, card: ReportCard) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        with Vertical(classes="pk-box", id="pk-laporan"):
            with VerticalScroll(classes="pk-scroll", id="pk-laporan-scroll"):
                yield Static(
                    render_text(self.card, MODAL_TEXT_WIDTH), id="pk-laporan-text", markup=False
                )
            yield Static(t("peringkat.laporan_hint"), classes="pk-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#pk-laporan-scroll").focus()

    def action_scroll(self, step: int) -> None:
        _scroll(self.query_one("#pk-laporan-scroll", VerticalScroll), step)

    def action_export(self) -> None:
        self.app.push_screen(ExportModal(self.card))


class ExportModal(_Modal):
    """Where to write the HTML report; the current directory unless another path is typed."""

    BINDINGS = [Binding("escape", "close", "peringkat.key.cancel", id="peringkat.ekspor.close")]

    def __init__(self, card: ReportCard) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        with Vertical(classes="pk-box", id="pk-ekspor"):
            yield Static(
                t("peringkat.export_title", nama=self.card.nama), classes="pk-title", markup=False
            )
            yield Label(t("peringkat.export_path"))
            yield Input(value=default_file_name(self.card), id="pk-export-path")
            yield Static("", id="pk-export-error", classes="error", markup=False)
            yield Static(t("peringkat.export_hint"), classes="pk-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#pk-export-path").focus()

    @on(Input.Submitted, "#pk-export-path")
    def _write(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        error = self.query_one("#pk-export-error", Static)
        if not text:
            error.update(t("peringkat.export_path_required"))
            return
        try:
            written = write_report(self.card, Path(text))
        except KinerjaError as exc:
            error.update(str(exc))
            return
        self.app.notify(t("peringkat.export_done", path=str(written)), timeout=10)
        self.dismiss(str(written))


class PeriodPicker(_Modal):
    """Choose which period's ranking to show."""

    BINDINGS = [Binding("escape", "close", "peringkat.key.cancel", id="peringkat.periode.close")]

    def __init__(self, periods: list[dict[str, Any]], current: str | None) -> None:
        super().__init__()
        self.periods = periods
        self.current = current

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Text(
                    f"{p['kode']:<10} {p['nama']} ({period_status_label(p['status'])})",
                    no_wrap=True,
                ),
                id=p["kode"],
            )
            for p in self.periods
        ]
        with Vertical(classes="pk-box", id="pk-periode"):
            yield Static(t("peringkat.period_title"), classes="pk-title", markup=False)
            yield OptionList(*options, id="pk-period-list")
            yield Static(t("peringkat.period_hint"), classes="pk-hint", markup=False)

    def on_mount(self) -> None:
        options = self.query_one("#pk-period-list", OptionList)
        for index, period in enumerate(self.periods):
            if period["kode"] == self.current:
                options.highlighted = index
        options.focus()

    @on(OptionList.OptionSelected, "#pk-period-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class DistribusiModal(_Modal):
    """How many ranked employees each unit has in each predikat, as a bar chart."""

    BINDINGS = [
        Binding("escape", "close", "peringkat.key.close", id="peringkat.distribusi.close"),
        Binding("j", "scroll(1)", "key.scroll_down", id="peringkat.distribusi.down", show=False),
        Binding("k", "scroll(-1)", "key.scroll_up", id="peringkat.distribusi.up", show=False),
    ]

    def __init__(self, result: PeriodResult, period_name: str) -> None:
        super().__init__()
        self.result = result
        self.period_name = period_name

    @staticmethod
    def chart(result: PeriodResult) -> str:
        """One block per unit (and one for the office): counts per predikat with bars."""
        table = predikat_distribution(result)
        total = dict.fromkeys(PREDIKAT, 0)
        for counts in table.values():
            for predikat, count in counts.items():
                total[predikat] += count
        biggest = max([*total.values(), 1])
        labels = {p: predikat_label(p) for p in PREDIKAT}
        label_width = max(len(label) for label in labels.values()) + 1
        blocks: list[str] = []
        for unit, counts in [(t("peringkat.scope_all"), total), *table.items()]:
            lines = [f"{unit} ({sum(counts.values())})"]
            for predikat in PREDIKAT:
                count = counts[predikat]
                bar = BAR * (0 if count == 0 else max(1, round(count * BAR_WIDTH / biggest)))
                lines.append(f"  {labels[predikat]:<{label_width}}{count:>3} {bar}".rstrip())
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def compose(self) -> ComposeResult:
        with Vertical(classes="pk-box", id="pk-distribusi"):
            yield Static(
                t("peringkat.distribusi_title", periode=self.period_name),
                classes="pk-title",
                markup=False,
            )
            with VerticalScroll(classes="pk-scroll", id="pk-distribusi-scroll"):
                yield Static(self.chart(self.result), id="pk-distribusi-text", markup=False)
            yield Static(t("peringkat.distribusi_hint"), classes="pk-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#pk-distribusi-scroll").focus()

    def action_scroll(self, step: int) -> None:
        _scroll(self.query_one("#pk-distribusi-scroll", VerticalScroll), step)


class AwardForm(_Modal):
    """Confirm an award candidate: kind of award, decree number and date, note."""

    BINDINGS = [Binding("escape", "close", "peringkat.key.cancel", id="peringkat.award.cancel")]
    FIELDS = ("jenis", "nomor_sk", "tanggal_sk", "catatan")

    DEFAULT_CSS = """
    AwardForm .pk-field { height: 3; }
    AwardForm .pk-field Label { width: 22; padding: 1 1 0 0; }
    AwardForm .pk-field Input { width: 1fr; }
    AwardForm .pk-error { display: none; padding-left: 22; }
    AwardForm .pk-error.-shown { display: block; }
    """

    def __init__(self, office: Office, kode: str, line: ScoreLine) -> None:
        super().__init__()
        self.office = office
        self.kode = kode
        self.line = line

    def compose(self) -> ComposeResult:
        line = self.line
        with Vertical(classes="pk-box", id="pk-award"):
            yield Static(t("peringkat.award_title"), classes="pk-title", markup=False)
            yield Static(
                t(
                    "peringkat.award_who",
                    nama=line.nama,
                    nilai=_nilai(line),
                    predikat=predikat_label(line.predikat),
                    rank=line.peringkat,
                ),
                markup=False,
            )
            for field in self.FIELDS:
                with Horizontal(classes="pk-field"):
                    yield Label(t(f"peringkat.award_field.{field}"))
                    yield Input(
                        value=award_rules.JENIS_UMUM[0] if field == "jenis" else "",
                        id=f"pk-award-{field}",
                        suggester=SuggestFromList(award_rules.JENIS_UMUM, case_sensitive=False)
                        if field == "jenis"
                        else None,
                        placeholder=t("peringkat.award_placeholder.tanggal_sk")
                        if field == "tanggal_sk"
                        else "",
                    )
                yield Static(
                    "", id=f"pk-award-{field}-error", classes="error pk-error", markup=False
                )
            yield Static("", id="pk-award-error", classes="error pk-error", markup=False)
            yield Static(t("peringkat.award_hint"), classes="pk-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#pk-award-jenis").focus()

    def _show_error(self, field: str | None, message: str) -> None:
        for name in (*self.FIELDS, None):
            widget = self.query_one(
                f"#pk-award-{name}-error" if name else "#pk-award-error", Static
            )
            shown = name == field if field in self.FIELDS else name is None
            widget.update(message if shown and message else "")
            widget.set_class(shown and bool(message), "-shown")

    @on(Input.Submitted)
    def _save(self) -> None:
        values = {f: self.query_one(f"#pk-award-{f}", Input).value for f in self.FIELDS}
        try:
            record = self.office.confirm_award(self.kode, self.line.nip, **values)
        except ValidationError as exc:
            self._show_error(exc.field, str(exc))
            if exc.field in self.FIELDS:
                self.query_one(f"#pk-award-{exc.field}").focus()
            return
        except KinerjaError as exc:
            self._show_error(None, str(exc))
            return
        self.dismiss(record)


class AwardList(_Modal):
    """Awards given for the period; one given by mistake can be revoked."""

    BINDINGS = [
        Binding("escape", "close", "peringkat.key.close", id="peringkat.award_list.close"),
        Binding("x", "revoke", "peringkat.key.revoke", id="peringkat.award_list.revoke"),
        Binding("delete", "revoke", show=False),
    ]

    def __init__(self, office: Office, kode: str) -> None:
        super().__init__()
        self.office = office
        self.kode = kode
        self.records: dict[str, dict[str, Any]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="pk-box", id="pk-award-list"):
            yield Static(
                t("peringkat.award_list_title", kode=self.kode), classes="pk-title", markup=False
            )
            yield DataTable(id="pk-award-table", cursor_type="row")
            yield Static(t("peringkat.award_list_empty"), id="pk-award-empty", markup=False)
            yield Static(t("peringkat.award_list_hint"), classes="pk-hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#pk-award-table", DataTable)
        table.styles.max_height = 16
        table.styles.height = "auto"
        table.add_column(t("peringkat.col.nama"), width=20, key="nama")
        table.add_column(t("peringkat.award_field_short.jenis"), width=20, key="jenis")
        table.add_column(t("peringkat.award_field_short.nomor_sk"), width=12, key="nomor")
        table.add_column(t("peringkat.award_field_short.tanggal_sk"), width=10, key="tanggal")
        self.reload()
        table.focus()

    def reload(self) -> None:
        table = self.query_one("#pk-award-table", DataTable)
        table.clear()
        people = self.office.employees_by_nip()
        self.records = {}
        for record in self.office.awards(self.kode):
            key = str(record["id"])
            self.records[key] = record
            nama = str(people.get(record["nip"], {}).get("nama", record["nip"]))
            tanggal = record.get("tanggal_sk")
            table.add_row(
                _cell(nama),
                _cell(str(record["jenis"])),
                _cell(str(record.get("nomor_sk") or "–")),
                _cell(format_date_short(parse_iso(tanggal)) if tanggal else "–"),
                key=key,
            )
        table.display = bool(self.records)
        self.query_one("#pk-award-empty", Static).display = not self.records

    def action_revoke(self) -> None:
        table = self.query_one("#pk-award-table", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        record = self.records.get(str(key))
        if record is None:
            return
        nama = str(self.office.employees_by_nip().get(record["nip"], {}).get("nama", record["nip"]))

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.office.revoke_award(record)
            except ConflictError as exc:
                self.notify(str(exc), severity="error")
            except KinerjaError as exc:
                self.notify(str(exc), severity="error")
                return
            else:
                self.notify(t("peringkat.award_revoked", nama=nama, jenis=record["jenis"]))
            self.reload()

        question = t("peringkat.revoke_question", nama=nama, jenis=record["jenis"])
        self.app.push_screen(ConfirmModal(question), answered)


class ConfirmModal(_Modal):
    """A yes/no question; y confirms, n or Esc declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "peringkat.key.yes", id="peringkat.confirm.yes"),
        Binding("n", "answer(False)", "peringkat.key.no", id="peringkat.confirm.no"),
        Binding("escape", "answer(False)", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="pk-box", id="pk-confirm"):
            yield Static(self.question, markup=False)
            yield Static(t("peringkat.confirm_hint"), classes="pk-hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


__all__: list[str] = [
    "AwardForm",
    "AwardList",
    "ConfirmModal",
    "DistribusiModal",
    "ExportModal",
    "LaporanModal",
    "PeringkatScreen",
    "PeriodPicker",
    "RincianModal",
]
