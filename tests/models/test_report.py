"""Report card: hand-computed numbers, anonymous peer feedback, escaping and the HTML file."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from models.dates import format_decimal
from models.errors import KinerjaError, NotFoundError
from models.i18n import set_language
from models.office import Office
from models.report import (
    NONE,
    breakdown_lines,
    default_file_name,
    render_html,
    render_text,
    report_card,
    write_report,
)

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


def test_card_numbers_are_the_hand_computed_ones(small: Office) -> None:
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL, tempat="Sukamaju")

    assert card.nama == "Andi Pratama"
    assert card.nip_tampil == "19850220 201001 1 003"
    assert (card.golongan, card.pangkat) == ("III/a", "Penata Muda")
    assert card.atasan_nama == "Kartini Rahayu, S.Sos."
    assert card.atasan_nip == "19800115 200503 2 002"
    assert card.periode_nama == "Semester II 2026"
    assert (card.periode_mulai, card.periode_selesai) == ("1 Juli 2026", "31 Desember 2026")

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


def test_feedback_is_anonymous_except_the_atasan(small: Office) -> None:
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL)
    assert [(c.penilai, c.teks) for c in card.komentar_atasan] == [
        ("Kartini Rahayu, S.Sos.", "Bagus sekali, pertahankan.")
    ]
    # Sorted by text, not in entry order (Budi's comment was entered first).
    assert card.komentar_lain == ("Aktif membantu rekan.", "Zebra: perlu lebih rapi.")

    page = render_html(card)
    text = render_text(card)
    for output in (page, text):
        assert "Aktif membantu rekan." in output
        assert "Zebra: perlu lebih rapi." in output
        assert "Kartini Rahayu" in output
        for peer in ("Budi", "Santoso", "Citra", "Lestari", "19900303", "19910404"):
            assert peer not in output
        # The self-assessment comment is not feedback from others.
        assert "Catatan diri sendiri." not in output


def test_a_subordinates_comment_is_anonymous_too(small: Office) -> None:
    card = report_card(small, KODE, KARTINI, tanggal=TANGGAL)
    assert card.komentar_lain == ("Sabar membimbing.",)
    assert "Andi" not in render_html(card)


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
    assert card.komentar_atasan == () and card.komentar_lain == ()
    assert "Tidak ada umpan balik tertulis." in render_text(card)
    assert "NIP ……………………" in render_html(card)


def test_breakdown_lines_explain_the_number(small: Office) -> None:
    lines = breakdown_lines(report_card(small, KODE, ANDI, tanggal=TANGGAL), width=72)
    assert all(len(line) <= 72 for line in lines)
    assert re.search(r"^Kualitas Kerja \(40\)\s+40%\s+5,00\s+4,00\s+–\s+5,00\s+4,63$", lines[2])
    assert "Skor akhir F = Σ porsi peran × skor peran = 4,0625" in lines
    assert "Nilai = F × 20 = 4,0625 × 20 = 81,25 (dibulatkan 2 desimal)" in lines
    assert "Peringkat kantor: 3 dari 3" in lines


def test_html_is_a_printable_page(small: Office) -> None:
    page = render_html(report_card(small, KODE, ANDI, tanggal=TANGGAL, tempat="Sukamaju"))
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="id">' in page
    assert "<title>Laporan Penilaian Kinerja — Andi Pratama — Semester II 2026</title>" in page
    assert "@media print" in page
    assert "<h1>Laporan Penilaian Kinerja</h1>" in page
    assert "Sukamaju, 31 Desember 2026" in page
    assert "Pejabat penilai," in page and "Pegawai yang dinilai," in page
    assert '<td class="num">81,25</td>' not in page  # nilai is in the result line, not a cell
    assert "<strong>81,25</strong>" in page
    # Self-contained: no external stylesheet, script or image.
    assert "<link" not in page and "<script" not in page and "src=" not in page


def test_html_escapes_names_and_comments(small: Office) -> None:
    andi = small.employee(ANDI)
    small.edit_employee(andi, {"nama": "Andi <script>alert(1)</script>"})
    small.save_rating(KODE, ANDI, KARTINI, "atasan", {}, 'Nilai "baik" & <b>rajin</b>')
    page = render_html(report_card(small, KODE, ANDI, tanggal=TANGGAL))
    assert "<script>" not in page
    assert "Andi &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>rajin</b>" not in page
    assert "Nilai &quot;baik&quot; &amp; &lt;b&gt;rajin&lt;/b&gt;" in page


def test_english_report(small: Office) -> None:
    set_language("en")
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL)
    assert card.nilai == "81.25"
    assert card.periode_mulai == "1 July 2026"
    assert card.predikat == "Good"
    page = render_html(card)
    assert '<html lang="en">' in page
    assert "<h1>Performance Appraisal Report</h1>" in page
    assert "3 of 3" in page


def test_write_report_writes_the_page_atomically(small: Office, tmp_path: Path) -> None:
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL)
    out = tmp_path / "laporan"
    out.mkdir()
    written = write_report(card, out / "andi.html")
    assert written == (out / "andi.html").absolute()
    assert written.read_text(encoding="utf-8") == render_html(card)
    # Into a directory: the default name; no temporary files are left behind.
    into_dir = write_report(card, out)
    assert into_dir.name == default_file_name(card) == f"laporan-{KODE}-{ANDI}.html"
    assert sorted(p.name for p in out.iterdir()) == sorted(["andi.html", into_dir.name])


def test_write_report_failure_is_a_clear_error(small: Office, tmp_path: Path) -> None:
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL)
    with pytest.raises(KinerjaError) as err:
        write_report(card, tmp_path / "missing" / "andi.html")
    assert str(err.value).startswith(f"Tidak dapat menulis {tmp_path / 'missing' / 'andi.html'}")
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(KinerjaError):
            write_report(card, locked / "andi.html")


def test_inactive_employee_has_no_report(small: Office) -> None:
    small.set_active(small.employee(BUDI), False)
    with pytest.raises(NotFoundError) as err:
        report_card(small, KODE, BUDI)
    assert "Budi Santoso" in str(err.value)
