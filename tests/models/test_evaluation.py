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


# --------------------------------------------------------------------------- corrections


def _curve_with(org: str, index: int, **rule: object) -> dict:
    curve = {code: [dict(r) for r in rules] for code, rules in DEFAULT_CURVE.items()}
    curve[org][index] = {**curve[org][index], **rule}
    return curve


def refusal(data: dict) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        evaluation.validate_settings({**evaluation.default_settings(), **data})
    return caught.value


@pytest.mark.parametrize("limit", [0, 1, 99, 100])
def test_a_share_from_0_to_100_is_a_limit(limit: int) -> None:
    clean = evaluation.validate_settings(
        {**evaluation.default_settings(), "kurva": _curve_with("baik", 0, persen=limit)}
    )
    assert clean["kurva"]["baik"][0] == {"predikat": ["baik"], "banding": "<=", "persen": limit}


@pytest.mark.parametrize(
    ("limit", "shown"),
    [(101, "101"), (-1, "-1"), (70.0, "70.0"), (70.5, "70.5"), ("70", '"70"'), (True, "true")],
)
def test_a_share_that_is_not_a_whole_percent_is_refused_naming_the_rule(
    limit: object, shown: str
) -> None:
    err = refusal({"kurva": _curve_with("butuh_perbaikan", 1, persen=limit)})
    assert err.key == "evaluation.rule_persen"
    assert err.field == "kurva.butuh_perbaikan.1"
    assert str(err) == (
        "kurva Butuh Perbaikan, aturan ke-2: persen harus bilangan bulat 0 sampai 100, "
        f"bukan {shown}"
    )


@pytest.mark.parametrize(("limit", "ok"), [(0, True), (250, True), (-1, False), (1.0, False)])
def test_a_count_is_any_whole_number_from_0(limit: object, ok: bool) -> None:
    data = {**evaluation.default_settings(), "kurva": _curve_with("baik", 1, jumlah=limit)}
    if ok:
        assert evaluation.validate_settings(data)["kurva"]["baik"][1]["jumlah"] == limit
    else:
        err = refusal(data)
        assert (err.key, err.field) == ("evaluation.rule_jumlah", "kurva.baik.1")


@pytest.mark.parametrize(
    ("rule", "key", "words"),
    [
        ({"predikat": ["baik"], "banding": "<", "persen": 7}, "rule_banding", 'bukan "<"'),
        ({"predikat": [], "banding": "<=", "persen": 7}, "rule_predikat_list", "daftar"),
        ({"predikat": "baik", "banding": "<=", "persen": 7}, "rule_predikat_list", "daftar"),
        ({"predikat": ["bagus"], "banding": "<=", "persen": 7}, "rule_predikat", '"bagus"'),
        ({"predikat": ["baik", "baik"], "banding": "<=", "persen": 7}, "rule_predikat_twice", ""),
        ({"predikat": ["baik"], "banding": "<="}, "rule_limit_kind", "tepat satu"),
        ({"predikat": ["baik"], "banding": "<=", "persen": 7, "jumlah": 1}, "rule_limit_kind", ""),
        ({"predikat": ["baik"], "banding": "<=", "persn": 7}, "rule_unknown_key", '"persn"'),
        ("Baik paling banyak 70%", "rule_invalid", "aturan harus berisi"),
    ],
)
def test_a_malformed_rule_is_refused_in_words(rule: object, key: str, words: str) -> None:
    curve = {code: list(rules) for code, rules in DEFAULT_CURVE.items()}
    curve["istimewa"] = [rule]
    err = refusal({"kurva": curve})
    assert err.key == f"evaluation.{key}"
    assert str(err).startswith("kurva Istimewa, aturan ke-1: ")
    assert words in str(err)


def test_a_curve_must_name_each_organisation_predikat_once_with_a_list() -> None:
    missing = {k: v for k, v in DEFAULT_CURVE.items() if k != "kurang"}
    assert str(refusal({"kurva": missing})) == (
        "kurva distribusi tidak berisi aturan untuk predikat organisasi kurang"
    )
    err = refusal({"kurva": {**DEFAULT_CURVE, "luar_biasa": []}})
    assert err.key == "evaluation.curve_unknown" and '"luar_biasa"' in str(err)
    assert refusal({"kurva": {**DEFAULT_CURVE, "baik": 70}}).key == "evaluation.curve_rules"
    assert refusal({"kurva": [1, 2]}).key == "evaluation.curve_shape"
    # An organisation predikat without rules is allowed: its spread is not checked.
    clean = evaluation.validate_settings(
        {**evaluation.default_settings(), "kurva": {**DEFAULT_CURVE, "istimewa": []}}
    )
    assert clean["kurva"]["istimewa"] == []
    assert evaluation.distribution("istimewa", ["sangat_baik"] * 5, clean["kurva"]).sesuai


def test_a_table_cell_must_be_a_predikat() -> None:
    matrix = {h: dict(row) for h, row in DEFAULT_MATRIX.items()}
    matrix["sesuai"]["di_bawah"] = ["kurang"]
    err = refusal({"matriks": matrix})
    assert err.key == "evaluation.matrix_value"
    assert str(err).startswith(
        'tabel predikat, hasil sesuai × perilaku di_bawah: predikat ["kurang"]'
    )
    matrix["sesuai"]["di_bawah"] = "kurang"
    del matrix["di_atas"]["sesuai"]
    assert refusal({"matriks": matrix}).key == "evaluation.matrix_shape"


