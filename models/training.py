"""Workshops kept in the office data file, training hours (JP) and each employee's career history.

``models.workshop`` holds the pure scheduling, enrolment and attendance rules; this
module stores their results.  Every write is one store transaction: it takes the
lock, re-reads the other workshops (a colleague may have enrolled someone a moment
ago, so clash checks must see the file as it is now), refuses a record edited from a
stale revision with ``ConflictError`` and leaves an audit entry.

It also turns a workshop form's text fields into workshop data (and back), so the
TUI's form stays a thin layer and the parsing is tested without a terminal, and it
gathers the career history (``history``) the Riwayat screen shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from models import workshop as rules
from models.dates import format_date_long, format_date_short, parse_date
from models.errors import KinerjaError, NotFoundError, ValidationError
from models.i18n import get_language
from models.office import Office
from models.scoring import ScoreLine, criterion_means
from models.store import ConflictError, Txn

Record = dict[str, Any]

TABLE = "workshops"

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

_EDITABLE = ("judul", "jenis", "kriteria", "penyelenggara", "tempat", "jp_per_sesi")
_STORED = (*_EDITABLE, "kapasitas", "jadwal", "sesi", "peserta", "antrian", "kehadiran")

_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?")


# --------------------------------------------------------------------------- reading


def _first_session(ws: Mapping[str, Any]) -> Mapping[str, Any]:
    active = rules.active_sessions(ws)
    return min(active or ws["sesi"], key=lambda s: str(s["mulai"]))


def first_start(ws: Mapping[str, Any]) -> dt.datetime:
    """When the workshop begins: its earliest session still taking place."""
    return dt.datetime.fromisoformat(str(_first_session(ws)["mulai"]))


def last_end(ws: Mapping[str, Any]) -> dt.datetime:
    """When the workshop is over: the end of its latest session still taking place."""
    active = rules.active_sessions(ws) or ws["sesi"]
    return max(dt.datetime.fromisoformat(str(s["selesai"])) for s in active)


def is_finished(ws: Mapping[str, Any], now: dt.datetime) -> bool:
    """Whether every session that still takes place has ended by ``now``."""
    return last_end(ws) <= now


def years_of(ws: Mapping[str, Any]) -> set[int]:
    """The calendar years the workshop's sessions fall in (cancelled ones included)."""
    return {dt.datetime.fromisoformat(str(s["mulai"])).year for s in ws["sesi"]}


def workshops(office: Office, year: int | None = None) -> list[Record]:
    """Stored workshops by first session, then judul; with ``year``, those with a session in it."""
    found = [ws for ws in office.store.all(TABLE) if year is None or year in years_of(ws)]
    return sorted(found, key=lambda ws: (first_start(ws), str(ws["judul"]).casefold(), ws["id"]))


def workshop(office: Office, workshop_id: int) -> Record:
    """One stored workshop by id."""
    found = office.store.get(TABLE, workshop_id)
    if found is None:
        raise NotFoundError("training.not_found", id=workshop_id)
    return found


def workshop_years(office: Office) -> list[int]:
    """Every year some workshop has a session in, oldest first."""
    years: set[int] = set()
    for ws in office.store.all(TABLE):
        years |= years_of(ws)
    return sorted(years)


# --------------------------------------------------------------------------- writing


def _criteria_codes(office: Office) -> list[str]:
    return [str(c["kode"]) for c in office.settings()["kriteria"]]


def _fresh(txn: Txn, current: Mapping[str, Any]) -> Record:
    """The stored record, refusing when the clerk's copy is stale.

    Checked before any rule so that a clerk looking at an old copy is told that it
    changed, rather than getting a rule error computed from data no longer true.
    """
    stored = txn.get(TABLE, int(current["id"]))
    if stored is None:
        raise ConflictError(TABLE, None)
    if stored["rev"] != current["rev"]:
        raise ConflictError(TABLE, dict(stored))
    return stored


def _others(txn: Txn, current: Mapping[str, Any] | None) -> list[Record]:
    """Every other stored workshop, as the file holds them now (under the lock)."""
    own = current.get("id") if current is not None else None
    return [ws for ws in txn.all(TABLE) if ws["id"] != own]


def _fields(ws: Mapping[str, Any]) -> Record:
    return {key: ws[key] for key in _STORED}


