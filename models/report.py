"""The report card (laporan penilaian kinerja) of one employee for one period.

``report_card`` gathers everything an employee and the pejabat penilai sign: identity,
the period, every number behind the nilai (means per criterion and role, the weights as
they were actually used, F, nilai, predikat, rank) and the written feedback.  Peer and
subordinate comments are printed without the rater's name and in an order that does not
follow entry order, so the report cannot be used to find out who wrote what.

The card is plain data with every number already formatted for the clerk's language;
``render_html`` turns it into a printable page (no PDF library is needed: the browser
prints it, or saves it as PDF), ``render_text`` into lines for a terminal.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from models.dates import format_date_long, format_decimal, format_share, format_weight
from models.employee import display_name
from models.errors import KinerjaError, NotFoundError
from models.golongan import pangkat
from models.i18n import get_language, t
from models.labels import (
    NONE,
    criterion_label,
    period_status_label,
    predikat_label,
    role_label,
)
from models.nip import format_nip
from models.period import period_dates
from models.scoring import ROLES, ScoreLine, is_counted
from models.text import printable

R = TypeVar("R")

if TYPE_CHECKING:
    from models.office import Office


@dataclass(frozen=True, slots=True)
class RoleRow:
    """One rater role: how many counted ratings, its weight and what it contributed."""

    peran: str
    label: str
    jumlah: int
    bobot: str
    """W_r as configured in the office settings."""
    porsi: str
    """The role's share of F after renormalising over the roles present, or ``NONE``."""
    skor: str
    """s[r], the criterion-weighted mean of the role (1..5), or ``NONE``."""


@dataclass(frozen=True, slots=True)
class CriterionRow:
    """One criterion: its weight, its share, the mean given by each role and the blend."""

    kode: str
    nama: str
    bobot: str
    porsi: str
    rerata: tuple[str, ...]
    """m[r][c] for each role in ``ROLES`` order; ``NONE`` where the role has no rating."""
    gabungan: str
    """The role-weighted mean on this criterion (same role shares as F), or ``NONE``."""


@dataclass(frozen=True, slots=True)
class AtasanComment:
    """The supervisor's written feedback, signed with the supervisor's name."""

    penilai: str
    teks: str


@dataclass(frozen=True, slots=True)
class ReportCard:
    """Everything printed on one employee's report for one period, formatted."""

    bahasa: str
    kantor: str
    nip: str
    nip_tampil: str
    nama: str
    """The name with academic titles, as on letters."""
    jenis_asn: str
    golongan: str
    pangkat: str
    jabatan: str
    unit: str
    atasan_nama: str
    """The direct supervisor (pejabat penilai); empty for the head of the office."""
    atasan_nip: str
    periode_kode: str
    periode_nama: str
    periode_mulai: str
    periode_selesai: str
    periode_status: str
    peran: tuple[RoleRow, ...]
    kriteria: tuple[CriterionRow, ...]
    skor_akhir: str
    nilai: str
    nilai_angka: Decimal | None
    predikat: str
    lengkap: bool
    peringkat: int | None
    jumlah_peringkat: int
    """How many employees have an office-wide rank this period."""
    peringkat_unit: int | None
    jumlah_unit: int
    """How many employees of the unit have a rank this period."""
    alasan: tuple[str, ...]
    komentar_atasan: tuple[AtasanComment, ...]
    komentar_lain: tuple[str, ...]
    """Peer and subordinate feedback: no names, sorted by text."""
    tempat: str
    tanggal: str
    final: bool = False
    """The period is closed; a report of an open (or draft) period carries a draft mark,
    since its numbers can still change."""

    @property
    def peringkat_teks(self) -> str:
        """ "3 dari 30" office-wide, or the reasons why there is no rank."""
        if self.peringkat is None:
            return t("report.no_rank", alasan="; ".join(self.alasan))
        return t("report.rank_of", rank=self.peringkat, total=self.jumlah_peringkat)

    @property
    def peringkat_unit_teks(self) -> str:
        if self.peringkat_unit is None:
            return NONE
        return t("report.rank_of", rank=self.peringkat_unit, total=self.jumlah_unit)


