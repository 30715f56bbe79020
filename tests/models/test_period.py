"""Period dates (relativedelta), codes, names and the draf -> terbuka -> ditutup cycle."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from models import i18n
from models.criteria import default_settings
from models.errors import ValidationError
from models.labels import period_status_label
from models.office import Office
from models.period import (
    PERIOD_KINDS,
    PERIOD_MONTHS,
    can_transition,
    default_period_name,
    ensure_open_for_entry,
    new_period,
    period_dates,
    period_end,
    transition,
    validate_period_code,
)

D = dt.date


@pytest.mark.parametrize(
    ("jenis", "start", "end"),
    [
        ("bulanan", D(2026, 1, 1), D(2026, 1, 31)),
        ("bulanan", D(2026, 2, 1), D(2026, 2, 28)),
        ("bulanan", D(2028, 2, 1), D(2028, 2, 29)),
        ("bulanan", D(2026, 1, 15), D(2026, 2, 14)),
        # 31 Jan + 1 month clamps to the end of February, then minus one day.
        ("bulanan", D(2026, 1, 31), D(2026, 2, 27)),
        ("bulanan", D(2028, 1, 31), D(2028, 2, 28)),
        ("bulanan", D(2026, 1, 30), D(2026, 2, 27)),
        ("bulanan", D(2026, 3, 31), D(2026, 4, 29)),
        ("bulanan", D(2026, 12, 1), D(2026, 12, 31)),
        ("triwulan", D(2026, 1, 1), D(2026, 3, 31)),
        ("triwulan", D(2026, 4, 1), D(2026, 6, 30)),
        ("triwulan", D(2026, 7, 1), D(2026, 9, 30)),
        ("triwulan", D(2026, 10, 1), D(2026, 12, 31)),
        ("triwulan", D(2027, 11, 30), D(2028, 2, 28)),
        ("triwulan", D(2025, 11, 30), D(2026, 2, 27)),
        ("semester", D(2026, 1, 1), D(2026, 6, 30)),
        ("semester", D(2026, 7, 1), D(2026, 12, 31)),
        ("semester", D(2027, 8, 31), D(2028, 2, 28)),
        ("semester", D(2025, 8, 31), D(2026, 2, 27)),
        ("tahunan", D(2026, 1, 1), D(2026, 12, 31)),
        ("tahunan", D(2028, 1, 1), D(2028, 12, 31)),
        ("tahunan", D(2028, 2, 29), D(2029, 2, 27)),
        ("tahunan", D(2027, 3, 1), D(2028, 2, 29)),
    ],
)
def test_period_end(jenis: str, start: dt.date, end: dt.date) -> None:
    assert period_end(jenis, start) == end


@given(
    st.sampled_from(PERIOD_KINDS),
    st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31)),
)
def test_period_end_is_start_plus_months_minus_one_day(jenis: str, start: dt.date) -> None:
    end = period_end(jenis, start)
    assert end >= start
    assert end + relativedelta(days=1) == start + relativedelta(months=PERIOD_MONTHS[jenis])
    if start.day == 1:
        # Periods starting on the 1st end on the last day of a month.
        assert (end + dt.timedelta(days=1)).day == 1


def test_period_end_rejects_unknown_kind() -> None:
    with pytest.raises(ValidationError) as info:
        period_end("mingguan", D(2026, 1, 1))
    assert str(info.value) == (
        "jenis periode mingguan tidak dikenal (pilihan: bulanan, triwulan, semester, tahunan)"
    )
    assert info.value.field == "jenis"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2026-S1", "2026-S1"),
        ("2026-01", "2026-01"),
        ("2026-Q2", "2026-Q2"),
        ("2026", "2026"),
        ("  2026-S2 ", "2026-S2"),
        ("A", "A"),
        ("SEMESTER-GANJIL-2026", "SEMESTER-GANJIL-2026"),  # exactly 20 characters
    ],
)
def test_valid_codes(code: str, expected: str) -> None:
    assert validate_period_code(code) == expected


@pytest.mark.parametrize(
    "code",
    ["", "   ", "2026 S1", "2026/S1", "2026_S1", "-2026", "SEMESTER-GANJIL-20266", "2026-Ş1"],
)
def test_invalid_codes(code: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_period_code(code)
    assert info.value.key == "period.code_invalid"
    assert info.value.field == "kode"


@pytest.mark.parametrize(
    ("jenis", "start", "end", "name"),
    [
        ("semester", D(2026, 1, 1), None, "Semester I 2026"),
        ("semester", D(2026, 7, 1), None, "Semester II 2026"),
        ("triwulan", D(2026, 4, 1), None, "Triwulan II 2026"),
        ("triwulan", D(2026, 10, 1), None, "Triwulan IV 2026"),
        ("bulanan", D(2026, 1, 1), None, "Januari 2026"),
        ("bulanan", D(2026, 12, 1), None, "Desember 2026"),
        ("tahunan", D(2026, 1, 1), None, "Tahun 2026"),
        # Not a calendar half, quarter, month or year: the name says the real dates.
        ("semester", D(2027, 3, 1), None, "Semester 1 Maret – 31 Agustus 2027"),
        ("triwulan", D(2026, 2, 1), None, "Triwulan 1 Februari – 30 April 2026"),
        ("bulanan", D(2026, 1, 15), None, "Bulanan 15 Januari – 14 Februari 2026"),
        ("tahunan", D(2026, 7, 1), None, "Tahunan 1 Juli 2026 – 30 Juni 2027"),
        # A calendar start with an end changed by hand: the dates, not "Semester I".
        ("semester", D(2026, 1, 1), D(2026, 5, 31), "Semester 1 Januari – 31 Mei 2026"),
    ],
)
def test_default_period_name(jenis: str, start: D, end: D | None, name: str) -> None:
    assert default_period_name(jenis, start, end) == name


def test_a_period_is_named_after_its_dates_whatever_its_code() -> None:
    assert new_period("2027-S2", "semester", "01-03-2027")["nama"] == (
        "Semester 1 Maret – 31 Agustus 2027"
    )
    assert new_period("GANJIL", "semester", "01-07-2026")["nama"] == "Semester II 2026"


def test_periods_of_the_same_kind_may_not_overlap(empty_office: Office) -> None:
    empty_office.create_period("2027-S1", "semester", "01-01-2027")
    with pytest.raises(ValidationError) as caught:
        empty_office.create_period("2027-S2", "semester", "01-03-2027")
    assert caught.value.key == "period.overlap" and caught.value.field == "tanggal_mulai"
    assert "2027-S1" in str(caught.value) and "30-06-2027" in str(caught.value)
    # Another kind may overlap, and the next semester that starts after it may follow it.
    empty_office.create_period("2027-Q1", "triwulan", "01-01-2027")
    empty_office.create_period("2027-S2", "semester", "01-07-2027")
    # Moving a period onto another of its kind is refused as well.
    second = empty_office.period("2027-S2")
    with pytest.raises(ValidationError) as caught:
        empty_office.edit_period(second, second["nama"], "01-06-2027", "30-11-2027")
    assert caught.value.key == "period.overlap"
    assert empty_office.period("2027-S2")["tanggal_mulai"] == "2027-07-01"


def test_new_period_defaults() -> None:
    period = new_period("2026-S1", "semester", D(2026, 1, 1))
    assert period == {
        "kode": "2026-S1",
        "nama": "Semester I 2026",
        "jenis": "semester",
        "tanggal_mulai": "2026-01-01",
        "tanggal_selesai": "2026-06-30",
        "status": "draf",
        "kriteria": [],
    }
    assert period_dates(period) == (D(2026, 1, 1), D(2026, 6, 30))


def test_new_period_from_clerk_text() -> None:
    period = new_period(" 2026-02 ", " Bulanan ", "1-2-2028", nama="  Penilaian   Februari ")
    assert period["kode"] == "2026-02"
    assert period["jenis"] == "bulanan"
    assert period["nama"] == "Penilaian Februari"
    assert (period["tanggal_mulai"], period["tanggal_selesai"]) == ("2028-02-01", "2028-02-29")


def test_new_period_with_edited_end() -> None:
    period = new_period("2026-T1", "triwulan", "01-01-2026", selesai="15 April 2026")
    assert period["tanggal_selesai"] == "2026-04-15"
    same_day = new_period("X", "bulanan", D(2026, 1, 1), selesai=D(2026, 1, 1))
    assert same_day["tanggal_selesai"] == "2026-01-01"


def test_new_period_end_before_start() -> None:
    with pytest.raises(ValidationError) as info:
        new_period("2026-S1", "semester", "01-07-2026", selesai="30-06-2026")
    assert info.value.field == "tanggal_selesai"
    assert str(info.value) == (
        "tanggal selesai 30-06-2026 lebih awal dari tanggal mulai 01-07-2026"
    )


@pytest.mark.parametrize(
    ("kwargs", "key", "field"),
    [
        ({"kode": "2026 S1"}, "period.code_invalid", "kode"),
        ({"jenis": "mingguan"}, "period.kind_invalid", "jenis"),
        ({"mulai": "31-02-2026"}, "dates.impossible", "tanggal_mulai"),
        ({"mulai": "02-13-2026"}, "dates.month_first", "tanggal_mulai"),
        ({"selesai": "1-1-26"}, "dates.year_two_digit", "tanggal_selesai"),
        ({"nama": "x" * 101}, "period.name_too_long", "nama"),
    ],
)
def test_new_period_refusals(kwargs: dict[str, Any], key: str, field: str) -> None:
    args: dict[str, Any] = {"kode": "2026-S1", "jenis": "semester", "mulai": "01-01-2026"}
    args.update(kwargs)
    with pytest.raises(ValidationError) as info:
        new_period(**args)
    assert (info.value.key, info.value.field) == (key, field)


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        ("draf", "terbuka", True),
        ("terbuka", "ditutup", True),
        ("ditutup", "terbuka", True),
        ("draf", "ditutup", False),
        ("terbuka", "draf", False),
        ("ditutup", "draf", False),
        ("draf", "draf", False),
        ("terbuka", "terbuka", False),
        ("terbuka", "dihapus", False),
    ],
)
def test_can_transition(old: str, new: str, allowed: bool) -> None:
    assert can_transition(old, new) is allowed


@pytest.fixture
def draft() -> dict[str, Any]:
    return new_period("2026-S1", "semester", D(2026, 1, 1))


def test_open_snapshots_a_deep_copy(draft: dict[str, Any]) -> None:
    settings = default_settings()
    opened = transition(draft, "terbuka", settings["kriteria"])
    assert opened["status"] == "terbuka"
    assert [c["kode"] for c in opened["kriteria"]] == ["disiplin", "kualitas", "komunikasi"]
    assert draft["status"] == "draf" and draft["kriteria"] == []  # input untouched

    before = copy.deepcopy(opened["kriteria"])
    settings["kriteria"][0]["bobot"] = 99
    settings["kriteria"][0]["panduan"].append("Datang tepat waktu")
    settings["kriteria"].append({"kode": "baru", "nama": "Baru", "bobot": 5, "panduan": []})
    assert opened["kriteria"] == before
    assert opened["kriteria"][0]["bobot"] == 30


def test_close_and_reopen_keep_the_first_snapshot(draft: dict[str, Any]) -> None:
    settings = default_settings()
    opened = transition(draft, "terbuka", settings["kriteria"])
    closed = transition(opened, "ditutup")
    assert closed["status"] == "ditutup"
    assert opened["status"] == "terbuka"

    settings["kriteria"][1]["bobot"] = 1
    reopened = transition(closed, "terbuka", settings["kriteria"], confirm=True)
    assert reopened["status"] == "terbuka"
    assert reopened["kriteria"] == opened["kriteria"]
    assert reopened["kriteria"][1]["bobot"] == 40


def test_reopen_needs_confirmation(draft: dict[str, Any]) -> None:
    closed = transition(transition(draft, "terbuka", default_settings()["kriteria"]), "ditutup")
    with pytest.raises(ValidationError) as info:
        transition(closed, "terbuka")
    assert str(info.value) == "periode 2026-S1 sudah ditutup; membuka kembali harus dikonfirmasi"
    assert closed["status"] == "ditutup"


def test_open_needs_valid_criteria(draft: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as info:
        transition(draft, "terbuka")
    assert info.value.key == "period.criteria_required"
    with pytest.raises(ValidationError) as info:
        transition(draft, "terbuka", [])
    assert info.value.key == "criteria.empty"
    with pytest.raises(ValidationError) as info:
        transition(draft, "terbuka", [{"kode": "a", "nama": "A", "bobot": 0}])
    assert info.value.key == "criteria.weight_not_positive"


@pytest.mark.parametrize(
    ("status", "new", "message"),
    [
        ("draf", "ditutup", "status periode 2026-S1 tidak dapat diubah dari draf menjadi ditutup"),
        ("terbuka", "draf", "status periode 2026-S1 tidak dapat diubah dari terbuka menjadi draf"),
        ("ditutup", "draf", "status periode 2026-S1 tidak dapat diubah dari ditutup menjadi draf"),
        ("terbuka", "terbuka", "periode 2026-S1 sudah terbuka"),
        ("ditutup", "ditutup", "periode 2026-S1 sudah ditutup"),
        (
            "draf",
            "arsip",
            "status periode arsip tidak dikenal (pilihan: draf, terbuka, ditutup)",
        ),
    ],
)
def test_refused_transitions(status: str, new: str, message: str) -> None:
    period = new_period("2026-S1", "semester", D(2026, 1, 1)) | {"status": status}
    with pytest.raises(ValidationError) as info:
        transition(period, new, default_settings()["kriteria"], confirm=True)
    assert str(info.value) == message
    assert info.value.field == "status"


def test_refused_transition_in_english() -> None:
    i18n.set_language("en")
    period = new_period("2026-S1", "semester", D(2026, 1, 1))
    with pytest.raises(ValidationError) as info:
        transition(period, "ditutup")
    assert str(info.value) == "period 2026-S1 cannot change from draft to closed"
    assert period_status_label("terbuka") == "open"


def test_ensure_open_for_entry(draft: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as info:
        ensure_open_for_entry(draft)
    assert str(info.value) == (
        "periode 2026-S1 masih draf; buka periode dulu sebelum mengisi penilaian"
    )
    opened = transition(draft, "terbuka", default_settings()["kriteria"])
    ensure_open_for_entry(opened)  # no error: ratings may be entered
    closed = transition(opened, "ditutup")
    with pytest.raises(ValidationError) as info:
        ensure_open_for_entry(closed)
    assert str(info.value) == "periode 2026-S1 sudah ditutup; penilaian tidak dapat diubah"
    with pytest.raises(ValidationError) as info:
        ensure_open_for_entry({"kode": "X"})
    assert info.value.key == "period.status_unknown"
