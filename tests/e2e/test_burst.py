"""Keys that arrive together, as over SSH or in a paste, apply in order and to the right place.

Each test writes a whole key sequence to the installed ``kinerja`` command's
pseudo-terminal in ONE ``write()``, as one SSH packet would deliver it, then
checks what was stored: a key that moves to the next person, changes the focus
or opens a dialog must take effect before the keys after it are handled.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models import workshop_form
from models.entry import sheet_for_rater
from models.office import Office
from tests.e2e.test_installed_command import Terminal

KODE = "2026-S2"
CTRL_G = "\x07"
CTRL_Q = "\x11"
ENTER = "\r"
TAB = "\t"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        {
            "TERM": "xterm-256color",
            "HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "KINERJA_LANG": "id",
        }
    )
    environment.pop("KINERJA_DB", None)
    environment.pop("NO_COLOR", None)
    return environment


def _wait_until(check: Callable[[], Any], terminal: Terminal, timeout: float = 30.0) -> Any:
    """Poll the stored data (keeping the terminal read) until ``check`` gives a value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        terminal.pump()
        found = check()
        if found:
            return found
    raise AssertionError(f"never stored; screen was:\n{terminal.text()}")


def _quit(terminal: Terminal) -> None:
    terminal.child.send(CTRL_Q)
    terminal.child.expect(__import__("pexpect").EOF, timeout=20)
    terminal.child.close()
    assert terminal.child.exitstatus == 0


def _blank(office: Office, rater: str) -> None:
    for row in sheet_for_rater(office, KODE, rater):
        if row.status != "kosong":
            office.delete_rating(KODE, row.ratee, row.rater)


def test_scores_then_next_person_then_scores_in_one_packet(
    office_path: Path, env: dict[str, str]
) -> None:
    """``444]555``: the first form's row gets 4s, the next person's form gets the 5s."""
    office = Office.open(office_path)
    active = [e for e in office.employees() if e["aktif"]]
    # A supervisor followed (in the order ] walks) by someone who also rates people.
    index = next(
        i
        for i, e in enumerate(active[:-1])
        if len(sheet_for_rater(office, KODE, e["nip"])) >= 2
        and sheet_for_rater(office, KODE, active[i + 1]["nip"])
    )
    first, second = active[index], active[index + 1]
    _blank(office, first["nip"])
    _blank(office, second["nip"])
    first_row = sheet_for_rater(office, KODE, first["nip"])[0]
    second_row = sheet_for_rater(office, KODE, second["nip"])[0]
    before = {(r["nip_dinilai"], r["nip_penilai"]): r["skor"] for r in office.ratings(KODE)}

    terminal = Terminal(["--db", str(office_path)], env)
    terminal.wait_for("Cari nama")
    terminal.child.send(CTRL_G + "n/" + first["nama"] + ENTER + "444]555")

    def stored() -> bool:
        again = Office.open(office_path)
        one = again.rating(KODE, *first_row.key)
        two = again.rating(KODE, *second_row.key)
        return bool(one and two and len(two["skor"]) == 3)

    _wait_until(stored, terminal)
    _quit(terminal)
    after = Office.open(office_path)
    assert after.rating(KODE, *first_row.key)["skor"] == dict.fromkeys(  # type: ignore[index]
        ("disiplin", "kualitas", "komunikasi"), 4
    )
    assert after.rating(KODE, *second_row.key)["skor"] == dict.fromkeys(  # type: ignore[index]
        ("disiplin", "kualitas", "komunikasi"), 5
    )
    # Nothing else was touched: no score landed on a row the keys were not meant for.
    changed = {
        (r["nip_dinilai"], r["nip_penilai"])
        for r in after.ratings(KODE)
        if before.get((r["nip_dinilai"], r["nip_penilai"])) != r["skor"]
    }
    assert changed == {first_row.key, second_row.key}


def test_a_whole_period_form_typed_in_one_packet(office_path: Path, env: dict[str, str]) -> None:
    """Code, Tab, the kind chosen in its list, Tab, the start date, Enter to save."""
    terminal = Terminal(["--db", str(office_path)], env)
    terminal.wait_for("Cari nama")
    terminal.child.send(
        CTRL_G
        + "s"
        + "2"
        + "a"
        + "2027-Q3"
        + TAB
        + ENTER
        + "\x1b[A"
        + ENTER
        + TAB
        + "01-07-2027"
        + ENTER
    )
    period = _wait_until(
        lambda: next(
            (p for p in Office.open(office_path).periods() if p["kode"] == "2027-Q3"), None
        ),
        terminal,
    )
    _quit(terminal)
    assert period["jenis"] == "triwulan"
    assert (period["tanggal_mulai"], period["tanggal_selesai"]) == ("2027-07-01", "2027-09-30")
    assert period["nama"] == "Triwulan III 2027"