# --------------------------------------------------------------------------- numbers


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _number(value: Fraction | None, lang: str, places: int = 2) -> str:
    if value is None:
        return NONE
    return format_decimal(_decimal(value), lang, places)


def _percent(value: Fraction | None, lang: str) -> str:
    return NONE if value is None else format_share(value, lang)


# --------------------------------------------------------------------------- building


def _role_rows(line: ScoreLine, lang: str) -> tuple[RoleRow, ...]:
    rows: list[RoleRow] = []
    for peran in ROLES:
        score = line.peran[peran]
        rows.append(
            RoleRow(
                peran=peran,
                label=role_label(peran, capitalized=True),
                jumlah=score.jumlah,
                bobot=format_weight(score.bobot, lang),
                porsi=_percent(line.porsi_peran.get(peran), lang),
                skor=_number(score.skor, lang),
            )
        )
    return tuple(rows)


def _criterion_rows(
    line: ScoreLine, criteria: Sequence[Mapping[str, Any]], lang: str
) -> tuple[CriterionRow, ...]:
    names = {str(c["kode"]): criterion_label(c) for c in criteria}
    means = {peran: line.peran[peran].rerata for peran in ROLES}
    rows: list[CriterionRow] = []
    for kode, bobot in line.bobot_kriteria.items():
        blended: Fraction | None = None
        if line.porsi_peran:
            blended = sum(
                (share * means[peran][kode] for peran, share in line.porsi_peran.items()),
                Fraction(0),
            )
        rows.append(
            CriterionRow(
                kode=kode,
                nama=names.get(kode, kode),
                bobot=format_weight(bobot, lang),
                porsi=_percent(line.porsi_kriteria[kode], lang),
                rerata=tuple(_number(means[peran].get(kode), lang) for peran in ROLES),
                gabungan=_number(blended, lang),
            )
        )
    return tuple(rows)


def _comments(
    office: Office, kode: str, nip: str, criteria: Sequence[Mapping[str, Any]]
) -> tuple[tuple[AtasanComment, ...], tuple[str, ...]]:
    """Feedback from the ratings that count, exactly those behind the numbers."""
    people = office.employees_by_nip()
    atasan: list[AtasanComment] = []
    others: list[str] = []
    for rating in office.store.ratings_of(kode, nip):
        text = " ".join(str(rating.get("catatan") or "").split())
        rater = people.get(str(rating.get("nip_penilai")))
        if not text or rater is None or not rater.get("aktif", True):
            continue
        if not is_counted(rating, criteria):
            continue
        if rating.get("peran") == "atasan":
            atasan.append(AtasanComment(display_name(rater), text))
        elif rating.get("peran") in ("rekan", "bawahan"):
            others.append(text)
    atasan.sort(key=lambda c: (c.penilai.casefold(), c.teks))
    # Sorted by text, so neither entry order nor role gives the writer away.
    others.sort(key=lambda s: (s.casefold(), s))
    return tuple(atasan), tuple(others)


