"""Report card: hand-computed numbers, the anonymity rule, and the text for a terminal."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.dates import format_decimal
from models.errors import NotFoundError
from models.i18n import set_language
from models.office import Office
from models.report import (
    HIDDEN,
    NONE,
    OTHERS,
    breakdown_lines,
    render_text,
    report_card,
    report_cards,
    visible_roles,
)
from models.scoring import ROLES

KODE = "2026-S2"
HADI = "197001012000011001"  # head of office
KARTINI = "198001152005032002"  # kepala subbagian, atasan of the three staff
ANDI = "198502202010011003"
BUDI = "199003032015031004"
CITRA = "199104042016042005"
TANGGAL = dt.date(2026, 12, 31)


def _person(nip: str, nama: str, atasan: str, **extra: str) -> dict[str, str]:
    return {
        "nip": nip,
        "nama": nama,
        "jenis_asn": "PNS",
        "golongan": "III/a",
        "jabatan": "Pengadministrasi Umum",
        "jenis_jabatan": "Pelaksana",
        "unit": "Sekretariat",
        "atasan_nip": atasan,
        **extra,
    }


def build_office(office: Office) -> Office:
    """Five people in one unit with ratings whose results are worked out by hand below."""
    office.add_employee(
        _person(HADI, "Hadi Wibowo", "", golongan="IV/a", jabatan="Camat", gelar_depan="Drs.")
    )
    office.add_employee(
        _person(KARTINI, "Kartini Rahayu", HADI, golongan="III/d", gelar_belakang="S.Sos.")
    )
    office.add_employee(_person(ANDI, "Andi Pratama", KARTINI))
    office.add_employee(_person(BUDI, "Budi Santoso", KARTINI))
    office.add_employee(_person(CITRA, "Citra Lestari", KARTINI))
    office.create_period(KODE, "semester", "01-07-2026")
    office.set_period_status(KODE, "terbuka")

    def rate(ratee: str, rater: str, peran: str, d: int, k: int, m: int, note: str = "") -> None:
        skor = {"disiplin": d, "kualitas": k, "komunikasi": m}
        office.save_rating(KODE, ratee, rater, peran, skor, note)

    # Andi: atasan s = (30*4 + 40*5 + 30*3) / 100 = 4.10; rekan means 4, 4, 4 -> 4.00;
    # F = (50 * 4.10 + 30 * 4.00) / 80 = 4.0625; nilai 81.25 (Baik), rank 3.
    rate(ANDI, KARTINI, "atasan", 4, 5, 3, "Bagus sekali, pertahankan.")
    rate(ANDI, BUDI, "rekan", 3, 4, 4, "Zebra: perlu lebih rapi.")
    rate(ANDI, CITRA, "rekan", 5, 4, 4, "Aktif membantu rekan.")
    rate(ANDI, ANDI, "diri", 5, 5, 5, "Catatan diri sendiri.")
    # Budi: all fives -> 100.00, rank 1.
    rate(BUDI, KARTINI, "atasan", 5, 5, 5)
    rate(BUDI, ANDI, "rekan", 5, 5, 5)
    rate(BUDI, CITRA, "rekan", 5, 5, 5)
    # Citra: atasan 5.00, rekan (150 + 200 + 135) / 100 = 4.85 -> F = 4.94375 -> 98.88, rank 2.
    rate(CITRA, KARTINI, "atasan", 5, 5, 5)
    rate(CITRA, ANDI, "rekan", 5, 5, 4)
    rate(CITRA, BUDI, "rekan", 5, 5, 5)
    # Kartini: an atasan rating and one from a subordinate, but no rekan: incomplete.
    rate(KARTINI, HADI, "atasan", 4, 4, 4)
    rate(KARTINI, ANDI, "bawahan", 4, 4, 4, "Sabar membimbing.")
    return office


@pytest.fixture
def small(empty_office: Office) -> Office:
    return build_office(empty_office)


def set_minimum(office: Office, minimum: int) -> None:
    """The ``min_penilai_anonim`` setting: raters a role needs before it is shown."""
    office.update_settings(office.settings(), {"evaluasi": {"min_penilai_anonim": minimum}})


@pytest.fixture
def open_small(small: Office) -> Office:
    """The small office with every role shown (one rater is enough), for the numbers."""
    set_minimum(small, 1)
    return small


def test_card_numbers_are_the_hand_computed_ones(open_small: Office) -> None:
    card = report_card(open_small, KODE, ANDI, tanggal=TANGGAL, tempat="Sukamaju")

    assert card.nama == "Andi Pratama"
    assert card.nip_tampil == "19850220 201001 1 003"
    assert (card.golongan, card.pangkat) == ("III/a", "Penata Muda")
    assert card.atasan_nama == "Kartini Rahayu, S.Sos."
    assert card.atasan_nip == "19800115 200503 2 002"
    assert card.periode_nama == "Semester II 2026"
    assert (card.periode_mulai, card.periode_selesai) == ("1 Juli 2026", "31 Desember 2026")
    assert card.draf is True and card.disembunyikan is False

    rows = {row.kode: row for row in card.kriteria}
    assert [row.bobot for row in card.kriteria] == ["30", "40", "30"]
    assert [row.porsi for row in card.kriteria] == ["30%", "40%", "30%"]
    # Per role: atasan, rekan, bawahan, diri.
    assert rows["disiplin"].rerata == ("4,00", "4,00", NONE, "5,00")
    assert rows["kualitas"].rerata == ("5,00", "4,00", NONE, "5,00")
    assert rows["komunikasi"].rerata == ("3,00", "4,00", NONE, "5,00")
    # Blend with the renormalised role shares 62.5% / 37.5%: 0.625 * 5 + 0.375 * 4 = 4.625.
    assert rows["kualitas"].gabungan == "4,63"

    roles = {row.peran: row for row in card.peran}
    assert (roles["atasan"].jumlah, roles["atasan"].porsi, roles["atasan"].skor) == (
        1,
        "62,5%",
        "4,10",
    )
    assert (roles["rekan"].jumlah, roles["rekan"].porsi, roles["rekan"].skor) == (
        2,
        "37,5%",
        "4,00",
    )
    assert (roles["bawahan"].jumlah, roles["bawahan"].porsi, roles["bawahan"].skor) == (
        0,
        NONE,
        NONE,
    )
    # The self-assessment is shown but weighs 0, so it takes no share of F.
    assert (roles["diri"].jumlah, roles["diri"].bobot, roles["diri"].porsi) == (1, "0", NONE)

    assert card.skor_akhir == "4,0625"
    assert card.nilai == "81,25"
    assert card.nilai_angka == Decimal("81.25")
    assert card.predikat == "Baik"
    assert (card.peringkat, card.jumlah_peringkat) == (3, 3)
    assert (card.peringkat_unit, card.jumlah_unit) == (3, 3)
    assert card.peringkat_teks == "3 dari 3"
    assert card.tanggal == "31 Desember 2026"
    assert card.tempat == "Sukamaju"


def test_card_agrees_with_the_scoring_engine(small: Office) -> None:
    line = small.results(KODE).by_nip[CITRA]
    card = report_card(small, KODE, CITRA, tanggal=TANGGAL)
    assert card.nilai == format_decimal(line.nilai or Decimal(0)) == "98,88"
    assert card.peringkat == line.peringkat == 2
    assert card.predikat == "Sangat Baik"


def test_a_role_with_fewer_than_three_raters_shows_no_numbers_and_no_comments(
    small: Office,
) -> None:
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL)
    assert card.min_penilai == 3
    roles = {row.peran: row for row in card.peran}
    # One atasan and two rekan: neither role's numbers nor comments are shown.
    assert (roles["atasan"].skor, roles["rekan"].skor) == (HIDDEN, HIDDEN)
    assert not roles["atasan"].tampil and not roles["rekan"].tampil
    assert all(row.rerata[:2] == (HIDDEN, HIDDEN) for row in card.kriteria)
    # The own self-assessment is always shown; the blend of two withheld roles is too.
    assert [row.rerata[3] for row in card.kriteria] == ["5,00", "5,00", "5,00"]
    assert card.kriteria[1].gabungan == "4,63"
    assert card.nilai == "81,25" and card.disembunyikan
    assert card.komentar == ()
    text = render_text(card)
    for secret in ("Bagus sekali", "Zebra", "Aktif membantu", "4,10"):
        assert secret not in text
    # The pejabat penilai signs the card; nobody is named beside the numbers or feedback.
    rest = text[text.index("Hasil penilaian") : text.index("Pegawai yang dinilai")]
    for name in ("Kartini", "Budi", "Santoso", "Citra", "Lestari", "19900303", "19910404"):
        assert name not in rest
    assert "Umpan balik dari Atasan, Rekan tidak ditampilkan: kurang dari 3 penilai." in text
    assert "* tidak ditampilkan agar penilai tidak dapat dikenali" in text


def test_the_atasan_is_no_exception(small: Office) -> None:
    """The supervisor's comment follows the same rule and never carries a name."""
    set_minimum(small, 1)
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL)
    groups = {group.peran: group for group in card.komentar}
    assert groups["atasan"].teks == ("Bagus sekali, pertahankan.",)
    assert groups["atasan"].label == "Atasan"
    # Sorted by text, not in entry order (Budi's comment was entered first).
    assert groups["rekan"].teks == ("Aktif membantu rekan.", "Zebra: perlu lebih rapi.")
    text = render_text(card)
    assert "Atasan (1 penilai, tanpa nama):" in text
    assert "Rekan (2 penilai, tanpa nama):" in text
    feedback = text[text.index("Umpan balik") : text.index("Pegawai yang dinilai")]
    assert "Kartini" not in feedback and "Budi" not in feedback and "Citra" not in feedback
    # The self-assessment comment is not feedback from others.
    assert "Catatan diri sendiri." not in text


