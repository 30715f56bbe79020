"""The official evaluation from the command line: ``period org``, ``import evaluasi``,
``export evaluasi|distribusi`` and ``report evaluasi|penetapan|kartu``, through ``main``."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from models import documents, transfer
from models.evaluations import EXPORT_FIELDS
from models.office import Office
from tui import cli
from tui.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main

KODE = "2026-S2"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def export_csv(office_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    code, out, err = run(capsys, "--db", str(office_path), "export", "evaluasi", "--period", KODE)
    assert (code, err) == (EXIT_OK, "")
    return list(csv.DictReader(io.StringIO(out)))


def fill(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Every employee rated: hasil sesuai, perilaku as the 360 suggests."""
    return [
        row | {"hasil_kerja": "sesuai", "perilaku_kerja": row["perilaku_saran"] or "sesuai"}
        for row in rows
    ]


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    fields = columns or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_command_line_knows_every_export_and_document() -> None:
    assert cli.EXPORTS == transfer.EXPORTS
    assert cli.DOCUMENTS == documents.DOCUMENTS


# --------------------------------------------------------------------------- period org


def test_period_org_sets_the_organisations_predikat(
    office_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(office_path)]
    code, out, err = run(capsys, *db, "period", "org", KODE, "--predikat", "butuh-perbaikan")
    assert (code, out, err) == (
        EXIT_OK,
        f"Predikat organisasi periode {KODE}: Butuh Perbaikan.\n",
        "",
    )
    assert Office.open(office_path).period(KODE)["organisasi"] == "butuh_perbaikan"

    code, out, err = run(capsys, *db, "period", "org", KODE, "--predikat", "luar biasa")
    assert code == EXIT_ERROR and out == ""
    assert err == (
        "kinerja: predikat organisasi luar biasa tidak dikenal "
        "(pilihan: istimewa, baik, butuh-perbaikan, kurang, sangat-kurang)\n"
    )
    code, out, _ = run(capsys, *db, "--lang", "en", "period", "org", KODE, "--predikat", "Istimewa")
    assert (code, out) == (EXIT_OK, f"Organisation's predikat for period {KODE}: Outstanding.\n")


