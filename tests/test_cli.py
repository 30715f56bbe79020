"""``kinerja import`` and ``kinerja export`` run without a terminal UI, through ``tui.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.office import Office
from models.scoring import RANKING_FIELDS
from tui.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main

NEW_ROW_HEADER = (
    "nip,nama,gelar_depan,gelar_belakang,jenis_asn,golongan,jabatan,jenis_jabatan,unit,"
    "atasan_nip,aktif"
)
NEW_ROW = (
    "199001012015031001,Budi Baru,,S.Kom.,PNS,III/b,Pranata Komputer,Fungsional,Sekretariat,,ya"
)


def export_employees(office_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["--db", str(office_path), "export", "employees"]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out.splitlines()


def test_export_employees_prints_csv(office_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = export_employees(office_path, capsys)
    assert lines[0] == (
        "nip,nama,gelar_depan,gelar_belakang,jenis_asn,golongan,jabatan,jenis_jabatan,unit,"
        "atasan_nip,aktif"
    )
    assert len(lines) == 41


def test_import_employees_good_file(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = export_employees(office_path, capsys)
    source = tmp_path / "pegawai.csv"
    source.write_text("\n".join([*lines, NEW_ROW]) + "\n", encoding="utf-8")

    code = main(["--db", str(office_path), "import", "employees", str(source)])

    captured = capsys.readouterr()
    assert code == EXIT_OK
    assert captured.out == "ditambah 1, diubah 0, tidak berubah 40\n"
    assert Office.open(office_path).employee("199001012015031001")["nama"] == "Budi Baru"


def test_import_employees_bad_row_reports_and_saves_nothing(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = export_employees(office_path, capsys)
    lines[6] = lines[6][:12] + "13" + lines[6][14:]
    source = tmp_path / "pegawai.csv"
    source.write_text("\n".join([*lines, NEW_ROW]) + "\n", encoding="utf-8")

    code = main(["--db", str(office_path), "import", "employees", str(source)])

    out = capsys.readouterr().out.splitlines()
    assert code == EXIT_FINDINGS
    assert out[0].startswith("baris 7 (NIP ")
    assert "bulan pengangkatan 13 tidak valid" in out[0]
    assert out[1] == "tidak ada yang disimpan: 1 baris bermasalah"
    assert "199001012015031001" not in Office.open(office_path).employees_by_nip()


def test_import_missing_file_is_one_line_on_stderr(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "tidak-ada.csv"
    code = main(["--db", str(office_path), "import", "employees", str(missing)])
    captured = capsys.readouterr()
    assert code == EXIT_ERROR
    assert captured.out == ""
    assert captured.err == f"kinerja: berkas {missing} tidak ditemukan\n"


def test_export_ranking_json(office_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(office_path), "export", "ranking", "--format", "json"])
    captured = capsys.readouterr()
    assert code == EXIT_OK
    rows = json.loads(captured.out)
    assert list(rows[0]) == RANKING_FIELDS
    assert rows[0]["periode"] == "2026-S2"
    assert rows[0]["peringkat"] == 1


def test_export_ranking_unknown_period(
    office_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(office_path), "export", "ranking", "--period", "2099-S1"])
    captured = capsys.readouterr()
    assert code == EXIT_ERROR
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "2099-S1" in captured.err
    assert "Traceback" not in captured.err


def test_export_xlsx_needs_out_then_writes_file(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(office_path), "export", "jp", "--format", "xlsx"]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert err.startswith("kinerja: ") and "--out" in err and err.count("\n") == 1

    out = tmp_path / "jp.xlsx"
    code = main(
        [
            "--db",
            str(office_path),
            "export",
            "jp",
            "--format",
            "xlsx",
            "--out",
            str(out),
            "--year",
            "2026",
        ]
    )
    assert code == EXIT_OK
    assert capsys.readouterr().err == f"Diekspor ke {out}.\n"
    assert out.stat().st_size > 0


def test_import_with_a_named_encoding(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = export_employees(office_path, capsys)
    source = tmp_path / "pegawai.csv"
    row = NEW_ROW.replace("Budi Baru", "Budi Ñoman")
    source.write_bytes(("\n".join([*lines, row]) + "\n").encode("cp1252"))

    assert main(["--db", str(office_path), "import", "employees", str(source)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--encoding cp1252" in err and "baris 42" in err

    code = main(
        ["--db", str(office_path), "import", "employees", str(source), "--encoding", "cp1252"]
    )
    assert code == EXIT_OK
    assert Office.open(office_path).employee("199001012015031001")["nama"] == "Budi Ñoman"


def test_export_never_overwrites_without_force(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "peringkat.csv"
    out.write_text("laporan kemarin", encoding="utf-8")
    args = ["--db", str(office_path), "export", "ranking", "--out", str(out)]
    assert main(args) == EXIT_ERROR
    captured = capsys.readouterr()
    assert captured.err == (
        f"kinerja: berkas {out} sudah ada; tidak ditimpa (pakai --force untuk menimpanya)\n"
    )
    assert out.read_text(encoding="utf-8") == "laporan kemarin"
    assert main([*args, "--force"]) == EXIT_OK
    assert out.read_text(encoding="utf-8").startswith("periode,peringkat,")
    assert oct(out.stat().st_mode & 0o777) == "0o660"


def test_export_refuses_the_office_itself(
    office_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = office_path.read_bytes()
    lock = office_path.with_name(office_path.name + ".lock")
    for target in (office_path, lock):
        code = main(
            ["--db", str(office_path), "export", "employees", "--out", str(target), "--force"]
        )
        assert code == EXIT_ERROR
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "bagian dari file data kantor" in err
    assert office_path.read_bytes() == before


def test_export_ratings_for_indonesian_excel_and_back(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "penilaian.csv"
    args = ["--db", str(office_path), "export", "ratings", "--format", "csv-excel"]
    assert main([*args, "--out", str(out)]) == EXIT_OK
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfperiode;nip_dinilai;nip_penilai;peran;disiplin;")
    assert b"\r\n" in data
    capsys.readouterr()
    assert main(["--db", str(office_path), "import", "ratings", str(out)]) == EXIT_OK
    report = capsys.readouterr().out.splitlines()
    assert report[-2].startswith("ditambah 0, diubah 0, tidak berubah ")
    assert report[-1] == "0 skor yang sudah tersimpan diganti oleh berkas ini"


def test_stored_control_characters_never_reach_the_terminal(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = Office.open(office_path)
    period = office.periods()[0]
    with office.store.transaction() as txn:
        # Text stored before the rules existed, or written by another program.
        txn.update("periods", period, {"nama": "Semester\x1b]0;diambil alih\x07"})
    assert main(["--db", str(office_path), "period", "list"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Semester\ufffd]0;diambil alih\ufffd" in out
    assert out.splitlines()[0].count("\t") == 4

    code = main(
        [
            "--db",
            str(office_path),
            "period",
            "create",
            "2030-S1",
            "--jenis",
            "semester",
            "--mulai",
            "01-01-2030",
            "--nama",
            "Baru\x1b[2J",
        ]
    )
    assert code == EXIT_ERROR
    err = capsys.readouterr().err
    assert "U+001B" in err and "\x1b" not in err

    source = tmp_path / "pegawai.csv"
    hostile = NEW_ROW.replace("199001012015031001", "\x1b]0;x\x07", 1)
    source.write_text(NEW_ROW_HEADER + "\n" + hostile + "\n", encoding="utf-8")
    assert main(["--db", str(office_path), "import", "employees", str(source)]) == EXIT_FINDINGS
    out = capsys.readouterr().out
    assert out.startswith("baris 2 (NIP \ufffd]0;x\ufffd): ")
    assert "\x1b" not in out and "\x07" not in out


def test_period_close_with_incomplete_employees_needs_yes(
    office_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(office_path), "period", "close", "2026-S2"])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert err.count("\n") == 1 and "belum lengkap" in err and "--yes" in err
    assert Office.open(office_path).period("2026-S2")["status"] == "terbuka"
    assert main(["--db", str(office_path), "period", "close", "2026-S2", "--yes"]) == EXIT_OK
    assert Office.open(office_path).period("2026-S2")["status"] == "ditutup"
