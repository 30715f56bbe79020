"""Pegawai screen, driven by the keyboard only: add, edit, filter, deactivate, import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from models.office import Office
from tui.app import KinerjaApp
from tui.dialogs.confirm import Confirm
from tui.dialogs.conflict import ConflictDialog
from tui.dialogs.picker import Picker
from tui.dialogs.prompt import Prompt
from tui.screens.pegawai import PegawaiScreen
from tui.screens.pegawai_dialogs import DetailModal, EmployeeForm
from tui.textual_private import notification_messages, rendered_text

NEW_NIP = "199001012015031001"


def screen_text(app: KinerjaApp) -> str:
    """What the terminal shows now, as plain text lines."""
    return rendered_text(app.screen)


def table(app: KinerjaApp) -> DataTable[Any]:
    screen = app.screen
    assert isinstance(screen, PegawaiScreen)
    return screen.table


def static_text(app: KinerjaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def row_nips(app: KinerjaApp) -> list[str]:
    return [str(key.value) for key in table(app).rows]


def find(office: Office, nama: str) -> dict[str, Any]:
    return next(e for e in office.employees() if e["nama"] == nama)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


async def filter_to(pilot: Pilot[Any], text: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def test_add_employee_shows_nip_error_beside_the_field_then_saves(
    office_path: Path,
) -> None:
    app = KinerjaApp(Office.open(office_path), start="pegawai")
    engkos = find(Office.open(office_path), "Engkos Hendra Hamdani")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(row_nips(app)) == 40
        await pilot.press("a")
        assert isinstance(app.screen, EmployeeForm)
        await type_text(pilot, "199001012015131001")
        await pilot.pause()
        error = app.screen.query_one("#e-nip", Static)
        assert error.display
        assert "bulan pengangkatan 13 tidak valid" in str(error.render())
        assert "bulan pengangkatan 13 tidak valid" in screen_text(app)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EmployeeForm)
        assert "nama wajib diisi" in static_text(app, "#e-nama")
        assert "bulan pengangkatan 13" in static_text(app, "#e-nip")

        # The refused NIP is selected so a retyped one replaces it; end keeps it.
        await pilot.press("end", *["backspace"] * 6)
        await type_text(pilot, "031001")
        await pilot.pause()
        assert not app.screen.query_one("#e-nip", Static).display
        assert static_text(app, "#derived") == (
            "Lahir 1 Januari 1990 · Laki-laki · TMT CPNS 1 Maret 2015"
        )

        await pilot.press("tab", "tab")
        await type_text(pilot, "Budi")
        await pilot.press("tab", "tab")
        await type_text(pilot, "S.T.")
        await pilot.press("tab", "enter")
        await type_text(pilot, "IV")
        await pilot.press("enter")
        await pilot.pause()
        assert static_text(app, "#pangkat") == "Pembina"
        await pilot.press("tab")
        await type_text(pilot, "Staf")
        await pilot.press("tab", "enter")
        await type_text(pilot, "F")
        await pilot.press("enter", "tab")
        await type_text(pilot, "sekr")
        # One Tab stop per field: the unit's list opens with Down, so Tab goes on.
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await type_text(pilot, "engk")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EmployeeForm)
        assert "Engkos Hendra Hamdani" in screen_text(app)
        await pilot.press("tab", "enter")
        await pilot.pause()

        assert isinstance(app.screen, PegawaiScreen)
        assert len(row_nips(app)) == 41
        assert row_nips(app)[table(app).cursor_row] == NEW_NIP
        assert "Budi, S.T. · Staf · Sekretariat · atasan: Engkos" in static_text(
            app, "#pegawai-detail"
        )
        assert "19900101 201503 1 001 Budi, S.T." in screen_text(app)

    saved = Office.open(office_path).employee(NEW_NIP)
    assert {k: saved[k] for k in ("nama", "gelar_belakang", "golongan", "jabatan")} == {
        "nama": "Budi",
        "gelar_belakang": "S.T.",
        "golongan": "IV/a",
        "jabatan": "Staf",
    }
    assert saved["jenis_jabatan"] == "Fungsional"
    assert saved["unit"] == "Sekretariat"
    assert saved["atasan_nip"] == engkos["nip"]

    again = KinerjaApp(Office.open(office_path), start="pegawai")
    async with again.run_test(size=(80, 24)):
        # 80 columns: the most useful columns; the line below the table has the rest.
        cells = [str(cell) for cell in table(again).get_row(NEW_NIP)]
        assert cells == ["19900101 201503 1 001", "Budi, S.T.", "IV/a", "Sekretariat", "aktif"]
    wide = KinerjaApp(Office.open(office_path), start="pegawai")
    async with wide.run_test(size=(130, 30)):
        cells = [str(cell) for cell in table(wide).get_row(NEW_NIP)]
        assert cells[:4] == ["19900101 201503 1 001", "Budi, S.T.", "Staf", "IV/a"]
        assert cells[4] == "Sekretariat" and cells[6] == "aktif"
        assert cells[5].startswith("Engkos Hendra")


async def test_filter_shrinks_the_table_and_edit_is_saved(office_path: Path) -> None:
    app = KinerjaApp(Office.open(office_path), start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await filter_to(pilot, "intan o")
        intan = find(Office.open(office_path), "Intan Oktaviani")
        assert row_nips(app) == [intan["nip"]]
        assert static_text(app, "#pegawai-status").startswith("1 dari 40 pegawai")
        await pilot.press("e")
        assert isinstance(app.screen, EmployeeForm)
        assert app.screen.query_one("#f-nip").disabled
        # Coming into a field does not select it: ctrl+u empties it before retyping.
        await pilot.press("tab", "tab", "tab", "tab", "ctrl+u")
        await type_text(pilot, "Kasi Trantib")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PegawaiScreen)
        assert "Kasi Trantib" in static_text(app, "#pegawai-detail")

    again = KinerjaApp(Office.open(office_path), start="pegawai")
    async with again.run_test(size=(100, 30)):
        assert str(table(again).get_row(intan["nip"])[2]) == "Kasi Trantib"
        assert Office.open(office_path).employee(intan["nip"])["jabatan"] == "Kasi Trantib"


async def test_filter_matches_nip_with_spaces_unit_and_jabatan(office_path: Path) -> None:
    office = Office.open(office_path)
    dani = find(office, "Dani Bima Hidayatullah")
    grouped = f"{dani['nip'][2:8]} {dani['nip'][8:12]}"
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await filter_to(pilot, grouped)
        assert row_nips(app) == [dani["nip"]]
        await pilot.press("escape")
        assert len(row_nips(app)) == 40
        await filter_to(pilot, "camat suk")
        assert row_nips(app) == [dani["nip"]]
        await pilot.press("escape")
        await filter_to(pilot, "TARIAT")
        expected = {e["nip"] for e in office.employees() if e["unit"] == "Sekretariat"}
        assert set(row_nips(app)) == expected


async def test_deactivate_with_confirmation_and_refusal_for_a_supervisor(
    office_path: Path,
) -> None:
    office = Office.open(office_path)
    ade = find(office, "Ade Saepuloh")
    intan = find(office, "Intan Oktaviani")
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await filter_to(pilot, "saep")
        await pilot.press("d")
        assert isinstance(app.screen, Confirm)
        assert "Nonaktifkan Ade Saepuloh, A.Md.Kom.?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PegawaiScreen)
        assert str(table(app).get_row(ade["nip"])[-1]) == "nonaktif"

        await pilot.press("escape")
        await pilot.press("s", "s")
        inactive = {e["nip"] for e in Office.open(office_path).employees() if not e["aktif"]}
        assert ade["nip"] in inactive
        assert set(row_nips(app)) == inactive
        assert "status (s): nonaktif" in static_text(app, "#pegawai-status")
        await pilot.press("s")

        await filter_to(pilot, "intan")
        await pilot.press("d", "y")
        await pilot.pause()
        assert any("masih menjadi atasan" in message for message in notification_messages(app))

    reopened = Office.open(office_path)
    assert reopened.employee(ade["nip"])["aktif"] is False
    assert reopened.employee(intan["nip"])["aktif"] is True
    again = KinerjaApp(reopened, start="pegawai")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "s")
        assert set(row_nips(again)) == inactive


async def test_detail_shows_derived_fields_and_subordinates(office_path: Path) -> None:
    app = KinerjaApp(Office.open(office_path), start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await filter_to(pilot, "dani")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailModal)
        text = static_text(app, "#text-body")
        assert "Tanggal lahir  15 September 1975" in text
        assert "Jenis kelamin  Laki-laki" in text
        assert "TMT CPNS       1 November 2007" in text
        assert "IV/b (Pembina Tingkat I)" in text
        assert "Engkos Hendra Hamdani, S.Sos., M.Si. — Sekretaris Kecamatan" in text
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EmployeeForm)
        await pilot.press("escape")
        assert isinstance(app.screen, PegawaiScreen)


async def test_delete_only_without_history(office_path: Path) -> None:
    office = Office.open(office_path)
    office.add_employee(
        {
            "nip": NEW_NIP,
            "nama": "Salah Ketik",
            "jenis_asn": "PNS",
            "golongan": "II/a",
            "jabatan": "Staf",
            "jenis_jabatan": "Pelaksana",
            "unit": "Sekretariat",
        }
    )
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        assert row_nips(app)[0] == find(office, "Ade Saepuloh")["nip"]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PegawaiScreen)
        assert any("sudah memiliki riwayat" in message for message in notification_messages(app))
        assert len(row_nips(app)) == 41
        await filter_to(pilot, "salah")
        await pilot.press("delete")
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")
        await pilot.pause()
        assert row_nips(app) == [NEW_NIP]
        await pilot.press("x", "y")
        await pilot.pause()
        assert row_nips(app) == []
    assert NEW_NIP not in Office.open(office_path).employees_by_nip()


async def test_import_modal_reports_bad_rows_then_imports(
    office_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    header = (
        "nip,nama,gelar_depan,gelar_belakang,jenis_asn,golongan,jabatan,jenis_jabatan,"
        "unit,atasan_nip,aktif"
    )
    bad = tmp_path / "s.csv"
    bad.write_text(
        f"{header}\n199001012015131001,Budi,,,PNS,III/a,Staf,Pelaksana,Sekretariat,,ya\n",
        encoding="utf-8",
    )
    good = tmp_path / "b.csv"
    good.write_text(
        f"{header}\n199001012015031001,Budi,,,PNS,III/a,Staf,Pelaksana,Sekretariat,,ya\n",
        encoding="utf-8",
    )
    app = KinerjaApp(Office.open(office_path), start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, Prompt)
        await type_text(pilot, bad.name)
        await pilot.press("enter")
        await pilot.pause()
        report = static_text(app, "#prompt-report").splitlines()
        # The verdict first, then the rows, so a long report never hides it.
        assert report[0] == "tidak ada yang disimpan: 1 baris bermasalah"
        assert report[1].startswith("baris 2 (NIP 19900101 201513 1 001): bulan pengangkatan 13")
        assert NEW_NIP not in Office.open(office_path).employees_by_nip()

        await pilot.press("ctrl+u")
        await type_text(pilot, good.name)
        await pilot.press("enter")
        await pilot.pause()
        assert static_text(app, "#prompt-report") == "ditambah 1, diubah 0, tidak berubah 0"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PegawaiScreen)
        assert NEW_NIP in row_nips(app)

        await pilot.press("w")
        assert isinstance(app.screen, Prompt)
        await pilot.press("ctrl+u")
        await type_text(pilot, "p.json")
        await pilot.press("enter")
        await pilot.pause()
        assert static_text(app, "#prompt-report") == (
            f"41 pegawai diekspor ke {tmp_path / 'p.json'}."
        )
        # The same name again: the clerk is asked before the file is replaced.
        (tmp_path / "p.json").write_text("[]", encoding="utf-8")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "sudah ada" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert (tmp_path / "p.json").read_text(encoding="utf-8") == "[]"
        assert "sudah ada" in static_text(app, "#prompt-report")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert static_text(app, "#prompt-report").startswith("41 pegawai diekspor")
    assert Office.open(office_path).employee(NEW_NIP)["nama"] == "Budi"
    exported = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert len(exported) == 41
    assert {"nip": NEW_NIP, "nama": "Budi", "aktif": "ya"}.items() <= next(
        row for row in exported if row["nip"] == NEW_NIP
    ).items()


async def test_conflict_on_save_offers_reload(office_path: Path) -> None:
    app = KinerjaApp(Office.open(office_path), start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await filter_to(pilot, "intan o")
        await pilot.press("e")
        assert isinstance(app.screen, EmployeeForm)
        other_clerk = Office.open(office_path)
        intan = find(other_clerk, "Intan Oktaviani")
        other_clerk.edit_employee(intan, {"jabatan": "Diubah Petugas Lain"})
        await pilot.press("tab", "tab", "tab", "tab")
        await type_text(pilot, "Saya")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        shown = screen_text(app)
        assert "sudah diubah petugas lain" in shown
        # Both versions side by side: the clerk's typing and the other clerk's save.
        assert "Saya" in shown and "Diubah Petugas Lain" in shown
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, EmployeeForm)
        assert app.screen.query_one("#f-jabatan", Input).value == "Diubah Petugas Lain"
        assert "dimuat ulang" in static_text(app, "#e-general")
    assert Office.open(office_path).employee(intan["nip"])["jabatan"] == "Diubah Petugas Lain"


async def test_sort_and_unit_filter_keys(office_path: Path) -> None:
    office = Office.open(office_path)
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        nips = row_nips(app)
        assert nips == sorted(nips)
        assert "urut (o): NIP ▲" in static_text(app, "#pegawai-status")
        await pilot.press("r")
        assert row_nips(app) == sorted(nips, reverse=True)
        await pilot.press("u")
        first_unit = sorted(office.units(), key=str.casefold)[0]
        assert f"unit (u): {first_unit}" in static_text(app, "#pegawai-status")
        in_unit = {e["nip"] for e in office.employees() if e["unit"] == first_unit}
        assert set(row_nips(app)) == in_unit
        await pilot.press(*["u"] * len(office.units()))
        assert len(row_nips(app)) == 40


def test_snapshot_80x24(office_path: Path, snap_compare: Any) -> None:
    app = KinerjaApp(Office.open(office_path), start="pegawai")
    assert snap_compare(app, terminal_size=(80, 24), press=["down", "down"])


def test_snapshot_form_80x24(office_path: Path, snap_compare: Any) -> None:
    app = KinerjaApp(Office.open(office_path), start="pegawai")
    assert snap_compare(app, terminal_size=(80, 24), press=["a", *"199001012015131001"])


async def test_large_office_shows_first_rows_then_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models import demo
    from tui.screens import pegawai

    sizes: list[int] = []
    real_build = pegawai.build_entries

    def counting_build(employees: Any, by_nip: Any) -> Any:
        sizes.append(len(employees))
        return real_build(employees, by_nip)

    monkeypatch.setattr(pegawai, "build_entries", counting_build)
    path = tmp_path / "besar.json"
    demo.write_office(demo.generate_office("M", year=2026, seed=2026), path)
    office = Office.open(path)
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PegawaiScreen)
        assert sizes[:2] == [pegawai.FIRST_ROWS, 500]
        assert len(screen.entries) == 500
        assert "500 dari 500 pegawai" in static_text(app, "#pegawai-status")
        await filter_to(pilot, office.employees()[-1]["nama"])
        assert row_nips(app)[0] == office.employees()[-1]["nip"]


async def test_paging_past_the_first_rows_draws_more_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models import demo
    from tui.screens import pegawai

    # The rest of a refill waits for a pause in typing; paging must not wait for it.
    monkeypatch.setattr(pegawai, "REST_DELAY", 60.0)
    path = tmp_path / "besar.json"
    demo.write_office(demo.generate_office("M", year=2026, seed=2026), path)
    office = Office.open(path)
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", "a", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PegawaiScreen)
        matches = len(screen.shown)
        assert matches > 3 * pegawai.FIRST_ROWS
        assert table(app).row_count < matches
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause()
        assert table(app).cursor_row > pegawai.FIRST_ROWS
        assert table(app).row_count > table(app).cursor_row + table(app).size.height


async def test_list_is_redrawn_only_when_the_data_changed(office_path: Path) -> None:
    office = Office.open(office_path)
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drawn = table(app)._update_count
        await pilot.press("v")  # the detail view, then back: nothing changed
        await pilot.pause()
        assert isinstance(app.screen, DetailModal)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PegawaiScreen)
        assert table(app)._update_count == drawn

        other = Office.open(office_path)
        first = other.employees()[0]
        other.edit_employee(first, {"jabatan": "Analis Kebijakan Ahli Muda"})
        app.poll_for_changes()  # another clerk saved: the list is redrawn from the file
        await pilot.pause()
        assert table(app)._update_count != drawn
        assert "Analis Kebijakan Ahli Muda" in static_text(app, "#pegawai-detail")
