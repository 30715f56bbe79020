"""Kelengkapan: the missing-ratings list, its unit filter, and the jump into the grid."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.widgets import Static

from models.entry import completeness
from models.office import Office
from tui.app import KinerjaApp
from tui.screens.kelengkapan import KelengkapanScreen
from tui.screens.penilaian import MODE_RATEE, MODE_RATER, PenilaianScreen
from tui.textual_private import notification_messages, rendered_text
from tui.widgets.score_grid import FIRST_CRITERION

KODE = "2026-S2"


def screen_text(app: KinerjaApp) -> str:
    return rendered_text(app.screen)


def kelengkapan(app: KinerjaApp) -> KelengkapanScreen:
    screen = app.screen
    assert isinstance(screen, KelengkapanScreen)
    return screen


def penilaian(app: KinerjaApp) -> PenilaianScreen:
    screen = app.screen
    assert isinstance(screen, PenilaianScreen)
    return screen


def names(app: KinerjaApp) -> list[str]:
    return [line.nama for line in kelengkapan(app).lines]


def find(office: Office, nama: str) -> dict[str, Any]:
    return next(e for e in office.employees() if e["nama"] == nama)


async def test_list_shows_what_is_missing_most_first(office_path: Path) -> None:
    office = Office.open(office_path)
    expected = completeness(office, KODE)
    app = KinerjaApp(office, start="kelengkapan")
    async with app.run_test(size=(80, 24)):
        assert names(app) == [m.nama for m in expected]
        assert len(expected) == 8
        text = screen_text(app)
        assert "8 pegawai belum lengkap" in text
        assert "Unit: semua" in text
        first = expected[0]
        assert f"{first.nama}: {first.keterangan}\nEnter: semua penilai" in str(
            app.screen.query_one("#kl-detail", Static).render()
        )
        assert "atasan belum menilai" in text and "rekan 1/2" in text


async def test_enter_jumps_to_the_grid_and_the_list_shrinks(office_path: Path) -> None:
    office = Office.open(office_path)
    app = KinerjaApp(office, start="kelengkapan")
    async with app.run_test(size=(80, 24)) as pilot:
        line = kelengkapan(app).lines[0]
        assert line.atasan_kurang
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "penilaian"
        screen = penilaian(app)
        assert (screen.mode, screen.person, screen.kode) == (MODE_RATEE, line.nip, KODE)
        row = screen.grid.current_row
        assert row is not None and row.peran == "atasan" and row.rater == line.atasan
        assert screen.grid.cursor_coordinate.column == FIRST_CRITERION
        await pilot.press("4", "4", "5")
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert app.current_mode == "kelengkapan"
        assert line.nama not in names(app)
        assert len(names(app)) == 7
        assert "7 pegawai belum lengkap" in screen_text(app)
    rating = Office.open(office_path).rating(KODE, line.nip, line.atasan or "")
    assert rating is not None and rating["skor"] == {"disiplin": 4, "kualitas": 4, "komunikasi": 5}


async def test_a_missing_rekan_is_filled_from_the_line(office_path: Path) -> None:
    office = Office.open(office_path)
    app = KinerjaApp(office, start="kelengkapan")
    async with app.run_test(size=(80, 24)) as pilot:
        lines = kelengkapan(app).lines
        index, line = next((i, m) for i, m in enumerate(lines) if m.keterangan == "rekan 1/2")
        await pilot.press(*(["down"] * index), "enter")
        await pilot.pause()
        screen = penilaian(app)
        row = screen.grid.current_row
        assert row is not None and row.peran == "rekan" and row.status != "lengkap"
        assert screen.person == line.nip
        await pilot.press("3", "3", "3")
        await pilot.pause()
        await pilot.press("ctrl+g", "k")
        await pilot.pause()
        assert line.nama not in names(app)


async def test_a_opens_the_atasan_form_on_that_employee(office_path: Path) -> None:
    office = Office.open(office_path)
    app = KinerjaApp(office, start="kelengkapan")
    async with app.run_test(size=(80, 24)) as pilot:
        line = kelengkapan(app).lines[0]
        await pilot.press("a")
        await pilot.pause()
        screen = penilaian(app)
        assert (screen.mode, screen.person) == (MODE_RATER, line.atasan)
        row = screen.grid.current_row
        assert row is not None and (row.ratee, row.peran) == (line.nip, "atasan")
        atasan = office.employee(line.atasan or "")
        assert re.search(rf"Penilai \d+/\d+: {atasan['nama']} · ", screen_text(app))


async def test_unit_filter_cycles_through_the_units(office_path: Path) -> None:
    office = Office.open(office_path)
    units = office.units()
    app = KinerjaApp(office, start="kelengkapan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        screen = kelengkapan(app)
        assert screen.unit == units[0]
        assert {line.unit for line in screen.lines} <= {units[0]}
        expected = completeness(office, KODE, units[0])
        assert names(app) == [m.nama for m in expected]
        assert f"Unit: {units[0]}" in screen_text(app)
        await pilot.press(*(["u"] * len(units)))
        await pilot.pause()
        assert screen.unit is None
        assert len(screen.lines) == 8


async def test_a_unit_with_everyone_complete_says_so(office_path: Path) -> None:
    office = Office.open(office_path)
    missing = [m for m in completeness(office, KODE) if m.unit == "Sekretariat"]
    for line in missing:
        assert line.atasan is not None and line.keterangan == "atasan belum menilai"
        office.save_rating(
            KODE, line.nip, line.atasan, "atasan", {"disiplin": 4, "kualitas": 4, "komunikasi": 4}
        )
    app = KinerjaApp(office, start="kelengkapan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*(["u"] * (office.units().index("Sekretariat") + 1)))
        await pilot.pause()
        assert kelengkapan(app).unit == "Sekretariat"
        assert names(app) == []
        assert "Semua pegawai sudah lengkap dinilai." in screen_text(app)


async def test_head_of_office_needs_no_atasan(office_path: Path) -> None:
    office = Office.open(office_path)
    head = next(e for e in office.employees() if e["aktif"] and e["atasan_nip"] is None)
    for rating in office.store.ratings_of(KODE, head["nip"]):
        if rating["peran"] == "rekan":
            office.delete_rating(KODE, head["nip"], rating["nip_penilai"])
    app = KinerjaApp(office, start="kelengkapan")
    async with app.run_test(size=(80, 24)) as pilot:
        lines = kelengkapan(app).lines
        index = next(i for i, m in enumerate(lines) if m.nip == head["nip"])
        assert lines[index].keterangan == "rekan 0/2"
        await pilot.press(*(["down"] * index))
        await pilot.pause()
        assert "kepala kantor, tanpa atasan" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert app.current_mode == "kelengkapan"
        message = f"{head['nama']} tidak memiliki atasan langsung; tidak perlu penilaian atasan."
        assert message in notification_messages(app)


def test_snapshot_80x24(office_path: Path, snap_compare: Any) -> None:
    app = KinerjaApp(Office.open(office_path), start="kelengkapan")
    assert snap_compare(app, terminal_size=(80, 24), press=["down"])
