"""Bantuan: how Kinerja works, how a score is computed, keys and glossary."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from models.i18n import t
from models.labels import predikat_label
from models.scoring import PREDIKAT, PREDIKAT_FLOORS
from tui.screens.base import KinerjaScreen
from tui.widgets.text import ReadingScroll


class BantuanScreen(KinerjaScreen):
    """The manual in the app: one long text, scrolled with the arrows or j and k."""

    SCREEN_ID = "bantuan"

    def compose_body(self) -> ComposeResult:
        with ReadingScroll(id="bantuan-body"):
            yield Static(manual(), id="bantuan-text")

    def on_mount(self) -> None:
        self.query_one("#bantuan-body").focus()


def predikat_rule() -> str:
    """ "≥ 90 Sangat Baik; ≥ 70 Baik; …; selain itu Sangat Kurang", from the scoring rule."""
    bands = [f"≥ {floor} {predikat_label(predikat)}" for floor, predikat in PREDIKAT_FLOORS]
    bands.append(f"{t('bantuan.predikat_below')} {predikat_label(PREDIKAT[-1])}")
    return "; ".join(bands)


def manual() -> str:
    """The manual (markup): how to use Kinerja, how a nilai is computed, the terms."""
    body = t("bantuan.body", predikat=predikat_rule(), tanggal=t("dates.placeholder"))
    return f"{body}\n\n{t('bantuan.glossary')}"
