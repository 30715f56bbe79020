from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.employee import (
    EMPLOYEE_FIELDS,
    check_deactivate,
    check_supervisor,
    clean_employee,
    derived,
    display_name,
    employee_errors,
    parse_aktif,
    subordinates,
    would_cycle,
)
from models.errors import ValidationError
from models.golongan import (
    GOLONGAN_PNS,
    GOLONGAN_PPPK,
    JENIS_JABATAN,
    PANGKAT,
    golongan_options,
    normalize_golongan,
    normalize_jenis_jabatan,
    pangkat,
)


def base(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "nip": "19860926 201505 2 001",
        "jenis_asn": "PNS",
        "nama": "Siti Aminah",
        "gelar_depan": "Dr.",
        "gelar_belakang": "S.Sos.",
        "golongan": "iii/c",
        "jabatan": "Kepala Seksi Pemerintahan",
        "jenis_jabatan": "pengawas",
        "unit": "Seksi Pemerintahan",
        "atasan_nip": "",
        "aktif": "ya",
    }
    data.update(changes)
    return data


def emp(nip: str, nama: str, atasan: str | None = None, aktif: bool = True) -> dict[str, Any]:
    return {"nip": nip, "nama": nama, "atasan_nip": atasan, "aktif": aktif}


def nip_of(n: int) -> str:
    return f"198001012005011{n:03d}"


# golongan ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "jenis", "expected"),
    [
        ("III/a", "PNS", "III/a"),
        ("iii/a", "PNS", "III/a"),
        ("III a", "PNS", "III/a"),
        (" iv / E ", "PNS", "IV/e"),
        ("IIb", "pns", "II/b"),
        ("I/d", "PNS", "I/d"),
        ("ix", "PPPK", "IX"),
        (" XVII ", "PPPK", "XVII"),
        ("x i", "PPPK", "XI"),
    ],
)
def test_normalize_golongan(text: str, jenis: str, expected: str) -> None:
    assert normalize_golongan(text, jenis) == expected


@pytest.mark.parametrize(
    ("text", "jenis", "message"),
    [
        ("I/e", "PNS", "golongan I/e tidak dikenal; golongan PNS ditulis I/a sampai IV/e"),
        ("V/a", "PNS", "golongan V/a tidak dikenal; golongan PNS ditulis I/a sampai IV/e"),
        ("3a", "PNS", "golongan 3a tidak dikenal; golongan PNS ditulis I/a sampai IV/e"),
        ("IX", "PNS", "golongan IX tidak dikenal; golongan PNS ditulis I/a sampai IV/e"),
        ("III/a", "PPPK", "golongan III/a tidak dikenal; golongan PPPK ditulis I sampai XVII"),
        ("XVIII", "PPPK", "golongan XVIII tidak dikenal; golongan PPPK ditulis I sampai XVII"),
        ("", "PNS", "golongan wajib diisi"),
    ],
)
def test_normalize_golongan_rejects(text: str, jenis: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_golongan(text, jenis)
    assert caught.value.field == "golongan"
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("golongan", "jenis", "expected"),
    [
        ("I/a", "PNS", "Juru Muda"),
        ("I/b", "PNS", "Juru Muda Tingkat I"),
        ("II/c", "PNS", "Pengatur"),
        ("III/a", "PNS", "Penata Muda"),
        ("iii/d", "PNS", "Penata Tingkat I"),
        ("IV/c", "PNS", "Pembina Utama Muda"),
        ("IV/d", "PNS", "Pembina Utama Madya"),
        ("IV/e", "PNS", "Pembina Utama"),
        ("IX", "PPPK", ""),
    ],
)
def test_pangkat(golongan: str, jenis: str, expected: str) -> None:
    assert pangkat(golongan, jenis) == expected


