"""The screens of the app, in menu order.

A screen is registered only when its module exists, so the menu, the
function keys and the command palette never offer an empty placeholder.
"""

from __future__ import annotations

import importlib
import importlib.util

from tui.screens.base import KinerjaScreen

SCREEN_MODULES = (
    ("tui.screens.pegawai", "PegawaiScreen"),
    ("tui.screens.penilaian", "PenilaianScreen"),
    ("tui.screens.kelengkapan", "KelengkapanScreen"),
    ("tui.screens.peringkat", "PeringkatScreen"),
    ("tui.screens.pelatihan", "PelatihanScreen"),
    ("tui.screens.riwayat", "RiwayatScreen"),
    ("tui.screens.pengaturan", "PengaturanScreen"),
    ("tui.screens.bantuan", "BantuanScreen"),
)


def registered_screens() -> list[type[KinerjaScreen]]:
    screens: list[type[KinerjaScreen]] = []
    for module_name, class_name in SCREEN_MODULES:
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        screen = getattr(module, class_name)
        assert issubclass(screen, KinerjaScreen)
        screens.append(screen)
    return screens
