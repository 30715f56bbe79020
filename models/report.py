"""The report card (laporan penilaian kinerja) of one employee for one period.

``report_card`` gathers everything an employee and the pejabat penilai sign: identity,
the period, the numbers behind the nilai (means per criterion and role, the weights as
they were actually used, F, nilai, predikat, rank) and the written feedback.

The rated employee sees the card, so it follows the anonymity rule (README, "The
official evaluation"): it never names a rater, and a role's breakdown and comments
appear only when at least ``min_penilai_anonim`` raters of that role were counted
(``visible_roles``).  Comments are sorted by text, so their order does not follow
entry order either.

The card is plain data with every number already formatted for the clerk's language;
``render_text`` turns it into lines for a terminal, ``models.documents`` into a PDF page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from fractions import Fraction
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
    """s[r], the criterion-weighted mean of the role (1..5), ``NONE`` or ``HIDDEN``."""
    tampil: bool
    """False when the role's numbers are withheld (``visible_roles``)."""


@dataclass(frozen=True, slots=True)
class CriterionRow:
    """One criterion: its weight, its share, the mean given by each role and the blend."""

    kode: str
    nama: str
    bobot: str
    porsi: str
    rerata: tuple[str, ...]
    """m[r][c] for each role in ``ROLES`` order; ``NONE`` where the role has no rating,
    ``HIDDEN`` where it is withheld."""
    gabungan: str
    """The role-weighted mean on this criterion (same role shares as F), ``NONE`` or
    ``HIDDEN``."""


@dataclass(frozen=True, slots=True)
class RoleComments:
    """The written feedback of one role with enough raters: no names, sorted by text."""

    peran: str
    label: str
    jumlah: int
    teks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Visibility:
    """What of one employee's 360 result the employee may see (``visible_roles``)."""

    skor: frozenset[str]
    """Roles whose scores (s[r], m[r][c]) are shown."""
    komentar: frozenset[str]
    """Roles whose comments are shown."""
    gabungan: bool
    """Whether the per-criterion blend is shown."""
    minimum: int


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
    draf: bool
    """The period is not closed yet: printed documents carry the DRAF mark."""
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
    komentar: tuple[RoleComments, ...]
    """Feedback of the roles with enough raters, in ``ROLES`` order."""
    min_penilai: int
    """Raters a role needs before its breakdown and comments are shown."""
    tempat: str
    tanggal: str

    @property
    def disembunyikan(self) -> bool:
        """Whether some number is withheld to keep the raters unknown."""
        return any(not row.tampil for row in self.peran) or any(
            row.gabungan == HIDDEN for row in self.kriteria
        )

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


HIDDEN: Final = "*"
"""Shown instead of a number withheld by the anonymity rule (explained in a footnote)."""

OTHERS: Final = ("atasan", "rekan", "bawahan")
"""The roles of people other than the employee: the ones anonymity protects."""


# --------------------------------------------------------------------------- anonymity


def visible_roles(line: ScoreLine, minimum: int) -> Visibility:
    """What the rated employee may see of the 360 result behind ``line``.

    A role of others shows its comments and its scores only with at least
    ``minimum`` counted raters; the self-assessment is the employee's own and
    always shown.  The nilai is always printed, so when exactly one role that
    enters F is withheld, its score could be worked back from F and the roles
    shown: then the shown role of others with the fewest raters is withheld
    too (complementary suppression).  The blend per criterion is withheld when
    a single withheld role would be all it is made of.
    """
    counted = {peran: line.peran[peran].jumlah for peran in ROLES}
    enough = {peran for peran in OTHERS if counted[peran] >= minimum}
    shown = enough | {peran for peran in ROLES if peran not in OTHERS}
    used = set(line.porsi_peran)
    withheld = {peran for peran in used & set(OTHERS) if peran not in shown}
    if len(withheld) == 1:
        others_shown = sorted(
            (peran for peran in used & set(OTHERS) if peran in shown),
            key=lambda peran: (counted[peran], ROLES.index(peran)),
        )
        if others_shown:
            shown.discard(others_shown[0])
            withheld.add(others_shown[0])
    return Visibility(
        skor=frozenset(shown),
        komentar=frozenset(enough),
        gabungan=len(withheld) != 1,
        minimum=minimum,
    )


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


