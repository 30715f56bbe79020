"""The words shown for stored codes, in the clerk's language: one home for every label.

A record stores codes (``atasan``, ``terbuka``, ``Baik``, ``e-learning``); the CLI,
the TUI and the reports show them through these functions, so a code reads the same
everywhere and in both languages.  Each kind of code has its own function because the
same code can mean different things (``draf`` is a period status and a sheet status).
An unknown code is shown as it is stored rather than as a catalog key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.i18n import DEFAULT_LANGUAGE, catalog, t

NONE = "–"
"""Shown where a value does not exist (a role nobody rated in, no predikat before the nilai)."""


def _label(group: str, code: str) -> str:
    key = f"label.{group}.{code}"
    text = t(key)
    return code if text == key else text


def role_label(peran: str, *, capitalized: bool = False) -> str:
    """A rater's role: "atasan" in a sentence, "Atasan" as a column heading."""
    label = _label("role", peran)
    return label[:1].upper() + label[1:] if capitalized else label


def period_status_label(status: str) -> str:
    """draf / terbuka / ditutup (draft / open / closed)."""
    return _label("period_status", status)


def period_kind_label(jenis: str) -> str:
    """Bulanan, Triwulan, Semester, Tahunan."""
    return _label("period_kind", jenis)


def employee_status_label(aktif: bool) -> str:
    """aktif / nonaktif (active / inactive)."""
    return t("label.employee_status.aktif" if aktif else "label.employee_status.nonaktif")


def sheet_status_label(status: str) -> str:
    """A rating row on an entry sheet: draf or lengkap; an empty row shows nothing."""
    return _label("sheet_status", status) if status else ""


def workshop_kind_label(jenis: str) -> str:
    """Pelatihan, Workshop, Seminar, ... (Training, Workshop, ...)."""
    return _label("workshop_kind", jenis)


def repeat_label(ulang: str) -> str:
    """How a workshop's sessions repeat: Tidak berulang, Harian, Mingguan, Bulanan."""
    return _label("repeat", ulang)


def participation_label(status: str) -> str:
    """Someone's place in a workshop: peserta, antrian (waiting list) or keluar (withdrew)."""
    return _label("participation", status)


ATTENDANCE = ("hadir", "izin", "sakit", "alpa")
"""The attendance statuses of a workshop session, in the order the keys are listed."""


def attendance_code(status: str) -> str:
    """The one letter (lower case) that marks an attendance status and is typed to set it:
    h/i/s/a in Indonesian (hadir, izin, sakit, alpa), p/e/s/a in English."""
    return _label("attendance_code", status)


def predikat_label(predikat: str | None) -> str:
    """The predikat band (Sangat Baik .. Sangat Kurang) in the UI language; NONE when absent."""
    if predikat is None:
        return NONE
    key = "label.predikat." + predikat.lower().replace(" ", "_")
    text = t(key)
    return predikat if text == key else text


def position_kind_label(jenis_jabatan: str) -> str:
    """The kind of position (jenis jabatan): the official Indonesian class in Indonesian,
    explained in English ("Pelaksana (executive staff)"); files keep the class itself."""
    return _label("position_kind", jenis_jabatan)


def gender_label(code: str) -> str:
    """Laki-laki / Perempuan from the NIP's L or P."""
    return t("label.gender.L") if code == "L" else t("label.gender.P")


def evaluation_rating_label(code: str | None, *, short: bool = False) -> str:
    """Hasil or perilaku kerja: Di atas / Sesuai / Di bawah ekspektasi; NONE when not given.

    ``short`` drops "ekspektasi" (a column of a long list).
    """
    if code is None:
        return NONE
    return _label("evaluation_rating_short" if short else "evaluation_rating", code)


def evaluation_rating_key(code: str) -> str:
    """The one letter (lower case) typed to give a rating in the evaluation grid:
    a/s/b in Indonesian (di atas, sesuai, di bawah), a/m/b in English (above, meets, below)."""
    return _label("evaluation_key", code)


def official_predikat_label(code: str | None) -> str:
    """The official predikat kinerja (Sangat Baik .. Sangat Kurang, Kurang/Misconduct)."""
    return NONE if code is None else _label("official_predikat", code)


def organisation_label(code: str | None) -> str:
    """The organisation's predikat (Istimewa .. Sangat Kurang); NONE when not set."""
    return NONE if code is None else _label("organisation", code)


def _preset(key: str, stored: str) -> str:
    """The catalog text of ``key`` when ``stored`` is still the preset's own Indonesian
    wording (``models.criteria`` presets), else ``stored`` as the office typed it."""
    preset = catalog(DEFAULT_LANGUAGE).get(key)
    return t(key) if preset is not None and preset == stored else stored


def criterion_label(criterion: Mapping[str, Any]) -> str:
    """A criterion's name: a preset criterion (the default three, the BerAKHLAK values)
    reads in the clerk's language; a name the office typed is shown as typed."""
    kode = str(criterion.get("kode") or "")
    nama = str(criterion.get("nama") or kode)
    return _preset(f"label.criterion.{kode}", nama)


def criterion_short_label(criterion: Mapping[str, Any]) -> str | None:
    """One word for a preset criterion's column heading ("Komunikasi"); None for a
    criterion the office named itself."""
    kode = str(criterion.get("kode") or "")
    preset = catalog(DEFAULT_LANGUAGE).get(f"label.criterion.{kode}")
    if preset is None or preset != criterion.get("nama"):
        return None
    return t(f"label.criterion_short.{kode}")


def criterion_guides(criterion: Mapping[str, Any]) -> list[str]:
    """A criterion's behaviour guides, a preset's in the clerk's language."""
    kode = str(criterion.get("kode") or "")
    guides = criterion.get("panduan") or []
    return [
        _preset(f"label.criterion_guide.{kode}.{n}", str(guide))
        for n, guide in enumerate(guides, start=1)
    ]
