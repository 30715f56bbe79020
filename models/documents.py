"""The printed documents of a period, as PDF: evaluation documents, penetapan, report cards.

Three documents (README, "The official evaluation"), each A4 and built on
``models.pdf``:

- the *Dokumen Evaluasi Kinerja Pegawai*, one page per employee: the employee,
  the pejabat penilai and their superior; the organisation's predikat; both
  ratings and the predikat kinerja; the catatan / rekomendasi; the 360 result as
  umpan balik; the signatures with place and date;
- the *penetapan predikat* sheet: the office list with its distribution against
  the curve and every rule in words, signed by the head of the office;
- the report card (``models.report``), one page per employee.

A whole unit or office goes into one file.  Every page of a period that is not
closed yet carries the DRAF mark.  What the rated employee sees (the evaluation
document's umpan balik, the report card) comes from ``report.report_cards``, so
it follows the anonymity rule there.  A page per employee is kept to one page
and made only when it is laid out (``pdf.later_page``), so a document of thousands
of pages takes time in proportion to its pages and little memory; written comments
beyond what a page holds are counted, not printed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from models import pdf
from models.dates import format_date_long, format_decimal
from models.errors import KinerjaError, ValidationError
from models.evaluation import describe_rule
from models.i18n import get_language, t
from models.labels import (
    NONE,
    evaluation_rating_label,
    official_predikat_label,
    organisation_label,
)
from models.period import period_dates
from models.report import (
    ReportCard,
    RoleComments,
    comments_heading,
    feedback_note,
    hidden_note,
    identity_fields,
    report_cards,
)

if TYPE_CHECKING:
    from models.evaluations import EvaluationLine, Official
    from models.office import Office

Progress = Callable[[int], None]

DOCUMENTS: Final = ("evaluasi", "penetapan", "kartu")
"""What ``kinerja report`` prints."""

BLANK: Final = "……………………………"
"""Where a name or number is to be written by hand."""

CARD_COMMENTS: Final = 2400
"""Characters of written feedback a report card prints before counting the rest."""
EVALUATION_COMMENTS: Final = 1200
"""The same for the umpan balik of an evaluation document (less room on that page)."""

LIST_CHUNK: Final = 100
"""Rows per table of the penetapan list: long tables are laid out much slower."""


# --------------------------------------------------------------------------- choosing


def select(
    office: Office, kode: str, *, nip: str | None = None, unit: str | None = None
) -> list[str]:
    """The NIPs a document is printed for: one employee, a unit, or everyone active.

    In the order of the evaluation list (unit, then name).  An employee not
    active in the period, or a unit nobody active belongs to, is refused.
    """
    from models.nip import normalize_nip

    lines = office.evaluation_lines(kode)
    if not lines:
        raise ValidationError("documents.empty", field="periode", kode=kode)
    if nip is not None:
        wanted = normalize_nip(nip, field="nip")
        if all(line.nip != wanted for line in lines):
            emp = office.employee(wanted)
            raise ValidationError(
                "documents.not_in_period", field="nip", nama=emp["nama"], kode=kode
            )
        return [wanted]
    if unit is not None:
        key = " ".join(unit.split()).casefold()
        chosen = [line.nip for line in lines if line.unit.casefold() == key]
        if not chosen:
            known = ", ".join(sorted({line.unit for line in lines}, key=str.casefold))
            raise ValidationError("documents.unknown_unit", field="unit", unit=unit, known=known)
        return chosen
    return [line.nip for line in lines]


# --------------------------------------------------------------------------- common parts


class _Period:
    """What every page of one period's document shows about the period and the office."""

    def __init__(self, office: Office, kode: str, tanggal: dt.date | None) -> None:
        lang = get_language()
        period = office.period(kode)
        settings = office.settings()
        mulai, selesai = period_dates(period)
        self.kode = kode
        self.kantor = str(settings.get("nama_kantor", ""))
        self.tempat = str(settings.get("tempat") or "")
        self.nama = str(period.get("nama", kode))
        self.range = f"{format_date_long(mulai, lang)} – {format_date_long(selesai, lang)}"
        self.organisasi: str | None = period.get("organisasi")
        self.draft = t("documents.draft") if period["status"] != "ditutup" else None
        self.tanggal = format_date_long(tanggal or dt.date.today(), lang)

    def heading(self, title: str) -> list[pdf.Flowable]:
        return [
            pdf.para(title.upper(), "title"),
            pdf.para(self.kantor, "subtitle"),
            pdf.para(t("documents.periode", nama=self.nama, range=self.range), "subtitle"),
            pdf.space(4),
        ]

    def footer(self, title: str) -> str:
        return t("documents.footer", kantor=self.kantor, dokumen=title, periode=self.nama)

    def place_and_date(self) -> str:
        return f"{self.tempat or '……………'}, {self.tanggal}"


