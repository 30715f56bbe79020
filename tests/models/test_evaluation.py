"""The official evaluation: the 3x3 table, the 360 suggestion and the distribution curve."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest

from models import evaluation
from models.errors import ValidationError
from models.evaluation import DEFAULT_CURVE, DEFAULT_MATRIX, PREDIKAT, distribution

# The table of PermenPANRB 6/2022 as printed (rows: hasil kerja; columns: perilaku kerja).
OFFICIAL = {
    ("di_atas", "di_bawah"): "kurang",
    ("di_atas", "sesuai"): "baik",
    ("di_atas", "di_atas"): "sangat_baik",
    ("sesuai", "di_bawah"): "kurang",
    ("sesuai", "sesuai"): "baik",
    ("sesuai", "di_atas"): "baik",
    ("di_bawah", "di_bawah"): "sangat_kurang",
    ("di_bawah", "sesuai"): "butuh_perbaikan",
    ("di_bawah", "di_atas"): "butuh_perbaikan",
}


@pytest.mark.parametrize(("hasil", "perilaku"), list(OFFICIAL))
def test_every_cell_of_the_table(hasil: str, perilaku: str) -> None:
    assert evaluation.predikat_kinerja(hasil, perilaku, DEFAULT_MATRIX) == OFFICIAL[hasil, perilaku]


def test_a_corrected_table_in_the_settings_is_used_without_code_changes() -> None:
    settings = evaluation.default_settings()
    settings["matriks"]["sesuai"]["di_atas"] = "sangat_baik"
    clean = evaluation.validate_settings(settings)
    assert evaluation.predikat_kinerja("sesuai", "di_atas", clean["matriks"]) == "sangat_baik"
    settings["matriks"]["sesuai"]["di_atas"] = "luar_biasa"
    with pytest.raises(ValidationError):
        evaluation.validate_settings(settings)


@pytest.mark.parametrize(
    ("nilai", "expected"),
    [
        (None, None),
        ("100.00", "di_atas"),
        ("90.00", "di_atas"),
        ("89.99", "sesuai"),
        ("70.00", "sesuai"),
        ("69.99", "di_bawah"),
        ("20.00", "di_bawah"),
    ],
)
def test_the_360_nilai_suggests_perilaku_at_the_thresholds(
    nilai: str | None, expected: str | None
) -> None:
    value = Decimal(nilai) if nilai is not None else None
    assert evaluation.suggest_perilaku(value, evaluation.DEFAULT_THRESHOLDS) == expected
    if expected is not None:
        others = [r for r in evaluation.RATINGS if r != expected]
        assert not evaluation.needs_reason(expected, expected)
        assert all(evaluation.needs_reason(r, expected) for r in others)


def _oracle(org: str, counts: dict[str, int]) -> list[bool]:
    """The rules of SE MenPANRB 3/2023 written out by hand with exact fractions."""
    n = sum(counts.values())
    share = {code: Fraction(c, n) for code, c in counts.items()}
    if org == "istimewa":
        return [share["sangat_baik"] <= Fraction(70, 100)]
    if org == "baik":
        return [
            share["baik"] <= Fraction(70, 100),
            counts["butuh_perbaikan"] + counts["kurang"] >= 1,
        ]
    if org == "butuh_perbaikan":
        return [
            share["butuh_perbaikan"] >= Fraction(60, 100),
            share["sangat_baik"] <= Fraction(10, 100),
        ]
    if org == "kurang":
        return [
            share["kurang"] >= Fraction(60, 100),
            share["butuh_perbaikan"] >= Fraction(10, 100),
            share["sangat_baik"] <= Fraction(10, 100),
        ]
    return [
        share["sangat_kurang"] >= Fraction(60, 100),
        share["kurang"] + share["butuh_perbaikan"] >= Fraction(10, 100),
        counts["sangat_baik"] == 0,
    ]


def _spreads(n: int) -> list[dict[str, int]]:
    """Every way of spreading ``n`` employees over the five predikat (compositions)."""
    found = []
    for cuts in itertools.combinations(range(n + 4), 4):
        bounds = (-1, *cuts, n + 4)
        counts = [bounds[i + 1] - bounds[i] - 1 for i in range(5)]
        found.append(dict(zip(PREDIKAT, counts, strict=True)))
    return found


@pytest.mark.parametrize("n", range(1, 21))
def test_every_distribution_rule_at_every_spread_of_n_employees(n: int) -> None:
    """All spreads for N = 1..20: exactly the rules the hand-written oracle breaks are named."""
    spreads = _spreads(n) if n <= 12 else _spreads(n)[:: max(1, n - 11)]
    for org in evaluation.ORGANISASI:
        for counts in spreads:
            codes = [code for code, c in counts.items() for _ in range(c)]
            result = distribution(org, [*codes, None, None], DEFAULT_CURVE)
            expected = _oracle(org, counts)
            broken = [not ok for ok in expected]
            assert [b.rule in DEFAULT_CURVE[org] for b in result.breaches] == [True] * len(
                result.breaches
            )
            assert [rule in [b.rule for b in result.breaches] for rule in DEFAULT_CURVE[org]] == (
                broken
            ), (org, counts)
            assert result.jumlah == n and result.belum == 2
            assert result.sesuai is not any(broken)


@pytest.mark.parametrize(
    ("org", "counts", "broken"),
    [
        # 7 of 10 Sangat Baik is exactly 70%: allowed; 8 of 11 is 72.7%: not.
        ("istimewa", {"sangat_baik": 7, "baik": 3}, []),
        ("istimewa", {"sangat_baik": 8, "baik": 3}, ["Sangat Baik 8 dari 11 (72,7%)"]),
        # Baik needs at least one Butuh Perbaikan or Kurang/Misconduct.
        ("baik", {"baik": 7, "sangat_baik": 3}, ["sekurang-kurangnya 1"]),
        ("baik", {"baik": 7, "sangat_baik": 2, "kurang": 1}, []),
        # 6 of 10 Butuh Perbaikan is exactly 60%; one Sangat Baik of 10 is exactly 10%.
        ("butuh_perbaikan", {"butuh_perbaikan": 6, "sangat_baik": 1, "baik": 3}, []),
        (
            "sangat_kurang",
            {"sangat_kurang": 9, "sangat_baik": 1},
            ["Sangat Baik ada 1", "0 dari 10"],
        ),
    ],
)
def test_breaches_at_the_edges_are_named_in_words(
    org: str, counts: dict[str, int], broken: list[str]
) -> None:
    codes = [code for code, c in counts.items() for _ in range(c)]
    result = distribution(org, codes, DEFAULT_CURVE)
    text = " | ".join(str(b) for b in result.breaches)
    for words in broken:
        assert words in text, text
    assert bool(result.breaches) == bool(broken)


def test_with_nobody_rated_yet_the_distribution_is_not_called_fitting() -> None:
    result = distribution("istimewa", [None, None], DEFAULT_CURVE)
    assert (result.jumlah, result.belum, result.breaches) == (0, 2, [])
    assert result.sesuai is False


def test_without_the_organisations_predikat_nothing_is_checked() -> None:
    result = distribution(None, ["sangat_baik"] * 10, DEFAULT_CURVE)
    assert result.breaches == [] and result.sesuai is False
    assert result.as_json() == {
        "organisasi": None,
        "jumlah": 10,
        "belum": 0,
        "counts": {
            "sangat_baik": 10,
            "baik": 0,
            "butuh_perbaikan": 0,
            "kurang": 0,
            "sangat_kurang": 0,
        },
        "pelanggaran": [],
        "sesuai": False,
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("di-atas", "di_atas"),
        ("Di Atas", "di_atas"),
        ("sesuai", "sesuai"),
        (" DI_BAWAH ", "di_bawah"),
    ],
)
def test_ratings_are_read_in_any_spelling(text: str, code: str) -> None:
    assert evaluation.parse_rating(text, "hasil_kerja") == code


@pytest.mark.parametrize("text", ["", "atas", "baik", "di atas sekali"])
def test_an_unknown_rating_is_refused_with_the_choices(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        evaluation.parse_rating(text, "hasil_kerja")
    assert "di-atas, sesuai, di-bawah" in str(caught.value)


@pytest.mark.parametrize(
    "broken",
    [
        {"kurva": {"istimewa": []}},
        {
            "kurva": {
                **DEFAULT_CURVE,
                "baik": [{"predikat": ["baik"], "banding": "<", "persen": 70}],
            }
        },
        {
            "kurva": {
                **DEFAULT_CURVE,
                "baik": [{"predikat": ["baik"], "banding": "<=", "persen": 170}],
            }
        },
        {
            "kurva": {
                **DEFAULT_CURVE,
                "baik": [{"predikat": ["baik"], "banding": "<=", "persen": 70, "jumlah": 1}],
            }
        },
        {"ambang_perilaku": {"di_atas": 60, "sesuai": 70}},
        {"min_penilai_anonim": 0},
    ],
)
def test_malformed_evaluation_settings_are_refused(broken: dict) -> None:
    settings = {**evaluation.default_settings(), **broken}
    with pytest.raises(ValidationError):
        evaluation.validate_settings(settings)
