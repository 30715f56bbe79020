"""Criteria sets, role weights and default settings."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import i18n
from models.criteria import (
    BERAKHLAK_CRITERIA,
    DEFAULT_CRITERIA,
    DEFAULT_ROLE_WEIGHTS,
    DEFAULT_SETTINGS,
    ROLES,
    SCORE_LABELS,
    default_settings,
    parse_weight,
    preset_criteria,
    score_label,
    validate_criteria,
    validate_role_weights,
    weight_shares,
)
from models.errors import ValidationError


def test_default_criteria() -> None:
    assert [(c["kode"], c["nama"], c["bobot"]) for c in DEFAULT_CRITERIA] == [
        ("disiplin", "Disiplin", 30),
        ("kualitas", "Kualitas Kerja", 40),
        ("komunikasi", "Kemampuan Berkomunikasi", 30),
    ]
    assert validate_criteria(DEFAULT_CRITERIA) == DEFAULT_CRITERIA


def test_berakhlak_preset() -> None:
    assert [(c["kode"], c["nama"]) for c in BERAKHLAK_CRITERIA] == [
        ("pelayanan", "Berorientasi Pelayanan"),
        ("akuntabel", "Akuntabel"),
        ("kompeten", "Kompeten"),
        ("harmonis", "Harmonis"),
        ("loyal", "Loyal"),
        ("adaptif", "Adaptif"),
        ("kolaboratif", "Kolaboratif"),
    ]
    assert {c["bobot"] for c in BERAKHLAK_CRITERIA} == {10}
    assert all(len(c["panduan"]) == 3 for c in BERAKHLAK_CRITERIA)
    assert BERAKHLAK_CRITERIA[0]["panduan"] == [
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ]
    assert BERAKHLAK_CRITERIA[5]["panduan"] == [
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    ]
    assert validate_criteria(BERAKHLAK_CRITERIA) == BERAKHLAK_CRITERIA
    shares = weight_shares(BERAKHLAK_CRITERIA)
    assert all(math.isclose(share, 1 / 7) for share in shares.values())


def test_presets_are_fresh_copies() -> None:
    mine = preset_criteria("berakhlak")
    mine[0]["panduan"].clear()
    mine[0]["bobot"] = 50
    assert len(BERAKHLAK_CRITERIA[0]["panduan"]) == 3
    assert preset_criteria("berakhlak")[0]["bobot"] == 10
    assert preset_criteria("default") == DEFAULT_CRITERIA
    with pytest.raises(ValidationError) as info:
        preset_criteria("iso9001")
    assert str(info.value) == "set kriteria iso9001 tidak dikenal (pilihan: default, berakhlak)"


def test_default_settings() -> None:
    settings = default_settings()
    assert settings == {
        "nama_kantor": "Kantor Kecamatan",
        "tempat": "",
        "bobot_peran": {"atasan": 50, "rekan": 30, "bawahan": 20, "diri": 0},
        "min_rekan": 2,
        "jumlah_penghargaan": 3,
        "target_jp": 20,
        "kriteria": DEFAULT_CRITERIA,
    }
    settings["bobot_peran"]["atasan"] = 1
    settings["kriteria"][0]["bobot"] = 1
    settings["kriteria"][0]["panduan"].append("x")
    assert DEFAULT_ROLE_WEIGHTS["atasan"] == 50
    assert DEFAULT_SETTINGS["kriteria"][0] == {
        "kode": "disiplin",
        "nama": "Disiplin",
        "bobot": 30,
        "panduan": [],
    }
    assert default_settings()["kriteria"][0]["bobot"] == 30


def test_validate_criteria_cleans_a_copy() -> None:
    raw: list[dict[str, Any]] = [
        {"kode": " disiplin ", "nama": "  Disiplin   Kerja ", "bobot": 12.5},
        {"kode": "k2", "nama": "Kedua", "bobot": 1, "panduan": [" Tepat  waktu ", "", "Rapi"]},
        {"kode": "k3", "nama": "Ketiga", "bobot": 2, "panduan": None},
    ]
    assert validate_criteria(raw) == [
        {"kode": "disiplin", "nama": "Disiplin Kerja", "bobot": 12.5, "panduan": []},
        {"kode": "k2", "nama": "Kedua", "bobot": 1, "panduan": ["Tepat waktu", "Rapi"]},
        {"kode": "k3", "nama": "Ketiga", "bobot": 2, "panduan": []},
    ]
    assert raw[0]["kode"] == " disiplin "


def _one(**fields: Any) -> list[dict[str, Any]]:
    base: dict[str, Any] = {"kode": "disiplin", "nama": "Disiplin", "bobot": 30, "panduan": []}
    base.update(fields)
    return [base]


@pytest.mark.parametrize(
    ("criteria", "key", "message"),
    [
        ([], "criteria.empty", "minimal harus ada satu kriteria"),
        (
            _one(kode="Disiplin"),
            "criteria.code_invalid",
            'kode kriteria ke-1 "Disiplin" tidak valid: gunakan huruf kecil, angka, atau garis '
            "bawah, diawali huruf, paling banyak 30 karakter",
        ),
        (_one(kode="1abc"), "criteria.code_invalid", None),
        (_one(kode="kerja-sama"), "criteria.code_invalid", None),
        (_one(kode="kédua"), "criteria.code_invalid", None),
        (_one(kode=""), "criteria.code_invalid", None),
        (_one(kode="a" * 31), "criteria.code_invalid", None),
        (
            _one() + _one(nama="Lain"),
            "criteria.code_duplicate",
            "kode kriteria disiplin dipakai lebih dari sekali",
        ),
        (
            _one(nama="  "),
            "criteria.name_invalid",
            "nama kriteria disiplin wajib diisi, paling banyak 60 karakter",
        ),
        (_one(nama="x" * 61), "criteria.name_invalid", None),
        (_one(bobot=0), "criteria.weight_not_positive", "bobot 0 harus lebih dari 0"),
        (_one(bobot=-5), "criteria.weight_not_positive", None),
        (_one(bobot="30"), "criteria.weight_not_number", "bobot 30 bukan angka"),
        (_one(bobot=True), "criteria.weight_not_number", None),
        (_one(bobot=None), "criteria.weight_not_number", None),
        (_one(bobot=float("nan")), "criteria.weight_not_number", None),
        (_one(bobot=float("inf")), "criteria.weight_not_number", None),
        (
            _one(panduan="Tepat waktu"),
            "criteria.guide_invalid",
            "panduan kriteria disiplin harus berupa daftar teks",
        ),
        (_one(panduan=[1]), "criteria.guide_invalid", None),
        (_one(panduan=["x" * 301]), "criteria.guide_too_long", None),
    ],
)
def test_validate_criteria_refusals(
    criteria: list[dict[str, Any]], key: str, message: str | None
) -> None:
    with pytest.raises(ValidationError) as info:
        validate_criteria(criteria)
    assert info.value.key == key
    if message is not None:
        assert str(info.value) == message


def test_code_limits() -> None:
    assert validate_criteria(_one(kode="a" * 30))[0]["kode"] == "a" * 30
    assert validate_criteria(_one(kode="k_2"))[0]["kode"] == "k_2"
    assert validate_criteria(_one(nama="x" * 60))[0]["nama"] == "x" * 60


def test_weight_shares() -> None:
    assert weight_shares(DEFAULT_CRITERIA) == {
        "disiplin": 0.3,
        "kualitas": 0.4,
        "komunikasi": 0.3,
    }
    assert weight_shares(_one(bobot=7)) == {"disiplin": 1.0}
    with pytest.raises(ValidationError):
        weight_shares([])


@given(st.lists(st.floats(min_value=0.01, max_value=1000), min_size=1, max_size=10))
def test_weight_shares_sum_to_one(weights: list[float]) -> None:
    criteria = [{"kode": f"k{i}", "nama": f"K{i}", "bobot": w} for i, w in enumerate(weights)]
    shares = weight_shares(validate_criteria(criteria))
    assert math.isclose(sum(shares.values()), 1.0)
    assert list(shares) == [f"k{i}" for i in range(len(weights))]


@pytest.mark.parametrize(
    ("text", "value"),
    [("30", 30), (" 12,5 ", 12.5), ("12.5", 12.5), ("40.0", 40), ("0,5", 0.5)],
)
def test_parse_weight(text: str, value: float) -> None:
    result = parse_weight(text)
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "criteria.weight_not_number"),
        ("tiga", "criteria.weight_not_number"),
        ("1.000,5", "criteria.weight_not_number"),
        ("0", "criteria.weight_not_positive"),
        ("-3", "criteria.weight_not_positive"),
        ("inf", "criteria.weight_not_number"),
    ],
)
def test_parse_weight_refusals(text: str, key: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_weight(text)
    assert info.value.key == key
    assert info.value.field == "bobot"


def test_role_weights() -> None:
    assert ROLES == ("atasan", "rekan", "bawahan", "diri")
    assert validate_role_weights(DEFAULT_ROLE_WEIGHTS) == DEFAULT_ROLE_WEIGHTS
    mine = {"diri": 5, "bawahan": 0, "rekan": 0.5, "atasan": 1}
    cleaned = validate_role_weights(mine)
    assert cleaned == mine
    assert list(cleaned) == list(ROLES)


@pytest.mark.parametrize(
    ("weights", "key", "message"),
    [
        (
            {"atasan": 50, "rekan": 30, "bawahan": 20},
            "criteria.role_missing",
            "bobot peran diri belum diisi",
        ),
        (
            {"atasan": 50, "rekan": 30, "bawahan": 20, "diri": 0, "pimpinan": 5},
            "criteria.role_unknown",
            "peran tidak dikenal: pimpinan (pilihan: atasan, rekan, bawahan, diri)",
        ),
        (
            {"atasan": 50, "rekan": -1, "bawahan": 20, "diri": 0},
            "criteria.role_weight_negative",
            "bobot peran rekan (-1) tidak boleh negatif",
        ),
        (
            {"atasan": 0, "rekan": 30, "bawahan": 20, "diri": 0},
            "criteria.role_atasan_zero",
            "bobot peran atasan harus lebih dari 0",
        ),
        (
            {"atasan": 50, "rekan": "30", "bawahan": 20, "diri": 0},
            "criteria.role_weight_not_number",
            "bobot peran rekan (30) bukan angka",
        ),
        (
            {"atasan": 50, "rekan": 30, "bawahan": None, "diri": 0},
            "criteria.role_weight_not_number",
            None,
        ),
    ],
)
def test_role_weight_refusals(weights: dict[str, Any], key: str, message: str | None) -> None:
    with pytest.raises(ValidationError) as info:
        validate_role_weights(weights)
    assert info.value.key == key
    assert info.value.field == "bobot_peran"
    if message is not None:
        assert str(info.value) == message


def test_score_labels() -> None:
    assert SCORE_LABELS == {
        1: "Sangat Kurang",
        2: "Kurang",
        3: "Cukup",
        4: "Baik",
        5: "Sangat Baik",
    }
    assert [score_label(n) for n in range(1, 6)] == list(SCORE_LABELS.values())
    i18n.set_language("en")
    assert score_label(5) == "Excellent"  # the band of the same words (Sangat Baik)
    with pytest.raises(ValueError):
        score_label(6)


def test_role_weights_typed_in_a_form() -> None:
    from models.criteria import parse_role_weights

    typed = {"atasan": "50", "rekan": "12,5", "bawahan": " 20 ", "diri": "0"}
    assert parse_role_weights(typed) == {"atasan": 50, "rekan": 12.5, "bawahan": 20, "diri": 0}
    with pytest.raises(ValidationError) as caught:
        parse_role_weights({**typed, "rekan": "banyak"})
    assert caught.value.field == "rekan"
    assert "Rekan" in str(caught.value)


def test_put_and_remove_a_criterion() -> None:
    from models.criteria import put_criterion, remove_criterion

    base = preset_criteria("default")
    added = put_criterion(base, None, " inovasi ", "Inovasi", "12,5", ["Usul baru", ""])
    assert [c["kode"] for c in added] == [c["kode"] for c in base] + ["inovasi"]
    assert added[-1]["bobot"] == 12.5
    first = base[0]["kode"]
    replaced = put_criterion(added, first, "disiplin_baru", "Disiplin", "40", [])
    assert replaced[0]["kode"] == "disiplin_baru" and replaced[0]["bobot"] == 40
    assert len(replaced) == len(added)
    # The code is checked before the weight, so errors come top to bottom.
    with pytest.raises(ValidationError) as caught:
        put_criterion(base, None, "Bad Code", "X", "nol", [])
    assert caught.value.field == "kode"
    with pytest.raises(ValidationError) as caught:
        put_criterion(base, None, "baru", "Baru", "nol", [])
    assert caught.value.field == "bobot"
    assert [c["kode"] for c in remove_criterion(added, "inovasi")] == [c["kode"] for c in base]
