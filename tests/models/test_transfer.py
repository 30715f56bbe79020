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


def test_ranking_of_a_period_without_ratings_lists_everyone_unrated(office: Office) -> None:
    office.create_period("2027-S1", "semester", "01-01-2027")
    rows = list(csv.DictReader(io.StringIO(export_text(office, "ranking", periode="2027-S1"))))
    active = [e for e in office.employees() if e["aktif"]]
    assert len(rows) == len(active) > 0
    for row in rows:
        assert (row["nilai"], row["predikat"], row["peringkat"], row["lengkap"]) == (
            "",
            "",
            "",
            "tidak",
        )
        assert row["alasan"].startswith("belum ada nilai")


def test_ranking_lists_a_head_of_office_with_only_a_self_rating(office: Office) -> None:
    head = next(e for e in office.employees() if e["atasan_nip"] is None)
    for rating in office.ratings(PERIODE):
        if rating["nip_dinilai"] == head["nip"]:
            office.delete_rating(PERIODE, head["nip"], rating["nip_penilai"])
    office.save_rating(
        PERIODE, head["nip"], head["nip"], "diri", {"disiplin": 5, "kualitas": 5, "komunikasi": 5}
    )
    rows = json.loads(export_text(office, "ranking", fmt="json"))
    mine = [row for row in rows if row["nip"] == head["nip"]]
    assert mine == [
        {
            "periode": PERIODE,
            "peringkat": None,
            "peringkat_unit": None,
            "nip": head["nip"],
            "nama": head["nama"],
            "unit": head["unit"],
            "nilai": None,
            "predikat": None,
            "lengkap": False,
            "alasan": "belum ada nilai; rekan 0/2",
        }
    ]
    assert len(rows) == len([e for e in office.employees() if e["aktif"]])


def test_ranking_numbers_and_booleans_look_the_same_everywhere(
    office: Office, tmp_path: Path
) -> None:
    import openpyxl

    rows = list(csv.DictReader(io.StringIO(export_text(office, "ranking"))))
    scored = [row["nilai"] for row in rows if row["nilai"]]
    assert scored and all(len(value.split(".")[1]) == 2 for value in scored)
    assert {row["lengkap"] for row in rows} == {"ya", "tidak"}
    excel = export_text(office, "ranking", fmt="csv-excel")
    assert excel.startswith("\ufeffperiode;peringkat;")
    assert "\r\n" in excel and all("," in line.split(";")[6] for line in excel.splitlines()[1:4])
    out = transfer.export(office, "ranking", fmt="xlsx", out=tmp_path / "r.xlsx")
    assert out is not None
    sheet = openpyxl.load_workbook(out).worksheets[0]
    lengkap = RANKING_FIELDS.index("lengkap") + 1
    assert {sheet.cell(row, lengkap).value for row in range(2, sheet.max_row + 1)} == {
        "ya",
        "tidak",
    }
    assert sheet.cell(2, RANKING_FIELDS.index("nilai") + 1).number_format == "0.00"


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
    replaced = sum(1 for value in existing["skor"].values() if value != 1)
    assert report.lines()[-2:] == [
        "ditambah 1, diubah 1, tidak berubah 1; "
        "1 penilaian masih draf (belum semua kriteria dinilai)",
        f"{replaced} skor yang sudah tersimpan diganti oleh berkas ini",
    ]
    assert replaced > 0
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
    office.set_period_status(PERIODE, "ditutup", close_incomplete=True)
    lines = [RATING_HEADER, f"{PERIODE},{ratee},{atasan},atasan,1,2,3,berubah"]
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


# --------------------------------------------------------------------------- the file boundary


def test_unknown_column_is_refused_with_the_name_meant(office: Office, tmp_path: Path) -> None:
    lines = employee_csv(office)
    lines[0] = lines[0].replace("atasan_nip", "atasan")
    before = office.generation
    report = transfer.import_employees(office, write_lines(tmp_path / "p.csv", lines))
    assert not report.ok
    assert report.lines()[0].startswith(
        "baris 1: kolom tidak dikenal di baris judul: atasan (maksudnya atasan_nip?)"
    )
    assert office.generation == before


