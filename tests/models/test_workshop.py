"""Workshop schedules, enrolment with a waiting list, attendance, JP and recommendations."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import i18n
from models.errors import ValidationError
from models.workshop import (
    JP_EXPORT_FIELDS,
    MAX_SESI,
    below_target,
    cancel_session,
    clean_workshop,
    enrol,
    find_clash,
    generate_sessions,
    jp_earned,
    jp_tally,
    move_session,
    recommend,
    record_attendance,
    reschedule,
    sessions_overlap,
    set_kapasitas,
    withdraw,
)

LATER = dt.datetime(2100, 1, 1)
"""A moment after every session in these tests: each one may be marked."""

NIP_A = "198609262015051001"
NIP_B = "199001012019032002"
NIP_C = "198501152010011003"
NIP_D = "199203302020122004"
NIP_X = "197001011995031005"  # inactive


def employee(nip: str, nama: str, unit: str = "Sekretariat", aktif: bool = True) -> dict[str, Any]:
    return {
        "nip": nip,
        "jenis_asn": "PNS",
        "nama": nama,
        "gelar_depan": "",
        "gelar_belakang": "",
        "golongan": "III/a",
        "jabatan": "Pengadministrasi",
        "jenis_jabatan": "Pelaksana",
        "unit": unit,
        "atasan_nip": None,
        "aktif": aktif,
    }


EMPLOYEES = [
    employee(NIP_A, "Budi Santoso"),
    employee(NIP_B, "Siti Aminah", "Seksi Pemerintahan"),
    employee(NIP_C, "Agus Salim", "Seksi Kesejahteraan Rakyat"),
    employee(NIP_D, "Dewi Lestari"),
    employee(NIP_X, "Hartono", aktif=False),
]
BY_NIP = {e["nip"]: e for e in EMPLOYEES}


def jadwal(mulai: str, durasi: int = 120, ulang: str = "tidak", **extra: Any) -> dict[str, Any]:
    return {"mulai": mulai, "durasi_menit": durasi, "ulang": ulang, **extra}


_ids = itertools.count(1)


def workshop(
    judul: str = "Pelatihan Excel",
    kapasitas: int = 2,
    jp: int = 2,
    kriteria: str = "kualitas",
    **schedule: Any,
) -> dict[str, Any]:
    return clean_workshop(
        {
            "id": next(_ids),
            "judul": judul,
            "jenis": "pelatihan",
            "kriteria": kriteria,
            "penyelenggara": "BKD Kota Surabaya",
            "tempat": "Aula Kecamatan",
            "kapasitas": kapasitas,
            "jp_per_sesi": jp,
            "jadwal": schedule or jadwal("2026-12-01T09:00", ulang="harian", jumlah=3),
        }
    )


def starts(sessions: list[dict[str, Any]]) -> list[str]:
    return [s["mulai"] for s in sessions]


# --------------------------------------------------------------------------- rrule


def test_weekly_count_four() -> None:
    sessions = generate_sessions(jadwal("2026-11-02T09:00", 90, "mingguan", jumlah=4))
    assert sessions == [
        {"no": 1, "mulai": "2026-11-02T09:00", "selesai": "2026-11-02T10:30", "batal": False},
        {"no": 2, "mulai": "2026-11-09T09:00", "selesai": "2026-11-09T10:30", "batal": False},
        {"no": 3, "mulai": "2026-11-16T09:00", "selesai": "2026-11-16T10:30", "batal": False},
        {"no": 4, "mulai": "2026-11-23T09:00", "selesai": "2026-11-23T10:30", "batal": False},
    ]


@pytest.mark.parametrize(
    ("mulai", "sampai", "expected_last"),
    [
        # A late session on the last day is still inside "sampai".
        ("2026-11-02T15:00", "2026-11-23", "2026-11-23T15:00"),
        ("2026-11-02T23:30", "2026-11-23", "2026-11-23T23:30"),
        # The day before the next occurrence stops the series.
        ("2026-11-02T09:00", "2026-11-29", "2026-11-23T09:00"),
        ("2026-11-02T09:00", "2026-11-22", "2026-11-16T09:00"),
    ],
)
def test_weekly_until_is_inclusive_by_date(mulai: str, sampai: str, expected_last: str) -> None:
    sessions = generate_sessions(jadwal(mulai, 60, "mingguan", sampai=sampai))
    assert sessions[-1]["mulai"] == expected_last
    assert [s["no"] for s in sessions] == list(range(1, len(sessions) + 1))


def test_until_on_start_date_gives_one_session() -> None:
    sessions = generate_sessions(jadwal("2026-11-02T13:00", 60, "harian", sampai="2026-11-02"))
    assert starts(sessions) == ["2026-11-02T13:00"]


@pytest.mark.parametrize(
    "kecuali",
    [
        ["2026-08-17"],
        ["2026-08-17T00:00"],
        ["2026-08-17T13:45"],
        ["2026-08-17 08:00", "2026-08-17"],
    ],
)
def test_excluded_dates_match_by_date_not_time(kecuali: list[str]) -> None:
    sessions = generate_sessions(
        jadwal("2026-08-03T09:00", 60, "mingguan", jumlah=4, kecuali=kecuali)
    )
    # iCalendar semantics: 4 occurrences, then the excluded one removed.
    assert starts(sessions) == ["2026-08-03T09:00", "2026-08-10T09:00", "2026-08-24T09:00"]
    assert [s["no"] for s in sessions] == [1, 2, 3]


def test_excluded_date_off_schedule_changes_nothing() -> None:
    sessions = generate_sessions(
        jadwal("2026-08-03T09:00", 60, "mingguan", jumlah=2, kecuali=["2026-08-05"])
    )
    assert starts(sessions) == ["2026-08-03T09:00", "2026-08-10T09:00"]


@pytest.mark.parametrize(
    ("mulai", "expected"),
    [
        (
            "2028-01-31T09:00",  # leap year
            ["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31"],
        ),
        (
            "2026-01-31T09:00",
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"],
        ),
        (
            "2026-01-30T09:00",
            ["2026-01-30", "2026-02-28", "2026-03-30", "2026-04-30", "2026-05-30"],
        ),
        (
            "2026-01-29T09:00",
            ["2026-01-29", "2026-02-28", "2026-03-29", "2026-04-29", "2026-05-29"],
        ),
        (
            "2026-01-15T09:00",
            ["2026-01-15", "2026-02-15", "2026-03-15", "2026-04-15", "2026-05-15"],
        ),
    ],
)
def test_monthly_month_end_falls_on_last_day(mulai: str, expected: list[str]) -> None:
    sessions = generate_sessions(jadwal(mulai, 60, "bulanan", jumlah=5))
    assert [s["mulai"][:10] for s in sessions] == expected
    assert all(s["mulai"].endswith("T09:00") for s in sessions)


def test_monthly_until_at_month_end() -> None:
    sessions = generate_sessions(jadwal("2026-10-31T08:00", 60, "bulanan", sampai="2027-02-28"))
    assert [s["mulai"][:10] for s in sessions] == [
        "2026-10-31",
        "2026-11-30",
        "2026-12-31",
        "2027-01-31",
        "2027-02-28",
    ]


def test_daily_count_and_until_across_month() -> None:
    by_count = generate_sessions(jadwal("2026-12-30T08:00", 240, "harian", jumlah=4))
    by_until = generate_sessions(jadwal("2026-12-30T08:00", 240, "harian", sampai="2027-01-02"))
    assert (
        starts(by_count)
        == starts(by_until)
        == [
            "2026-12-30T08:00",
            "2026-12-31T08:00",
            "2027-01-01T08:00",
            "2027-01-02T08:00",
        ]
    )
    assert by_count[0]["selesai"] == "2026-12-30T12:00"


def test_session_past_midnight_ends_next_day() -> None:
    sessions = generate_sessions(jadwal("2026-12-31T22:00", 180))
    assert sessions == [
        {"no": 1, "mulai": "2026-12-31T22:00", "selesai": "2027-01-01T01:00", "batal": False}
    ]


def test_no_repeat_ignores_count_and_until() -> None:
    sessions = generate_sessions(
        jadwal("2026-12-03 09:00", 60, "tidak", jumlah=5, sampai="2027-01-01")
    )
    assert starts(sessions) == ["2026-12-03T09:00"]


def test_session_limit() -> None:
    assert len(generate_sessions(jadwal("2026-01-01T08:00", 60, "harian", jumlah=MAX_SESI))) == 366
    with pytest.raises(ValidationError) as err:
        generate_sessions(jadwal("2026-01-01T08:00", 60, "harian", jumlah=MAX_SESI + 1))
    assert err.value.field == "jadwal.jumlah"
    with pytest.raises(ValidationError) as err:
        generate_sessions(jadwal("2026-01-01T08:00", 60, "harian", sampai="2027-12-31"))
    assert err.value.field == "jadwal.sampai"
    assert str(err.value) == "jadwal menghasilkan lebih dari 366 sesi; perpendek jadwalnya"


@pytest.mark.parametrize(
    ("schedule", "field", "message"),
    [
        (
            jadwal("2026-12-03T09:00", 60, "mingguan"),
            "jadwal.jumlah",
            "jadwal berulang perlu jumlah sesi atau tanggal akhir",
        ),
        (
            jadwal("2026-12-03T09:00", 60, "mingguan", jumlah=2, sampai="2026-12-31"),
            "jadwal.jumlah",
            "isi jumlah sesi atau tanggal akhir, jangan keduanya",
        ),
        (
            jadwal("2026-12-03T09:00", 60, "mingguan", jumlah=0),
            "jadwal.jumlah",
            "jumlah sesi paling sedikit 1",
        ),
        (
            jadwal("2026-12-03T09:00", 60, "mingguan", sampai="2026-12-02"),
            "jadwal.sampai",
            "tanggal akhir 2026-12-02 sebelum tanggal mulai 2026-12-03",
        ),
        (
            jadwal("2026-12-03T09:00", 60, "mingguan", sampai="31-12-2026"),
            "jadwal.sampai",
            'tanggal akhir "31-12-2026" tidak valid (contoh: 2026-12-31)',
        ),
        (
            jadwal("2026-12-03", 60),
            "jadwal.mulai",
            'waktu mulai "2026-12-03" tidak valid (contoh: 2026-12-03 09:00)',
        ),
        (
            jadwal("2026-02-30T09:00", 60),
            "jadwal.mulai",
            'waktu mulai "2026-02-30T09:00" tidak valid (contoh: 2026-12-03 09:00)',
        ),
        (
            jadwal("2026-12-03T09:00", 0),
            "jadwal.durasi_menit",
            "durasi sesi harus 1 sampai 1440 menit",
        ),
        (
            jadwal("2026-12-03T09:00", 60, "tahunan", jumlah=2),
            "jadwal.ulang",
            'pengulangan "tahunan" tidak dikenal; pilih salah satu: '
            "tidak, harian, mingguan, bulanan",
        ),
        (
            jadwal("2026-12-03T09:00", 60, kecuali=["2026-12-03"]),
            "jadwal.kecuali",
            "semua sesi jatuh pada tanggal yang dikecualikan; tidak ada sesi tersisa",
        ),
        (
            jadwal("2026-12-03T09:00", 60, kecuali=["besok"]),
            "jadwal.kecuali",
            'tanggal dikecualikan "besok" tidak valid (contoh: 2026-08-17)',
        ),
    ],
)
def test_schedule_errors(schedule: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        generate_sessions(schedule)
    assert err.value.field == field
    assert str(err.value) == message


@given(
    count=st.integers(min_value=1, max_value=30),
    excluded_weeks=st.sets(st.integers(min_value=0, max_value=40), max_size=10),
    hour=st.integers(min_value=0, max_value=22),
)
def test_weekly_property(count: int, excluded_weeks: set[int], hour: int) -> None:
    first = dt.datetime(2026, 1, 5, hour, 30)
    schedule = {
        "mulai": first.isoformat(),
        "durasi_menit": 60,
        "ulang": "mingguan",
        "jumlah": count,
        # Exclusions given with an arbitrary time of day still remove the whole date.
        "kecuali": [(first + dt.timedelta(weeks=w, hours=1)).isoformat() for w in excluded_weeks],
    }
    expected = [
        (first + dt.timedelta(weeks=w)).isoformat(timespec="minutes")
        for w in range(count)
        if w not in excluded_weeks
    ]
    if not expected:
        with pytest.raises(ValidationError):
            generate_sessions(schedule)
        return
    sessions = generate_sessions(schedule)
    assert starts(sessions) == expected
    assert [s["no"] for s in sessions] == list(range(1, len(expected) + 1))
    assert all(
        dt.datetime.fromisoformat(s["selesai"]) - dt.datetime.fromisoformat(s["mulai"])
        == dt.timedelta(hours=1)
        for s in sessions
    )


# --------------------------------------------------------------------------- clean_workshop


def test_clean_workshop_generates_sessions_and_normalises() -> None:
    ws = clean_workshop(
        {
            "id": 7,
            "rev": 3,
            "judul": "  Pelatihan Excel ",
            "jenis": "Pelatihan",
            "kriteria": "kualitas",
            "penyelenggara": "BKD",
            "tempat": "Aula",
            "kapasitas": "20",
            "jp_per_sesi": "3",
            "jadwal": jadwal("2026-12-01 09:00", 120, "harian", jumlah="2"),
        },
        kriteria_codes=["disiplin", "kualitas", "komunikasi"],
    )
    assert ws == {
        "id": 7,
        "rev": 3,
        "judul": "Pelatihan Excel",
        "jenis": "pelatihan",
        "kriteria": "kualitas",
        "penyelenggara": "BKD",
        "tempat": "Aula",
        "kapasitas": 20,
        "jp_per_sesi": 3,
        "jadwal": {
            "mulai": "2026-12-01T09:00",
            "durasi_menit": 120,
            "ulang": "harian",
            "jumlah": 2,
            "sampai": None,
            "kecuali": [],
        },
        "sesi": [
            {"no": 1, "mulai": "2026-12-01T09:00", "selesai": "2026-12-01T11:00", "batal": False},
            {"no": 2, "mulai": "2026-12-02T09:00", "selesai": "2026-12-02T11:00", "batal": False},
        ],
        "peserta": [],
        "antrian": [],
        "kehadiran": {},
    }
    # Re-cleaning a stored record keeps moved/cancelled sessions.
    moved = cancel_session(move_session(ws, 2, "2026-12-05T13:00"), 1)
    assert clean_workshop(moved)["sesi"] == moved["sesi"]


BASE = {
    "judul": "Seminar",
    "jenis": "seminar",
    "kriteria": "",
    "penyelenggara": "",
    "tempat": "",
    "kapasitas": 10,
    "jp_per_sesi": 2,
    "jadwal": jadwal("2026-12-03T09:00"),
}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"judul": "  "}, "judul", "judul pelatihan wajib diisi"),
        ({"judul": "x" * 201}, "judul", "isian terlalu panjang (paling banyak 200 karakter)"),
        (
            {"jenis": "rapat"},
            "jenis",
            'jenis "rapat" tidak dikenal; pilih salah satu: pelatihan, workshop, seminar, '
            "kursus, coaching, mentoring, e-learning, magang",
        ),
        ({"kapasitas": 0}, "kapasitas", "kapasitas paling sedikit 1 orang"),
        ({"kapasitas": "sepuluh"}, "kapasitas", '"sepuluh" bukan bilangan bulat'),
        ({"kapasitas": True}, "kapasitas", '"True" bukan bilangan bulat'),
        ({"jp_per_sesi": 0}, "jp_per_sesi", "JP per sesi paling sedikit 1"),
        (
            {"kriteria": "kerapian"},
            "kriteria",
            'kriteria "kerapian" tidak ada di daftar kriteria kantor',
        ),
        (
            {"kapasitas": 1, "peserta": [NIP_A, NIP_B]},
            "kapasitas",
            "kapasitas 1 kurang dari jumlah peserta (2); keluarkan peserta dulu",
        ),
        (
            {"peserta": [NIP_A], "antrian": [NIP_A]},
            "antrian",
            "daftar NIP tidak valid (ada NIP ganda atau bukan teks)",
        ),
        (
            {"kehadiran": {"1": {NIP_A: "telat"}}},
            "kehadiran",
            'status kehadiran "telat" tidak dikenal; pilih hadir, izin, sakit, atau alpa',
        ),
        ({"kehadiran": {"9": {NIP_A: "hadir"}}}, "kehadiran", "data kehadiran tidak valid"),
    ],
)
def test_clean_workshop_errors(change: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        clean_workshop(BASE | change, kriteria_codes=["disiplin", "kualitas"])
    assert err.value.field == field
    assert str(err.value) == message


def test_non_classroom_types_accepted() -> None:
    for jenis in ("coaching", "mentoring", "e-learning", "magang"):
        assert clean_workshop(BASE | {"jenis": jenis})["jenis"] == jenis


# --------------------------------------------------------------------------- move / cancel


def test_move_keeps_duration_and_number() -> None:
    ws = workshop()
    moved = move_session(ws, 2, "2026-12-10T13:30")
    assert moved["sesi"][1] == {
        "no": 2,
        "mulai": "2026-12-10T13:30",
        "selesai": "2026-12-10T15:30",
        "batal": False,
    }
    assert moved["sesi"][0] == ws["sesi"][0]
    assert ws["sesi"][1]["mulai"] == "2026-12-02T09:00"  # input untouched


def test_move_refusals() -> None:
    ws = workshop()
    with pytest.raises(ValidationError) as err:
        move_session(ws, 2, "2026-12-03T10:00")
    assert str(err.value) == "sesi 2 akan bertumpuk dengan sesi 3 pelatihan ini"
    with pytest.raises(ValidationError) as err:
        move_session(ws, 9, "2026-12-10T10:00")
    assert str(err.value) == "sesi 9 tidak ada"
    with pytest.raises(ValidationError) as err:
        move_session(cancel_session(ws, 1), 1, "2026-12-10T10:00")
    assert str(err.value) == "sesi 1 sudah dibatalkan"


def test_move_refused_when_a_participant_would_clash() -> None:
    excel, _ = enrol(workshop(), NIP_A, [], BY_NIP)
    arsip, _ = enrol(
        workshop("Kursus Arsip", **jadwal("2026-12-10T10:00", 60)), NIP_A, [excel], BY_NIP
    )
    with pytest.raises(ValidationError) as err:
        move_session(excel, 2, "2026-12-10T09:30", [excel, arsip])
    assert str(err.value) == (
        "jadwal sesi 2 tidak dapat diubah: peserta 19860926 201505 1 001 bentrok dengan "
        '"Kursus Arsip" sesi 1 (10 Desember 2026 10.00)'
    )
    assert move_session(excel, 2, "2026-12-10T11:00", [excel, arsip])["sesi"][1]["mulai"] == (
        "2026-12-10T11:00"
    )


def test_cancelled_session_neither_overlaps_nor_earns() -> None:
    a = {"no": 1, "mulai": "2026-12-01T09:00", "selesai": "2026-12-01T11:00", "batal": False}
    b = {"no": 1, "mulai": "2026-12-01T10:00", "selesai": "2026-12-01T12:00", "batal": False}
    assert sessions_overlap(a, b)
    assert not sessions_overlap(a, b | {"batal": True})
    ws, _ = enrol(workshop(), NIP_A, [], BY_NIP)
    ws = record_attendance(ws, 1, NIP_A, "hadir", now=LATER)
    ws = record_attendance(ws, 2, NIP_A, "hadir", now=LATER)
    assert jp_earned(ws, NIP_A) == 4
    ws = cancel_session(ws, 2)
    assert jp_earned(ws, NIP_A) == 2
    assert ws["kehadiran"]["2"] == {NIP_A: "hadir"}  # kept for the record


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (("09:00", "10:00"), ("10:00", "11:00"), False),  # back to back
        (("09:00", "10:01"), ("10:00", "11:00"), True),
        (("09:00", "12:00"), ("10:00", "11:00"), True),  # contained
        (("11:00", "12:00"), ("09:00", "10:00"), False),
    ],
)
def test_sessions_overlap(a: tuple[str, str], b: tuple[str, str], overlap: bool) -> None:
    def s(times: tuple[str, str]) -> dict[str, Any]:
        return {"no": 1, "mulai": f"2026-12-01T{times[0]}", "selesai": f"2026-12-01T{times[1]}"}

    assert sessions_overlap(s(a), s(b)) is overlap
    assert sessions_overlap(s(b), s(a)) is overlap


def test_reschedule() -> None:
    ws, _ = enrol(workshop(), NIP_A, [], BY_NIP)
    new = reschedule(ws, jadwal("2027-01-04T08:00", 60, "mingguan", jumlah=2))
    assert starts(new["sesi"]) == ["2027-01-04T08:00", "2027-01-11T08:00"]
    assert new["peserta"] == [NIP_A]
    with pytest.raises(ValidationError) as err:
        reschedule(record_attendance(ws, 1, NIP_A, "izin", now=LATER), jadwal("2027-01-04T08:00"))
    assert err.value.key == "workshop.reschedule_has_attendance"


# --------------------------------------------------------------------------- enrolment


def test_capacity_then_fifo_waiting_list() -> None:
    ws = workshop(kapasitas=2)
    statuses = []
    for nip in (NIP_A, NIP_B, NIP_C, NIP_D):
        ws, status = enrol(ws, nip, [], BY_NIP)
        statuses.append(status)
    assert statuses == ["peserta", "peserta", "antrian", "antrian"]
    assert ws["peserta"] == [NIP_A, NIP_B]
    assert ws["antrian"] == [NIP_C, NIP_D]

    ws, promoted = withdraw(ws, NIP_A)
    assert promoted == NIP_C
    assert ws["peserta"] == [NIP_B, NIP_C]
    assert ws["antrian"] == [NIP_D]

    # Leaving the waiting list frees no seat.
    ws, promoted = withdraw(ws, NIP_D)
    assert promoted is None
    assert ws["antrian"] == []


def test_promotion_skips_a_clashing_candidate() -> None:
    excel = workshop(kapasitas=1)
    excel, _ = enrol(excel, NIP_A, [], BY_NIP)
    excel, _ = enrol(excel, NIP_B, [], BY_NIP)
    excel, _ = enrol(excel, NIP_C, [], BY_NIP)
    assert excel["antrian"] == [NIP_B, NIP_C]
    # While waiting, B takes a seat elsewhere that overlaps session 2.
    arsip, status = enrol(
        workshop("Kursus Arsip", **jadwal("2026-12-02T10:00", 60)), NIP_B, [excel], BY_NIP
    )
    assert status == "peserta"
    everything = [excel, arsip]
    excel, promoted = withdraw(excel, NIP_A, everything, BY_NIP)
    assert promoted == NIP_C
    assert excel["peserta"] == [NIP_C]
    assert excel["antrian"] == [NIP_B]  # keeps the place in the queue


def test_promotion_with_nobody_eligible_leaves_seat_free() -> None:
    excel, _ = enrol(workshop(kapasitas=1), NIP_A, [], BY_NIP)
    excel, _ = enrol(excel, NIP_B, [], BY_NIP)
    arsip, _ = enrol(
        workshop("Kursus Arsip", **jadwal("2026-12-01T08:00", 120)), NIP_B, [excel], BY_NIP
    )
    excel, promoted = withdraw(excel, NIP_A, [arsip])
    assert promoted is None
    assert excel["peserta"] == []
    assert excel["antrian"] == [NIP_B]


def test_promotion_skips_inactive_when_employees_known() -> None:
    excel, _ = enrol(workshop(kapasitas=1), NIP_A, [], BY_NIP)
    excel, _ = enrol(excel, NIP_B, [], BY_NIP)
    excel, _ = enrol(excel, NIP_C, [], BY_NIP)
    retired = BY_NIP | {NIP_B: BY_NIP[NIP_B] | {"aktif": False}}
    excel, promoted = withdraw(excel, NIP_A, [], retired)
    assert promoted == NIP_C


def test_raising_capacity_promotes_in_order() -> None:
    ws = workshop(kapasitas=1)
    for nip in (NIP_A, NIP_B, NIP_C, NIP_D):
        ws, _ = enrol(ws, nip, [], BY_NIP)
    ws, promoted = set_kapasitas(ws, 3)
    assert promoted == [NIP_B, NIP_C]
    assert ws["peserta"] == [NIP_A, NIP_B, NIP_C]
    assert ws["antrian"] == [NIP_D]
    assert ws["kapasitas"] == 3
    with pytest.raises(ValidationError) as err:
        set_kapasitas(ws, 2)
    assert str(err.value) == "kapasitas 2 kurang dari jumlah peserta (3); keluarkan peserta dulu"


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("199912312020121999", "pegawai dengan NIP 19991231 202012 1 999 tidak ada"),
        (NIP_X, "Hartono tidak aktif sehingga tidak dapat didaftarkan"),
        (NIP_A, "Budi Santoso sudah terdaftar sebagai peserta"),
        (NIP_C, "Agus Salim sudah ada di daftar tunggu (urutan 1)"),
    ],
)
def test_enrol_refusals(nip: str, message: str) -> None:
    ws, _ = enrol(workshop(kapasitas=2), NIP_A, [], BY_NIP)
    ws, _ = enrol(ws, NIP_B, [], BY_NIP)
    ws, _ = enrol(ws, NIP_C, [], BY_NIP)
    with pytest.raises(ValidationError) as err:
        enrol(ws, nip, [], BY_NIP)
    assert err.value.field == "peserta"
    assert str(err.value) == message


def test_enrol_accepts_nip_with_spaces() -> None:
    ws, status = enrol(workshop(), "19860926 201505 1 001", [], BY_NIP)
    assert (ws["peserta"], status) == ([NIP_A], "peserta")


def test_overlap_refusal_names_both_workshops() -> None:
    excel = workshop("Pelatihan Excel", **jadwal("2026-12-01T09:00", 120, "harian", jumlah=3))
    excel, _ = enrol(excel, NIP_A, [], BY_NIP)
    surat = workshop("Workshop Tata Naskah", **jadwal("2026-12-03T10:00", 90))
    with pytest.raises(ValidationError) as err:
        enrol(surat, NIP_A, [excel], BY_NIP)
    assert str(err.value) == (
        'Budi Santoso tidak dapat ikut "Workshop Tata Naskah" sesi 1 (3 Desember 2026 10.00): '
        'bentrok dengan "Pelatihan Excel" sesi 3 (3 Desember 2026 09.00)'
    )
    i18n.set_language("en")
    assert str(err.value) == (
        'Budi Santoso cannot attend "Workshop Tata Naskah" session 1 (3 December 2026 10:00): '
        'clashes with "Pelatihan Excel" session 3 (3 December 2026 09:00)'
    )
    clash = find_clash(NIP_A, surat, [excel])
    assert clash is not None
    assert clash[0]["judul"] == "Pelatihan Excel"
    assert (clash[1]["no"], clash[2]["no"]) == (1, 3)
    # Someone else, or the same person after session 3 is cancelled, may enrol.
    assert enrol(surat, NIP_B, [excel], BY_NIP)[1] == "peserta"
    assert enrol(surat, NIP_A, [cancel_session(excel, 3)], BY_NIP)[1] == "peserta"


def test_waiting_elsewhere_is_no_clash_and_self_is_ignored() -> None:
    full, _ = enrol(workshop(kapasitas=1), NIP_B, [], BY_NIP)
    full, _ = enrol(full, NIP_A, [], BY_NIP)
    assert full["antrian"] == [NIP_A]
    other = workshop("Seminar Pelayanan", **jadwal("2026-12-01T09:00", 60))
    assert enrol(other, NIP_A, [full], BY_NIP)[1] == "peserta"
    assert find_clash(NIP_B, full, [full]) is None


# --------------------------------------------------------------------------- attendance / JP


def test_attendance_validation() -> None:
    ws, _ = enrol(workshop(kapasitas=1), NIP_A, [], BY_NIP)
    ws, _ = enrol(ws, NIP_B, [], BY_NIP)  # waiting, not a participant
    ws = record_attendance(ws, 1, NIP_A, "Hadir", now=LATER)
    assert ws["kehadiran"] == {"1": {NIP_A: "hadir"}}
    ws = record_attendance(ws, 1, NIP_A, "sakit", now=LATER)
    assert ws["kehadiran"] == {"1": {NIP_A: "sakit"}}
    cases = [
        (
            (1, NIP_A, "terlambat"),
            'status kehadiran "terlambat" tidak dikenal; pilih hadir, izin, sakit, atau alpa',
        ),
        ((1, NIP_B, "hadir"), "NIP 19900101 201903 2 002 bukan peserta pelatihan ini"),
        ((4, NIP_A, "hadir"), "sesi 4 tidak ada"),
        ((2, NIP_A, "hadir"), "sesi 2 sudah dibatalkan"),
    ]
    cancelled = cancel_session(ws, 2)
    for (no, nip, status), message in cases:
        with pytest.raises(ValidationError) as err:
            record_attendance(cancelled, no, nip, status, now=LATER)
        assert str(err.value) == message


def test_jp_counts_only_hadir() -> None:
    ws, _ = enrol(workshop(jp=3), NIP_A, [], BY_NIP)
    ws, _ = enrol(ws, NIP_B, [], BY_NIP)
    for no, status in ((1, "hadir"), (2, "izin"), (3, "hadir")):
        ws = record_attendance(ws, no, NIP_A, status, now=LATER)
    for no, status in ((1, "sakit"), (2, "alpa"), (3, "hadir")):
        ws = record_attendance(ws, no, NIP_B, status, now=LATER)
    assert jp_earned(ws, NIP_A) == 6
    assert jp_earned(ws, NIP_B) == 3
    assert jp_earned(ws, NIP_C) == 0


def test_jp_year_boundary() -> None:
    ws = workshop(jp=2, **jadwal("2026-12-31T20:00", 300, "harian", jumlah=2))
    assert starts(ws["sesi"]) == ["2026-12-31T20:00", "2027-01-01T20:00"]
    ws, _ = enrol(ws, NIP_A, [], BY_NIP)
    ws = record_attendance(ws, 1, NIP_A, "hadir", now=LATER)
    ws = record_attendance(ws, 2, NIP_A, "hadir", now=LATER)
    # The 31 December session runs past midnight but belongs to the year it started.
    assert (jp_earned(ws, NIP_A, 2026), jp_earned(ws, NIP_A, 2027)) == (2, 2)
    assert jp_earned(ws, NIP_A, 2025) == 0
    assert jp_earned(ws, NIP_A) == 4


def test_jp_kept_after_withdrawal() -> None:
    ws, _ = enrol(workshop(jp=2), NIP_A, [], BY_NIP)
    ws = record_attendance(ws, 1, NIP_A, "hadir", now=LATER)
    ws, _ = withdraw(ws, NIP_A)
    assert jp_earned(ws, NIP_A, 2026) == 2


def test_jp_tally_and_below_target() -> None:
    excel = workshop(jp=4)
    for nip in (NIP_A, NIP_B):
        excel, _ = enrol(excel, nip, [], BY_NIP)
    for no in (1, 2, 3):
        excel = record_attendance(excel, no, NIP_A, "hadir", now=LATER)
    excel = record_attendance(excel, 1, NIP_B, "hadir", now=LATER)
    magang = workshop(
        "Magang Arsip", kapasitas=5, jp=10, **jadwal("2026-11-02T08:00", 480, "mingguan", jumlah=2)
    )
    magang, _ = enrol(magang, NIP_A, [], BY_NIP)
    magang = record_attendance(magang, 1, NIP_A, "hadir", now=LATER)
    magang = record_attendance(magang, 2, NIP_A, "hadir", now=LATER)
    tally = jp_tally([excel, magang], EMPLOYEES, 2026, 20)
    assert [list(row) for row in tally] == [JP_EXPORT_FIELDS] * 4
    assert [(r["nama"], r["jp"], r["kurang"]) for r in tally] == [
        ("Agus Salim", 0, 20),
        ("Budi Santoso", 32, 0),
        ("Dewi Lestari", 0, 20),
        ("Siti Aminah", 4, 16),
    ]
    assert tally[0] == {
        "nip": NIP_C,
        "nama": "Agus Salim",
        "unit": "Seksi Kesejahteraan Rakyat",
        "jp": 0,
        "target": 20,
        "kurang": 20,
    }
    assert [r["nama"] for r in below_target(tally)] == [
        "Agus Salim",
        "Dewi Lestari",
        "Siti Aminah",
    ]
    assert jp_tally([excel], EMPLOYEES, 2027, 20)[1]["jp"] == 0
    with pytest.raises(ValidationError):
        jp_tally([excel], EMPLOYEES, 2026, -1)


# --------------------------------------------------------------------------- recommendation


def test_recommend_weakest_first_ties_by_name_missing_last() -> None:
    people = [
        *EMPLOYEES,
        employee("198001012005011006", "Bambang"),
        employee("198101012006012007", "Ani"),
        employee("198201012007011008", "Zainal"),
    ]
    ws, _ = enrol(workshop(kapasitas=1), NIP_D, [], BY_NIP)
    ws, _ = enrol(ws, "198001012005011006", [], {p["nip"]: p for p in people})  # waiting
    means = {
        NIP_A: 3.5,
        NIP_B: 2.25,
        NIP_C: 3.5,
        NIP_D: 1.0,  # enrolled: left out
        NIP_X: 1.0,  # inactive: left out
        "198001012005011006": 1.5,  # waiting: left out
    }
    assert recommend(ws, means, people) == [
        NIP_B,  # 2.25
        NIP_C,  # 3.5, Agus before Budi
        NIP_A,
        "198101012006012007",  # no mean: Ani, then Zainal
        "198201012007011008",
    ]


# --------------------------------------------------------------------------- catalogs


def test_catalogs_have_the_same_keys() -> None:
    locale = Path(i18n.__file__).with_name("locale")
    ids = json.loads((locale / "id" / "workshop.json").read_text(encoding="utf-8"))
    ens = json.loads((locale / "en" / "workshop.json").read_text(encoding="utf-8"))
    assert set(ids) == set(ens)
    assert all(key.startswith("workshop.") for key in ids)
