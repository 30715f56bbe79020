"""One employee's career record: period results (the 360 nilai and the official predikat),
training per year, awards, rating changes.

Gathered from the office for the Riwayat screen (and anything else that reports on one
person); nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from models import workshop as rules
from models.criteria import target_jp
from models.errors import KinerjaError
from models.workshops import TABLE

if TYPE_CHECKING:
    from models.office import Office

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class PeriodHistory:
    """An employee's result in one review period."""

    kode: str
    nama: str
    status: str
    tanggal_mulai: str
    nilai: Decimal | None
    predikat: str | None
    lengkap: bool
    alasan: tuple[str, ...]
    """Why the result is not complete yet, in the current language."""
    peringkat: int | None
    jumlah_peringkat: int
    """How many employees were ranked office-wide."""
    peringkat_unit: int | None
    jumlah_unit: int
    """How many employees were ranked in the employee's unit."""
    hasil_kerja: str | None
    perilaku_kerja: str | None
    predikat_resmi: str | None
    """The official predikat kinerja (README, "The official evaluation"), once both
    ratings are given."""


@dataclass(frozen=True, slots=True)
class TrainingLine:
    """One workshop in one calendar year of an employee's training record."""

    workshop_id: int
    judul: str
    jenis: str
    mulai: str
    """First session in that year (ISO)."""
    status: str
    """"peserta", "antrian" (waiting list) or "keluar" (withdrew after attending)."""
    hadir: int
    """Sessions attended (hadir) in that year."""
    sesi: int
    """Sessions taking place in that year."""
    jp: int


@dataclass(frozen=True, slots=True)
class TrainingYear:
    """An employee's workshops and JP in one calendar year against the office target."""

    tahun: int
    lines: tuple[TrainingLine, ...]
    jp: int
    target: int

    @property
    def kurang(self) -> int:
        return max(0, self.target - self.jp)


@dataclass(frozen=True, slots=True)
class RatingChange:
    """One audited change to a rating this employee received or gave."""

    waktu: str
    pengguna: str
    aksi: str
    """"tambah", "ubah" or "hapus"."""
    periode: str | None
    nip_dinilai: str
    nip_penilai: str
    peran: str | None
    skor_lama: dict[str, int] | None
    skor_baru: dict[str, int] | None
    catatan_berubah: bool


@dataclass(frozen=True, slots=True)
class CareerHistory:
    """Everything the Riwayat screen shows about one employee."""

    employee: Record
    periods: tuple[PeriodHistory, ...]
    """Oldest period first."""
    training: tuple[TrainingYear, ...]
    """Oldest year first."""
    target_jp: int
    awards: tuple[Record, ...]
    changes: tuple[RatingChange, ...]
    """Oldest first."""


def _period_history(office: Office, nip: str, unit: str) -> list[PeriodHistory]:
    from models import evaluations

    config = evaluations.settings(office)
    rows: list[PeriodHistory] = []
    for period in reversed(office.periods()):
        try:
            result = office.results(period["kode"])
        except KinerjaError:
            continue
        line = result.by_nip.get(nip)
        ranked = [ln for ln in result.lines if ln.peringkat is not None]
        hasil, perilaku, resmi = evaluations.official(office, period["kode"], nip, config)
        rows.append(
            PeriodHistory(
                kode=str(period["kode"]),
                nama=str(period["nama"]),
                status=str(period["status"]),
                tanggal_mulai=str(period["tanggal_mulai"]),
                nilai=line.nilai if line else None,
                predikat=line.predikat if line else None,
                lengkap=line.lengkap if line else False,
                alasan=tuple(line.alasan) if line else (),
                peringkat=line.peringkat if line else None,
                jumlah_peringkat=len(ranked),
                peringkat_unit=line.peringkat_unit if line else None,
                jumlah_unit=sum(1 for ln in ranked if ln.unit == unit),
                hasil_kerja=hasil,
                perilaku_kerja=perilaku,
                predikat_resmi=resmi,
            )
        )
    return rows


