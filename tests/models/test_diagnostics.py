"""Rater diagnostics are advisory figures computed exactly as documented."""

from __future__ import annotations

import pytest

from models import diagnostics

CRITERIA = [{"kode": "a", "bobot": 30}, {"kode": "b", "bobot": 70}]


def _rating(ratee: str, rater: str, a: int, b: int, peran: str = "rekan") -> dict:
    return {"nip_dinilai": ratee, "nip_penilai": rater, "peran": peran, "skor": {"a": a, "b": b}}


def test_a_lenient_and_a_severe_rater_are_flagged_with_enough_ratings() -> None:
    ratings = (
        [_rating(f"e{i}", "murah", 5, 5) for i in range(5)]
        + [_rating(f"e{i}", "pelit", 2, 2) for i in range(5)]
        + [_rating(f"e{i}", "biasa", 4, 3) for i in range(5)]
        + [_rating(f"e{i}", "sedikit", 5, 5) for i in range(4)]
    )
    figures = {f.nip: f for f in diagnostics.raters(ratings, CRITERIA)}
    office_mean = (5 * 5 + 5 * 2 + 5 * 3.3 + 4 * 5) / 19  # 3.76
    assert figures["murah"].rerata == 5 and figures["murah"].tanda == "longgar"
    assert figures["pelit"].rerata == 2 and figures["pelit"].tanda == "ketat"
    assert figures["biasa"].rerata == pytest.approx(3.3) and figures["biasa"].tanda is None
    # As far off as "murah", but four ratings are not enough to say so.
    assert figures["sedikit"].tanda is None
    assert figures["murah"].selisih == pytest.approx(5 - office_mean)
    assert figures["pelit"].selisih == pytest.approx(2 - office_mean)
    assert figures["biasa"].sebaran == 0


def test_self_assessments_and_drafts_are_left_out_of_rater_figures() -> None:
    ratings = [
        _rating("e1", "e1", 5, 5, peran="diri"),
        {"nip_dinilai": "e2", "nip_penilai": "x", "peran": "rekan", "skor": {"a": 3}},
        _rating("e2", "y", 3, 3),
    ]
    assert [f.nip for f in diagnostics.raters(ratings, CRITERIA)] == ["y"]


def test_agreement_and_the_gap_between_self_and_others() -> None:
    ratings = [
        _rating("e1", "r1", 4, 4),
        _rating("e1", "r2", 2, 2),
        _rating("e1", "e1", 5, 5, peran="diri"),
        _rating("e2", "r1", 3, 3),
    ]
    figures = diagnostics.employees(ratings, CRITERIA)
    assert figures["e1"].jumlah == 2
    assert figures["e1"].sebaran == pytest.approx(1.0)
    assert figures["e1"].selisih_diri == pytest.approx(2.0)
    assert figures["e2"].sebaran is None and figures["e2"].selisih_diri is None
