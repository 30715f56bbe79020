"""Pelatihan screen, driven by the keyboard: schedule, enrol, attendance, JP tally."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from models import workshop_form, workshops
from models.dates import format_decimal
from models.office import Office
from tui.app import KinerjaApp
from tui.dialogs.confirm import Confirm
from tui.dialogs.conflict import ConflictDialog
from tui.dialogs.picker import Picker
from tui.dialogs.prompt import Prompt
from tui.screens.pelatihan import PelatihanScreen, clock
from tui.screens.pelatihan.daftar import DaftarView
from tui.screens.pelatihan.forms import WorkshopForm
from tui.screens.pelatihan.jp import JpView
from tui.screens.riwayat import RiwayatScreen
from tui.widgets.text import fit

LATER = dt.datetime(2100, 1, 1)
"""A moment after every session in these tests: each one may be marked."""

TODAY = dt.datetime(2026, 12, 1, 8, 0)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's "today": the E-Learning workshop is half way through."""
    monkeypatch.setattr(clock, "now", lambda: TODAY)


def screen_of(app: KinerjaApp) -> PelatihanScreen:
    for screen in app.screen_stack:
        if isinstance(screen, PelatihanScreen):
            return screen
    raise AssertionError("Pelatihan screen not open")


def text_of(app: KinerjaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def rows_of(screen: PelatihanScreen, table_id: str) -> list[list[str]]:
    table: DataTable[Text] = screen.query_one(f"#{table_id}", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def active_nips(office: Office) -> list[str]:
    return [e["nip"] for e in office.employees() if e["aktif"]]


def new_workshop(office: Office, **values: str) -> dict[str, Any]:
    form = workshop_form.form_values(None)
    form.update(
        {
            "judul": "Pelatihan Arsip Digital",
            "tanggal": "07-12-2026",
            "jam": "09:00",
            "durasi": "120",
            "kapasitas": "2",
            "jp_per_sesi": "3",
        }
    )
    form.update(values)
    return workshops.create_workshop(office, workshop_form.form_data(form))


async def open_workshop(pilot: Pilot[Any], app: KinerjaApp, workshop_id: int) -> None:
    """Show every workshop, put the cursor on ``workshop_id`` and open it."""
    screen = screen_of(app)
    daftar = screen.query_one(DaftarView)
    while daftar.show_mode != "semua":
        await pilot.press("t")
    index = [ws["id"] for ws in daftar.shown].index(workshop_id)
    cursor = screen.query_one("#pl-table", DataTable).cursor_row
    step = "down" if index >= cursor else "up"
    await pilot.press(*[step] * abs(index - cursor), "enter")
    await pilot.pause()
    assert screen.view == "detail"
    assert screen.current is not None and screen.current["id"] == workshop_id


def short_nip(office: Office, nip: str) -> str:
    """The shortest start of ``nip`` that no other employee's NIP shares (fewer keystrokes)."""
    others = [e["nip"] for e in office.employees() if e["nip"] != nip]
    for length in range(8, len(nip) + 1):
        if not any(other.startswith(nip[:length]) for other in others):
            return nip[:length]
    return nip


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*[" " if c == " " else c for c in text])


# --------------------------------------------------------------------------- list


async def test_list_shows_upcoming_then_finished(office: Office) -> None:
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        upcoming = rows_of(screen, "pl-table")
        expected = [
            ws for ws in workshops.workshops(office) if not workshops.is_finished(ws, TODAY)
        ]
        width = screen.query_one(DaftarView).judul_width
        assert [row[0] for row in upcoming] == [fit(ws["judul"], width) for ws in expected]
        first = expected[0]
        assert upcoming[0][3].strip() == str(len(first["sesi"]))
        assert upcoming[0][4].strip() == f"{len(first['peserta'])}/{first['kapasitas']}"
        assert "Akan datang" in text_of(app, "#pl-list-info")
        await pilot.press("t")
        finished = rows_of(screen, "pl-table")
        done = [ws for ws in workshops.workshops(office) if workshops.is_finished(ws, TODAY)]
        assert [row[0] for row in finished] == [fit(ws["judul"], width) for ws in reversed(done)]
        assert "Sudah selesai" in text_of(app, "#pl-list-info")


# --------------------------------------------------------------------------- the form


async def test_schedule_weekly_workshop_with_preview(office: Office) -> None:
    app = KinerjaApp(office, start="pelatihan")
    before = {ws["id"] for ws in workshops.workshops(office)}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopForm)
        await type_text(pilot, "Pelatihan Arsip Digital")
        await pilot.press("tab", "tab", "tab")  # jenis, kriteria, penyelenggara
        await type_text(pilot, "BKPSDM")
        await pilot.press("tab")
        await type_text(pilot, "Aula Kecamatan")
        await pilot.press("tab", "ctrl+u", "2", "tab", "ctrl+u", "3", "tab", "ctrl+u")
        await type_text(pilot, "07-12-2026")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "09:00")
        await pilot.press("tab", "ctrl+u", "1", "2", "0", "tab")
        assert "(1)" in text_of(app, "#pl-preview-title")
        # Ulang: open the select and choose "Mingguan" (third option).
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert "jumlah sesi atau tanggal akhir" in text_of(app, "#e-jumlah")
        await pilot.press("tab", "4")
        await pilot.pause()
        assert text_of(app, "#e-jumlah") == ""
        assert "(4)" in text_of(app, "#pl-preview-title")
        preview = text_of(app, "#pl-preview")
        for day in ("07-12-2026", "14-12-2026", "21-12-2026", "28-12-2026"):
            assert day in preview
        assert "Sen 07-12-2026 09.00" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, WorkshopForm)
        created = [ws for ws in workshops.workshops(office) if ws["id"] not in before]
        assert len(created) == 1
        ws = created[0]
        assert (ws["judul"], ws["penyelenggara"], ws["tempat"]) == (
            "Pelatihan Arsip Digital",
            "BKPSDM",
            "Aula Kecamatan",
        )
        assert (ws["kapasitas"], ws["jp_per_sesi"], ws["jadwal"]["ulang"]) == (2, 3, "mingguan")
        assert [s["mulai"] for s in ws["sesi"]] == [
            "2026-12-07T09:00",
            "2026-12-14T09:00",
            "2026-12-21T09:00",
            "2026-12-28T09:00",
        ]
        screen = screen_of(app)
        assert screen.view == "detail"
        sessions = rows_of(screen, "pl-sesi")
        assert [row[1] for row in sessions] == [
            "Sen, 7 Desember 2026",
            "Sen, 14 Desember 2026",
            "Sen, 21 Desember 2026",
            "Sen, 28 Desember 2026",
        ]
        assert sessions[0][2] == "09.00–11.00"