def report_card(
    office: Office,
    kode: str,
    nip: str,
    *,
    tanggal: dt.date | None = None,
    tempat: str | None = None,
) -> ReportCard:
    """The report of employee ``nip`` for period ``kode``, formatted in the current language.

    ``tanggal`` is the date printed above the signatures (default today); ``tempat`` the
    place (default the office setting ``tempat``, else left blank to be written by hand).
    """
    lang = get_language()
    period = office.period(kode)
    emp = office.employee(nip)
    result = office.results(kode)
    line = result.by_nip.get(nip)
    if line is None:
        raise NotFoundError("report.no_result", nama=emp["nama"], kode=kode)
    criteria = office.criteria_of(kode)
    people = office.employees_by_nip()
    atasan = people.get(str(emp.get("atasan_nip") or ""))
    mulai, selesai = period_dates(period)
    ranked = [ln for ln in result.lines if ln.peringkat is not None]
    komentar_atasan, komentar_lain = _comments(office, kode, nip, criteria)
    settings = office.settings()
    card = ReportCard(
        bahasa=lang,
        kantor=str(settings.get("nama_kantor", "")),
        nip=nip,
        nip_tampil=format_nip(nip),
        nama=display_name(emp),
        jenis_asn=str(emp.get("jenis_asn", "")),
        golongan=str(emp.get("golongan", "")),
        pangkat=_pangkat(emp),
        jabatan=str(emp.get("jabatan", "")),
        unit=str(emp.get("unit", "")),
        atasan_nama=display_name(atasan) if atasan else "",
        atasan_nip=format_nip(str(atasan["nip"])) if atasan else "",
        periode_kode=kode,
        periode_nama=str(period.get("nama", kode)),
        periode_mulai=format_date_long(mulai, lang),
        periode_selesai=format_date_long(selesai, lang),
        periode_status=period_status_label(str(period.get("status", ""))),
        peran=_role_rows(line, lang),
        kriteria=_criterion_rows(line, criteria, lang),
        skor_akhir=_number(line.skor_akhir, lang, 4),
        nilai=format_decimal(line.nilai, lang) if line.nilai is not None else NONE,
        nilai_angka=line.nilai,
        predikat=predikat_label(line.predikat),
        lengkap=line.lengkap,
        peringkat=line.peringkat,
        jumlah_peringkat=len(ranked),
        peringkat_unit=line.peringkat_unit,
        jumlah_unit=sum(1 for ln in ranked if ln.unit == line.unit),
        alasan=tuple(line.alasan),
        komentar_atasan=komentar_atasan,
        komentar_lain=komentar_lain,
        tempat=tempat if tempat is not None else str(settings.get("tempat") or ""),
        tanggal=format_date_long(tanggal or dt.date.today(), lang),
        final=period.get("status") == "ditutup",
    )
    # Stored text is printed on a terminal too (render_text): shown, never obeyed.
    return _shown(
        card,
        kriteria=tuple(map(_shown, card.kriteria)),
        komentar_atasan=tuple(map(_shown, card.komentar_atasan)),
        komentar_lain=tuple(map(printable, card.komentar_lain)),
        alasan=tuple(map(printable, card.alasan)),
    )


def _shown(item: R, **changes: Any) -> R:
    """``item`` with every text field passed through ``printable``, plus ``changes``."""
    for entry in fields(item):  # type: ignore[arg-type]
        value = getattr(item, entry.name)
        if isinstance(value, str) and entry.name not in changes:
            changes[entry.name] = printable(value)
    return replace(item, **changes)  # type: ignore[type-var]


def _pangkat(emp: Mapping[str, Any]) -> str:
    try:
        return pangkat(str(emp.get("golongan", "")), str(emp.get("jenis_asn", "")))
    except KinerjaError:
        return ""


def default_file_name(card: ReportCard) -> str:
    """``laporan-2026-S2-198609262015051001.html``: unique per period and employee."""
    return f"laporan-{card.periode_kode}-{card.nip}.html"


# --------------------------------------------------------------------------- text


def _fit(text: str, width: int) -> str:
    """Cut to ``width`` characters with an ellipsis, then pad."""
    if len(text) > width:
        text = text[: max(width - 1, 0)] + "…"
    return text.ljust(width)


