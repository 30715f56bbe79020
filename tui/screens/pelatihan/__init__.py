"""Pelatihan: workshops, their sessions and participants, attendance entry and the JP tally.

Four views switched in place, so the header, footer and live refresh stay those of
the screen: the workshop list (``daftar``), one workshop (``detail``), the attendance
grid (``hadir``) and the JP tally (``jp``).  Each view is a widget owning its keys,
active while its table has the focus; the screen keeps what they share (the
workshops read from the office and the one being looked at).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import ContentSwitcher, DataTable

from models.errors import KinerjaError
from models.i18n import t
from tui.dialogs.form import Record
from tui.screens.base import KinerjaScreen

Views = ("daftar", "detail", "hadir", "jp")
_FOCUS = {"daftar": "pl-table", "detail": "pl-peserta", "hadir": "pl-grid", "jp": "pl-jp-table"}


class PelatihanScreen(KinerjaScreen):
    """Workshops: schedule, enrol, record attendance and follow the JP target."""

    SCREEN_ID = "pelatihan"

    DEFAULT_CSS = """
    PelatihanScreen .pl-info {
        height: auto; padding: 0 1;
    }
    PelatihanScreen .pl-line {
        height: 1; padding: 0 1; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    #pl-table, #pl-peserta, #pl-grid, #pl-jp-table { height: 1fr; }
    #pl-sesi { height: auto; max-height: 7; }
    PelatihanScreen .pl-table-title {
        height: 1; padding: 0 1; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    PelatihanScreen .pl-table-title.-active { color: $text; text-style: bold reverse; }
    #pl-views, #pl-views > Vertical { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.view = "daftar"
        self.items: list[Record] = []
        self.current: Record | None = None

    def compose_body(self) -> ComposeResult:
        from tui.screens.pelatihan.daftar import DaftarView
        from tui.screens.pelatihan.detail import DetailView
        from tui.screens.pelatihan.hadir import HadirView
        from tui.screens.pelatihan.jp import JpView

        with ContentSwitcher(initial="pl-daftar", id="pl-views"):
            yield DaftarView()
            yield DetailView()
            yield HadirView()
            yield JpView()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#pl-table", DataTable).focus()

    def view_widget(self, view: str) -> Any:
        return self.query_one(f"#pl-{view}")

    # ------------------------------------------------------------ views

    def set_view(self, view: str) -> None:
        self.view = view
        self.query_one("#pl-views", ContentSwitcher).current = f"pl-{view}"
        self._fill()
        self.query_one(f"#{_FOCUS[view]}", DataTable).focus()
        self.refresh_bindings()

    def show_workshop(self, ws: Record) -> None:
        self.current = ws
        self.set_view("detail")

    def open_attendance(self) -> None:
        self.view_widget("hadir").start()
        self.set_view("hadir")

    def edit_workshop(self, ws: Record) -> None:
        from tui.screens.pelatihan.forms import WorkshopForm

        def saved(record: Record | None) -> None:
            if record is not None:
                self.notify(t("pelatihan.saved", judul=record["judul"]))
                if self.current is not None and self.current["id"] == record["id"]:
                    self.current = record
                self.refresh_data()

        self.app.push_screen(WorkshopForm(self.office, ws), saved)

    def saved(self, record: Record) -> None:
        """Take a workshop just stored as the current one, without re-reading them all."""
        self.current = record
        self.items = [record if item["id"] == record["id"] else item for item in self.items]

    # ------------------------------------------------------------ data

    def refresh_data(self) -> None:
        """Re-read the workshops and redraw the view, keeping cursors where they were."""
        try:
            self.items = self.office.workshops()
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        if self.current is not None:
            fresh = next((ws for ws in self.items if ws["id"] == self.current["id"]), None)
            if fresh is None and self.view in ("detail", "hadir"):
                self.notify(t("pelatihan.gone", judul=self.current["judul"]), severity="warning")
                self.current = None
                self.set_view("daftar")
                return
            self.current = fresh
        self._fill()

    def _fill(self) -> None:
        self.view_widget("daftar").fill()
        if self.view != "daftar":
            self.view_widget(self.view).fill()


__all__ = ["PelatihanScreen"]