def test_comments_need_the_minimum_but_numbers_cannot_be_worked_back(small: Office) -> None:
    """Two rekan reach a minimum of 2; the atasan (1) does not.  F and the rekan score
    would give the atasan's score away, so the rekan score is withheld too, while the
    rekan comments are shown."""
    set_minimum(small, 2)
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL)
    roles = {row.peran: row for row in card.peran}
    assert roles["atasan"].skor == HIDDEN and roles["rekan"].skor == HIDDEN
    assert [group.peran for group in card.komentar] == ["rekan"]
    assert card.komentar[0].teks == ("Aktif membantu rekan.", "Zebra: perlu lebih rapi.")


def test_a_subordinates_comment_is_anonymous(small: Office) -> None:
    card = report_card(small, KODE, KARTINI, tanggal=TANGGAL)
    assert card.komentar == ()
    set_minimum(small, 1)
    card = report_card(small, KODE, KARTINI, tanggal=TANGGAL)
    assert [(g.peran, g.teks) for g in card.komentar] == [("bawahan", ("Sabar membimbing.",))]
    assert "Andi" not in render_text(card)


def line_with(counts: dict[str, int], weights: dict[str, int]) -> Any:
    """A stand-in for a ScoreLine: counted raters per role and the roles entering F."""
    used = [p for p in ROLES if counts.get(p, 0) and weights.get(p, 0)]
    total = sum(weights[p] for p in used)
    return SimpleNamespace(
        peran={p: SimpleNamespace(jumlah=counts.get(p, 0)) for p in ROLES},
        porsi_peran={p: Fraction(weights[p], total) for p in used},
    )


