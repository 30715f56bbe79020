"""The words shown for stored codes, in the clerk's language: one home for every label.

A record stores codes (``atasan``, ``terbuka``, ``Baik``, ``e-learning``); the CLI,
the TUI and the reports show them through these functions, so a code reads the same
everywhere and in both languages.  Each kind of code has its own function because the
same code can mean different things (``draf`` is a period status and a sheet status).
An unknown code is shown as it is stored rather than as a catalog key.
"""

from __future__ import annotations

from models.i18n import t

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


def predikat_label(predikat: str | None) -> str:
    """The predikat band (Sangat Baik .. Sangat Kurang) in the UI language; NONE when absent."""
    if predikat is None:
        return NONE
    key = "label.predikat." + predikat.lower().replace(" ", "_")
    text = t(key)
    return predikat if text == key else text


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


def official_predikat_label(code: str | None) -> str:
    """The official predikat kinerja (Sangat Baik .. Sangat Kurang, Kurang/Misconduct)."""
    return NONE if code is None else _label("official_predikat", code)


def organisation_label(code: str | None) -> str:
    """The organisation's predikat (Istimewa .. Sangat Kurang); NONE when not set."""
    return NONE if code is None else _label("organisation", code)
