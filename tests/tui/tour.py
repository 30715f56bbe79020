"""A walk through every screen and every dialog of the app, for the language test and the
80x24 snapshots (tests/tui/test_language.py, tests/tui/test_dialog_snapshots.py).

Each ``Stop`` starts the app on one screen of a prepared office and presses keys (and,
where keys alone cannot get there, runs a step) until the screen or dialog it names is
on top.  The office has every kind of record a dialog can show: a draft, an open and a
closed period, an award, a workshop with a waiting list, an employee without history,
and an employee file with errors to import.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input

from models import demo
from models.office import Office
from tui.app import KinerjaApp

TODAY = dt.datetime(2026, 12, 1, 8, 0)
"""The clock of the Pelatihan screen: the E-Learning workshop is half way through."""

NEW_NIP = "199905052024011001"
"""An employee added to the demo office: no ratings, no workshops, so deletable."""
AWARDED_NIP = "200009242025061001"
"""Yayan Permana, second in 2026-S2, given an award; the first (Intan) is still a candidate."""
CONFLICT_NIP = "197303142005071001"


@dataclass(frozen=True)
class Files:
    office: Path
    bad_csv: Path


Step = Callable[[Pilot[Any], Files], Awaitable[None]]


@dataclass(frozen=True)
class Stop:
    """Where to go: the screen to start on, the keys to press, then an optional step."""

    name: str
    screen: str
    keys: Sequence[str] = ()
    step: Step | None = None
    expect: str = ""
    """The class name of the screen or dialog on top at the end."""
    after: Sequence[str] = field(default=())
    """Keys pressed after ``step``."""


def prepare(folder: Path) -> Files:
    """The demo office plus what some dialogs need to show, and a bad employee file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kinerja.json"
    demo.write_office(demo.generate_office("S", year=2026, seed=2026), path)
    office = Office.open(path)
    office.create_period("2026-S1", "semester", "01-01-2026")
    office.set_period_status("2026-S1", "terbuka")
    office.set_period_status("2026-S1", "ditutup", close_incomplete=True)
    office.create_period("2027-S1", "semester", "01-01-2027")
    office.add_employee(
        {
            "nip": NEW_NIP,
            "nama": "Zulkifli Ramadhan",
            "jenis_asn": "PNS",
            "golongan": "III/a",
            "jabatan": "Pranata Komputer Ahli Pertama",
            "jenis_jabatan": "Fungsional",
            "unit": "Sekretariat",
            "atasan_nip": "",
        }
    )
    office.confirm_award("2026-S2", AWARDED_NIP, jenis="Pegawai Teladan", nomor_sk="800/12/2026")
    evaluate_half(office)
    bad = folder / "pegawai-salah.csv"
    rows = ["nip,nama,jenis_asn,golongan,jabatan,jenis_jabatan,unit"]
    for n in range(9):
        rows.append(f"19900101201503100{n},Pegawai {n},PNS,III/z,Staf,Pelaksana,Sekretariat")
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return Files(path, bad)


EVALUATED = 12
"""Employees of 2026-S2 (in the evaluation's order) given both official ratings."""
OUTSIDE_OFFICIAL = {
    "nama": "Drs. H. Endang Kurnia, M.Si.",
    "nip": "196805121990031004",
    "pangkat": "Pembina Utama Muda, IV/c",
    "jabatan": "Sekretaris Daerah",
    "instansi": "Pemerintah Kabupaten Sukamaju",
}


def evaluate_half(office: Office) -> None:
    """The official evaluation of 2026-S2 half done: the organisation's predikat, the first
    twelve employees rated (one against the 360 suggestion, with a reason), the outside
    pejabat penilai of the head recorded and their superior not yet."""
    office.set_organisation("2026-S2", "baik")
    office.update_settings(
        office.settings(), {"evaluasi": {"pejabat_luar": {"penilai": OUTSIDE_OFFICIAL}}}
    )
    for index, line in enumerate(office.evaluation_lines("2026-S2")[:EVALUATED]):
        hasil = ("di_atas", "sesuai", "sesuai", "di_bawah")[index % 4]
        if index == 1:
            office.save_evaluation(
                "2026-S2",
                line.nip,
                seen=None,
                hasil=hasil,
                perilaku="di_atas",
                alasan="Memimpin penanganan banjir di tiga desa",
            )
        else:
            office.save_evaluation(
                "2026-S2", line.nip, seen=None, hasil=hasil, perilaku=line.saran or "sesuai"
            )


def copy_of(files: Files, folder: Path) -> Files:
    """A fresh copy of the prepared office (stops may change it)."""
    target = folder / "kantor"
    shutil.copytree(files.office.parent, target)
    return Files(target / files.office.name, target / files.bad_csv.name)


