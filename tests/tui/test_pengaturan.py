"""Pengaturan screen, driven by the keyboard only: periods, office settings, criteria, weights."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from models.criteria import preset_criteria
from models.i18n import set_language
from models.office import Office
from tui.app import KinerjaApp
from tui.dialogs.confirm import Confirm
from tui.dialogs.conflict import ConflictDialog
from tui.dialogs.form import FormDialog
from tui.screens.pengaturan import PengaturanScreen
from tui.textual_private import rendered_text


def screen_text(app: KinerjaApp) -> str:
    """What the terminal shows for the top screen, line by line."""
    return rendered_text(app.screen)


def flat(text: str) -> str:
    return " ".join(text.split())


def pengaturan(app: KinerjaApp) -> PengaturanScreen:
    for screen in reversed(app.screen_stack):
        if isinstance(screen, PengaturanScreen):
            return screen
    raise AssertionError("Pengaturan is not open")


def table_rows(app: KinerjaApp, section: str) -> list[list[str]]:
    table: DataTable[Any] = pengaturan(app).query_one(f"#{section}-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def form(app: KinerjaApp) -> FormDialog:
    assert isinstance(app.screen, FormDialog), type(app.screen)
    return app.screen


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*[{" ": "space", "-": "minus"}.get(ch, ch) for ch in text])


# ------------------------------------------------------------ periods


async def test_create_period_computes_the_end_date(empty_office: Office) -> None:
    app = KinerjaApp(empty_office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        assert "Belum ada periode penilaian" in screen_text(app)
        await pilot.press("a")
        await type_text(pilot, "2026-Q3")
        # The kind: open the list, move from Semester up to Triwulan, choose it.
        await pilot.press("tab", "enter", "up", "enter")
        await pilot.pause()
        assert form(app).value("jenis") == "triwulan"
        await pilot.press("tab")
        await type_text(pilot, "01-07-2026")
        await pilot.pause()
        assert form(app).value("tanggal_selesai") == "30-09-2026"
        assert form(app).value("nama") == "Triwulan III 2026"
        shown = screen_text(app)
        assert "30-09-2026" in shown
        assert "1 Juli 2026 s.d. 30 September 2026 (92 hari)" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PengaturanScreen)

        stored = empty_office.period("2026-Q3")
        assert stored["jenis"] == "triwulan"
        assert stored["tanggal_mulai"] == "2026-07-01"
        assert stored["tanggal_selesai"] == "2026-09-30"
        assert stored["status"] == "draf"
        assert table_rows(app, "periode") == [
            ["2026-Q3", "Triwulan III 2026", "Triwulan", "01-07-2026", "30-09-2026", "draf"]
        ]
        assert "1 Juli 2026 s.d. 30 September 2026" in screen_text(app)


async def test_next_period_is_suggested_after_the_latest(office: Office) -> None:
    app = KinerjaApp(office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "a")
        assert form(app).value("jenis") == "semester"
        assert form(app).value("tanggal_mulai") == "01-01-2027"
        assert form(app).value("tanggal_selesai") == "30-06-2027"
        await type_text(pilot, "2027-S1")
        assert form(app).value("nama") == "Semester I 2027"
        await pilot.press("enter")
        await pilot.pause()
        assert office.period("2027-S1")["tanggal_selesai"] == "2027-06-30"
        assert table_rows(app, "periode")[0][:2] == ["2027-S1", "Semester I 2027"]
        # The new period is highlighted, so its draft hint and open key are shown.
        assert "o Buka periode" in screen_text(app).splitlines()[-1]


async def test_end_date_typed_by_the_clerk_is_kept(empty_office: Office) -> None:
    app = KinerjaApp(empty_office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "a")
        await type_text(pilot, "2026-S2")
        await pilot.press("tab", "tab")
        await type_text(pilot, "01-07-2026")
        assert form(app).value("tanggal_selesai") == "31-12-2026"
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "15-12-2026")
        await pilot.press("shift+tab", "ctrl+u")
        await type_text(pilot, "02-07-2026")
        assert form(app).value("tanggal_selesai") == "15-12-2026"
        await pilot.press("enter")
        await pilot.pause()
        assert empty_office.period("2026-S2")["tanggal_selesai"] == "2026-12-15"
        assert empty_office.period("2026-S2")["tanggal_mulai"] == "2026-07-02"


async def test_period_errors_are_shown_next_to_the_field(empty_office: Office) -> None:
    app = KinerjaApp(empty_office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "a")
        await type_text(pilot, "2026-S2")
        await pilot.press("tab", "tab")
        await type_text(pilot, "31-02-2026")
        await pilot.press("enter")
        await pilot.pause()
        error = form(app).query_one("#e-tanggal_mulai", Static)
        assert "31-02-2026" in str(error.render())
        assert app.focused is not None and app.focused.id == "f-tanggal_mulai"
        assert empty_office.periods() == []


async def test_open_close_and_audited_reopen(empty_office: Office) -> None:
    empty_office.create_period("2026-S2", "semester", "01-07-2026")
    app = KinerjaApp(empty_office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        assert "Tekan o untuk membuka" in flat(screen_text(app))

        await pilot.press("o")
        assert isinstance(app.screen, Confirm)
        assert "salinan tetap" in flat(screen_text(app))
        await pilot.press("y")
        await pilot.pause()
        opened = empty_office.period("2026-S2")
        assert opened["status"] == "terbuka"
        assert [c["kode"] for c in opened["kriteria"]] == ["disiplin", "kualitas", "komunikasi"]
        assert table_rows(app, "periode")[0][-1] == "terbuka"
        assert app.sub_title == "Semester II 2026 (terbuka) · ^t"

        await pilot.press("t")
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")
        await pilot.pause()
        assert empty_office.period("2026-S2")["status"] == "ditutup"
        assert table_rows(app, "periode")[0][-1] == "ditutup"

        await pilot.press("r")
        assert isinstance(app.screen, Confirm)
        assert "jejak audit" in flat(screen_text(app))
        # Enter alone does not reopen: it is an audited action that needs Y.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert empty_office.period("2026-S2")["status"] == "ditutup"
        await pilot.press("y")
        await pilot.pause()

        assert empty_office.period("2026-S2")["status"] == "terbuka"
        assert table_rows(app, "periode")[0][-1] == "terbuka"
        actions = [e["aksi"] for e in empty_office.store.audit(periode="2026-S2")]
        assert "buka_kembali" in actions


async def test_cancelled_close_changes_nothing(office: Office) -> None:
    app = KinerjaApp(office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "t", "escape")
        await pilot.pause()
        assert office.period("2026-S2")["status"] == "terbuka"
        # Keys for other statuses do nothing on an open period.
        await pilot.press("o", "r")
        await pilot.pause()
        assert isinstance(app.screen, PengaturanScreen)
        assert office.period("2026-S2")["status"] == "terbuka"


async def test_edit_period_name_and_dates(office: Office) -> None:
    app = KinerjaApp(office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "e")
        assert form(app).value("tanggal_mulai") == "01-07-2026"
        await pilot.press("tab", "tab", "ctrl+u")
        await type_text(pilot, "Semester Kedua 2026")
        await pilot.press("enter")
        await pilot.pause()
        assert office.period("2026-S2")["nama"] == "Semester Kedua 2026"
        assert table_rows(app, "periode")[0][1] == "Semester Kedua 2026"


# ------------------------------------------------------------ office settings


async def test_office_name_change_updates_the_header(office: Office) -> None:
    app = KinerjaApp(office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.title == "Kantor Kecamatan Sukamaju"
        await pilot.press("e", "ctrl+u")
        await type_text(pilot, "Kantor Kecamatan Asemrowo")
        await pilot.press("enter")
        await pilot.pause()
        assert office.name == "Kantor Kecamatan Asemrowo"
        assert app.title == "Kantor Kecamatan Asemrowo"
        assert table_rows(app, "kantor")[0] == ["Nama kantor", "Kantor Kecamatan Asemrowo"]
        assert "Kantor Kecamatan Asemrowo" in screen_text(app).splitlines()[0]


async def test_office_number_error_is_shown_next_to_the_field(office: Office) -> None:
    app = KinerjaApp(office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "tab", "tab", "tab", "ctrl+u")
        await type_text(pilot, "0")
        await pilot.press("enter")
        await pilot.pause()
        error = form(app).query_one("#e-jumlah_penghargaan", Static)
        assert str(error.render()) == "Nilai minimal 1."
        assert "Nilai minimal 1." in screen_text(app)
        await pilot.press("5", "enter")
        await pilot.pause()
        assert office.settings()["jumlah_penghargaan"] == 5
        assert table_rows(app, "kantor")[3] == ["Calon penghargaan (N teratas)", "5"]


async def test_conflicting_save_offers_reload(office: Office, office_path: Path) -> None:
    app = KinerjaApp(office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        other = Office.open(office_path)
        other.update_settings(other.settings(), {"nama_kantor": "Kantor Lain"})
        await type_text(pilot, "Kantor Saya")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        shown = flat(screen_text(app))
        assert "sudah diubah petugas lain" in shown
        assert "Kantor Saya" in shown and "Kantor Lain" in shown
        await pilot.press("r")
        await pilot.pause()
        assert form(app).value("nama_kantor") == "Kantor Lain"
        assert office.name == "Kantor Lain"
        # Keep editing after a second conflict: the clerk's typing stays and then wins.
        other.update_settings(other.settings(), {"target_jp": 24})
        await pilot.press("shift+tab", "tab", "ctrl+u")
        await type_text(pilot, "Kantor Saya")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert form(app).value("nama_kantor") == "Kantor Saya"
        await pilot.press("enter")
        await pilot.pause()
        assert office.name == "Kantor Saya"
        assert office.settings()["target_jp"] == 24
        assert app.title == "Kantor Saya"


# ------------------------------------------------------------ criteria


async def test_berakhlak_preset_gives_seven_criteria(empty_office: Office) -> None:
    app = KinerjaApp(empty_office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        assert len(table_rows(app, "kriteria")) == 3
        await pilot.press("b")
        assert isinstance(app.screen, Confirm)
        assert "Berorientasi Pelayanan (10)" in flat(screen_text(app))
        await pilot.press("y")
        await pilot.pause()
        kriteria = empty_office.settings()["kriteria"]
        assert len(kriteria) == 7
        assert [c["nama"] for c in kriteria][:3] == [
            "Berorientasi Pelayanan",
            "Akuntabel",
            "Kompeten",
        ]
        rows = table_rows(app, "kriteria")
        assert len(rows) == 7
        assert rows[0] == ["pelayanan", "Berorientasi Pelayanan", "10", "14,3%"]
        shown = screen_text(app)
        assert "Panduan perilaku: Berorientasi Pelayanan" in shown
        assert "Memahami dan memenuhi kebutuhan masyarakat" in shown
        await pilot.press("down")
        assert "Tidak menyalahgunakan kewenangan jabatan" in screen_text(app)


async def test_open_period_keeps_its_snapshot_after_preset(empty_office: Office) -> None:
    empty_office.create_period("2026-S2", "semester", "01-07-2026")
    empty_office.set_period_status("2026-S2", "terbuka")
    app = KinerjaApp(empty_office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "b", "y")
        await pilot.pause()
        assert len(empty_office.settings()["kriteria"]) == 7
        assert len(empty_office.period("2026-S2")["kriteria"]) == 3
        assert "salinan kriteria saat dibuka" in flat(screen_text(app))


async def test_invalid_weight_shows_error_next_to_the_field(empty_office: Office) -> None:
    app = KinerjaApp(empty_office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "e")
        assert form(app).value("bobot") == "30"
        await pilot.press("tab", "tab", "ctrl+u")
        await type_text(pilot, "abc")
        await pilot.press("enter")
        await pilot.pause()
        error = form(app).query_one("#e-bobot", Static)
        assert str(error.render()) == "bobot abc bukan angka"
        assert "bobot abc bukan angka" in screen_text(app)
        assert isinstance(app.focused, Input) and app.focused.id == "f-bobot"
        await type_text(pilot, "-5")
        await pilot.press("enter")
        await pilot.pause()
        assert str(form(app).query_one("#e-bobot", Static).render()) == (
            "bobot -5 harus lebih dari 0"
        )
        assert empty_office.settings()["kriteria"][0]["bobot"] == 30
        await type_text(pilot, "12,5")
        await pilot.press("enter")
        await pilot.pause()
        assert empty_office.settings()["kriteria"][0]["bobot"] == 12.5
        assert table_rows(app, "kriteria")[0] == ["disiplin", "Disiplin", "12,5", "15,2%"]


async def test_add_and_delete_criterion(empty_office: Office) -> None:
    app = KinerjaApp(empty_office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "a")
        await type_text(pilot, "Inisiatif")
        await pilot.press("tab")
        await type_text(pilot, "Inisiatif")
        await pilot.press("tab")
        await type_text(pilot, "20")
        await pilot.press("enter")
        await pilot.pause()
        # The code must be lower case: the error sits under the code field.
        assert "Inisiatif" in str(form(app).query_one("#e-kode", Static).render())
        await type_text(pilot, "inisiatif")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "Mengambil langkah tanpa menunggu perintah")
        await pilot.press("enter")
        await pilot.pause()
        added = empty_office.settings()["kriteria"][-1]
        assert added == {
            "kode": "inisiatif",
            "nama": "Inisiatif",
            "bobot": 20,
            "panduan": ["Mengambil langkah tanpa menunggu perintah"],
        }
        assert table_rows(app, "kriteria")[-1] == ["inisiatif", "Inisiatif", "20", "16,7%"]

        criterion = pengaturan(app).section_widget("kriteria").highlighted()
        assert criterion is not None and criterion["kode"] == "inisiatif"
        await pilot.press("d")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert [c["kode"] for c in empty_office.settings()["kriteria"]] == [
            "disiplin",
            "kualitas",
            "komunikasi",
        ]
        assert len(table_rows(app, "kriteria")) == 3


async def test_cursor_stays_on_the_criterion_when_another_clerk_saves(
    office: Office, office_path: Path
) -> None:
    app = KinerjaApp(office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "down", "down")
        other = Office.open(office_path)
        kriteria = [dict(c) for c in other.settings()["kriteria"]]
        kriteria.insert(0, {"kode": "inovasi", "nama": "Inovasi", "bobot": 10, "panduan": []})
        other.update_settings(other.settings(), {"kriteria": kriteria})
        app.poll_for_changes()
        await pilot.pause()
        screen = pengaturan(app)
        assert len(table_rows(app, "kriteria")) == 4
        criterion = screen.section_widget("kriteria").highlighted()
        assert criterion is not None and criterion["kode"] == "komunikasi"


# ------------------------------------------------------------ role weights


async def test_role_weights_with_shares(empty_office: Office) -> None:
    app = KinerjaApp(empty_office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        assert table_rows(app, "bobot") == [
            ["Atasan", "50", "50%"],
            ["Rekan", "30", "30%"],
            ["Bawahan", "20", "20%"],
            ["Diri", "0", "0%"],
        ]
        await pilot.press("e")
        await type_text(pilot, "0")
        await pilot.press("enter")
        await pilot.pause()
        error = form(app).query_one("#e-atasan", Static)
        assert str(error.render()) == "bobot peran atasan harus lebih dari 0"
        await type_text(pilot, "40")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "x")
        await pilot.press("enter")
        await pilot.pause()
        assert "bukan angka" in str(form(app).query_one("#e-diri", Static).render())
        await pilot.press("backspace")
        await type_text(pilot, "10")
        await pilot.press("enter")
        await pilot.pause()
        assert empty_office.settings()["bobot_peran"] == {
            "atasan": 40,
            "rekan": 30,
            "bawahan": 20,
            "diri": 10,
        }
        assert table_rows(app, "bobot")[0] == ["Atasan", "40", "40%"]
        assert table_rows(app, "bobot")[3] == ["Diri", "10", "10%"]


# ------------------------------------------------------------ language and layout


async def test_english_labels(empty_office: Office) -> None:
    set_language("en")
    app = KinerjaApp(empty_office, start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        shown = screen_text(app)
        assert "1 Office" in shown
        assert "Behaviour guides: Discipline" in shown
        assert table_rows(app, "kriteria")[0] == ["disiplin", "Discipline", "30", "30%"]
        assert "a Add" in shown.splitlines()[-1]


def snapshot_office(path: Path) -> Office:
    """A small office with a period in each status, independent of the demo generator."""
    office = Office.init(path)
    office.update_settings(office.settings(), {"nama_kantor": "Kantor Kecamatan Asemrowo"})
    office.create_period("2026-S1", "semester", "01-01-2026")
    office.set_period_status("2026-S1", "terbuka")
    office.set_period_status("2026-S1", "ditutup")
    office.create_period("2026-S2", "semester", "01-07-2026")
    office.set_period_status("2026-S2", "terbuka")
    office.create_period("2027-01", "bulanan", "01-01-2027")
    return office


def test_periode_snapshot(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = KinerjaApp(snapshot_office(tmp_path / "k.json"), start="pengaturan")
    assert snap_compare(app, terminal_size=(80, 24), press=["2", "down"])


def test_kriteria_snapshot(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office = snapshot_office(tmp_path / "k.json")
    office.update_settings(office.settings(), {"kriteria": preset_criteria("berakhlak")})
    app = KinerjaApp(office, start="pengaturan")
    assert snap_compare(app, terminal_size=(80, 24), press=["3", "down", "down", "down", "down"])


def test_new_period_form_snapshot(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = KinerjaApp(Office.init(tmp_path / "baru.json"), start="pengaturan")
    keys = ["2", "a", *"2026-S2", "tab", "tab", *"01-07-2026"]
    keys = [{"-": "minus"}.get(k, k) for k in keys]
    assert snap_compare(app, terminal_size=(80, 24), press=keys)
