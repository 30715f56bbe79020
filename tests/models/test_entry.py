"""Entry use cases: rater and ratee sheets, completeness, score edits and undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from models.entry import (
    STATUS_DRAF,
    STATUS_KOSONG,
    STATUS_LENGKAP,
    Change,
    UndoLog,
    check_addition,
    completeness,
    entry_refusal,
    set_comment,
    set_score,
    sheet_for_ratee,
    sheet_for_rater,
)
from models.errors import KinerjaError, ValidationError
from models.i18n import set_language
from models.labels import role_label, sheet_status_label
from models.office import Office

KODE = "2026-S1"
A = "197001012000011001"  # Ahmad, head of office, Sekretariat
B = "198001012005011002"  # Budi, Sekretariat, under Ahmad
C = "198502022010012003"  # Citra, Sekretariat, under Ahmad
D = "197503032001012004"  # Dewi, head of Seksi Pemerintahan, under Ahmad
E = "199004042015011005"  # Eko, Seksi Pemerintahan, under Dewi
F = "199105052016011006"  # Fajar, Seksi Pemerintahan, under Dewi
G = "199206062017012007"  # Gita, Seksi Pemerintahan, under Dewi, inactive

FULL = {"disiplin": 4, "kualitas": 4, "komunikasi": 3}


def _pegawai(nip: str, nama: str, unit: str, atasan: str | None) -> dict[str, Any]:
    return {
        "nip": nip,
        "nama": nama,
        "jenis_asn": "PNS",
        "golongan": "III/a",
        "jabatan": "Pelaksana",
        "jenis_jabatan": "Pelaksana",
        "unit": unit,
        "atasan_nip": atasan or "",
        "aktif": True,
    }


@pytest.fixture
def kantor(tmp_path: Path) -> Office:
    """Seven people in two units with an open period and no ratings."""
    office = Office.init(tmp_path / "kantor.json")
    for nip, nama, unit, atasan in [
        (A, "Ahmad", "Sekretariat", None),
        (B, "Budi", "Sekretariat", A),
        (C, "Citra", "Sekretariat", A),
        (D, "Dewi", "Seksi Pemerintahan", A),
        (E, "Eko", "Seksi Pemerintahan", D),
        (F, "Fajar", "Seksi Pemerintahan", D),
        (G, "Gita", "Seksi Pemerintahan", D),
    ]:
        office.add_employee(_pegawai(nip, nama, unit, atasan))
    office.set_active(office.employee(G), False)
    office.create_period(KODE, "semester", "01-01-2026")
    office.set_period_status(KODE, "terbuka")
    return office


def _summary(rows: list[Any]) -> list[tuple[str, str]]:
    return [(r.nama, r.peran) for r in rows]


# --------------------------------------------------------------------------- sheets


def test_rater_sheet_of_a_supervisor_lists_subordinates_first(kantor: Office) -> None:
    rows = sheet_for_rater(kantor, KODE, A)
    assert _summary(rows) == [
        ("Budi", "atasan"),
        ("Citra", "atasan"),
        ("Dewi", "atasan"),
        ("Ahmad", "diri"),
    ]
    assert all(r.rater == A and r.usulan and r.status == STATUS_KOSONG for r in rows)
    assert [r.ratee for r in rows] == [B, C, D, A]


def test_rater_sheet_of_staff_has_peer_own_atasan_and_self(kantor: Office) -> None:
    rows = sheet_for_rater(kantor, KODE, E)
    assert _summary(rows) == [("Fajar", "rekan"), ("Dewi", "bawahan"), ("Eko", "diri")]
    # Gita is inactive: neither suggested nor rateable.
    assert G not in {r.ratee for r in rows}


def test_rater_sheet_shows_stored_scores_and_status(kantor: Office) -> None:
    kantor.save_rating(KODE, B, A, "atasan", FULL, catatan="rajin")
    kantor.save_rating(KODE, C, A, "atasan", {"disiplin": 2})
    rows = {r.ratee: r for r in sheet_for_rater(kantor, KODE, A)}
    assert rows[B].status == STATUS_LENGKAP
    assert dict(rows[B].skor) == FULL
    assert rows[B].catatan == "rajin"
    assert rows[C].status == STATUS_DRAF
    assert dict(rows[C].skor) == {"disiplin": 2}
    assert rows[D].status == STATUS_KOSONG
    assert sheet_status_label(STATUS_DRAF) == "draf"
    assert sheet_status_label(STATUS_KOSONG) == ""


def test_rater_sheet_keeps_ratings_outside_the_org_suggestions(kantor: Office) -> None:
    kantor.save_rating(KODE, E, B, "rekan", {"disiplin": 5})
    rows = sheet_for_rater(kantor, KODE, B)
    assert _summary(rows) == [
        ("Citra", "rekan"),
        ("Eko", "rekan"),
        ("Ahmad", "bawahan"),
        ("Budi", "diri"),
    ]
    eko = next(r for r in rows if r.ratee == E)
    assert not eko.usulan
    assert eko.peringatan == ("Budi dari unit lain (Sekretariat)",)
    assert dict(eko.skor) == {"disiplin": 5}


def test_extra_rows_are_added_with_their_role_and_ineligible_ones_dropped(kantor: Office) -> None:
    rows = sheet_for_rater(kantor, KODE, B, extra=[F, G, "000000000000000000"])
    assert ("Fajar", "rekan") in _summary(rows)
    assert G not in {r.ratee for r in rows}
    assert len(rows) == 4


def test_ratee_sheet_lists_every_rater_of_one_employee(kantor: Office) -> None:
    kantor.save_rating(KODE, E, B, "rekan", FULL)
    rows = sheet_for_ratee(kantor, KODE, E, extra=[C])
    assert _summary(rows) == [
        ("Dewi", "atasan"),
        ("Budi", "rekan"),
        ("Citra", "rekan"),
        ("Fajar", "rekan"),
        ("Eko", "diri"),
    ]
    assert [r.rater for r in rows] == [D, B, C, F, E]
    assert all(r.ratee == E for r in rows)
    budi = rows[1]
    assert budi.status == STATUS_LENGKAP and not budi.usulan
    # The row names the rater on a ratee's sheet.
    assert budi.nip == B


def test_ratee_sheet_of_a_supervisor_has_subordinates_as_bawahan(kantor: Office) -> None:
    assert _summary(sheet_for_ratee(kantor, KODE, D)) == [
        ("Ahmad", "atasan"),
        ("Eko", "bawahan"),
        ("Fajar", "bawahan"),
        ("Dewi", "diri"),
    ]


def test_unknown_person_has_an_empty_sheet(kantor: Office) -> None:
    assert sheet_for_rater(kantor, KODE, "000000000000000000") == []
    assert sheet_for_ratee(kantor, KODE, "000000000000000000") == []


def test_check_addition_gives_role_and_warning(kantor: Office) -> None:
    assert check_addition(kantor, KODE, E, B) == ("rekan", ["Budi dari unit lain (Sekretariat)"])
    assert check_addition(kantor, KODE, E, D) == ("atasan", [])
    assert check_addition(kantor, KODE, D, E) == ("bawahan", [])


def test_check_addition_refuses_with_the_reason(kantor: Office) -> None:
    with pytest.raises(ValidationError) as err:
        check_addition(kantor, KODE, G, B)
    assert str(err.value) == "Gita tidak aktif, jadi tidak dapat dinilai"
    kantor.set_period_status(KODE, "ditutup", close_incomplete=True)
    with pytest.raises(ValidationError) as err:
        check_addition(kantor, KODE, E, B)
    assert str(err.value) == "periode 2026-S1 sudah ditutup; penilaian tidak dapat diubah"


def test_entry_refusal_follows_the_period_status(kantor: Office) -> None:
    assert entry_refusal(kantor, KODE) is None
    kantor.create_period("2026-S2", "semester", "01-07-2026")
    assert entry_refusal(kantor, "2026-S2") == (
        "periode 2026-S2 masih draf; buka periode dulu sebelum mengisi penilaian"
    )


# --------------------------------------------------------------------------- completeness


def test_completeness_lists_everyone_missing_most_first(kantor: Office) -> None:
    lines = completeness(kantor, KODE)
    # Everyone active lacks the atasan (except the head) and both rekan.
    assert [(m.nama, m.kurang) for m in lines] == [
        ("Budi", 3),
        ("Citra", 3),
        ("Dewi", 3),
        ("Eko", 3),
        ("Fajar", 3),
        ("Ahmad", 2),
    ]
    ahmad = lines[-1]
    assert not ahmad.atasan_kurang and ahmad.atasan is None
    assert ahmad.alasan == ("rekan 0/2",)
    budi = lines[0]
    assert budi.atasan == A and budi.atasan_kurang
    assert budi.keterangan == "atasan belum menilai; rekan 0/2"


def test_completeness_shrinks_as_ratings_are_completed(kantor: Office) -> None:
    kantor.save_rating(KODE, E, D, "atasan", FULL)
    kantor.save_rating(KODE, E, F, "rekan", FULL)
    kantor.save_rating(KODE, E, B, "rekan", {"disiplin": 3})
    eko = next(m for m in completeness(kantor, KODE) if m.nip == E)
    assert (eko.atasan_kurang, eko.rekan, eko.rekan_kurang, eko.kurang) == (False, 1, 1, 1)
    assert [(d.nama, d.peran, d.kurang) for d in eko.draf] == [("Budi", "rekan", 2)]
    assert eko.keterangan == "rekan 1/2; draf: Budi (rekan)"
    kantor.save_rating(KODE, E, B, "rekan", {"kualitas": 3, "komunikasi": 3})
    assert E not in {m.nip for m in completeness(kantor, KODE)}


def test_head_of_office_is_complete_without_atasan(kantor: Office) -> None:
    kantor.save_rating(KODE, A, E, "rekan", FULL)
    kantor.save_rating(KODE, A, F, "rekan", FULL)
    assert A not in {m.nip for m in completeness(kantor, KODE)}


def test_completeness_unit_filter(kantor: Office) -> None:
    names = [m.nama for m in completeness(kantor, KODE, unit="Seksi Pemerintahan")]
    assert names == ["Dewi", "Eko", "Fajar"]
    assert completeness(kantor, KODE, unit="Tidak Ada") == []


def test_completeness_matches_the_ranking_on_the_demo_office(office: Office) -> None:
    kode = "2026-S2"
    result = office.results(kode)
    expected = {ln.nip for ln in result.lines if not ln.lengkap}
    lines = completeness(office, kode)
    assert {m.nip for m in lines} == expected
    assert len(lines) == 8
    assert [m.kurang for m in lines] == sorted((m.kurang for m in lines), reverse=True)


def test_role_label_in_both_languages() -> None:
    assert role_label("atasan") == "atasan"
    set_language("en")
    assert role_label("atasan") == "supervisor"
    assert role_label("lain") == "lain"


# --------------------------------------------------------------------------- edits and undo


def test_set_score_saves_durably_and_reports_the_change(kantor: Office) -> None:
    change = set_score(kantor, KODE, B, A, "atasan", "disiplin", 4)
    assert change == Change(KODE, B, A, "atasan", "disiplin", None, 4)
    again = Office.open(kantor.store.path)
    stored = again.rating(KODE, B, A)
    assert stored is not None and stored["skor"] == {"disiplin": 4}
    assert set_score(kantor, KODE, B, A, "atasan", "disiplin", 4) is None


def test_clearing_the_last_score_deletes_the_rating(kantor: Office) -> None:
    set_score(kantor, KODE, B, A, "atasan", "disiplin", 4)
    set_score(kantor, KODE, B, A, "atasan", "kualitas", 5)
    change = set_score(kantor, KODE, B, A, "atasan", "kualitas", None)
    assert change is not None and (change.lama, change.baru) == (5, None)
    assert kantor.rating(KODE, B, A)["skor"] == {"disiplin": 4}  # type: ignore[index]
    set_score(kantor, KODE, B, A, "atasan", "disiplin", None)
    assert kantor.rating(KODE, B, A) is None


def test_refused_score_raises_with_the_reason(kantor: Office) -> None:
    with pytest.raises(KinerjaError) as err:
        set_score(kantor, KODE, E, B, "atasan", "disiplin", 4)
    assert "Budi bukan atasan langsung Eko" in str(err.value)
    with pytest.raises(KinerjaError):
        set_score(kantor, KODE, B, A, "atasan", "disiplin", 6)
    assert kantor.rating(KODE, B, A) is None


def test_undo_restores_each_previous_value(kantor: Office) -> None:
    log = UndoLog()
    log.push(set_score(kantor, KODE, B, A, "atasan", "disiplin", 4))
    log.push(set_score(kantor, KODE, B, A, "atasan", "disiplin", 2))
    log.push(set_score(kantor, KODE, B, A, "atasan", "disiplin", 2))  # no change: not recorded
    log.push(set_score(kantor, KODE, B, A, "atasan", "kualitas", 5))
    assert len(log) == 3
    undone = log.undo(kantor)
    assert undone is not None and undone.kriteria == "kualitas"
    assert kantor.rating(KODE, B, A)["skor"] == {"disiplin": 2}  # type: ignore[index]
    log.undo(kantor)
    assert kantor.rating(KODE, B, A)["skor"] == {"disiplin": 4}  # type: ignore[index]
    log.undo(kantor)
    assert kantor.rating(KODE, B, A) is None
    assert log.undo(kantor) is None


def test_undo_of_a_cleared_cell_brings_the_score_back(kantor: Office) -> None:
    kantor.save_rating(KODE, B, A, "atasan", {"disiplin": 3})
    log = UndoLog()
    log.push(set_score(kantor, KODE, B, A, "atasan", "disiplin", None))
    assert kantor.rating(KODE, B, A) is None
    log.undo(kantor)
    assert kantor.rating(KODE, B, A)["skor"] == {"disiplin": 3}  # type: ignore[index]


def test_comment_is_saved_and_undone(kantor: Office) -> None:
    log = UndoLog()
    log.push(set_score(kantor, KODE, B, A, "atasan", "disiplin", 4))
    log.push(set_comment(kantor, KODE, B, A, "atasan", "  teliti dan tepat waktu "))
    assert kantor.rating(KODE, B, A)["catatan"] == "teliti dan tepat waktu"  # type: ignore[index]
    assert set_comment(kantor, KODE, B, A, "atasan", "teliti dan tepat waktu") is None
    log.undo(kantor)
    rating = kantor.rating(KODE, B, A)
    assert rating is not None and rating["catatan"] == "" and rating["skor"] == {"disiplin": 4}


def test_comment_alone_starts_a_draft_and_clearing_it_removes_it(kantor: Office) -> None:
    set_comment(kantor, KODE, C, A, "atasan", "baru pindah")
    rows = {r.ratee: r for r in sheet_for_rater(kantor, KODE, A)}
    assert rows[C].status == STATUS_DRAF and rows[C].catatan == "baru pindah"
    set_comment(kantor, KODE, C, A, "atasan", "")
    assert kantor.rating(KODE, C, A) is None


def test_undo_refuses_to_overwrite_another_clerks_change(kantor: Office) -> None:
    log = UndoLog()
    log.push(set_score(kantor, KODE, B, A, "atasan", "disiplin", 4))
    other = Office.open(kantor.store.path)
    other.save_rating(KODE, B, A, "atasan", {"disiplin": 1})
    kantor.refresh()
    with pytest.raises(ValidationError) as err:
        log.undo(kantor)
    assert "sudah diubah petugas lain" in str(err.value)
    assert len(log) == 0
    assert kantor.rating(KODE, B, A)["skor"] == {"disiplin": 1}  # type: ignore[index]


def test_undo_in_a_closed_period_is_refused_and_kept(kantor: Office) -> None:
    log = UndoLog()
    log.push(set_score(kantor, KODE, B, A, "atasan", "disiplin", 4))
    kantor.set_period_status(KODE, "ditutup", close_incomplete=True)
    with pytest.raises(ValidationError) as err:
        log.undo(kantor)
    assert str(err.value) == "periode 2026-S1 sudah ditutup; penilaian tidak dapat diubah"
    assert len(log) == 1
    kantor.set_period_status(KODE, "terbuka", confirm=True)
    log.undo(kantor)
    assert kantor.rating(KODE, B, A) is None


def test_undo_log_is_bounded() -> None:
    log = UndoLog(limit=2)
    for value in (1, 2, 3):
        log.push(Change(KODE, B, A, "atasan", "disiplin", None, value))
    assert len(log) == 2
    assert log.peek() == Change(KODE, B, A, "atasan", "disiplin", None, 3)
    log.clear()
    assert log.peek() is None