def _section(text: str) -> pdf.Flowable:
    return pdf.para(text, "heading")


def _signatures(*blocks: tuple[Sequence[str], str, str] | None) -> list[pdf.Flowable]:
    """Signature blocks side by side, each (lines above, name, NIP); None leaves a gap.

    Between the lines and the name there is room to sign; a name or NIP not
    known is a dotted line to be filled in by hand.
    """
    height = max(len(block[0]) for block in blocks if block is not None)
    columns: list[list[object]] = []
    for block in blocks:
        if block is None:
            columns.append([""] * (height + 3))
            continue
        lines, nama, nip = block
        columns.append(
            [
                *([""] * (height - len(lines))),
                *lines,
                pdf.space(16),
                pdf.bold(nama or BLANK),
                f"NIP {nip or BLANK}",
            ]
        )
    rows = [list(row) for row in zip(*columns, strict=True)]
    width = 170 / len(blocks)
    return [pdf.space(3), pdf.table(rows, [width] * len(blocks), grid=False)]


def _budget(groups: Sequence[RoleComments], budget: int) -> tuple[list[RoleComments], int]:
    """The comments that fit in ``budget`` characters, and how many are left out."""
    kept: list[RoleComments] = []
    used = 0
    left_out = 0
    for group in groups:
        texts: list[str] = []
        for text in group.teks:
            if used + len(text) > budget:
                left_out += 1
                continue
            used += len(text)
            texts.append(text)
        if texts:
            kept.append(
                RoleComments(
                    peran=group.peran, label=group.label, jumlah=group.jumlah, teks=tuple(texts)
                )
            )
    return kept, left_out


def _feedback(card: ReportCard, budget: int) -> list[pdf.Flowable]:
    """The written feedback the employee may see, by role, no names."""
    parts: list[pdf.Flowable] = []
    groups, left_out = _budget(card.komentar, budget)
    if not card.komentar:
        parts.append(pdf.para(t("report.no_feedback"), "small"))
    for group in groups:
        parts.append(pdf.para(comments_heading(group), "small"))
        parts.extend(pdf.para(f"• {text}", "small") for text in group.teks)
    if left_out:
        parts.append(pdf.para(t("documents.comments_left_out", count=left_out), "small"))
    note = feedback_note(card)
    if note:
        parts.append(pdf.para(note, "small"))
    return parts


def _role_table(card: ReportCard) -> pdf.Flowable:
    rows: list[list[object]] = [
        [
            t("report.col.peran"),
            t("report.col.jumlah"),
            t("report.col.bobot"),
            t("report.col.porsi_peran"),
            t("report.col.skor_peran"),
        ]
    ]
    rows += [[r.label, str(r.jumlah), r.bobot, r.porsi, r.skor] for r in card.peran]
    return pdf.table(rows, [50, 30, 30, 30, 30], header=True, small=True)


# --------------------------------------------------------------------------- evaluation


def _official_cells(official: Official | None) -> list[str]:
    if official is None:
        return [BLANK] * 5
    where = official.unit or official.instansi
    return [
        official.nama or BLANK,
        official.nip or BLANK,
        official.pangkat or BLANK,
        official.jabatan or BLANK,
        where or BLANK,
    ]


