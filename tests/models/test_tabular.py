from __future__ import annotations

import codecs
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import tabular
from models.errors import KinerjaError, ValidationError
from models.i18n import set_language
from models.outfile import ExistsError
from models.tabular import (
    header_problems,
    neutralise,
    read_sheet,
    read_table,
    unneutralise,
    write_table,
)
from models.text import printable


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# reading CSV ---------------------------------------------------------------


def test_csv_plain(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", b"nip,nama\n198609262015051001,Siti\n")
    assert read_table(path) == [(2, {"nip": "198609262015051001", "nama": "Siti"})]


def test_csv_bom_semicolon_and_header_case(tmp_path: Path) -> None:
    data = "\ufeff NIP ;Nama;Unit Kerja\r\n1986;Siti, S.Sos.;Sekretariat\r\n".encode()
    path = write_bytes(tmp_path, "a.csv", data)
    assert read_table(path) == [
        (2, {"nip": "1986", "nama": "Siti, S.Sos.", "unit kerja": "Sekretariat"})
    ]


def test_csv_excel_sep_hint_line(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", b"sep=;\nnip;nama\n1;A,B\n")
    assert read_table(path) == [(3, {"nip": "1", "nama": "A,B"})]


def test_csv_windows_encoding_only_when_named(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", "nama\nJosé\n".encode("cp1252"))
    assert read_table(path, encoding="cp1252") == [(2, {"nama": "José"})]
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert caught.value.key == "tabular.not_utf8"


def test_stray_windows_byte_in_utf8_is_refused_naming_line_and_offset(tmp_path: Path) -> None:
    data = "nip,nama\n1,Siti Ñur\n".encode() + b"2,Dewi \xd1oman\n"
    path = write_bytes(tmp_path, "a.csv", data)
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    offset = data.index(b"\xd1oman")
    assert str(caught.value) == (
        f"berkas {path} bukan teks UTF-8: byte 0xD1 di baris 3 (offset byte {offset}); "
        'simpan ulang dari Excel sebagai "CSV UTF-8", atau bila berkas memang berpengodean '
        "Windows sebutkan --encoding cp1252"
    )
    set_language("en")
    assert "not UTF-8 text: byte 0xD1 on line 3" in str(caught.value)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_csv_encodings_announced_by_a_bom(tmp_path: Path, encoding: str) -> None:
    text = "nip,nama\n1,Dewi Ñoman\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    elif encoding == "utf-32-be":
        data = codecs.BOM_UTF32_BE + data
    path = write_bytes(tmp_path, "a.csv", data)
    assert read_table(path) == [(2, {"nip": "1", "nama": "Dewi Ñoman"})]


def test_utf16_without_bom_is_refused_not_misread(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", "nip,nama\n1,Siti\n".encode("utf-16-le"))
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert caught.value.key == "tabular.nul"
    assert "UTF-16 tanpa BOM" in str(caught.value)
    assert read_table(path, encoding="utf-16-le") == [(2, {"nip": "1", "nama": "Siti"})]


def test_broken_utf16_names_the_line(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "nip\n1\n".encode("utf-16-le") + b"\x00\xdc"
    path = write_bytes(tmp_path, "a.csv", data)
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert str(caught.value).startswith(
        f"berkas {path} tidak dapat dibaca sebagai utf-16-le: byte 0x00 di baris 3"
    )


def test_unknown_encoding_and_encoding_for_a_workbook(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", b"nip\n1\n")
    with pytest.raises(ValidationError) as caught:
        read_table(path, encoding="klingon")
    assert str(caught.value).startswith("pengodean klingon tidak dikenal")
    workbook = tmp_path / "a.xlsx"
    write_table([{"nip": "1"}], ["nip"], "xlsx", workbook)
    with pytest.raises(ValidationError) as caught:
        read_table(workbook, encoding="cp1252")
    assert caught.value.key == "tabular.encoding_csv_only"


def test_csv_line_numbers_skip_blanks_and_count_multiline_cells(tmp_path: Path) -> None:
    data = b'nip,catatan\n1,"baris\nkedua"\n\n,\n2,x\n3\n'
    path = write_bytes(tmp_path, "a.csv", data)
    assert read_table(path) == [
        (2, {"nip": "1", "catatan": "baris\nkedua"}),
        (6, {"nip": "2", "catatan": "x"}),
        (7, {"nip": "3", "catatan": ""}),
    ]


def test_csv_restores_neutralised_cells(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", b"a,b,c\n'=1+1,'-x,'abc\n")
    assert read_table(path) == [(2, {"a": "=1+1", "b": "-x", "c": "'abc"})]


def test_csv_ignores_empty_unnamed_columns(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", b"nip,,nama,\n1,,A,\n")
    assert read_table(path) == [(2, {"nip": "1", "nama": "A"})]


def test_csv_refuses_data_under_no_column_name(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", b"nip,,nama\n1,,A\n2,junk,B\n")
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert str(caught.value) == (
        "baris 3: kolom ke-2 berisi data tetapi tidak punya judul; beri judul atau kosongkan"
    )


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("a.csv", b"", "tabular.empty"),
        ("a.csv", b"\n\n", "tabular.empty"),
        ("a.csv", b"nip,NIP\n1,2\n", "tabular.duplicate_column"),
        ("a.csv", b"nip,nama\n1,Siti,S.Sos.\n", "tabular.extra_cells"),
        ("a.txt", b"nip\n1\n", "tabular.unsupported_format"),
        ("a.xlsx", b"not a zip", "tabular.not_xlsx"),
        ("a.csv", b'nip,nama\n1,"Siti\n', "tabular.bad_csv"),
    ],
)
def test_read_rejects_bad_files(tmp_path: Path, name: str, data: bytes, key: str) -> None:
    path = write_bytes(tmp_path, name, data)
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert caught.value.key == key
    assert caught.value.field == "file"


def test_read_extra_cells_names_the_line(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", b"nip,nama\n1,A\n2,Siti,S.Sos.\n")
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert str(caught.value).startswith("baris 3 berisi lebih banyak sel")


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        read_table(tmp_path / "hilang.csv")
    assert str(caught.value) == f"berkas {tmp_path / 'hilang.csv'} tidak ditemukan"


# reading XLSX --------------------------------------------------------------


def test_xlsx_numbers_keep_their_digits(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "a.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, [" NIP", "Nama", "Skor", "Aktif", "Besar"])
    sheet.write_number(1, 0, 199001012022212)
    sheet.write_string(1, 1, "Siti")
    sheet.write_number(1, 2, 4.5)
    sheet.write_boolean(1, 3, False)
    # 18 digits do not fit a double: Excel keeps 15, so this must not look like a NIP.
    sheet.write_number(1, 4, 198609262015051001)
    sheet.write_string(3, 1, "Budi")
    workbook.close()
    assert read_table(path) == [
        (
            2,
            {
                "nip": "199001012022212",
                "nama": "Siti",
                "skor": "4.5",
                "aktif": "false",
                "besar": "1.98609262015051e+17",
            },
        ),
        (4, {"nip": "", "nama": "Budi", "skor": "", "aktif": "", "besar": ""}),
    ]


ROWS: list[dict[str, Any]] = [
    {"nip": "198609262015051001", "nama": "=HYPERLINK()", "nilai": 85.25, "lengkap": True},
    {"nip": "199001012022212001", "nama": "Ani, S.E.", "nilai": 3, "lengkap": False},
    {"nip": "199001012022212002", "nama": "-", "nilai": None, "lengkap": None},
]
FIELDS = ["nip", "nama", "nilai", "lengkap"]


def test_xlsx_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "ekspor.xlsx"
    write_table(ROWS, FIELDS, "xlsx", out)
    assert read_table(out) == [
        (
            2,
            {
                "nip": "198609262015051001",
                "nama": "=HYPERLINK()",
                "nilai": "85.25",
                "lengkap": "ya",
            },
        ),
        (3, {"nip": "199001012022212001", "nama": "Ani, S.E.", "nilai": "3", "lengkap": "tidak"}),
        (4, {"nip": "199001012022212002", "nama": "-", "nilai": "", "lengkap": ""}),
    ]


def test_xlsx_text_is_stored_as_neutralised_text(tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "ekspor.xlsx"
    write_table(ROWS, FIELDS, "xlsx", out)
    workbook = openpyxl.load_workbook(out)
    sheet = workbook.active
    assert sheet["B2"].value == "'=HYPERLINK()"
    assert sheet["B2"].data_type == "s"
    assert sheet["C2"].value == 85.25
    assert sheet["C2"].number_format == "0.00"
    assert sheet["D2"].value == "ya"
    assert sheet["D3"].value == "tidak"


def workbook_with(tmp_path: Path, fill: Any, name: str = "a.xlsx") -> Path:
    import xlsxwriter

    path = tmp_path / name
    workbook = xlsxwriter.Workbook(str(path))
    fill(workbook, workbook.add_worksheet())
    workbook.close()
    return path


@pytest.mark.parametrize("cached", [None, 2])
def test_xlsx_formula_is_refused_naming_the_cell(tmp_path: Path, cached: int | None) -> None:
    def fill(workbook: Any, sheet: Any) -> None:
        sheet.write_row(0, 0, ["nip", "nama"])
        sheet.write_row(1, 0, ["1", "Siti"])
        if cached is None:
            sheet.write_formula("B3", "=LEN(A2)")
        else:
            sheet.write_formula("B3", "=LEN(A2)", None, cached)

    path = workbook_with(tmp_path, fill)
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert str(caught.value) == (
        f"sel B3 berkas {path} berisi rumus; impor hanya menerima nilai: "
        "salin kolomnya lalu Tempel Spesial > Nilai"
    )


def test_xlsx_reads_dates_escaped_characters_and_shared_text(tmp_path: Path) -> None:
    import datetime

    def fill(workbook: Any, sheet: Any) -> None:
        sheet.write_row(0, 0, ["nama", "tanggal", "jam", "teks"])
        sheet.write_string(1, 0, "Dewi\x1b]0;x\x07")
        sheet.write_datetime(
            1, 1, datetime.datetime(2026, 11, 27), workbook.add_format({"num_format": "dd/mm/yyyy"})
        )
        sheet.write_datetime(
            1,
            2,
            datetime.datetime(2026, 11, 27, 8, 30),
            workbook.add_format({"num_format": "hh:mm"}),
        )
        sheet.write_string(1, 3, "_x001B_ tertulis")
        sheet.write_rich_string(2, 0, "Siti ", workbook.add_format({"bold": True}), "Aminah")

    path = workbook_with(tmp_path, fill)
    assert read_table(path) == [
        (
            2,
            {
                "nama": "Dewi\x1b]0;x\x07",
                "tanggal": "2026-11-27",
                "jam": "2026-11-27 08:30:00",
                "teks": "_x001B_ tertulis",
            },
        ),
        (3, {"nama": "Siti Aminah", "tanggal": "", "jam": "", "teks": ""}),
    ]


def test_xlsx_error_cell_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    write_table([{"nip": "1"}], ["nip"], "xlsx", path)
    # A cell holding Excel's #N/A, as Excel writes it without its formula.
    edited = _rewrite_sheet(path, b'<c r="A2" t="e"><v>#N/A</v></c>')
    with pytest.raises(ValidationError) as caught:
        read_table(edited)
    assert str(caught.value) == f"sel A2 berkas {edited} berisi galat Excel #N/A"


def _rewrite_sheet(path: Path, cell: bytes) -> Path:
    import re
    import zipfile

    out = path.with_name("edited.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<c r="A2"[^>]*>.*?</c>', cell, data)
            target.writestr(item, data)
    return out


def test_xlsx_rows_are_limited_while_streaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.xlsx"
    write_table([{"nip": str(n)} for n in range(50)], ["nip"], "xlsx", path)
    monkeypatch.setattr(tabular, "MAX_ROWS", 20)
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert str(caught.value) == (
        f"berkas {path} berisi lebih dari 20 baris data; bagi menjadi beberapa berkas"
    )


def test_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_bytes(tmp_path, "a.csv", b"nip\n" + b"1\n" * 2000)
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 1024)
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert caught.value.key == "tabular.too_large"
    assert str(caught.value).startswith(f"berkas {path} terlalu besar")


def test_a_workbook_part_that_unpacks_too_big_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.xlsx"
    write_table([{"nip": n} for n in range(1000)], ["nip"], "xlsx", path)
    monkeypatch.setattr(tabular, "_MAX_SHEET_XML", 10_000)
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert caught.value.key == "tabular.too_large"


@pytest.mark.parametrize("length", [tabular.MAX_CELL + 1, 200_000])
def test_cell_length_limit_in_csv(tmp_path: Path, length: int) -> None:
    path = write_bytes(tmp_path, "a.csv", b"nip,catatan\n1,ok\n2," + b"x" * length + b"\n")
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    if length <= 131_072:
        assert str(caught.value) == (
            f"baris 3 kolom ke-2: isian {length} karakter, paling banyak {tabular.MAX_CELL}"
        )
    else:
        # Python's own CSV limit stops it first; the message is still the clerk's language.
        assert str(caught.value) == (
            f"baris 3: sebuah isian lebih dari {tabular.MAX_CELL} karakter; "
            "periksa isian itu dan tanda kutipnya"
        )


def test_too_many_columns(tmp_path: Path) -> None:
    header = ",".join(f"k{n}" for n in range(tabular.MAX_COLUMNS + 1))
    path = write_bytes(tmp_path, "a.csv", (header + "\n").encode())
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert caught.value.key == "tabular.too_many_columns"


# header --------------------------------------------------------------------


def test_header_problems_name_unknown_columns_and_suggest(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", b"nip,nama,atasan,Unit Kerja\n1,A,2,X\n")
    sheet = read_sheet(path)
    assert sheet.columns == ("nip", "nama", "atasan", "unit kerja")
    assert header_problems(sheet, ["nip", "nama", "atasan_nip", "unit"], ["nip", "jabatan"]) == [
        "kolom tidak dikenal di baris judul: atasan (maksudnya atasan_nip?), unit kerja "
        "(maksudnya unit?) (kolom yang dikenal: nip, nama, atasan_nip, unit)",
        "kolom wajib tidak ada di baris judul: jabatan",
    ]
    assert header_problems(sheet, ["nip", "nama", "atasan", "unit kerja"]) == []


# writing -------------------------------------------------------------------


def test_csv_write(tmp_path: Path) -> None:
    out = tmp_path / "ekspor.csv"
    write_table(ROWS, FIELDS, "csv", out)
    assert out.read_bytes().decode() == (
        "nip,nama,nilai,lengkap\n"
        "198609262015051001,'=HYPERLINK(),85.25,ya\n"
        '199001012022212001,"Ani, S.E.",3,tidak\n'
        "199001012022212002,'-,,\n"
    )
    assert read_table(out)[0][1]["nama"] == "=HYPERLINK()"


def test_csv_excel_write(tmp_path: Path) -> None:
    out = tmp_path / "ekspor.csv"
    rows = [*ROWS, {"nip": "1", "nama": "Budi;=1+1;", "nilai": Decimal("90"), "lengkap": True}]
    write_table(rows, FIELDS, "csv-excel", out)
    assert (
        out.read_bytes()
        == (
            "\ufeffnip;nama;nilai;lengkap\r\n"
            "198609262015051001;'=HYPERLINK();85,25;ya\r\n"
            "199001012022212001;Ani, S.E.;3;tidak\r\n"
            "199001012022212002;'-;;\r\n"
            "1;\"Budi;'=1+1;'\";90,00;ya\r\n"
        ).encode()
    )
    assert [row["nama"] for _, row in read_table(out)] == [
        "=HYPERLINK()",
        "Ani, S.E.",
        "-",
        "Budi;=1+1;",
    ]


def test_numbers_have_one_precision(tmp_path: Path) -> None:
    rows = [{"n": value} for value in (90.0, 81.5, 87.875, Decimal("87.88"), 3)]
    csv_text = tabular.render_table(rows, ["n"], "csv").decode()
    assert csv_text.splitlines() == ["n", "90.00", "81.50", "87.88", "87.88", "3"]
    excel = tabular.render_table(rows, ["n"], "csv-excel").decode("utf-8-sig")
    assert excel.splitlines() == ["n", "90,00", "81,50", "87,88", "87,88", "3"]
    assert orjson.loads(tabular.render_table(rows, ["n"], "json")) == [
        {"n": 90.0},
        {"n": 81.5},
        {"n": 87.875},
        {"n": 87.88},
        {"n": 3},
    ]


def test_text_exports_show_control_characters_as_replacement(tmp_path: Path) -> None:
    rows = [{"a": "Dewi\x1b]0;judul\x07\u202e"}]
    for fmt in ("csv", "csv-excel", "json"):
        content = tabular.render_table(rows, ["a"], fmt).decode("utf-8-sig")
        assert "\x1b" not in content and "\u202e" not in content and "\x07" not in content
        assert "Dewi\ufffd]0;judul\ufffd\ufffd" in content


def test_json_write_keeps_types(tmp_path: Path) -> None:
    out = tmp_path / "ekspor.json"
    write_table([*ROWS, {"nip": "x"}], FIELDS, "json", out)
    assert orjson.loads(out.read_bytes()) == [
        {"nip": "198609262015051001", "nama": "=HYPERLINK()", "nilai": 85.25, "lengkap": True},
        {"nip": "199001012022212001", "nama": "Ani, S.E.", "nilai": 3, "lengkap": False},
        {"nip": "199001012022212002", "nama": "-", "nilai": None, "lengkap": None},
        {"nip": "x", "nama": None, "nilai": None, "lengkap": None},
    ]
    assert out.read_text().startswith('[\n  {\n    "nip": "198609262015051001",')


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        write_table(ROWS, FIELDS, "pdf", tmp_path / "x.pdf")
    assert str(caught.value) == "format pdf tidak dikenal (pilihan: csv, csv-excel, json, xlsx)"


class Unserialisable:
    pass


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_failed_write_leaves_the_old_file(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / f"ekspor.{fmt}"
    out.write_text("versi lama", encoding="utf-8")
    if fmt == "json":
        rows: list[dict[str, Any]] = [{"nip": Unserialisable()}]
    else:
        rows = [{"nip": "1"}]

        def broken(*args: object) -> str:
            raise RuntimeError("disk penuh")

        monkeypatch.setattr(tabular, "_csv_cell", broken)
    with pytest.raises((TypeError, RuntimeError)):
        write_table(rows, ["nip"], fmt, out)
    assert out.read_text(encoding="utf-8") == "versi lama"
    assert sorted(path.name for path in tmp_path.iterdir()) == [out.name]


def test_failed_rename_is_reported_and_cleaned_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "ekspor.csv"
    out.write_text("versi lama", encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("models.outfile.os.replace", refuse)
    with pytest.raises(KinerjaError) as caught:
        write_table(ROWS, FIELDS, "csv", out, force=True)
    assert str(caught.value) == f"tidak dapat menulis {out}: Permission denied"
    assert out.read_text(encoding="utf-8") == "versi lama"
    assert [path.name for path in tmp_path.iterdir()] == [out.name]


def test_write_into_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(KinerjaError) as caught:
        write_table(ROWS, FIELDS, "csv", tmp_path / "tidak-ada" / "x.csv")
    assert caught.value.key == "outfile.write_failed"


def test_write_replaces_an_existing_file_only_when_forced(tmp_path: Path) -> None:
    out = tmp_path / "ekspor.csv"
    out.write_text("versi lama", encoding="utf-8")
    with pytest.raises(ExistsError):
        write_table([{"a": "baru"}], ["a"], "csv", out)
    assert out.read_text(encoding="utf-8") == "versi lama"
    assert write_table([{"a": "baru"}], ["a"], "csv", out, force=True) == out
    assert out.read_bytes() == b"a\nbaru\n"


# neutralise ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+62 31 123", "'+62 31 123"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=already", "''=already"),
        ("'plain", "'plain"),
        ("Siti = Ani", "Siti = Ani"),
        ("Budi;=1+1;", "Budi;'=1+1;'"),
        ("a,", "a,'"),
        ("a,-b;+c", "a,'-b;'+c"),
        ('x"@y', "x\"'@y"),
        ("baris\n=SUM(A1)", "baris\n'=SUM(A1)"),
        ("a;'=b", "a;''=b"),
        ("", ""),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
        (True, True),
    ],
)
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


RISKY = st.text(st.sampled_from(list("=+-@\t\r\n,;\"' aZ9")), max_size=24)


@given(st.one_of(st.text(), RISKY))
def test_unneutralise_inverts_neutralise(text: str) -> None:
    assert unneutralise(neutralise(text)) == text
    assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.lists(st.lists(RISKY, min_size=3, max_size=3), min_size=1, max_size=5))
@settings(max_examples=300)
def test_no_cell_starts_a_formula_whichever_separator_a_spreadsheet_uses(
    rows: list[list[str]],
) -> None:
    """Excel in the Indonesian locale splits at ``;``, elsewhere at ``,``: both are safe."""
    import csv
    import io

    data = [dict(zip("abc", row, strict=True)) for row in rows]
    for fmt in ("csv", "csv-excel"):
        text = tabular.render_table(data, ["a", "b", "c"], fmt).decode("utf-8-sig")
        for separator in (",", ";"):
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
                for cell in record:
                    assert not cell.startswith(tuple("=+-@\t\r")), (fmt, separator, cell)


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "a": st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
                "b": st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
            }
        ),
        max_size=8,
    )
)
def test_csv_text_round_trip(rows: list[dict[str, str]]) -> None:
    import tempfile

    # Exports show control characters as U+FFFD; rows left blank are skipped on reading.
    shown = [{key: printable(value) for key, value in row.items()} for row in rows]
    for fmt in ("csv", "csv-excel"):
        with tempfile.TemporaryDirectory() as directory:
            out = Path(directory) / "x.csv"
            write_table(rows, ["a", "b"], fmt, out)
            read = [row for _, row in read_table(out)]
        assert read == [row for row in shown if (row["a"] + row["b"]).strip()]


def test_heavy_libraries_load_only_when_used() -> None:
    code = (
        "import sys, models.tabular, models.employee_io;"
        "print(sorted(m for m in ('openpyxl', 'xlsxwriter', 'textual') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
