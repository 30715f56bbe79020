"""Bantuan: how Kinerja works, how a score is computed, keys and glossary."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from models.i18n import t
from tui.screens.base import KinerjaScreen
from tui.widgets.text import ReadingScroll


class BantuanScreen(KinerjaScreen):
    """The manual in the app: one long text, scrolled with the arrows or j and k."""

    SCREEN_ID = "bantuan"

    def compose_body(self) -> ComposeResult:
        with ReadingScroll(id="bantuan-body"):
            yield Static(t("bantuan.body"), id="bantuan-text")

    def on_mount(self) -> None:
        self.query_one("#bantuan-body").focus()