def breakdown_lines(card: ReportCard, width: int = 76) -> list[str]:
    """The numbers behind the nilai as fixed-width lines, step by step as in SPEC 3."""
    lines: list[str] = []
    heads = [
        t("report.col.porsi"),
        *(role_label(p, capitalized=True) for p in ROLES),
        t("report.col.gabungan"),
    ]
    columns = [(row.porsi, *row.rerata, row.gabungan) for row in card.kriteria]
    widths = [
        max(len(head), *(len(values[i]) for values in columns)) + 2 for i, head in enumerate(heads)
    ]
    name_width = max(width - sum(widths), 10)
    lines.append(
        _fit(t("report.col.kriteria"), name_width)
        + "".join(h.rjust(w) for h, w in zip(heads, widths, strict=True))
    )
    for row, values in zip(card.kriteria, columns, strict=True):
        label = f"{row.nama} ({row.bobot})"
        lines.append(
            _fit(label, name_width)
            + "".join(v.rjust(w) for v, w in zip(values, widths, strict=True))
        )
    lines.append("")
    role_heads = [
        t("report.col.jumlah"),
        t("report.col.bobot"),
        t("report.col.porsi_peran"),
        t("report.col.skor_peran"),
    ]
    role_values = [(str(r.jumlah), r.bobot, r.porsi, r.skor) for r in card.peran]
    role_widths = [
        max(len(head), *(len(values[i]) for values in role_values)) + 2
        for i, head in enumerate(role_heads)
    ]
    role_name = max(width - sum(role_widths), 10)
    lines.append(
        _fit(t("report.col.peran"), role_name)
        + "".join(h.rjust(w) for h, w in zip(role_heads, role_widths, strict=True))
    )
    for role, values in zip(card.peran, role_values, strict=True):
        lines.append(
            _fit(role.label, role_name)
            + "".join(v.rjust(w) for v, w in zip(values, role_widths, strict=True))
        )
    lines.append("")
    lines.append(t("report.formula_s"))
    lines.append(t("report.formula_f", f=card.skor_akhir))
    lines.append(t("report.formula_nilai", f=card.skor_akhir, nilai=card.nilai))
    lines.append(f"{t('report.predikat')}: {card.predikat}")
    lines.append(f"{t('report.rank_office')}: {card.peringkat_teks}")
    lines.append(f"{t('report.rank_unit')}: {card.peringkat_unit_teks}")
    return lines


def _identity(card: ReportCard) -> list[tuple[str, str]]:
    golongan = card.golongan
    if card.pangkat:
        golongan = f"{card.pangkat} ({card.golongan})"
    atasan = f"{card.atasan_nama} — NIP {card.atasan_nip}" if card.atasan_nama else NONE
    return [
        (t("report.field.nama"), card.nama),
        (t("report.field.nip"), card.nip_tampil),
        (t("report.field.golongan"), golongan),
        (t("report.field.jabatan"), card.jabatan),
        (t("report.field.unit"), card.unit),
        (t("report.field.atasan"), atasan),
        (
            t("report.field.periode"),
            f"{card.periode_nama} ({card.periode_mulai} – {card.periode_selesai}), "
            f"{card.periode_status}",
        ),
    ]


def draft_mark(card: ReportCard) -> str:
    """ "DRAF — periode 2026-S2 masih terbuka: …", or "" for a closed period's report."""
    if card.final:
        return ""
    return t("report.draft", kode=card.periode_kode, status=card.periode_status)


_NBSP = "\u00a0"


def _whole_nips(card: ReportCard, text: str) -> str:
    """``text`` with the NIPs' spaces made unbreakable, so wrapping never splits a NIP."""
    for nip in (card.nip_tampil, card.atasan_nip):
        if nip:
            text = text.replace(f"NIP {nip}", f"NIP{_NBSP}{nip.replace(' ', _NBSP)}")
            text = text.replace(nip, nip.replace(" ", _NBSP))
    return text


def render_text(card: ReportCard, width: int = 76) -> str:
    """The whole report as plain text for a terminal, wrapped to ``width``."""
    import textwrap

    def wrapped(text: str, indent: str = "") -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [""]

    lines = [t("report.title").upper(), card.kantor, ""]
    if not card.final:
        lines += [*wrapped(draft_mark(card)), ""]
    label_width = max(len(label) for label, _ in _identity(card)) + 1
    for label, value in _identity(card):
        lines.extend(
            line.replace(_NBSP, " ")
            for line in textwrap.wrap(
                _whole_nips(card, value),
                width,
                initial_indent=f"{label:<{label_width}}: ",
                subsequent_indent=" " * (label_width + 2),
            )
            or [f"{label:<{label_width}}:"]
        )
    lines += ["", t("report.section.hasil"), *breakdown_lines(card, width), ""]
    lines.append(t("report.section.umpan_balik"))
    if not card.komentar_atasan and not card.komentar_lain:
        lines.append(t("report.no_feedback"))
    for comment in card.komentar_atasan:
        lines.extend(wrapped(f"{t('report.from_atasan', nama=comment.penilai)}: {comment.teks}"))
    if card.komentar_lain:
        lines.append(t("report.from_others"))
        for text in card.komentar_lain:
            lines.extend(
                textwrap.wrap(text, width, initial_indent="• ", subsequent_indent="  ") or ["•"]
            )
    lines += ["", *_signature_text(card, width)]
    return "\n".join(lines)


