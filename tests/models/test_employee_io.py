from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.employee import clean_employee
from models.employee_io import (
    EMPLOYEE_FIELDS,
    ImportPlan,
    RowError,
    employee_export_rows,
    plan_employee_import,
)
from models.golongan import GOLONGAN_PNS, GOLONGAN_PPPK, JENIS_JABATAN
from models.tabular import read_sheet, read_table, write_table

HEADER = (
    "nip,nama,gelar_depan,gelar_belakang,jenis_asn,golongan,jabatan,jenis_jabatan,unit,"
    "atasan_nip,aktif"
)
CAMAT = "197001012000011001"
SITI = "198609262015052001"
BUDI = "199001012015011002"
ANI = "199202022020012003"


def plan_csv(
    tmp_path: Path, text: str, existing: dict[str, dict[str, Any]] | None = None
) -> ImportPlan:
    path = tmp_path / "pegawai.csv"
    path.write_text(text, encoding="utf-8")
    return plan_employee_import(read_table(path), existing or {})


def record(nip: str, nama: str, atasan: str | None = None, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "nip": nip,
        "nama": nama,
        "gelar_depan": "",
        "gelar_belakang": "",
        "jenis_asn": "PNS",
        "golongan": "III/a",
        "jabatan": "Staf",
        "jenis_jabatan": "Pelaksana",
        "unit": "Sekretariat",
        "atasan_nip": atasan,
        "aktif": True,
    }
    data.update(changes)
    return clean_employee(data)


def register(*records: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rec["nip"]: {"id": n, "rev": 1, **rec} for n, rec in enumerate(records, start=1)}


def test_valid_file_adds_everyone(tmp_path: Path) -> None:
    plan = plan_csv(
        tmp_path,
        f"{HEADER}\n"
        f"{BUDI},Budi,,,PNS,II/a,Staf,Pelaksana,Sekretariat,{SITI},\n"
        "19860926 201505 2 001,Siti Aminah,Dr.,S.Sos.,pns,iii/c,Kasi,pengawas,Pemerintahan,"
        f"{CAMAT},ya\n"
        f"{CAMAT},Camat,,,PNS,IV/a,Camat,JPT,Kecamatan,,1\n",
    )
    assert plan.ok and plan.errors == []
    assert plan.updated == [] and plan.unchanged == 0
    assert [rec["nip"] for rec in plan.added] == [BUDI, SITI, CAMAT]
    assert plan.added[1] == record(
        SITI,
        "Siti Aminah",
        CAMAT,
        gelar_depan="Dr.",
        gelar_belakang="S.Sos.",
        golongan="III/c",
        jabatan="Kasi",
        jenis_jabatan="Pengawas",
        unit="Pemerintahan",
    )
    assert plan.added[2]["atasan_nip"] is None


def test_error_report_names_lines_and_reasons(tmp_path: Path) -> None:
    plan = plan_csv(
        tmp_path,
        f"{HEADER}\n"
        f"{CAMAT},Camat,,,PNS,IV/a,Camat,JPT,Kecamatan,,\n"  # 2: fine
        "198609262015131001,Siti,,,PNS,III/a,Staf,Pelaksana,Umum,,\n"  # 3: month 13
        f"{BUDI},,,,PNS,III/z,Staf,Pelaksana,Umum,{CAMAT},\n"  # 4: two problems
        f"{ANI},Ani,,,PNS,III/a,Staf,Pelaksana,Umum,197501012000011999,\n"  # 5: unknown atasan
        "199505052020121004,Dedi,,,PNS,III/a,Staf,Pelaksana,Umum,,\n"  # 6: duplicate
        "199606062020122005,Eka,,,PNS,III/a,Staf,Pelaksana,Umum,199707072020121006,\n"  # 7
        "19950505 202012 1 004,Dedi,,,PNS,III/a,Staf,Pelaksana,Umum,,\n"  # 8: duplicate
        f"199707072020121006,Fajar,,,PNS,III/a,Staf,Pelaksana,Umum,{CAMAT},mungkin\n",  # 9
    )
    assert not plan.ok
    assert plan.errors == [
        RowError(
            3,
            "198609262015131001",
            "bulan pengangkatan 13 tidak valid (angka ke-13 dan ke-14 NIP harus 01 sampai 12)",
        ),
        RowError(4, BUDI, "nama wajib diisi"),
        RowError(4, BUDI, "golongan III/z tidak dikenal; golongan PNS ditulis I/a sampai IV/e"),
        RowError(5, ANI, "atasan dengan NIP 19750101 200001 1 999 tidak terdaftar"),
        RowError(
            6,
            "199505052020121004",
            "NIP 19950505 202012 1 004 tertulis lebih dari sekali (baris 6, 8)",
        ),
        RowError(
            8,
            "199505052020121004",
            "NIP 19950505 202012 1 004 tertulis lebih dari sekali (baris 6, 8)",
        ),
        RowError(
            9, "199707072020121006", "status aktif mungkin tidak dikenal (tulis ya atau tidak)"
        ),
    ]
    # Line 7 points at line 9, whose own error is reported there only; the good rows
    # still show what the file would add once fixed.
    assert [rec["nama"] for rec in plan.added] == ["Camat", "Eka"]