def test_grade_lists() -> None:
    assert len(GOLONGAN_PNS) == 17 and GOLONGAN_PNS[0] == "I/a" and GOLONGAN_PNS[-1] == "IV/e"
    assert len(GOLONGAN_PPPK) == 17 and GOLONGAN_PPPK[8] == "IX"
    assert set(PANGKAT) == set(GOLONGAN_PNS)
    assert golongan_options("pppk") == GOLONGAN_PPPK
    assert golongan_options("PNS") == GOLONGAN_PNS
    assert JENIS_JABATAN == ("Pelaksana", "Fungsional", "Pengawas", "Administrator", "JPT")


@pytest.mark.parametrize(("text", "expected"), [("jpt", "JPT"), (" Fungsional ", "Fungsional")])
def test_normalize_jenis_jabatan(text: str, expected: str) -> None:
    assert normalize_jenis_jabatan(text) == expected


# clean_employee ------------------------------------------------------------


def test_clean_employee_normalises_every_field() -> None:
    assert clean_employee(base(nama="  Siti \n  Aminah ")) == {
        "nip": "198609262015052001",
        "nama": "Siti Aminah",
        "gelar_depan": "Dr.",
        "gelar_belakang": "S.Sos.",
        "jenis_asn": "PNS",
        "golongan": "III/c",
        "jabatan": "Kepala Seksi Pemerintahan",
        "jenis_jabatan": "Pengawas",
        "unit": "Seksi Pemerintahan",
        "atasan_nip": None,
        "aktif": True,
    }


def test_clean_employee_defaults_and_supervisor() -> None:
    data = base(atasan_nip="19750101 200001 1 002", aktif=False)
    del data["gelar_depan"]
    cleaned = clean_employee(data)
    assert list(cleaned) == EMPLOYEE_FIELDS
    assert cleaned["gelar_depan"] == ""
    assert cleaned["atasan_nip"] == "197501012000011002"
    assert cleaned["aktif"] is False


@pytest.mark.parametrize(
    ("field", "value", "char", "position"),
    [
        ("nama", "Siti\x00 Aminah", "U+0000", 5),
        ("nama", "Siti \u202eAminah", "U+202E", 6),
        ("jabatan", "Staf\x1b]0;x\x07", "U+001B", 5),
        ("unit", "Seksi\x85Umum", "U+0085", 6),
        ("gelar_belakang", "S.Kom.\x7f", "U+007F", 7),
    ],
)
def test_clean_employee_refuses_control_characters(
    field: str, value: str, char: str, position: int
) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_employee(base(**{field: value}))
    assert caught.value.field == field
    assert str(caught.value) == (
        f"isian {field} berisi karakter kendali tak terlihat {char} (huruf ke-{position}); "
        "hapus lalu ketik ulang"
    )


def test_clean_employee_turns_line_breaks_and_tabs_into_spaces() -> None:
    assert clean_employee(base(nama="Siti\r\n Ami\tnah "))["nama"] == "Siti Ami nah"


