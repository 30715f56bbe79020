"""Pengaturan: the office's name and targets, its review periods, criteria, role weights
and the official evaluation's settings.

Five sections switched with the digits 1-5, one widget each (``kantor``, ``periode``,
``kriteria``, ``bobot``, ``evaluasi``), each owning the keys that act on it: they are active while
the section's table has the focus, so the footer only offers what works there.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.widgets import TabbedContent, TabPane

from models.errors import KinerjaError
from models.i18n import t
from tui.keys import keys
from tui.screens.base import KinerjaScreen
from tui.screens.pengaturan.bobot import BobotSection
from tui.screens.pengaturan.evaluasi import EvaluasiSection
from tui.screens.pengaturan.kantor import KantorSection
from tui.screens.pengaturan.kriteria import KriteriaSection
from tui.screens.pengaturan.periode import PeriodeSection
from tui.screens.pengaturan.section import Section

SECTIONS = ("kantor", "periode", "kriteria", "bobot", "evaluasi")
"""Tab ids, in the order of their digit keys."""


class PengaturanScreen(KinerjaScreen):
    """Office settings, periods and their life cycle, criteria, role weights, evaluation."""

    SCREEN_ID = "pengaturan"

    BINDINGS = keys("pengaturan")

    DEFAULT_CSS = """
    PengaturanScreen TabPane {
        padding: 0 1;
    }
    PengaturanScreen DataTable {
        height: auto;
        max-height: 10;
    }
    PengaturanScreen #periode-table {
        max-height: 12;
    }
    PengaturanScreen .pengaturan-note {
        color: $text-muted;
        margin-top: 1;
    }
    PengaturanScreen #periode-detail {
        margin-top: 1;
        height: auto;
    }
    PengaturanScreen #kriteria-panduan-box {
        margin-top: 1;
        height: 1fr;
    }
    PengaturanScreen Section {
        height: 1fr;
    }
    """

    def compose_body(self) -> ComposeResult:
        with TabbedContent(initial="kantor", id="pengaturan-tabs"):
            with TabPane(t("pengaturan.tab.kantor"), id="kantor"):
                yield KantorSection()
            with TabPane(t("pengaturan.tab.periode"), id="periode"):
                yield PeriodeSection()
            with TabPane(t("pengaturan.tab.kriteria"), id="kriteria"):
                yield KriteriaSection()
            with TabPane(t("pengaturan.tab.bobot"), id="bobot"):
                yield BobotSection()
            with TabPane(t("pengaturan.tab.evaluasi"), id="evaluasi"):
                yield EvaluasiSection()

    def on_mount(self) -> None:
        self.refresh_data()
        self.section_widget("kantor").table.focus()

    def section(self) -> str:
        try:
            return self.query_one(TabbedContent).active
        except NoMatches:
            return ""

    def section_widget(self, name: str) -> Section:
        return self.query_one(f"#{name}-section", Section)

    def refresh_data(self) -> None:
        try:
            for section in self.query(Section):
                section.refresh_data()
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        self.refresh_bindings()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        section = event.pane.id or ""
        if section in SECTIONS:
            self.section_widget(section).table.focus()

    def action_section(self, section: str) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active != section:
            tabs.active = section
        self.section_widget(section).table.focus()
