"""Pelatihan's first view: the workshops, upcoming by default, with add, edit and delete."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable, Static

import tui.screens.pelatihan.clock as clock
from models import workshop as rules
from models import workshops
from models.dates import format_day_medium
from models.i18n import get_language, t
from models.labels import workshop_kind_label
from tui.dialogs.confirm import Confirm
from tui.dialogs.form import Record
from tui.keys import keys
from tui.saving import confirm_then
from tui.screens.pelatihan.forms import WorkshopForm
from tui.screens.pelatihan.view import View
from tui.widgets.text import fit

SHOW_MODES = ("akan_datang", "selesai", "semua")
_LIST_FIXED = {"jenis": 10, "mulai": 11, "sesi": 4, "peserta": 7, "antrian": 7}


class DaftarView(View):
    """The workshop list: Enter opens one, t cycles upcoming / finished / all."""

    BINDINGS = [
        *keys("pelatihan.daftar"),
        *(
            Binding(key, f"open_first('{key}')", show=False)
            for key in ("p", "r", "k", "h", "m", "b", "c", "w")
        ),
    ]
    """The keys of one workshop (p, k, h, ...) only explain, here, how to get there."""

    def __init__(self) -> None:
        super().__init__("pl-daftar")
        self.show_mode = "akan_datang"
        self.shown: list[Record] = []
        self.judul_width = 30

    def compose(self) -> ComposeResult:
        yield Static("", id="pl-list-info", classes="pl-line")
        yield DataTable(id="pl-table", cursor_type="row", zebra_stripes=True)
        yield Static(t("pelatihan.list.hint"), id="pl-list-hint", classes="pl-line")

    def on_mount(self) -> None:
        self._build_columns()

    def on_resize(self, event: Resize) -> None:
        padding = 2 * (len(_LIST_FIXED) + 1)
        width = max(16, event.size.width - sum(_LIST_FIXED.values()) - padding - 2)
        if width != self.judul_width:
            self.judul_width = width
            self._build_columns()
            self.fill()

    def _build_columns(self) -> None:
        table = self.table("pl-table")
        table.clear(columns=True)
        table.add_column(t("pelatihan.col.judul"), width=self.judul_width, key="judul")
        for key, width in _LIST_FIXED.items():
            table.add_column(t(f"pelatihan.col.{key}"), width=width, key=key)

    def _visible(self) -> list[Record]:
        items = self.pelatihan.items
        if self.show_mode == "semua":
            return list(items)
        moment = clock.now()
        finished = [ws for ws in items if workshops.is_finished(ws, moment)]
        if self.show_mode == "selesai":
            return list(reversed(finished))
        done = {ws["id"] for ws in finished}
        return [ws for ws in items if ws["id"] not in done]

    def fill(self) -> None:
        table = self.table("pl-table")
        keep = self.cursor_id()
        old_row = table.cursor_row
        self.shown = self._visible()
        table.clear()
        lang = get_language()
        for ws in self.shown:
            table.add_row(
                Text(fit(str(ws["judul"]), self.judul_width)),
                Text(fit(workshop_kind_label(str(ws["jenis"])), _LIST_FIXED["jenis"])),
                Text(format_day_medium(workshops.first_start(ws).date(), lang)),
                Text(str(len(rules.active_sessions(ws))), justify="right"),
                Text(f"{len(ws['peserta'])}/{ws['kapasitas']}", justify="right"),
                Text(str(len(ws["antrian"])) if ws["antrian"] else "—", justify="right"),
                key=str(ws["id"]),
            )
        if self.shown:
            index = next((i for i, ws in enumerate(self.shown) if ws["id"] == keep), None)
            if index is None:
                index = min(max(old_row, 0), len(self.shown) - 1)
            table.move_cursor(row=index, animate=False)
        items = self.pelatihan.items
        if not items:
            info = t("pelatihan.list.empty")
        else:
            info = t(
                "pelatihan.list.info_all" if self.show_mode == "semua" else "pelatihan.list.info",
                mode=t(f"pelatihan.show.{self.show_mode}"),
                count=len(self.shown),
                other=len(items) - len(self.shown),
            )
        self.query_one("#pl-list-info", Static).update(Text(info))

    def cursor_id(self) -> int | None:
        row = self.table("pl-table").cursor_row
        if 0 <= row < len(self.shown):
            return int(self.shown[row]["id"])
        return None

    def selected(self) -> Record | None:
        """The highlighted workshop; with none (an empty list), the clerk is told so."""
        wid = self.cursor_id()
        ws = next((ws for ws in self.pelatihan.items if ws["id"] == wid), None)
        if ws is None:
            self.notify(t("pelatihan.none_selected"), severity="warning")
        return ws

    # ------------------------------------------------------------ actions

    def action_open(self) -> None:
        ws = self.selected()
        if ws is not None:
            self.pelatihan.show_workshop(ws)

    @on(DataTable.RowSelected, "#pl-table")
    def _row_chosen(self) -> None:
        self.action_open()

    def action_open_first(self, key: str) -> None:
        self.notify(t("pelatihan.open_first", key=key), timeout=6)

    def action_cycle_show(self) -> None:
        self.show_mode = SHOW_MODES[(SHOW_MODES.index(self.show_mode) + 1) % len(SHOW_MODES)]
        self.fill()

    def action_jp(self) -> None:
        self.pelatihan.set_view("jp")

    def action_add(self) -> None:
        def saved(record: Record | None) -> None:
            if record is None:
                return
            self.notify(t("pelatihan.created", judul=record["judul"], count=len(record["sesi"])))
            finished = workshops.is_finished(record, clock.now())
            if self.show_mode != "semua" and finished != (self.show_mode == "selesai"):
                self.show_mode = "semua"
            self.pelatihan.refresh_data()
            self.pelatihan.show_workshop(record)

        self.app.push_screen(WorkshopForm(self.office), saved)

    def action_edit(self) -> None:
        ws = self.selected()
        if ws is not None:
            self.pelatihan.edit_workshop(ws)

    def action_delete(self) -> None:
        ws = self.selected()
        if ws is None:
            return

        def deleted(_: None) -> None:
            self.notify(t("pelatihan.deleted", judul=ws["judul"]))
            self.pelatihan.refresh_data()

        question = t("pelatihan.confirm_delete", judul=ws["judul"], peserta=len(ws["peserta"]))
        confirm_then(
            self,
            Confirm(question, t("pelatihan.yes_delete"), t("pelatihan.no")),
            lambda: self.office.delete_workshop(ws),
            deleted,
            on_conflict=self.conflict,
        )