def _shown_number(value: Fraction | None, shown: bool, lang: str, places: int = 2) -> str:
    if value is None:
        return NONE
    return _number(value, lang, places) if shown else HIDDEN


def _role_rows(line: ScoreLine, seen: Visibility, lang: str) -> tuple[RoleRow, ...]:
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
                skor=_shown_number(score.skor, peran in seen.skor, lang),
                tampil=peran in seen.skor or score.jumlah == 0,
            )
        )
    return tuple(rows)


def _criterion_rows(
    line: ScoreLine, criteria: Sequence[Mapping[str, Any]], seen: Visibility, lang: str
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
                rerata=tuple(
                    _shown_number(means[peran].get(kode), peran in seen.skor, lang)
                    for peran in ROLES
                ),
                gabungan=_shown_number(blended, seen.gabungan, lang),
            )
        )
    return tuple(rows)


def comments(
    ratings: Iterable[Mapping[str, Any]],
    line: ScoreLine,
    seen: Visibility,
    criteria: Sequence[Mapping[str, Any]],
    active: Container[str],
) -> tuple[RoleComments, ...]:
    """The feedback in ``ratings`` (those of ``line``'s employee) that ``seen`` lets through.

    Exactly the ratings behind the numbers: complete, from raters ``active`` in
    the period.  No names; sorted by text, so entry order gives no writer away.
    """
    by_role: dict[str, list[str]] = {peran: [] for peran in OTHERS if peran in seen.komentar}
    if not by_role:
        return ()
    for rating in ratings:
        texts = by_role.get(str(rating.get("peran")))
        text = " ".join(str(rating.get("catatan") or "").split())
        if texts is None or not text or str(rating.get("nip_penilai")) not in active:
            continue
        if is_counted(rating, criteria):
            texts.append(printable(text))
    return tuple(
        RoleComments(
            peran=peran,
            label=role_label(peran, capitalized=True),
            jumlah=line.peran[peran].jumlah,
            teks=tuple(sorted(texts, key=lambda s: (s.casefold(), s))),
        )
        for peran, texts in by_role.items()
        if texts
    )


def min_raters(office: Office) -> int:
    """The office's ``min_penilai_anonim`` setting."""
    from models import evaluations

    return int(evaluations.settings(office)["min_penilai_anonim"])


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
    return report_cards(office, kode, [nip], tanggal=tanggal, tempat=tempat)[0]


BULK_RATINGS: Final = 20
"""From this many cards the period's ratings are read once rather than per employee."""


def report_cards(
    office: Office,
    kode: str,
    nips: Sequence[str],
    *,
    tanggal: dt.date | None = None,
    tempat: str | None = None,
) -> list[ReportCard]:
    """The report cards of ``nips`` (a unit, the whole office), in that order.

    What every card shares (the period, its results, the settings) is read once,
    so the time grows with the number of cards, not with its square.
    """
    lang = get_language()
    period = office.period(kode)
    result = office.results(kode)
    criteria = office.criteria_of(kode)
    people = office.employees_by_nip()
    minimum = min_raters(office)
    settings = office.settings()
    ranked = Counter(ln.unit for ln in result.lines if ln.peringkat is not None)
    mulai, selesai = period_dates(period)
    status = str(period.get("status", ""))
    grouped: dict[str, list[Mapping[str, Any]]] | None = None
    if len(nips) >= BULK_RATINGS:
        grouped = defaultdict(list)
        for rating in office.ratings(kode):
            grouped[str(rating["nip_dinilai"])].append(rating)
    kantor = str(settings.get("nama_kantor", ""))
    place = tempat if tempat is not None else str(settings.get("tempat") or "")
    signed = format_date_long(tanggal or dt.date.today(), lang)
    cards: list[ReportCard] = []
    for nip in nips:
        emp = office.employee(nip)
        line = result.by_nip.get(nip)
        if line is None:
            raise NotFoundError("report.no_result", nama=emp["nama"], kode=kode)
        atasan = people.get(str(emp.get("atasan_nip") or ""))
        seen = visible_roles(line, minimum)
        if grouped is not None:
            ratings: Sequence[Mapping[str, Any]] = grouped.get(nip, [])
        else:
            ratings = office.store.ratings_of(kode, nip)
        card = ReportCard(
            bahasa=lang,
            kantor=kantor,
            periode_kode=kode,
            periode_nama=str(period.get("nama", kode)),
            periode_mulai=format_date_long(mulai, lang),
            periode_selesai=format_date_long(selesai, lang),
            periode_status=period_status_label(status),
            draf=status != "ditutup",
            jumlah_peringkat=sum(ranked.values()),
            min_penilai=minimum,
            tempat=place,
            tanggal=signed,
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
            peran=_role_rows(line, seen, lang),
            kriteria=_criterion_rows(line, criteria, seen, lang),
            skor_akhir=_number(line.skor_akhir, lang, 4),
            nilai=format_decimal(line.nilai, lang) if line.nilai is not None else NONE,
            nilai_angka=line.nilai,
            predikat=predikat_label(line.predikat),
            lengkap=line.lengkap,
            peringkat=line.peringkat,
            peringkat_unit=line.peringkat_unit,
            jumlah_unit=ranked[line.unit],
            alasan=tuple(line.alasan),
            komentar=comments(ratings, line, seen, criteria, result.by_nip),
        )
        # Stored text is printed on a terminal too (render_text): shown, never obeyed.
        cards.append(
            _shown(
                card,
                kriteria=tuple(map(_shown, card.kriteria)),
                alasan=tuple(map(printable, card.alasan)),
            )
        )
    return cards


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