async def test_form_errors_stay_beside_the_field(office: Office) -> None:
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, WorkshopForm)
        form.query_one("#f-tanggal").focus()
        await type_text(pilot, "31-02-2027")
        assert "tidak ada" in text_of(app, "#e-tanggal")
        assert "Perbaiki" in text_of(app, "#pl-preview")
        await pilot.press("enter")
        await pilot.pause()
        assert "judul pelatihan wajib diisi" not in text_of(app, "#e-judul")
        assert "tidak ada" in text_of(app, "#e-tanggal")
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "01-02-2027")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopForm)
        assert text_of(app, "#e-judul") == "judul pelatihan wajib diisi"
        # Esc with typing in the form asks first; y throws the typing away.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PelatihanScreen)


async def test_edit_from_stale_copy_offers_reload(office: Office, office_path: Any) -> None:
    ws = new_workshop(office)
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshop(pilot, app, ws["id"])
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopForm)
        other = Office.open(office_path)
        workshops.edit_workshop(other, workshops.workshop(other, ws["id"]), {"judul": "Judul Lain"})
        await type_text(pilot, "Judul Saya")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        table = text_of(app, "#conflict-table")
        assert table.splitlines()[1].startswith("Judul ")
        mine = " ".join(line[17:43].strip() for line in table.splitlines()[1:])
        theirs = " ".join(line[44:].strip() for line in table.splitlines()[1:])
        # The field held the stored title when the form opened, so typing replaced it.
        assert mine.split() == ["Judul", "Saya"]
        assert theirs.split() == ["Judul", "Lain"]
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, WorkshopForm)
        assert form.values()["judul"] == "Judul Lain"
        assert "dimuat ulang" in text_of(app, "#e-general")


