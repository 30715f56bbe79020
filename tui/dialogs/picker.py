"""The one picker: choose an employee, a period or a unit from a list narrowed as you type.

Typing narrows the list with the app's one search rule (``models.search``: words in
any order, a NIP with or without its spaces); arrows move, Enter picks, Esc closes.
Several lists (everyone, recommended, high potential) are switched with Tab.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from models.employee import display_name
from models.errors import KinerjaError
from models.i18n import t
from models.labels import employee_status_label, period_status_label
from models.nip import format_nip
from models.search import employee_text, parse_query, search, search_text
from tui.dialogs.base import Dialog
from tui.widgets.text import fit, fit_unit


@dataclass(frozen=True)
class PickRow:
    """One choice: the value returned (None for "nobody"), the cells shown, the text searched."""

    value: str | None
    cells: tuple[str, ...]
    search: str
    nip: str = ""
    """The NIP that digits typed in groups are matched against (employees only)."""


@dataclass
class PickList:
    """One list of a picker, with its column headers and widths."""

    title: str
    columns: tuple[tuple[str, int], ...]
    rows: list[PickRow]
    note: str = ""
    """A line saying what the list is based on."""
    unit_column: int = -1
    """The column holding unit names, shortened without their "Seksi" when too long."""


@dataclass(frozen=True)
class Picked:
    """The picker's answer (``value`` may be None: "no supervisor"), as opposed to Esc."""

    value: str | None


@dataclass
class _State:
    index: int
    shown: list[PickRow] = field(default_factory=list)


# --------------------------------------------------------------------------- lists


def employee_row(emp: Mapping[str, Any], *extra: str) -> PickRow:
    """An employee as a choice: name (marked when inactive), NIP, unit, then ``extra`` cells.

    The columns of a list (header and width) add up, with a cell's padding of one on
    each side, to at most the 74 cells inside the 78-cell dialog box.
    """
    nama = display_name(emp)
    if not emp.get("aktif", True):
        nama += f" ({employee_status_label(False)})"
    nip = str(emp["nip"])
    unit = str(emp.get("unit", ""))
    return PickRow(nip, (nama, format_nip(nip), unit, *extra), employee_text(emp), nip)


EMPLOYEE_UNIT_COLUMN = 2
"""Where ``employee_row`` puts the unit."""


def employee_list(
    title: str,
    employees: Iterable[Mapping[str, Any]],
    *,
    note: str = "",
    none_label: tuple[str, str] | None = None,
) -> PickList:
    """Everyone in ``employees``: name, NIP and unit; ``none_label`` adds a "nobody" choice
    (its name and, in the NIP column, what choosing nobody means)."""
    rows = [employee_row(emp) for emp in employees]
    if none_label is not None:
        label, meaning = none_label
        rows.insert(0, PickRow(None, (label, meaning, ""), search_text(label, meaning)))
    columns = ((t("dialog.col.nama"), 28), (t("dialog.col.nip"), 21), (t("dialog.col.unit"), 17))
    return PickList(title, columns, rows, note, EMPLOYEE_UNIT_COLUMN)


def period_list(title: str, periods: Iterable[Mapping[str, Any]]) -> PickList:
    """Periods: code, name and status."""
    rows = []
    for p in periods:
        kode, nama = str(p["kode"]), str(p.get("nama", ""))
        status = period_status_label(str(p.get("status", "")))
        rows.append(PickRow(kode, (kode, nama, status), search_text(kode, nama, status)))
    columns = (
        (t("dialog.col.kode"), 12),
        (t("dialog.col.periode"), 42),
        (t("dialog.col.status"), 12),
    )
    return PickList(title, columns, rows)


def unit_list(title: str, units: Iterable[str]) -> PickList:
    return PickList(
        title, ((t("dialog.col.unit"), 70),), [PickRow(u, (u,), search_text(u)) for u in units]
    )


# --------------------------------------------------------------------------- dialog


