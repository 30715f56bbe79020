"""NIP (Nomor Induk Pegawai): the 18-digit civil-servant number and what it encodes.

A PNS NIP reads ``YYYYMMDD YYYYMM G NNN``: birth date, CPNS appointment year and
month, gender digit (1 = male, 2 = female) and a sequence number.  A PPPK NIP has
the same length, birth date, gender digit and sequence, but digits 9-14 follow a
different scheme and are not read as an appointment month.  Checking every part
catches the typing slips clerks make when copying NIPs from paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from models.errors import ValidationError

JENIS_ASN = ("PNS", "PPPK")
NIP_LENGTH = 18
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class NipInfo:
    """What a valid NIP tells about its holder."""

    tanggal_lahir: date
    tmt_cpns: date | None
    """First day of the CPNS appointment month; ``None`` for PPPK."""
    jenis_kelamin: Literal["L", "P"]
    urutan: int


def normalize_jenis_asn(value: object) -> str:
    """``"pns"`` or ``" PPPK "`` as the canonical ``"PNS"`` / ``"PPPK"``."""
    text = value.strip().upper() if isinstance(value, str) else ""
    if not text:
        raise ValidationError("nip.jenis_asn_required", field="jenis_asn")
    if text not in JENIS_ASN:
        raise ValidationError("nip.jenis_asn_invalid", field="jenis_asn", value=str(value).strip())
    return text


def normalize_nip(text: str, *, field: str = "nip") -> str:
    """The NIP without spaces, checked to be exactly 18 digits.

    ``field`` lets the same rule report on ``atasan_nip`` with wording that names
    the supervisor's NIP rather than the employee's own.
    """
    prefix = "nip.atasan_" if field == "atasan_nip" else "nip."
    digits = "".join(text.split())
    if not digits:
        raise ValidationError(prefix + "required", field=field)
    bad = next((char for char in digits if char not in _DIGITS), None)
    if bad is not None:
        raise ValidationError(prefix + "not_digits", field=field, char=bad)
    if len(digits) != NIP_LENGTH:
        raise ValidationError(prefix + "length", field=field, count=len(digits))
    return digits


def validate_nip(nip: str, jenis_asn: str) -> NipInfo:
    """Check every part of ``nip`` for an employee of ``jenis_asn`` and decode it.

    The first wrong part is reported, named in the message, so the clerk knows
    which group of digits to compare with the paper form.
    """
    digits = normalize_nip(nip)
    jenis = normalize_jenis_asn(jenis_asn)

    lahir_text = digits[:8]
    try:
        lahir = date(int(lahir_text[:4]), int(lahir_text[4:6]), int(lahir_text[6:8]))
    except ValueError:
        raise ValidationError("nip.birth_invalid", field="nip", value=lahir_text) from None

    tmt: date | None = None
    if jenis == "PNS":
        year, month = int(digits[8:12]), int(digits[12:14])
        if not 1 <= month <= 12:
            raise ValidationError("nip.month_invalid", field="nip", month=digits[12:14])
        # Compared by month: the appointment month may not precede the month of
        # the 18th birthday (TMT is always the first of a month).
        if (year, month) < (lahir.year + 18, lahir.month):
            raise ValidationError(
                "nip.appointment_too_early",
                field="nip",
                value=f"{digits[8:12]}-{digits[12:14]}",
            )
        tmt = date(year, month, 1)

    gender_digit = digits[14]
    if gender_digit not in ("1", "2"):
        raise ValidationError("nip.gender_invalid", field="nip", digit=gender_digit)
    jenis_kelamin: Literal["L", "P"] = "L" if gender_digit == "1" else "P"

    urutan = int(digits[15:])
    if urutan == 0:
        raise ValidationError("nip.sequence_invalid", field="nip", value=digits[15:])

    return NipInfo(tanggal_lahir=lahir, tmt_cpns=tmt, jenis_kelamin=jenis_kelamin, urutan=urutan)


PPPK_MARK = "21"
"""Digits 13-14 of a PPPK NIP: where a PNS NIP has the appointment month, BKN puts 21."""


def jenis_for_nip(nip: str) -> str | None:
    """PNS or PPPK as the NIP alone tells it, or None when it cannot tell (or fits neither).

    A NIP valid as PNS is taken as PNS.  One with the PPPK mark (21 where a PNS
    NIP has its month) that is valid as PPPK is PPPK.  Anything else, such as a
    PNS NIP with month 13 (a typo), is not guessed at: it stays as chosen and
    the form explains what is wrong.
    """
    try:
        validate_nip(nip, "PNS")
    except ValidationError:
        pass
    else:
        return "PNS"
    digits = "".join(nip.split())
    if digits[12:14] != PPPK_MARK:
        return None
    try:
        validate_nip(digits, "PPPK")
    except ValidationError:
        return None
    return "PPPK"


def format_nip(nip: str) -> str:
    """``"19860926 201505 1 001"``, the grouping printed on SK documents.

    Text that is not an 18-digit NIP is returned unchanged, so a display never
    fails on a value that has not been validated yet.
    """
    digits = "".join(nip.split())
    if len(digits) != NIP_LENGTH or not set(digits) <= _DIGITS:
        return nip
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
