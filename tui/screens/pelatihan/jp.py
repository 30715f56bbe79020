"""Pelatihan's JP tally: each active employee's training hours in a year against the target."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

import tui.screens.pelatihan.clock as clock
from models import workshop as rules
from models.criteria import target_jp
from models.errors import KinerjaError
from models.i18n import t
from tui.keys import keys
from tui.messages import ShowHistory
from tui.screens.pelatihan.view import View
from tui.widgets.text import fit


class JpView(View):
    """Who is still short of the year's JP target first; [ and ] change the year."""

    BINDINGS = keys("pelatihan.jp")

    def __init__(self) -> None:
        super().__init__("pl-jp")
        self.year = clock.now().year
        self.below_only = False
        self.rows: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="pl-jp-info", classes="pl-info")
        yield DataTable(id="pl-jp-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.table("pl-jp-table")
        for key, width in (("nama", 30), ("unit", 22), ("jp", 4), ("target", 6), ("kurang", 6)):
            table.add_column(t(f"pelatihan.col.{key}"), width=width, key=key)

    def fill(self) -> None:
        try:
            rows = self.office.jp_tally(self.year)
            target = target_jp(self.office.settings())
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        below = rules.below_target(rows)
        reached = [row for row in rows if row["kurang"] == 0]
        self.rows = below if self.below_only else below + reached
        table = self.table("pl-jp-table")
        keep = self.cursor_nip()
        old_row = table.cursor_row
        table.clear()
        names = self.names()
        for row in self.rows:
            style = "" if row["kurang"] else "dim"
            table.add_row(
                Text(fit(names.get(row["nip"], row["nama"]), 30), style=style),
                Text(fit(str(row["unit"]), 22), style=style),
                Text(str(row["jp"]), justify="right", style=style),
                Text(str(row["target"]), justify="right", style=style),
                Text(str(row["kurang"]) if row["kurang"] else "—", justify="right", style=style),
                key=row["nip"],
            )
        if self.rows:
            index = next((i for i, r in enumerate(self.rows) if r["nip"] == keep), None)
            if index is None:
                index = min(max(old_row, 0), len(self.rows) - 1)
            table.move_cursor(row=index, animate=False)
        info = t(
            "pelatihan.jp.info", tahun=self.year, target=target, kurang=len(below), total=len(rows)
        )
        mode = t("pelatihan.jp.below_only" if self.below_only else "pelatihan.jp.all")
        self.query_one("#pl-jp-info", Static).update(Text(fit(info, 78) + "\n" + fit(mode, 78)))

    def cursor_nip(self) -> str | None:
        row = self.table("pl-jp-table").cursor_row
        return str(self.rows[row]["nip"]) if 0 <= row < len(self.rows) else None

    def action_year(self, step: int) -> None:
        self.year += step
        self.fill()

    def action_below_only(self) -> None:
        self.below_only = not self.below_only
        self.fill()

    def action_riwayat(self) -> None:
        nip = self.cursor_nip()
        if nip is not None:
            self.post_message(ShowHistory(nip))

    def action_back(self) -> None:
        self.pelatihan.set_view("daftar")