COUNTS = st.fixed_dictionaries({p: st.integers(0, 6) for p in ROLES})
WEIGHTS = st.fixed_dictionaries({p: st.integers(0, 3) for p in ROLES})


@given(COUNTS, WEIGHTS, st.integers(1, 5))
def test_no_withheld_score_can_be_worked_back(
    counts: dict[str, int], weights: dict[str, int], minimum: int
) -> None:
    line = line_with(counts, weights)
    seen = visible_roles(line, minimum)
    for peran in OTHERS:
        if counts[peran] < minimum:
            assert peran not in seen.skor and peran not in seen.komentar
        else:
            assert peran in seen.komentar
    assert {p for p in ROLES if p not in OTHERS} <= seen.skor
    # F is printed: a withheld role entering F must not be the only unknown in it,
    # unless no role of others entering F is shown at all.
    withheld = [p for p in line.porsi_peran if p not in seen.skor]
    if len(withheld) == 1:
        assert not [p for p in line.porsi_peran if p in OTHERS and p in seen.skor]
        assert not seen.gabungan


def test_a_single_withheld_role_hides_the_shown_role_with_fewest_raters() -> None:
    weights = {"atasan": 50, "rekan": 30, "bawahan": 20, "diri": 0}
    seen = visible_roles(line_with({"atasan": 1, "rekan": 5, "bawahan": 3}, weights), 3)
    assert seen.skor == {"rekan", "diri"}
    assert seen.komentar == {"rekan", "bawahan"}
    assert seen.gabungan
    everyone = visible_roles(line_with({"atasan": 3, "rekan": 3, "bawahan": 3}, weights), 3)
    assert everyone.skor == set(ROLES) and everyone.komentar == set(OTHERS)
    alone = visible_roles(line_with({"rekan": 2}, weights), 3)
    assert "rekan" not in alone.skor and not alone.gabungan