# --------------------------------------------------------------------------- steps


def _press_button(selector: str) -> Step:
    async def step(pilot: Pilot[Any], files: Files) -> None:
        pilot.app.screen.query_one(selector, Button).press()
        await pilot.pause()

    return step


async def _type_bad_file(pilot: Pilot[Any], files: Files) -> None:
    """The file name only: the tests run in the office's folder (``copy_of``'s caller)."""
    await pilot.press(*files.bad_csv.name, "enter")


async def _edit_meanwhile(pilot: Pilot[Any], files: Files) -> None:
    """Another clerk saves the employee whose form is open."""
    other = Office.open(files.office)
    record = other.employee(CONFLICT_NIP)
    other.edit_employee(
        record, {**record, "jabatan": "Kepala Seksi Ketenteraman dan Ketertiban Umum Kecamatan"}
    )
    mine = pilot.app.screen.query_one("#f-jabatan", Input)
    mine.value = "Operator Layanan Operasional Kecamatan Sukamaju"
    await pilot.pause()


async def _rate_meanwhile(pilot: Pilot[Any], files: Files) -> None:
    """Another clerk gives the hasil kerja of the employee under the cursor, unseen here."""
    screen: Any = pilot.app.screen
    line = screen.grid.current_line
    pilot.app.office.save_evaluation("2026-S2", line.nip, seen=None, hasil="sesuai")


MATRIX_ROW = 4
"""Pengaturan section 5: the predikat table's row (after the officials, thresholds, minimum)."""
KURANG_ROW = MATRIX_ROW + 4
"""The row of the curve for an organisation rated Kurang (three rules)."""


async def _correct_curve_meanwhile(pilot: Pilot[Any], files: Files) -> None:
    """The Kurang curve corrected (its first limit 55%), so there is something to put back."""
    office = pilot.app.office
    curve = office.evaluation_settings()["kurva"]
    kurang = [dict(rule) for rule in curve["kurang"]]
    kurang[0]["persen"] = 55
    office.update_settings(office.settings(), {"evaluasi": {"kurva": {**curve, "kurang": kurang}}})
    await pilot.pause()


async def _wait_for_no_match(pilot: Pilot[Any], files: Files) -> None:
    """Type a search nothing matches and wait for the palette to say so (after its delay)."""
    from textual.command import CommandList
    from textual.widgets.option_list import OptionDoesNotExist

    palette: Any = pilot.app.screen
    # The wait below is longer than a blink of the cursor: keep it still, so it shows.
    palette.query_one(Input).cursor_blink = False
    await pilot.press(*"zzzqx")
    commands = palette.query_one(CommandList)
    for _ in range(200):
        await pilot.pause(0.05)
        try:
            commands.get_option(palette._NO_MATCHES)
        except OptionDoesNotExist:
            continue
        break
    else:
        raise AssertionError("the palette never said that nothing matches")
    await pilot.pause()


# --------------------------------------------------------------------------- the stops

SCREENS: tuple[Stop, ...] = (
    Stop("pegawai", "pegawai", ("down",), expect="PegawaiScreen"),
    Stop("penilaian", "penilaian", (), expect="PenilaianScreen"),
    Stop("kelengkapan", "kelengkapan", (), expect="KelengkapanScreen"),
    Stop("peringkat", "peringkat", (), expect="PeringkatScreen"),
    Stop("peringkat_unit", "peringkat", ("u",), expect="PeringkatScreen"),
    Stop("pelatihan_daftar", "pelatihan", ("t", "t"), expect="PelatihanScreen"),
    Stop("pelatihan_detail", "pelatihan", ("t", "t", "enter"), expect="PelatihanScreen"),
    Stop("pelatihan_sesi", "pelatihan", ("t", "t", "enter", "shift+tab"), expect="PelatihanScreen"),
    Stop("pelatihan_hadir", "pelatihan", ("enter", "h"), expect="PelatihanScreen"),
    Stop("pelatihan_jp", "pelatihan", ("j",), expect="PelatihanScreen"),
    Stop("riwayat", "riwayat", (), expect="RiwayatScreen"),
    Stop("riwayat_end", "riwayat", ("end",), expect="RiwayatScreen"),
    Stop("pengaturan_kantor", "pengaturan", ("1",), expect="PengaturanScreen"),
    Stop("pengaturan_periode", "pengaturan", ("2",), expect="PengaturanScreen"),
    Stop(
        "pengaturan_periode_ditutup", "pengaturan", ("2", "down", "down"), expect="PengaturanScreen"
    ),
    Stop("pengaturan_kriteria", "pengaturan", ("3",), expect="PengaturanScreen"),
    Stop("pengaturan_bobot", "pengaturan", ("4",), expect="PengaturanScreen"),
    Stop("pengaturan_evaluasi", "pengaturan", ("5",), expect="PengaturanScreen"),
    Stop(
        "pengaturan_evaluasi_kurva_baris",
        "pengaturan",
        ("5", *["down"] * KURANG_ROW),
        expect="PengaturanScreen",
    ),
    Stop("evaluasi", "evaluasi", (), expect="EvaluasiScreen"),
    Stop("evaluasi_rated", "evaluasi", ("a", "b", "x", "enter"), expect="EvaluasiScreen"),
    Stop("kalibrasi", "kalibrasi", (), expect="KalibrasiScreen"),
    Stop("bantuan", "bantuan", (), expect="BantuanScreen"),
    Stop("bantuan_end", "bantuan", ("end",), expect="BantuanScreen"),
    Stop("quit_hint", "pegawai", ("ctrl+c",), expect="PegawaiScreen"),
)

