"""SIASN's "Export Data ASN" CSV read as an employee import.

SIASN (BKN's civil-service information system) exports an agency's staff as
a CSV with upper-case headers (``NIP BARU``, ``NAMA``, ``JENIS PEGAWAI NAMA``
…, about seventy columns; ``COLUMNS`` lists them).  ``employee_io`` recognises
the file by its headers and hands each row to ``convert``, which maps it to
Kinerja's own columns with the tables below.  They are data a clerk can
follow, printed in README ("Importing from SIASN"):

=====================  ===================================================
Kinerja column         from SIASN
=====================  ===================================================
nip                    NIP BARU
nama                   NAMA
gelar_depan            GELAR DEPAN
gelar_belakang         GELAR BELAKANG
jenis_asn              JENIS PEGAWAI NAMA, by its first word (``JENIS_PEGAWAI``)
golongan               GOL AKHIR NAMA (``III/a``; a pangkat written beside it is checked)
jabatan                JABATAN NAMA
jenis_jabatan          JENIS JABATAN NAMA (``JENIS_JABATAN``)
unit                   UNOR NAMA, as written
atasan_nip, aktif      not in SIASN: kept for registered employees; new ones are
                       active and "atasan belum diisi"
=====================  ===================================================

A value the tables do not hold is an error on its line: nothing is guessed.
Other columns are read only to report anomalies, which never stop the import:
a TANGGAL LAHIR or JENIS KELAMIN that disagrees with the NIP, and a GOL AKHIR
ID or pangkat that disagrees with GOL AKHIR NAMA.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from models.errors import ValidationError
from models.golongan import PANGKAT
from models.i18n import t
from models.nip import normalize_nip, validate_nip

COLUMNS: Final[tuple[str, ...]] = (
    "PNS ID",
    "NIP BARU",
    "NIP LAMA",
    "NAMA",
    "GELAR DEPAN",
    "GELAR BELAKANG",
    "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "AGAMA ID",
    "AGAMA NAMA",
    "JENIS KAWIN ID",
    "JENIS KAWIN NAMA",
    "NIK",
    "NOMOR HP",
    "EMAIL",
    "EMAIL GOV",
    "ALAMAT",
    "NPWP NOMOR",
    "BPJS",
    "JENIS PEGAWAI ID",
    "JENIS PEGAWAI NAMA",
    "KEDUDUKAN HUKUM ID",
    "KEDUDUKAN HUKUM NAMA",
    "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL",
    "NOMOR SK CPNS",
    "TANGGAL SK CPNS",
    "TMT CPNS",
    "NOMOR SK PNS",
    "TANGGAL SK PNS",
    "TMT PNS",
    "GOL AWAL ID",
    "GOL AWAL NAMA",
    "GOL AKHIR ID",
    "GOL AKHIR NAMA",
    "TMT GOLONGAN",
    "MK TAHUN",
    "MK BULAN",
    "JENIS JABATAN ID",
    "JENIS JABATAN NAMA",
    "JABATAN ID",
    "JABATAN NAMA",
    "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID",
    "TINGKAT PENDIDIKAN NAMA",
    "PENDIDIKAN ID",
    "PENDIDIKAN NAMA",
    "TAHUN LULUS",
    "KPKN ID",
    "KPKN NAMA",
    "LOKASI KERJA ID",
    "LOKASI KERJA NAMA",
    "UNOR ID",
    "UNOR NAMA",
    "INSTANSI INDUK ID",
    "INSTANSI INDUK NAMA",
    "INSTANSI KERJA ID",
    "INSTANSI KERJA NAMA",
    "SATUAN KERJA INDUK ID",
    "SATUAN KERJA INDUK NAMA",
    "SATUAN KERJA KERJA ID",
    "SATUAN KERJA KERJA NAMA",
    "IS VALID NIK",
    "NAMA SEKOLAH",
    "FLAG IKD",
)
"""Every column of "Export Data ASN", as SIASN writes the header."""

REQUIRED: Final[tuple[str, ...]] = (
    "NIP BARU",
    "NAMA",
    "JENIS PEGAWAI NAMA",
    "GOL AKHIR NAMA",
    "JABATAN NAMA",
    "JENIS JABATAN NAMA",
    "UNOR NAMA",
)
"""The columns an import cannot do without."""

COPIED: Final[dict[str, str]] = {
    "nip": "NIP BARU",
    "nama": "NAMA",
    "gelar_depan": "GELAR DEPAN",
    "gelar_belakang": "GELAR BELAKANG",
    "jabatan": "JABATAN NAMA",
    "unit": "UNOR NAMA",
}
"""Kinerja columns taken over as written."""

JENIS_PEGAWAI: Final[dict[str, str]] = {
    "PNS": "PNS",
    "CPNS": "PNS",
    "PPPK": "PPPK",
    "P3K": "PPPK",
}
"""JENIS PEGAWAI NAMA -> jenis_asn, by the first word (``PNS DAERAH``, ``PPPK PARUH WAKTU``)."""

STRUKTURAL: Final = "struktural"
"""A structural position whose level (Pengawas, Administrator, JPT) SIASN does not say."""

JENIS_JABATAN: Final[dict[str, str]] = {
    "jabatan pimpinan tinggi utama": "JPT",
    "jabatan pimpinan tinggi madya": "JPT",
    "jabatan pimpinan tinggi pratama": "JPT",
    "jabatan pimpinan tinggi": "JPT",
    "jabatan administrator": "Administrator",
    "jabatan pengawas": "Pengawas",
    "jabatan fungsional tertentu": "Fungsional",
    "jabatan fungsional": "Fungsional",
    "jabatan fungsional umum": "Pelaksana",
    "jabatan pelaksana": "Pelaksana",
    "jabatan struktural": STRUKTURAL,
}
"""JENIS JABATAN NAMA (case and spacing aside, "Jabatan " optional) -> jenis_jabatan.

