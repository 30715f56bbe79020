"""Import and export use cases shared by ``kinerja import/export`` and the Pegawai screen."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from models import transfer
from models.employee_io import EMPLOYEE_FIELDS
from models.errors import KinerjaError, ValidationError
from models.i18n import set_language
from models.office import Office
from models.scoring import RANKING_FIELDS
from models.workshop import JP_EXPORT_FIELDS

PERIODE = "2026-S2"
NEW_NIP = "199001012015031001"
NEW_ROW = (
    "199001012015031001,Budi Baru,,S.Kom.,PNS,III/b,Pranata Komputer,Fungsional,Sekretariat,,ya"
)


def export_text(office: Office, what: str, fmt: str = "csv", **kwargs: Any) -> str:
    out = io.StringIO()
    assert transfer.export(office, what, fmt=fmt, stdout=out, **kwargs) is None
    return out.getvalue()


def employee_csv(office: Office) -> list[str]:
    return export_text(office, "employees").splitlines()


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def with_month(line: str, month: str) -> str:
    """The CSV line with digits 13-14 of its NIP (the CPNS month) replaced."""
    return line[:12] + month + line[14:]


# --------------------------------------------------------------------------- employees


def test_import_adds_updates_and_counts_unchanged(office: Office, tmp_path: Path) -> None:
    lines = employee_csv(office)
    target = lines[1].split(",")
    target[6] = "Operator Senior"
    lines[1] = ",".join(target)
    lines.append(NEW_ROW)
    before = office.generation

    report = transfer.import_employees(office, write_lines(tmp_path / "p.csv", lines))

    assert report.ok
    assert (report.added, report.updated, report.unchanged) == (1, 1, 39)
    assert report.lines() == ["ditambah 1, diubah 1, tidak berubah 39"]
    assert office.generation == before + 1
    reopened = Office.open(office.store.path)
    assert reopened.employee(target[0])["jabatan"] == "Operator Senior"
    assert reopened.employee(NEW_NIP)["nama"] == "Budi Baru"
    assert reopened.employee(NEW_NIP)["gelar_belakang"] == "S.Kom."


def test_import_with_a_bad_row_saves_nothing_and_names_the_row(
    office: Office, tmp_path: Path
) -> None:
    lines = employee_csv(office)
    nip = lines[6].split(",")[0]
    lines[6] = with_month(lines[6], "13")
    lines.append(NEW_ROW)
    before = office.generation

    report = transfer.import_employees(office, write_lines(tmp_path / "p.csv", lines))

    assert not report.ok
    bad_nip = nip[:8] + " " + nip[8:12] + "13 " + nip[14] + " " + nip[15:]
    assert report.lines() == [
        f"baris 7 (NIP {bad_nip}): bulan pengangkatan 13 tidak valid "
        "(angka ke-13 dan ke-14 NIP harus 01 sampai 12)",
        "tidak ada yang disimpan: 1 baris bermasalah",
    ]
    assert office.generation == before
    assert NEW_NIP not in Office.open(office.store.path).employees_by_nip()


def test_import_counts_bad_rows_not_problems(office: Office, tmp_path: Path) -> None:
    lines = employee_csv(office)[:3]
    lines[1] = with_month(lines[1], "00")
    lines[2] = ",".join(["x" * 18, "", *lines[2].split(",")[2:]])
    report = transfer.import_employees(office, write_lines(tmp_path / "p.csv", lines))
    assert [line.split(":")[0] for line in report.lines()[:-1]] == [
        "baris 2 (NIP " + lines[1][:8] + " " + lines[1][8:14] + " 1 001)",
        "baris 3 (NIP " + "x" * 18 + ")",
        "baris 3 (NIP " + "x" * 18 + ")",
    ]
    assert report.lines()[-1] == "tidak ada yang disimpan: 2 baris bermasalah"


def test_import_report_in_english(office: Office, tmp_path: Path) -> None:
    set_language("en")
    lines = employee_csv(office)
    lines.append(NEW_ROW)
    report = transfer.import_employees(office, write_lines(tmp_path / "p.csv", lines))
    assert report.lines() == ["added 1, changed 0, unchanged 40"]


def test_import_missing_file_raises_one_message(office: Office, tmp_path: Path) -> None:
    with pytest.raises(KinerjaError) as caught:
        transfer.import_employees(office, tmp_path / "tidak-ada.csv")
    assert str(caught.value) == f"berkas {tmp_path / 'tidak-ada.csv'} tidak ditemukan"


def test_export_then_import_changes_nothing(office: Office, tmp_path: Path) -> None:
    out = transfer.export(office, "employees", out=tmp_path / "pegawai.xlsx", fmt="xlsx")
    assert out == tmp_path / "pegawai.xlsx"
    before = office.generation
    report = transfer.import_employees(office, out)
    assert report.ok and (report.added, report.updated, report.unchanged) == (0, 0, 40)
    assert office.generation == before


def test_employee_export_csv_neutralises_formulas(office: Office) -> None:
    first = office.employees()[0]
    office.edit_employee(first, {"jabatan": "=HYPERLINK(1)"})
    rows = list(csv.DictReader(io.StringIO(export_text(office, "employees"))))
    assert list(rows[0]) == EMPLOYEE_FIELDS
    assert len(rows) == 40
    assert rows[0]["nip"] == first["nip"]
    assert rows[0]["jabatan"] == "'=HYPERLINK(1)"
    assert rows[0]["aktif"] == "ya"


def test_employee_export_xlsx_neutralises_formulas(office: Office, tmp_path: Path) -> None:
    import openpyxl

    first = office.employees()[0]
    office.edit_employee(first, {"nama": "@Budi"})
    out = transfer.export(office, "employees", fmt="xlsx", out=tmp_path / "p.xlsx")
    assert out is not None
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert [cell.value for cell in sheet[1]] == EMPLOYEE_FIELDS
    assert sheet["B2"].value == "'@Budi"


def test_xlsx_needs_an_output_file(office: Office) -> None:
    with pytest.raises(ValidationError) as caught:
        transfer.export(office, "employees", fmt="xlsx")
    assert "--out" in str(caught.value)


def test_unknown_export_and_format(office: Office) -> None:
    with pytest.raises(ValidationError):
        transfer.export(office, "awards")
    with pytest.raises(ValidationError):
        transfer.export(office, "employees", fmt="pdf")


# --------------------------------------------------------------------------- ranking and jp


def test_ranking_json_uses_the_current_period(office: Office) -> None:
    rows = json.loads(export_text(office, "ranking", fmt="json"))
    assert rows and list(rows[0]) == RANKING_FIELDS
    assert {row["periode"] for row in rows} == {PERIODE}
    assert rows[0]["peringkat"] == 1 and rows[0]["lengkap"] is True
    assert isinstance(rows[0]["nilai"], float)
    incomplete = [row for row in rows if not row["lengkap"]]
    assert incomplete and all(row["peringkat"] is None for row in incomplete)
    assert all(row["alasan"] for row in incomplete)


def test_ranking_of_a_period_without_ratings_is_empty(office: Office) -> None:
    office.create_period("2027-S1", "semester", "01-01-2027")
    text = export_text(office, "ranking", periode="2027-S1")
    assert text.splitlines() == [",".join(RANKING_FIELDS)]


def test_ranking_needs_a_period(empty_office: Office) -> None:
    with pytest.raises(KinerjaError) as caught:
        transfer.export(empty_office, "ranking")
    assert "periode" in str(caught.value)
    with pytest.raises(KinerjaError):
        transfer.export(empty_office, "ranking", periode="2099-S1")


def test_jp_export_counts_the_year(office: Office) -> None:
    rows = list(csv.DictReader(io.StringIO(export_text(office, "jp", year=2026))))
    assert list(rows[0]) == JP_EXPORT_FIELDS
    assert len(rows) == len([e for e in office.employees() if e["aktif"]])
    assert any(int(row["jp"]) > 0 for row in rows)
    assert all(int(row["kurang"]) == max(0, 20 - int(row["jp"])) for row in rows)
    earlier = list(csv.DictReader(io.StringIO(export_text(office, "jp", year=1999))))
    assert all(row["jp"] == "0" for row in earlier)


# --------------------------------------------------------------------------- ratings


def org_pair(office: Office) -> tuple[str, str, str]:
    """(ratee, their atasan, a rekan of the ratee in the same unit) without a rating yet."""
    by_nip = office.employees_by_nip()
    for ratee in office.employees():
        atasan = ratee.get("atasan_nip")
        if not atasan:
            continue
        for other in office.employees():
            if (
                other["nip"] not in (ratee["nip"], atasan)
                and other.get("atasan_nip") != ratee["nip"]
                and other["unit"] == ratee["unit"]
                and office.rating(PERIODE, ratee["nip"], other["nip"]) is None
                and by_nip[other["nip"]]["aktif"]
            ):
                return ratee["nip"], atasan, other["nip"]
    raise AssertionError("demo office has no suitable pair")


RATING_HEADER = "periode,nip_dinilai,nip_penilai,peran,disiplin,kualitas,komunikasi,catatan"


def test_import_ratings_adds_updates_and_keeps_drafts(office: Office, tmp_path: Path) -> None:
    ratee, atasan, rekan = org_pair(office)
    existing = office.ratings(PERIODE)[0]
    unchanged = office.ratings(PERIODE)[1]
    skor = unchanged["skor"]
    lines = [
        RATING_HEADER,
        f"{PERIODE},{ratee},{rekan},rekan,4,5,,perlu dilengkapi",
        f"{PERIODE},{existing['nip_dinilai']},{existing['nip_penilai']},"
        f"{existing['peran']},1,1,1,diperbarui",
        f"{PERIODE},{unchanged['nip_dinilai']},{unchanged['nip_penilai']},{unchanged['peran']},"
        f"{skor['disiplin']},{skor['kualitas']},{skor['komunikasi']},{unchanged['catatan']}",
    ]
    report = transfer.import_ratings(office, write_lines(tmp_path / "r.csv", lines))

    assert report.ok, report.lines()
    assert (report.added, report.updated, report.unchanged, report.drafts) == (1, 1, 1, 1)
    assert report.lines()[-1] == (
        "ditambah 1, diubah 1, tidak berubah 1; "
        "1 penilaian masih draf (belum semua kriteria dinilai)"
    )
    reopened = Office.open(office.store.path)
    draft = reopened.rating(PERIODE, ratee, rekan)
    assert draft is not None
    assert draft["skor"] == {"disiplin": 4, "kualitas": 5}
    assert draft["catatan"] == "perlu dilengkapi"
    updated = reopened.rating(PERIODE, existing["nip_dinilai"], existing["nip_penilai"])
    assert updated is not None
    assert updated["skor"] == {"disiplin": 1, "kualitas": 1, "komunikasi": 1}
    assert updated["rev"] == existing["rev"] + 1
    assert atasan


def test_import_ratings_refuses_the_whole_file(office: Office, tmp_path: Path) -> None:
    ratee, atasan, rekan = org_pair(office)
    count = len(office.ratings(PERIODE))
    lines = [
        RATING_HEADER,
        f"{PERIODE},{ratee},{rekan},rekan,4,4,4,",
        f"{PERIODE},{ratee},{rekan},atasan,4,4,4,",
        f"{PERIODE},{ratee},{atasan},atasan,7,4,4,",
        f"2099-S1,{ratee},{atasan},atasan,4,4,4,",
        f"{PERIODE},{ratee},{rekan},rekan,3,3,3,",
    ]
    before = office.generation
    report = transfer.import_ratings(office, write_lines(tmp_path / "r.csv", lines))
    assert not report.ok
    text = report.lines()
    assert text[0].startswith("baris 3 (NIP ") and "bukan atasan langsung" in text[0]
    assert text[1].startswith("baris 4 (NIP ") and "nilai 7 untuk Disiplin tidak valid" in text[1]
    assert text[2].endswith("periode 2099-S1 tidak ditemukan")
    assert text[3].startswith("baris 6 (NIP ") and "sudah tertulis di baris 2" in text[3]
    assert text[-1] == "tidak ada yang disimpan: 4 baris bermasalah"
    assert office.generation == before
    assert len(Office.open(office.store.path).ratings(PERIODE)) == count


def test_import_ratings_refuses_a_closed_period_and_missing_columns(
    office: Office, tmp_path: Path
) -> None:
    ratee, atasan, _ = org_pair(office)
    office.set_period_status(PERIODE, "ditutup")
    lines = [RATING_HEADER, f"{PERIODE},{ratee},{atasan},atasan,4,4,4,"]
    report = transfer.import_ratings(office, write_lines(tmp_path / "r.csv", lines))
    assert not report.ok and "sudah ditutup" in report.lines()[0]

    short = write_lines(
        tmp_path / "s.csv", ["periode,nip_dinilai,disiplin", f"{PERIODE},{ratee},4"]
    )
    report = transfer.import_ratings(office, short)
    assert report.lines()[0] == "baris 1: kolom wajib tidak ada di baris judul: nip_penilai, peran"


@pytest.mark.parametrize("what", ["employees", "ratings"])
def test_a_file_without_data_rows_is_an_error(office: Office, tmp_path: Path, what: str) -> None:
    path = tmp_path / "kosong.csv"
    path.write_text("sesuatu\n", encoding="utf-8")
    importer = transfer.import_employees if what == "employees" else transfer.import_ratings
    with pytest.raises(KinerjaError) as caught:
        importer(office, path)
    assert "tidak berisi baris data" in str(caught.value)