def _signature_text(card: ReportCard, width: int) -> list[str]:
    half = width // 2
    place = f"{card.tempat or '……………'}, {card.tanggal}"
    left = ["", t("report.sign.pegawai"), "", "", "", card.nama, f"NIP {card.nip_tampil}"]
    right = [
        place,
        t("report.sign.penilai"),
        "",
        "",
        "",
        card.atasan_nama or "……………………………",
        f"NIP {card.atasan_nip}" if card.atasan_nip else "NIP ……………………",
    ]
    # The pegawai signs on the left, the pejabat penilai (with place and date) on the right.
    return [
        (_fit(a, half - 1) + " " + _fit(b, width - half)).rstrip()
        for a, b in zip(left, right, strict=True)
    ]


# --------------------------------------------------------------------------- html

_CSS: Final = """
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: "Times New Roman", Times, serif; font-size: 11.5pt; color: #000;
         max-width: 180mm; margin: 1.5em auto; line-height: 1.35; }
  h1 { font-size: 15pt; text-align: center; margin: 0; text-transform: uppercase; }
  .kantor { text-align: center; margin: .2em 0 1em; font-size: 12pt; }
  .draf { border: 2px solid #000; padding: .3em .6em; text-align: center; font-weight: bold; }
  h2 { font-size: 12pt; margin: 1.2em 0 .4em; border-bottom: 1px solid #000; }
  table { border-collapse: collapse; width: 100%; }
  table.data th, table.data td { border: 1px solid #000; padding: 2px 6px; }
  table.data th { background: #eee; }
  table.identitas td { padding: 1px 6px 1px 0; vertical-align: top; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  .hasil { font-size: 13pt; margin: .6em 0; }
  .rumus { margin: .4em 0; }
  ul.umpan { margin: .3em 0 .3em 1.2em; padding: 0; }
  table.ttd { margin-top: 2em; page-break-inside: avoid; }
  table.ttd td { width: 50%; vertical-align: top; padding: 0 1em; }
  .ruang { height: 5em; }
  .nama-ttd { font-weight: bold; text-decoration: underline; }
  @media print {
    body { margin: 0; max-width: none; }
    .layar { display: none; }
    h2, table.data, table.ttd { page-break-inside: avoid; }
    table.data th { background: #eee; print-color-adjust: exact; }
  }
"""


def _th(head: str, cls: str) -> str:
    attribute = f' class="{cls}"' if cls else ""
    return f"<th{attribute}>{html.escape(head)}</th>"