DIALOGS: tuple[Stop, ...] = (
    Stop("goto_menu", "pegawai", ("ctrl+g",), expect="GotoMenu"),
    Stop("key_help_pegawai", "pegawai", ("f1",), expect="KeyHelp"),
    Stop("key_help_penilaian", "penilaian", ("f1",), expect="KeyHelp"),
    Stop("key_help_peringkat", "peringkat", ("f1",), expect="KeyHelp"),
    Stop("key_help_pelatihan", "pelatihan", ("f1",), expect="KeyHelp"),
    Stop("key_help_pelatihan_detail", "pelatihan", ("enter", "f1"), expect="KeyHelp"),
    Stop("key_help_pengaturan", "pengaturan", ("2", "f1"), expect="KeyHelp"),
    Stop("palette", "pegawai", ("ctrl+p",), expect="Palette"),
    Stop("palette_no_match", "pegawai", ("ctrl+p",), _wait_for_no_match, expect="Palette"),
    Stop("pegawai_add", "pegawai", ("a",), expect="EmployeeForm"),
    Stop("pegawai_edit", "pegawai", ("e",), expect="EmployeeForm"),
    Stop("pegawai_detail", "pegawai", ("v",), expect="DetailModal"),
    Stop("pegawai_deactivate", "pegawai", ("d",), expect="Confirm"),
    Stop("pegawai_delete", "pegawai", ("end", "x"), expect="Confirm"),
    Stop("pegawai_import", "pegawai", ("i",), expect="Prompt"),
    Stop("pegawai_import_report", "pegawai", ("i",), _type_bad_file, expect="Prompt"),
    Stop("pegawai_export", "pegawai", ("w",), expect="Prompt"),
    Stop("pegawai_atasan", "pegawai", ("e",), _press_button("#f-atasan"), expect="Picker"),
    Stop("pegawai_unit", "pegawai", ("e",), _press_button("#unit-pick"), expect="Picker"),
    Stop(
        "pegawai_conflict",
        "pegawai",
        ("e",),
        _edit_meanwhile,
        after=("enter",),
        expect="ConflictDialog",
    ),
    Stop("penilaian_person", "penilaian", ("slash",), expect="Picker"),
    Stop("penilaian_period", "penilaian", ("p",), expect="Picker"),
    Stop("penilaian_comment", "penilaian", ("c",), expect="Prompt"),
    Stop("penilaian_add", "penilaian", ("plus",), expect="Picker"),
    Stop("kelengkapan_period", "kelengkapan", ("p",), expect="Picker"),
    Stop("peringkat_rincian", "peringkat", ("enter",), expect="RincianModal"),
    Stop("peringkat_laporan", "peringkat", ("l",), expect="LaporanModal"),
    Stop("peringkat_export", "peringkat", ("e",), expect="Prompt"),
    Stop("peringkat_distribusi", "peringkat", ("d",), expect="TextDialog"),
    Stop("peringkat_award", "peringkat", ("a",), expect="AwardForm"),
    Stop("peringkat_award_list", "peringkat", ("h",), expect="AwardList"),
    Stop("peringkat_revoke", "peringkat", ("h", "x"), expect="Confirm"),
    Stop("peringkat_period", "peringkat", ("p",), expect="Picker"),
    Stop("pelatihan_add", "pelatihan", ("a",), expect="WorkshopForm"),
    Stop("pelatihan_edit", "pelatihan", ("e",), expect="WorkshopForm"),
    Stop("pelatihan_delete", "pelatihan", ("x",), expect="Confirm"),
    Stop("pelatihan_enrol", "pelatihan", ("t", "t", "enter", "p"), expect="Picker"),
    Stop("pelatihan_recommended", "pelatihan", ("t", "t", "enter", "r"), expect="Picker"),
    Stop("pelatihan_potential", "pelatihan", ("enter", "p", "tab", "tab"), expect="Picker"),
    Stop("pelatihan_withdraw", "pelatihan", ("t", "t", "enter", "k"), expect="Confirm"),
    Stop("pelatihan_move", "pelatihan", ("enter", "shift+tab", "m"), expect="Prompt"),
    Stop("pelatihan_cancel", "pelatihan", ("enter", "shift+tab", "b"), expect="Confirm"),
    Stop("pelatihan_capacity", "pelatihan", ("enter", "c"), expect="Prompt"),
    Stop("riwayat_picker", "riwayat", ("p",), expect="Picker"),
    Stop("pengaturan_kantor_form", "pengaturan", ("1", "e"), expect="SettingsForm"),
    Stop("pengaturan_periode_new", "pengaturan", ("2", "a"), expect="PeriodForm"),
    Stop("pengaturan_periode_edit", "pengaturan", ("2", "e"), expect="PeriodForm"),
    Stop("pengaturan_periode_open", "pengaturan", ("2", "o"), expect="Confirm"),
    Stop("pengaturan_periode_close", "pengaturan", ("2", "down", "t"), expect="Confirm"),
    Stop("pengaturan_periode_reopen", "pengaturan", ("2", "down", "down", "r"), expect="Confirm"),
    Stop("pengaturan_kriteria_form", "pengaturan", ("3", "e"), expect="SettingsForm"),
    Stop("pengaturan_kriteria_delete", "pengaturan", ("3", "d"), expect="Confirm"),
    Stop("pengaturan_berakhlak", "pengaturan", ("3", "b"), expect="Confirm"),
    Stop("pengaturan_bobot_form", "pengaturan", ("4", "e"), expect="SettingsForm"),
    Stop("pengaturan_evaluasi_pejabat", "pengaturan", ("5", "e"), expect="SettingsForm"),
    Stop(
        "pengaturan_evaluasi_ambang",
        "pengaturan",
        ("5", "down", "down", "e"),
        expect="SettingsForm",
    ),
    Stop("pengaturan_evaluasi_kurva", "pengaturan", ("5", "v"), expect="TextDialog"),
    Stop(
        "pengaturan_evaluasi_tabel_form",
        "pengaturan",
        ("5", *["down"] * MATRIX_ROW, "e"),
        expect="MatrixForm",
    ),
    Stop(
        "pengaturan_evaluasi_kurva_form",
        "pengaturan",
        ("5", *["down"] * KURANG_ROW, "e"),
        expect="CurveForm",
    ),
    Stop(
        "pengaturan_evaluasi_resmi",
        "pengaturan",
        ("5", *["down"] * KURANG_ROW),
        _correct_curve_meanwhile,
        after=("d",),
        expect="Confirm",
    ),
    Stop("key_help_evaluasi", "evaluasi", ("f1",), expect="KeyHelp"),
    Stop("evaluasi_alasan", "evaluasi", ("a", "b"), expect="Prompt"),
    Stop("evaluasi_alasan_key", "evaluasi", ("up", "e"), expect="Prompt"),
    Stop("evaluasi_catatan", "evaluasi", ("c",), expect="Prompt"),
    Stop("evaluasi_organisasi", "evaluasi", ("o",), expect="Picker"),
    Stop("evaluasi_distribusi", "evaluasi", ("d",), expect="TextDialog"),
    Stop("evaluasi_cari", "evaluasi", ("slash",), expect="Picker"),
    Stop(
        "evaluasi_conflict", "evaluasi", (), _rate_meanwhile, after=("a",), expect="ConflictDialog"
    ),
    Stop("key_help_kalibrasi", "kalibrasi", ("f1",), expect="KeyHelp"),
    Stop("kalibrasi_alasan", "kalibrasi", ("a",), expect="Prompt"),
    Stop("kalibrasi_diagnostik", "kalibrasi", ("g",), expect="TextDialog"),
)

STOPS: tuple[Stop, ...] = SCREENS + DIALOGS


async def visit(pilot: Pilot[Any], stop: Stop, files: Files) -> None:
    """Go to ``stop`` in a running app and check that what it names is on top."""
    await pilot.pause()
    if stop.keys:
        await pilot.press(*stop.keys)
    if stop.step is not None:
        await stop.step(pilot, files)
    if stop.after:
        await pilot.press(*stop.after)
    for _ in range(20):
        await pilot.pause()
        if not stop.expect or type(pilot.app.screen).__name__ == stop.expect:
            break
    if stop.expect:
        assert type(pilot.app.screen).__name__ == stop.expect, (stop.name, pilot.app.screen)


def app_for(stop: Stop, files: Files) -> KinerjaApp:
    return KinerjaApp(Office.open(files.office), start=stop.screen)
