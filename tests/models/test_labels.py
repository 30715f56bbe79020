"""Every stored code has one label, translated, and an unknown code is shown as stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models import evaluation, labels
from models.criteria import ROLES
from models.i18n import set_language
from models.period import PERIOD_KINDS, STATUSES
from models.scoring import PREDIKAT
from models.workshop import JENIS, ULANG


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    set_language("id")
    yield
    set_language("id")


def test_every_code_the_rules_know_has_a_label_in_both_languages() -> None:
    groups = [
        (labels.role_label, ROLES),
        (labels.period_status_label, STATUSES),
        (labels.period_kind_label, PERIOD_KINDS),
        (labels.workshop_kind_label, JENIS),
        (labels.repeat_label, ULANG),
        (labels.predikat_label, PREDIKAT),
        (labels.participation_label, ("peserta", "antrian", "keluar")),
        (labels.evaluation_rating_label, evaluation.RATINGS),
        (lambda code: labels.evaluation_rating_label(code, short=True), evaluation.RATINGS),
        (labels.official_predikat_label, evaluation.PREDIKAT),
        (labels.organisation_label, evaluation.ORGANISASI),
    ]
    for lang in ("id", "en"):
        set_language(lang)
        for label, codes in groups:
            shown = [label(code) for code in codes]
            assert all(text and not text.startswith("label.") for text in shown), shown
            assert len(set(shown)) == len(codes), shown


def test_labels_follow_the_language() -> None:
    assert labels.predikat_label("Baik") == "Baik"
    assert labels.role_label("atasan") == "atasan"
    assert labels.role_label("atasan", capitalized=True) == "Atasan"
    assert labels.employee_status_label(False) == "nonaktif"
    assert labels.gender_label("P") == "Perempuan"
    set_language("en")
    assert labels.predikat_label("Baik") == "Good"
    assert labels.predikat_label("Sangat Kurang") == "Very poor"
    assert labels.role_label("diri", capitalized=True) == "Self"
    assert labels.period_status_label("terbuka") == "open"
    assert labels.period_kind_label("triwulan") == "Quarterly"
    assert labels.sheet_status_label("lengkap") == "complete"
    assert labels.employee_status_label(True) == "active"
    assert labels.workshop_kind_label("magang") == "Internship"
    assert labels.repeat_label("mingguan") == "Weekly"
    assert labels.participation_label("keluar") == "withdrew"


def test_unknown_and_empty_codes() -> None:
    assert labels.role_label("lain") == "lain"
    assert labels.period_status_label("arsip") == "arsip"
    assert labels.predikat_label(None) == labels.NONE
    assert labels.predikat_label("Istimewa") == "Istimewa"
    assert labels.sheet_status_label("kosong") == ""


def test_official_labels_say_none_for_nothing_given() -> None:
    assert labels.evaluation_rating_label(None) == labels.NONE
    assert labels.official_predikat_label(None) == labels.NONE
    assert labels.organisation_label(None) == labels.NONE
    assert labels.official_predikat_label("kurang") == "Kurang/Misconduct"
    assert labels.evaluation_rating_label("di_atas", short=True) == "Di atas"
    set_language("en")
    assert labels.organisation_label("istimewa") == "Outstanding"


def test_each_rating_has_its_own_letter_in_each_language() -> None:
    from models.evaluation import RATINGS

    indonesian = [labels.evaluation_rating_key(code) for code in RATINGS]
    set_language("en")
    english = [labels.evaluation_rating_key(code) for code in RATINGS]
    assert indonesian == ["a", "s", "b"]
    assert english == ["a", "m", "b"]
    for letters in (indonesian, english):
        assert len(set(letters)) == 3 and all(len(k) == 1 and k.islower() for k in letters)
