"""Workshops (pelatihan): schedules, enrolment, attendance and JP (jam pelajaran).

Every function is pure: it takes plain dicts and returns a new workshop dict, leaving
its input untouched, so a refused change never leaves a half-edited record behind.
Persisting the result is the caller's job.

Data shapes
-----------
workshop::

    {
        "judul": str,                      # 1..200 characters
        "jenis": str,                      # one of JENIS (klasikal + non-klasikal)
        "kriteria": str,                   # linked criterion code, or "" for none
        "penyelenggara": str,              # organiser, may be empty
        "tempat": str,                     # venue or link, may be empty
        "kapasitas": int,                  # >= 1 seats
        "jp_per_sesi": int,                # >= 1 JP credited per attended session
        "jadwal": jadwal,
        "sesi": [session, ...],            # generated from jadwal, ordered by "no"
        "peserta": [nip, ...],             # enrolled, in enrolment order
        "antrian": [nip, ...],             # waiting list, first come first served
        "kehadiran": {"<sesi no>": {"<nip>": "hadir"|"izin"|"sakit"|"alpa"}},
    }

jadwal::

    {
        "mulai": "YYYY-MM-DDTHH:MM",       # start of the first session
        "durasi_menit": int,               # 1..1440
        "ulang": "tidak"|"harian"|"mingguan"|"bulanan",
        "jumlah": int | None,              # number of repetitions (before exclusions)
        "sampai": "YYYY-MM-DD" | None,     # last day a session may start on (inclusive)
        "kecuali": ["YYYY-MM-DD", ...],    # dates left out, whatever the time
    }

session::

    {"no": 1, "mulai": "YYYY-MM-DDTHH:MM", "selesai": "YYYY-MM-DDTHH:MM", "batal": False}

Session numbers are stable: moving or cancelling a session keeps its number, so the
attendance recorded under it stays attached.  Sessions are half-open intervals, so a
session ending at 10.00 does not clash with one starting at 10.00.  A cancelled session
counts neither for clashes nor for JP.

``jumlah`` follows iCalendar semantics: the rule makes ``jumlah`` occurrences and the
excluded dates are then removed, so "4 weekly sessions except 17 August" gives 3.

Error fields: top-level keys by name, schedule keys as ``"jadwal.<key>"``, session
operations as ``"sesi"``, enrolment as ``"peserta"``, attendance as ``"kehadiran"``.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, Literal

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule, rruleset

from models.dates import format_clock, format_day_short, format_moment
from models.errors import ValidationError
from models.i18n import get_language
from models.text import refuse_controls

Workshop = dict[str, Any]
Session = dict[str, Any]
Employee = Mapping[str, Any]

JENIS_KLASIKAL = ("pelatihan", "workshop", "seminar", "kursus")
JENIS_NON_KLASIKAL = ("coaching", "mentoring", "e-learning", "magang")
JENIS = JENIS_KLASIKAL + JENIS_NON_KLASIKAL
ULANG = ("tidak", "harian", "mingguan", "bulanan")
STATUS_KEHADIRAN = ("hadir", "izin", "sakit", "alpa")
MAX_SESI = 366
"""A schedule longer than a year of daily sessions is almost surely a typing mistake."""
MAX_DURASI_MENIT = 24 * 60
MAX_JUDUL = 200
MAX_TEKS = 200
JP_EXPORT_FIELDS = ["nip", "nama", "unit", "jp", "target", "kurang"]

_FREQ: dict[str, Literal[1, 2, 3]] = {"harian": DAILY, "mingguan": WEEKLY, "bulanan": MONTHLY}


# --------------------------------------------------------------------------- parsing


def _as_int(value: object, field: str) -> int:
    """Forms hand over text; stored records hold ints. Both are accepted."""
    if isinstance(value, bool):
        raise ValidationError("workshop.int_invalid", field=field, value=value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValidationError("workshop.int_invalid", field=field, value=value)


def _as_text(value: object, field: str, max_len: int, *, required: bool = False) -> str:
    text = "" if value is None else refuse_controls(str(value), field).strip()
    if required and not text:
        raise ValidationError(f"workshop.{field}_required", field=field)
    if len(text) > max_len:
        raise ValidationError("workshop.text_too_long", field=field, max=max_len)
    return text


def _parse_datetime(value: object, field: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError("workshop.mulai_invalid", field=field, value=value) from None
        if len(str(value).strip()) <= 10:
            # A bare date is not a start time; the clerk must say when the session begins.
            raise ValidationError("workshop.mulai_invalid", field=field, value=value)
    if parsed.tzinfo is not None:
        raise ValidationError("workshop.mulai_invalid", field=field, value=value)
    return parsed.replace(second=0, microsecond=0)


def _parse_date(value: object, field: str, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        # A date typed with a time ("2026-08-17 13:00") still names the whole day.
        return (
            dt.date.fromisoformat(text)
            if len(text) <= 10
            else dt.datetime.fromisoformat(text).date()
        )
    except ValueError:
        raise ValidationError(key, field=field, value=value) from None


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _start(session: Mapping[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(session["mulai"])


def _end(session: Mapping[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(session["selesai"])


def session_times(session: Mapping[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    """When a session starts and ends."""
    return _start(session), _end(session)


def session_span(session: Mapping[str, Any], lang: str) -> str:
    """ "09.00–10.30", with the end date too when a session runs past midnight."""
    start, end = session_times(session)
    if end.date() != start.date():
        return f"{format_clock(start, lang)}–{format_day_short(end.date(), lang)} " + format_clock(
            end, lang
        )
    return f"{format_clock(start, lang)}–{format_clock(end, lang)}"


@dataclass(frozen=True)
class Waktu:
    """A moment in an error message, localised when shown, not when raised."""

    moment: dt.datetime

    def __str__(self) -> str:
        return format_moment(self.moment, get_language())


def _show_nip(nip: str) -> str:
    if len(nip) == 18 and nip.isdigit():
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


# --------------------------------------------------------------------------- schedule


def clean_jadwal(jadwal: Mapping[str, Any]) -> dict[str, Any]:
    """A schedule with every field checked and normalised (ISO strings, sorted dates)."""
    mulai = _parse_datetime(jadwal.get("mulai"), "jadwal.mulai")
    durasi = _as_int(jadwal.get("durasi_menit"), "jadwal.durasi_menit")
    if not 1 <= durasi <= MAX_DURASI_MENIT:
        raise ValidationError(
            "workshop.durasi_invalid", field="jadwal.durasi_menit", max=MAX_DURASI_MENIT
        )
    ulang = str(jadwal.get("ulang") or "tidak").strip().lower()
    if ulang not in ULANG:
        raise ValidationError(
            "workshop.ulang_invalid", field="jadwal.ulang", value=ulang, pilihan=", ".join(ULANG)
        )
    raw_jumlah = jadwal.get("jumlah")
    raw_sampai = jadwal.get("sampai")
    jumlah: int | None = None
    sampai: dt.date | None = None
    if ulang != "tidak":
        has_jumlah = raw_jumlah not in (None, "")
        has_sampai = raw_sampai not in (None, "")
        if has_jumlah and has_sampai:
            raise ValidationError("workshop.repeat_end_both", field="jadwal.jumlah")
        if not has_jumlah and not has_sampai:
            raise ValidationError("workshop.repeat_end_required", field="jadwal.jumlah")
        if has_jumlah:
            jumlah = _as_int(raw_jumlah, "jadwal.jumlah")
            if jumlah < 1:
                raise ValidationError("workshop.jumlah_min", field="jadwal.jumlah")
            if jumlah > MAX_SESI:
                raise ValidationError(
                    "workshop.too_many_sessions", field="jadwal.jumlah", max=MAX_SESI
                )
        else:
            sampai = _parse_date(raw_sampai, "jadwal.sampai", "workshop.sampai_invalid")
            if sampai < mulai.date():
                raise ValidationError(
                    "workshop.sampai_before_mulai",
                    field="jadwal.sampai",
                    sampai=sampai.isoformat(),
                    mulai=mulai.date().isoformat(),
                )
    kecuali = sorted(
        {
            _parse_date(value, "jadwal.kecuali", "workshop.kecuali_invalid")
            for value in jadwal.get("kecuali") or ()
        }
    )
    return {
        "mulai": _iso(mulai),
        "durasi_menit": durasi,
        "ulang": ulang,
        "jumlah": jumlah,
        "sampai": sampai.isoformat() if sampai else None,
        "kecuali": [day.isoformat() for day in kecuali],
    }


def _rule(jadwal: Mapping[str, Any]) -> rrule:
    mulai = dt.datetime.fromisoformat(jadwal["mulai"])
    ulang = jadwal["ulang"]
    options: dict[str, Any] = {"dtstart": mulai}
    if ulang == "tidak":
        return rrule(DAILY, count=1, **options)
    if jadwal["jumlah"] is not None:
        options["count"] = jadwal["jumlah"]
    else:
        # Inclusive by date: a session starting any time on the last day still counts.
        last_day = dt.date.fromisoformat(jadwal["sampai"])
        options["until"] = dt.datetime.combine(last_day, dt.time.max)
    if ulang == "bulanan" and mulai.day > 28:
        # "Every 31st" means the last day in shorter months: take the latest of the
        # days 28..N that the month has.
        options["bymonthday"] = tuple(range(28, mulai.day + 1))
        options["bysetpos"] = -1
    return rrule(_FREQ[ulang], **options)


def generate_sessions(jadwal: Mapping[str, Any]) -> list[Session]:
    """The sessions a schedule produces, numbered from 1, excluded dates left out."""
    cleaned = clean_jadwal(jadwal)
    mulai = dt.datetime.fromisoformat(cleaned["mulai"])
    occurrences = rruleset()
    occurrences.rrule(_rule(cleaned))
    # Every occurrence keeps the first session's time of day, so an excluded date
    # matches exactly when combined with that time.
    for day in cleaned["kecuali"]:
        occurrences.exdate(dt.datetime.combine(dt.date.fromisoformat(day), mulai.time()))
    starts: list[dt.datetime] = list(islice(occurrences, MAX_SESI + 1))
    if len(starts) > MAX_SESI:
        raise ValidationError("workshop.too_many_sessions", field="jadwal.sampai", max=MAX_SESI)
    if not starts:
        raise ValidationError("workshop.no_sessions", field="jadwal.kecuali")
    durasi = dt.timedelta(minutes=cleaned["durasi_menit"])
    return [
        {"no": no, "mulai": _iso(start), "selesai": _iso(start + durasi), "batal": False}
        for no, start in enumerate(starts, start=1)
    ]


# --------------------------------------------------------------------------- workshop


def _clean_nips(value: object, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(nip, str) for nip in value):
        raise ValidationError("workshop.nip_list_invalid", field=field)
    nips = [nip.replace(" ", "") for nip in value]
    if len(set(nips)) != len(nips):
        raise ValidationError("workshop.nip_list_invalid", field=field)
    return nips


def _clean_sessions(value: object) -> list[Session]:
    if not isinstance(value, list | tuple) or not value:
        raise ValidationError("workshop.sesi_invalid", field="sesi")
    sessions: list[Session] = []
    for raw in value:
        if not isinstance(raw, Mapping):
            raise ValidationError("workshop.sesi_invalid", field="sesi")
        try:
            no = _as_int(raw.get("no"), "sesi")
            start = _parse_datetime(raw.get("mulai"), "sesi")
            end = _parse_datetime(raw.get("selesai"), "sesi")
        except ValidationError:
            raise ValidationError("workshop.sesi_invalid", field="sesi") from None
        if end <= start or no < 1:
            raise ValidationError("workshop.sesi_invalid", field="sesi")
        sessions.append(
            {"no": no, "mulai": _iso(start), "selesai": _iso(end), "batal": bool(raw.get("batal"))}
        )
    numbers = [session["no"] for session in sessions]
    if len(set(numbers)) != len(numbers):
        raise ValidationError("workshop.sesi_invalid", field="sesi")
    return sorted(sessions, key=lambda session: int(session["no"]))


def _clean_kehadiran(value: object, sessions: Sequence[Session]) -> dict[str, dict[str, str]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError("workshop.kehadiran_invalid", field="kehadiran")
    numbers = {str(session["no"]) for session in sessions}
    cleaned: dict[str, dict[str, str]] = {}
    for no, by_nip in value.items():
        if str(no) not in numbers or not isinstance(by_nip, Mapping):
            raise ValidationError("workshop.kehadiran_invalid", field="kehadiran")
        for status in by_nip.values():
            if status not in STATUS_KEHADIRAN:
                raise ValidationError("workshop.status_invalid", field="kehadiran", value=status)
        cleaned[str(no)] = {str(nip): str(status) for nip, status in by_nip.items()}
    return cleaned


def clean_workshop(
    data: Mapping[str, Any], kriteria_codes: Iterable[str] | None = None
) -> Workshop:
    """A checked, normalised workshop from form input or a stored record.

    Sessions are generated from ``jadwal`` when ``data`` has none; existing sessions
    (possibly moved or cancelled) are kept, so re-saving an edited record never loses
    them; use ``reschedule`` to replace them.  ``kriteria_codes``, when given, is the
    office's criteria, and the linked criterion must be one of them.  Raising capacity
    here does not promote from the waiting list; ``set_kapasitas`` does.
    """
    judul = _as_text(data.get("judul"), "judul", MAX_JUDUL, required=True)
    jenis = str(data.get("jenis") or "").strip().lower()
    if jenis not in JENIS:
        raise ValidationError(
            "workshop.jenis_invalid", field="jenis", value=jenis, pilihan=", ".join(JENIS)
        )
    kriteria = str(data.get("kriteria") or "").strip()
    if kriteria and kriteria_codes is not None and kriteria not in set(kriteria_codes):
        raise ValidationError("workshop.kriteria_unknown", field="kriteria", value=kriteria)
    penyelenggara = _as_text(data.get("penyelenggara"), "penyelenggara", MAX_TEKS)
    tempat = _as_text(data.get("tempat"), "tempat", MAX_TEKS)
    kapasitas = _as_int(data.get("kapasitas"), "kapasitas")
    if kapasitas < 1:
        raise ValidationError("workshop.kapasitas_min", field="kapasitas")
    jp_per_sesi = _as_int(data.get("jp_per_sesi"), "jp_per_sesi")
    if jp_per_sesi < 1:
        raise ValidationError("workshop.jp_min", field="jp_per_sesi")
    jadwal = clean_jadwal(data.get("jadwal") or {})
    raw_sessions = data.get("sesi")
    sessions = generate_sessions(jadwal) if not raw_sessions else _clean_sessions(raw_sessions)
    peserta = _clean_nips(data.get("peserta"), "peserta")
    antrian = _clean_nips(data.get("antrian"), "antrian")
    if set(peserta) & set(antrian):
        raise ValidationError("workshop.nip_list_invalid", field="antrian")
    if len(peserta) > kapasitas:
        raise ValidationError(
            "workshop.kapasitas_below_peserta",
            field="kapasitas",
            kapasitas=kapasitas,
            jumlah=len(peserta),
        )
    cleaned: Workshop = {
        key: copy.deepcopy(value) for key, value in data.items() if key in ("id", "rev")
    }
    cleaned.update(
        {
            "judul": judul,
            "jenis": jenis,
            "kriteria": kriteria,
            "penyelenggara": penyelenggara,
            "tempat": tempat,
            "kapasitas": kapasitas,
            "jp_per_sesi": jp_per_sesi,
            "jadwal": jadwal,
            "sesi": sessions,
            "peserta": peserta,
            "antrian": antrian,
            "kehadiran": _clean_kehadiran(data.get("kehadiran"), sessions),
        }
    )
    return cleaned


def is_klasikal(ws: Mapping[str, Any]) -> bool:
    """Classroom formats (pelatihan, workshop, seminar, kursus) versus on-the-job ones."""
    return ws.get("jenis") in JENIS_KLASIKAL


def _session(ws: Mapping[str, Any], no: int) -> Session:
    for session in ws["sesi"]:
        if session["no"] == no:
            return dict(session)
    raise ValidationError("workshop.session_unknown", field="sesi", no=no)


def active_sessions(ws: Mapping[str, Any]) -> list[Session]:
    """The sessions that still take place."""
    return [session for session in ws["sesi"] if not session.get("batal")]


def _check_participants_free(
    ws: Workshop, other_workshops: Sequence[Mapping[str, Any]], field: str
) -> None:
    for nip in ws["peserta"]:
        clash = find_clash(nip, ws, other_workshops)
        if clash is not None:
            other, mine, theirs = clash
            raise ValidationError(
                "workshop.move_clash",
                field=field,
                no=mine["no"],
                nip=_show_nip(nip),
                judul_lain=other["judul"],
                no_lain=theirs["no"],
                waktu_lain=Waktu(_start(theirs)),
            )


def move_session(
    ws: Mapping[str, Any],
    no: int,
    new_start: str | dt.datetime,
    other_workshops: Sequence[Mapping[str, Any]] = (),
) -> Workshop:
    """The workshop with session ``no`` starting at ``new_start``, same duration.

    Refused for a cancelled session, when it would overlap another session of this
    workshop, or when it would make a participant clash with another workshop in
    ``other_workshops``.
    """
    session = _session(ws, no)
    if session["batal"]:
        raise ValidationError("workshop.session_cancelled", field="sesi", no=no)
    start = _parse_datetime(new_start, "sesi")
    moved = {
        **session,
        "mulai": _iso(start),
        "selesai": _iso(start + (_end(session) - _start(session))),
    }
    for other in ws["sesi"]:
        if other["no"] != no and sessions_overlap(moved, other):
            raise ValidationError(
                "workshop.session_self_overlap", field="sesi", no=no, other=other["no"]
            )
    result = copy.deepcopy(dict(ws))
    result["sesi"] = [moved if item["no"] == no else item for item in result["sesi"]]
    _check_participants_free(result, other_workshops, "sesi")
    return result


def cancel_session(ws: Mapping[str, Any], no: int) -> Workshop:
    """The workshop with session ``no`` cancelled; its attendance is kept but earns no JP."""
    _session(ws, no)
    result = copy.deepcopy(dict(ws))
    for session in result["sesi"]:
        if session["no"] == no:
            session["batal"] = True
    return result


def reschedule(
    ws: Mapping[str, Any],
    jadwal: Mapping[str, Any],
    other_workshops: Sequence[Mapping[str, Any]] = (),
) -> Workshop:
    """The workshop with all sessions regenerated from a new schedule.

    Refused once attendance has been recorded (the numbers it hangs on would change
    meaning) and when a participant would clash with another workshop.
    """
    if any(ws.get("kehadiran", {}).values()):
        raise ValidationError("workshop.reschedule_has_attendance", field="jadwal.mulai")
    result = copy.deepcopy(dict(ws))
    result["jadwal"] = clean_jadwal(jadwal)
    result["sesi"] = generate_sessions(result["jadwal"])
    result["kehadiran"] = {}
    _check_participants_free(result, other_workshops, "jadwal.mulai")
    return result


# --------------------------------------------------------------------------- enrolment


def sessions_overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two sessions share any minute; cancelled sessions never overlap."""
    if a.get("batal") or b.get("batal"):
        return False
    return _start(a) < _end(b) and _start(b) < _end(a)