def test_clean_employee_is_idempotent() -> None:
    once = clean_employee(base())
    assert clean_employee(once) == once


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nip": "12345"}, "nip", "NIP harus 18 angka, yang tertulis 5 angka"),
        ({"nip": "198609262015131001"}, "nip", "bulan pengangkatan 13 tidak valid"),
        ({"jenis_asn": "honorer"}, "jenis_asn", "jenis ASN honorer tidak valid"),
        ({"jenis_asn": None}, "jenis_asn", "jenis ASN wajib diisi"),
        ({"nama": "   "}, "nama", "nama wajib diisi"),
        ({"nama": None}, "nama", "nama wajib diisi"),
        ({"nama": "a" * 101}, "nama", "nama paling banyak 100 karakter, yang tertulis 101"),
        ({"nama": ["Siti"]}, "nama", "isian nama harus berupa teks"),
        ({"golongan": "III/f"}, "golongan", "golongan III/f tidak dikenal"),
        ({"golongan": ""}, "golongan", "golongan wajib diisi"),
        ({"jabatan": ""}, "jabatan", "jabatan wajib diisi"),
        ({"jenis_jabatan": "Kepala"}, "jenis_jabatan", "jenis jabatan Kepala tidak dikenal"),
        ({"jenis_jabatan": " "}, "jenis_jabatan", "jenis jabatan wajib diisi"),
        ({"unit": "\t"}, "unit", "unit kerja wajib diisi"),
        ({"atasan_nip": "1975"}, "atasan_nip", "NIP atasan harus 18 angka"),
        ({"aktif": "mungkin"}, "aktif", "status aktif mungkin tidak dikenal"),
    ],
)
def test_clean_employee_errors_per_field(
    changes: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_employee(base(**changes))
    assert caught.value.field == field
    assert str(caught.value).startswith(message)


def test_employee_errors_lists_every_problem_in_form_order() -> None:
    errors = employee_errors(base(nip="123", nama="", unit="", aktif="x"))
    assert [err.field for err in errors] == ["nip", "nama", "unit", "aktif"]


def test_nama_of_exactly_100_characters_is_accepted() -> None:
    assert clean_employee(base(nama="a" * 100))["nama"] == "a" * 100


def test_nip_is_checked_against_the_asn_type() -> None:
    pppk_nip = "199001012022212001"
    assert clean_employee(base(nip=pppk_nip, jenis_asn="PPPK", golongan="ix"))["golongan"] == "IX"
    with pytest.raises(ValidationError, match="bulan pengangkatan 21"):
        clean_employee(base(nip=pppk_nip))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (None, True),
        ("", True),
        ("ya", True),
        ("YA", True),
        ("tidak", False),
        ("true", True),
        ("False", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
    ],
)
def test_parse_aktif(value: object, expected: bool) -> None:
    assert parse_aktif(value) is expected


# derived and display ------------------------------------------------------


def test_derived_pns() -> None:
    assert derived(clean_employee(base())) == {
        "tanggal_lahir": "1986-09-26",
        "jenis_kelamin": "P",
        "tmt_cpns": "2015-05-01",
        "pangkat": "Penata",
    }


def test_derived_pppk() -> None:
    record = clean_employee(base(nip="199001012022211001", jenis_asn="PPPK", golongan="IX"))
    assert derived(record) == {
        "tanggal_lahir": "1990-01-01",
        "jenis_kelamin": "L",
        "tmt_cpns": None,
        "pangkat": "",
    }


@pytest.mark.parametrize(
    ("depan", "belakang", "expected"),
    [
        ("Dr.", "S.Sos.", "Dr. Siti Aminah, S.Sos."),
        ("", "S.Sos., M.Si.", "Siti Aminah, S.Sos., M.Si."),
        ("Drs.", "", "Drs. Siti Aminah"),
        ("", "", "Siti Aminah"),
        (" ", " ", "Siti Aminah"),
    ],
)
def test_display_name(depan: str, belakang: str, expected: str) -> None:
    record = {"nama": "Siti Aminah", "gelar_depan": depan, "gelar_belakang": belakang}
    assert display_name(record) == expected


# supervisors --------------------------------------------------------------


def office() -> dict[str, dict[str, Any]]:
    """Camat -> Siti -> Ani -> Budi; Dedi inactive."""
    people = [
        emp(nip_of(1), "Camat"),
        emp(nip_of(2), "Siti", nip_of(1)),
        emp(nip_of(3), "Ani", nip_of(2)),
        emp(nip_of(4), "Budi", nip_of(3)),
        emp(nip_of(5), "Dedi", nip_of(1), aktif=False),
    ]
    return {person["nip"]: person for person in people}


def supervisor_error(nip: str, atasan: str | None, **kwargs: Any) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_supervisor(nip, atasan, office(), **kwargs)
    assert caught.value.field == "atasan_nip"
    return caught.value


def test_valid_supervisors() -> None:
    check_supervisor(nip_of(4), nip_of(2), office())
    check_supervisor(nip_of(2), None, office())
    check_supervisor(nip_of(2), "", office())
    # A new employee under anyone active.
    check_supervisor(nip_of(9), nip_of(4), office())
    # An inactive employee may keep an inactive supervisor (history).
    check_supervisor(nip_of(9), nip_of(5), office(), aktif=False)