"Jabatan Struktural" keeps the level a registered employee already has; for
anyone else it is an error, since guessing the level would change who may
rate whom.
"""

GOL_ID: Final[dict[str, str]] = {
    f"{group}{letter}": f"{roman}/{'abcde'[letter - 1]}"
    for group, roman, letters in ((1, "I", 4), (2, "II", 4), (3, "III", 4), (4, "IV", 5))
    for letter in range(1, letters + 1)
}
"""GOL AKHIR ID -> golongan of a PNS: 11 = I/a … 34 = III/d, 41 = IV/a … 45 = IV/e."""

JENIS_KELAMIN: Final[dict[str, str]] = {
    "m": "L",
    "l": "L",
    "pria": "L",
    "laki-laki": "L",
    "f": "P",
    "p": "P",
    "wanita": "P",
    "perempuan": "P",
}
"""JENIS KELAMIN -> the gender the NIP's 15th digit gives (L: 1, P: 2)."""

_GOLONGAN = re.compile(r"\b(IV|III|II|I)\s*/\s*([A-Ea-e])\b")
_DATE_FORMATS = (
    re.compile(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
)


def key(column: str) -> str:
    """A SIASN header as ``read_sheet`` gives it (lower-cased)."""
    return column.lower()


KNOWN: Final[frozenset[str]] = frozenset(key(column) for column in COLUMNS)


def is_siasn(columns: Iterable[str]) -> bool:
    """Whether a header (as ``read_sheet`` gives it) is SIASN's rather than Kinerja's."""
    names = set(columns)
    return key("NIP BARU") in names and key("JENIS PEGAWAI NAMA") in names


@dataclass
class Converted:
    """One SIASN row in Kinerja's columns, with what stops it and what looks wrong."""

    data: dict[str, str]
    problems: list[ValidationError] = field(default_factory=list)
    anomalies: list[str] = field(default_factory=list)


def _cell(row: Mapping[str, str], column: str) -> str:
    return " ".join(row.get(key(column), "").split())


def jenis_asn(value: str) -> str:
    """The jenis_asn for a JENIS PEGAWAI NAMA, or a ValidationError."""
    words = value.upper().split()
    found = JENIS_PEGAWAI.get(words[0]) if words else None
    if found is None:
        raise ValidationError("siasn.jenis_pegawai_unknown", field="jenis_asn", value=value)
    return found


def jenis_jabatan(value: str, registered: Mapping[str, Any] | None) -> str:
    """The jenis_jabatan for a JENIS JABATAN NAMA, or a ValidationError.

    ``registered`` is the employee as the register holds them, if at all.
    """
    text = " ".join(value.split()).casefold()
    found = JENIS_JABATAN.get(text) or JENIS_JABATAN.get(f"jabatan {text}")
    if found is None:
        raise ValidationError("siasn.jenis_jabatan_unknown", field="jenis_jabatan", value=value)
    if found != STRUKTURAL:
        return found
    level = str(registered.get("jenis_jabatan", "")) if registered else ""
    if level in ("Pengawas", "Administrator", "JPT"):
        return level
    raise ValidationError("siasn.struktural_unknown", field="jenis_jabatan", value=value)


def _golongan(value: str, jenis: str | None, anomalies: list[str]) -> str:
    """GOL AKHIR NAMA as a golongan; a pangkat written beside it is compared."""
    if jenis != "PNS":
        return value
    match = _GOLONGAN.search(value)
    if match is None:
        return value
    golongan = f"{match.group(1)}/{match.group(2).lower()}"
    rest = (value[: match.start()] + " " + value[match.end() :]).strip(" -–,()")
    rest = " ".join(rest.split())
    if rest and rest.casefold() != PANGKAT[golongan].casefold():
        anomalies.append(
            t("siasn.anomaly_pangkat", pangkat=rest, golongan=golongan, expected=PANGKAT[golongan])
        )
    return golongan


def _parse_date(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


def _anomalies(
    row: Mapping[str, str], nip_text: str, jenis: str | None, golongan: str
) -> list[str]:
    """What the other SIASN columns say against the NIP and the golongan."""
    found: list[str] = []
    if jenis is None:
        return found
    try:
        info = validate_nip(normalize_nip(nip_text), jenis)
    except ValidationError:
        return found  # the NIP itself is reported as an error
    lahir = _cell(row, "TANGGAL LAHIR")
    if lahir:
        parsed = _parse_date(lahir)
        if parsed is None:
            found.append(t("siasn.anomaly_date_unreadable", value=lahir))
        elif parsed != info.tanggal_lahir:
            found.append(
                t(
                    "siasn.anomaly_birth",
                    value=lahir,
                    nip=info.tanggal_lahir.strftime("%d-%m-%Y"),
                )
            )
    kelamin = _cell(row, "JENIS KELAMIN")
    if kelamin:
        gender = JENIS_KELAMIN.get(kelamin.casefold())
        if gender is None:
            found.append(t("siasn.anomaly_gender_unreadable", value=kelamin))
        elif gender != info.jenis_kelamin:
            found.append(
                t(
                    "siasn.anomaly_gender",
                    value=kelamin,
                    nip=t(f"siasn.gender_{info.jenis_kelamin}"),
                )
            )
    gol_id = _cell(row, "GOL AKHIR ID")
    expected = GOL_ID.get(gol_id) if jenis == "PNS" else None
    if expected is not None and golongan in PANGKAT and expected != golongan:
        found.append(t("siasn.anomaly_gol_id", id=gol_id, expected=expected, golongan=golongan))
    return found


def convert(row: Mapping[str, str], registered: Mapping[str, Mapping[str, Any]]) -> Converted:
    """One SIASN row as a row of Kinerja's employee file (``employee_io`` checks the rest).

    ``registered`` is the register keyed by NIP, for "Jabatan Struktural".
    """
    data = {name: row[key(column)] for name, column in COPIED.items() if key(column) in row}
    result = Converted(data)
    jenis: str | None = None
    try:
        jenis = jenis_asn(_cell(row, "JENIS PEGAWAI NAMA"))
        data["jenis_asn"] = jenis
    except ValidationError as err:
        result.problems.append(err)
        data["jenis_asn"] = ""
    nip = "".join(data.get("nip", "").split())
    try:
        data["jenis_jabatan"] = jenis_jabatan(_cell(row, "JENIS JABATAN NAMA"), registered.get(nip))
    except ValidationError as err:
        result.problems.append(err)
        data["jenis_jabatan"] = ""
    data["golongan"] = _golongan(_cell(row, "GOL AKHIR NAMA"), jenis, result.anomalies)
    result.anomalies.extend(_anomalies(row, nip, jenis, data["golongan"]))
    return result
