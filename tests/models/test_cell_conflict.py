"""Two clerks on one score: the later one is told, never silently overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.entry import CellConflict, resolution
from models.office import Office

KODE = "2026-S2"


def _complete_rating(office: Office) -> dict:
    return next(r for r in office.ratings(KODE) if len(r["skor"]) == 3)


def test_a_score_changed_by_another_clerk_is_a_conflict(office_path: Path) -> None:
    mine, theirs = Office.open(office_path), Office.open(office_path)
    rating = _complete_rating(mine)
    ratee, rater, peran = rating["nip_dinilai"], rating["nip_penilai"], rating["peran"]
    shown = rating["skor"]["disiplin"]
    other = 1 if shown != 1 else 2
    theirs.set_score(KODE, ratee, rater, peran, "disiplin", other, seen={"disiplin": shown})
    with pytest.raises(CellConflict) as caught:
        mine.set_score(KODE, ratee, rater, peran, "disiplin", 5, seen={"disiplin": shown})
    assert (caught.value.theirs, caught.value.mine, caught.value.kriteria) == (other, 5, "disiplin")
    assert Office.open(office_path).rating(KODE, ratee, rater)["skor"]["disiplin"] == other
    # Another cell of the same rating is not a conflict.
    kualitas = rating["skor"]["kualitas"]
    new = 1 if kualitas != 1 else 2
    mine.set_score(KODE, ratee, rater, peran, "kualitas", new, seen={"kualitas": kualitas})
    stored = Office.open(office_path).rating(KODE, ratee, rater)["skor"]
    assert (stored["disiplin"], stored["kualitas"]) == (other, new)


def test_the_clerks_choice_is_saved_and_audited(office_path: Path) -> None:
    mine, theirs = Office.open(office_path), Office.open(office_path)
    rating = _complete_rating(mine)
    ratee, rater, peran = rating["nip_dinilai"], rating["nip_penilai"], rating["peran"]
    shown = rating["skor"]["komunikasi"]
    other = 1 if shown != 1 else 2
    theirs.set_score(KODE, ratee, rater, peran, "komunikasi", other, seen={"komunikasi": shown})
    with pytest.raises(CellConflict) as caught:
        mine.set_score(KODE, ratee, rater, peran, "komunikasi", 5, seen={"komunikasi": shown})
    mine.set_score(
        KODE,
        ratee,
        rater,
        peran,
        "komunikasi",
        5,
        seen={"komunikasi": other},
        resolved=resolution(caught.value, "diketik"),
    )
    assert Office.open(office_path).rating(KODE, ratee, rater)["skor"]["komunikasi"] == 5
    notes = [e for e in mine.store.audit(nip=ratee) if e["aksi"] == "konflik"]
    assert notes[-1]["baru"] == {
        "kriteria": "komunikasi",
        "tersimpan": other,
        "diketik": 5,
        "dipilih": "diketik",
    }


def test_a_comment_changed_by_another_clerk_is_a_conflict(office_path: Path) -> None:
    mine, theirs = Office.open(office_path), Office.open(office_path)
    rating = _complete_rating(mine)
    ratee, rater, peran = rating["nip_dinilai"], rating["nip_penilai"], rating["peran"]
    shown = rating["catatan"]
    theirs.set_comment(KODE, ratee, rater, peran, "Sangat teliti", seen={None: shown})
    with pytest.raises(CellConflict) as caught:
        mine.set_comment(KODE, ratee, rater, peran, "Perlu lebih tepat waktu", seen={None: shown})
    assert caught.value.kriteria is None and caught.value.theirs == "Sangat teliti"
    assert Office.open(office_path).rating(KODE, ratee, rater)["catatan"] == "Sangat teliti"


def test_clearing_a_score_another_clerk_changed_is_a_conflict_too(office_path: Path) -> None:
    mine, theirs = Office.open(office_path), Office.open(office_path)
    rating = _complete_rating(mine)
    ratee, rater, peran = rating["nip_dinilai"], rating["nip_penilai"], rating["peran"]
    shown = rating["skor"]["disiplin"]
    other = 1 if shown != 1 else 2
    theirs.set_score(KODE, ratee, rater, peran, "disiplin", other, seen={"disiplin": shown})
    with pytest.raises(CellConflict):
        mine.set_score(KODE, ratee, rater, peran, "disiplin", None, seen={"disiplin": shown})
    assert Office.open(office_path).rating(KODE, ratee, rater)["skor"]["disiplin"] == other