def _same_workshop(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    if a is b:
        return True
    return a.get("id") is not None and a.get("id") == b.get("id")


def find_clash(
    nip: str, ws: Mapping[str, Any], other_workshops: Sequence[Mapping[str, Any]]
) -> tuple[Mapping[str, Any], Session, Session] | None:
    """The first (other workshop, session here, session there) that overlaps for ``nip``.

    Only workshops where ``nip`` is a participant count: a place on a waiting list is
    not a commitment yet.  ``ws`` itself may appear in ``other_workshops`` (recognised
    by its ``id``, or by identity for a record not stored yet).
    """
    mine = sorted(active_sessions(ws), key=_start)
    for other in other_workshops:
        if _same_workshop(ws, other) or nip not in other.get("peserta", ()):
            continue
        theirs = sorted(active_sessions(other), key=_start)
        for a in mine:
            for b in theirs:
                if sessions_overlap(a, b):
                    return other, dict(a), dict(b)
    return None


def _clash_error(
    nama: str, ws: Mapping[str, Any], clash: tuple[Mapping[str, Any], Session, Session]
) -> ValidationError:
    other, mine, theirs = clash
    return ValidationError(
        "workshop.clash",
        field="peserta",
        nama=nama,
        judul=ws["judul"],
        no=mine["no"],
        waktu=Waktu(_start(mine)),
        judul_lain=other["judul"],
        no_lain=theirs["no"],
        waktu_lain=Waktu(_start(theirs)),
    )


def enrol(
    ws: Mapping[str, Any],
    nip: str,
    other_workshops: Sequence[Mapping[str, Any]],
    employees_by_nip: Mapping[str, Employee],
) -> tuple[Workshop, str]:
    """The workshop with ``nip`` added: a seat ("peserta") or the waiting list ("antrian").

    Refuses unknown and inactive employees, a second enrolment, and anyone whose
    sessions would overlap another workshop they are a participant of.
    """
    nip = nip.replace(" ", "")
    employee = employees_by_nip.get(nip)
    if employee is None:
        raise ValidationError("workshop.employee_unknown", field="peserta", nip=_show_nip(nip))
    nama = str(employee["nama"])
    if not employee.get("aktif", True):
        raise ValidationError("workshop.employee_inactive", field="peserta", nama=nama)
    if nip in ws["peserta"]:
        raise ValidationError("workshop.already_enrolled", field="peserta", nama=nama)
    if nip in ws["antrian"]:
        raise ValidationError(
            "workshop.already_waiting",
            field="peserta",
            nama=nama,
            urutan=list(ws["antrian"]).index(nip) + 1,
        )
    clash = find_clash(nip, ws, other_workshops)
    if clash is not None:
        raise _clash_error(nama, ws, clash)
    result = copy.deepcopy(dict(ws))
    if len(result["peserta"]) < result["kapasitas"]:
        result["peserta"].append(nip)
        return result, "peserta"
    result["antrian"].append(nip)
    return result, "antrian"


def _promote(
    ws: Workshop,
    other_workshops: Sequence[Mapping[str, Any]],
    employees_by_nip: Mapping[str, Employee] | None,
) -> list[str]:
    """Fill free seats from the waiting list in order, skipping who cannot take one now.

    A skipped person keeps their place in the queue: the clash may go away later.
    """
    promoted: list[str] = []
    while len(ws["peserta"]) < ws["kapasitas"]:
        for nip in ws["antrian"]:
            employee = (employees_by_nip or {}).get(nip)
            if employees_by_nip is not None and (employee is None or not employee.get("aktif")):
                continue
            if find_clash(nip, ws, other_workshops) is None:
                break
        else:
            break
        ws["antrian"].remove(nip)
        ws["peserta"].append(nip)
        promoted.append(nip)
    return promoted


def withdraw(
    ws: Mapping[str, Any],
    nip: str,
    other_workshops: Sequence[Mapping[str, Any]] = (),
    employees_by_nip: Mapping[str, Employee] | None = None,
) -> tuple[Workshop, str | None]:
    """The workshop without ``nip``, and who was promoted to the freed seat, if anyone.

    Attendance already recorded for ``nip`` is kept: JP earned stays earned.  With
    ``employees_by_nip`` given, inactive people on the waiting list are passed over.
    """
    nip = nip.replace(" ", "")
    result = copy.deepcopy(dict(ws))
    if nip in result["antrian"]:
        result["antrian"].remove(nip)
        return result, None
    if nip not in result["peserta"]:
        raise ValidationError("workshop.not_enrolled", field="peserta", nip=_show_nip(nip))
    result["peserta"].remove(nip)
    promoted = _promote(result, other_workshops, employees_by_nip)
    return result, promoted[0] if promoted else None


def set_kapasitas(
    ws: Mapping[str, Any],
    kapasitas: int | str,
    other_workshops: Sequence[Mapping[str, Any]] = (),
    employees_by_nip: Mapping[str, Employee] | None = None,
) -> tuple[Workshop, list[str]]:
    """The workshop with a new capacity, and who moved up from the waiting list.

    Lowering it below the number of participants is refused: nobody loses a seat
    silently; withdraw someone first.
    """
    value = _as_int(kapasitas, "kapasitas")
    if value < 1:
        raise ValidationError("workshop.kapasitas_min", field="kapasitas")
    if value < len(ws["peserta"]):
        raise ValidationError(
            "workshop.kapasitas_below_peserta",
            field="kapasitas",
            kapasitas=value,
            jumlah=len(ws["peserta"]),
        )
    result = copy.deepcopy(dict(ws))
    result["kapasitas"] = value
    return result, _promote(result, other_workshops, employees_by_nip)


# --------------------------------------------------------------------------- attendance


def record_attendance(
    ws: Mapping[str, Any], no: int, nip: str, status: str, *, now: dt.datetime
) -> Workshop:
    """The workshop with ``nip``'s attendance at session ``no`` set to ``status``.

    A session that has not started by ``now`` cannot be marked: attendance is a
    record of what happened, and it earns JP.
    """
    status = str(status).strip().lower()
    if status not in STATUS_KEHADIRAN:
        raise ValidationError("workshop.status_invalid", field="kehadiran", value=status)
    session = _session(ws, no)
    if session["batal"]:
        raise ValidationError("workshop.session_cancelled", field="sesi", no=no)
    start, _end_time = session_times(session)
    if start > now:
        raise ValidationError(
            "workshop.session_not_started", field="sesi", no=no, waktu=Waktu(start)
        )
    nip = nip.replace(" ", "")
    if nip not in ws["peserta"]:
        raise ValidationError("workshop.not_participant", field="kehadiran", nip=_show_nip(nip))
    result = copy.deepcopy(dict(ws))
    result.setdefault("kehadiran", {}).setdefault(str(no), {})[nip] = status
    return result


def attendance_counts(ws: Mapping[str, Any], no: int) -> dict[str, int]:
    """How many participants are marked hadir, izin, sakit and alpa at session ``no``.

    Marks left from someone no longer enrolled are not counted; whoever has no mark
    yet is ``len(ws["peserta"]) - sum(counts.values())``.
    """
    marks: Mapping[str, str] = ws.get("kehadiran", {}).get(str(no), {})
    counts = dict.fromkeys(STATUS_KEHADIRAN, 0)
    for nip in ws["peserta"]:
        status = marks.get(nip)
        if status in counts:
            counts[status] += 1
    return counts


def jp_earned(ws: Mapping[str, Any], nip: str, year: int | None = None) -> int:
    """JP ``nip`` earned here: jp_per_sesi per attended session (in ``year``, by start date)."""
    kehadiran = ws.get("kehadiran", {})
    attended = [
        session
        for session in active_sessions(ws)
        if kehadiran.get(str(session["no"]), {}).get(nip) == "hadir"
        and (year is None or _start(session).year == year)
    ]
    return len(attended) * int(ws["jp_per_sesi"])


def jp_tally(
    workshops: Iterable[Mapping[str, Any]],
    employees: Iterable[Employee],
    year: int,
    target: int,
) -> list[dict[str, Any]]:
    """JP per active employee in ``year`` against ``target``, ordered by nama then nip.

    The JP are summed in one pass over the recorded attendance (not once per employee
    and workshop), so an office of thousands with a hundred workshops answers at once.
    """
    if target < 0:
        raise ValidationError("workshop.target_invalid", field="target_jp")
    earned: dict[str, int] = {}
    for ws in workshops:
        kehadiran: Mapping[str, Mapping[str, str]] = ws.get("kehadiran", {})
        for session in active_sessions(ws):
            if _start(session).year != year:
                continue
            for nip, status in kehadiran.get(str(session["no"]), {}).items():
                if status == "hadir":
                    earned[nip] = earned.get(nip, 0) + int(ws["jp_per_sesi"])
    rows: list[dict[str, Any]] = []
    for employee in employees:
        if not employee.get("aktif", True):
            continue
        nip = str(employee["nip"])
        jp = earned.get(nip, 0)
        rows.append(
            {
                "nip": nip,
                "nama": employee["nama"],
                "unit": employee.get("unit", ""),
                "jp": jp,
                "target": target,
                "kurang": max(0, target - jp),
            }
        )
    rows.sort(key=lambda row: (str(row["nama"]).casefold(), row["nip"]))
    return rows


def below_target(tally: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows still short of the target, furthest behind first (then by nama, nip)."""
    short = [dict(row) for row in tally if row["kurang"] > 0]
    short.sort(key=lambda row: (-row["kurang"], str(row["nama"]).casefold(), row["nip"]))
    return short


# --------------------------------------------------------------------------- recommendation


def recommend(
    ws: Mapping[str, Any], criterion_means: Mapping[str, float], employees: Iterable[Employee]
) -> list[str]:
    """Active employees who would gain most from ``ws``, weakest on its criterion first.

    ``criterion_means`` maps nip to the role-weighted mean on the workshop's linked
    criterion in the latest period with scores.  Ties go by nama; employees without a
    mean come last (by nama).  Participants and those waiting are left out.
    """
    taken = set(ws.get("peserta", ())) | set(ws.get("antrian", ()))
    candidates = [
        employee
        for employee in employees
        if employee.get("aktif", True) and employee["nip"] not in taken
    ]

    def order(employee: Employee) -> tuple[bool, float, str, str]:
        mean = criterion_means.get(employee["nip"])
        return (
            mean is None,
            float(mean) if mean is not None else 0.0,
            str(employee["nama"]).casefold(),
            str(employee["nip"]),
        )

    return [str(employee["nip"]) for employee in sorted(candidates, key=order)]
