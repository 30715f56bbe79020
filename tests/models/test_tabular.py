from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import tabular
from models.errors import KinerjaError, ValidationError
from models.tabular import neutralise, read_table, unneutralise, write_table


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


def test_csv_ansi_from_excel(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", "nama\nJosé\n".encode("cp1252"))
    assert read_table(path) == [(2, {"nama": "José"})]


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


def test_csv_ignores_unnamed_columns(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", b"nip,,nama\n1,junk,A\n")
    assert read_table(path) == [(2, {"nip": "1", "nama": "A"})]


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("a.csv", b"", "tabular.empty"),
        ("a.csv", b"\n\n", "tabular.empty"),
        ("a.csv", b"nip,NIP\n1,2\n", "tabular.duplicate_column"),
        ("a.csv", b"nip,nama\n1,Siti,S.Sos.\n", "tabular.extra_cells"),
        ("a.txt", b"nip\n1\n", "tabular.unsupported_format"),
        ("a.xlsx", b"not a zip", "tabular.unreadable"),
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
                "lengkap": "true",
            },
        ),
        (3, {"nip": "199001012022212001", "nama": "Ani, S.E.", "nilai": "3", "lengkap": "false"}),
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
    assert sheet["D2"].value is True


# writing -------------------------------------------------------------------


def test_csv_write(tmp_path: Path) -> None:
    out = tmp_path / "ekspor.csv"
    write_table(ROWS, FIELDS, "csv", out)
    assert out.read_bytes().decode() == (
        "nip,nama,nilai,lengkap\r\n"
        "198609262015051001,'=HYPERLINK(),85.25,ya\r\n"
        '199001012022212001,"Ani, S.E.",3,tidak\r\n'
        "199001012022212002,'-,,\r\n"
    )
    assert read_table(out)[0][1]["nama"] == "=HYPERLINK()"


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
    assert str(caught.value) == "format pdf tidak dikenal (pilihan: csv, json, xlsx)"


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

    monkeypatch.setattr("models.tabular.os.replace", refuse)
    with pytest.raises(KinerjaError) as caught:
        write_table(ROWS, FIELDS, "csv", out)
    assert str(caught.value) == f"tidak dapat menulis {out}: Permission denied"
    assert out.read_text(encoding="utf-8") == "versi lama"
    assert [path.name for path in tmp_path.iterdir()] == [out.name]


def test_write_into_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(KinerjaError) as caught:
        write_table(ROWS, FIELDS, "csv", tmp_path / "tidak-ada" / "x.csv")
    assert caught.value.key == "tabular.write_failed"


def test_write_replaces_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "ekspor.csv"
    out.write_text("versi lama", encoding="utf-8")
    write_table([{"a": "baru"}], ["a"], "csv", out)
    assert out.read_bytes() == b"a\r\nbaru\r\n"


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
        ("", ""),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
        (True, True),
    ],
)
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


@given(st.text())
def test_unneutralise_inverts_neutralise(text: str) -> None:
    assert unneutralise(neutralise(text)) == text
    assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))


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

    # Rows whose cells are all blank in the file are skipped by the reader.
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "x.csv"
        write_table(rows, ["a", "b"], "csv", out)
        read = [row for _, row in read_table(out)]
    expected = [row for row in rows if (neutralise(row["a"]) + neutralise(row["b"])).strip()]
    assert read == expected


def test_heavy_libraries_load_only_when_used() -> None:
    code = (
        "import sys, models.tabular, models.employee_io;"
        "print(sorted(m for m in ('openpyxl', 'xlsxwriter', 'textual') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