def _training_history(office: Office, nip: str, target: int) -> list[TrainingYear]:
    by_year: dict[int, list[TrainingLine]] = {}
    for ws in office.store.all(TABLE):
        kehadiran: Mapping[str, Mapping[str, str]] = ws.get("kehadiran", {})
        attended_any = any(nip in by_nip for by_nip in kehadiran.values())
        if nip in ws["peserta"]:
            status = "peserta"
        elif nip in ws["antrian"]:
            status = "antrian"
        elif attended_any:
            status = "keluar"
        else:
            continue
        sessions = rules.active_sessions(ws) or ws["sesi"]
        for year in sorted({dt.datetime.fromisoformat(str(s["mulai"])).year for s in sessions}):
            in_year = sorted(
                (s for s in sessions if str(s["mulai"]).startswith(f"{year:04d}-")),
                key=lambda s: str(s["mulai"]),
            )
            hadir = sum(
                1
                for s in in_year
                if not s.get("batal") and kehadiran.get(str(s["no"]), {}).get(nip) == "hadir"
            )
            by_year.setdefault(year, []).append(
                TrainingLine(
                    workshop_id=int(ws["id"]),
                    judul=str(ws["judul"]),
                    jenis=str(ws["jenis"]),
                    mulai=str(in_year[0]["mulai"]),
                    status=status,
                    hadir=hadir,
                    sesi=sum(1 for s in in_year if not s.get("batal")),
                    jp=rules.jp_earned(ws, nip, year),
                )
            )
    return [
        TrainingYear(
            tahun=year,
            lines=tuple(sorted(lines, key=lambda ln: (ln.mulai, ln.judul.casefold()))),
            jp=sum(ln.jp for ln in lines),
            target=target,
        )
        for year, lines in sorted(by_year.items())
    ]


def _scores(value: object) -> dict[str, int] | None:
    if not isinstance(value, Mapping):
        return None
    skor = value.get("skor")
    if not isinstance(skor, Mapping):
        return None
    return {str(k): int(v) for k, v in skor.items() if isinstance(v, int)}


def _rating_changes(office: Office, nip: str) -> list[RatingChange]:
    entries = [e for e in office.store.audit(nip=nip) if e.get("tabel") == "ratings"]
    # Who gave a rating in which role: known from the full record of an insert or
    # delete, else from the rating as stored now.
    peran_of: dict[Any, str] = {}
    for entry in entries:
        for side in ("baru", "lama"):
            record = entry.get(side)
            if isinstance(record, Mapping) and isinstance(record.get("peran"), str):
                peran_of.setdefault(entry.get("rid"), str(record["peran"]))
    periods = {e.get("periode") for e in entries if e.get("periode")}
    for kode in periods:
        for rating in office.store.all("ratings", shard=str(kode)):
            peran_of.setdefault(rating["id"], str(rating["peran"]))
    changes: list[RatingChange] = []
    for entry in entries:
        lama, baru = entry.get("lama"), entry.get("baru")
        nips = list(entry.get("nip") or [nip])
        full = baru if isinstance(baru, Mapping) and "nip_dinilai" in baru else lama
        if isinstance(full, Mapping) and "nip_dinilai" in full:
            ratee, rater = str(full["nip_dinilai"]), str(full["nip_penilai"])
        else:
            # The store lists a rating's NIPs ratee first, then rater (one NIP for "diri").
            ratee, rater = str(nips[0]), str(nips[-1])
        changes.append(
            RatingChange(
                waktu=str(entry.get("waktu", "")),
                pengguna=str(entry.get("pengguna", "")),
                aksi=str(entry.get("aksi", "")),
                periode=entry.get("periode"),
                nip_dinilai=ratee,
                nip_penilai=rater,
                peran=peran_of.get(entry.get("rid")),
                skor_lama=_scores(lama),
                skor_baru=_scores(baru),
                catatan_berubah=any(
                    isinstance(side, Mapping) and "catatan" in side and entry.get("aksi") == "ubah"
                    for side in (lama, baru)
                ),
            )
        )
    return changes


def history(office: Office, nip: str) -> CareerHistory:
    """One employee's career record: period results (the 360 nilai and the official predikat),
    training per year, awards, rating changes."""
    emp = office.employee(nip)
    target = target_jp(office.settings())
    awards = sorted(
        (a for a in office.store.all("awards") if a.get("nip") == nip),
        key=lambda a: (str(a.get("periode") or ""), str(a.get("tanggal_sk") or ""), a["id"]),
    )
    return CareerHistory(
        employee=emp,
        periods=tuple(_period_history(office, nip, str(emp.get("unit", "")))),
        training=tuple(_training_history(office, nip, target)),
        target_jp=target,
        awards=tuple(awards),
        changes=tuple(_rating_changes(office, nip)),
    )