# --------------------------------------------------------------------------- enrolment


async def test_enrol_past_capacity_shows_waiting_list(office: Office) -> None:
    ws = new_workshop(office)
    employees = [e for e in office.employees() if e["aktif"]][:3]
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshop(pilot, app, ws["id"])
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        for emp in employees:
            await type_text(pilot, short_nip(office, emp["nip"]))
            await pilot.press("enter")
            await pilot.pause()
        message = text_of(app, "#picker-message")
        assert "daftar tunggu (urutan 1)" in message
        assert employees[2]["nama"] in message
        await pilot.press("escape")
        await pilot.pause()
        stored = workshops.workshop(office, ws["id"])
        assert stored["peserta"] == [employees[0]["nip"], employees[1]["nip"]]
        assert stored["antrian"] == [employees[2]["nip"]]
        screen = screen_of(app)
        rows = rows_of(screen, "pl-peserta")
        assert [row[3] for row in rows] == ["peserta", "peserta", "antrian 1"]
        assert rows[2][1].startswith(employees[2]["nama"])
        assert "peserta 2/2 · antrian 1" in text_of(app, "#pl-detail-info")

        # Withdrawing the first participant promotes the one waiting.
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        stored = workshops.workshop(office, ws["id"])
        assert stored["peserta"] == [employees[1]["nip"], employees[2]["nip"]]
        assert stored["antrian"] == []
        assert [row[3] for row in rows_of(screen, "pl-peserta")] == ["peserta", "peserta"]


async def test_recommendation_list_is_one_key_away(office: Office) -> None:
    ws = new_workshop(office, kriteria="komunikasi")
    weakest, mean = workshops.recommendations(office, ws)[0]
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshop(pilot, app, ws["id"])
        await pilot.press("r")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, Picker)
        assert picker.active.title == "Rekomendasi"
        assert "Kemampuan Berkomunikasi" in text_of(app, "#picker-note")
        first = [str(c) for c in picker.table.get_row_at(0)]
        assert first[0].startswith(office.employee(weakest)["nama"])
        assert mean is not None
        assert first[3] == format_decimal(mean, "id")
        await pilot.press("enter")
        await pilot.pause()
        assert workshops.workshop(office, ws["id"])["peserta"] == [weakest]
        await pilot.press("tab")
        assert picker.active.title == "Potensi tinggi"
        await pilot.press("tab")
        assert picker.active.title == "Semua pegawai aktif"
        assert weakest not in [row.nip for row in picker.active.rows]


async def test_enrol_clash_is_explained_in_the_picker(office: Office) -> None:
    ws = new_workshop(office)
    nip = active_nips(office)[0]
    other = new_workshop(office, judul="Seminar Etika ASN", jam="10:00")
    workshops.enrol(office, other, nip)
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshop(pilot, app, ws["id"])
        await pilot.press("p")
        await type_text(pilot, short_nip(office, nip))
        await pilot.press("enter")
        await pilot.pause()
        message = text_of(app, "#picker-message")
        assert "bentrok" in message and "Seminar Etika ASN" in message
        assert workshops.workshop(office, ws["id"])["peserta"] == []


async def test_capacity_key_promotes_and_delete_asks_first(office: Office) -> None:
    ws = new_workshop(office, kapasitas="1")
    nips = active_nips(office)[:2]
    for nip in nips:
        workshops.enrol(office, workshops.workshop(office, ws["id"]), nip)
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshop(pilot, app, ws["id"])
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await pilot.press("backspace", "0", "enter")
        await pilot.pause()
        assert "paling sedikit 1" in text_of(app, "#prompt-report")
        await pilot.press("backspace", "2", "enter")
        await pilot.pause()
        stored = workshops.workshop(office, ws["id"])
        assert (stored["kapasitas"], stored["peserta"], stored["antrian"]) == (2, nips, [])
        assert "peserta 2/2 · antrian 0" in text_of(app, "#pl-detail-info")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert workshops.workshop(office, ws["id"])["judul"] == "Pelatihan Arsip Digital"
        await pilot.press("x", "y")
        await pilot.pause()
        assert ws["id"] not in [w["id"] for w in workshops.workshops(office)]
        assert ws["id"] not in [w["id"] for w in screen_of(app).query_one(DaftarView).shown]