def test_forward_references_are_allowed(tmp_path: Path) -> None:
    plan = plan_csv(
        tmp_path,
        f"{HEADER}\n"
        f"{ANI},Ani,,,PNS,II/a,Staf,Pelaksana,Umum,{BUDI},\n"
        f"{BUDI},Budi,,,PNS,III/a,Staf,Pelaksana,Umum,{SITI},\n"
        f"{SITI},Siti,,,PNS,III/d,Kasi,Pengawas,Umum,{CAMAT},\n",
        register(record(CAMAT, "Camat")),
    )
    assert plan.errors == []
    assert [(rec["nama"], rec["atasan_nip"]) for rec in plan.added] == [
        ("Ani", BUDI),
        ("Budi", SITI),
        ("Siti", CAMAT),
    ]


def test_cycle_inside_the_file_is_reported_on_each_row(tmp_path: Path) -> None:
    plan = plan_csv(
        tmp_path,
        f"{HEADER}\n"
        f"{SITI},Siti,,,PNS,III/d,Kasi,Pengawas,Umum,{BUDI},\n"
        f"{BUDI},Budi,,,PNS,III/a,Staf,Pelaksana,Umum,{ANI},\n"
        f"{ANI},Ani,,,PNS,II/a,Staf,Pelaksana,Umum,{SITI},\n",
    )
    assert [(err.line, err.message) for err in plan.errors] == [
        (
            2,
            "Budi tidak dapat menjadi atasan Siti: Siti adalah atasan (tidak langsung) Budi"
            " (Siti → Ani → Budi)",
        ),
        (
            3,
            "Ani tidak dapat menjadi atasan Budi: Budi adalah atasan (tidak langsung) Ani"
            " (Budi → Siti → Ani)",
        ),
        (
            4,
            "Siti tidak dapat menjadi atasan Ani: Ani adalah atasan (tidak langsung) Siti"
            " (Ani → Budi → Siti)",
        ),
    ]


def test_cycle_with_the_existing_register_and_self(tmp_path: Path) -> None:
    existing = register(record(CAMAT, "Camat"), record(SITI, "Siti", CAMAT))
    plan = plan_csv(
        tmp_path,
        f"{HEADER}\n"
        f"{CAMAT},Camat,,,PNS,IV/a,Camat,JPT,Kecamatan,{SITI},\n"
        f"{BUDI},Budi,,,PNS,III/a,Staf,Pelaksana,Umum,{BUDI},\n",
        existing,
    )
    assert [(err.line, err.message) for err in plan.errors] == [
        (2, "Siti tidak dapat menjadi atasan Camat: Camat adalah atasan langsung Siti"),
        (3, "Budi tidak dapat menjadi atasan dirinya sendiri"),
    ]


def test_inactive_supervisors(tmp_path: Path) -> None:
    existing = register(
        record(CAMAT, "Camat"), record(SITI, "Siti", CAMAT), record(ANI, "Ani", SITI)
    )
    plan = plan_csv(
        tmp_path,
        f"{HEADER}\n"
        f"{SITI},Siti,,,PNS,III/a,Staf,Pelaksana,Sekretariat,{CAMAT},tidak\n"
        f"{BUDI},Budi,,,PNS,III/a,Staf,Pelaksana,Umum,{SITI},ya\n"
        f"199505052020121004,Dedi,,,PNS,III/a,Staf,Pelaksana,Umum,{SITI},tidak\n",
        existing,
    )
    assert [(err.line, err.message) for err in plan.errors] == [
        (
            2,
            "Siti tidak dapat dinonaktifkan: masih menjadi atasan Ani;"
            " pindahkan dulu bawahannya ke atasan lain",
        ),
        (3, "Siti sudah tidak aktif sehingga tidak dapat menjadi atasan"),
    ]
    # The inactive Dedi may keep the inactive Siti as his (historical) supervisor.
    assert [rec["nama"] for rec in plan.added] == ["Dedi"]


