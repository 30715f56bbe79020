"""Golongan (grade), pangkat (rank title) and jenis jabatan (position type).

PNS grades run I/a .. IV/e and each has a pangkat name; PPPK grades are the
Roman numerals I .. XVII and carry no pangkat.  Input is accepted in any case
and with or without the slash or spaces ("iii a", "III / A"), because clerks
copy it from many kinds of paper.
"""

from __future__ import annotations

import re

from models.errors import ValidationError
from models.nip import normalize_jenis_asn

PANGKAT: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
GOLONGAN_PNS: tuple[str, ...] = tuple(PANGKAT)
GOLONGAN_PPPK: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)  # fmt: skip
JENIS_JABATAN: tuple[str, ...] = ("Pelaksana", "Fungsional", "Pengawas", "Administrator", "JPT")

_PNS_PATTERN = re.compile(r"(IV|III|II|I)\s*/?\s*([A-E])")


def golongan_options(jenis_asn: str) -> tuple[str, ...]:
    """The grades a form offers for ``jenis_asn``, lowest first."""
    return GOLONGAN_PNS if normalize_jenis_asn(jenis_asn) == "PNS" else GOLONGAN_PPPK


def normalize_golongan(text: str, jenis_asn: str) -> str:
    """The canonical grade (``"III/a"``, ``"IX"``) for ``text``, or a ValidationError."""
    jenis = normalize_jenis_asn(jenis_asn)
    value = text.strip()
    if not value:
        raise ValidationError("golongan.required", field="golongan")
    compact = value.upper()
    if jenis == "PNS":
        match = _PNS_PATTERN.fullmatch(compact)
        if match:
            candidate = f"{match.group(1)}/{match.group(2).lower()}"
            if candidate in PANGKAT:
                return candidate
        raise ValidationError("golongan.unknown_pns", field="golongan", value=value)
    candidate = "".join(compact.split())
    if candidate in GOLONGAN_PPPK:
        return candidate
    raise ValidationError("golongan.unknown_pppk", field="golongan", value=value)


def pangkat(golongan: str, jenis_asn: str) -> str:
    """The pangkat name of a PNS grade (``"III/a"`` -> ``"Penata Muda"``); ``""`` for PPPK."""
    if normalize_jenis_asn(jenis_asn) == "PPPK":
        return ""
    return PANGKAT[normalize_golongan(golongan, "PNS")]


def normalize_jenis_jabatan(text: str) -> str:
    """The canonical position type for ``text``, matched without regard to case."""
    value = " ".join(text.split())
    if not value:
        raise ValidationError("golongan.jenis_jabatan_required", field="jenis_jabatan")
    for option in JENIS_JABATAN:
        if option.casefold() == value.casefold():
            return option
    raise ValidationError(
        "golongan.jenis_jabatan_unknown",
        field="jenis_jabatan",
        value=value,
        options=", ".join(JENIS_JABATAN),
    )
