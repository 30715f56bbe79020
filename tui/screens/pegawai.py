"""Pegawai: the employee register, filtered as you type, with add, edit, deactivate and import.

The table is rebuilt from an in-memory list on every keystroke of the filter,
so an office of thousands stays responsive; the office is re-read only when
something was saved (here or by another clerk).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import DataTable, Input

from models.employee import display_name
from models.errors import KinerjaError
from models.golongan import GOLONGAN_PNS, GOLONGAN_PPPK
from models.i18n import t
from models.labels import employee_status_label
from models.nip import format_nip
from models.search import employee_text, parse_query, search
from tui.keys import keys
from tui.messages import DataChanged
from tui.screens.base import KinerjaScreen
from tui.widgets.fixed_table import FixedWidthTable
from tui.widgets.text import TextLine, fit, fit_unit

Record = dict[str, Any]


COLUMNS: tuple[str, ...] = ("nip", "nama", "jabatan", "golongan", "unit", "atasan", "status")
"""Table columns in display order."""
SORT_ORDER: tuple[str, ...] = ("nama", "nip", "jabatan", "golongan", "unit", "atasan", "status")
"""The sort columns ``o`` cycles through, starting from the default (nama)."""

_FIXED = {"nip": 22, "golongan": 6, "status": 8}
"""Widths that never shrink: a grouped NIP and ``III/a`` (+ 1 gap), ``nonaktif`` (last, no gap)."""
_FLEX_MIN = {"nama": 20, "jabatan": 16, "unit": 16, "atasan": 16}
"""The narrowest a text column is still worth showing at (gap included)."""
_FLEX_MAX = 42
_DROPPED_FIRST = ("atasan", "jabatan")
"""Columns left out, in this order, when the others would get less than their minimum:
the line under the table shows both for the highlighted employee."""

STATUS_FILTERS: tuple[str, ...] = ("semua", "aktif", "nonaktif")

QUICK_START_LIMIT = 100
"""Above this many employees the first screenful is drawn before the whole list is ready."""
FIRST_ROWS = 30
"""Rows drawn at once on a refill (over a screenful); the rest follow in chunks."""
CHUNK_ROWS = 400
"""Rows added at once when the cursor pages towards rows not drawn yet."""
CHUNK_SECONDS = 0.008
"""How long one chunk of the rest may take: a key pressed meanwhile waits no longer
than that plus one paint (README, "Performance")."""
BATCH_ROWS = 25
REST_DELAY = 0.25
"""Seconds of no typing before the rows beyond the first screenful are added."""


def room(column: str, width: int) -> int:
    """Cells for text in a column ``width`` wide: one is the gap to the next column."""
    return width if column == COLUMNS[-1] else width - 1


def fit_cell(column: str, text: str, width: int) -> str:
    """``text`` for a column ``width`` cells wide, cut with an ellipsis when longer."""
    room_left = room(column, width)
    return fit_unit(text, room_left) if column == "unit" else fit(text, room_left)


def column_widths(total: int, natural: Mapping[str, int] | None = None) -> dict[str, int]:
    """The columns shown and their widths (gap included), filling ``total`` cells.

    Each text column wants its longest text (``natural``, header included); the
    room is shared out by what each still lacks, so a short column is not cut while
    a long one gets the rest.  When the text columns would get less than their
    minimum, the least useful are left out (``_DROPPED_FIRST``).
    """
    natural = natural or {}
    rest = total - sum(_FIXED.values())
    flex = [name for name in COLUMNS if name in _FLEX_MIN]
    for dropped in _DROPPED_FIRST:
        if sum(_FLEX_MIN[name] for name in flex) <= rest:
            break
        flex.remove(dropped)
    want = {n: min(max(natural.get(n, 0) + 1, _FLEX_MIN[n]), _FLEX_MAX) for n in flex}
    widths = {name: min(_FLEX_MIN[name], want[name]) for name in flex}
    left = max(rest - sum(widths.values()), 0)
    lacking = {name: want[name] - widths[name] for name in flex}
    total_lacking = sum(lacking.values())
    if total_lacking:
        share = min(left, total_lacking)
        for name in flex:
            widths[name] += share * lacking[name] // total_lacking
    widths["nama"] += max(rest - sum(widths.values()), 0)
    widths.update(_FIXED)
    return {name: widths[name] for name in COLUMNS if name in widths}


def natural_widths(
    employees: list[Record], by_nip: Mapping[str, Mapping[str, Any]]
) -> dict[str, int]:
    """The longest text of each column, from the stored fields (no per-row formatting).

    Computed before the first frame of a large office, so in one pass over the
    employees (each record read once: the pass is bound by memory, not by the
    arithmetic), and each atasan once: there are few of them.
    """

    def name_length(emp: Mapping[str, Any] | None) -> int:
        if emp is None:
            return 1
        depan, belakang = emp.get("gelar_depan"), emp.get("gelar_belakang")
        return (
            len(emp["nama"])
            + 2
            + (len(depan) + 2 if depan else 0)
            + (len(belakang) + 2 if belakang else 0)
        )

    natural = {name: len(t(f"pegawai.col.{name}")) + 2 for name in _FLEX_MIN}
    if not employees:
        return natural
    nama = jabatan = unit = 0
    atasan: set[str] = set()
    for emp in employees:
        length = name_length(emp)
        if length > nama:
            nama = length
        length = len(emp["jabatan"])
        if length > jabatan:
            jabatan = length
        length = len(emp["unit"])
        if length > unit:
            unit = length
        atasan.add(emp.get("atasan_nip") or "")
    longest = {
        "nama": nama,
        "jabatan": jabatan,
        "unit": unit,
        "atasan": max(name_length(by_nip.get(nip)) for nip in atasan),
    }
    return {name: max(natural[name], longest[name]) for name in natural}


def _grade_rank(emp: Mapping[str, Any]) -> tuple[int, int]:
    golongan = str(emp.get("golongan", ""))
    for kind, grades in enumerate((GOLONGAN_PNS, GOLONGAN_PPPK)):
        if golongan in grades:
            return kind, grades.index(golongan)
    return 2, 0


@dataclass(frozen=True)
class Entry:
    """One employee as the table shows it, with what filtering and sorting need."""

    nip: str
    record: Record
    cells: dict[str, str]
    haystack: str
    sort_keys: dict[str, Any]

    @property
    def aktif(self) -> bool:
        return bool(self.record.get("aktif", True))

    @property
    def unit(self) -> str:
        return str(self.record.get("unit", ""))


def build_entries(employees: list[Record], by_nip: Mapping[str, Mapping[str, Any]]) -> list[Entry]:
    """Table entries for the register, computed once per change of data."""
    entries: list[Entry] = []
    for emp in employees:
        atasan = by_nip.get(emp.get("atasan_nip") or "")
        nama = display_name(emp)
        cells = {
            "nip": format_nip(emp["nip"]),
            "nama": nama,
            "jabatan": str(emp.get("jabatan", "")),
            "golongan": str(emp.get("golongan", "")),
            "unit": str(emp.get("unit", "")),
            "atasan": display_name(atasan) if atasan else "—",
            "status": employee_status_label(bool(emp.get("aktif", True))),
        }
        haystack = employee_text(emp)
        name_key = (str(emp.get("nama", "")).casefold(), emp["nip"])
        sort_keys = {
            "nip": emp["nip"],
            "nama": name_key,
            "jabatan": (cells["jabatan"].casefold(), *name_key),
            "golongan": (_grade_rank(emp), *name_key),
            "unit": (cells["unit"].casefold(), *name_key),
            "atasan": (str(atasan.get("nama", "")).casefold() if atasan else "", *name_key),
            "status": (not emp.get("aktif", True), *name_key),
        }
        entries.append(Entry(emp["nip"], emp, cells, haystack, sort_keys))
    return entries


def _entry_text(entry: Entry) -> str:
    return entry.haystack


def _entry_nip(entry: Entry) -> str:
    return entry.nip


class EmployeeTable(FixedWidthTable):
    """The register's table: home and end jump to the first and last employee."""

    BINDINGS = keys("pegawai.table")

    def __init__(self, load_all: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.load_all = load_all
        """Adds rows still waiting to be drawn, so "end" reaches the real last one."""

    def action_scroll_bottom(self) -> None:
        self.load_all()
        super().action_scroll_bottom()


class RegisterScreen(KinerjaScreen):
    """The employee register as a table, narrowed as the clerk types, sorted and filtered."""

    AUTO_FOCUS = "EmployeeTable"
    """Focus lands on the table at once (not on the filter first), so the footer is built once."""

    DEFAULT_CSS = """
    #pegawai-filter { margin: 0 1; }
    #pegawai-status {
        height: 1; padding: 0 1; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    #pegawai-table { width: 100%; height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }
    #pegawai-detail {
        height: 1; padding: 0 1; background: $boost;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []
        self.shown: list[Entry] = []
        self.unit_filter: str | None = None
        self.status_filter = "semua"
        self.sort_column = "nama"
        self.sort_reverse = False
        self._sorted: list[Entry] = []
        self._sorted_key: tuple[Any, ...] | None = None
        self._total_hint: int | None = None
        """Head count while only the first screenful of a large office is prepared."""
        self.natural: dict[str, int] = {}
        """The longest text of each column in the register (column_widths)."""
        self.widths = column_widths(79)
        self._select_nip: str | None = None
        self._loaded = 0
        """How many of ``shown`` are rows of the table so far."""
        self._fill_round = 0
        """Bumped by every refill, so chunks of an outdated refill stop."""
        self._cell_cache: dict[str, list[Text]] = {}
        self._built_generation = -1
        """The data file generation ``entries`` were built from."""

    # ------------------------------------------------------------ layout

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=t("pegawai.filter.placeholder"), id="pegawai-filter", compact=True)
        yield TextLine("", id="pegawai-status")
        yield EmployeeTable(
            self._load_all,
            id="pegawai-table",
            cursor_type="row",
            zebra_stripes=True,
            cell_padding=0,
        )
        yield TextLine("", id="pegawai-detail")

    @property
    def table(self) -> EmployeeTable:
        return self.query_one("#pegawai-table", EmployeeTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#pegawai-filter", Input)

    def on_mount(self) -> None:
        self.refresh_data()

    def on_resize(self, event: Resize) -> None:
        if self._set_widths(event.size.width):
            self._fill()

    def _set_widths(self, width: int) -> bool:
        """Size the columns for ``width`` cells; True when they changed (columns rebuilt)."""
        widths = column_widths(max(width - 1, 40), self.natural)
        if widths == self.widths and self.table.columns:
            return False
        self.widths = widths
        self._cell_cache.clear()
        self._build_columns()
        return True

    def _build_columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        for name in self.widths:
            label = t(f"pegawai.col.{name}")
            if name == self.sort_column:
                label += " ▼" if self.sort_reverse else " ▲"
            table.add_column(
                Text(fit(label, room(name, self.widths[name]))), width=self.widths[name], key=name
            )

    # ------------------------------------------------------------ data

    def refresh_data(self) -> None:
        """Re-read the register and redraw, keeping the cursor on the same employee.

        Nothing is done unless the data file changed since the list was drawn,
        so returning from a dialog (or showing the screen just after mounting
        it) costs nothing, even in a large office.
        """
        generation = self.office.generation
        if generation == self._built_generation:
            return
        try:
            employees = self.office.employees()
            by_nip = self.office.employees_by_nip()
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        first_build = self._built_generation == -1
        self._built_generation = generation
        self._cell_cache.clear()
        self.natural = natural_widths(employees, by_nip)
        self._set_widths(self.size.width or self.app.size.width)
        if first_build and len(employees) > QUICK_START_LIMIT:
            # A large office: draw the first screenful (the list is already in name
            # order) before preparing every entry, and complete it right after.
            self.entries = build_entries(employees[:FIRST_ROWS], by_nip)
            self._total_hint = len(employees)
            self.call_after_refresh(self._complete_entries, employees, by_nip)
        else:
            self.entries = build_entries(employees, by_nip)
            self._total_hint = None
        if self.unit_filter is not None and self.unit_filter not in self.units():
            self.unit_filter = None
        self._fill()

    def _complete_entries(
        self, employees: list[Record], by_nip: Mapping[str, Mapping[str, Any]]
    ) -> None:
        """Finish the entries of a large office after its first screenful was painted."""
        if self._total_hint is None:
            return
        self.entries = build_entries(employees, by_nip)
        self._total_hint = None
        self._sorted_key = None
        self._fill()

    def units(self) -> list[str]:
        return sorted({entry.unit for entry in self.entries}, key=str.casefold)

    def _sorted_entries(self) -> list[Entry]:
        """All entries in the current sort order, sorted once per data or sort change."""
        key = (self._built_generation, self.sort_column, self.sort_reverse, len(self.entries))
        if self._sorted_key != key:
            column = self.sort_column
            self._sorted = sorted(
                self.entries, key=lambda entry: entry.sort_keys[column], reverse=self.sort_reverse
            )
            self._sorted_key = key
        return self._sorted

    def _visible(self) -> list[Entry]:
        """The entries the filters let through, in the current order.

        Each filter narrows the list in one pass, and the typed text follows the
        app's one search rule (models.search), a NIP with or without its spaces.
        """
        chosen = self._sorted_entries()
        if self.unit_filter is not None:
            unit = self.unit_filter
            chosen = [entry for entry in chosen if entry.unit == unit]
        if self.status_filter != "semua":
            want = self.status_filter == "aktif"
            chosen = [entry for entry in chosen if entry.aktif == want]
        query = parse_query(self.filter_input.value)
        return search(chosen, query, _entry_text, _entry_nip)

    def _cells(self, entry: Entry) -> list[Text]:
        """The row's cells at the current column widths, computed once per width and data."""
        cached = self._cell_cache.get(entry.nip)
        if cached is None:
            style = "" if entry.aktif else "dim"
            cached = [
                Text(fit_cell(name, entry.cells[name], width), style=style)
                for name, width in self.widths.items()
            ]
            self._cell_cache[entry.nip] = cached
        return cached

    def _add_rows(self, start: int, stop: int) -> None:
        table = self.table
        for entry in self.shown[start:stop]:
            table.add_row(*self._cells(entry), key=entry.nip)
        self._loaded = max(self._loaded, min(stop, len(self.shown)))

    def _fill(self) -> None:
        """Rebuild the rows from the in-memory entries (no file access).

        The rows up to the cursor and a screenful more are added at once; the
        rest follow in chunks between keystrokes, so typing in the filter of a
        large office never waits for thousands of rows to be drawn.
        """
        table = self.table
        keep = self._select_nip or self._cursor_nip()
        old_row = table.cursor_row
        self._select_nip = None
        self._fill_round += 1
        self.shown = self._visible()
        self._loaded = 0
        table.clear()
        index: int | None = None
        if self.shown:
            index = next((i for i, e in enumerate(self.shown) if e.nip == keep), None)
            if index is None:
                index = min(max(old_row, 0), len(self.shown) - 1)
        first = max(FIRST_ROWS, (index or 0) + table.size.height + 1)
        if len(self.shown) <= 2 * first:
            first = len(self.shown)  # a short list is drawn whole
        self._add_rows(0, first)
        if index is not None:
            table.move_cursor(row=index, animate=False, scroll=True)
        if self._loaded < len(self.shown):
            self._schedule_more(self._fill_round, REST_DELAY)
        self._update_status()
        self._update_detail()

    def _load_all(self) -> None:
        self._add_rows(self._loaded, len(self.shown))

    def _schedule_more(self, round_: int, delay: float = 0.001) -> None:
        self.set_timer(delay, lambda: self._fill_more(round_))

    def _fill_more(self, round_: int) -> None:
        """Add the next chunk of rows unless a newer filter has replaced this fill."""
        if round_ != self._fill_round or not self.is_mounted:
            return
        deadline = time.perf_counter() + CHUNK_SECONDS
        while self._loaded < len(self.shown) and time.perf_counter() < deadline:
            self._add_rows(self._loaded, self._loaded + BATCH_ROWS)
        if self._loaded < len(self.shown):
            self._schedule_more(round_)
        else:
            # The list's rows and cells live until the next refill and hold no reference
            # cycles: keep them out of the cyclic collector's full scans, which took
            # up to 45 ms in L each time they came (README, "Performance").
            gc.freeze()

    def _cursor_nip(self) -> str | None:
        entry = self._cursor_entry()
        return entry.nip if entry else None

    def selected(self) -> Record | None:
        """The employee under the cursor, re-read so its rev is current."""
        nip = self._cursor_nip()
        if nip is None:
            return None
        return self.office.employees_by_nip().get(nip)

    def _update_status(self) -> None:
        status = self.query_one("#pegawai-status", TextLine)
        if not self.entries:
            status.show(t("pegawai.empty"))
            return
        arrow = "▼" if self.sort_reverse else "▲"
        status.show(
            t(
                "pegawai.status_line",
                shown=self._total_hint or len(self.shown),
                total=self._total_hint or len(self.entries),
                unit=self.unit_filter or t("pegawai.filter.all_units"),
                status=t(f"pegawai.filter.{self.status_filter}"),
                sort=t(f"pegawai.col.{self.sort_column}") + " " + arrow,
            )
        )

    def _cursor_entry(self) -> Entry | None:
        row = self.table.cursor_row
        if 0 <= row < min(len(self.shown), self._loaded):
            return self.shown[row]
        return None

    def _update_detail(self) -> None:
        entry = self._cursor_entry()
        detail = self.query_one("#pegawai-detail", TextLine)
        if entry is None:
            detail.show(t("pegawai.no_match") if self.entries else "")
            return
        cells = entry.cells
        detail.show(
            t(
                "pegawai.detail_line",
                nama=cells["nama"],
                jabatan=cells["jabatan"],
                unit=cells["unit"],
                atasan=cells["atasan"],
            )
        )

    @on(DataTable.RowHighlighted, "#pegawai-table")
    def _highlighted(self) -> None:
        table = self.table
        if self._loaded < len(self.shown) and table.cursor_row + table.size.height >= self._loaded:
            # Paging towards rows not drawn yet: draw the next chunk now.
            self._add_rows(self._loaded, self._loaded + CHUNK_ROWS)
        self._update_detail()

    @on(DataTable.RowSelected, "#pegawai-table")
    def _row_selected(self) -> None:
        self.action_detail()

    def action_detail(self) -> None:
        """Enter on a row: show that employee (PegawaiScreen opens the detail)."""

    @on(Input.Changed, "#pegawai-filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#pegawai-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    # ------------------------------------------------------------ filter and sort actions

    def action_focus_filter(self) -> None:
        self.filter_input.focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_escape(self) -> None:
        """Leave the filter box; from the table, clear the typed filter."""
        if self.filter_input.has_focus:
            self.table.focus()
        elif self.filter_input.value:
            self.filter_input.value = ""

    def action_cycle_unit(self) -> None:
        units = self.units()
        if not units:
            return
        if self.unit_filter is None:
            self.unit_filter = units[0]
        else:
            index = units.index(self.unit_filter) if self.unit_filter in units else -1
            self.unit_filter = units[index + 1] if index + 1 < len(units) else None
        self._fill()

    def action_cycle_status(self) -> None:
        index = STATUS_FILTERS.index(self.status_filter)
        self.status_filter = STATUS_FILTERS[(index + 1) % len(STATUS_FILTERS)]
        self._fill()

    def action_cycle_sort(self) -> None:
        index = SORT_ORDER.index(self.sort_column)
        self.sort_column = SORT_ORDER[(index + 1) % len(SORT_ORDER)]
        self.sort_reverse = False
        self._build_columns()
        self._fill()

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._build_columns()
        self._fill()


class PegawaiScreen(RegisterScreen):
    """The employee register and what a clerk does with a record: add, edit, deactivate."""

    SCREEN_ID = "pegawai"

    BINDINGS = keys("pegawai")
    """All the screen's keys, the register's included, in the order the key help lists them."""

    def _need_selection(self) -> Record | None:
        record = self.selected()
        if record is None:
            self.notify(t("pegawai.none_selected"), severity="warning")
        return record

    def _after_save(self, message_key: str) -> Callable[[Record | None], None]:
        def done(saved: Record | None) -> None:
            if saved is None:
                return
            self._select_nip = saved["nip"]
            if self._built_generation == self.office.generation:
                # The list was already redrawn for this save: just move to the record.
                self._fill()
            self.post_message(DataChanged())
            self.notify(t(message_key, nama=saved["nama"]))

        return done

    def action_add(self) -> None:
        from tui.screens.pegawai_dialogs import EmployeeForm

        self.app.push_screen(EmployeeForm(self.office), self._after_save("pegawai.added"))

    def action_edit(self) -> None:
        record = self._need_selection()
        if record is not None:
            from tui.screens.pegawai_dialogs import EmployeeForm

            self.app.push_screen(
                EmployeeForm(self.office, record), self._after_save("pegawai.saved")
            )

    def action_detail(self) -> None:
        record = self._need_selection()
        if record is None:
            return

        def closed(answer: str | None) -> None:
            if answer == "edit":
                self.action_edit()

        from tui.screens.pegawai_dialogs import DetailModal

        self.app.push_screen(DetailModal(self.office, record["nip"]), closed)

    def action_toggle_active(self) -> None:
        record = self._need_selection()
        if record is None:
            return
        aktif = bool(record.get("aktif", True))
        nama = display_name(record)
        question = t(
            "pegawai.confirm.deactivate" if aktif else "pegawai.confirm.activate", nama=nama
        )
        yes = t("pegawai.toggle.deactivate" if aktif else "pegawai.toggle.activate")

        def done(saved: Record) -> None:
            self._select_nip = saved["nip"]
            self.post_message(DataChanged())
            key = "pegawai.deactivated" if aktif else "pegawai.activated"
            self.notify(t(key, nama=saved["nama"]))

        from tui.dialogs.confirm import Confirm
        from tui.saving import confirm_then

        confirm_then(
            self,
            Confirm(question, yes, t("pegawai.confirm.no")),
            lambda: self.office.set_active(record, not aktif),
            done,
        )

    def action_delete(self) -> None:
        record = self._need_selection()
        if record is None:
            return
        if self.office.has_history(record["nip"]):
            self.notify(
                t("pegawai.delete_has_history", nama=display_name(record)),
                severity="warning",
                timeout=8,
            )
            return

        def done(_: None) -> None:
            self.post_message(DataChanged())
            self.notify(t("pegawai.deleted", nama=record["nama"]))

        from tui.dialogs.confirm import Confirm
        from tui.saving import confirm_then

        question = t(
            "pegawai.confirm.delete", nama=display_name(record), nip=format_nip(record["nip"])
        )
        confirm_then(
            self,
            Confirm(
                question,
                t("pegawai.confirm.delete_yes"),
                t("pegawai.confirm.no"),
                default_yes=False,
            ),
            lambda: self.office.delete_employee(record),
            done,
        )

    def action_import(self) -> None:
        from tui.screens.pegawai_dialogs import import_dialog

        dialog = import_dialog(self.office)

        def closed(_: str | None) -> None:
            if dialog.ran:
                self.post_message(DataChanged())

        self.app.push_screen(dialog, closed)

    def action_export(self) -> None:
        from tui.screens.pegawai_dialogs import export_dialog

        self.app.push_screen(export_dialog(self.office))