def render_html(card: ReportCard) -> str:
    """A self-contained printable HTML page; every value is escaped."""

    def e(value: object) -> str:
        return html.escape(str(value), quote=True)

    title = t("report.title")
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{e(card.bahasa)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)} — {e(card.nama)} — {e(card.periode_nama)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f'<p class="layar"><em>{e(t("report.print_hint"))}</em></p>',
        f"<h1>{e(title)}</h1>",
        f'<p class="kantor">{e(card.kantor)}</p>',
        *([f'<p class="draf">{e(draft_mark(card))}</p>'] if not card.final else []),
        '<table class="identitas">',
    ]
    for label, value in _identity(card):
        out.append(f"<tr><td>{e(label)}</td><td>:</td><td>{e(value)}</td></tr>")
    out.append("</table>")

    out.append(f"<h2>{e(t('report.section.hasil'))}</h2>")
    out.append(
        f'<p class="hasil">{e(t("report.nilai"))}: <strong>{e(card.nilai)}</strong> — '
        f"{e(t('report.predikat'))}: <strong>{e(card.predikat)}</strong></p>"
    )
    out.append(
        f"<p>{e(t('report.rank_office'))}: {e(card.peringkat_teks)}<br>"
        f"{e(t('report.rank_unit'))}: {e(card.peringkat_unit_teks)}</p>"
    )

    out.append(f"<h3>{e(t('report.section.kriteria'))}</h3>")
    out.append('<table class="data"><thead><tr>')
    heads = [
        (t("report.col.kriteria_nama"), ""),
        (t("report.col.bobot"), "num"),
        (t("report.col.porsi"), "num"),
        *((role_label(p, capitalized=True), "num") for p in ROLES),
        (t("report.col.gabungan"), "num"),
    ]
    out.extend(_th(head, cls) for head, cls in heads)
    out.append("</tr></thead><tbody>")
    for row in card.kriteria:
        cells = [row.bobot, row.porsi, *row.rerata, row.gabungan]
        out.append(
            f"<tr><td>{e(row.nama)}</td>"
            + "".join(f'<td class="num">{e(c)}</td>' for c in cells)
            + "</tr>"
        )
    out.append("</tbody></table>")

    out.append(f"<h3>{e(t('report.section.peran'))}</h3>")
    out.append('<table class="data"><thead><tr>')
    role_heads = [
        (t("report.col.peran"), ""),
        (t("report.col.jumlah"), "num"),
        (t("report.col.bobot"), "num"),
        (t("report.col.porsi_peran"), "num"),
        (t("report.col.skor_peran"), "num"),
    ]
    out.extend(_th(head, cls) for head, cls in role_heads)
    out.append("</tr></thead><tbody>")
    for role in card.peran:
        cells = [str(role.jumlah), role.bobot, role.porsi, role.skor]
        out.append(
            f"<tr><td>{e(role.label)}</td>"
            + "".join(f'<td class="num">{e(c)}</td>' for c in cells)
            + "</tr>"
        )
    out.append("</tbody></table>")
    out.append(
        f'<p class="rumus">{e(t("report.formula_s"))}<br>'
        f"{e(t('report.formula_f', f=card.skor_akhir))}<br>"
        f"{e(t('report.formula_nilai', f=card.skor_akhir, nilai=card.nilai))}</p>"
    )

    out.append(f"<h2>{e(t('report.section.umpan_balik'))}</h2>")
    if not card.komentar_atasan and not card.komentar_lain:
        out.append(f"<p>{e(t('report.no_feedback'))}</p>")
    for comment in card.komentar_atasan:
        out.append(
            f"<p><strong>{e(t('report.from_atasan', nama=comment.penilai))}:</strong> "
            f"{e(comment.teks)}</p>"
        )
    if card.komentar_lain:
        out.append(f"<p><strong>{e(t('report.from_others'))}</strong></p>")
        out.append('<ul class="umpan">')
        out.extend(f"<li>{e(text)}</li>" for text in card.komentar_lain)
        out.append("</ul>")

    place = f"{card.tempat or '……………'}, {card.tanggal}"
    penilai = card.atasan_nama or "……………………………"
    penilai_nip = card.atasan_nip or "……………………"
    out += [
        '<table class="ttd"><tr>',
        f"<td><br>{e(t('report.sign.pegawai'))}"
        f'<div class="ruang"></div><span class="nama-ttd">{e(card.nama)}</span>'
        f"<br>NIP {e(card.nip_tampil)}</td>",
        f"<td>{e(place)}<br>{e(t('report.sign.penilai'))}"
        f'<div class="ruang"></div><span class="nama-ttd">{e(penilai)}</span>'
        f"<br>NIP {e(penilai_nip)}</td>",
        "</tr></table>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def write_report(card: ReportCard, path: str | Path) -> Path:
    """Write the HTML report safely (``outfile.write_file``), replacing an earlier one.

    Returns the absolute path written, so the clerk can be told where to find it.
    """
    from models.outfile import write_file

    target = Path(path).expanduser()
    if target.is_dir():
        target = target / default_file_name(card)
    try:
        return write_file(target.absolute(), render_html(card).encode("utf-8"), force=True)
    except KinerjaError as err:
        if err.key == "outfile.write_failed":
            raise KinerjaError("report.write_failed", **err.params) from err
        raise