def test_supervisor_self() -> None:
    err = supervisor_error(nip_of(2), nip_of(2))
    assert str(err) == "Siti tidak dapat menjadi atasan dirinya sendiri"


def test_supervisor_unknown() -> None:
    err = supervisor_error(nip_of(2), nip_of(99))
    assert str(err) == "atasan dengan NIP 19800101 200501 1 099 tidak terdaftar"


def test_supervisor_inactive() -> None:
    err = supervisor_error(nip_of(4), nip_of(5))
    assert str(err) == "Dedi sudah tidak aktif sehingga tidak dapat menjadi atasan"


def test_supervisor_direct_cycle() -> None:
    err = supervisor_error(nip_of(2), nip_of(3))
    assert str(err) == "Ani tidak dapat menjadi atasan Siti: Siti adalah atasan langsung Ani"


def test_supervisor_indirect_cycle_names_the_people() -> None:
    err = supervisor_error(nip_of(2), nip_of(4))
    assert str(err) == (
        "Budi tidak dapat menjadi atasan Siti: Siti adalah atasan (tidak langsung) Budi"
        " (Siti → Ani → Budi)"
    )
    err = supervisor_error(nip_of(1), nip_of(4))
    assert str(err).endswith("(Camat → Siti → Ani → Budi)")


def test_long_chain_cycle() -> None:
    count = 500
    people = {nip_of(1): emp(nip_of(1), "P1")}
    for n in range(2, count + 1):
        people[nip_of(n)] = emp(nip_of(n), f"P{n}", nip_of(n - 1))
    assert would_cycle(nip_of(1), nip_of(count), people)
    assert not would_cycle(nip_of(count), nip_of(1), people)
    with pytest.raises(ValidationError, match="P1 adalah atasan \\(tidak langsung\\) P500"):
        check_supervisor(nip_of(1), nip_of(count), people)


def test_would_cycle_survives_damaged_data() -> None:
    # Two people already pointing at each other must not make the walk loop forever.
    people = {
        nip_of(1): emp(nip_of(1), "A", nip_of(2)),
        nip_of(2): emp(nip_of(2), "B", nip_of(1)),
        nip_of(3): emp(nip_of(3), "C"),
    }
    assert not would_cycle(nip_of(3), nip_of(1), people)
    assert would_cycle(nip_of(3), nip_of(3), people)


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=30), st.data())
def test_cycle_check_keeps_a_forest(parents: list[int], data: st.DataObject) -> None:
    """Accepting only changes that pass check_supervisor never produces a loop."""
    people: dict[str, dict[str, Any]] = {}
    for index in range(len(parents)):
        people[nip_of(index + 1)] = emp(nip_of(index + 1), f"P{index + 1}")
    for index, parent in enumerate(parents):
        nip, atasan = nip_of(index + 1), nip_of(parent % len(parents) + 1)
        try:
            check_supervisor(nip, atasan, people)
        except ValidationError:
            continue
        people[nip]["atasan_nip"] = atasan
    for nip in people:
        seen = set()
        current: str | None = nip
        while current:
            assert current not in seen
            seen.add(current)
            current = people[current]["atasan_nip"]


def test_subordinates_are_direct_only() -> None:
    people = list(office().values())
    assert [person["nama"] for person in subordinates(nip_of(1), people)] == ["Siti", "Dedi"]
    assert [person["nama"] for person in subordinates(nip_of(4), people)] == []


def test_check_deactivate() -> None:
    people = office()
    check_deactivate(nip_of(4), people)
    with pytest.raises(ValidationError) as caught:
        check_deactivate(nip_of(1), people)
    assert str(caught.value).startswith(
        "Camat tidak dapat dinonaktifkan: masih menjadi atasan Siti;"
    )
    check_deactivate(nip_of(1), people, ignore={nip_of(2)})