# --------------------------------------------------------------------------- text


def _fit(text: str, width: int) -> str:
    """Cut to ``width`` characters with an ellipsis, then pad."""
    if len(text) > width:
        text = text[: max(width - 1, 0)] + "…"
    return text.ljust(width)


def hidden_note(card: ReportCard) -> str:
    """The footnote explaining ``HIDDEN`` (printed when something is withheld)."""
    return t("report.hidden_note", mark=HIDDEN, min=card.min_penilai)


def feedback_note(card: ReportCard) -> str | None:
    """Why a role's comments are not shown, when some role has too few raters."""
    few = [
        row.label for row in card.peran if row.peran in OTHERS and 0 < row.jumlah < card.min_penilai
    ]
    if not few:
        return None
    return t("report.feedback_withheld", roles=", ".join(few), min=card.min_penilai)


def breakdown_lines(card: ReportCard, width: int = 76) -> list[str]:
    """The numbers behind the nilai as fixed-width lines, step by step as in SPEC 3."""
    import textwrap

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
    if card.disembunyikan:
        lines.extend(textwrap.wrap(hidden_note(card), width))
    lines.append("")
    lines.append(t("report.formula_s"))
    lines.append(t("report.formula_f", f=card.skor_akhir))
    lines.append(t("report.formula_nilai", f=card.skor_akhir, nilai=card.nilai))
    lines.append(f"{t('report.predikat')}: {card.predikat}")
    lines.append(f"{t('report.rank_office')}: {card.peringkat_teks}")
    lines.append(f"{t('report.rank_unit')}: {card.peringkat_unit_teks}")
    return lines


def identity_fields(card: ReportCard) -> list[tuple[str, str]]:
    """The card's identity block as (label, value) pairs, for the text and the PDF."""
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


def comments_heading(group: RoleComments) -> str:
    """``Rekan (4 penilai, tanpa nama):``."""
    return t("report.from_role", peran=group.label, count=group.jumlah)


def draft_mark(card: ReportCard) -> str:
    """ "DRAF — periode 2026-S2 masih terbuka: …", or "" for a closed period's report."""
    if not card.draf:
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
    if card.draf:
        lines += [*wrapped(draft_mark(card)), ""]
    label_width = max(len(label) for label, _ in identity_fields(card)) + 1
    for label, value in identity_fields(card):
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
    if not card.komentar:
        lines.append(t("report.no_feedback"))
    for group in card.komentar:
        lines.append(comments_heading(group))
        for text in group.teks:
            lines.extend(
                textwrap.wrap(text, width, initial_indent="• ", subsequent_indent="  ") or ["•"]
            )
    note = feedback_note(card)
    if note:
        lines.extend(wrapped(note))
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
