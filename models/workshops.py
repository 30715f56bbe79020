"""Workshops kept in the office data file: reading, the clerk's actions, who should go, JP.

``models.workshop`` holds the pure scheduling, enrolment and attendance rules; this
module stores their results.  Every write is one store transaction: it takes the
lock, re-reads the other workshops (a colleague may have enrolled someone a moment
ago, so clash checks must see the file as it is now), refuses a record edited from a
stale revision with ``ConflictError`` and leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from models import workshop as rules
from models.criteria import target_jp
from models.errors import KinerjaError, NotFoundError, ValidationError
from models.scoring import ScoreLine, criterion_means
from models.store import ConflictError, Txn

if TYPE_CHECKING:
    from models.office import Office

Record = dict[str, Any]

TABLE = "workshops"

_EDITABLE = ("judul", "jenis", "kriteria", "penyelenggara", "tempat", "jp_per_sesi")
_STORED = (*_EDITABLE, "kapasitas", "jadwal", "sesi", "peserta", "antrian", "kehadiran")

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
    office: Office,
    current: Mapping[str, Any],
    no: int,
    nip: str,
    status: str,
    now: dt.datetime | None = None,
) -> Record:
    """Store ``nip``'s attendance (hadir, izin, sakit, alpa) at session ``no``.

    ``now`` (default: the clock) decides whether the session has started yet.
    """
    moment = now if now is not None else dt.datetime.now()
    with office.store.transaction() as txn:
        _fresh(txn, current)
        new = rules.record_attendance(current, no, nip, status, now=moment)
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
    """JP per active employee in ``year`` against the office target, by nama."""
    target = target_jp(office.settings())
    return rules.jp_tally(office.store.all(TABLE), office.employees(), year, target)
