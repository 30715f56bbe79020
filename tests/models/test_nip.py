from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.errors import ValidationError
from models.i18n import set_language
from models.nip import NipInfo, format_nip, normalize_jenis_asn, normalize_nip, validate_nip


@pytest.mark.parametrize(
    ("nip", "jenis", "expected"),
    [
        (
            "198609262015051001",
            "PNS",
            NipInfo(date(1986, 9, 26), date(2015, 5, 1), "L", 1),
        ),
        (
            "19860926 201505 2 017",
            "pns",
            NipInfo(date(1986, 9, 26), date(2015, 5, 1), "P", 17),
        ),
        # 29 February exists in a leap year.
        (
            "198002292001121999",
            "PNS",
            NipInfo(date(1980, 2, 29), date(2001, 12, 1), "L", 999),
        ),
        # Appointed in the very month of the 18th birthday.
        (
            "198205202000051003",
            "PNS",
            NipInfo(date(1982, 5, 20), date(2000, 5, 1), "L", 3),
        ),
        # PPPK: digits 9-14 are not a month ("21" here), no TMT CPNS.
        ("199001012022212001", "PPPK", NipInfo(date(1990, 1, 1), None, "P", 1)),
        ("199512312023991045", " pppk ", NipInfo(date(1995, 12, 31), None, "L", 45)),
    ],
)
def test_valid_nips_decode(nip: str, jenis: str, expected: NipInfo) -> None:
    assert validate_nip(nip, jenis) == expected


@pytest.mark.parametrize(
    ("nip", "jenis", "key", "message"),
    [
        ("198609262015131001", "PNS", "nip.month_invalid", "bulan pengangkatan 13 tidak valid"),
        ("198609262015001001", "PNS", "nip.month_invalid", "bulan pengangkatan 00 tidak valid"),
        ("198613322015051001", "PNS", "nip.birth_invalid", "tanggal lahir 19861332 tidak valid"),
        ("198102292001121001", "PNS", "nip.birth_invalid", "tanggal lahir 19810229 tidak valid"),
        ("000001012015051001", "PPPK", "nip.birth_invalid", "tanggal lahir 00000101 tidak valid"),
        (
            "198609262015053001",
            "PNS",
            "nip.gender_invalid",
            "kode jenis kelamin 3 tidak valid (1 = laki-laki, 2 = perempuan)",
        ),
        (
            "199001012022210001",
            "PPPK",
            "nip.gender_invalid",
            "kode jenis kelamin 0 tidak valid (1 = laki-laki, 2 = perempuan)",
        ),
        ("198609262015051000", "PNS", "nip.sequence_invalid", "nomor urut 000 tidak valid"),
        ("199001012022211000", "PPPK", "nip.sequence_invalid", "nomor urut 000 tidak valid"),
        (
            "198609262000051001",
            "PNS",
            "nip.appointment_too_early",
            "pengangkatan 2000-05 sebelum usia 18 tahun",
        ),
        # One month before the month of the 18th birthday.
        (
            "198205202000041001",
            "PNS",
            "nip.appointment_too_early",
            "pengangkatan 2000-04 sebelum usia 18 tahun",
        ),
        ("", "PNS", "nip.required", "NIP wajib diisi"),
        ("   ", "PNS", "nip.required", "NIP wajib diisi"),
        ("19860926201505100", "PNS", "nip.length", "NIP harus 18 angka, yang tertulis 17 angka"),
        ("1986092620150510011", "PNS", "nip.length", "NIP harus 18 angka, yang tertulis 19 angka"),
        ("19860926201505100A", "PNS", "nip.not_digits", 'NIP hanya boleh berisi angka (ada "A")'),
        (
            "19860926-201505-1-001",
            "PNS",
            "nip.not_digits",
            'NIP hanya boleh berisi angka (ada "-")',
        ),
        # Arabic-Indic digits are digits to Python but not in a NIP.
        ("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "PNS", "nip.not_digits", 'NIP hanya boleh berisi angka (ada "١")'),
    ],
)
def test_invalid_nips_name_the_wrong_part(nip: str, jenis: str, key: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_nip(nip, jenis)
    assert caught.value.key == key
    assert caught.value.field == "nip"
    assert str(caught.value).startswith(message)


def test_pppk_middle_digits_are_not_a_month_but_pns_are() -> None:
    nip = "199001012022992001"
    assert validate_nip(nip, "PPPK").tmt_cpns is None
    with pytest.raises(ValidationError, match="bulan pengangkatan 99 tidak valid"):
        validate_nip(nip, "PNS")


def test_english_messages() -> None:
    set_language("en")
    with pytest.raises(ValidationError) as caught:
        validate_nip("198609262015131001", "PNS")
    assert str(caught.value).startswith("appointment month 13 is not valid")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("198609262015051001", "198609262015051001"),
        ("19860926 201505 1 001", "198609262015051001"),
        ("  1986 0926\t2015 05 1 001 ", "198609262015051001"),
        ("19860926\u00a0201505\u00a01\u00a0001", "198609262015051001"),
    ],
)
def test_normalize_strips_spaces(text: str, expected: str) -> None:
    assert normalize_nip(text) == expected


