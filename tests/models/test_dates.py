"""Clerk date input is strict; output follows Indonesian (and English) conventions."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import i18n
from models.dates import (
    MAX_YEAR,
    MIN_YEAR,
    format_date_long,
    format_date_short,
    format_datetime,
    format_decimal,
    parse_date,
    parse_iso,
)
from models.errors import ValidationError

D = dt.date


VALID = [
    ("27-11-2026", D(2026, 11, 27)),
    ("7-1-2026", D(2026, 1, 7)),
    ("07-01-2026", D(2026, 1, 7)),
    ("27/11/2026", D(2026, 11, 27)),
    ("7/1/2026", D(2026, 1, 7)),
    ("27.11.2026", D(2026, 11, 27)),
    ("  27-11-2026 ", D(2026, 11, 27)),
    ("29-02-2028", D(2028, 2, 29)),
    ("29-02-2000", D(2000, 2, 29)),
    ("31-12-2026", D(2026, 12, 31)),
    ("2026-11-27", D(2026, 11, 27)),
    ("2026-1-7", D(2026, 1, 7)),
    ("2026/11/27", D(2026, 11, 27)),
    ("27 Nov 2026", D(2026, 11, 27)),
    ("27 November 2026", D(2026, 11, 27)),
    ("27 november 2026", D(2026, 11, 27)),
    ("27 NOVEMBER 2026", D(2026, 11, 27)),
    ("27-Nov-2026", D(2026, 11, 27)),
    ("27 Nov. 2026", D(2026, 11, 27)),
    ("27  nov   2026", D(2026, 11, 27)),
    ("November 27, 2026", D(2026, 11, 27)),
    ("Nov 27 2026", D(2026, 11, 27)),
    ("1 Januari 2026", D(2026, 1, 1)),
    ("1 Jan 2026", D(2026, 1, 1)),
    ("1 January 2026", D(2026, 1, 1)),
    ("2 Februari 2026", D(2026, 2, 2)),
    ("2 Feb 2026", D(2026, 2, 2)),
    ("2 Peb 2026", D(2026, 2, 2)),
    ("2 Pebruari 2026", D(2026, 2, 2)),
    ("3 Maret 2026", D(2026, 3, 3)),
    ("3 Mar 2026", D(2026, 3, 3)),
    ("3 March 2026", D(2026, 3, 3)),
    ("4 April 2026", D(2026, 4, 4)),
    ("4 Apr 2026", D(2026, 4, 4)),
    ("5 Mei 2026", D(2026, 5, 5)),
    ("5 May 2026", D(2026, 5, 5)),
    ("6 Juni 2026", D(2026, 6, 6)),
    ("6 Jun 2026", D(2026, 6, 6)),
    ("6 June 2026", D(2026, 6, 6)),
    ("7 Juli 2026", D(2026, 7, 7)),
    ("7 Jul 2026", D(2026, 7, 7)),
    ("7 July 2026", D(2026, 7, 7)),
    ("17 Agustus 2026", D(2026, 8, 17)),
    ("17 Agu 2026", D(2026, 8, 17)),
    ("17 Agt 2026", D(2026, 8, 17)),
    ("17 Ags 2026", D(2026, 8, 17)),
    ("17 August 2026", D(2026, 8, 17)),
    ("17 Aug 2026", D(2026, 8, 17)),
    ("9 September 2026", D(2026, 9, 9)),
    ("9 Sep 2026", D(2026, 9, 9)),
    ("9 Sept 2026", D(2026, 9, 9)),
    ("10 Oktober 2026", D(2026, 10, 10)),
    ("10 Okt 2026", D(2026, 10, 10)),
    ("10 October 2026", D(2026, 10, 10)),
    ("10 Oct 2026", D(2026, 10, 10)),
    ("11 Nop 2026", D(2026, 11, 11)),
    ("11 Nopember 2026", D(2026, 11, 11)),
    ("25 Desember 2026", D(2026, 12, 25)),
    ("25 Des 2026", D(2026, 12, 25)),
    ("25 December 2026", D(2026, 12, 25)),
    ("25 Dec 2026", D(2026, 12, 25)),
]


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_parse_valid(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


REJECTED = [
    # (input, key, message in Bahasa Indonesia)
    ("", "dates.empty", "tanggal wajib diisi"),
    ("   ", "dates.empty", "tanggal wajib diisi"),
    ("31-02-2026", "dates.impossible", "tanggal 31-02-2026 tidak ada"),
    ("29-02-2025", "dates.impossible", "tanggal 29-02-2025 tidak ada"),
    ("29-02-1900", "dates.impossible", "tanggal 29-02-1900 tidak ada"),
    ("31-04-2026", "dates.impossible", "tanggal 31-04-2026 tidak ada"),
    ("00-11-2026", "dates.impossible", "tanggal 00-11-2026 tidak ada"),
    ("2026-02-30", "dates.impossible", "tanggal 2026-02-30 tidak ada"),
    ("30 Feb 2026", "dates.impossible", "tanggal 30 Feb 2026 tidak ada"),
    (
        "11-27-2026",
        "dates.month_first",
        "11-27-2026 tampaknya ditulis bulan dulu; tulis tanggal dulu: 27-11-2026",
    ),
    (
        "2/13/2026",
        "dates.month_first",
        "2/13/2026 tampaknya ditulis bulan dulu; tulis tanggal dulu: 13-02-2026",
    ),
    (
        "27-13-2026",
        "dates.month_invalid",
        "bulan 13 pada 27-13-2026 tidak valid (harus 1 sampai 12)",
    ),
    (
        "27-00-2026",
        "dates.month_invalid",
        "bulan 0 pada 27-00-2026 tidak valid (harus 1 sampai 12)",
    ),
    (
        "2026-13-01",
        "dates.month_invalid",
        "bulan 13 pada 2026-13-01 tidak valid (harus 1 sampai 12)",
    ),
    (
        "27-11-26",
        "dates.year_two_digit",
        "tahun 26 pada 27-11-26 harus ditulis 4 angka, gunakan HH-BB-TTTT (mis. 27-11-2026)",
    ),
    (
        "27 Nov 26",
        "dates.year_two_digit",
        "tahun 26 pada 27 Nov 26 harus ditulis 4 angka, gunakan HH-BB-TTTT (mis. 27-11-2026)",
    ),
    (
        "27-11",
        "dates.year_missing",
        "tahun belum diisi: 27-11, gunakan HH-BB-TTTT (mis. 27-11-2026)",
    ),
    (
        "27/11/",
        "dates.year_missing",
        "tahun belum diisi: 27/11/, gunakan HH-BB-TTTT (mis. 27-11-2026)",
    ),
    (
        "27 November",
        "dates.year_missing",
        "tahun belum diisi: 27 November, gunakan HH-BB-TTTT (mis. 27-11-2026)",
    ),
    (
        "0226-01-01",
        "dates.year_out_of_range",
        "tahun 0226 tidak wajar (harus antara 1900 dan 2100)",
    ),
    (
        "01-01-2226",
        "dates.year_out_of_range",
        "tahun 2226 tidak wajar (harus antara 1900 dan 2100)",
    ),
    ("27 Foo 2026", "dates.month_name_unknown", "nama bulan tidak dikenal: Foo"),
    (
        "27/11-2026",
        "dates.format_unknown",
        "format tanggal tidak dikenal: 27/11-2026, gunakan HH-BB-TTTT (mis. 27-11-2026)",
    ),
    (
        "27-11-20266",
        "dates.format_unknown",
        "format tanggal tidak dikenal: 27-11-20266, gunakan HH-BB-TTTT (mis. 27-11-2026)",
    ),
    (
        "27112026",
        "dates.format_unknown",
        "format tanggal tidak dikenal: 27112026, gunakan HH-BB-TTTT (mis. 27-11-2026)",
    ),
    (
        "besok",
        "dates.format_unknown",
        "format tanggal tidak dikenal: besok, gunakan HH-BB-TTTT (mis. 27-11-2026)",
    ),
    (
        "Jumat, 27 November 2026",
        "dates.format_unknown",
        "format tanggal tidak dikenal: Jumat, 27 November 2026, gunakan HH-BB-TTTT "
        "(mis. 27-11-2026)",
    ),
]


@pytest.mark.parametrize(("text", "key", "message"), REJECTED)
def test_parse_rejected(text: str, key: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text)
    assert info.value.key == key
    assert str(info.value) == message


def test_rejection_carries_the_field_name() -> None:
    with pytest.raises(ValidationError) as info:
        parse_date("31-02-2026", field="tanggal_mulai")
    assert info.value.field == "tanggal_mulai"


def test_rejection_in_english() -> None:
    i18n.set_language("en")
    with pytest.raises(ValidationError) as info:
        parse_date("31-02-2026")
    assert str(info.value) == "the date 31-02-2026 does not exist"
    with pytest.raises(ValidationError) as info:
        parse_date("nonsense")
    assert str(info.value) == (
        "unrecognised date format: nonsense, use DD-MM-YYYY (e.g. 27-11-2026)"
    )


def test_parse_iso() -> None:
    assert parse_iso("2026-11-27") == D(2026, 11, 27)
    with pytest.raises(ValidationError) as info:
        parse_iso("27-11-2026", field="tanggal_mulai")
    assert info.value.key == "dates.iso_invalid"
    assert info.value.field == "tanggal_mulai"


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (D(2026, 11, 27), "id", "27 November 2026"),
        (D(2026, 11, 27), "en", "27 November 2026"),
        (D(2026, 8, 1), "id", "1 Agustus 2026"),
        (D(2026, 8, 1), "en", "1 August 2026"),
        (D(2026, 5, 5), "id", "5 Mei 2026"),
        (D(2026, 2, 9), "id", "9 Februari 2026"),
        (D(2026, 12, 31), "id", "31 Desember 2026"),
        (D(2026, 12, 31), "en", "31 December 2026"),
    ],
)
def test_format_date_long(day: dt.date, lang: str, expected: str) -> None:
    assert format_date_long(day, lang) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 11, 27), "27-11-2026"),
        (D(2026, 1, 7), "07-01-2026"),
        (D(1986, 9, 26), "26-09-1986"),
    ],
)
def test_format_date_short(day: dt.date, expected: str) -> None:
    assert format_date_short(day) == expected


@pytest.mark.parametrize(
    ("value", "lang", "places", "expected"),
    [
        (85.4, "id", 2, "85,40"),
        (85.4, "en", 2, "85.40"),
        (100, "id", 2, "100,00"),
        (2.675, "id", 2, "2,68"),  # half-up, not the float's binary value
        (2.665, "id", 2, "2,67"),  # half-up, not banker's rounding
        (Decimal("84.995"), "id", 2, "85,00"),
        ("72.125", "en", 2, "72.13"),
        (1234567.5, "id", 1, "1.234.567,5"),
        (1234567.5, "en", 1, "1,234,567.5"),
        (7, "id", 0, "7"),
        (7.5, "id", 0, "8"),
        (-1.005, "id", 2, "-1,01"),
        (0, "en", 3, "0.000"),
    ],
)
def test_format_decimal(
    value: float | int | Decimal | str, lang: str, places: int, expected: str
) -> None:
    assert format_decimal(value, lang, places) == expected


def test_format_decimal_rejects_non_numbers() -> None:
    with pytest.raises(ValueError):
        format_decimal("abc", "id")
    with pytest.raises(ValueError):
        format_decimal(float("nan"), "id")
    with pytest.raises(ValueError):
        format_decimal(1, "id", places=-1)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("id", "27 November 2026 09.05.03"), ("en", "27 November 2026 19:05:03")],
)
def test_format_datetime(lang: str, expected: str) -> None:
    hour = 9 if lang == "id" else 19
    assert format_datetime(dt.datetime(2026, 11, 27, hour, 5, 3), lang) == expected


dates_in_range = st.dates(min_value=D(MIN_YEAR, 1, 1), max_value=D(MAX_YEAR, 12, 31))


@given(dates_in_range)
def test_short_form_round_trips(day: dt.date) -> None:
    assert parse_date(format_date_short(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day


@given(dates_in_range, st.sampled_from(["id", "en"]))
def test_long_form_round_trips(day: dt.date, lang: str) -> None:
    assert parse_date(format_date_long(day, lang)) == day


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_validation_error(text: str) -> None:
    try:
        result = parse_date(text)
    except ValidationError as err:
        assert err.key.startswith("dates.")
        assert str(err) != err.key  # a real message, found in the catalog
    else:
        assert MIN_YEAR <= result.year <= MAX_YEAR


def test_babel_is_imported_lazily() -> None:
    code = (
        "import sys, models.dates, models.period, models.criteria, models.eligibility\n"
        "print('babel' in sys.modules, 'textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout.split()
    assert out == ["False", "False"]


def test_catalogs_have_the_same_keys() -> None:
    root = Path(__file__).resolve().parents[2] / "models" / "locale"
    for name in ("dates", "period", "criteria", "eligibility"):
        id_keys = set(json.loads((root / "id" / f"{name}.json").read_text(encoding="utf-8")))
        en_keys = set(json.loads((root / "en" / f"{name}.json").read_text(encoding="utf-8")))
        assert id_keys == en_keys, name
        assert all(key.startswith(f"{name}.") for key in id_keys), name


def test_format_datetime_shows_the_wall_clock_of_aware_times() -> None:
    wib = dt.timezone(dt.timedelta(hours=7))
    moment = dt.datetime(2026, 11, 27, 9, 5, 3, tzinfo=wib)
    assert format_datetime(moment, "id") == "27 November 2026 09.05.03"


def test_weights_and_shares_have_one_format() -> None:
    from fractions import Fraction

    from models.dates import format_share, format_weight

    assert format_weight(30, "id") == "30"
    assert format_weight(12.5, "id") == "12,5"
    assert format_weight(Fraction(49, 4), "en") == "12.25"
    assert format_share(Fraction(1, 7), "id") == "14,3%"
    assert format_share(0.4, "id") == "40%"
    assert format_share(Fraction(5, 8), "en") == "62.5%"
    assert format_share(1, "id") == "100%"


def test_days_and_clock_in_both_languages() -> None:
    import datetime as dt

    from models.dates import format_clock, format_day_long, format_day_medium, format_moment

    day = dt.date(2026, 11, 3)
    assert format_day_long(day, "id") == "Selasa, 3 November 2026"
    assert format_day_long(day, "en") == "Tuesday, 3 November 2026"
    assert format_day_medium(day, "id") == "3 Nov 2026"
    moment = dt.datetime(2026, 12, 3, 9, 5)
    assert format_clock(moment, "id") == "09.05"
    assert format_moment(moment, "en") == "3 December 2026 09:05"
