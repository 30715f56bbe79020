"""Who may rate whom: every rule of the specification, allowed and refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from models import i18n
from models.criteria import DEFAULT_CRITERIA, default_settings
from models.eligibility import (
    build_index,
    check_pair,
    check_rating,
    is_complete,
    missing_criteria,
    rateable_by,
    raters_of,
    role_for,
    validate_scores,
)
from models.errors import ValidationError
from models.period import new_period, transition


def nip(n: int) -> str:
    return f"1980010120050110{n:02d}"


AHMAD, BUDI, CITRA, KARTIKA, DEWI, EKO, FAJAR, HADI, GITA, SITI, YUDI = (
    nip(n) for n in range(1, 12)
)
UNKNOWN = "198702152010012003"

# Ahmad (head of office)
# ├── Budi (Sekretariat)
# │   ├── Dewi, Eko (Sekretariat)
# │   ├── Fajar (Sekretariat, inactive)
# │   │   └── Yudi (Sekretariat; his supervisor left)
# │   └── Hadi (Seksi Pemerintahan, on loan)
# ├── Citra (Seksi Pemerintahan)
# │   └── Gita, Siti (Seksi Pemerintahan)
# └── Kartika (Seksi Kesejahteraan Rakyat)
ORG = [
    (AHMAD, "Ahmad", "Pimpinan", None, True),
    (BUDI, "Budi", "Sekretariat", AHMAD, True),
    (CITRA, "Citra", "Seksi Pemerintahan", AHMAD, True),
    (KARTIKA, "Kartika", "Seksi Kesejahteraan Rakyat", AHMAD, True),
    (DEWI, "Dewi", "Sekretariat", BUDI, True),
    (EKO, "Eko", "Sekretariat", BUDI, True),
    (FAJAR, "Fajar", "Sekretariat", BUDI, False),
    (HADI, "Hadi", "Seksi Pemerintahan", BUDI, True),
    (GITA, "Gita", "Seksi Pemerintahan", CITRA, True),
    (SITI, "Siti", "Seksi Pemerintahan", CITRA, True),
    (YUDI, "Yudi", "Sekretariat", FAJAR, True),
]


@pytest.fixture
def org() -> dict[str, dict[str, Any]]:
    return {
        n: {
            "nip": n,
            "jenis_asn": "PNS",
            "nama": nama,
            "gelar_depan": "",
            "gelar_belakang": "",
            "golongan": "III/a",
            "jabatan": "Pelaksana",
            "jenis_jabatan": "Pelaksana",
            "unit": unit,
            "atasan_nip": atasan,
            "aktif": aktif,
        }
        for n, nama, unit, atasan, aktif in ORG
    }


@pytest.mark.parametrize(
    ("rater", "ratee", "peran"),
    [
        (BUDI, DEWI, "atasan"),
        (AHMAD, BUDI, "atasan"),
        (DEWI, BUDI, "bawahan"),
        (BUDI, AHMAD, "bawahan"),
        (DEWI, DEWI, "diri"),
        (EKO, DEWI, "rekan"),
        (AHMAD, DEWI, "rekan"),  # supervisor's supervisor is not the direct atasan
        (DEWI, AHMAD, "rekan"),
        (GITA, DEWI, "rekan"),
    ],
)
def test_role_for(rater: str, ratee: str, peran: str, org: dict[str, dict[str, Any]]) -> None:
    assert role_for(rater, ratee, org) == peran


def test_role_for_unknown_people(org: dict[str, dict[str, Any]]) -> None:
    with pytest.raises(ValidationError) as info:
        role_for(UNKNOWN, DEWI, org)
    assert str(info.value) == f"penilai tidak ditemukan: {UNKNOWN}"
    with pytest.raises(ValidationError) as info:
        role_for(DEWI, UNKNOWN, org)
    assert str(info.value) == f"pegawai yang dinilai tidak ditemukan: {UNKNOWN}"


@pytest.mark.parametrize(
    ("ratee", "rater", "peran", "warnings"),
    [
        (DEWI, BUDI, "atasan", []),
        (BUDI, AHMAD, "atasan", []),
        (BUDI, DEWI, "bawahan", []),
        (BUDI, HADI, "bawahan", []),
        (DEWI, DEWI, "diri", []),
        (AHMAD, AHMAD, "diri", []),
        (DEWI, EKO, "rekan", []),
        (GITA, SITI, "rekan", []),
        (DEWI, HADI, "rekan", ["Hadi dari unit lain (Seksi Pemerintahan)"]),
        (DEWI, GITA, "rekan", ["Gita dari unit lain (Seksi Pemerintahan)"]),
        (DEWI, AHMAD, "rekan", ["Ahmad dari unit lain (Pimpinan)"]),
        (AHMAD, DEWI, "rekan", ["Dewi dari unit lain (Sekretariat)"]),
        (BUDI, CITRA, "rekan", ["Citra dari unit lain (Seksi Pemerintahan)"]),
        (HADI, GITA, "rekan", []),
        (YUDI, DEWI, "rekan", []),
    ],
)
def test_allowed(
    ratee: str, rater: str, peran: str, warnings: list[str], org: dict[str, dict[str, Any]]
) -> None:
    assert check_pair(ratee, rater, peran, org) == warnings


def test_nip_with_spaces_is_accepted(org: dict[str, dict[str, Any]]) -> None:
    spaced = f"{DEWI[:8]} {DEWI[8:14]} {DEWI[14]} {DEWI[15:]}"
    assert check_pair(spaced, BUDI, "atasan", org) == []
    assert role_for(BUDI, spaced, org) == "atasan"


@pytest.mark.parametrize(
    ("ratee", "rater", "peran", "key", "field", "message"),
    [
        (
            DEWI,
            BUDI,
            "pimpinan",
            "eligibility.role_unknown",
            "peran",
            "peran pimpinan tidak dikenal (pilihan: atasan, rekan, bawahan, diri)",
        ),
        (
            UNKNOWN,
            BUDI,
            "atasan",
            "eligibility.ratee_not_found",
            "nip_dinilai",
            f"pegawai yang dinilai tidak ditemukan: {UNKNOWN}",
        ),
        (
            DEWI,
            UNKNOWN,
            "rekan",
            "eligibility.rater_not_found",
            "nip_penilai",
            f"penilai tidak ditemukan: {UNKNOWN}",
        ),
        (
            FAJAR,
            BUDI,
            "atasan",
            "eligibility.ratee_inactive",
            "nip_dinilai",
            "Fajar tidak aktif, jadi tidak dapat dinilai",
        ),
        (
            DEWI,
            FAJAR,
            "rekan",
            "eligibility.rater_inactive",
            "nip_penilai",
            "Fajar tidak aktif, jadi tidak dapat menilai",
        ),
        (
            YUDI,
            FAJAR,
            "atasan",
            "eligibility.rater_inactive",
            "nip_penilai",
            "Fajar tidak aktif, jadi tidak dapat menilai",
        ),
        (
            DEWI,
            EKO,
            "diri",
            "eligibility.diri_other",
            "peran",
            "Eko tidak dapat memberi penilaian diri untuk Dewi; penilaian diri diisi oleh "
            "Dewi sendiri",
        ),
        (
            DEWI,
            DEWI,
            "rekan",
            "eligibility.self_as_other",
            "peran",
            "Dewi tidak dapat menilai dirinya sebagai rekan",
        ),
        (
            DEWI,
            DEWI,
            "atasan",
            "eligibility.self_as_other",
            "peran",
            "Dewi tidak dapat menilai dirinya sebagai atasan",
        ),
        (
            AHMAD,
            AHMAD,
            "bawahan",
            "eligibility.self_as_other",
            "peran",
            "Ahmad tidak dapat menilai dirinya sebagai bawahan",
        ),
        (
            DEWI,
            EKO,
            "atasan",
            "eligibility.not_atasan",
            "peran",
            "Eko bukan atasan langsung Dewi (atasan langsungnya: Budi)",
        ),
        (
            DEWI,
            AHMAD,
            "atasan",
            "eligibility.not_atasan",
            "peran",
            "Ahmad bukan atasan langsung Dewi (atasan langsungnya: Budi)",
        ),
        (
            BUDI,
            DEWI,
            "atasan",
            "eligibility.not_atasan",
            "peran",
            "Dewi bukan atasan langsung Budi (atasan langsungnya: Ahmad)",
        ),
        (
            AHMAD,
            BUDI,
            "atasan",
            "eligibility.not_atasan_none",
            "peran",
            "Budi bukan atasan langsung Ahmad; Ahmad tidak memiliki atasan langsung",
        ),
        (
            DEWI,
            EKO,
            "bawahan",
            "eligibility.not_bawahan",
            "peran",
            "Eko bukan bawahan langsung Dewi",
        ),
        (
            AHMAD,
            DEWI,
            "bawahan",
            "eligibility.not_bawahan",
            "peran",
            "Dewi bukan bawahan langsung Ahmad",
        ),
        (
            DEWI,
            BUDI,
            "bawahan",
            "eligibility.not_bawahan",
            "peran",
            "Budi bukan bawahan langsung Dewi",
        ),
        (
            DEWI,
            BUDI,
            "rekan",
            "eligibility.rekan_is_atasan",
            "peran",
            "Budi adalah atasan Dewi, jadi tidak dapat menilai sebagai rekan",
        ),
        (
            BUDI,
            DEWI,
            "rekan",
            "eligibility.rekan_is_bawahan",
            "peran",
            "Dewi adalah bawahan langsung Budi, jadi tidak dapat menilai sebagai rekan",
        ),
        (
            BUDI,
            HADI,
            "rekan",
            "eligibility.rekan_is_bawahan",
            "peran",
            "Hadi adalah bawahan langsung Budi, jadi tidak dapat menilai sebagai rekan",
        ),
    ],
)
def test_refused(
    ratee: str,
    rater: str,
    peran: str,
    key: str,
    field: str,
    message: str,
    org: dict[str, dict[str, Any]],
) -> None:
    with pytest.raises(ValidationError) as info:
        check_pair(ratee, rater, peran, org)
    assert info.value.key == key
    assert info.value.field == field
    assert str(info.value) == message


def test_refusal_in_english(org: dict[str, dict[str, Any]]) -> None:
    i18n.set_language("en")
    with pytest.raises(ValidationError) as info:
        check_pair(DEWI, EKO, "atasan", org)
    assert str(info.value) == "Eko is not the direct supervisor of Dewi (the supervisor is Budi)"
    assert check_pair(DEWI, HADI, "rekan", org) == [
        "Hadi is from another unit (Seksi Pemerintahan)"
    ]


def _period(status: str) -> dict[str, Any]:
    period = new_period("2026-S1", "semester", dt.date(2026, 1, 1))
    if status != "draf":
        period = transition(period, "terbuka", default_settings()["kriteria"])
    if status == "ditutup":
        period = transition(period, "ditutup")
    return period


def test_check_rating_needs_an_open_period(org: dict[str, dict[str, Any]]) -> None:
    assert check_rating(_period("terbuka"), DEWI, BUDI, "atasan", org) == []
    assert check_rating(_period("terbuka"), DEWI, HADI, "rekan", org) == [
        "Hadi dari unit lain (Seksi Pemerintahan)"
    ]
    with pytest.raises(ValidationError) as info:
        check_rating(_period("draf"), DEWI, BUDI, "atasan", org)
    assert info.value.key == "period.entry_draft"
    with pytest.raises(ValidationError) as info:
        check_rating(_period("ditutup"), DEWI, BUDI, "atasan", org)
    assert str(info.value) == "periode 2026-S1 sudah ditutup; penilaian tidak dapat diubah"
    with pytest.raises(ValidationError) as info:
        check_rating(_period("terbuka"), DEWI, EKO, "atasan", org)
    assert info.value.key == "eligibility.not_atasan"


@pytest.mark.parametrize(
    ("rater", "sheet"),
    [
        (
            BUDI,
            [
                (DEWI, "atasan"),
                (EKO, "atasan"),
                (HADI, "atasan"),
                (CITRA, "rekan"),  # unit heads: peers across units under one supervisor
                (KARTIKA, "rekan"),
                (AHMAD, "bawahan"),
                (BUDI, "diri"),
            ],
        ),
        (DEWI, [(EKO, "rekan"), (BUDI, "bawahan"), (DEWI, "diri")]),
        (HADI, [(BUDI, "bawahan"), (HADI, "diri")]),
        (GITA, [(SITI, "rekan"), (CITRA, "bawahan"), (GITA, "diri")]),
        (
            AHMAD,
            [(BUDI, "atasan"), (CITRA, "atasan"), (KARTIKA, "atasan"), (AHMAD, "diri")],
        ),
        (YUDI, [(YUDI, "diri")]),  # his recorded supervisor is inactive
        (FAJAR, []),
    ],
)
def test_rateable_by(
    rater: str, sheet: list[tuple[str, str]], org: dict[str, dict[str, Any]]
) -> None:
    assert rateable_by(rater, org) == sheet
    assert rateable_by(rater, org, build_index(org)) == sheet


@pytest.mark.parametrize(
    ("ratee", "raters"),
    [
        (DEWI, [(BUDI, "atasan"), (EKO, "rekan"), (DEWI, "diri")]),
        (
            BUDI,
            [
                (AHMAD, "atasan"),
                (CITRA, "rekan"),
                (KARTIKA, "rekan"),
                (DEWI, "bawahan"),
                (EKO, "bawahan"),
                (HADI, "bawahan"),
                (BUDI, "diri"),
            ],
        ),
        (SITI, [(CITRA, "atasan"), (GITA, "rekan"), (SITI, "diri")]),
        (
            AHMAD,
            [(BUDI, "bawahan"), (CITRA, "bawahan"), (KARTIKA, "bawahan"), (AHMAD, "diri")],
        ),
        (YUDI, [(YUDI, "diri")]),
        (FAJAR, []),
    ],
)
def test_raters_of(
    ratee: str, raters: list[tuple[str, str]], org: dict[str, dict[str, Any]]
) -> None:
    assert raters_of(ratee, org) == raters
    assert raters_of(ratee, org, build_index(org)) == raters


def test_sheets_need_a_known_person(org: dict[str, dict[str, Any]]) -> None:
    with pytest.raises(ValidationError) as info:
        rateable_by(UNKNOWN, org)
    assert info.value.key == "eligibility.rater_not_found"
    with pytest.raises(ValidationError) as info:
        raters_of(UNKNOWN, org)
    assert info.value.key == "eligibility.ratee_not_found"


def test_suggestions_obey_the_rules(org: dict[str, dict[str, Any]]) -> None:
    """Every suggested pair passes check_pair and matches the role the tree implies."""
    index = build_index(org)
    for person in org:
        for ratee, peran in rateable_by(person, org, index):
            check_pair(ratee, person, peran, org)
            assert role_for(person, ratee, org) == peran
            assert (person, peran) in raters_of(ratee, org, index)
        for rater, peran in raters_of(person, org, index):
            check_pair(person, rater, peran, org)
            assert role_for(rater, person, org) == peran


CRITERIA = DEFAULT_CRITERIA


@pytest.mark.parametrize(
    ("skor", "expected"),
    [
        (
            {"disiplin": 4, "kualitas": 5, "komunikasi": 1},
            {"disiplin": 4, "kualitas": 5, "komunikasi": 1},
        ),
        ({"komunikasi": 3, "disiplin": 2}, {"disiplin": 2, "komunikasi": 3}),
        ({"disiplin": "4", "kualitas": " 3 "}, {"disiplin": 4, "kualitas": 3}),
        ({"disiplin": None, "kualitas": "", "komunikasi": 5}, {"komunikasi": 5}),
        ({}, {}),
    ],
)
def test_validate_scores(skor: dict[str, object], expected: dict[str, int]) -> None:
    result = validate_scores(skor, CRITERIA)
    assert result == expected
    assert list(result) == list(expected)


@pytest.mark.parametrize(
    ("skor", "key", "field", "message"),
    [
        (
            {"disiplin": 4, "kerajinan": 3},
            "eligibility.score_unknown_criterion",
            "kerajinan",
            "kriteria kerajinan tidak ada pada periode ini",
        ),
        (
            {"disiplin": 0},
            "eligibility.score_invalid",
            "disiplin",
            "nilai 0 untuk Disiplin tidak valid; isi angka 1 sampai 5",
        ),
        (
            {"kualitas": 6},
            "eligibility.score_invalid",
            "kualitas",
            "nilai 6 untuk Kualitas Kerja tidak valid; isi angka 1 sampai 5",
        ),
        ({"disiplin": 4.5}, "eligibility.score_invalid", "disiplin", None),
        ({"disiplin": 4.0}, "eligibility.score_invalid", "disiplin", None),
        ({"disiplin": "4.0"}, "eligibility.score_invalid", "disiplin", None),
        ({"disiplin": "45"}, "eligibility.score_invalid", "disiplin", None),
        ({"disiplin": True}, "eligibility.score_invalid", "disiplin", None),
        (
            {"komunikasi": "baik"},
            "eligibility.score_invalid",
            "komunikasi",
            "nilai baik untuk Kemampuan Berkomunikasi tidak valid; isi angka 1 sampai 5",
        ),
    ],
)
def test_validate_scores_refusals(
    skor: dict[str, object], key: str, field: str, message: str | None
) -> None:
    with pytest.raises(ValidationError) as info:
        validate_scores(skor, CRITERIA)
    assert (info.value.key, info.value.field) == (key, field)
    if message is not None:
        assert str(info.value) == message


@pytest.mark.parametrize(
    ("skor", "missing"),
    [
        ({"disiplin": 4, "kualitas": 5, "komunikasi": 1}, []),
        ({"disiplin": 4, "kualitas": 5}, ["komunikasi"]),
        ({}, ["disiplin", "kualitas", "komunikasi"]),
        ({"disiplin": 4, "kualitas": 0, "komunikasi": True}, ["kualitas", "komunikasi"]),
        ({"disiplin": "4", "kualitas": 5, "komunikasi": 3}, ["disiplin"]),
    ],
)
def test_completeness(skor: dict[str, object], missing: list[str]) -> None:
    rating = {"periode": "2026-S1", "nip_dinilai": DEWI, "nip_penilai": BUDI, "skor": skor}
    assert missing_criteria(rating, CRITERIA) == missing
    assert is_complete(rating, CRITERIA) is (not missing)


def test_completeness_edge_cases() -> None:
    assert is_complete({"skor": {"disiplin": 5}}, []) is False
    assert is_complete({}, CRITERIA) is False
    assert is_complete({"skor": None}, CRITERIA) is False
    full = {"skor": {"disiplin": 5, "kualitas": 5, "komunikasi": 5, "lama": 2}}
    assert is_complete(full, CRITERIA) is True