def test_added_updated_unchanged(tmp_path: Path) -> None:
    existing = register(
        record(CAMAT, "Camat"), record(SITI, "Siti", CAMAT), record(ANI, "Ani", SITI)
    )
    plan = plan_csv(
        tmp_path,
        f"{HEADER}\n"
        f"{CAMAT},Camat,,,PNS,III/a,Staf,Pelaksana,Sekretariat,,ya\n"
        f"{SITI},Siti,,,PNS,III/b,Staf,Pelaksana,Sekretariat,{CAMAT},ya\n"
        f"{BUDI},Budi,,,PNS,III/a,Staf,Pelaksana,Umum,{SITI},\n",
        existing,
    )
    assert plan.errors == []
    assert plan.unchanged == 1
    assert plan.added == [record(BUDI, "Budi", SITI, unit="Umum")]
    assert plan.updated == [{"id": 2, "rev": 1, **record(SITI, "Siti", CAMAT, golongan="III/b")}]


def test_left_out_optional_columns_keep_current_values(tmp_path: Path) -> None:
    existing = register(
        record(CAMAT, "Camat"),
        record(SITI, "Siti", CAMAT, gelar_depan="Dr."),
    )
    plan = plan_csv(
        tmp_path,
        "NIP;Nama;Jenis_ASN;Golongan;Jabatan;Jenis_Jabatan;Unit\n"
        f"{SITI};Siti;PNS;III/a;Staf;Pelaksana;Umum\n"
        f"{BUDI};Budi;PNS;III/a;Staf;Pelaksana;Umum\n",
        existing,
    )
    assert plan.errors == []
    assert plan.updated == [
        {"id": 2, "rev": 1, **record(SITI, "Siti", CAMAT, gelar_depan="Dr.", unit="Umum")}
    ]
    assert plan.added == [record(BUDI, "Budi", unit="Umum")]


def test_missing_required_columns_give_one_error(tmp_path: Path) -> None:
    plan = plan_csv(tmp_path, f"nip,nama,jabatan\n{SITI},Siti,Staf\n{BUDI},,\n")
    assert plan.errors == [
        RowError(
            1,
            "",
            "kolom wajib tidak ada di baris judul: jenis_asn, golongan, jenis_jabatan, unit",
        )
    ]
    assert plan.added == []


def test_header_only_file_plans_nothing(tmp_path: Path) -> None:
    assert plan_csv(tmp_path, HEADER + "\n") == ImportPlan()


@pytest.mark.parametrize(
    ("nip", "start"),
    [
        ("1.98609E+17", 'NIP hanya boleh berisi angka (ada ".")'),
        ("198609262015052000", "nomor urut 000 tidak valid"),
    ],
)
def test_excel_mangled_nip_gets_a_hint(tmp_path: Path, nip: str, start: str) -> None:
    plan = plan_csv(tmp_path, f"{HEADER}\n{nip},Siti,,,PNS,III/a,Staf,Pelaksana,Umum,,\n")
    [error] = plan.errors
    assert error.line == 2 and error.nip == nip
    assert error.message.startswith(start)
    assert error.message.endswith(
        "(NIP tampaknya diubah Excel menjadi angka; format kolom NIP sebagai Teks lalu ketik ulang)"
    )


def test_export_rows() -> None:
    rows = employee_export_rows(
        [record(SITI, "Siti", CAMAT, gelar_depan="Dr."), record(CAMAT, "Camat", aktif=False)]
    )
    assert rows == [
        {
            "nip": SITI,
            "nama": "Siti",
            "gelar_depan": "Dr.",
            "gelar_belakang": "",
            "jenis_asn": "PNS",
            "golongan": "III/a",
            "jabatan": "Staf",
            "jenis_jabatan": "Pelaksana",
            "unit": "Sekretariat",
            "atasan_nip": CAMAT,
            "aktif": "ya",
        },
        {
            "nip": CAMAT,
            "nama": "Camat",
            "gelar_depan": "",
            "gelar_belakang": "",
            "jenis_asn": "PNS",
            "golongan": "III/a",
            "jabatan": "Staf",
            "jenis_jabatan": "Pelaksana",
            "unit": "Sekretariat",
            "atasan_nip": "",
            "aktif": "tidak",
        },
    ]
    assert list(rows[0]) == EMPLOYEE_FIELDS
    assert ",".join(EMPLOYEE_FIELDS) == HEADER


# round trip ----------------------------------------------------------------

_TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=25)
_TRICKY = st.sampled_from(["=SUM(A1)", "-", "+62", "@x", "'=x", "Siti, S.Sos.", 'a "b" c', "é ü"])


