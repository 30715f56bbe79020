"""Bantuan: how Kinerja works, how a score is computed, keys and glossary."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.i18n import t
from tui.screens.base import KinerjaScreen


class BantuanScreen(KinerjaScreen):
    SCREEN_ID = "bantuan"
    BINDINGS = [
        Binding("j", "scroll('down')", "key.scroll_down", id="bantuan.down", show=False),
        Binding("k", "scroll('up')", "key.scroll_up", id="bantuan.up", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="bantuan-body"):
            yield Static(t("bantuan.body"), id="bantuan-text")

    def on_mount(self) -> None:
        self.query_one("#bantuan-body").focus()

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#bantuan-body", VerticalScroll)
        if direction == "down":
            body.scroll_down()
        else:
            body.scroll_up()
