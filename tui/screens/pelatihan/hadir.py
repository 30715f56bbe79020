"""Pelatihan's attendance grid: one keystroke per person (h, i, s, a), session by session."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

import tui.screens.pelatihan.clock as clock
from models import workshop as rules
from models.dates import format_day_long
from models.i18n import get_language, t
from models.labels import attendance_code
from tui.keys import keys
from tui.saving import attempt
from tui.screens.pelatihan.view import View
from tui.widgets.text import fit

_STATUS_STYLE = {"hadir": "bold green", "izin": "yellow", "sakit": "yellow", "alpa": "bold red"}
_GRID_NAME = 24
_GRID_CELL = 3


class HadirView(View):
    """The participants down, the sessions across; a letter marks and moves down."""

    BINDINGS = keys("pelatihan.hadir")

    def __init__(self) -> None:
        super().__init__("pl-hadir")
        self.built_for: tuple[Any, ...] | None = None
        """What the grid's columns and rows were built for; rebuilt when it changes."""

    def compose(self) -> ComposeResult:
        yield Static("", id="pl-hadir-info", classes="pl-info")
        yield DataTable(id="pl-grid", cursor_type="cell", fixed_columns=1)
        yield Static("", id="pl-hadir-count", classes="pl-line")

    @property
    def grid(self) -> DataTable[Text]:
        return self.table("pl-grid")

    def start(self) -> None:
        """Opened from the detail view: land on today's session."""
        self.built_for = None

    def _default_column(self, ws: Mapping[str, Any]) -> int:
        """The latest session that has started (only those can be marked), else the first."""
        now = clock.now()
        column = 1
        for index, session in enumerate(ws["sesi"], start=1):
            start, _ = rules.session_times(session)
            if not session.get("batal") and start <= now:
                column = index
        return column

    def fill(self) -> None:
        ws = self.pelatihan.current
        if ws is None:
            return
        if not ws["peserta"]:
            # Everyone was withdrawn meanwhile (perhaps by another clerk).
            self.notify(t("pelatihan.no_participants"), severity="warning")
            self.pelatihan.set_view("detail")
            return
        grid = self.grid
        shape = (
            int(ws["id"]),
            tuple((s["no"], s["batal"]) for s in ws["sesi"]),
            tuple(ws["peserta"]),
        )
        coordinate = grid.cursor_coordinate
        if shape != self.built_for:
            grid.clear(columns=True)
            grid.add_column(t("pelatihan.col.nama"), width=_GRID_NAME, key="nama")
            for session in ws["sesi"]:
                label = f"{session['no']}" + ("×" if session.get("batal") else "")
                grid.add_column(label, width=_GRID_CELL, key=str(session["no"]))
            grid.add_column(t("pelatihan.col.jp"), width=4, key="jp")
        else:
            grid.clear()
        names = self.names()
        kehadiran: Mapping[str, Mapping[str, str]] = ws.get("kehadiran", {})
        for nip in ws["peserta"]:
            cells = [Text(fit(names.get(nip, nip), _GRID_NAME))]
            for session in ws["sesi"]:
                cells.append(mark_cell(session, kehadiran.get(str(session["no"]), {}).get(nip)))
            cells.append(Text(str(rules.jp_earned(ws, nip)), justify="right"))
            grid.add_row(*cells, key=nip)
        if self.built_for is None or coordinate.column == 0:
            grid.move_cursor(row=0, column=self._default_column(ws), animate=False)
        else:
            grid.move_cursor(
                row=min(coordinate.row, len(ws["peserta"]) - 1),
                column=min(coordinate.column, len(ws["sesi"])),
                animate=False,
            )
        self.built_for = shape
        self._update_info()

    def _session(self) -> dict[str, Any] | None:
        ws = self.pelatihan.current
        column = self.grid.cursor_column
        if ws is None or not 1 <= column <= len(ws["sesi"]):
            return None
        return dict(ws["sesi"][column - 1])

    def _update_info(self) -> None:
        ws = self.pelatihan.current
        if ws is None:
            return
        lang = get_language()
        session = self._session()
        info = Text(fit(str(ws["judul"]), 78) + "\n", style="bold")
        if session is None:
            info.append(t("pelatihan.grid.choose_session"))
        else:
            start, _ = rules.session_times(session)
            line = t(
                "pelatihan.grid.session",
                no=session["no"],
                total=len(ws["sesi"]),
                hari=format_day_long(start.date(), lang),
                jam=rules.session_span(session, lang),
            )
            if session.get("batal"):
                line += " · " + t("pelatihan.session.batal")
            info.append(fit(line, 78))
        self.query_one("#pl-hadir-info", Static).update(info)
        count = ""
        if session is not None and not session.get("batal"):
            counts = rules.attendance_counts(ws, int(session["no"]))
            belum = len(ws["peserta"]) - sum(counts.values())
            count = t("pelatihan.grid.counts", belum=belum, **counts)
        self.query_one("#pl-hadir-count", Static).update(
            Text(fit(count + t("pelatihan.grid.legend"), 78))
        )

    @on(DataTable.CellHighlighted, "#pl-grid")
    def _cell_moved(self) -> None:
        ws = self.pelatihan.current
        if ws is None:
            return
        column = self.grid.cursor_column
        if column == 0:
            self.grid.move_cursor(column=1, animate=False)
            return
        if column > len(ws["sesi"]):
            self.grid.move_cursor(column=len(ws["sesi"]), animate=False)
            return
        self._update_info()

    def action_session(self, step: int) -> None:
        """The previous or next session, from its first person (marks go down the column)."""
        ws = self.pelatihan.current
        if ws is None:
            return
        column = min(max(self.grid.cursor_column + step, 1), len(ws["sesi"]))
        self.grid.move_cursor(row=0, column=column, animate=False)

    def action_mark(self, status: str) -> None:
        ws = self.pelatihan.current
        session = self._session()
        grid = self.grid
        row = grid.cursor_row
        if ws is None or session is None or not 0 <= row < len(ws["peserta"]):
            return
        nip = ws["peserta"][row]

        def marked(saved: dict[str, Any]) -> None:
            self._marked(saved, session, nip, status)

        attempt(
            self,
            lambda: self.office.record_attendance(ws, int(session["no"]), nip, status, clock.now()),
            marked,
            on_conflict=self.conflict,
        )

    def _marked(
        self, saved: dict[str, Any], session: Mapping[str, Any], nip: str, status: str
    ) -> None:
        grid = self.grid
        row = grid.cursor_row
        ws = saved
        self.pelatihan.saved(saved)
        grid.update_cell(nip, str(session["no"]), mark_cell(session, status))
        grid.update_cell(nip, "jp", Text(str(rules.jp_earned(saved, nip)), justify="right"))
        if row + 1 < len(ws["peserta"]):
            grid.move_cursor(row=row + 1, animate=False)
        self._update_info()

    def action_back(self) -> None:
        self.pelatihan.set_view("detail")


def mark_cell(session: Mapping[str, Any], status: str | None) -> Text:
    if session.get("batal"):
        return Text(" - ", style="dim")
    if status is None:
        return Text(" · ", style="dim")
    # The letter shown is the key that sets it (KinerjaApp maps the keys per language).
    return Text(f" {attendance_code(status).upper()} ", style=_STATUS_STYLE[status])