class Picker(Dialog[Picked | None]):
    """Type to narrow, arrows to move, Enter to pick, Tab for the next list, Esc to close.

    Without ``on_pick`` the picker dismisses with the choice.  With it, every pick is
    handed to ``on_pick`` (which saves and returns a message, or raises KinerjaError)
    and the picker stays open, so a clerk can enrol a whole group in one go.
    """

    LIMIT = 300
    """Rows drawn at once; typing narrows a large office down to these."""

    BINDINGS = [
        Binding("escape", "close", "dialog.key.close", id="dialog.picker.close"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("tab", "next_list(1)", "dialog.key.next_list", id="dialog.picker.next"),
        Binding("shift+tab", "next_list(-1)", show=False),
    ]

    def __init__(
        self,
        lists: PickList | Sequence[PickList],
        *,
        current: str | None = None,
        start: int = 0,
        on_pick: Callable[[str | None], str] | None = None,
    ) -> None:
        super().__init__()
        self.lists = [lists] if isinstance(lists, PickList) else list(lists)
        self.current = current
        self.on_pick = on_pick
        self.state = _State(start)

    @property
    def shown(self) -> list[PickRow]:
        return self.state.shown

    @property
    def active(self) -> PickList:
        return self.lists[self.state.index]

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="dialog-box"):
            yield Static("", id="picker-title", classes="dialog-title")
            yield Input(
                placeholder=t("dialog.picker.placeholder"), id="picker-filter", compact=True
            )
            yield Static("", id="picker-note", classes="dialog-hint")
            table: DataTable[Text] = DataTable(
                id="picker-list", cursor_type="row", zebra_stripes=True
            )
            table.can_focus = False
            yield table
            yield Static("", id="picker-message")
            hint = "dialog.picker.hint_multi" if self.on_pick else "dialog.picker.hint"
            yield Static(t(hint), classes="dialog-hint")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#picker-list", DataTable)

    def on_mount(self) -> None:
        self._show_list()
        self.query_one("#picker-filter").focus()

    def _show_list(self) -> None:
        several = len(self.lists) > 1
        names = [
            f"[{item.title}]" if several and i == self.state.index else item.title
            for i, item in enumerate(self.lists)
        ]
        self.query_one("#picker-title", Static).update(Text(fit("  ".join(names), 74)))
        note = self.query_one("#picker-note", Static)
        note.update(Text(fit(self.active.note, 74)))
        note.display = bool(self.active.note)
        table = self.table
        table.clear(columns=True)
        for header, width in self.active.columns:
            table.add_column(Text(fit(header, width)), width=width)
        self._fill()

    def _fill(self) -> None:
        query = parse_query(self.query_one("#picker-filter", Input).value)
        rows = self.active.rows
        matches = search(rows, query, lambda row: row.search, lambda row: row.nip)
        self.state.shown = matches[: self.LIMIT]
        table = self.table
        table.clear()
        widths = [width for _, width in self.active.columns]
        unit_column = self.active.unit_column
        for row in self.shown:
            table.add_row(
                *(
                    Text(fit_unit(cell, width) if index == unit_column else fit(cell, width))
                    for index, (cell, width) in enumerate(zip(row.cells, widths, strict=False))
                )
            )
        if self.shown and not query and self.current is not None:
            index = next((i for i, row in enumerate(self.shown) if row.value == self.current), 0)
            table.move_cursor(row=index, animate=False)
        if not rows:
            self._message(t("dialog.picker.empty_list"))
        elif not self.shown:
            self._message(t("dialog.picker.no_match"))
        elif len(matches) > self.LIMIT:
            self._message(t("dialog.picker.more", count=len(matches) - self.LIMIT))
        else:
            self._message(t("dialog.picker.count", count=len(matches)))

    def _message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#picker-message", Static)
        message.update(Text(text))
        message.set_class(error, "error")

    @on(Input.Changed, "#picker-filter")
    def _typed(self) -> None:
        self._fill()

    def action_move(self, step: int) -> None:
        if self.shown:
            row = min(max(self.table.cursor_row + step, 0), len(self.shown) - 1)
            self.table.move_cursor(row=row, animate=False)

    def action_next_list(self, step: int) -> None:
        if len(self.lists) > 1:
            self.state.index = (self.state.index + step) % len(self.lists)
            self._show_list()

    @on(Input.Submitted, "#picker-filter")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        row = self.table.cursor_row
        if not 0 <= row < len(self.shown):
            return
        value = self.shown[row].value
        if self.on_pick is None:
            self.dismiss(Picked(value))
            return
        try:
            message = self.on_pick(value)
        except KinerjaError as err:
            self._message(str(err), error=True)
            return
        for item in self.lists:
            item.rows = [r for r in item.rows if r.value != value]
        with self.prevent(Input.Changed):
            self.query_one("#picker-filter", Input).value = ""
        self._fill()
        self._message(message)