def test_incomplete_employee_shows_the_reason_instead_of_a_rank(small: Office) -> None:
    card = report_card(small, KODE, KARTINI, tanggal=TANGGAL)
    assert card.lengkap is False
    assert card.peringkat is None and card.peringkat_unit is None
    assert card.alasan == ("rekan 0/2",)
    assert card.peringkat_teks == "belum diberi peringkat (rekan 0/2)"
    # Kartini has a nilai from the atasan and bawahan ratings: (50*4 + 20*4) / 70 = 4 -> 80.00.
    assert card.nilai == "80,00"
    assert card.atasan_nama == "Drs. Hadi Wibowo"


def test_head_of_office_has_no_pejabat_penilai(small: Office) -> None:
    card = report_card(small, KODE, HADI, tanggal=TANGGAL)
    assert card.atasan_nama == "" and card.atasan_nip == ""
    assert card.nilai == NONE and card.predikat == NONE
    assert card.komentar == ()
    assert "Tidak ada umpan balik tertulis." in render_text(card)


def test_breakdown_lines_explain_the_number(open_small: Office) -> None:
    lines = breakdown_lines(report_card(open_small, KODE, ANDI, tanggal=TANGGAL), width=72)
    assert all(len(line) <= 72 for line in lines)
    assert re.search(r"^Kualitas Kerja \(40\)\s+40%\s+5,00\s+4,00\s+–\s+5,00\s+4,63$", lines[2])
    assert "Skor akhir F = Σ porsi peran × skor peran = 4,0625" in lines
    assert "Nilai = F × 20 = 4,0625 × 20 = 81,25 (dibulatkan 2 desimal)" in lines
    assert "Peringkat kantor: 3 dari 3" in lines
    assert not any(line.startswith(HIDDEN) for line in lines)


def test_breakdown_lines_mark_and_explain_what_is_withheld(small: Office) -> None:
    lines = breakdown_lines(report_card(small, KODE, ANDI, tanggal=TANGGAL), width=72)
    assert all(len(line) <= 72 for line in lines)
    assert re.search(r"^Kualitas Kerja \(40\)\s+40%\s+\*\s+\*\s+–\s+5,00\s+4,63$", lines[2])
    assert any(line.startswith("* tidak ditampilkan") for line in lines)


def test_text_shows_control_characters_harmlessly(open_small: Office) -> None:
    andi = open_small.employee(ANDI)
    open_small.edit_employee(andi, {"nama": "Andi Pratama"})
    open_small.save_rating(KODE, ANDI, KARTINI, "atasan", {}, "Baik\x1b[31m sekali")
    text = render_text(report_card(open_small, KODE, ANDI, tanggal=TANGGAL))
    assert "\x1b" not in text
    assert "Baik" in text


def test_english_report(small: Office) -> None:
    set_language("en")
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL)
    assert card.nilai == "81.25"
    assert card.periode_mulai == "1 July 2026"
    assert card.predikat == "Good"
    text = render_text(card)
    assert "PERFORMANCE APPRAISAL REPORT" in text
    assert "3 of 3" in text
    assert "Feedback from Supervisor, Peer is not shown: fewer than 3 raters." in text


def test_many_cards_equal_one_at_a_time(small: Office) -> None:
    nips = [HADI, KARTINI, ANDI, BUDI, CITRA] * 5  # enough to read the ratings in bulk
    together = report_cards(small, KODE, nips, tanggal=TANGGAL)
    assert together == [report_card(small, KODE, nip, tanggal=TANGGAL) for nip in nips]


def test_inactive_employee_has_no_report(small: Office) -> None:
    small.set_active(small.employee(BUDI), False)
    with pytest.raises(NotFoundError) as err:
        report_card(small, KODE, BUDI)
    assert "Budi Santoso" in str(err.value)