def _check_free(ws: Mapping[str, Any], others: Sequence[Mapping[str, Any]], office: Office) -> None:
    """Participants given with a new workshop must not clash with their other workshops."""
    by_nip = office.employees_by_nip()
    for nip in ws["peserta"]:
        clash = rules.find_clash(nip, ws, others)
        if clash is not None:
            other, mine, theirs = clash
            emp = by_nip.get(nip)
            raise ValidationError(
                "workshop.clash",
                field="peserta",
                nama=emp["nama"] if emp else nip,
                judul=ws["judul"],
                no=mine["no"],
                waktu=rules.Waktu(dt.datetime.fromisoformat(str(mine["mulai"]))),
                judul_lain=other["judul"],
                no_lain=theirs["no"],
                waktu_lain=rules.Waktu(dt.datetime.fromisoformat(str(theirs["mulai"]))),
            )


def create_workshop(office: Office, data: Mapping[str, Any]) -> Record:
    """Check and store a new workshop; its sessions are generated from ``data["jadwal"]``."""
    clean = rules.clean_workshop(
        {k: v for k, v in data.items() if k not in ("id", "rev")}, _criteria_codes(office)
    )
    with office.store.transaction() as txn:
        _check_free(clean, _others(txn, None), office)
        return txn.insert(TABLE, _fields(clean))


def edit_workshop(office: Office, current: Mapping[str, Any], data: Mapping[str, Any]) -> Record:
    """Save the form's changes to a workshop.

    A changed schedule regenerates the sessions (refused once attendance exists or when
    a participant would clash); a raised capacity promotes people from the waiting list.
    """
    codes = _criteria_codes(office)
    with office.store.transaction() as txn:
        _fresh(txn, current)
        others = _others(txn, current)
        changes = {k: data[k] for k in (*_EDITABLE, "kapasitas", "jadwal") if k in data}
        # Every field is checked first, so the clerk hears about a blank judul before
        # anything about the schedule.
        rules.clean_workshop({**current, **changes}, codes)
        updated: Record = dict(current)
        if "jadwal" in changes and rules.clean_jadwal(changes["jadwal"]) != current["jadwal"]:
            updated = rules.reschedule(updated, changes["jadwal"], others)
        if "kapasitas" in changes:
            updated, _ = rules.set_kapasitas(
                updated, changes["kapasitas"], others, office.employees_by_nip()
            )
        updated.update({k: changes[k] for k in _EDITABLE if k in changes})
        clean = rules.clean_workshop(updated, codes)
        return txn.update(TABLE, current, _fields(clean))


def delete_workshop(office: Office, current: Mapping[str, Any]) -> None:
    """Remove a workshop entered by mistake; one with recorded attendance is kept (JP history)."""
    with office.store.transaction() as txn:
        stored = _fresh(txn, current)
        if any(stored.get("kehadiran", {}).values()):
            raise ValidationError("training.delete_has_attendance", field="kehadiran")
        txn.delete(TABLE, current)


def enrol(office: Office, current: Mapping[str, Any], nip: str) -> str:
    """Enrol ``nip``: "peserta" when a seat was free, "antrian" when put on the waiting list."""
    with office.store.transaction() as txn:
        _fresh(txn, current)
        new, status = rules.enrol(current, nip, _others(txn, current), office.employees_by_nip())
        txn.update(TABLE, current, _fields(new))
        return status


def withdraw(office: Office, current: Mapping[str, Any], nip: str) -> str | None:
    """Take ``nip`` off the workshop (or its waiting list); returns who moved up, if anyone."""
    with office.store.transaction() as txn:
        _fresh(txn, current)
        new, promoted = rules.withdraw(
            current, nip, _others(txn, current), office.employees_by_nip()
        )
        txn.update(TABLE, current, _fields(new))
        return promoted


def set_capacity(office: Office, current: Mapping[str, Any], kapasitas: int | str) -> list[str]:
    """Change the number of seats; returns who moved up from the waiting list."""
    with office.store.transaction() as txn:
        _fresh(txn, current)
        new, promoted = rules.set_kapasitas(
            current, kapasitas, _others(txn, current), office.employees_by_nip()
        )
        txn.update(TABLE, current, _fields(new))
        return promoted


def move_session(
    office: Office, current: Mapping[str, Any], no: int, new_start: str | dt.datetime
) -> Record:
    """Move one session (same duration); refused when it would clash for a participant."""
    with office.store.transaction() as txn:
        _fresh(txn, current)
        new = rules.move_session(current, no, new_start, _others(txn, current))
        return txn.update(TABLE, current, _fields(new))


def cancel_session(office: Office, current: Mapping[str, Any], no: int) -> Record:
    """Cancel one session: it no longer clashes and earns no JP; its number stays taken."""
    with office.store.transaction() as txn:
        _fresh(txn, current)
        return txn.update(TABLE, current, _fields(rules.cancel_session(current, no)))


