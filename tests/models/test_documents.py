"""PDF documents read back with pypdf: page counts, the text on each page, the DRAF mark,
anonymity, Unicode names, and one page per employee whatever the length of the text."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from models import documents, evaluations, pdf
from models.errors import KinerjaError, NotFoundError, ValidationError
from models.i18n import set_language
from models.nip import format_nip
from models.office import Office
from models.report import report_card
from tests.models.test_report import (
    ANDI,
    BUDI,
    CITRA,
    HADI,
    KARTINI,
    TANGGAL,
    build_office,
)

KODE = "2026-S2"
NAMES = ("Siti Ñuñez Öztürk", "Ἀλέξανδρος", "Ёлка", 'Tom & <Jerry> "Ltd"')


def pages(content: bytes) -> list[str]:
    """The text of every page of a PDF."""
    assert content.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def flat(text: str) -> str:
    """Text with line breaks taken out (a long value wraps inside its cell)."""
    return " ".join(text.split())


@pytest.fixture
def small(empty_office: Office) -> Office:
    office = build_office(empty_office)
    office.update_settings(office.settings(), {"tempat": "Sukamaju"})
    return office


def rate_all(office: Office, kode: str = KODE) -> None:
    """Both ratings for everyone, as the 360 suggests (sesuai where there is no nilai)."""
    for line in office.evaluation_lines(kode):
        office.save_evaluation(
            kode, line.nip, seen=None, hasil="sesuai", perilaku=line.saran or "sesuai"
        )


# --------------------------------------------------------------------------- the layer


def test_render_reports_every_page_and_gives_the_same_bytes_twice() -> None:
    story = [pdf.para("satu"), pdf.page_break(), pdf.para("dua"), pdf.page_break()]
    story.append(pdf.para("tiga"))
    seen: list[int] = []
    first = pdf.render(story, title="Uji", progress=seen.append, footer="Kaki")
    assert seen == [1, 2, 3]
    assert [flat(text) for text in pages(first)] == ["Kaki 1 satu", "Kaki 2 dua", "Kaki 3 tiga"]
    again = [pdf.para("satu"), pdf.page_break(), pdf.para("dua"), pdf.page_break()]
    again.append(pdf.para("tiga"))
    assert pdf.render(again, title="Uji", footer="Kaki") == first


def test_one_page_shrinks_what_would_run_over() -> None:
    parts = [pdf.para(f"baris {n}") for n in range(300)]
    content = pdf.render([pdf.one_page(parts)], title="Uji")
    text = pages(content)
    assert len(text) == 1
    assert "baris 0" in text[0] and "baris 299" in text[0]


# --------------------------------------------------------------------------- evaluation


def test_evaluation_document_has_one_page_per_employee_with_everything(small: Office) -> None:
    small.set_organisation(KODE, "baik")
    line = next(ln for ln in small.evaluation_lines(KODE) if ln.nip == ANDI)
    small.save_evaluation(
        KODE,
        ANDI,
        seen=None,
        hasil="di_atas",
        perilaku="di_atas",
        alasan="Memimpin penataan arsip",
        catatan="Ikut pelatihan kearsipan tahun depan.",
    )
    assert line.saran == "sesuai"
    nips = documents.select(small, KODE)
    assert nips == [HADI, KARTINI, ANDI, BUDI, CITRA] or len(nips) == 5
    content = documents.evaluation_pdf(small, KODE, nips, tanggal=TANGGAL)
    text = pages(content)
    assert len(text) == len(nips)
    page = flat(text[nips.index(ANDI)])
    for expected in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "Periode penilaian: Semester II 2026 (1 Juli 2026 – 31 Desember 2026)",
        "Andi Pratama",
        format_nip(ANDI),
        "Penata Muda, III/a",
        "Kartini Rahayu, S.Sos.",  # pejabat penilai
        "Drs. Hadi Wibowo",  # atasan pejabat penilai
        "Capaian kinerja organisasi Baik",
        "Rating hasil kerja Di atas ekspektasi",
        "Rating perilaku kerja Di atas ekspektasi",
        "Saran dari nilai 360 Sesuai ekspektasi (nilai 81,25)",
        "Alasan rating perilaku Memimpin penataan arsip",
        "Predikat kinerja pegawai Sangat Baik",
        "Ikut pelatihan kearsipan tahun depan.",
        "Nilai 360: 81,25 · predikat 360: Baik",
        "Sukamaju, 31 Desember 2026",
        "Pejabat penilai kinerja,",
        "DRAF",
    ):
        assert expected in page, expected
    # Someone not rated yet says so.
    assert "Predikat kinerja pegawai belum dinilai" in flat(text[nips.index(BUDI)])


def test_the_umpan_balik_names_no_rater_and_keeps_small_roles_closed(small: Office) -> None:
    content = documents.evaluation_pdf(small, KODE, [ANDI], tanggal=TANGGAL)
    (page,) = pages(content)
    feedback = flat(page[page.index("Umpan balik") : page.index("Sukamaju, 31")])
    for secret in ("Bagus sekali", "Zebra", "Aktif membantu", "Budi", "Citra", "Kartini"):
        assert secret not in feedback
    assert "tidak ditampilkan" in feedback
    small.update_settings(small.settings(), {"evaluasi": {"min_penilai_anonim": 2}})
    (page,) = pages(documents.evaluation_pdf(small, KODE, [ANDI], tanggal=TANGGAL))
    feedback = flat(page[page.index("Umpan balik") : page.index("Sukamaju, 31")])
    assert "Aktif membantu rekan." in feedback and "Zebra: perlu lebih rapi." in feedback
    assert "Rekan (2 penilai, tanpa nama):" in feedback
    assert "Bagus sekali" not in feedback  # one atasan is still fewer than two
    for name in ("Budi", "Citra", "Kartini"):
        assert name not in feedback


def test_the_head_of_office_gets_the_outside_officials(small: Office) -> None:
    outside = {
        "penilai": {
            "nama": "Ir. Bupati Contoh",
            "nip": "196501011990031001",
            "pangkat": "Pembina Utama, IV/e",
            "jabatan": "Bupati",
            "instansi": "Pemerintah Kabupaten Sukamaju",
        },
        "atasan": {"nama": "Gubernur Contoh", "jabatan": "Gubernur"},
    }
    small.update_settings(small.settings(), {"evaluasi": {"pejabat_luar": outside}})
    (page,) = pages(documents.evaluation_pdf(small, KODE, [HADI], tanggal=TANGGAL))
    text = flat(page)
    for expected in (
        "Ir. Bupati Contoh",
        "Pemerintah Kabupaten Sukamaju",
        "Gubernur Contoh",
        "Pembina Utama, IV/e",
    ):
        assert expected in text
    (page,) = pages(documents.evaluation_pdf(small, KODE, [KARTINI], tanggal=TANGGAL))
    assert "Drs. Hadi Wibowo" in flat(page) and "Ir. Bupati Contoh" in flat(page)


def test_any_unicode_name_prints(small: Office) -> None:
    people = (HADI, KARTINI, ANDI, BUDI)
    for nip, nama in zip(people, NAMES, strict=True):
        small.edit_employee(small.employee(nip), {"nama": nama})
    nips = list(people)
    text = pages(documents.evaluation_pdf(small, KODE, nips, tanggal=TANGGAL))
    assert len(text) == 4
    for page, nama in zip(text, NAMES, strict=True):
        assert nama in page
    # Andi's pejabat penilai is Kartini, now "Ἀλέξανδρος"; Hadi ("Siti ...") above her.
    assert "Ἀλέξανδρος" in text[2] and "Siti Ñuñez Öztürk" in text[2]
    cards = pages(documents.report_card_pdf(small, KODE, nips, tanggal=TANGGAL))
    assert [nama in page for page, nama in zip(cards, NAMES, strict=True)] == [True] * 4
    listing = flat(" ".join(pages(documents.penetapan_pdf(small, KODE, tanggal=TANGGAL))))
    assert all(nama in listing for nama in NAMES)


def test_long_names_and_a_long_catatan_still_fit_one_page(small: Office) -> None:
    long_name = ("Raden Mas " + "Panjang Sekali " * 7)[:100].strip()
    small.edit_employee(
        small.employee(ANDI),
        {"nama": long_name, "gelar_depan": "Prof. Dr. Ir.", "gelar_belakang": "S.H., M.Hum."},
    )
    small.edit_employee(small.employee(KARTINI), {"nama": long_name.replace("Raden", "Nyi")})
    catatan = ("Perlu meningkatkan ketelitian pada laporan bulanan. " * 20)[:990] + " AKHIR"
    small.save_evaluation(KODE, ANDI, seen=None, catatan=catatan)
    text = pages(documents.evaluation_pdf(small, KODE, [ANDI, BUDI], tanggal=TANGGAL))
    assert len(text) == 2
    page = flat(text[0])
    assert "AKHIR" in page and "Prof. Dr. Ir." in page and "Pejabat penilai kinerja," in page
    assert f"NIP {format_nip(ANDI)}" in page


def test_many_long_comments_are_counted_not_run_over(small: Office) -> None:
    small.update_settings(small.settings(), {"evaluasi": {"min_penilai_anonim": 1}})
    for rater in (BUDI, CITRA):
        note = f"{rater} " + "komentar yang sangat panjang dan rinci " * 26
        small.save_rating(KODE, ANDI, rater, "rekan", {}, note[:1000])
    small.save_rating(KODE, ANDI, KARTINI, "atasan", {}, "x" * 1000)
    evaluation = pages(documents.evaluation_pdf(small, KODE, [ANDI], tanggal=TANGGAL))
    cards = pages(documents.report_card_pdf(small, KODE, [ANDI], tanggal=TANGGAL))
    assert len(evaluation) == 1 and len(cards) == 1
    assert "komentar lain tidak muat di halaman ini" in flat(evaluation[0])
    assert "Pegawai yang dinilai," in flat(cards[0])


# --------------------------------------------------------------------------- draft mark


def test_the_draft_mark_goes_when_the_period_is_closed(small: Office) -> None:
    rate_all(small)
    before = {
        "evaluasi": pages(documents.evaluation_pdf(small, KODE, [ANDI], tanggal=TANGGAL)),
        "kartu": pages(documents.report_card_pdf(small, KODE, [ANDI], tanggal=TANGGAL)),
        "penetapan": pages(documents.penetapan_pdf(small, KODE, tanggal=TANGGAL)),
    }
    assert all("DRAF" in page for text in before.values() for page in text)
    small.set_period_status(KODE, "ditutup", close_incomplete=True)
    after = {
        "evaluasi": pages(documents.evaluation_pdf(small, KODE, [ANDI], tanggal=TANGGAL)),
        "kartu": pages(documents.report_card_pdf(small, KODE, [ANDI], tanggal=TANGGAL)),
        "penetapan": pages(documents.penetapan_pdf(small, KODE, tanggal=TANGGAL)),
    }
    assert not any("DRAF" in page for text in after.values() for page in text)


# --------------------------------------------------------------------------- penetapan


def test_penetapan_lists_everyone_with_the_distribution_and_broken_rules(small: Office) -> None:
    rate_all(small)
    small.set_organisation(KODE, "baik")
    result = small.distribution(KODE)
    assert result.counts["baik"] == 5 and not result.sesuai
    text = pages(documents.penetapan_pdf(small, KODE, tanggal=TANGGAL))
    whole = flat(" ".join(text))
    assert "PENETAPAN PREDIKAT KINERJA PEGAWAI" in whole
    for number, line in enumerate(small.evaluation_lines(KODE), start=1):
        assert f"{number} {format_nip(line.nip)} {line.nama}" in whole
    assert "Capaian kinerja organisasi: Baik" in whole
    assert "Baik 5 100,0%" in whole and "Jumlah (N) 5" in whole
    assert "Baik paling banyak 70%: tidak terpenuhi — Baik 5 dari 5 (100,0%)" in whole
    assert (
        "Butuh Perbaikan + Kurang/Misconduct sekurang-kurangnya 1 orang: tidak terpenuhi" in whole
    )
    assert "Distribusi belum sesuai kurva: 2 aturan tidak terpenuhi" in whole
    # Signed by the head of the office.
    assert "Camat" in whole and "Drs. Hadi Wibowo" in whole and format_nip(HADI) in whole


def test_penetapan_without_the_organisations_predikat_says_what_to_do(small: Office) -> None:
    whole = flat(" ".join(pages(documents.penetapan_pdf(small, KODE, tanggal=TANGGAL))))
    assert "Capaian kinerja organisasi: belum ditetapkan" in whole
    assert f"kinerja period org {KODE} --predikat" in whole
    assert "Belum dinilai lengkap: 5 pegawai" in whole


def test_a_long_penetapan_runs_over_pages_in_order(office: Office) -> None:
    """The S demo office: 38 active people over more than one page, numbered in order."""
    lines = office.evaluation_lines(KODE)
    text = pages(documents.penetapan_pdf(office, KODE, tanggal=TANGGAL))
    assert len(text) >= 2
    whole = flat(" ".join(text))
    positions = [whole.index(f"{n} {format_nip(ln.nip)}") for n, ln in enumerate(lines, 1)]
    assert positions == sorted(positions)


# --------------------------------------------------------------------------- report card


def test_report_card_pdf_is_one_page_with_the_card(small: Office) -> None:
    small.update_settings(small.settings(), {"evaluasi": {"min_penilai_anonim": 1}})
    (page,) = pages(documents.report_card_pdf(small, KODE, [ANDI], tanggal=TANGGAL))
    text = flat(page)
    for expected in (
        "LAPORAN PENILAIAN KINERJA",
        "Andi Pratama",
        "Nilai: 81,25 · Predikat: Baik · Peringkat kantor: 3 dari 3",
        "Kualitas Kerja 40 40% 5,00 4,00 – 5,00 4,63",
        "Skor akhir F = Σ porsi peran × skor peran = 4,0625",
        "Rekan (2 penilai, tanpa nama):",
        "Aktif membantu rekan.",
        "Sukamaju, 31 Desember 2026",
    ):
        assert expected in text, expected


def test_report_card_pdf_in_english(small: Office) -> None:
    set_language("en")
    (page,) = pages(documents.report_card_pdf(small, KODE, [ANDI], tanggal=TANGGAL))
    text = flat(page)
    assert "PERFORMANCE APPRAISAL REPORT" in text and "DRAFT" in text
    assert "Score: 81.25 · Rating band: Good" in text
    (page,) = pages(documents.evaluation_pdf(small, KODE, [ANDI], tanggal=TANGGAL))
    assert "EMPLOYEE PERFORMANCE EVALUATION DOCUMENT" in flat(page)
    assert "31 December 2026" in flat(page)


def test_write_report_writes_a_pdf_and_names_it_in_a_folder(small: Office, tmp_path: Path) -> None:
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL)
    out = tmp_path / "laporan"
    out.mkdir()
    written = documents.write_report(card, out / "andi.pdf")
    assert written == (out / "andi.pdf").absolute()
    assert len(pages(written.read_bytes())) == 1
    assert written.stat().st_mode & 0o777 == 0o660
    into = documents.write_report(card, out)
    assert into.name == documents.default_file_name(card) == f"laporan-{KODE}-{ANDI}.pdf"
    assert sorted(p.name for p in out.iterdir()) == sorted(["andi.pdf", into.name])


def test_write_report_failure_is_a_clear_error(small: Office, tmp_path: Path) -> None:
    card = report_card(small, KODE, ANDI, tanggal=TANGGAL)
    with pytest.raises(KinerjaError) as err:
        documents.write_report(card, tmp_path / "missing" / "andi.pdf")
    assert str(err.value).startswith(f"Tidak dapat menulis {tmp_path / 'missing' / 'andi.pdf'}")
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(KinerjaError):
            documents.write_report(card, locked / "andi.pdf")


# --------------------------------------------------------------------------- choosing


def test_select_one_a_unit_or_everyone(office: Office) -> None:
    lines = office.evaluation_lines(KODE)
    assert documents.select(office, KODE) == [ln.nip for ln in lines]
    unit = lines[-1].unit
    assert documents.select(office, KODE, unit=f"  {unit.upper()} ") == [
        ln.nip for ln in lines if ln.unit == unit
    ]
    assert documents.select(office, KODE, nip=format_nip(lines[3].nip)) == [lines[3].nip]
    with pytest.raises(ValidationError) as err:
        documents.select(office, KODE, unit="Seksi Antariksa")
    assert "Seksi Antariksa" in str(err.value) and unit in str(err.value)
    inactive = next(e for e in office.employees() if not e["aktif"])
    with pytest.raises(ValidationError) as err:
        documents.select(office, KODE, nip=inactive["nip"])
    assert inactive["nama"] in str(err.value)
    with pytest.raises(NotFoundError):
        documents.select(office, KODE, nip="199001012015011999")
    with pytest.raises(ValidationError):
        documents.select(office, KODE, nip="12345")


def test_an_unknown_document_is_refused(small: Office) -> None:
    with pytest.raises(ValidationError) as err:
        documents.make(small, "sertifikat", KODE, [ANDI])
    assert "evaluasi, penetapan, kartu" in str(err.value)


def test_documents_follow_the_stored_evaluation(small: Office) -> None:
    """What is printed is what is stored: a change shows on the next document."""
    evaluations.save(small, KODE, CITRA, seen=None, hasil="di_bawah", perilaku="di_atas")
    (page,) = pages(documents.evaluation_pdf(small, KODE, [CITRA], tanggal=dt.date(2027, 1, 5)))
    assert "Predikat kinerja pegawai Butuh Perbaikan" in flat(page)
    assert "5 Januari 2027" in flat(page)
