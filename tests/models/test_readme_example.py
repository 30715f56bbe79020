"""The worked example in the README is what the scoring engine computes."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from models.criteria import DEFAULT_ROLE_WEIGHTS, default_settings
from models.scoring import compute_period

README = Path(__file__).resolve().parents[2] / "README.md"


def _emp(nip: str, nama: str, atasan: str | None) -> dict[str, object]:
    return {"nip": nip, "nama": nama, "unit": "Sekretariat", "aktif": True, "atasan_nip": atasan}


def _rating(ratee: str, rater: str, peran: str, a: int, b: int, c: int) -> dict[str, object]:
    return {
        "periode": "2026-S2",
        "nip_dinilai": ratee,
        "nip_penilai": rater,
        "peran": peran,
        "skor": {"disiplin": a, "kualitas": b, "komunikasi": c},
    }


def test_siti_example_matches_the_readme() -> None:
    employees = {
        "1": _emp("1", "Camat", None),
        "2": _emp("2", "Siti", "1"),
        "3": _emp("3", "Rekan A", "1"),
        "4": _emp("4", "Rekan B", "1"),
    }
    ratings = [
        _rating("2", "1", "atasan", 4, 5, 4),
        _rating("2", "3", "rekan", 4, 4, 4),
        _rating("2", "4", "rekan", 3, 4, 5),
    ]
    criteria = default_settings()["kriteria"]
    result = compute_period(criteria, DEFAULT_ROLE_WEIGHTS, 2, employees, ratings)
    siti = result.by_nip["2"]
    assert siti.peran["atasan"].skor == Fraction(44, 10)
    assert siti.peran["rekan"].skor == Fraction(4)
    assert siti.skor_akhir == Fraction(425, 100)
    assert siti.nilai == Decimal("85.00")
    assert siti.predikat == "Baik"
    assert siti.lengkap and siti.peringkat == 1
    text = README.read_text(encoding="utf-8")
    assert "F = (50×4,40 + 30×4,00) / 80 = 4,25" in text
    assert "Nilai = 4,25 × 20 = 85,00, predikat Baik" in text
