"""The app shell: navigation by keyboard, key help, palette, language and live refresh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Static

from models.i18n import set_language, t
from models.office import Office
from tui.app import KinerjaApp, error_log_path
from tui.screens import registered_screens
from tui.screens.navigation import GotoMenu, KeyHelp
from tui.textual_private import rendered_text


async def test_every_screen_is_reachable_with_ctrl_g_and_a_letter(office: Office) -> None:
    app = KinerjaApp(office)
    screens = registered_screens()
    assert [s.SCREEN_ID for s in screens][-1] == "bantuan"
    async with app.run_test(size=(80, 24)) as pilot:
        for screen in screens:
            await pilot.press("ctrl+g")
            assert isinstance(app.screen, GotoMenu)
            await pilot.press(screen.MENU_KEY)
            await pilot.pause()
            assert app.current_mode == screen.SCREEN_ID
            assert type(app.screen).__name__ == screen.class_name


def test_registry_gives_each_screen_class_its_title_and_keys() -> None:
    for entry in registered_screens():
        cls = entry.load()
        assert (cls.SCREEN_ID, cls.TITLE_KEY, cls.MENU_KEY, cls.FKEY) == (
            entry.SCREEN_ID,
            entry.TITLE_KEY,
            entry.MENU_KEY,
            entry.FKEY,
        )


async def test_digits_and_function_keys_also_navigate(office: Office) -> None:
    app = KinerjaApp(office)
    screens = registered_screens()
    async with app.run_test(size=(80, 24)) as pilot:
        last = screens[-1]
        # 1 to 9, then 0 for the tenth screen.
        assert len(screens) == 10
        await pilot.press("ctrl+g", "0")
        await pilot.pause()
        assert app.current_mode == last.SCREEN_ID
        for screen in screens:
            await pilot.press(screen.FKEY)
            await pilot.pause()
            assert app.current_mode == screen.SCREEN_ID


async def test_menu_closes_with_escape_and_keeps_the_screen(office: Office) -> None:
    app = KinerjaApp(office, start="bantuan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, GotoMenu)
        await pilot.press("escape")
        assert not isinstance(app.screen, GotoMenu)
        assert app.current_mode == "bantuan"


async def test_header_shows_office_name_and_current_period(office: Office) -> None:
    app = KinerjaApp(office, start="bantuan")
    async with app.run_test(size=(80, 24)):
        assert app.title == office.name
        current = office.current_period()
        assert current is not None
        assert app.sub_title.startswith(current["nama"])
        assert "terbuka" in app.sub_title


async def test_key_help_lists_the_bindings_of_the_screen(office: Office) -> None:
    app = KinerjaApp(office, start="bantuan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, KeyHelp)
        text = str(app.screen.query_one("#help-keys", Static).render())
        assert "Keluar" in text
        assert "Layar" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, KeyHelp)
        await pilot.press("question_mark")
        assert isinstance(app.screen, KeyHelp)


async def test_palette_offers_every_screen(office: Office) -> None:
    app = KinerjaApp(office, start="bantuan")
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for screen in registered_screens():
            assert t("palette.goto", screen=t(screen.TITLE_KEY)) in titles, screen.SCREEN_ID
        assert "Keluar dari Kinerja" in titles


async def test_english_interface(office: Office) -> None:
    set_language("en")
    app = KinerjaApp(office, start="bantuan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        text = str(app.screen.query_one("#help-keys", Static).render())
        assert "Quit" in text
        assert "Keluar" not in text


async def test_another_clerks_save_appears_without_restart(
    office: Office, office_path: Path
) -> None:
    app = KinerjaApp(office, start="bantuan")
    async with app.run_test(size=(80, 24)) as pilot:
        other = Office.open(office_path)
        other.update_settings(other.settings(), {"nama_kantor": "Kantor Kecamatan Asemrowo"})
        assert office.store.changed_on_disk()
        app.poll_for_changes()
        await pilot.pause()
        assert app.title == "Kantor Kecamatan Asemrowo"


def test_start_screen_snapshot(snap_compare, office_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = KinerjaApp(Office.open(office_path))
    assert snap_compare(app, terminal_size=(80, 24))


def _shown(app: KinerjaApp) -> str:
    return rendered_text(app.screen)


CATALOG_KEY = re.compile(r"\b[a-z_]+\.[a-z_]+(?:\.[a-z_]+)*\b")
"""A dotted catalog key such as ``pegawai.col.nama``: shown only when a translation is missing."""


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_no_screen_shows_an_untranslated_key(office: Office, lang: str) -> None:
    set_language(lang)
    app = KinerjaApp(office)
    async with app.run_test(size=(80, 24)) as pilot:
        for screen in registered_screens():
            await pilot.press("ctrl+g", screen.MENU_KEY)
            await pilot.pause()
            text = _shown(app)
            assert not CATALOG_KEY.findall(text), (screen.SCREEN_ID, CATALOG_KEY.findall(text))
            await pilot.press("f1")
            await pilot.pause()
            text = _shown(app)
            assert not CATALOG_KEY.findall(text), (screen.SCREEN_ID, "F1")
            await pilot.press("escape")


def test_an_unexpected_error_is_logged_and_the_clerk_sees_one_line(
    office: Office,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    app = KinerjaApp(office, start="bantuan")

    def boom() -> None:
        raise RuntimeError("sesuatu rusak")

    async def trigger(pilot: object) -> None:
        app.call_later(boom)

    app.run(headless=True, size=(80, 24), auto_pilot=trigger)
    assert app.return_code == 1
    log = error_log_path()
    assert str(log).startswith(str(tmp_path))
    assert "RuntimeError: sesuatu rusak" in log.read_text(encoding="utf-8")
    printed = " ".join(capfd.readouterr().err.split())
    assert "Kinerja berhenti karena kesalahan tak terduga." in printed
    assert "Traceback" not in printed


async def test_one_period_for_every_screen_chosen_with_one_key(office: Office) -> None:
    """ctrl+t on any screen changes the period the header and every screen show."""
    office.create_period("2027-S1", "semester", "01-01-2027")
    office.set_period_status("2027-S1", "terbuka")
    office.create_period("2027-Q1", "triwulan", "01-01-2027")
    office.set_period_status("2027-Q1", "terbuka")
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        # The default is the newest open period.
        assert app.period_kode == "2027-S1"
        assert app.sub_title.startswith("Semester I 2027")
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press(*"2026-S2", "enter")
        await pilot.pause()
        assert app.period_kode == "2026-S2"
        assert app.sub_title.startswith("Semester II 2026")
        for letter, screen_id in (("n", "penilaian"), ("k", "kelengkapan"), ("r", "peringkat")):
            await pilot.press("ctrl+g", letter)
            await pilot.pause()
            assert app.current_mode == screen_id
            assert getattr(app.screen, "kode", None) == "2026-S2", screen_id
            assert "Semester II 2026" in rendered_text(app.screen)
        # Chosen again from another screen (its own key p), every screen follows.
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"2027-Q1", "enter")
        await pilot.pause()
        assert getattr(app.screen, "kode", None) == "2027-Q1"
        await pilot.press("ctrl+g", "n")
        await pilot.pause()
        assert getattr(app.screen, "kode", None) == "2027-Q1"