def _evaluation_page(
    office: Office, shared: _Period, line: EvaluationLine, card: ReportCard
) -> list[pdf.Flowable]:
    from models.evaluations import person

    lang = get_language()
    pegawai = person(office.employee(line.nip))
    columns = [_official_cells(pegawai), _official_cells(line.penilai)]
    columns.append(_official_cells(line.atasan_penilai))
    labels = [
        t("documents.field.nama"),
        t("documents.field.nip"),
        t("documents.field.pangkat"),
        t("documents.field.jabatan"),
        t("documents.field.unit"),
    ]
    identity: list[list[object]] = [
        ["", t("documents.col.pegawai"), t("documents.col.penilai"), t("documents.col.atasan")]
    ]
    identity += [[label, *(column[i] for column in columns)] for i, label in enumerate(labels)]

    if line.saran is None:
        saran = t("documents.no_nilai")
    else:
        nilai = format_decimal(line.nilai, lang) if line.nilai is not None else NONE
        saran = t("documents.saran_value", saran=evaluation_rating_label(line.saran), nilai=nilai)
    organisasi = (
        organisation_label(shared.organisasi) if shared.organisasi else t("documents.not_set")
    )
    result: list[list[object]] = [
        [t("documents.organisasi"), organisasi],
        [t("documents.hasil"), _rating(line.hasil)],
        [t("documents.perilaku"), _rating(line.perilaku)],
        [t("documents.saran"), saran],
    ]
    if line.alasan:
        result.append([t("documents.alasan"), line.alasan])
    predikat = official_predikat_label(line.predikat) if line.predikat else t("documents.not_rated")
    result.append([pdf.bold(t("documents.predikat")), pdf.bold(predikat)])

    summary = t(
        "documents.summary_360",
        nilai=card.nilai,
        predikat=card.predikat,
        peringkat=card.peringkat_teks,
    )
    parts: list[pdf.Flowable] = [
        *shared.heading(t("documents.evaluasi.title")),
        pdf.table(identity, [28, 47, 47, 48], header=True),
        pdf.space(3),
        pdf.table(result, [60, 110], emphasis=[(0, 0)]),
        _section(t("documents.catatan")),
        pdf.para(line.catatan or NONE),
        _section(t("documents.umpan_balik")),
        pdf.para(summary),
        pdf.space(1.5),
        _role_table(card),
    ]
    if card.disembunyikan:
        parts.append(pdf.para(hidden_note(card), "small"))
    parts.append(pdf.space(1.5))
    parts.extend(_feedback(card, EVALUATION_COMMENTS))
    penilai = line.penilai
    parts.extend(
        _signatures(
            ([t("documents.sign.pegawai")], pegawai.nama, pegawai.nip),
            (
                [shared.place_and_date(), t("documents.sign.penilai")],
                penilai.nama if penilai else "",
                penilai.nip if penilai else "",
            ),
        )
    )
    return parts


def _rating(code: str | None) -> str:
    return evaluation_rating_label(code) if code else t("documents.not_rated")


def _pages(pages: Sequence[Callable[[], Sequence[pdf.Flowable]]]) -> list[pdf.Flowable]:
    """One page each, made when laid out (``pdf.later_page``), with breaks between them."""
    story: list[pdf.Flowable] = []
    for index, make in enumerate(pages):
        if index:
            story.append(pdf.page_break())
        story.append(pdf.later_page(make))
    return story