def record_attendance(
    office: Office, current: Mapping[str, Any], no: int, nip: str, status: str
) -> Record:
    """Store ``nip``'s attendance (hadir, izin, sakit, alpa) at session ``no``."""
    with office.store.transaction() as txn:
        _fresh(txn, current)
        new = rules.record_attendance(current, no, nip, status)
        return txn.update(TABLE, current, _fields(new))


# --------------------------------------------------------------------------- who should go


def latest_scored_period(office: Office) -> Record | None:
    """The newest period in which somebody already has a nilai."""
    for period in office.periods():
        try:
            result = office.results(period["kode"])
        except KinerjaError:
            continue
        if any(line.nilai is not None for line in result.lines):
            return period
    return None


def recommendations(office: Office, ws: Mapping[str, Any]) -> list[tuple[str, float | None]]:
    """Active employees not yet on the workshop, weakest first, with the mean that ranks them.

    For a workshop linked to a criterion the mean is the role-weighted mean on that
    criterion in the latest period with scores; for one without a criterion it is the
    overall score F (1..5), so the list still starts with who needs support most.
    People without a score in that period come last, by name.
    """
    means: dict[str, float] = {}
    period = latest_scored_period(office)
    if period is not None:
        result = office.results(period["kode"])
        kode = str(ws.get("kriteria") or "")
        if kode:
            try:
                means = criterion_means(result, kode)
            except ValidationError:
                means = {}
        else:
            means = {
                line.nip: float(line.skor_akhir)
                for line in result.lines
                if line.skor_akhir is not None
            }
    order = rules.recommend(ws, means, office.employees())
    return [(nip, means.get(nip)) for nip in order]


def high_potential(office: Office, n: int = 10) -> list[ScoreLine]:
    """The complete employees ranked within the top ``n`` of the latest period with scores.

    Ties at the cut-off are all included, as for award candidates.
    """
    period = latest_scored_period(office)
    if period is None or n < 1:
        return []
    return [
        line
        for line in office.results(period["kode"]).lines
        if line.peringkat is not None and line.peringkat <= n
    ]


def jp_tally(office: Office, year: int) -> list[dict[str, Any]]:
    """JP per active employee in ``year`` against the office target, by nama.

    The same rows as ``workshop.jp_tally``, but the JP are summed in one pass over
    the recorded attendance instead of once per employee and workshop, so an office
    of thousands with a hundred workshops still answers at once.
    """
    target = int(office.settings().get("target_jp", 20))
    earned: dict[str, int] = {}
    for ws in office.store.all(TABLE):
        kehadiran: Mapping[str, Mapping[str, str]] = ws.get("kehadiran", {})
        for session in rules.active_sessions(ws):
            if dt.datetime.fromisoformat(str(session["mulai"])).year != year:
                continue
            for nip, status in kehadiran.get(str(session["no"]), {}).items():
                if status == "hadir":
                    earned[nip] = earned.get(nip, 0) + int(ws["jp_per_sesi"])
    rows = rules.jp_tally((), office.employees(), year, target)
    for row in rows:
        row["jp"] = earned.get(row["nip"], 0)
        row["kurang"] = max(0, target - row["jp"])
    return rows


# --------------------------------------------------------------------------- career history


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
    rows: list[PeriodHistory] = []
    for period in reversed(office.periods()):
        try:
            result = office.results(period["kode"])
        except KinerjaError:
            continue
        line = result.by_nip.get(nip)
        ranked = [ln for ln in result.lines if ln.peringkat is not None]
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
    """One employee's career record: period results, training per year, awards, rating changes."""
    emp = office.employee(nip)
    target = int(office.settings().get("target_jp", 20))
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


# --------------------------------------------------------------------------- the form


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


__all__ = [
    "FORM_FIELDS",
    "CareerHistory",
    "PeriodHistory",
    "RatingChange",
    "TrainingLine",
    "TrainingYear",
    "cancel_session",
    "create_workshop",
    "delete_workshop",
    "edit_workshop",
    "enrol",
    "first_start",
    "form_data",
    "form_field",
    "form_jadwal",
    "form_values",
    "high_potential",
    "history",
    "is_finished",
    "jp_tally",
    "last_end",
    "latest_scored_period",
    "move_session",
    "parse_moment",
    "parse_time",
    "preview_sessions",
    "recommendations",
    "record_attendance",
    "set_capacity",
    "withdraw",
    "workshop",
    "workshop_years",
    "workshops",
]