def test_period_org_is_refused_for_a_closed_period(
    office_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Office.open(office_path).set_period_status(KODE, "ditutup", close_incomplete=True)
    code, _, err = run(
        capsys, "--db", str(office_path), "period", "org", KODE, "--predikat", "baik"
    )
    assert code == EXIT_ERROR and err.count("\n") == 1 and KODE in err
    assert Office.open(office_path).period(KODE).get("organisasi") is None


# --------------------------------------------------------------------------- export


def test_export_evaluasi_lists_every_active_employee(
    office_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = export_csv(office_path, capsys)
    office = Office.open(office_path)
    lines = office.evaluation_lines(KODE)
    assert list(rows[0]) == list(EXPORT_FIELDS)
    assert [row["nip"] for row in rows] == [line.nip for line in lines]
    assert all(row["hasil_kerja"] == row["predikat_kinerja"] == "" for row in rows)
    assert {row["perilaku_saran"] for row in rows} <= {"di-atas", "sesuai", "di-bawah", ""}
    someone = next(ln for ln in lines if ln.penilai is not None)
    row = next(r for r in rows if r["nip"] == someone.nip)
    assert someone.penilai is not None
    assert row["penilai_nama"] == someone.penilai.nama
    assert row["penilai_nip"] == someone.penilai.nip.replace(" ", "")


def test_export_evaluasi_as_json_has_nulls_and_predikat_codes(
    office_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = Office.open(office_path)
    line = office.evaluation_lines(KODE)[0]
    office.save_evaluation(
        KODE, line.nip, seen=None, hasil="di_atas", perilaku="di_atas", alasan="Teladan"
    )
    code, out, _ = run(
        capsys, "--db", str(office_path), "export", "evaluasi", "--period", KODE, "--format", "json"
    )
    assert code == EXIT_OK
    data = json.loads(out)
    assert data[0]["hasil_kerja"] == "di-atas" and data[0]["predikat_kinerja"] == "sangat_baik"
    assert data[1]["hasil_kerja"] is None and data[1]["predikat_kinerja"] is None


def test_export_distribusi_is_the_documented_json(
    office_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = Office.open(office_path)
    lines = office.evaluation_lines(KODE)
    for line in lines[:10]:
        office.save_evaluation(
            KODE, line.nip, seen=None, hasil="di_atas", perilaku="di_atas", alasan="bukti kinerja"
        )
    office.set_organisation(KODE, "istimewa")
    db = ["--db", str(office_path)]
    code, out, err = run(capsys, *db, "export", "distribusi", "--period", KODE)
    assert (code, err) == (EXIT_OK, "")
    assert json.loads(out) == {
        "organisasi": "istimewa",
        "jumlah": 10,
        "belum": len(lines) - 10,
        "counts": {
            "sangat_baik": 10,
            "baik": 0,
            "butuh_perbaikan": 0,
            "kurang": 0,
            "sangat_kurang": 0,
        },
        "pelanggaran": ["Sangat Baik 10 dari 10 (100,0%) melebihi batas 70%"],
        "sesuai": False,
    }
    code, out, err = run(capsys, *db, "export", "distribusi", "--period", KODE, "--format", "csv")
    assert code == EXIT_ERROR and out == ""
    assert err == "kinerja: distribusi hanya ditulis sebagai json (--format json), bukan csv\n"


# --------------------------------------------------------------------------- import


@pytest.mark.parametrize("fmt", ["csv", "csv-excel", "xlsx"])
def test_export_then_import_changes_nothing(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    db = ["--db", str(office_path)]
    filled = write_csv(tmp_path / "isi.csv", fill(export_csv(office_path, capsys)))
    code, out, _ = run(capsys, *db, "import", "evaluasi", str(filled))
    count = len(Office.open(office_path).evaluation_lines(KODE))
    assert (code, out) == (EXIT_OK, f"ditambah {count}, diubah 0, tidak berubah 0\n")

    target = tmp_path / f"evaluasi.{'xlsx' if fmt == 'xlsx' else 'csv'}"
    code, _, _ = run(
        capsys, *db, "export", "evaluasi", "--period", KODE, "--format", fmt, "--out", str(target)
    )
    assert code == EXIT_OK
    before = Office.open(office_path)
    generation, audit = before.generation, len(before.store.audit())
    code, out, _ = run(capsys, *db, "import", "evaluasi", str(target))
    assert (code, out) == (EXIT_OK, f"ditambah 0, diubah 0, tidak berubah {count}\n")
    after = Office.open(office_path)
    assert (after.generation, len(after.store.audit())) == (generation, audit)


def test_a_bad_row_saves_nothing_and_says_which(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = fill(export_csv(office_path, capsys))
    target = next(i for i, r in enumerate(rows) if r["perilaku_saran"] == "sesuai")
    rows[target]["perilaku_kerja"] = "di-atas"
    rows[0]["hasil_kerja"] = "luar biasa"
    source = write_csv(tmp_path / "isi.csv", rows)
    code, out, _ = run(capsys, "--db", str(office_path), "import", "evaluasi", str(source))
    lines = out.splitlines()
    assert code == EXIT_FINDINGS
    assert lines[0].startswith("baris 2 (NIP ") and "luar biasa" in lines[0]
    assert lines[1].startswith(f"baris {target + 2} (NIP ") and "tuliskan alasannya" in lines[1]
    assert lines[-1] == "tidak ada yang disimpan: 2 baris bermasalah"
    assert all(ln.record is None for ln in Office.open(office_path).evaluation_lines(KODE))

    # The same file with a reason for that row goes in whole.
    rows[0]["hasil_kerja"] = "di atas"
    rows[target]["alasan"] = "Memimpin tim tanggap bencana"
    source = write_csv(tmp_path / "isi.csv", rows, [*rows[0], "alasan"])
    code, out, _ = run(capsys, "--db", str(office_path), "import", "evaluasi", str(source))
    assert code == EXIT_OK and out.startswith(f"ditambah {len(rows)}, ")
    stored = Office.open(office_path).evaluation_lines(KODE)
    assert stored[target].alasan == "Memimpin tim tanggap bencana"
    assert stored[0].hasil == "di_atas"


def test_an_unknown_column_is_refused_with_a_suggestion(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "isi.csv"
    source.write_text("periode,nip,hasil,perilaku_kerja\n2026-S2,1,sesuai,sesuai\n", "utf-8")
    code, out, _ = run(capsys, "--db", str(office_path), "import", "evaluasi", str(source))
    assert code == EXIT_FINDINGS
    assert "hasil (maksudnya hasil_kerja?)" in out
    assert out.splitlines()[-1] == "tidak ada yang disimpan: 1 baris bermasalah"


def test_a_file_in_another_encoding_is_refused_unless_named(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = fill(export_csv(office_path, capsys))[:1]
    rows[0]["nama"] = "Siti Ñuñez"
    source = tmp_path / "isi.csv"
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    source.write_bytes(text.getvalue().encode("cp1252"))
    db = ["--db", str(office_path)]
    code, _, err = run(capsys, *db, "import", "evaluasi", str(source))
    assert code == EXIT_ERROR and "UTF-8" in err and err.count("\n") == 1
    code, out, _ = run(capsys, *db, "import", "evaluasi", str(source), "--encoding", "cp1252")
    assert (code, out) == (EXIT_OK, "ditambah 1, diubah 0, tidak berubah 0\n")


# --------------------------------------------------------------------------- settings


def export_settings(office_path: Path, target: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    code, out, err = run(
        capsys, "--db", str(office_path), "export", "pengaturan-evaluasi", "--out", str(target)
    )
    assert (code, out) == (EXIT_OK, "")
    assert err == f"Diekspor ke {target}.\n"
    document: dict = json.loads(target.read_text("utf-8"))
    return document


def test_the_evaluation_settings_export_and_import_back_unchanged(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = export_settings(office_path, tmp_path / "evaluasi.json", capsys)
    assert list(document) == [
        "matriks",
        "ambang_perilaku",
        "kurva",
        "min_penilai_anonim",
        "pejabat_luar",
    ]
    assert document == Office.open(office_path).evaluation_settings()
    assert document["kurva"]["baik"][1] == {
        "predikat": ["butuh_perbaikan", "kurang"],
        "banding": ">=",
        "jumlah": 1,
    }
    # Without --out the document goes to standard output, like distribusi.
    code, out, _ = run(capsys, "--db", str(office_path), "export", "pengaturan-evaluasi")
    assert code == EXIT_OK and json.loads(out) == document

    before = Office.open(office_path)
    generation, audit = before.generation, len(before.store.audit())
    code, out, err = run(
        capsys,
        "--db",
        str(office_path),
        "import",
        "pengaturan-evaluasi",
        str(tmp_path / "evaluasi.json"),
    )
    assert (code, out, err) == (
        EXIT_OK,
        "pengaturan evaluasi sama dengan berkas; tidak ada yang berubah\n",
        "",
    )
    after = Office.open(office_path)
    assert (after.generation, len(after.store.audit())) == (generation, audit)


def test_an_edited_settings_file_corrects_the_table_and_the_curve(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = Office.open(office_path)
    lines = office.evaluation_lines(KODE)
    for line in lines[:5]:
        office.save_evaluation(
            KODE, line.nip, seen=None, hasil="sesuai", perilaku="di_atas", alasan="bukti kinerja"
        )
    office.set_organisation(KODE, "baik")
    assert office.distribution(KODE).counts["baik"] == 5

    target = tmp_path / "evaluasi.json"
    document = export_settings(office_path, target, capsys)
    document["matriks"]["sesuai"]["di_atas"] = "sangat_baik"
    # A rule the TUI cannot write: another predikat counted, and a rule more.
    document["kurva"]["baik"] = [
        {"predikat": ["baik", "sangat_baik"], "banding": "<=", "persen": 80},
        {"predikat": ["sangat_baik"], "banding": "<=", "persen": 50},
    ]
    target.write_text(json.dumps(document, indent=2), "utf-8")
    audit = len(Office.open(office_path).store.audit())
    code, out, err = run(
        capsys, "--db", str(office_path), "import", "pengaturan-evaluasi", str(target)
    )
    assert (code, out, err) == (EXIT_OK, "pengaturan evaluasi diganti: matriks, kurva\n", "")

    after = Office.open(office_path)
    config = after.evaluation_settings()
    assert config["matriks"]["sesuai"]["di_atas"] == "sangat_baik"
    assert config["kurva"]["baik"] == document["kurva"]["baik"]
    rated = [ln for ln in after.evaluation_lines(KODE) if ln.hasil is not None]
    assert [ln.predikat for ln in rated] == ["sangat_baik"] * 5
    assert [str(b) for b in after.distribution(KODE).breaches] == [
        "Baik + Sangat Baik 5 dari 5 (100,0%) melebihi batas 80%",
        "Sangat Baik 5 dari 5 (100,0%) melebihi batas 50%",
    ]
    entries = after.store.audit()
    assert len(entries) == audit + 1
    assert entries[-1]["tabel"] == "settings"
    assert entries[-1]["baru"]["evaluasi"]["kurva"]["baik"][0]["persen"] == 80


DEFAULT_DOCUMENT = '{"min_penilai_anonim": 3}'


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        (
            "rusak.json",
            '{"kurva": {"baik": [}',
            EXIT_ERROR,
            "bukan JSON yang sah: periksa baris 1 kolom 21",
        ),
        (
            "ganda.json",
            '{"min_penilai_anonim": 4,\n "min_penilai_anonim": 5}',
            EXIT_ERROR,
            'kunci "min_penilai_anonim" tertulis dua kali',
        ),
        ("nan.json", '{"min_penilai_anonim": NaN}', EXIT_ERROR, "berisi NaN"),
        ("teks.csv", DEFAULT_DOCUMENT, EXIT_ERROR, "gunakan berkas .json"),
        ("daftar.json", "[1, 2]", EXIT_FINDINGS, "tidak ada yang disimpan: berkas harus berisi"),
        (
            "salah-eja.json",
            '{"kurve": {}}',
            EXIT_FINDINGS,
            'tidak ada yang disimpan: isian "kurve" tidak dikenal',
        ),
        (
            "batas.json",
            '{"kurva": {"istimewa": [{"predikat": ["sangat_baik"], "banding": "<=", '
            '"persen": 170}], "baik": [], "butuh_perbaikan": [], "kurang": [], '
            '"sangat_kurang": []}, "min_penilai_anonim": 5}',
            EXIT_FINDINGS,
            "tidak ada yang disimpan: kurva Istimewa, aturan ke-1: persen harus bilangan bulat "
            "0 sampai 100, bukan 170",
        ),
        (
            "sel.json",
            '{"matriks": {"di_atas": {"di_atas": "istimewa", "sesuai": "baik", '
            '"di_bawah": "kurang"}, "sesuai": {"di_atas": "baik", "sesuai": "baik", '
            '"di_bawah": "kurang"}, "di_bawah": {"di_atas": "baik", "sesuai": "baik", '
            '"di_bawah": "baik"}}}',
            EXIT_FINDINGS,
            'hasil di_atas × perilaku di_atas: predikat "istimewa" tidak dikenal',
        ),
    ],
)
def test_a_refused_settings_file_changes_nothing_and_says_why(
    office_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    code: int,
    message: str,
) -> None:
    source = tmp_path / name
    source.write_text(content, "utf-8")
    before = Office.open(office_path)
    generation, settings = before.generation, before.evaluation_settings()
    got, out, err = run(
        capsys, "--db", str(office_path), "import", "pengaturan-evaluasi", str(source)
    )
    assert got == code
    said = err if code == EXIT_ERROR else out
    assert message in said and said.count("\n") == 1
    assert "Traceback" not in out + err
    after = Office.open(office_path)
    assert (after.generation, after.evaluation_settings()) == (generation, settings)


def test_a_settings_file_in_another_encoding_is_read_only_when_named(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "pejabat.json"
    document = {"pejabat_luar": {"penilai": {"nama": "Drs. José Núñez"}, "atasan": {}}}
    source.write_bytes(json.dumps(document, ensure_ascii=False).encode("cp1252"))
    db = ["--db", str(office_path)]
    code, out, err = run(capsys, *db, "import", "pengaturan-evaluasi", str(source))
    assert code == EXIT_ERROR and out == "" and "UTF-8" in err and err.count("\n") == 1
    code, out, err = run(
        capsys, *db, "import", "pengaturan-evaluasi", str(source), "--encoding", "cp1252"
    )
    assert (code, out) == (EXIT_OK, "pengaturan evaluasi diganti: pejabat_luar\n")
    official = Office.open(office_path).evaluation_settings()["pejabat_luar"]["penilai"]
    assert official["nama"] == "Drs. José Núñez"


def test_the_settings_are_written_as_json_only_and_refused_in_english(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(office_path)]
    code, out, err = run(capsys, *db, "export", "pengaturan-evaluasi", "--format", "xlsx")
    assert (code, out) == (EXIT_ERROR, "")
    assert err == (
        "kinerja: pengaturan-evaluasi hanya ditulis sebagai json (--format json), bukan xlsx\n"
    )
    source = tmp_path / "ambang.json"
    source.write_text('{"ambang_perilaku": {"di_atas": 60, "sesuai": 70}}', "utf-8")
    code, out, _ = run(capsys, *db, "--lang", "en", "import", "pengaturan-evaluasi", str(source))
    assert (code, out) == (
        EXIT_FINDINGS,
        "nothing saved: invalid perilaku suggestion thresholds: 'above' must lie between "
        "'meeting' and 100, 'meeting' at least 20\n",
    )


# --------------------------------------------------------------------------- report


def test_report_evaluasi_for_everyone_a_unit_and_one(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(office_path)]
    lines = Office.open(office_path).evaluation_lines(KODE)
    everyone = tmp_path / "semua.pdf"
    code, out, err = run(
        capsys, *db, "report", "evaluasi", "--period", KODE, "--all", "--out", str(everyone)
    )
    assert (code, out) == (EXIT_OK, "")
    assert err == f"Dokumen ditulis ke {everyone} ({len(lines)} halaman).\n"
    text = pdf_pages(everyone)
    assert len(text) == len(lines)
    assert all(line.nama in page for line, page in zip(lines, text, strict=True))
    assert everyone.stat().st_mode & 0o777 == 0o660

    unit = lines[-1].unit
    in_unit = [ln for ln in lines if ln.unit == unit]
    part = tmp_path / "unit.pdf"
    code, _, _ = run(
        capsys,
        *db,
        "report",
        "evaluasi",
        "--period",
        KODE,
        "--unit",
        unit.lower(),
        "--out",
        str(part),
    )
    assert code == EXIT_OK and len(pdf_pages(part)) == len(in_unit)

    one = tmp_path / "satu.pdf"
    code, _, _ = run(
        capsys, *db, "report", "kartu", "--period", KODE, "--nip", in_unit[0].nip, "--out", str(one)
    )
    (page,) = pdf_pages(one)
    assert code == EXIT_OK and "LAPORAN PENILAIAN KINERJA" in page and in_unit[0].nama in page

    sheet = tmp_path / "penetapan.pdf"
    code, _, err = run(capsys, *db, "report", "penetapan", "--period", KODE, "--out", str(sheet))
    assert code == EXIT_OK and "PENETAPAN PREDIKAT KINERJA PEGAWAI" in pdf_pages(sheet)[0]


def test_report_refusals_are_one_line_and_write_nothing(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(office_path)]
    out = tmp_path / "x.pdf"
    cases = [
        (["report", "evaluasi", "--period", KODE, "--out", str(out)], "pilih --nip NIP"),
        (["report", "penetapan", "--period", KODE, "--all", "--out", str(out)], "seluruh kantor"),
        (
            ["report", "kartu", "--period", KODE, "--all", "--out", str(tmp_path / "x.html")],
            "berakhiran .pdf",
        ),
        (["report", "kartu", "--period", "2030-S1", "--all", "--out", str(out)], "2030-S1"),
        (["report", "kartu", "--period", KODE, "--unit", "Gudang", "--out", str(out)], "Gudang"),
        (["report", "evaluasi", "--period", KODE, "--nip", "12", "--out", str(out)], "18 angka"),
        (
            [
                "report",
                "kartu",
                "--period",
                KODE,
                "--all",
                "--out",
                str(office_path.with_name("kinerja.json.d") / "x.pdf"),
            ],
            "file data kantor",
        ),
    ]
    for args, words in cases:
        code, stdout, err = run(capsys, *db, *args)
        assert code == EXIT_ERROR and stdout == "", args
        assert err.startswith("kinerja: ") and err.count("\n") == 1 and words in err, err
    assert not out.exists()


def test_an_existing_pdf_is_kept_without_force(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(office_path)]
    out = tmp_path / "penetapan.pdf"
    out.write_bytes(b"punya orang lain")
    code, _, err = run(capsys, *db, "report", "penetapan", "--period", KODE, "--out", str(out))
    assert code == EXIT_ERROR and "--force" in err
    assert out.read_bytes() == b"punya orang lain"
    code, _, _ = run(
        capsys, *db, "report", "penetapan", "--period", KODE, "--out", str(out), "--force"
    )
    assert code == EXIT_OK and out.read_bytes().startswith(b"%PDF-")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_in_place_on_a_terminal_only(
    office_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = Office.open(office_path).evaluation_lines(KODE)
    unit = lines[0].unit
    count = sum(1 for ln in lines if ln.unit == unit)
    args = ["--db", str(office_path), "report", "kartu", "--period", KODE, "--unit", unit]
    code, _, err = run(capsys, *args, "--out", str(tmp_path / "a.pdf"))
    assert code == EXIT_OK and "\r" not in err and "halaman 1/" not in err

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main([*args, "--out", str(tmp_path / "b.pdf")]) == EXIT_OK
    shown = terminal.getvalue()
    steps = [f"\rhalaman {n}/{count}" for n in range(1, count + 1)]
    assert shown.startswith("".join(steps) + "\n")
    assert shown.endswith(f"({count} halaman).\n")


def test_reports_in_english(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kartu.pdf"
    english = ["--db", str(office_path), "--lang", "en", "report", "kartu", "--period", KODE]
    code, _, err = run(capsys, *english, "--out", str(out))
    assert code == EXIT_ERROR
    assert err == "kinerja: for the kartu document choose --nip NIP, --unit UNIT or --all\n"
    nip = Office.open(office_path).evaluation_lines(KODE)[0].nip
    code, _, err = run(capsys, *english, "--nip", nip, "--out", str(out))
    assert code == EXIT_OK and err == f"Document written to {out} (pages: 1).\n"
    (page,) = pdf_pages(out)
    assert "PERFORMANCE APPRAISAL REPORT" in page and "DRAFT" in page
