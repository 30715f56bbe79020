"""Review periods: their dates, names and the draf -> terbuka -> ditutup life cycle.

A period copies the office's criteria when it opens, so a later change to the
criteria never alters a period already being scored or closed.  Reopening a
closed period is possible but must be asked for explicitly (and the caller
audits it), because it makes published results editable again.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from models.criteria import validate_criteria
from models.dates import format_date_short, parse_date, parse_iso
from models.errors import ValidationError
from models.labels import period_status_label
from models.text import one_line

Period = dict[str, Any]

PERIOD_KINDS = ("bulanan", "triwulan", "semester", "tahunan")
PERIOD_MONTHS: dict[str, int] = {"bulanan": 1, "triwulan": 3, "semester": 6, "tahunan": 12}

STATUSES = ("draf", "terbuka", "ditutup")
_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {("draf", "terbuka"), ("terbuka", "ditutup"), ("ditutup", "terbuka")}
)
"""Allowed status changes; ditutup -> terbuka (reopen) also needs confirmation."""

CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,19}", re.ASCII)
"""1-20 letters, digits and hyphens; never a leading hyphen, which reads as a CLI option."""
NAME_MAX = 100

_ROMAN = ("I", "II", "III", "IV")
_MONTH_NAMES_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_KIND_LABELS_ID = {
    "bulanan": "Bulanan",
    "triwulan": "Triwulan",
    "semester": "Semester",
    "tahunan": "Tahunan",
}


def validate_kind(jenis: str) -> str:
    """The period kind in canonical lower case, or a ValidationError listing the kinds."""
    cleaned = str(jenis).strip().lower()
    if cleaned not in PERIOD_KINDS:
        raise ValidationError(
            "period.kind_invalid", field="jenis", jenis=jenis, known=", ".join(PERIOD_KINDS)
        )
    return cleaned


def period_end(jenis: str, start: dt.date) -> dt.date:
    """The last day of a period of kind ``jenis`` starting on ``start``.

    Rule: start + N months - 1 day (N = 1, 3, 6, 12), using relativedelta, which
    clamps to the end of a shorter month.  So a bulanan period from 1 January
    ends 31 January, while one from 31 January ends 27 February (28 February in
    a leap year), because 31 January + 1 month is clamped to the last day of
    February.  Consecutive periods built this way never overlap or leave gaps.
    The end date stays editable for offices that count differently.
    """
    from dateutil.relativedelta import relativedelta

    months = PERIOD_MONTHS[validate_kind(jenis)]
    end: dt.date = start + relativedelta(months=months) - relativedelta(days=1)
    return end


def validate_period_code(kode: str) -> str:
    """The trimmed period code (e.g. 2026-S1, 2026-01, 2026-Q2, 2026), or a ValidationError."""
    cleaned = str(kode).strip()
    if not CODE_PATTERN.fullmatch(cleaned):
        raise ValidationError("period.code_invalid", field="kode", kode=kode)
    return cleaned


def default_period_name(jenis: str, start: dt.date, end: dt.date | None = None) -> str:
    """A readable name from the period's real dates, in Bahasa Indonesia.

    A period that is exactly a half, quarter, month or year of the calendar gets
    its usual name ("Semester II 2026", "Triwulan I 2027", "Maret 2027", "Tahun
    2027"); any other gets its kind and dates ("Semester 1 Maret – 31 Agustus
    2027"), so the name never claims a span the dates do not have.  Names are
    office records, written like the office's own documents, so they do not
    follow the UI language.
    """
    kind = validate_kind(jenis)
    end = period_end(kind, start) if end is None else end
    if start.day == 1 and end == period_end(kind, start):
        if kind == "semester" and start.month in (1, 7):
            return f"Semester {_ROMAN[start.month // 7]} {start.year}"
        if kind == "triwulan" and start.month in (1, 4, 7, 10):
            return f"Triwulan {_ROMAN[(start.month - 1) // 3]} {start.year}"
        if kind == "bulanan":
            return f"{_MONTH_NAMES_ID[start.month - 1]} {start.year}"
        if kind == "tahunan" and start.month == 1:
            return f"Tahun {start.year}"
    return f"{_KIND_LABELS_ID[kind]} {_span(start, end)}"


def _span(start: dt.date, end: dt.date) -> str:
    """ "1 Maret – 31 Agustus 2027", with the start's year only when the years differ."""
    first = f"{start.day} {_MONTH_NAMES_ID[start.month - 1]}"
    if start.year != end.year:
        first += f" {start.year}"
    return f"{first} – {end.day} {_MONTH_NAMES_ID[end.month - 1]} {end.year}"


def overlapping(period: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> Period | None:
    """Another period of the same kind whose dates overlap ``period``'s, if any.

    Two semesters (or two quarters, ...) at once would make "the semester" of a
    date ambiguous for every report; periods of different kinds may overlap.
    """
    start, end = period_dates(period)
    for other in others:
        if other["kode"] == period["kode"] or other["jenis"] != period["jenis"]:
            continue
        other_start, other_end = period_dates(other)
        if start <= other_end and other_start <= end:
            return dict(other)
    return None


def refuse_overlap(period: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> None:
    """A ValidationError naming the period of the same kind that ``period`` overlaps."""
    other = overlapping(period, others)
    if other is None:
        return
    start, end = period_dates(other)
    raise ValidationError(
        "period.overlap",
        field="tanggal_mulai",
        kode=period["kode"],
        jenis=period["jenis"],
        lain=other["kode"],
        nama_lain=other["nama"],
        mulai=format_date_short(start),
        selesai=format_date_short(end),
    )


def _as_date(value: dt.date | str, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(value, field=field)


def new_period(
    kode: str,
    jenis: str,
    mulai: dt.date | str,
    nama: str | None = None,
    selesai: dt.date | str | None = None,
) -> Period:
    """A validated draft period record (status "draf", no criteria yet).

    ``mulai``/``selesai`` may be dates or text as a clerk types it (27-11-2026);
    ``selesai`` defaults to ``period_end(jenis, mulai)`` and ``nama`` to
    ``default_period_name`` of the dates.
    """
    code = validate_period_code(kode)
    kind = validate_kind(jenis)
    start = _as_date(mulai, "tanggal_mulai")
    end = period_end(kind, start) if selesai is None else _as_date(selesai, "tanggal_selesai")
    if end < start:
        raise ValidationError(
            "period.end_before_start",
            field="tanggal_selesai",
            mulai=format_date_short(start),
            selesai=format_date_short(end),
        )
    name = one_line(nama or "", "nama") or default_period_name(kind, start, end)
    if len(name) > NAME_MAX:
        raise ValidationError("period.name_too_long", field="nama", max=NAME_MAX)
    return {
        "kode": code,
        "nama": name,
        "jenis": kind,
        "tanggal_mulai": start.isoformat(),
        "tanggal_selesai": end.isoformat(),
        "status": "draf",
        "kriteria": [],
    }


def period_dates(period: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
    """The stored start and end of a period as dates."""
    return (
        parse_iso(period["tanggal_mulai"], field="tanggal_mulai"),
        parse_iso(period["tanggal_selesai"], field="tanggal_selesai"),
    )


def can_transition(old: str, new: str) -> bool:
    """Whether ``old`` -> ``new`` is a step of the life cycle (reopen still needs confirm)."""
    return (old, new) in _TRANSITIONS


def transition(
    period: Mapping[str, Any],
    new_status: str,
    criteria_snapshot: Sequence[Mapping[str, Any]] | None = None,
    *,
    confirm: bool = False,
) -> Period:
    """A copy of ``period`` moved to ``new_status``; the input is left untouched.

    - draf -> terbuka: ``criteria_snapshot`` (the office's current criteria) is
      validated and deep-copied into ``kriteria``, so later edits to the office
      settings cannot reach the period.
    - terbuka -> ditutup: closes the period; the results become read-only.
    - ditutup -> terbuka: reopening; refused unless ``confirm=True``.  The
      snapshot taken at the first opening is kept, whatever is passed.
    Anything else raises ValidationError.
    """
    kode = period.get("kode", "")
    old = period.get("status", "")
    if new_status not in STATUSES:
        raise ValidationError(
            "period.status_unknown",
            field="status",
            status=new_status,
            known=", ".join(STATUSES),
        )
    if old == new_status:
        raise ValidationError(
            "period.status_already", field="status", kode=kode, status=period_status_label(old)
        )
    if not can_transition(old, new_status):
        raise ValidationError(
            "period.transition_refused",
            field="status",
            kode=kode,
            old=period_status_label(old),
            new=period_status_label(new_status),
        )
    if (old, new_status) == ("ditutup", "terbuka") and not confirm:
        raise ValidationError("period.reopen_needs_confirm", field="status", kode=kode)

    result: Period = copy.deepcopy(dict(period))
    result["status"] = new_status
    if (old, new_status) == ("draf", "terbuka"):
        if criteria_snapshot is None:
            raise ValidationError("period.criteria_required", field="kriteria", kode=kode)
        result["kriteria"] = validate_criteria(criteria_snapshot)
    return result


def ensure_open_for_entry(period: Mapping[str, Any]) -> None:
    """Raise ValidationError unless ratings may be entered in ``period`` (status terbuka)."""
    status = period.get("status")
    kode = period.get("kode", "")
    if status == "terbuka":
        return
    if status == "draf":
        raise ValidationError("period.entry_draft", field="periode", kode=kode)
    if status == "ditutup":
        raise ValidationError("period.entry_closed", field="periode", kode=kode)
    raise ValidationError(
        "period.status_unknown", field="periode", status=status, known=", ".join(STATUSES)
    )