def _workshop_in_progress(office: Office) -> tuple[dict[str, Any], list[str]]:
    """A daily workshop whose first sessions are over and the rest to come, four people on it."""
    start = dt.datetime.now().replace(hour=8, minute=0, second=0, microsecond=0)
    values = workshop_form.form_values(None)
    values.update(
        {
            "judul": "Pelatihan Uji Ketik Cepat",
            "jenis": "pelatihan",
            "tanggal": (start - dt.timedelta(days=3)).strftime("%d-%m-%Y"),
            "jam": "08:00",
            "durasi": "60",
            "kapasitas": "10",
            "jp_per_sesi": "2",
            "ulang": "harian",
            "jumlah": "8",
        }
    )
    ws = office.create_workshop(workshop_form.form_data(values))
    people = [e["nip"] for e in office.employees() if e["aktif"]][:4]
    for nip in people:
        ws = office.workshop(ws["id"])
        office.enrol(ws, nip)
    return office.workshop(ws["id"]), people


def test_attendance_marks_then_previous_session_in_one_packet(
    tmp_path: Path, env: dict[str, str]
) -> None:
    """``hhh[ii``: three marks down the newest started session, two at the top of the one before."""
    path = tmp_path / "kinerja.json"
    office = Office.init(path)
    for i in range(4):
        office.add_employee(
            {
                "nip": f"1990010{i + 1}2015031001",
                "nama": f"Pegawai Uji {i + 1}",
                "jenis_asn": "PNS",
                "golongan": "III/a",
                "jabatan": "Pengadministrasi",
                "jenis_jabatan": "Pelaksana",
                "unit": "Sekretariat",
                "atasan_nip": "" if i == 0 else "19900101" + "2015031001",
                "aktif": True,
            }
        )
    ws, people = _workshop_in_progress(office)
    started = [s for s in ws["sesi"] if dt.datetime.fromisoformat(s["mulai"]) <= dt.datetime.now()]
    newest, previous = str(started[-1]["no"]), str(started[-2]["no"])
    order = list(ws["peserta"])

    terminal = Terminal(["--db", str(path)], env)
    terminal.wait_for("Cari nama")
    terminal.child.send(CTRL_G + "l" + ENTER + "h" + "hhh[ii")

    def marked() -> dict[str, Any] | None:
        stored = Office.open(path).workshop(ws["id"])
        marks = stored.get("kehadiran", {})
        done = len(marks.get(newest, {})) == 3 and len(marks.get(previous, {})) == 2
        return stored if done else None

    stored = _wait_until(marked, terminal)
    _quit(terminal)
    assert stored["kehadiran"][newest] == dict.fromkeys(order[:3], "hadir")
    assert stored["kehadiran"][previous] == dict.fromkeys(order[:2], "izin")
    assert set(stored["kehadiran"]) == {newest, previous}
    assert sorted(people) == sorted(order)


def test_a_whole_employee_form_typed_in_one_packet(office_path: Path, env: dict[str, str]) -> None:
    """A PPPK NIP first (Jenis ASN follows it), then every field by Tab, the supervisor
    chosen in its list, Save: every value lands in its own field."""
    office = Office.open(office_path)
    engkos = next(e for e in office.employees() if e["nama"].startswith("Engkos"))
    nip = "198609262021211001"
    terminal = Terminal(["--db", str(office_path)], env)
    terminal.wait_for("Cari nama")
    terminal.child.send(
        "a"
        + nip
        + TAB
        + TAB
        + "Budi Santoso"
        + TAB
        + TAB
        + "S.T."
        + TAB
        + ENTER
        + "IX"
        + ENTER
        + TAB
        + "Staf"
        + TAB
        + ENTER
        + "F"
        + ENTER
        + TAB
        + "sekr"
        + TAB
        + ENTER
        + "engk"
        + ENTER
        + TAB
        + ENTER
    )
    stored = _wait_until(lambda: Office.open(office_path).employees_by_nip().get(nip), terminal)
    _quit(terminal)
    assert {k: stored[k] for k in ("nama", "gelar_depan", "gelar_belakang", "jabatan")} == {
        "nama": "Budi Santoso",
        "gelar_depan": "",
        "gelar_belakang": "S.T.",
        "jabatan": "Staf",
    }
    assert (stored["jenis_asn"], stored["golongan"]) == ("PPPK", "IX")
    assert (stored["jenis_jabatan"], stored["unit"]) == ("Fungsional", "Sekretariat")
    assert stored["atasan_nip"] == engkos["nip"]
