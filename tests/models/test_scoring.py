"""Scoring: a hand-computed office, band edges, ranks, awards and hypothesis properties."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from models import i18n
from models.errors import ValidationError
from models.scoring import (
    PREDIKAT,
    RANKING_FIELDS,
    ROLES,
    PeriodResult,
    award_candidates,
    compute_period,
    criterion_means,
    is_counted,
    nilai_for,
    predikat_distribution,
    predikat_for,
    ranking_rows,
)

KRITERIA = [
    {"kode": "disiplin", "nama": "Disiplin", "bobot": 30, "panduan": []},
    {"kode": "kualitas", "nama": "Kualitas Kerja", "bobot": 40, "panduan": []},
    {"kode": "komunikasi", "nama": "Kemampuan Berkomunikasi", "bobot": 30, "panduan": []},
]
BOBOT_PERAN = {"atasan": 50, "rekan": 30, "bawahan": 20, "diri": 0}

A = "197001012000011001"  # Ahmad, head of office, Sekretariat
B = "198001012005011002"  # Budi, Sekretariat
C = "198502022010012003"  # Citra, Sekretariat
D = "197503032001012004"  # Dewi, Seksi Pemerintahan, head of that unit
E = "199004042015011005"  # Eko, Seksi Pemerintahan
F = "199105052016011006"  # Fajar, Seksi Pemerintahan
G = "199206062017012007"  # Gita, inactive


def pegawai(nama: str, unit: str, atasan: str | None, aktif: bool = True) -> dict[str, Any]:
    return {"nama": nama, "unit": unit, "atasan_nip": atasan, "aktif": aktif}


PEGAWAI: dict[str, dict[str, Any]] = {
    A: pegawai("Ahmad", "Sekretariat", None),
    B: pegawai("Budi", "Sekretariat", A),
    C: pegawai("Citra", "Sekretariat", A),
    D: pegawai("Dewi", "Seksi Pemerintahan", A),
    E: pegawai("Eko", "Seksi Pemerintahan", D),
    F: pegawai("Fajar", "Seksi Pemerintahan", D),
    G: pegawai("Gita", "Seksi Pemerintahan", D, aktif=False),
}


def nilai(ratee: str, rater: str, peran: str, *scores: int) -> dict[str, Any]:
    """A rating; fewer scores than criteria leaves the rest unscored (a draft)."""
    kodes = [k["kode"] for k in KRITERIA]
    return {
        "periode": "2026-S1",
        "nip_dinilai": ratee,
        "nip_penilai": rater,
        "peran": peran,
        "skor": dict(zip(kodes, scores, strict=False)),
        "catatan": "",
    }


# s = (30*disiplin + 40*kualitas + 30*komunikasi) / 100 for one rating or one role's means.
PENILAIAN = [
    # Budi: atasan 5,5,5 (s 5); rekan (4,4,4) and (5,4,5) -> means (4.5, 4, 4.5), s 4.3;
    # no bawahan, so only atasan and rekan enter: F = (50*5 + 30*4.3) / 80 = 379/80 = 4.7375,
    # nilai 94.75 Sangat Baik.  The diri rating of 1s has weight 0 and changes nothing.
    nilai(B, A, "atasan", 5, 5, 5),
    nilai(B, C, "rekan", 4, 4, 4),
    nilai(B, D, "rekan", 5, 4, 5),
    nilai(B, B, "diri", 1, 1, 1),
    # Citra: atasan 5; rekan (5,4,4) and (4,4,5) -> means (4.5, 4, 4.5), s 4.3 -> 94.75, a tie
    # with Budi reached through different scores.
    nilai(C, A, "atasan", 5, 5, 5),
    nilai(C, B, "rekan", 5, 4, 4),
    nilai(C, D, "rekan", 4, 4, 5),
    # Ahmad (head of office, no atasan possible): rekan (5,5,5) and (4,5,5) -> means
    # (4.5, 5, 5), s 4.85; bawahan (5,5,5) and (4,4,4) -> 4.5; Dewi's bawahan rating is a
    # draft (no komunikasi) and is ignored.  F = (30*4.85 + 20*4.5) / 50 = 4.71 -> 94.20.
    nilai(A, E, "rekan", 5, 5, 5),
    nilai(A, F, "rekan", 4, 5, 5),
    nilai(A, B, "bawahan", 5, 5, 5),
    nilai(A, C, "bawahan", 4, 4, 4),
    nilai(A, D, "bawahan", 1, 1),
    # Dewi: atasan (4,4,4) s 4; rekan (3,4,3) and (5,4,3) -> means (4, 4, 3), s 3.7;
    # bawahan Eko 5 (Gita is inactive, her rating does not count); diri ignored.
    # F = (50*4 + 30*3.7 + 20*5) / 100 = 4.11 -> 82.20 Baik.
    nilai(D, A, "atasan", 4, 4, 4),
    nilai(D, B, "rekan", 3, 4, 3),
    nilai(D, C, "rekan", 5, 4, 3),
    nilai(D, E, "bawahan", 5, 5, 5),
    nilai(D, G, "bawahan", 1, 1, 1),
    nilai(D, D, "diri", 5, 5, 5),
    # Eko: atasan 3; one counted rekan (2,3,2) s 2.4 (Gita inactive, Citra's is a draft).
    # F = (50*3 + 30*2.4) / 80 = 2.775 -> 55.50 Butuh Perbaikan, incomplete "rekan 1/2".
    nilai(E, D, "atasan", 3, 3, 3),
    nilai(E, F, "rekan", 2, 3, 2),
    nilai(E, G, "rekan", 5, 5, 5),
    nilai(E, C, "rekan", 5),
    # Fajar: only a self-assessment, weight 0 -> no nilai; no atasan, no rekan.
    nilai(F, F, "diri", 5, 5, 5),
    # Gita is inactive: no line at all.
    nilai(G, D, "atasan", 5, 5, 5),
]


def kantor(
    penilaian: list[dict[str, Any]] = PENILAIAN,
    bobot_peran: Mapping[str, Any] = BOBOT_PERAN,
    min_rekan: int = 2,
) -> PeriodResult:
    return compute_period(KRITERIA, bobot_peran, min_rekan, PEGAWAI, penilaian)


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("id")


# --------------------------------------------------------------------------- hand-computed office


def test_office_lines_in_rank_then_name_order() -> None:
    result = kantor()
    table = [
        (ln.nama, ln.nilai, ln.predikat, ln.peringkat, ln.peringkat_unit, ln.lengkap)
        for ln in result.lines
    ]
    assert table == [
        ("Budi", Decimal("94.75"), "Sangat Baik", 1, 1, True),
        ("Citra", Decimal("94.75"), "Sangat Baik", 1, 1, True),
        ("Ahmad", Decimal("94.20"), "Sangat Baik", 3, 3, True),
        ("Dewi", Decimal("82.20"), "Baik", 4, 1, True),
        ("Eko", Decimal("55.50"), "Butuh Perbaikan", None, None, False),
        ("Fajar", None, None, None, None, False),
    ]
    assert G not in result.by_nip
    assert set(result.by_nip) == {A, B, C, D, E, F}


def test_exact_final_scores() -> None:
    result = kantor()
    assert result.by_nip[B].skor_akhir == Fraction(379, 80)
    assert result.by_nip[C].skor_akhir == Fraction(379, 80)
    assert result.by_nip[A].skor_akhir == Fraction(471, 100)
    assert result.by_nip[D].skor_akhir == Fraction(411, 100)
    assert result.by_nip[E].skor_akhir == Fraction(111, 40)
    assert result.by_nip[F].skor_akhir is None


def test_breakdown_of_budi_renormalised_without_bawahan() -> None:
    line = kantor().by_nip[B]
    atasan, rekan, bawahan, diri = (line.peran[r] for r in ROLES)
    assert list(line.peran) == list(ROLES)
    assert (atasan.jumlah, rekan.jumlah, bawahan.jumlah, diri.jumlah) == (1, 2, 0, 1)
    assert atasan.rerata == {"disiplin": 5, "kualitas": 5, "komunikasi": 5}
    assert rekan.rerata == {
        "disiplin": Fraction(9, 2),
        "kualitas": Fraction(4),
        "komunikasi": Fraction(9, 2),
    }
    assert (atasan.skor, rekan.skor, bawahan.skor, diri.skor) == (
        Fraction(5),
        Fraction(43, 10),
        None,
        Fraction(1),
    )
    assert bawahan.rerata == {}
    assert (atasan.dipakai, rekan.dipakai, bawahan.dipakai, diri.dipakai) == (
        True,
        True,
        False,
        False,
    )
    # 50 and 30 renormalised over the two roles present: 5/8 and 3/8.
    assert dict(line.porsi_peran) == {"atasan": Fraction(5, 8), "rekan": Fraction(3, 8)}
    assert dict(line.bobot_kriteria) == {"disiplin": 30, "kualitas": 40, "komunikasi": 30}
    assert dict(line.porsi_kriteria) == {
        "disiplin": Fraction(3, 10),
        "kualitas": Fraction(2, 5),
        "komunikasi": Fraction(3, 10),
    }
    assert line.alasan == []


def test_head_of_office_needs_no_atasan_and_renormalises_over_rekan_and_bawahan() -> None:
    line = kantor().by_nip[A]
    assert line.lengkap is True
    assert line.peran["atasan"].jumlah == 0
    assert line.peran["bawahan"].jumlah == 2  # Dewi's draft is not counted
    assert dict(line.porsi_peran) == {"rekan": Fraction(3, 5), "bawahan": Fraction(2, 5)}


def test_full_three_role_breakdown_of_dewi() -> None:
    line = kantor().by_nip[D]
    assert line.peran["bawahan"].jumlah == 1  # the inactive Gita's rating is not counted
    assert line.peran["rekan"].skor == Fraction(37, 10)
    assert dict(line.porsi_peran) == {
        "atasan": Fraction(1, 2),
        "rekan": Fraction(3, 10),
        "bawahan": Fraction(1, 5),
    }


def test_diri_weight_zero_never_affects_nilai() -> None:
    changed = [
        nilai(B, B, "diri", 5, 5, 5) if r["nip_dinilai"] == B and r["peran"] == "diri" else r
        for r in PENILAIAN
    ]
    assert kantor(changed).by_nip[B].nilai == Decimal("94.75")
    # With a diri weight of 10 the self-assessment of 1s would pull Budi down:
    # F = (50*5 + 30*4.3 + 10*1) / 90 = 389/90 = 4.3222.. -> 86.44.
    weighted = kantor(bobot_peran={**BOBOT_PERAN, "diri": 10}).by_nip[B]
    assert weighted.skor_akhir == Fraction(389, 90)
    assert weighted.nilai == Decimal("86.44")


def test_draft_rating_ignored_until_complete() -> None:
    # Completing Citra's draft rekan rating of Eko (5, then 5, 5) makes Eko complete:
    # rekan means (3.5, 4, 3.5), s 3.7; F = (50*3 + 30*3.7) / 80 = 261/80 = 3.2625 -> 65.25.
    completed = [
        nilai(E, C, "rekan", 5, 5, 5) if r["nip_dinilai"] == E and r["nip_penilai"] == C else r
        for r in PENILAIAN
    ]
    line = kantor(completed).by_nip[E]
    assert line.skor_akhir == Fraction(261, 80)
    assert (line.nilai, line.predikat, line.lengkap) == (Decimal("65.25"), "Butuh Perbaikan", True)
    assert (line.peringkat, line.peringkat_unit) == (5, 2)


def test_incomplete_reasons_in_both_languages(english: None) -> None:
    result = kantor()
    assert result.by_nip[E].alasan == ["peers 1/2"]
    assert result.by_nip[F].alasan == ["supervisor has not rated", "peers 0/2"]
    i18n.set_language("id")
    assert result.by_nip[E].alasan == ["rekan 1/2"]
    assert result.by_nip[F].alasan == ["atasan belum menilai", "rekan 0/2"]


def test_min_rekan_zero_makes_eko_complete_and_fajar_still_lacks_atasan() -> None:
    result = kantor(min_rekan=0)
    assert result.by_nip[E].lengkap is True
    assert result.by_nip[F].alasan == ["atasan belum menilai"]


def test_no_score_reason_when_nothing_else_is_missing() -> None:
    employees = {A: pegawai("Ahmad", "Sekretariat", None)}
    result = compute_period(KRITERIA, BOBOT_PERAN, 0, employees, [])
    line = result.by_nip[A]
    assert (line.nilai, line.lengkap, line.alasan) == (None, False, ["belum ada nilai"])


def test_unknown_rater_and_unknown_role_do_not_count() -> None:
    extra = [
        nilai(F, "199999999999999999", "atasan", 5, 5, 5),
        nilai(F, D, "pengamat", 5, 5, 5),
    ]
    line = kantor([*PENILAIAN, *extra]).by_nip[F]
    assert line.peran["atasan"].jumlah == 0
    assert line.nilai is None


def test_award_candidates_with_tie_at_cut_off() -> None:
    result = kantor()
    names = {n: [ln.nama for ln in award_candidates(result, n)] for n in range(5)}
    assert names == {
        0: [],
        1: ["Budi", "Citra"],  # both share rank 1
        2: ["Budi", "Citra"],  # Ahmad is rank 3
        3: ["Budi", "Citra", "Ahmad"],
        4: ["Budi", "Citra", "Ahmad"],  # Dewi is rank 4 but only Baik
    }


def test_predikat_distribution_counts_complete_employees_per_unit() -> None:
    assert predikat_distribution(kantor()) == {
        "Sekretariat": {
            "Sangat Baik": 3,
            "Baik": 0,
            "Butuh Perbaikan": 0,
            "Kurang": 0,
            "Sangat Kurang": 0,
        },
        "Seksi Pemerintahan": {
            "Sangat Baik": 0,
            "Baik": 1,
            "Butuh Perbaikan": 0,
            "Kurang": 0,
            "Sangat Kurang": 0,
        },
    }


def test_criterion_means_on_kualitas() -> None:
    # Budi/Citra: 5/8*5 + 3/8*4 = 4.625; Ahmad: 3/5*5 + 2/5*4.5 = 4.8;
    # Dewi: 1/2*4 + 3/10*4 + 1/5*5 = 4.2; Eko: 5/8*3 + 3/8*3 = 3; Fajar has no score.
    assert criterion_means(kantor(), "kualitas") == {
        B: 4.625,
        C: 4.625,
        A: 4.8,
        D: 4.2,
        E: 3.0,
    }


def test_criterion_means_unknown_kode() -> None:
    with pytest.raises(ValidationError) as err:
        criterion_means(kantor(), "kejujuran")
    assert err.value.key == "scoring.criterion_unknown"
    assert str(err.value) == "kriteria kejujuran tidak ada pada periode ini"


def test_ranking_rows_of_office() -> None:
    rows = ranking_rows("2026-S1", kantor())
    assert [list(r) for r in rows] == [RANKING_FIELDS] * 6
    assert rows[0] == {
        "periode": "2026-S1",
        "peringkat": 1,
        "peringkat_unit": 1,
        "nip": B,
        "nama": "Budi",
        "unit": "Sekretariat",
        "nilai": 94.75,
        "predikat": "Sangat Baik",
        "lengkap": True,
        "alasan": "",
    }
    assert rows[5] == {
        "periode": "2026-S1",
        "peringkat": None,
        "peringkat_unit": None,
        "nip": F,
        "nama": "Fajar",
        "unit": "Seksi Pemerintahan",
        "nilai": None,
        "predikat": None,
        "lengkap": False,
        "alasan": "atasan belum menilai; rekan 0/2",
    }
    assert rows[4]["nilai"] == 55.5
    assert rows[4]["alasan"] == "rekan 1/2"


def test_equal_nilai_and_equal_nama_ordered_by_nip() -> None:
    kepala = "196001012000011001"
    kembar = ["199001012015011009", "199001012015011003"]
    employees = {
        kepala: pegawai("Kepala", "U", None),
        kembar[0]: pegawai("Sari", "U", kepala),
        kembar[1]: pegawai("Sari", "U", kepala),
        "199001012015011004": pegawai("ani", "U", kepala),
    }
    ratings = [
        {"nip_dinilai": nip, "nip_penilai": kepala, "peran": "atasan", "skor": {"k": 4}}
        for nip in employees
        if nip != kepala
    ]
    result = compute_period([{"kode": "k", "bobot": 1}], {"atasan": 1}, 0, employees, ratings)
    ranked = [(ln.nama, ln.nip, ln.peringkat) for ln in result.lines if ln.lengkap]
    # "ani" sorts before "Sari" regardless of case; the two Saris by nip.
    assert ranked == [
        ("ani", "199001012015011004", 1),
        ("Sari", kembar[1], 1),
        ("Sari", kembar[0], 1),
    ]


# --------------------------------------------------------------------------- band edges


def edge_office(atasan_skor: int, rekan_skor: int, w_atasan: int, w_rekan: int) -> PeriodResult:
    """X rated by an atasan and one rekan on one criterion, so
    F = rekan + (atasan - rekan) * w_atasan / (w_atasan + w_rekan) when atasan = rekan + 1."""
    employees = {
        "1": pegawai("Kepala", "U", None),
        "2": pegawai("X", "U", "1"),
        "3": pegawai("Rekan", "U", "1"),
    }
    ratings = [
        {"nip_dinilai": "2", "nip_penilai": "1", "peran": "atasan", "skor": {"k": atasan_skor}},
        {"nip_dinilai": "2", "nip_penilai": "3", "peran": "rekan", "skor": {"k": rekan_skor}},
    ]
    weights = {"atasan": w_atasan, "rekan": w_rekan, "bawahan": 20, "diri": 0}
    return compute_period([{"kode": "k", "bobot": 7}], weights, 1, employees, ratings)


@pytest.mark.parametrize(
    ("atasan", "rekan", "w_atasan", "w_rekan", "expected", "predikat"),
    [
        # 80 + 20 * 1/2 = 90 exactly
        (5, 4, 1, 1, "90.00", "Sangat Baik"),
        # 80 + 20 * 999/2000 = 89.99
        (5, 4, 999, 1001, "89.99", "Baik"),
        # 80 + 20 * 1999/4000 = 89.995 exactly -> half-up 90.00
        (5, 4, 1999, 2001, "90.00", "Sangat Baik"),
        # 80 + 20 * 19989999/40000000 = 89.9949995 -> 89.99
        (5, 4, 19989999, 20010001, "89.99", "Baik"),
        # 60 + 20 * 1/2 = 70; 60 + 9.99 = 69.99; 60 + 9.995 = 69.995 -> 70.00
        (4, 3, 1, 1, "70.00", "Baik"),
        (4, 3, 999, 1001, "69.99", "Butuh Perbaikan"),
        (4, 3, 1999, 2001, "70.00", "Baik"),
        # 40 + 10 = 50; 40 + 9.99 = 49.99
        (3, 2, 1, 1, "50.00", "Butuh Perbaikan"),
        (3, 2, 999, 1001, "49.99", "Kurang"),
        # 20 + 10 = 30; 20 + 9.99 = 29.99
        (2, 1, 1, 1, "30.00", "Kurang"),
        (2, 1, 999, 1001, "29.99", "Sangat Kurang"),
        # the extremes
        (5, 5, 1, 1, "100.00", "Sangat Baik"),
        (1, 1, 1, 1, "20.00", "Sangat Kurang"),
    ],
)
def test_band_edges(
    atasan: int, rekan: int, w_atasan: int, w_rekan: int, expected: str, predikat: str
) -> None:
    line = edge_office(atasan, rekan, w_atasan, w_rekan).by_nip["2"]
    assert line.nilai == Decimal(expected)
    assert str(line.nilai) == expected
    assert line.predikat == predikat


def test_exact_half_up_where_float_would_round_down() -> None:
    f = Fraction(17999, 4000)  # 4.49975 -> 89.995
    assert round(17999 / 4000 * 20, 2) == 89.99  # the float drift the exact path avoids
    assert nilai_for(f) == Decimal("90.00")
    assert nilai_for(Fraction(1)) == Decimal("20.00")
    assert nilai_for(Fraction(5)) == Decimal("100.00")
    assert nilai_for(Fraction(1, 3) + 4) == Decimal("86.67")


@pytest.mark.parametrize(
    ("value", "predikat"),
    [
        ("100.00", "Sangat Baik"),
        ("90.00", "Sangat Baik"),
        ("89.99", "Baik"),
        ("70.00", "Baik"),
        ("69.99", "Butuh Perbaikan"),
        ("50.00", "Butuh Perbaikan"),
        ("49.99", "Kurang"),
        ("30.00", "Kurang"),
        ("29.99", "Sangat Kurang"),
        ("20.00", "Sangat Kurang"),
    ],
)
def test_predikat_for(value: str, predikat: str) -> None:
    assert predikat_for(Decimal(value)) == predikat


# ---------------------------------------------------------------- counting and validation


@pytest.mark.parametrize(
    ("skor", "counted"),
    [
        ({"disiplin": 4, "kualitas": 5, "komunikasi": 1}, True),
        ({"disiplin": 4, "kualitas": 5, "komunikasi": 1, "lama": 3}, True),
        ({"disiplin": 4, "kualitas": 5}, False),
        ({"disiplin": 4, "kualitas": 5, "komunikasi": None}, False),
        ({"disiplin": 4, "kualitas": 5, "komunikasi": 0}, False),
        ({"disiplin": 4, "kualitas": 6, "komunikasi": 1}, False),
        ({"disiplin": 4, "kualitas": "5", "komunikasi": 1}, False),
        ({"disiplin": 4, "kualitas": 4.0, "komunikasi": 1}, False),
        ({"disiplin": True, "kualitas": 5, "komunikasi": 1}, False),
        ({}, False),
    ],
)
def test_is_counted(skor: dict[str, Any], counted: bool) -> None:
    assert is_counted({"skor": skor}, KRITERIA) is counted


def test_is_counted_without_skor() -> None:
    assert is_counted({}, KRITERIA) is False


@pytest.mark.parametrize(
    ("criteria", "role_weights", "min_rekan", "key", "field"),
    [
        ([], BOBOT_PERAN, 2, "scoring.criteria_empty", "kriteria"),
        ([{"kode": "k", "bobot": 0}], BOBOT_PERAN, 2, "scoring.criterion_weight_invalid", "bobot"),
        ([{"kode": "k", "bobot": -1}], BOBOT_PERAN, 2, "scoring.criterion_weight_invalid", "bobot"),
        (
            [{"kode": "k", "bobot": True}],
            BOBOT_PERAN,
            2,
            "scoring.criterion_weight_invalid",
            "bobot",
        ),
        (
            [{"kode": "k", "bobot": "30"}],
            BOBOT_PERAN,
            2,
            "scoring.criterion_weight_invalid",
            "bobot",
        ),
        (
            [{"kode": "k", "bobot": float("nan")}],
            BOBOT_PERAN,
            2,
            "scoring.criterion_weight_invalid",
            "bobot",
        ),
        ([{"kode": "", "bobot": 1}], BOBOT_PERAN, 2, "scoring.criterion_code_invalid", "kode"),
        (
            [{"kode": "k", "bobot": 1}, {"kode": "k", "bobot": 2}],
            BOBOT_PERAN,
            2,
            "scoring.criterion_duplicate",
            "kode",
        ),
        (KRITERIA, {"atasan": -1}, 2, "scoring.role_weight_invalid", "bobot_peran"),
        (KRITERIA, {"atasan": None}, 2, "scoring.role_weight_invalid", "bobot_peran"),
        (KRITERIA, {"atasan": 1, "tamu": 1}, 2, "scoring.role_unknown", "bobot_peran"),
        (KRITERIA, {"atasan": 0, "diri": 0}, 2, "scoring.role_weights_zero", "bobot_peran"),
        (KRITERIA, BOBOT_PERAN, -1, "scoring.min_rekan_invalid", "min_rekan"),
        (KRITERIA, BOBOT_PERAN, 1.5, "scoring.min_rekan_invalid", "min_rekan"),
    ],
)
def test_invalid_settings(
    criteria: list[dict[str, Any]],
    role_weights: dict[str, Any],
    min_rekan: Any,
    key: str,
    field: str,
) -> None:
    with pytest.raises(ValidationError) as err:
        compute_period(criteria, role_weights, min_rekan, PEGAWAI, PENILAIAN)
    assert (err.value.key, err.value.field) == (key, field)
    assert str(err.value) != key  # the catalog has a message for it


def test_weight_message_names_the_criterion() -> None:
    with pytest.raises(ValidationError) as err:
        compute_period([{"kode": "disiplin", "bobot": 0}], BOBOT_PERAN, 2, PEGAWAI, [])
    assert str(err.value) == "bobot kriteria disiplin harus berupa angka lebih dari 0"


def test_fractional_weights_are_read_as_typed() -> None:
    # 0.1 and 0.2 as floats are not exactly 1/10 and 2/10; the shares must still be 1/3, 2/3.
    result = compute_period(
        [{"kode": "a", "bobot": 0.1}, {"kode": "b", "bobot": 0.2}],
        {"atasan": Decimal("0.5")},
        0,
        {"1": pegawai("Kepala", "U", None), "2": pegawai("X", "U", "1")},
        [{"nip_dinilai": "2", "nip_penilai": "1", "peran": "atasan", "skor": {"a": 5, "b": 2}}],
    )
    line = result.by_nip["2"]
    assert dict(line.porsi_kriteria) == {"a": Fraction(1, 3), "b": Fraction(2, 3)}
    assert line.skor_akhir == 3  # (5 + 2*2) / 3
    assert line.nilai == Decimal("60.00")


def test_catalogs_define_every_scoring_key_in_both_languages() -> None:
    locale = Path(i18n.__file__).with_name("locale")
    ids = json.loads((locale / "id" / "scoring.json").read_text(encoding="utf-8"))
    ens = json.loads((locale / "en" / "scoring.json").read_text(encoding="utf-8"))
    assert set(ids) == set(ens)
    source = (Path(i18n.__file__).with_name("scoring.py")).read_text(encoding="utf-8")
    used = set(re.findall(r'"(scoring\.[a-z_]+)"', source))
    assert used == set(ids)


# --------------------------------------------------------------------------- properties

NAMES = ["Ani", "Budi", "ani", "Cici"]
SCORE_CHOICES = [0, *range(1, 6), *range(1, 6), *range(1, 6)]
"""Mostly real scores; 0 stands for an unscored criterion."""


@st.composite
def offices(draw: st.DrawFn) -> dict[str, Any]:
    n_crit = draw(st.integers(1, 4))
    criteria = [{"kode": f"k{i}", "bobot": draw(st.integers(1, 50))} for i in range(n_crit)]
    role_weights = {r: draw(st.integers(0, 60)) for r in ROLES}
    role_weights["atasan"] = draw(st.integers(1, 60))
    n = draw(st.integers(1, 7))
    nips = [f"19900101201501100{i}" for i in range(n)]
    employees = {
        nip: {
            "nama": draw(st.sampled_from(NAMES)),
            "unit": draw(st.sampled_from(["U1", "U2"])),
            "atasan_nip": None if i == 0 else nips[0],
            "aktif": draw(st.integers(0, 5)) > 0,
        }
        for i, nip in enumerate(nips)
    }
    rating = st.builds(
        lambda ratee, rater, peran, scores: {
            "nip_dinilai": ratee,
            "nip_penilai": rater,
            "peran": peran,
            # a 0 leaves the criterion unscored, making the rating a draft
            "skor": {f"k{i}": s for i, s in enumerate(scores) if s},
        },
        st.sampled_from(nips),
        st.sampled_from(nips),
        st.sampled_from(ROLES),
        st.lists(st.sampled_from(SCORE_CHOICES), min_size=n_crit, max_size=n_crit),
    )
    # Most employees get an atasan rating with the same narrow scores, so complete
    # employees and ties in nilai are common.
    atasan_ratings = [
        {
            "nip_dinilai": nip,
            "nip_penilai": nips[0],
            "peran": "atasan",
            "skor": {f"k{i}": draw(st.sampled_from([4, 5])) for i in range(n_crit)},
        }
        for nip in nips[1:]
        if draw(st.integers(0, 3)) > 0
    ]
    ratings = atasan_ratings + draw(st.lists(rating, max_size=30))
    return {
        "criteria": criteria,
        "role_weights": role_weights,
        "min_rekan": draw(st.integers(0, 2)),
        "employees": employees,
        "ratings": ratings,
    }


def run(office: Mapping[str, Any], **changes: Any) -> PeriodResult:
    args = {**office, **changes}
    return compute_period(
        args["criteria"],
        args["role_weights"],
        args["min_rekan"],
        args["employees"],
        args["ratings"],
    )


def reference_f(office: Mapping[str, Any], nip: str) -> Fraction | None:
    """SPEC section 3 written out literally, one rating at a time."""
    employees = office["employees"]
    kodes = [c["kode"] for c in office["criteria"]]
    w = {c["kode"]: Fraction(c["bobot"]) for c in office["criteria"]}
    s: dict[str, Fraction] = {}
    for peran in ROLES:
        counted = [
            r["skor"]
            for r in office["ratings"]
            if r["nip_dinilai"] == nip
            and r["peran"] == peran
            and employees[r["nip_penilai"]]["aktif"]
            and all(k in r["skor"] for k in kodes)
        ]
        if counted and office["role_weights"][peran] > 0:
            m = {k: Fraction(sum(sk[k] for sk in counted), len(counted)) for k in kodes}
            s[peran] = sum((w[k] * m[k] for k in kodes), Fraction(0)) / sum(w.values())
    if not s:
        return None
    total = sum(Fraction(office["role_weights"][r]) for r in s)
    return sum((office["role_weights"][r] * s[r] for r in s), Fraction(0)) / total


@settings(max_examples=150, deadline=None)
@given(offices())
def test_matches_literal_formula_and_stays_in_range(office: dict[str, Any]) -> None:
    result = run(office)
    active = [nip for nip, e in office["employees"].items() if e["aktif"]]
    assert sorted(result.by_nip) == sorted(active)
    for line in result.lines:
        assert line.skor_akhir == reference_f(office, line.nip)
        if line.nilai is None:
            assert line.predikat is None
            assert line.lengkap is False
            continue
        assert Decimal(20) <= line.nilai <= Decimal(100)
        assert line.nilai == line.nilai.quantize(Decimal("0.01"))
        assert line.predikat == predikat_for(line.nilai)


@settings(max_examples=150, deadline=None)
@given(offices())
def test_ranks_are_competition_ranks(office: dict[str, Any]) -> None:
    result = run(office)
    complete = [ln for ln in result.lines if ln.lengkap]
    assert list(result.lines[: len(complete)]) == complete
    for ln in result.lines:
        if not ln.lengkap:
            assert (ln.peringkat, ln.peringkat_unit) == (None, None)
            continue
        assert ln.nilai is not None
        better = [o for o in complete if o.nilai is not None and o.nilai > ln.nilai]
        assert ln.peringkat == 1 + len(better)
        assert ln.peringkat_unit == 1 + sum(o.unit == ln.unit for o in better)
    for n in range(4):
        expected = [
            ln.nip
            for ln in complete
            if ln.predikat == "Sangat Baik" and ln.peringkat is not None and ln.peringkat <= n
        ]
        assert [ln.nip for ln in award_candidates(result, n)] == expected
    distribution = predikat_distribution(result)
    assert sum(sum(row.values()) for row in distribution.values()) == len(complete)
    assert all(list(row) == list(PREDIKAT) for row in distribution.values())


@settings(max_examples=150, deadline=None)
@given(offices(), st.data())
def test_raising_one_score_never_lowers_nilai(office: dict[str, Any], data: st.DataObject) -> None:
    counted = [
        i
        for i, r in enumerate(office["ratings"])
        if is_counted(r, office["criteria"])
        and office["employees"][r["nip_dinilai"]]["aktif"]
        and office["employees"][r["nip_penilai"]]["aktif"]
    ]
    assume(counted)
    index = data.draw(st.sampled_from(counted))
    rating = office["ratings"][index]
    kode = data.draw(st.sampled_from(sorted(rating["skor"])))
    assume(rating["skor"][kode] < 5)
    raised = {**rating, "skor": {**rating["skor"], kode: rating["skor"][kode] + 1}}
    ratings = [*office["ratings"][:index], raised, *office["ratings"][index + 1 :]]
    before = run(office).by_nip[rating["nip_dinilai"]]
    after = run(office, ratings=ratings).by_nip[rating["nip_dinilai"]]
    assert (before.nilai is None) == (after.nilai is None)
    if before.nilai is not None and after.nilai is not None:
        assert after.nilai >= before.nilai
        assert before.skor_akhir is not None and after.skor_akhir is not None
        assert after.skor_akhir >= before.skor_akhir


@settings(max_examples=100, deadline=None)
@given(offices(), st.randoms(use_true_random=False))
def test_rating_order_does_not_matter(office: dict[str, Any], rnd: Any) -> None:
    shuffled = list(office["ratings"])
    rnd.shuffle(shuffled)
    first, second = run(office), run(office, ratings=shuffled)
    assert ranking_rows("P", first) == ranking_rows("P", second)
    assert [ln.skor_akhir for ln in first.lines] == [ln.skor_akhir for ln in second.lines]


@settings(max_examples=100, deadline=None)
@given(
    offices(),
    st.sampled_from([2, 3, 7, 1000, 0.5, 2.5, Fraction(1, 3), Decimal("1.5")]),
    st.sampled_from([2, 9, 0.25, Fraction(2, 7), Decimal("0.1")]),
)
def test_scaling_weights_changes_nothing(office: dict[str, Any], k_crit: Any, k_role: Any) -> None:
    criteria = [{**c, "bobot": c["bobot"] * k_crit} for c in office["criteria"]]
    role_weights = {r: w * k_role for r, w in office["role_weights"].items()}
    base = run(office)
    scaled = run(office, criteria=criteria, role_weights=role_weights)
    assert ranking_rows("P", base) == ranking_rows("P", scaled)
    assert [ln.skor_akhir for ln in base.lines] == [ln.skor_akhir for ln in scaled.lines]
    assert [dict(ln.porsi_peran) for ln in base.lines] == [
        dict(ln.porsi_peran) for ln in scaled.lines
    ]


@settings(max_examples=100, deadline=None)
@given(offices())
def test_ranking_rows_fields_and_types(office: dict[str, Any]) -> None:
    result = run(office)
    rows = ranking_rows("2026-S1", result)
    assert len(rows) == len(result.lines)
    for row in rows:
        assert list(row) == RANKING_FIELDS
        assert row["periode"] == "2026-S1"
        assert isinstance(row["nip"], str) and isinstance(row["nama"], str)
        assert isinstance(row["unit"], str) and isinstance(row["alasan"], str)
        assert type(row["lengkap"]) is bool
        if row["nilai"] is None:
            assert row["predikat"] is None
        else:
            assert type(row["nilai"]) is float
            assert 20.0 <= row["nilai"] <= 100.0
            assert row["nilai"] == round(row["nilai"], 2)
            assert row["predikat"] in PREDIKAT
        if row["lengkap"]:
            assert type(row["peringkat"]) is int and type(row["peringkat_unit"]) is int
            assert row["alasan"] == ""
        else:
            assert row["peringkat"] is None and row["peringkat_unit"] is None
            assert row["alasan"] != ""
