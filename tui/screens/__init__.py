"""The screens of the app, in menu order.

A screen is registered only when its module exists, so the menu, the
function keys and the command palette never offer an empty placeholder.
Modules are imported when a screen is first shown, which keeps start-up
fast: only the start screen is loaded before the first paint.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.screens.base import KinerjaScreen


@dataclass(frozen=True)
class ScreenEntry:
    """Everything the menu needs about a screen, without importing it."""

    SCREEN_ID: str
    TITLE_KEY: str
    MENU_KEY: str
    FKEY: str
    module: str
    class_name: str

    def load(self) -> type[KinerjaScreen]:
        screen: type[KinerjaScreen] = getattr(importlib.import_module(self.module), self.class_name)
        assert screen.SCREEN_ID == self.SCREEN_ID
        return screen

    def create(self) -> KinerjaScreen:
        return self.load()()


SCREENS = (
    ScreenEntry("pegawai", "screen.pegawai", "p", "f2", "tui.screens.pegawai", "PegawaiScreen"),
    ScreenEntry(
        "penilaian", "screen.penilaian", "n", "f3", "tui.screens.penilaian", "PenilaianScreen"
    ),
    ScreenEntry(
        "kelengkapan",
        "screen.kelengkapan",
        "k",
        "f4",
        "tui.screens.kelengkapan",
        "KelengkapanScreen",
    ),
    ScreenEntry(
        "peringkat", "screen.peringkat", "r", "f5", "tui.screens.peringkat", "PeringkatScreen"
    ),
    ScreenEntry(
        "evaluasi",
        "screen.evaluasi",
        "e",
        "f10",
        "tui.screens.evaluasi.evaluasi",
        "EvaluasiScreen",
    ),
    ScreenEntry(
        "kalibrasi",
        "screen.kalibrasi",
        "i",
        "f11",
        "tui.screens.evaluasi.kalibrasi",
        "KalibrasiScreen",
    ),
    ScreenEntry(
        "pelatihan", "screen.pelatihan", "l", "f6", "tui.screens.pelatihan", "PelatihanScreen"
    ),
    ScreenEntry("riwayat", "screen.riwayat", "w", "f7", "tui.screens.riwayat", "RiwayatScreen"),
    ScreenEntry(
        "pengaturan",
        "screen.pengaturan",
        "s",
        "f8",
        "tui.screens.pengaturan",
        "PengaturanScreen",
    ),
    ScreenEntry("bantuan", "screen.bantuan", "b", "f9", "tui.screens.bantuan", "BantuanScreen"),
)


def entry_for(screen_id: str) -> ScreenEntry:
    """The registry entry of ``screen_id`` (its title, menu letter and function key)."""
    return next(entry for entry in SCREENS if screen_id == entry.SCREEN_ID)


def registered_screens() -> list[ScreenEntry]:
    return [entry for entry in SCREENS if importlib.util.find_spec(entry.module) is not None]