# --------------------------------------------------------------------------- sessions


async def test_move_and_cancel_a_session(office: Office) -> None:
    ws = new_workshop(office, ulang="mingguan", jumlah="3")
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshop(pilot, app, ws["id"])
        screen = screen_of(app)
        await pilot.press("shift+tab")  # from the participants to the sessions
        assert app.focused is screen.query_one("#pl-sesi", DataTable)
        await pilot.press("down", "m")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await pilot.press(*["backspace"] * 16)
        await type_text(pilot, "15-12-2026 13:00")
        await pilot.press("enter")
        await pilot.pause()
        stored = workshops.workshop(office, ws["id"])
        assert stored["sesi"][1]["mulai"] == "2026-12-15T13:00"
        assert rows_of(screen, "pl-sesi")[1][1:3] == ["Sel, 15 Desember 2026", "13.00–15.00"]
        await pilot.press("down", "b")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert workshops.workshop(office, ws["id"])["sesi"][2]["batal"] is True
        assert rows_of(screen, "pl-sesi")[2][3] == "dibatalkan"


async def test_move_refusal_is_shown_in_the_prompt(office: Office) -> None:
    ws = new_workshop(office, ulang="mingguan", jumlah="2")
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshop(pilot, app, ws["id"])
        await pilot.press("shift+tab", "down", "m")
        await pilot.pause()
        await pilot.press(*["backspace"] * 16)
        await type_text(pilot, "07-12-2026 10:00")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        assert "bertumpuk dengan sesi 1" in text_of(app, "#prompt-report")
        await pilot.press("escape")
        assert workshops.workshop(office, ws["id"])["sesi"][1]["mulai"] == "2026-12-14T09:00"


# --------------------------------------------------------------------------- attendance and JP


async def test_attendance_with_single_keys_updates_jp_tally(office: Office) -> None:
    ws = new_workshop(
        office, tanggal="23-11-2026", jam="13:00", ulang="harian", jumlah="2", kapasitas="3"
    )
    nips = active_nips(office)[:3]
    for nip in nips:
        workshops.enrol(office, workshops.workshop(office, ws["id"]), nip)
    before = {row["nip"]: row["jp"] for row in workshops.jp_tally(office, 2026)}
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshop(pilot, app, ws["id"])
        await pilot.press("h")
        await pilot.pause()
        screen = screen_of(app)
        assert screen.view == "hadir"
        # The latest session already started is chosen: session 2 of 23-24 November.
        assert "Sesi 2 dari 2" in text_of(app, "#pl-hadir-info")
        await pilot.press("h", "i", "a")
        await pilot.pause()
        stored = workshops.workshop(office, ws["id"])
        assert stored["kehadiran"]["2"] == {nips[0]: "hadir", nips[1]: "izin", nips[2]: "alpa"}
        grid = rows_of(screen, "pl-grid")
        assert [row[2].strip() for row in grid] == ["H", "I", "A"]
        assert [row[3].strip() for row in grid] == ["3", "0", "0"]
        assert "1 hadir · 1 izin · 0 sakit · 1 alpa · 0 belum" in text_of(app, "#pl-hadir-count")
        # Session 1 with [ and the top row again.
        await pilot.press("left_square_bracket", "up", "up", "s", "h")
        await pilot.pause()
        stored = workshops.workshop(office, ws["id"])
        assert stored["kehadiran"]["1"] == {nips[0]: "sakit", nips[1]: "hadir"}
        assert [row[1].strip() for row in rows_of(screen, "pl-grid")] == ["S", "H", "·"]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.view == "detail"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert screen.view == "jp"
        tally = {row[0]: row for row in rows_of(screen, "pl-jp-table")}
        names = {nip: office.employee(nip) for nip in nips}
        for nip, gained in zip(nips, (3, 3, 0), strict=True):
            row = next(r for key, r in tally.items() if key.startswith(names[nip]["nama"]))
            assert row[2].strip() == str(before[nip] + gained)
        assert "Rekap JP 2026 · target 20 JP" in text_of(app, "#pl-jp-info")


