"""The workshop form's text fields turned into workshop data, and back.

The TUI's form stays a thin layer: what a clerk types ("03-12-2026", "9.30", "tiap
minggu sampai ...") is parsed and checked here, where it is tested without a terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from models import workshop as rules
from models.dates import format_date_long, format_date_short, parse_date
from models.errors import ValidationError
from models.i18n import get_language

Record = dict[str, Any]

FORM_FIELDS = (
    "judul",
    "jenis",
    "kriteria",
    "penyelenggara",
    "tempat",
    "kapasitas",
    "jp_per_sesi",
    "tanggal",
    "jam",
    "durasi",
    "ulang",
    "jumlah",
    "sampai",
    "kecuali",
)
"""The workshop form's fields, in the order the form shows them."""

_ERROR_FIELD = {
    "jadwal.mulai": "tanggal",
    "jadwal.durasi_menit": "durasi",
    "jadwal.ulang": "ulang",
    "jadwal.jumlah": "jumlah",
    "jadwal.sampai": "sampai",
    "jadwal.kecuali": "kecuali",
    "sesi": "tanggal",
}
"""Schedule errors name the stored key; the form shows them beside the field typed in."""

_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?")


def parse_time(text: str, *, field: str = "jam") -> dt.time:
    """A start time as typed: "09:00", "9.30" or just "9"."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ValidationError("training.jam_invalid", field=field, value=text.strip())
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        raise ValidationError("training.jam_invalid", field=field, value=text.strip())
    return dt.time(hour, minute)


def parse_moment(text: str, *, field: str = "mulai") -> dt.datetime:
    """A session start typed as "03-12-2026 09:00" (date first, then the time)."""
    parts = text.strip().rsplit(" ", 1)
    if len(parts) != 2:
        raise ValidationError("training.moment_invalid", field=field, value=text.strip())
    day = parse_date(parts[0], field=field)
    return dt.datetime.combine(day, parse_time(parts[1], field=field))


def form_jadwal(values: Mapping[str, str]) -> dict[str, Any]:
    """The schedule described by the form's text fields (not yet checked by the rules)."""
    tanggal = parse_date(values.get("tanggal", ""), field="tanggal")
    jam = parse_time(values.get("jam", ""), field="jam")
    ulang = values.get("ulang", "tidak").strip() or "tidak"
    jumlah: str | None = None
    sampai: str | None = None
    if ulang != "tidak":
        jumlah = values.get("jumlah", "").strip() or None
        sampai_text = values.get("sampai", "").strip()
        if sampai_text:
            sampai_day = parse_date(sampai_text, field="sampai")
            if sampai_day < tanggal:
                lang = get_language()
                raise ValidationError(
                    "training.sampai_before_mulai",
                    field="sampai",
                    sampai=format_date_long(sampai_day, lang),
                    mulai=format_date_long(tanggal, lang),
                )
            sampai = sampai_day.isoformat()
    kecuali = [
        parse_date(part, field="kecuali").isoformat()
        for part in values.get("kecuali", "").split(",")
        if part.strip()
    ]
    return {
        "mulai": dt.datetime.combine(tanggal, jam).isoformat(timespec="minutes"),
        "durasi_menit": values.get("durasi", "").strip(),
        "ulang": ulang,
        "jumlah": jumlah,
        "sampai": sampai,
        "kecuali": kecuali,
    }


def form_data(values: Mapping[str, str]) -> Record:
    """Workshop data for ``create_workshop``/``edit_workshop`` from the form's text fields."""
    jadwal = form_jadwal(values)
    return {
        "judul": values.get("judul", ""),
        "jenis": values.get("jenis", ""),
        "kriteria": values.get("kriteria", ""),
        "penyelenggara": values.get("penyelenggara", ""),
        "tempat": values.get("tempat", ""),
        "kapasitas": values.get("kapasitas", "").strip(),
        "jp_per_sesi": values.get("jp_per_sesi", "").strip(),
        "jadwal": jadwal,
    }


def preview_sessions(
    values: Mapping[str, str], current: Mapping[str, Any] | None = None
) -> list[Record]:
    """The sessions the form's schedule would give, as saving would store them.

    When editing and the schedule is unchanged, the stored sessions are shown, so
    sessions moved or cancelled one by one appear as they are.
    """
    jadwal = rules.clean_jadwal(form_jadwal(values))
    if current is not None and jadwal == current.get("jadwal"):
        return [dict(s) for s in current["sesi"]]
    return rules.generate_sessions(jadwal)


def form_values(ws: Mapping[str, Any] | None) -> dict[str, str]:
    """The form's text fields for an existing workshop, or the defaults for a new one."""
    if ws is None:
        return {
            "judul": "",
            "jenis": "pelatihan",
            "kriteria": "",
            "penyelenggara": "",
            "tempat": "",
            "kapasitas": "20",
            "jp_per_sesi": "2",
            "tanggal": "",
            "jam": "08:00",
            "durasi": "90",
            "ulang": "tidak",
            "jumlah": "",
            "sampai": "",
            "kecuali": "",
        }
    jadwal = ws["jadwal"]
    mulai = dt.datetime.fromisoformat(str(jadwal["mulai"]))
    return {
        "judul": str(ws["judul"]),
        "jenis": str(ws["jenis"]),
        "kriteria": str(ws.get("kriteria") or ""),
        "penyelenggara": str(ws.get("penyelenggara") or ""),
        "tempat": str(ws.get("tempat") or ""),
        "kapasitas": str(ws["kapasitas"]),
        "jp_per_sesi": str(ws["jp_per_sesi"]),
        "tanggal": format_date_short(mulai.date()),
        "jam": mulai.strftime("%H:%M"),
        "durasi": str(jadwal["durasi_menit"]),
        "ulang": str(jadwal["ulang"]),
        "jumlah": "" if jadwal.get("jumlah") is None else str(jadwal["jumlah"]),
        "sampai": ""
        if not jadwal.get("sampai")
        else format_date_short(dt.date.fromisoformat(str(jadwal["sampai"]))),
        "kecuali": ", ".join(
            format_date_short(dt.date.fromisoformat(str(day))) for day in jadwal.get("kecuali", ())
        ),
    }


def form_field(error: ValidationError) -> str | None:
    """The form field an error belongs beside."""
    if error.field is None:
        return None
    return _ERROR_FIELD.get(error.field, error.field)