@pytest.mark.parametrize(
    ("thresholds", "ok"),
    [
        ({"di_atas": 90, "sesuai": 70}, True),
        ({"di_atas": "95", "sesuai": " 75 "}, True),
        ({"di_atas": 90.5, "sesuai": 70}, False),
        ({"di_atas": True, "sesuai": 1}, False),
        ({"di_atas": 90}, False),
        ("90/70", False),
    ],
)
def test_thresholds_are_whole_numbers(thresholds: object, ok: bool) -> None:
    data = {**evaluation.default_settings(), "ambang_perilaku": thresholds}
    if ok:
        clean = evaluation.validate_settings(data)["ambang_perilaku"]
        assert all(type(value) is int for value in clean.values())
    else:
        assert refusal(data).key == "evaluation.threshold_invalid"


@pytest.mark.parametrize(
    "officials",
    [
        {"penilai": "Drs. A"},
        {"penilai": {"nama": ["A"]}},
        {"penilai": {"nama": True}},
        {"penilai": {"nama": "A", "gelar": "Drs."}},
        {"kepala": {"nama": "A"}},
        [],
    ],
)
def test_outside_officials_of_the_wrong_shape_are_refused(officials: object) -> None:
    assert refusal({"pejabat_luar": officials}).key == "evaluation.official_invalid"


def test_a_part_the_settings_do_not_have_is_refused() -> None:
    stored = evaluation.default_settings()
    with pytest.raises(ValidationError) as caught:
        evaluation.merge_settings(stored, {"kurve": DEFAULT_CURVE})
    assert str(caught.value) == (
        'isian "kurve" tidak dikenal dalam pengaturan evaluasi (yang dikenal: '
        "matriks, ambang_perilaku, kurva, min_penilai_anonim, pejabat_luar)"
    )
    merged = evaluation.merge_settings(stored, {"min_penilai_anonim": 4})
    assert merged == {**stored, "min_penilai_anonim": 4}


@pytest.mark.parametrize(
    ("typed", "limits"),
    [(["0", "0"], (0, 0)), (["100", "7"], (100, 7)), ([" 55 % ", "+2"], (55, 2))],
)
def test_typed_limits_replace_the_limits_of_one_curve(typed: list[str], limits: tuple) -> None:
    curve = evaluation.with_limits(DEFAULT_CURVE, "baik", typed)
    assert (curve["baik"][0]["persen"], curve["baik"][1]["jumlah"]) == limits
    assert curve["baik"][1]["predikat"] == ["butuh_perbaikan", "kurang"]
    assert {k: v for k, v in curve.items() if k != "baik"} == {
        k: v for k, v in DEFAULT_CURVE.items() if k != "baik"
    }
    assert DEFAULT_CURVE["baik"][0]["persen"] == 70  # the default itself is untouched


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (["abc", "1"], "kurva.baik.0", 'persen harus bilangan bulat 0 sampai 100, bukan "abc"'),
        (["7.5", "1"], "kurva.baik.0", 'bukan "7.5"'),
        (["", "1"], "kurva.baik.0", 'bukan ""'),
        (["70", "1%"], "kurva.baik.1", 'jumlah harus bilangan bulat 0 atau lebih, bukan "1%"'),
        (["٧٠", "1"], "kurva.baik.0", 'bukan "٧٠"'),
        (["70", "9" * 5000], "kurva.baik.1", "jumlah harus bilangan bulat 0 atau lebih"),
    ],
)
def test_typed_limits_that_are_not_whole_numbers_are_refused(
    typed: list[str], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        evaluation.with_limits(DEFAULT_CURVE, "baik", typed)
    assert caught.value.field == field
    assert message in str(caught.value)


@pytest.mark.parametrize(("typed", "shown"), [(["101", "1"], "101"), (["-5", "1"], "-5")])
def test_typed_limits_out_of_range_are_refused_by_the_settings_check(
    typed: list[str], shown: str
) -> None:
    curve = evaluation.with_limits(DEFAULT_CURVE, "baik", typed)
    err = refusal({"kurva": curve})
    assert err.field == "kurva.baik.0"
    assert str(err).endswith(f"bukan {shown}")


def test_the_messages_of_a_refused_rule_in_english() -> None:
    from models.i18n import set_language

    set_language("en")
    try:
        err = refusal({"kurva": _curve_with("baik", 0, persen=101)})
        assert str(err) == (
            "Good curve, rule 1: persen must be a whole number from 0 to 100, not 101"
        )
    finally:
        set_language("id")


def test_a_rule_counting_people_agrees_with_its_number_in_english() -> None:
    from models.i18n import set_language

    rule = {"predikat": ["butuh_perbaikan", "kurang"], "banding": ">=", "jumlah": 1}
    set_language("en")
    try:
        assert evaluation.describe_rule(rule) == (
            "Needs Improvement + Poor/Misconduct at least 1 person"
        )
        assert evaluation.describe_rule({**rule, "jumlah": 3}) == (
            "Needs Improvement + Poor/Misconduct at least 3 people"
        )
    finally:
        set_language("id")
    assert evaluation.describe_rule(rule) == (
        "Butuh Perbaikan + Kurang/Misconduct sekurang-kurangnya 1 orang"
    )


def test_how_far_the_table_and_a_curve_are_from_the_official_ones() -> None:
    matrix = {h: dict(row) for h, row in DEFAULT_MATRIX.items()}
    assert evaluation.changed_cells(matrix) == 0
    matrix["sesuai"]["di_atas"] = "sangat_baik"
    matrix["di_bawah"]["di_bawah"] = "kurang"
    assert evaluation.changed_cells(matrix) == 2
    curve = _curve_with("kurang", 2, persen=15)
    assert not evaluation.curve_is_official(curve, "kurang")
    assert evaluation.curve_is_official(curve, "baik")