@st.composite
def registers(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """Valid registers: supervisors are chosen among earlier people, so there is no loop."""
    count = draw(st.integers(min_value=0, max_value=12))
    people: dict[str, dict[str, Any]] = {}
    for index in range(count):
        jenis = draw(st.sampled_from(["PNS", "PPPK"]))
        lahir = draw(st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31)))
        if jenis == "PNS":
            year = lahir.year + draw(st.integers(min_value=19, max_value=40))
            middle = f"{year:04d}{draw(st.integers(min_value=1, max_value=12)):02d}"
        else:
            middle = f"{draw(st.integers(min_value=0, max_value=999_999)):06d}"
        gender = draw(st.sampled_from("12"))
        urutan = draw(st.integers(min_value=1, max_value=999))
        nip = f"{lahir:%Y%m%d}{middle}{gender}{urutan:03d}"
        if nip in people:
            continue
        aktif = draw(st.booleans())
        candidates = [other for other in people.values() if other["aktif"] or not aktif]
        atasan = draw(st.sampled_from([None, *(other["nip"] for other in candidates)]))
        golongan = draw(st.sampled_from(GOLONGAN_PNS if jenis == "PNS" else GOLONGAN_PPPK))
        required = _TEXT.filter(str.strip) | _TRICKY
        raw = {
            "nip": nip,
            "jenis_asn": jenis,
            "nama": draw(required),
            "gelar_depan": draw(_TEXT | _TRICKY),
            "gelar_belakang": draw(_TEXT | _TRICKY),
            "golongan": golongan,
            "jabatan": draw(required),
            "jenis_jabatan": draw(st.sampled_from(JENIS_JABATAN)),
            "unit": draw(required),
            "atasan_nip": atasan,
            "aktif": aktif,
        }
        people[nip] = {"id": index + 1, "rev": 3, **clean_employee(raw)}
    return people


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers(), st.sampled_from(["csv", "xlsx"]))
def test_export_import_round_trip(people: dict[str, dict[str, Any]], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / f"pegawai.{fmt}"
        write_table(employee_export_rows(people.values()), EMPLOYEE_FIELDS, fmt, out)
        rows = read_table(out)

    same = plan_employee_import(rows, people)
    assert same.errors == []
    assert same.added == [] and same.updated == []
    assert same.unchanged == len(people)

    fresh = plan_employee_import(rows, {})
    assert fresh.errors == [] and fresh.updated == [] and fresh.unchanged == 0
    expected = [{name: person[name] for name in EMPLOYEE_FIELDS} for person in people.values()]
    assert fresh.added == expected


def test_a_long_loop_is_reported_without_walking_it_for_every_row(tmp_path: Path) -> None:
    from tests.import_data import nip

    nips = [nip(n) for n in range(30)]
    lines = [
        f"{own},Pegawai {n},,,PNS,III/a,Staf,Pelaksana,Umum,{nips[(n + 1) % 30]},"
        for n, own in enumerate(nips)
    ]
    plan = plan_csv(tmp_path, HEADER + "\n" + "\n".join(lines) + "\n")
    assert len(plan.errors) == 30
    assert {err.message for err in plan.errors} == {
        "atasan ini membuat rantai atasan yang melingkar lewat 30 pegawai"
    }


def test_a_chain_of_thousands_is_planned_without_errors(tmp_path: Path) -> None:
    from tests.import_data import nip

    nips = [nip(n) for n in range(3000)]
    lines = [
        f"{own},Pegawai {n},,,PNS,III/a,Staf,Pelaksana,Umum,{nips[n - 1] if n else ''},"
        for n, own in enumerate(nips)
    ]
    plan = plan_csv(tmp_path, HEADER + "\n" + "\n".join(lines) + "\n")
    assert plan.ok and len(plan.added) == 3000


def test_deactivating_someone_with_staff_is_found_through_the_index(tmp_path: Path) -> None:
    existing = register(
        record(CAMAT, "Camat"), record(SITI, "Siti", CAMAT), record(ANI, "Ani", SITI)
    )
    plan = plan_csv(
        tmp_path,
        f"{HEADER}\n{SITI},Siti,,,PNS,III/a,Staf,Pelaksana,Sekretariat,{CAMAT},tidak\n",
        existing,
    )
    assert [err.message for err in plan.errors] == [
        "Siti tidak dapat dinonaktifkan: masih menjadi atasan Ani; "
        "pindahkan dulu bawahannya ke atasan lain"
    ]


def test_unknown_columns_are_named_from_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "pegawai.csv"
    path.write_text(f"{HEADER},atasan\n{CAMAT},Camat,,,PNS,IV/a,Camat,JPT,Kecamatan,,ya,x\n")
    sheet = read_sheet(path)
    plan = plan_employee_import(sheet.rows, {}, sheet=sheet)
    assert [(err.line, err.message) for err in plan.errors] == [
        (
            1,
            "kolom tidak dikenal di baris judul: atasan (maksudnya atasan_nip?) "
            "(kolom yang dikenal: " + HEADER.replace(",", ", ") + ")",
        )
    ]
