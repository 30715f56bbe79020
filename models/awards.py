"""Award records (penghargaan): confirming a period's award candidates, listing, revoking.

The scoring rules decide who *may* be awarded (``scoring.award_candidates``); an award
only exists once a clerk confirms it, usually together with the number and date of the
decree (SK) that grants it.  Records live in the store table ``awards`` and every write
goes through one store transaction, so it is locked, audited and atomic like the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from models.dates import parse_date
from models.errors import ValidationError
from models.scoring import ScoreLine, award_candidates
from models.text import clean_comment, one_line

if TYPE_CHECKING:
    from models.office import Office

Record = dict[str, Any]

TABLE: Final = "awards"

JENIS_UMUM: Final[tuple[str, ...]] = ("Pegawai Teladan", "Penghargaan Kinerja Sangat Baik")
"""The kinds of award offices usually give; any other wording is allowed too."""

JENIS_MAX: Final = 100
NOMOR_SK_MAX: Final = 100
CATATAN_MAX: Final = 500


def _one_line(value: object, field: str) -> str:
    """Trimmed single-line text: line breaks pasted from elsewhere become spaces."""
    return one_line(str(value or ""), field)


def candidates(office: Office, kode: str) -> list[ScoreLine]:
    """The award candidates of a period under the office's current ``jumlah_penghargaan``."""
    top = int(office.settings().get("jumlah_penghargaan", 3))
    return award_candidates(office.results(kode), top)


def check_candidate(office: Office, kode: str, nip: str) -> ScoreLine:
    """The candidate's score line; a ValidationError explains why someone is not a candidate."""
    office.period(kode)
    line = office.results(kode).by_nip.get(nip)
    if line is None:
        emp = office.employees_by_nip().get(nip)
        nama = str(emp["nama"]) if emp else nip
        raise ValidationError("awards.not_scored", field="nip", nama=nama, kode=kode)
    top = int(office.settings().get("jumlah_penghargaan", 3))
    if not any(c.nip == nip for c in award_candidates(office.results(kode), top)):
        raise ValidationError("awards.not_candidate", field="nip", nama=line.nama, n=top)
    return line


def clean_award(
    jenis: str, nomor_sk: str = "", tanggal_sk: str = "", catatan: str = ""
) -> dict[str, Any]:
    """The form's fields, validated: jenis required; SK number, SK date and note optional."""
    clean_jenis = _one_line(jenis, "jenis")
    if not clean_jenis:
        raise ValidationError("awards.jenis_required", field="jenis")
    if len(clean_jenis) > JENIS_MAX:
        raise ValidationError("awards.jenis_too_long", field="jenis", max=JENIS_MAX)
    clean_nomor = _one_line(nomor_sk, "nomor_sk")
    if len(clean_nomor) > NOMOR_SK_MAX:
        raise ValidationError("awards.nomor_sk_too_long", field="nomor_sk", max=NOMOR_SK_MAX)
    tanggal_text = _one_line(tanggal_sk, "tanggal_sk")
    tanggal = parse_date(tanggal_text, field="tanggal_sk").isoformat() if tanggal_text else None
    clean_catatan = " ".join(clean_comment(str(catatan or ""))[0].split())
    if len(clean_catatan) > CATATAN_MAX:
        raise ValidationError("awards.catatan_too_long", field="catatan", max=CATATAN_MAX)
    return {
        "jenis": clean_jenis,
        "nomor_sk": clean_nomor,
        "tanggal_sk": tanggal,
        "catatan": clean_catatan,
    }


def confirm_award(
    office: Office,
    kode: str,
    nip: str,
    jenis: str,
    nomor_sk: str = "",
    tanggal_sk: str = "",
    catatan: str = "",
) -> Record:
    """Record an award for a candidate of period ``kode`` and return the stored record.

    The candidate and duplicate checks run inside the transaction, after catching up
    with other clerks, so a rating changed a moment ago or the same award confirmed at
    another desk is taken into account.
    """
    fields = clean_award(jenis, nomor_sk, tanggal_sk, catatan)
    with office.store.transaction() as txn:
        line = check_candidate(office, kode, nip)
        for existing in txn.all(TABLE):
            if (
                existing.get("nip") == nip
                and existing.get("periode") == kode
                and str(existing.get("jenis", "")).casefold() == fields["jenis"].casefold()
            ):
                raise ValidationError(
                    "awards.duplicate",
                    field="jenis",
                    nama=line.nama,
                    jenis=fields["jenis"],
                    kode=kode,
                )
        return txn.insert(TABLE, {"nip": nip, "periode": kode, **fields})


def awards(office: Office, kode: str | None = None, nip: str | None = None) -> list[Record]:
    """Award records, optionally of one period and/or one employee.

    Ordered newest period first, then by the employee's name, then by entry order.
    """
    names = office.employees_by_nip()
    found = [
        a
        for a in office.store.all(TABLE)
        if (kode is None or a.get("periode") == kode) and (nip is None or a.get("nip") == nip)
    ]
    found.sort(key=lambda a: int(a["id"]))
    found.sort(key=lambda a: str(names.get(a["nip"], {}).get("nama", a["nip"])).casefold())
    found.sort(key=lambda a: str(a.get("periode", "")), reverse=True)
    return found


def awarded_nips(office: Office, kode: str) -> set[str]:
    """Who already holds at least one award of period ``kode``."""
    return {str(a["nip"]) for a in office.store.all(TABLE) if a.get("periode") == kode}


def revoke_award(office: Office, record: Mapping[str, Any]) -> None:
    """Delete an award confirmed by mistake (audited; a stale record is a conflict)."""
    with office.store.transaction() as txn:
        txn.delete(TABLE, record)
