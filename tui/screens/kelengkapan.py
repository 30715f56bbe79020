"""Kelengkapan: who is not complete yet in a period, and a jump straight to the missing forms.

The list comes from ``models.entry.completeness`` (the ranking's own rule),
the most missing first.  Enter opens the Penilaian grid on everyone who rates
that employee, with the cursor on the first missing atasan/rekan row; ``a``
opens the form of their atasan instead, which fills the atasan rating of all
of that supervisor's staff in one go.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from models.entry import MissingLine
from models.errors import KinerjaError
from models.i18n import t
from tui.keys import keys
from tui.messages import OpenScoreSheet
from tui.screens.base import KinerjaScreen
from tui.widgets.text import fit, period_heading

_NAME_WIDTH = 24
_UNIT_WIDTH = 20
_KURANG_WIDTH = 30


class KelengkapanScreen(KinerjaScreen):
    """Per employee which ratings are still missing in the chosen period."""

    SCREEN_ID = "kelengkapan"

    DEFAULT_CSS = """
    #kl-top {
        height: 2;
        padding: 0 1;
        background: $boost;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    #kl-table {
        height: 1fr;
    }
    #kl-detail {
        height: 2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        background: $boost;
    }
    KelengkapanScreen DataTable:nocolor > .datatable--cursor {
        text-style: reverse bold;
    }
    """

    BINDINGS = keys("kelengkapan")

    def __init__(self) -> None:
        super().__init__()
        self.kode: str | None = None
        self.unit: str | None = None
        """Only this unit kerja, or None for the whole office."""
        self.lines: list[MissingLine] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="kl-top")
        yield DataTable(id="kl-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="kl-detail")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#kl-table", DataTable)

    def on_mount(self) -> None:
        table = self.table
        table.add_column(t("kelengkapan.col.nama"), width=_NAME_WIDTH, key="nama")
        table.add_column(t("kelengkapan.col.unit"), width=_UNIT_WIDTH, key="unit")
        table.add_column(t("kelengkapan.col.kurang"), width=_KURANG_WIDTH, key="kurang")
        self.refresh_data()
        table.focus()

    # ------------------------------------------------------------ data

    @property
    def current_line(self) -> MissingLine | None:
        index = self.table.cursor_row
        return self.lines[index] if 0 <= index < len(self.lines) else None

    def refresh_data(self) -> None:
        """Recompute the list, keeping the cursor on the same employee if still listed."""
        if not self.is_mounted:
            return
        current = self.current_line
        keep = current.nip if current else None
        try:
            self.kode = self.current_kode()
            if self.unit is not None and self.unit not in self.office.units():
                self.unit = None
            self.lines = self.office.completeness(self.kode, self.unit) if self.kode else []
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            self.lines = []
        table = self.table
        table.clear()
        for line in self.lines:
            table.add_row(
                Text(fit(line.nama, _NAME_WIDTH)),
                Text(fit(line.unit, _UNIT_WIDTH)),
                Text(fit(line.keterangan, _KURANG_WIDTH)),
                key=line.nip,
            )
        if keep is not None:
            index = next((i for i, ln in enumerate(self.lines) if ln.nip == keep), None)
            if index is not None:
                table.move_cursor(row=index)
        self._update_top()
        self._update_detail()

    def _update_top(self) -> None:
        top = self.query_one("#kl-top", Static)
        if self.kode is None:
            top.update(period_heading(None))
            return
        unit = self.unit or t("kelengkapan.all_units")
        line1 = t(
            "kelengkapan.top", periode=period_heading(self.office.period(self.kode)), unit=unit
        )
        if self.lines:
            line2 = t("kelengkapan.count", n=len(self.lines))
        else:
            line2 = t("kelengkapan.all_complete")
        top.update(f"{line1}\n[b]{line2}[/b]")

    def _update_detail(self) -> None:
        detail = self.query_one("#kl-detail", Static)
        line = self.current_line
        if line is None:
            detail.update("")
            return
        if line.atasan is not None:
            atasan = self.office.employees_by_nip().get(line.atasan, {}).get("nama", line.atasan)
            hint = t("kelengkapan.hint", nama=line.nama, atasan=atasan)
        else:
            hint = t("kelengkapan.hint_head", nama=line.nama)
        detail.update(Text.assemble((f"{line.nama}: ", "bold"), line.keterangan, "\n", hint))

    @on(DataTable.RowHighlighted, "#kl-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._update_detail()

    # ------------------------------------------------------------ actions

    def action_fill(self) -> None:
        """Open everyone who rates this employee, on the first missing rating."""
        line = self.current_line
        if line is None or self.kode is None:
            return
        self.post_message(OpenScoreSheet(self.kode, line.nip))

    def action_fill_atasan(self) -> None:
        """Open the atasan's own form: one sheet for all of that supervisor's staff."""
        line = self.current_line
        if line is None or self.kode is None:
            return
        if line.atasan is None:
            self.notify(t("kelengkapan.no_atasan", nama=line.nama), severity="warning")
            return
        self.post_message(OpenScoreSheet(self.kode, line.nip, rater=line.atasan))

    def action_next_unit(self) -> None:
        units = [None, *self.office.units()]
        position = units.index(self.unit) if self.unit in units else 0
        self.unit = units[(position + 1) % len(units)]
        self.refresh_data()
        self.table.move_cursor(row=0)
        self._update_detail()
