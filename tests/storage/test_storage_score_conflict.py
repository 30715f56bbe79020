"""Two clerks' processes on the same score: the later save is refused, the earlier one kept."""

from __future__ import annotations

from pathlib import Path

from storage_helpers import Spawn, read_line, tell

from models.office import Office

KODE = "2026-S2"


def test_two_clerks_on_one_score(office_path: Path, spawn: Spawn) -> None:
    office = Office.open(office_path)
    rating = next(r for r in office.ratings(KODE) if len(r["skor"]) == 3)
    ratee, rater = rating["nip_dinilai"], rating["nip_penilai"]
    shown = rating["skor"]["disiplin"]
    first, second = (1, 2) if shown not in (1, 2) else (4, 5)

    clerk_a = spawn("set_score", office_path, KODE, ratee, rater, "disiplin", first)
    clerk_b = spawn("set_score", office_path, KODE, ratee, rater, "disiplin", second)
    assert read_line(clerk_a) == f"SHOWN {shown}"
    assert read_line(clerk_b) == f"SHOWN {shown}"
    tell(clerk_a)
    assert read_line(clerk_a) == "SAVED"
    tell(clerk_b)
    assert read_line(clerk_b) == f"CONFLICT {first} {second}"
    assert clerk_a.wait(timeout=30) == 0 and clerk_b.wait(timeout=30) == 0
    assert Office.open(office_path).rating(KODE, ratee, rater)["skor"]["disiplin"] == first