def test_normalize_for_the_supervisor_field_names_it() -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_nip("12345", field="atasan_nip")
    assert caught.value.field == "atasan_nip"
    assert str(caught.value) == "NIP atasan harus 18 angka, yang tertulis 5 angka"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("198609262015051001", "19860926 201505 1 001"),
        ("19860926 2015 05 1 001", "19860926 201505 1 001"),
        ("199001012022212001", "19900101 202221 2 001"),
        ("12345", "12345"),
        ("", ""),
    ],
)
def test_format(text: str, expected: str) -> None:
    assert format_nip(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("pns", "PNS"), (" PPPK ", "PPPK")])
def test_jenis_asn(text: str, expected: str) -> None:
    assert normalize_jenis_asn(text) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "jenis ASN wajib diisi (PNS atau PPPK)"),
        (None, "jenis ASN wajib diisi (PNS atau PPPK)"),
        ("honorer", "jenis ASN honorer tidak valid (pilihan: PNS atau PPPK)"),
    ],
)
def test_jenis_asn_invalid(value: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_jenis_asn(value)
    assert caught.value.field == "jenis_asn"
    assert str(caught.value) == message


@given(
    lahir=st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31)),
    years_after=st.integers(min_value=18, max_value=45),
    month=st.integers(min_value=1, max_value=12),
    gender=st.sampled_from("12"),
    urutan=st.integers(min_value=1, max_value=999),
)
def test_pns_nip_round_trips_its_parts(
    lahir: date, years_after: int, month: int, gender: str, urutan: int
) -> None:
    year = lahir.year + years_after + (1 if years_after == 18 and month < lahir.month else 0)
    nip = f"{lahir:%Y%m%d}{year:04d}{month:02d}{gender}{urutan:03d}"
    info = validate_nip(format_nip(nip), "PNS")
    assert info == NipInfo(lahir, date(year, month, 1), "L" if gender == "1" else "P", urutan)
    assert normalize_nip(format_nip(nip)) == nip


@pytest.mark.parametrize(
    ("nip", "jenis"),
    [
        ("198609262015051001", "PNS"),
        # Digits 9-14 of a PPPK NIP are no appointment month ("21" here).
        ("198609262021211001", "PPPK"),
        ("198613262015051001", None),  # month 13 of birth: neither
        ("199001012015131001", None),  # a PNS NIP with month 13 is a typo, not a PPPK one
        ("19860926201505", None),  # too short
    ],
)
def test_the_nip_tells_pns_from_pppk_when_it_can(nip: str, jenis: str | None) -> None:
    from models.nip import jenis_for_nip

    assert jenis_for_nip(nip) == jenis