async def test_attendance_after_another_clerks_save_is_refused_then_shown(
    office: Office, office_path: Any
) -> None:
    ws = new_workshop(office, tanggal="23-11-2026", jam="13:00", kapasitas="2")
    nips = active_nips(office)[:2]
    for nip in nips:
        workshops.enrol(office, workshops.workshop(office, ws["id"]), nip)
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshop(pilot, app, ws["id"])
        await pilot.press("h")
        await pilot.pause()
        other = Office.open(office_path)
        workshops.record_attendance(other, workshops.workshop(other, ws["id"]), 1, nips[1], "sakit")
        await pilot.press("h")
        await pilot.pause()
        stored = workshops.workshop(office, ws["id"])
        assert stored["kehadiran"] == {"1": {nips[1]: "sakit"}}
        screen = screen_of(app)
        assert [row[1].strip() for row in rows_of(screen, "pl-grid")] == ["·", "S"]
        await pilot.press("h")
        await pilot.pause()
        stored = workshops.workshop(office, ws["id"])
        assert stored["kehadiran"] == {"1": {nips[0]: "hadir", nips[1]: "sakit"}}


async def test_jp_tally_below_target_first_and_filter(office: Office) -> None:
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        screen = screen_of(app)
        rows = rows_of(screen, "pl-jp-table")
        tally = workshops.jp_tally(office, 2026)
        short = [r for r in tally if r["kurang"] > 0]
        assert len(rows) == len(tally)
        kurang = [int(r[4]) if r[4].strip() != "—" else 0 for r in rows]
        assert kurang[: len(short)] == sorted(kurang[: len(short)], reverse=True)
        assert all(k > 0 for k in kurang[: len(short)])
        assert all(k == 0 for k in kurang[len(short) :])
        await pilot.press("f")
        assert len(rows_of(screen, "pl-jp-table")) == len(short)
        await pilot.press("right_square_bracket")
        assert screen.query_one(JpView).year == 2027
        rows_2027 = rows_of(screen, "pl-jp-table")
        assert {r[2].strip() for r in rows_2027} == {"0"}
        assert "Rekap JP 2027" in text_of(app, "#pl-jp-info")


async def test_jump_to_riwayat_from_participant(office: Office) -> None:
    ws = new_workshop(office)
    nip = active_nips(office)[4]
    workshops.enrol(office, ws, nip)
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshop(pilot, app, ws["id"])
        await pilot.press("w")
        await pilot.pause()
        assert app.current_mode == "riwayat"
        screen = app.screen
        assert isinstance(screen, RiwayatScreen)
        assert screen.nip == nip
        assert office.employee(nip)["nama"] in text_of(app, "#rw-head")


async def test_footer_keys_follow_the_view(office: Office) -> None:
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)

        def shown() -> set[str]:
            return {
                b.binding.action
                for b in screen.active_bindings.values()
                if b.binding.show and b.binding.description
            }

        assert {"open", "add", "edit", "cycle_show", "jp"} <= shown()
        assert "mark('hadir')" not in shown()
        await pilot.press("enter")
        await pilot.pause()
        assert {"enrol", "recommend", "withdraw", "attendance"} <= shown()
        assert "add" not in shown()
        await pilot.press("h")
        await pilot.pause()
        assert {"mark('hadir')", "mark('izin')", "mark('sakit')", "mark('alpa')"} <= shown()
        assert "attendance" not in shown()


# --------------------------------------------------------------------------- snapshots


def _snap(office: Office, press: list[str], snap_compare: Callable[..., bool]) -> bool:
    return snap_compare(KinerjaApp(office, start="pelatihan"), terminal_size=(80, 24), press=press)


def test_snapshot_list(office: Office, snap_compare: Callable[..., bool]) -> None:
    assert _snap(office, ["t", "t"], snap_compare)


def test_snapshot_detail(office: Office, snap_compare: Callable[..., bool]) -> None:
    assert _snap(office, ["t", "enter"], snap_compare)


def test_snapshot_attendance(office: Office, snap_compare: Callable[..., bool]) -> None:
    assert _snap(office, ["enter", "h"], snap_compare)
