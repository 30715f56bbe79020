"""SIASN's "Export Data ASN" CSV imported as employees: mapping, anomalies, what is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import siasn, transfer
from models.employee import ATASAN_UNSET
from models.entry import completeness
from models.errors import ValidationError
from models.office import Office
from tests.import_data import siasn_rows, write_siasn

PERIODE = "2026-S2"


def test_a_siasn_export_of_500_rows_imports(office: Office, tmp_path: Path) -> None:
    rows = siasn_rows(500)
    before = len(office.employees())
    report = transfer.import_employees(office, write_siasn(tmp_path / "siasn.csv", rows))
    assert report.ok, report.lines()[:5]
    assert (report.added, report.updated, report.unchanged) == (500, 0, 0)
    assert len(office.employees()) == before + 500
    lines = report.lines()
    assert len(lines) == 501
    assert lines[0].startswith("baris 2 (NIP ")
    assert lines[0].endswith(
        "peringatan: pegawai baru: atasan belum diisi "
        "(isi di layar Pegawai; Kelengkapan mendaftarnya sampai diisi)"
    )
    assert lines[-1] == "ditambah 500, diubah 0, tidak berubah 0"

    first, pppk = rows[0], rows[6]
    emp = office.employee(first["NIP BARU"])
    assert emp["nama"] == first["NAMA"]
    assert (emp["jenis_asn"], emp["golongan"], emp["jenis_jabatan"]) == (
        "PNS",
        "II/a",
        "Fungsional",
    )
    assert (emp["unit"], emp["jabatan"]) == ("Bidang 1", "Analis Kebijakan Ahli Muda")
    assert emp["atasan_nip"] is None and emp[ATASAN_UNSET] is True and emp["aktif"] is True
    other = office.employee(pppk["NIP BARU"])
    assert (other["jenis_asn"], other["golongan"], other["jenis_jabatan"]) == (
        "PPPK",
        "IX",
        "Pelaksana",
    )

    missing = {line.nip: line for line in completeness(office, PERIODE)}
    assert missing[first["NIP BARU"]].alasan[0] == "atasan belum diisi"
    assert missing[first["NIP BARU"]].atasan_kurang


def test_importing_again_keeps_the_supervisor_set_meanwhile(office: Office, tmp_path: Path) -> None:
    rows = siasn_rows(3)
    path = write_siasn(tmp_path / "siasn.csv", rows)
    transfer.import_employees(office, path)
    boss = next(e for e in office.employees() if e["atasan_nip"] is None and e["aktif"])
    emp = office.employee(rows[0]["NIP BARU"])
    office.edit_employee(emp, {"atasan_nip": boss["nip"]})
    assert office.employee(emp["nip"])[ATASAN_UNSET] is False

    rows[0]["JABATAN NAMA"] = "Analis Kebijakan Ahli Madya"
    report = transfer.import_employees(office, write_siasn(tmp_path / "lagi.csv", rows))
    assert report.ok and (report.added, report.updated, report.unchanged) == (0, 1, 2)
    again = office.employee(emp["nip"])
    assert again["atasan_nip"] == boss["nip"] and not again[ATASAN_UNSET]
    assert again["jabatan"] == "Analis Kebijakan Ahli Madya"
    assert not [line for line in report.lines() if "atasan belum diisi" in line]


def test_existing_employees_keep_their_supervisor(office: Office, tmp_path: Path) -> None:
    emp = next(e for e in office.employees() if e["atasan_nip"] and e["jenis_asn"] == "PNS")
    row = siasn_rows(1)[0]
    row.update(
        {
            "NIP BARU": emp["nip"],
            "NAMA": emp["nama"],
            "TANGGAL LAHIR": f"{emp['nip'][6:8]}-{emp['nip'][4:6]}-{emp['nip'][:4]}",
            "JENIS KELAMIN": "M" if emp["nip"][14] == "1" else "F",
            "GOL AKHIR NAMA": emp["golongan"],
            "GOL AKHIR ID": "",
            "JENIS JABATAN NAMA": "Jabatan Struktural",
        }
    )
    if emp["jenis_jabatan"] not in ("Pengawas", "Administrator", "JPT"):
        office.edit_employee(emp, {"jenis_jabatan": "Pengawas"})
    level = office.employee(emp["nip"])["jenis_jabatan"]
    report = transfer.import_employees(office, write_siasn(tmp_path / "s.csv", [row]))
    assert report.ok, report.lines()
    after = office.employee(emp["nip"])
    assert after["atasan_nip"] == emp["atasan_nip"]
    assert after["jenis_jabatan"] == level
    assert not after.get(ATASAN_UNSET)


def test_unmapped_values_are_errors_naming_the_line(office: Office, tmp_path: Path) -> None:
    rows = siasn_rows(4)
    rows[1]["JENIS PEGAWAI NAMA"] = "ABRI yang ditugaskan Karyakan"
    rows[2]["JENIS JABATAN NAMA"] = "Jabatan Rangkap"
    rows[3]["JENIS JABATAN NAMA"] = "Jabatan Struktural"
    before = office.generation
    report = transfer.import_employees(office, write_siasn(tmp_path / "s.csv", rows))
    assert not report.ok
    errors = [line for line in report.lines() if "peringatan" not in line]
    assert errors[0].startswith("baris 3 (NIP ")
    assert errors[0].endswith(
        "JENIS PEGAWAI NAMA ABRI yang ditugaskan Karyakan tidak ada di tabel pemetaan "
        "(kata pertama harus PNS, CPNS, PPPK atau P3K)"
    )
    assert len([e for e in errors if e.startswith("baris 3 ")]) == 1
    assert (
        errors[1].startswith("baris 4 (NIP ") and "Jabatan Rangkap tidak ada di tabel" in errors[1]
    )
    assert errors[2].startswith("baris 5 (NIP ") and "tidak menyebut tingkatnya" in errors[2]
    assert errors[-1] == "tidak ada yang disimpan: 3 baris bermasalah"
    assert office.generation == before


def test_anomalies_are_reported_but_do_not_stop_the_import(office: Office, tmp_path: Path) -> None:
    rows = siasn_rows(5)
    rows[0]["TANGGAL LAHIR"] = "31-12-1999"
    rows[1]["JENIS KELAMIN"] = "F" if rows[1]["JENIS KELAMIN"] == "M" else "M"
    rows[2]["GOL AKHIR ID"] = "41"
    rows[3]["GOL AKHIR NAMA"] = f"Pembina Utama ({rows[3]['GOL AKHIR NAMA']})"
    rows[4]["TANGGAL LAHIR"] = "kemarin"
    report = transfer.import_employees(office, write_siasn(tmp_path / "s.csv", rows))
    assert report.ok
    notes = [line.split(": peringatan: ", 1)[1] for line in report.lines() if "anomali" in line]
    birth = rows[0]["NIP BARU"]
    assert notes[0] == (
        f"anomali SIASN: TANGGAL LAHIR 31-12-1999 tidak sama dengan tanggal lahir di NIP "
        f"({birth[6:8]}-{birth[4:6]}-{birth[:4]})"
    )
    assert notes[1].startswith("anomali SIASN: JENIS KELAMIN ")
    assert notes[1].endswith("tidak sama dengan NIP (perempuan)") or notes[1].endswith(
        "tidak sama dengan NIP (laki-laki)"
    )
    assert notes[2] == (
        f"anomali SIASN: GOL AKHIR ID 41 berarti IV/a, tetapi GOL AKHIR NAMA "
        f"{rows[2]['GOL AKHIR NAMA']}"
    )
    golongan = office.employee(rows[3]["NIP BARU"])["golongan"]
    assert notes[3].startswith(
        f"anomali SIASN: pangkat Pembina Utama tidak sesuai golongan {golongan}"
    )
    assert notes[4] == "anomali SIASN: TANGGAL LAHIR kemarin tidak terbaca (tulis HH-BB-TTTT)"


def test_unknown_siasn_column_is_refused_with_the_name_meant(
    office: Office, tmp_path: Path
) -> None:
    rows = siasn_rows(2)
    path = write_siasn(tmp_path / "s.csv", rows)
    text = path.read_text(encoding="utf-8").replace("UNOR NAMA", "UNOR NAMAA", 1)
    path.write_text(text, encoding="utf-8")
    report = transfer.import_employees(office, path)
    assert not report.ok
    assert "unor namaa (maksudnya unor nama?)" in report.lines()[0]
    assert "kolom wajib tidak ada di baris judul: unor nama" in report.lines()[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PNS DAERAH", "PNS"),
        ("PNS Pusat DPK", "PNS"),
        ("CPNS", "PNS"),
        ("pppk paruh waktu", "PPPK"),
        ("P3K", "PPPK"),
    ],
)
def test_jenis_pegawai_table(value: str, expected: str) -> None:
    assert siasn.jenis_asn(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jabatan Fungsional Tertentu", "Fungsional"),
        ("Fungsional Tertentu", "Fungsional"),
        ("Jabatan Fungsional Umum", "Pelaksana"),
        ("JABATAN PELAKSANA", "Pelaksana"),
        ("Jabatan Pengawas", "Pengawas"),
        ("Administrator", "Administrator"),
        ("Jabatan Pimpinan Tinggi Pratama", "JPT"),
    ],
)
def test_jenis_jabatan_table(value: str, expected: str) -> None:
    assert siasn.jenis_jabatan(value, None) == expected


def test_struktural_needs_a_known_level() -> None:
    assert siasn.jenis_jabatan("Jabatan Struktural", {"jenis_jabatan": "Administrator"}) == (
        "Administrator"
    )
    with pytest.raises(ValidationError):
        siasn.jenis_jabatan("Jabatan Struktural", {"jenis_jabatan": "Pelaksana"})
    with pytest.raises(ValidationError):
        siasn.jenis_jabatan("Struktural", None)


def test_the_column_list_is_siasns() -> None:
    assert len(siasn.COLUMNS) == len(set(siasn.COLUMNS)) == 67
    assert set(siasn.REQUIRED) <= set(siasn.COLUMNS)
    assert (
        siasn.GOL_ID["31"] == "III/a" and siasn.GOL_ID["45"] == "IV/e" and len(siasn.GOL_ID) == 17
    )