def test_duplicate_column_is_refused(office: Office, tmp_path: Path) -> None:
    lines = employee_csv(office)
    lines = [line + "," + line.split(",")[1] for line in lines]
    with pytest.raises(ValidationError) as caught:
        transfer.import_employees(office, write_lines(tmp_path / "p.csv", lines))
    assert str(caught.value) == (
        f"kolom nama tertulis lebih dari sekali di baris judul berkas {tmp_path / 'p.csv'}"
    )


@pytest.mark.parametrize(
    ("value", "char"), [("Dewi\x1b]0;judul\x07", "U+001B"), ("Dewi \u202eNoman", "U+202E")]
)
def test_control_characters_in_names_are_refused(
    office: Office, tmp_path: Path, value: str, char: str
) -> None:
    lines = employee_csv(office)[:2]
    cells = lines[1].split(",")
    cells[1] = value
    lines[1] = ",".join(cells)
    report = transfer.import_employees(office, write_lines(tmp_path / "p.csv", lines))
    assert not report.ok
    text = report.lines()[0]
    assert f"isian nama berisi karakter kendali tak terlihat {char}" in text
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert office.employee(cells[0])["nama"] != value


def test_utf16_file_with_bom_imports(office: Office, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(("\n".join([*employee_csv(office), NEW_ROW]) + "\n").encode("utf-16"))
    report = transfer.import_employees(office, path)
    assert report.lines() == ["ditambah 1, diubah 0, tidak berubah 40"]


def test_a_stray_windows_byte_is_refused_then_read_when_named(
    office: Office, tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    row = NEW_ROW.replace("Budi Baru", "Budi \xd1oman")
    path.write_bytes(("\n".join([*employee_csv(office), row]) + "\n").encode("cp1252"))
    with pytest.raises(ValidationError) as caught:
        transfer.import_employees(office, path)
    assert "bukan teks UTF-8: byte 0xD1 di baris 42" in str(caught.value)
    assert NEW_NIP not in office.employees_by_nip()
    report = transfer.import_employees(office, path, encoding="cp1252")
    assert report.ok and office.employee(NEW_NIP)["nama"] == "Budi Ñoman"


def test_a_formula_cell_never_becomes_an_employee(office: Office, tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "p.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, EMPLOYEE_FIELDS)
    sheet.write_row(1, 0, NEW_ROW.split(","))
    sheet.write_formula("B2", '=UPPER("budi")')
    workbook.close()
    with pytest.raises(ValidationError) as caught:
        transfer.import_employees(office, path)
    assert str(caught.value).startswith(f"sel B2 berkas {path} berisi rumus")
    assert NEW_NIP not in office.employees_by_nip()


def test_comments_lose_control_characters_and_say_how_many(office: Office, tmp_path: Path) -> None:
    ratee, atasan, rekan = org_pair(office)
    lines = [RATING_HEADER, f"{PERIODE},{ratee},{rekan},rekan,4,4,4,\x1b[2JBagus\x00 \u202esekali"]
    report = transfer.import_ratings(office, write_lines(tmp_path / "r.csv", lines))
    assert report.ok
    assert report.lines()[0].endswith(
        "peringatan: 3 karakter kendali tak terlihat dihapus dari catatan"
    )
    stored = office.rating(PERIODE, ratee, rekan)
    assert stored is not None and stored["catatan"] == "[2JBagus sekali"
    assert atasan


def test_comments_have_the_same_limit_as_in_the_grid(office: Office, tmp_path: Path) -> None:
    ratee, _, rekan = org_pair(office)
    lines = [RATING_HEADER, f"{PERIODE},{ratee},{rekan},rekan,4,4,4,{'x' * 1001}"]
    report = transfer.import_ratings(office, write_lines(tmp_path / "r.csv", lines))
    assert not report.ok
    assert report.lines()[0].endswith("catatan terlalu panjang: 1001 karakter, paling banyak 1000")
    with pytest.raises(ValidationError):
        office.save_rating(PERIODE, ratee, rekan, "rekan", {}, catatan="x" * 1001)
    huge = [RATING_HEADER, f"{PERIODE},{ratee},{rekan},rekan,4,4,4,{'x' * 130_000}"]
    with pytest.raises(ValidationError) as caught:
        transfer.import_ratings(office, write_lines(tmp_path / "h.csv", huge))
    assert "130000 karakter" in str(caught.value)
    assert office.rating(PERIODE, ratee, rekan) is None


def test_raw_cells_are_never_echoed_raw(office: Office, tmp_path: Path) -> None:
    lines = [RATING_HEADER, "\x1b]0;X\x07,1,2,rekan,4,4,4,"]
    report = transfer.import_ratings(office, write_lines(tmp_path / "r.csv", lines))
    text = "\n".join(report.lines())
    assert not report.ok and "\x1b" not in text and "\x07" not in text
    assert "U+001B" in text


@pytest.mark.parametrize("fmt", ["csv", "csv-excel", "xlsx"])
def test_ratings_export_then_import_is_a_no_op(office: Office, tmp_path: Path, fmt: str) -> None:
    ratee, _, rekan = org_pair(office)
    office.save_rating(PERIODE, ratee, rekan, "rekan", {"disiplin": 2}, catatan="=SUM(1);+x, y")
    suffix = "xlsx" if fmt == "xlsx" else "csv"
    out = transfer.export(office, "ratings", fmt=fmt, out=tmp_path / f"r.{suffix}")
    assert out is not None
    before = office.generation
    count = len(office.ratings(PERIODE))
    report = transfer.import_ratings(office, out)
    assert report.ok, report.lines()
    assert (report.added, report.updated, report.unchanged) == (0, 0, count)
    assert report.replaced_scores == 0
    assert office.generation == before


def test_ratings_export_columns_are_the_import_columns(office: Office) -> None:
    rows = list(csv.DictReader(io.StringIO(export_text(office, "ratings", periode=PERIODE))))
    assert list(rows[0]) == RATING_HEADER.split(",")
    assert len(rows) == len(office.ratings(PERIODE))
    drafts = [row for row in rows if "" in (row["disiplin"], row["kualitas"], row["komunikasi"])]
    assert drafts, "the demo office has drafts, exported with blank cells"


def test_ratings_export_survives_a_closed_period_and_people_leaving(
    office: Office, tmp_path: Path
) -> None:
    out = transfer.export(office, "ratings", out=tmp_path / "r.csv")
    assert out is not None
    office.set_period_status(PERIODE, "ditutup", close_incomplete=True)
    leaver = next(e for e in office.employees() if e["aktif"] and e["atasan_nip"])
    for sub in office.employees():
        if sub["atasan_nip"] == leaver["nip"]:
            office.edit_employee(sub, {"atasan_nip": leaver["atasan_nip"]})
    office.set_active(office.employee(leaver["nip"]), False)
    report = transfer.import_ratings(office, out)
    assert report.ok and report.added == report.updated == 0


def test_exports_never_overwrite_unasked(office: Office, tmp_path: Path) -> None:
    out = tmp_path / "pegawai.csv"
    out.write_text("punya orang lain", encoding="utf-8")
    with pytest.raises(KinerjaError) as caught:
        transfer.export(office, "employees", out=out)
    assert str(caught.value) == f"berkas {out} sudah ada; tidak ditimpa"
    assert out.read_text(encoding="utf-8") == "punya orang lain"
    transfer.export(office, "employees", out=out, force=True)
    assert out.read_text(encoding="utf-8").startswith("nip,nama,")
    with pytest.raises(KinerjaError) as caught:
        transfer.export(office, "employees", out=office.store.path, force=True)
    assert caught.value.key == "outfile.office_file"


@pytest.mark.parametrize("what", ["employees", "ranking", "jp"])
def test_hostile_names_stay_text_in_indonesian_excel(office: Office, what: str) -> None:
    first = next(e for e in office.employees() if e["aktif"])
    office.edit_employee(first, {"nama": "Budi;=1+1;", "unit": "Umum,@SUM(A1)"})
    for fmt in ("csv", "csv-excel"):
        text = export_text(office, what, fmt=fmt).lstrip("\ufeff")
        for separator in (",", ";"):
            cells = [c for r in csv.reader(io.StringIO(text), delimiter=separator) for c in r]
            assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_unknown_supervisor_round_trips_as_a_question_mark(office: Office, tmp_path: Path) -> None:
    lines = employee_csv(office)
    lines.append(NEW_ROW[: NEW_ROW.rindex(",,")] + ",?,ya")
    report = transfer.import_employees(office, write_lines(tmp_path / "p.csv", lines))
    assert report.ok, report.lines()
    assert office.employee(NEW_NIP)["atasan_belum_diisi"] is True
    exported = [line for line in employee_csv(office) if line.startswith(NEW_NIP)]
    assert exported == [NEW_ROW[: NEW_ROW.rindex(",,")] + ",?,ya"]
    again = transfer.import_employees(office, write_lines(tmp_path / "q.csv", employee_csv(office)))
    assert (again.updated, again.added) == (0, 0)
    line = office.results(PERIODE).by_nip[NEW_NIP]
    assert line.alasan[0] == "atasan belum diisi"
    head_again = [*employee_csv(office)[:1], NEW_ROW]
    transfer.import_employees(office, write_lines(tmp_path / "r.csv", head_again))
    assert office.employee(NEW_NIP)["atasan_belum_diisi"] is False


# --------------------------------------------------------------------------- the lock


def test_the_file_is_checked_before_the_lock_is_taken(
    office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the rows are checked, another clerk can still save."""
    from models import employee_io

    lines = [*employee_csv(office), NEW_ROW]
    other = Office.open(office.store.path, lock_timeout=0.5)
    saved: list[int] = []
    real_plan = employee_io.plan_employee_import

    def plan_while_another_clerk_saves(*args: Any, **kwargs: Any) -> Any:
        if not saved:
            first = other.employees()[0]
            saved.append(other.edit_employee(first, {"jabatan": "Disimpan saat impor"})["rev"])
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(transfer, "plan_employee_import", plan_while_another_clerk_saves)
    report = transfer.import_employees(office, write_lines(tmp_path / "p.csv", lines))
    assert saved
    assert report.ok, report.lines()
    assert report.added == 1


def test_what_changed_meanwhile_is_checked_again_under_the_lock(
    office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A supervisor deactivated by another clerk during the check stops the import."""
    from models import employee_io

    atasan = next(e for e in office.employees() if e["aktif"] and e["atasan_nip"])
    row = NEW_ROW.replace(",Sekretariat,,ya", f",Sekretariat,{atasan['nip']},ya")
    lines = [employee_csv(office)[0], row]
    other = Office.open(office.store.path)
    calls: list[int] = []
    real_plan = employee_io.plan_employee_import

    def plan_then_deactivate(*args: Any, **kwargs: Any) -> Any:
        plan = real_plan(*args, **kwargs)
        if not calls:
            for sub in other.employees():
                if sub["atasan_nip"] == atasan["nip"]:
                    other.edit_employee(sub, {"atasan_nip": atasan["atasan_nip"]})
            other.set_active(other.employee(atasan["nip"]), False)
        calls.append(1)
        return plan

    monkeypatch.setattr(transfer, "plan_employee_import", plan_then_deactivate)
    report = transfer.import_employees(office, write_lines(tmp_path / "p.csv", lines))
    assert len(calls) == 2
    assert not report.ok
    assert "tidak aktif" in report.lines()[0]
    assert NEW_NIP not in Office.open(office.store.path).employees_by_nip()