def evaluation_pdf(
    office: Office,
    kode: str,
    nips: Sequence[str],
    *,
    tanggal: dt.date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The evaluation documents of ``nips`` in period ``kode``: one page each."""
    shared = _Period(office, kode, tanggal)
    lines = {line.nip: line for line in office.evaluation_lines(kode)}
    cards = report_cards(office, kode, nips, tanggal=tanggal)
    pages = [
        functools.partial(_evaluation_page, office, shared, lines[card.nip], card)
        for card in cards
        if card.nip in lines
    ]
    title = t("documents.evaluasi.title")
    return pdf.render(
        _pages(pages),
        title=f"{title} — {shared.nama}",
        progress=progress,
        draft=shared.draft,
        footer=shared.footer(title),
    )


# --------------------------------------------------------------------------- penetapan


def _head_of_office(office: Office) -> Official | None:
    """The one active employee without an atasan, when there is exactly one."""
    from models.evaluations import person

    heads = [e for e in office.employees() if e.get("aktif", True) and not e.get("atasan_nip")]
    return person(heads[0]) if len(heads) == 1 else None


def penetapan_pdf(
    office: Office,
    kode: str,
    *,
    tanggal: dt.date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The office list of official predikat with the distribution against the curve."""
    from models.evaluation import PREDIKAT
    from models.nip import format_nip

    shared = _Period(office, kode, tanggal)
    title = t("documents.penetapan.title")
    lines = office.evaluation_lines(kode)
    result = office.distribution(kode)
    story: list[pdf.Flowable] = shared.heading(title)
    organisasi = (
        organisation_label(shared.organisasi) if shared.organisasi else t("documents.not_set")
    )
    story.append(pdf.para(f"{t('documents.organisasi')}: {organisasi}", "bold"))
    story.append(pdf.space(2))
    head = [
        t("documents.col.no"),
        t("documents.field.nip"),
        t("documents.field.nama"),
        t("documents.col.unit"),
        t("documents.col.hasil"),
        t("documents.col.perilaku"),
        t("documents.col.predikat"),
    ]
    widths = [8, 37, 39, 34, 17, 17, 18]
    rows = [
        [
            str(number),
            format_nip(line.nip),
            line.nama,
            line.unit,
            evaluation_rating_label(line.hasil, short=True),
            evaluation_rating_label(line.perilaku, short=True),
            official_predikat_label(line.predikat),
        ]
        for number, line in enumerate(lines, start=1)
    ]
    for start in range(0, len(rows), LIST_CHUNK):
        chunk = [head, *rows[start : start + LIST_CHUNK]]
        story.append(pdf.table(chunk, widths, header=True, small=True))

    counts: list[list[object]] = [
        [t("documents.col.predikat"), t("documents.col.jumlah"), t("documents.col.persen")]
    ]
    shares = result.shares()
    counts += [
        [official_predikat_label(code), str(result.counts[code]), f"{shares[code]}%"]
        for code in PREDIKAT
    ]
    counts.append([pdf.bold(t("documents.total")), pdf.bold(str(result.jumlah)), ""])
    summary: list[pdf.Flowable] = [
        _section(t("documents.distribusi")),
        pdf.table(counts, [60, 30, 30], header=True),
        pdf.space(1.5),
        pdf.para(t("documents.belum", count=result.belum)),
    ]
    if shared.organisasi is None:
        summary.append(pdf.para(t("documents.no_organisation", kode=kode), "bold"))
    elif result.jumlah == 0:
        summary.append(pdf.para(t("documents.nobody_rated"), "bold"))
    else:
        summary.append(pdf.para(t("documents.rules_for", organisasi=organisasi)))
        for rule in office.evaluation_settings()["kurva"][shared.organisasi]:
            found = next((str(b) for b in result.breaches if dict(b.rule) == dict(rule)), None)
            state = t("documents.rule_broken", breach=found) if found else t("documents.rule_ok")
            summary.append(pdf.para(f"• {describe_rule(rule)}: {state}"))
        verdict = (
            t("documents.curve_ok")
            if result.sesuai
            else t("documents.curve_broken", count=len(result.breaches))
        )
        summary.append(pdf.para(verdict, "bold"))
    head_official = _head_of_office(office)
    summary.extend(
        _signatures(
            None,
            (
                [shared.place_and_date(), head_official.jabatan if head_official else BLANK],
                head_official.nama if head_official else "",
                head_official.nip if head_official else "",
            ),
        )
    )
    story.append(pdf.keep_together(summary))
    return pdf.render(
        story,
        title=f"{title} — {shared.nama}",
        progress=progress,
        draft=shared.draft,
        footer=shared.footer(title),
    )


# --------------------------------------------------------------------------- report card


def _card_page(card: ReportCard) -> list[pdf.Flowable]:
    rows: list[list[object]] = [[label, value] for label, value in identity_fields(card)]
    criteria: list[list[object]] = [
        [
            t("report.col.kriteria_nama"),
            t("report.col.bobot"),
            t("report.col.porsi"),
            *(row.label for row in card.peran),
            t("report.col.gabungan"),
        ]
    ]
    criteria += [
        [row.nama, row.bobot, row.porsi, *row.rerata, row.gabungan] for row in card.kriteria
    ]
    result = (
        f"{t('report.nilai')}: {card.nilai} · {t('report.predikat')}: {card.predikat} · "
        f"{t('report.rank_office')}: {card.peringkat_teks} · "
        f"{t('report.rank_unit')}: {card.peringkat_unit_teks}"
    )
    parts: list[pdf.Flowable] = [
        pdf.para(t("report.title").upper(), "title"),
        pdf.para(card.kantor, "subtitle"),
        pdf.space(4),
        pdf.table(rows, [40, 130], grid=False),
        _section(t("report.section.hasil")),
        pdf.para(result, "bold"),
        _section(t("report.section.kriteria")),
        pdf.table(criteria, [50, 14, 14, 18, 18, 18, 18, 20], header=True, small=True),
        _section(t("report.section.peran")),
        _role_table(card),
        pdf.space(1.5),
        pdf.para(t("report.formula_s"), "small"),
        pdf.para(t("report.formula_f", f=card.skor_akhir), "small"),
        pdf.para(t("report.formula_nilai", f=card.skor_akhir, nilai=card.nilai), "small"),
    ]
    if card.disembunyikan:
        parts.append(pdf.para(hidden_note(card), "small"))
    parts.append(_section(t("report.section.umpan_balik")))
    parts.extend(_feedback(card, CARD_COMMENTS))
    parts.extend(
        _signatures(
            ([t("report.sign.pegawai")], card.nama, card.nip_tampil),
            (
                [f"{card.tempat or '……………'}, {card.tanggal}", t("report.sign.penilai")],
                card.atasan_nama,
                card.atasan_nip,
            ),
        )
    )
    return parts


def cards_pdf(cards: Sequence[ReportCard], *, progress: Progress | None = None) -> bytes:
    """Report cards, one page each (all of one period)."""
    if not cards:
        raise KinerjaError("documents.no_cards")
    first = cards[0]
    title = t("report.title")
    return pdf.render(
        _pages([functools.partial(_card_page, card) for card in cards]),
        title=f"{title} — {first.periode_nama}",
        progress=progress,
        draft=t("documents.draft") if first.draf else None,
        footer=t(
            "documents.footer", kantor=first.kantor, dokumen=title, periode=first.periode_nama
        ),
    )


def report_card_pdf(
    office: Office,
    kode: str,
    nips: Sequence[str],
    *,
    tanggal: dt.date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The report cards of ``nips`` in period ``kode``: one page each."""
    return cards_pdf(report_cards(office, kode, nips, tanggal=tanggal), progress=progress)


def default_file_name(card: ReportCard) -> str:
    """``laporan-2026-S2-198609262015051001.pdf``: unique per period and employee."""
    return f"laporan-{card.periode_kode}-{card.nip}.pdf"


def write_report(card: ReportCard, path: str | Path, *, force: bool = False) -> Path:
    """Write one report card as PDF (``outfile.write_file``).

    An existing file is replaced only with ``force`` (``outfile.ExistsError``
    otherwise, so the clerk can be asked).  A folder gets ``default_file_name``.
    Returns the absolute path written, so the clerk can be told where to find it.
    """
    from models.outfile import write_file

    target = Path(path).expanduser()
    if target.is_dir():
        target = target / default_file_name(card)
    try:
        return write_file(target.absolute(), cards_pdf([card]), force=force)
    except KinerjaError as err:
        if err.key == "outfile.write_failed":
            raise KinerjaError("report.write_failed", **err.params) from err
        raise


def make(
    office: Office,
    kind: str,
    kode: str,
    nips: Sequence[str],
    *,
    tanggal: dt.date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """One of ``DOCUMENTS`` as PDF bytes (``nips`` is not used by the penetapan sheet)."""
    if kind == "evaluasi":
        return evaluation_pdf(office, kode, nips, tanggal=tanggal, progress=progress)
    if kind == "penetapan":
        return penetapan_pdf(office, kode, tanggal=tanggal, progress=progress)
    if kind == "kartu":
        return report_card_pdf(office, kode, nips, tanggal=tanggal, progress=progress)
    raise ValidationError(
        "documents.unknown", field="what", what=kind, options=", ".join(DOCUMENTS)
    )


__all__ = [
    "DOCUMENTS",
    "cards_pdf",
    "default_file_name",
    "evaluation_pdf",
    "make",
    "penetapan_pdf",
    "report_card_pdf",
    "select",
    "write_report",
]
