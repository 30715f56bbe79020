"""Stored workshops: persistence, conflicts, waiting lists, JP per year, career history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from models import history, workshop_form, workshops
from models import workshop as rules
from models.errors import ValidationError
from models.i18n import set_language
from models.office import Office
from models.scoring import criterion_means
from models.store import ConflictError
from models.workshop_form import form_data

LATER = dt.datetime(2100, 1, 1)
"""A moment after every session in these tests: each one may be marked."""


def _values(**overrides: str) -> dict[str, str]:
    values = workshop_form.form_values(None)
    values.update(
        {
            "judul": "Pelatihan Arsip Digital",
            "jenis": "pelatihan",
            "kriteria": "disiplin",
            "tanggal": "07-01-2027",
            "jam": "09:00",
            "durasi": "120",
            "kapasitas": "2",
            "jp_per_sesi": "3",
        }
    )
    values.update(overrides)
    return values


def _active(office: Office) -> list[str]:
    return [e["nip"] for e in office.employees() if e["aktif"]]


def _create(office: Office, **overrides: str) -> dict[str, Any]:
    return workshops.create_workshop(office, form_data(_values(**overrides)))


# --------------------------------------------------------------------------- the form


def test_form_weekly_four_sessions_preview() -> None:
    values = _values(ulang="mingguan", jumlah="4", tanggal="03-11-2026", jam="9.30")
    sessions = workshop_form.preview_sessions(values)
    assert [s["mulai"] for s in sessions] == [
        "2026-11-03T09:30",
        "2026-11-10T09:30",
        "2026-11-17T09:30",
        "2026-11-24T09:30",
    ]
    assert sessions[0]["selesai"] == "2026-11-03T11:30"


def test_form_until_and_exclusions() -> None:
    values = _values(
        ulang="harian", sampai="10-08-2026", tanggal="07-08-2026", kecuali="08-08-2026"
    )
    days = [s["mulai"][:10] for s in workshop_form.preview_sessions(values)]
    assert days == ["2026-08-07", "2026-08-09", "2026-08-10"]


def test_form_ignores_repeat_end_without_repeat() -> None:
    jadwal = workshop_form.form_jadwal(_values(jumlah="4", sampai="01-01-2030"))
    assert jadwal["jumlah"] is None and jadwal["sampai"] is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"tanggal": "31-02-2027"}, "tanggal"),
        ({"jam": "25:00"}, "jam"),
        ({"durasi": "0"}, "durasi"),
        ({"ulang": "mingguan"}, "jumlah"),
        ({"ulang": "mingguan", "jumlah": "2", "sampai": "01-02-2027"}, "jumlah"),
        ({"ulang": "mingguan", "sampai": "01-01-2027"}, "sampai"),
        ({"kecuali": "07-01-2027, 32-01-2027"}, "kecuali"),
        ({"kecuali": "07-01-2027"}, "kecuali"),
    ],
)
def test_form_errors_name_the_field(overrides: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        workshop_form.preview_sessions(_values(**overrides))
    assert workshop_form.form_field(caught.value) == field


def test_sampai_before_mulai_in_long_dates() -> None:
    with pytest.raises(ValidationError) as caught:
        workshop_form.form_jadwal(_values(ulang="harian", sampai="01-01-2027"))
    assert str(caught.value) == "tanggal akhir 1 Januari 2027 sebelum tanggal mulai 7 Januari 2027"


def test_form_values_round_trip(office: Office) -> None:
    ws = _create(office, ulang="mingguan", jumlah="3", kecuali="14-01-2027")
    values = workshop_form.form_values(ws)
    assert values["tanggal"] == "07-01-2027"
    assert values["jam"] == "09:00"
    assert values["kecuali"] == "14-01-2027"
    assert workshop_form.form_jadwal(values) | {"durasi_menit": 120, "jumlah": 3} == ws["jadwal"]


def test_parse_moment() -> None:
    assert workshop_form.parse_moment("03-12-2026 9:15") == dt.datetime(2026, 12, 3, 9, 15)
    with pytest.raises(ValidationError):
        workshop_form.parse_moment("03-12-2026")


# --------------------------------------------------------------------------- persistence


def test_create_persists_and_reads_back(office: Office, office_path: Path) -> None:
    ws = _create(office, ulang="mingguan", jumlah="4")
    other = Office.open(office_path)
    stored = workshops.workshop(other, ws["id"])
    assert stored["judul"] == "Pelatihan Arsip Digital"
    assert [s["mulai"][:10] for s in stored["sesi"]] == [
        "2027-01-07",
        "2027-01-14",
        "2027-01-21",
        "2027-01-28",
    ]
    assert stored["rev"] == 1
    assert ws["id"] in [w["id"] for w in workshops.workshops(other, 2027)]
    assert ws["id"] not in [w["id"] for w in workshops.workshops(other, 2026)]
    assert workshops.workshop_years(other) == [2026, 2027]


def test_create_rejects_unknown_criterion(office: Office) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(office, kriteria="kepemimpinan")
    assert caught.value.field == "kriteria"


def test_workshops_sorted_by_first_session(office: Office) -> None:
    late = _create(office, judul="B Akhir", tanggal="20-01-2027")
    early = _create(office, judul="C Awal", tanggal="05-01-2027")
    same = _create(office, judul="A Awal", tanggal="05-01-2027", jam="13:00")
    ids = [ws["id"] for ws in workshops.workshops(office, 2027)]
    assert ids == [early["id"], same["id"], late["id"]]
    firsts = [workshops.first_start(ws) for ws in workshops.workshops(office)]
    assert firsts == sorted(firsts)


def test_is_finished_uses_last_active_session(office: Office) -> None:
    ws = _create(office, tanggal="17-11-2026", ulang="mingguan", jumlah="4")
    assert workshops.first_start(ws) == dt.datetime(2026, 11, 17, 9, 0)
    assert workshops.last_end(ws) == dt.datetime(2026, 12, 8, 11, 0)
    assert not workshops.is_finished(ws, dt.datetime(2026, 12, 1, 8, 0))
    assert workshops.is_finished(ws, dt.datetime(2026, 12, 8, 11, 0))
    cancelled = workshops.cancel_session(office, ws, 4)
    assert workshops.last_end(cancelled) == dt.datetime(2026, 12, 1, 11, 0)
    assert workshops.is_finished(cancelled, dt.datetime(2026, 12, 1, 11, 0))
    first_cancelled = workshops.cancel_session(office, cancelled, 1)
    assert workshops.first_start(first_cancelled) == dt.datetime(2026, 11, 24, 9, 0)


def test_edit_from_stale_rev_is_a_conflict(office: Office, office_path: Path) -> None:
    ws = _create(office)
    other = Office.open(office_path)
    workshops.edit_workshop(other, workshops.workshop(other, ws["id"]), {"judul": "Judul Baru"})
    with pytest.raises(ConflictError) as caught:
        workshops.edit_workshop(office, ws, {"judul": "Judul Saya"})
    assert caught.value.current is not None
    assert caught.value.current["judul"] == "Judul Baru"
    assert workshops.workshop(office, ws["id"])["judul"] == "Judul Baru"


def test_enrol_on_stale_copy_is_a_conflict(office: Office) -> None:
    ws = _create(office)
    nips = _active(office)
    workshops.enrol(office, ws, nips[0])
    with pytest.raises(ConflictError):
        workshops.enrol(office, ws, nips[1])


def test_waiting_list_promotion_through_the_store(office: Office, office_path: Path) -> None:
    ws = _create(office)
    a, b, c, d = _active(office)[:4]
    statuses = []
    for nip in (a, b, c, d):
        statuses.append(workshops.enrol(office, ws, nip))
        ws = workshops.workshop(office, ws["id"])
    assert statuses == ["peserta", "peserta", "antrian", "antrian"]
    other = Office.open(office_path)
    stored = workshops.workshop(other, ws["id"])
    assert stored["peserta"] == [a, b] and stored["antrian"] == [c, d]
    assert workshops.withdraw(other, stored, a) == c
    after = workshops.workshop(Office.open(office_path), ws["id"])
    assert after["peserta"] == [b, c] and after["antrian"] == [d]
    # This clerk's copy is stale until the app catches up with the other clerk's save.
    with pytest.raises(ConflictError):
        workshops.withdraw(office, ws, d)
    office.refresh()
    assert workshops.withdraw(office, workshops.workshop(office, ws["id"]), d) is None
    assert workshops.workshop(office, ws["id"])["antrian"] == []


def test_set_capacity_promotes_in_order(office: Office) -> None:
    ws = _create(office)
    nips = _active(office)[:5]
    for nip in nips:
        workshops.enrol(office, workshops.workshop(office, ws["id"]), nip)
    promoted = workshops.set_capacity(office, workshops.workshop(office, ws["id"]), "4")
    assert promoted == nips[2:4]
    stored = workshops.workshop(office, ws["id"])
    assert stored["kapasitas"] == 4 and stored["antrian"] == [nips[4]]


def test_edit_raising_capacity_promotes(office: Office) -> None:
    ws = _create(office)
    nips = _active(office)[:3]
    for nip in nips:
        workshops.enrol(office, workshops.workshop(office, ws["id"]), nip)
    current = workshops.workshop(office, ws["id"])
    saved = workshops.edit_workshop(office, current, form_data(_values(kapasitas="3")))
    assert saved["peserta"] == nips and saved["antrian"] == []


def test_clash_sees_workshops_saved_by_another_clerk(office: Office, office_path: Path) -> None:
    mine = _create(office)
    nip = _active(office)[0]
    other = Office.open(office_path)
    theirs = _create(other, judul="Seminar Etika ASN", jenis="seminar", jam="10:00")
    workshops.enrol(other, theirs, nip)
    with pytest.raises(ValidationError) as caught:
        workshops.enrol(office, mine, nip)
    message = str(caught.value)
    assert "Seminar Etika ASN" in message
    assert "7 Januari 2027 10.00" in message
    assert workshops.workshop(office, mine["id"])["peserta"] == []


def test_reschedule_on_edit_and_refused_after_attendance(office: Office) -> None:
    ws = _create(office, ulang="harian", jumlah="2")
    nip = _active(office)[0]
    workshops.enrol(office, ws, nip)
    ws = workshops.workshop(office, ws["id"])
    moved = workshops.edit_workshop(office, ws, form_data(_values(tanggal="11-01-2027")))
    assert [s["mulai"][:10] for s in moved["sesi"]] == ["2027-01-11"]
    marked = workshops.record_attendance(office, moved, 1, nip, "hadir", now=LATER)
    with pytest.raises(ValidationError) as caught:
        workshops.edit_workshop(office, marked, form_data(_values(tanggal="12-01-2027")))
    assert workshop_form.form_field(caught.value) == "tanggal"
    # Same schedule, other title: accepted, attendance kept.
    renamed = workshops.edit_workshop(
        office,
        marked,
        form_data(_values(tanggal="11-01-2027", judul="Arsip Digital II")),
    )
    assert renamed["judul"] == "Arsip Digital II"
    assert renamed["kehadiran"] == {"1": {nip: "hadir"}}


def test_move_and_cancel_session_persist(office: Office, office_path: Path) -> None:
    ws = _create(office, ulang="mingguan", jumlah="3")
    moved = workshops.move_session(office, ws, 2, "2027-01-15T13:00")
    cancelled = workshops.cancel_session(office, moved, 3)
    stored = workshops.workshop(Office.open(office_path), ws["id"])
    assert stored["sesi"][1]["mulai"] == "2027-01-15T13:00"
    assert stored["sesi"][1]["selesai"] == "2027-01-15T15:00"
    assert stored["sesi"][2]["batal"] is True
    assert stored["rev"] == cancelled["rev"] == 3


def test_delete_only_without_attendance(office: Office) -> None:
    ws = _create(office)
    workshops.delete_workshop(office, ws)
    assert all(w["id"] != ws["id"] for w in workshops.workshops(office))
    demo = workshops.workshops(office, 2026)[0]
    with pytest.raises(ValidationError):
        workshops.delete_workshop(office, demo)


def test_audit_records_workshop_changes(office: Office) -> None:
    ws = _create(office)
    workshops.enrol(office, ws, _active(office)[0])
    entries = [e for e in office.store.audit() if e["tabel"] == "workshops"]
    assert [e["aksi"] for e in entries] == ["tambah", "ubah"]
    assert entries[1]["baru"] == {"peserta": [_active(office)[0]]}


# --------------------------------------------------------------------------- JP


def test_jp_tally_across_years(office: Office) -> None:
    nip = _active(office)[0]
    before_2026 = {row["nip"]: row["jp"] for row in workshops.jp_tally(office, 2026)}[nip]
    ws = _create(office, tanggal="21-12-2026", ulang="mingguan", jumlah="3")
    workshops.enrol(office, ws, nip)
    ws = workshops.workshop(office, ws["id"])
    for no in (1, 2, 3):
        ws = workshops.record_attendance(
            office, ws, no, nip, "hadir" if no != 2 else "izin", now=LATER
        )
    tally_2026 = {row["nip"]: row for row in workshops.jp_tally(office, 2026)}
    tally_2027 = {row["nip"]: row for row in workshops.jp_tally(office, 2027)}
    assert tally_2026[nip]["jp"] == before_2026 + 3
    assert tally_2027[nip]["jp"] == 3
    assert tally_2027[nip]["target"] == 20
    assert tally_2027[nip]["kurang"] == 17
    assert len(tally_2027) == len(_active(office))


def test_jp_tally_uses_office_target(office: Office) -> None:
    office.update_settings(office.settings(), {"target_jp": 32})
    rows = workshops.jp_tally(office, 2026)
    assert {row["target"] for row in rows} == {32}


# --------------------------------------------------------------------------- recommendations


def test_recommendations_weakest_first_excluding_enrolled(office: Office) -> None:
    ws = _create(office, kriteria="komunikasi")
    means = criterion_means(office.results("2026-S2"), "komunikasi")
    weakest = min(means, key=lambda nip: (means[nip], office.employee(nip)["nama"]))
    recs = workshops.recommendations(office, ws)
    assert recs[0] == (weakest, means[weakest])
    assert [m for _, m in recs if m is not None] == sorted(m for _, m in recs if m is not None)
    workshops.enrol(office, ws, weakest)
    recs = workshops.recommendations(office, workshops.workshop(office, ws["id"]))
    assert weakest not in [nip for nip, _ in recs]
    assert len(recs) == len(_active(office)) - 1


def test_recommendations_without_criterion_use_overall_score(office: Office) -> None:
    ws = _create(office, kriteria="")
    result = office.results("2026-S2")
    lowest = min(
        (ln for ln in result.lines if ln.skor_akhir is not None),
        key=lambda ln: (ln.skor_akhir, ln.nama),
    )
    nip, mean = workshops.recommendations(office, ws)[0]
    assert nip == lowest.nip
    assert mean == float(lowest.skor_akhir or 0)


def test_recommendations_without_scores_by_name(empty_office: Office) -> None:
    ws = {"peserta": [], "antrian": [], "kriteria": "disiplin"}
    assert workshops.recommendations(empty_office, ws) == []
    assert workshops.latest_scored_period(empty_office) is None
    assert workshops.high_potential(empty_office) == []


def test_high_potential_is_top_of_ranking(office: Office) -> None:
    top = workshops.high_potential(office, 3)
    lines = office.results("2026-S2").lines
    expected = [ln.nip for ln in lines if ln.peringkat is not None and ln.peringkat <= 3]
    assert [ln.nip for ln in top] == expected
    assert len(top) >= 3
    assert top[0].peringkat == 1
    assert all(ln.lengkap for ln in top)
    assert top[0].nilai == max(ln.nilai for ln in lines if ln.lengkap and ln.nilai is not None)


# --------------------------------------------------------------------------- history


def test_history_period_values(office: Office) -> None:
    lines = office.results("2026-S2").lines
    line = lines[1]
    hist = history.history(office, line.nip)
    assert len(hist.periods) == 1
    period = hist.periods[0]
    assert (period.kode, period.nama, period.status) == ("2026-S2", "Semester II 2026", "terbuka")
    assert (period.nilai, period.predikat, period.peringkat, period.peringkat_unit) == (
        line.nilai,
        line.predikat,
        line.peringkat,
        line.peringkat_unit,
    )
    assert isinstance(period.nilai, Decimal) and period.peringkat is not None
    assert period.jumlah_peringkat == sum(1 for ln in lines if ln.peringkat is not None)
    assert period.jumlah_unit == sum(
        1 for ln in lines if ln.peringkat is not None and ln.unit == line.unit
    )
    assert period.lengkap and period.alasan == ()


def test_history_incomplete_reasons(office: Office) -> None:
    incomplete = next(ln for ln in office.results("2026-S2").lines if not ln.lengkap)
    period = history.history(office, incomplete.nip).periods[0]
    assert period.peringkat is None
    assert period.alasan == tuple(incomplete.alasan)
    assert period.alasan


def test_history_periods_oldest_first(office: Office) -> None:
    office.create_period("2026-S1", "semester", "01-01-2026")
    nip = office.results("2026-S2").lines[0].nip
    kodes = [p.kode for p in history.history(office, nip).periods]
    assert kodes == ["2026-S1", "2026-S2"]
    first = history.history(office, nip).periods[0]
    assert first.nilai is None and first.peringkat is None


def test_history_training_per_year(office: Office) -> None:
    nip = office.results("2026-S2").lines[0].nip
    before = {y.tahun: y for y in history.history(office, nip).training}
    assert 2027 not in before
    ws = _create(office, tanggal="21-12-2026", ulang="mingguan", jumlah="3")
    workshops.enrol(office, ws, nip)
    ws = workshops.workshop(office, ws["id"])
    ws = workshops.record_attendance(office, ws, 1, nip, "hadir", now=LATER)
    ws = workshops.record_attendance(office, ws, 3, nip, "hadir", now=LATER)
    hist = history.history(office, nip)
    years = {year.tahun: year for year in hist.training}
    assert sorted(years) == [2026, 2027]
    earlier = before.get(2026)
    assert years[2026].jp == (earlier.jp if earlier else 0) + 3
    assert years[2026].lines[:-1] == (earlier.lines if earlier else ())
    assert [(ln.judul, ln.jp, ln.hadir, ln.sesi) for ln in years[2026].lines[-1:]] == [
        ("Pelatihan Arsip Digital", 3, 1, 2),
    ]
    assert [(ln.jp, ln.hadir, ln.sesi, ln.status) for ln in years[2027].lines] == [
        (3, 1, 1, "peserta")
    ]
    assert years[2027].kurang == 17
    # Withdrawing keeps what was earned.
    workshops.withdraw(office, ws, nip)
    years = {y.tahun: y for y in history.history(office, nip).training}
    assert years[2027].lines[0].status == "keluar"
    assert years[2027].jp == 3


def test_history_awards_and_rating_changes(office: Office) -> None:
    line = office.results("2026-S2").lines[0]
    nip = line.nip
    with office.store.transaction() as txn:
        txn.insert(
            "awards",
            {
                "nip": nip,
                "periode": "2026-S2",
                "jenis": "Pegawai Teladan",
                "nomor_sk": "800/12/2026",
                "tanggal_sk": "2026-12-20",
                "catatan": "",
            },
        )
        txn.insert("awards", {"nip": "other", "periode": "2026-S2", "jenis": "x"})
    atasan = office.employee(nip)["atasan_nip"]
    existing = office.rating("2026-S2", nip, atasan)
    assert existing is not None
    kodes = [c["kode"] for c in office.criteria_of("2026-S2")]
    new_scores = {k: 5 if existing["skor"].get(k) != 5 else 4 for k in kodes}
    office.save_rating("2026-S2", nip, atasan, "atasan", new_scores)
    office.delete_rating("2026-S2", nip, atasan)
    hist = history.history(office, nip)
    assert [(a["jenis"], a["nomor_sk"]) for a in hist.awards] == [
        ("Pegawai Teladan", "800/12/2026")
    ]
    assert [c.aksi for c in hist.changes] == ["ubah", "hapus"]
    changed, deleted = hist.changes
    assert changed.nip_dinilai == nip and changed.nip_penilai == atasan
    assert changed.peran == "atasan"
    assert changed.skor_baru is not None and changed.skor_lama is not None
    assert {**existing["skor"], **changed.skor_baru} == new_scores
    assert deleted.skor_lama == new_scores and deleted.skor_baru is None
    assert changed.pengguna and changed.waktu.startswith("20")


def test_history_changes_include_ratings_given(office: Office) -> None:
    line = office.results("2026-S2").lines[0]
    nip = line.nip
    kodes = [c["kode"] for c in office.criteria_of("2026-S2")]
    office.save_rating("2026-S2", nip, nip, "diri", dict.fromkeys(kodes, 4))
    changes = history.history(office, nip).changes
    assert len(changes) == 1
    assert (changes[0].aksi, changes[0].peran, changes[0].nip_penilai) == ("tambah", "diri", nip)
    assert changes[0].skor_baru == dict.fromkeys(kodes, 4)


def test_english_messages(office: Office) -> None:
    set_language("en")
    with pytest.raises(ValidationError) as caught:
        workshop_form.parse_time("7pm")
    assert str(caught.value) == 'time "7pm" is not valid, use HH:MM (e.g. 08:30)'


def test_jp_tally_matches_the_rule_module(office: Office) -> None:
    ws = _create(office, tanggal="30-12-2026", ulang="harian", jumlah="3", kapasitas="3")
    nips = _active(office)[:3]
    for nip in nips:
        workshops.enrol(office, workshops.workshop(office, ws["id"]), nip)
    ws = workshops.workshop(office, ws["id"])
    for no, nip, status in ((1, nips[0], "hadir"), (2, nips[0], "hadir"), (1, nips[1], "sakit")):
        ws = workshops.record_attendance(office, ws, no, nip, status, now=LATER)
    workshops.cancel_session(office, ws, 2)
    for year in (2026, 2027):
        expected = rules.jp_tally(office.store.all("workshops"), office.employees(), year, 20)
        assert workshops.jp_tally(office, year) == expected
    by_nip = {row["nip"]: row for row in workshops.jp_tally(office, 2026)}
    before = rules.jp_tally(
        [w for w in office.store.all("workshops") if w["id"] != ws["id"]],
        office.employees(),
        2026,
        20,
    )
    assert by_nip[nips[0]]["jp"] == {r["nip"]: r["jp"] for r in before}[nips[0]] + 3


def test_the_office_api_reaches_workshops_and_counts_attendance(office: Office) -> None:
    from models.workshop import attendance_counts

    ws = office.create_workshop(form_data(_values(kapasitas="3")))
    a, b, c, d = _active(office)[:4]
    for nip in (a, b, c):
        office.enrol(office.workshop(ws["id"]), nip)
    assert office.enrol(office.workshop(ws["id"]), d) == "antrian"
    ws = office.record_attendance(office.workshop(ws["id"]), 1, a, "hadir", now=LATER)
    ws = office.record_attendance(ws, 1, b, "sakit", now=LATER)
    assert attendance_counts(ws, 1) == {"hadir": 1, "izin": 0, "sakit": 1, "alpa": 0}
    # A mark left by someone who withdrew no longer counts.
    assert office.withdraw(ws, b) == d
    ws = office.workshop(ws["id"])
    assert attendance_counts(ws, 1) == {"hadir": 1, "izin": 0, "sakit": 0, "alpa": 0}
    year = int(ws["sesi"][0]["mulai"][:4])
    before = {row["nip"]: row["jp"] for row in office.jp_tally(year)}
    ws = office.record_attendance(ws, 1, c, "hadir", now=LATER)
    tally = {row["nip"]: row for row in office.jp_tally(year)}
    assert tally[c]["jp"] == before[c] + 3
    assert tally[c]["kurang"] == max(0, tally[c]["target"] - tally[c]["jp"])
    assert ws["id"] in [w["id"] for w in office.workshops(year)]
    lines = [ln for y in office.history(a).training for ln in y.lines if ln.workshop_id == ws["id"]]
    assert [(ln.hadir, ln.jp) for ln in lines] == [(1, 3)]


def test_a_session_that_has_not_started_cannot_be_marked(office: Office) -> None:
    ws = office.create_workshop(form_data(_values(kapasitas="3")))
    nip = _active(office)[0]
    ws = office.enrol(office.workshop(ws["id"]), nip) and office.workshop(ws["id"])
    start = dt.datetime.fromisoformat(ws["sesi"][0]["mulai"])
    with pytest.raises(ValidationError) as caught:
        office.record_attendance(ws, 1, nip, "hadir", now=start - dt.timedelta(minutes=1))
    assert caught.value.key == "workshop.session_not_started"
    assert office.workshop(ws["id"]).get("kehadiran", {}).get("1", {}) == {}
    marked = office.record_attendance(ws, 1, nip, "hadir", now=start)
    assert marked["kehadiran"]["1"][nip] == "hadir"
