"""The shape every stored record must have, checked when a table is loaded.

A shard whose checksum is right can still hold records of the wrong shape (an
older tool, a hand edit, a hostile group member who rewrote the checksum too).
Such a table is reported as damaged, with the way to restore a backup, instead of
crashing a screen later.  Only types are checked here, not the rules of the
domain (a NIP's date, a supervisor cycle): those are checked when a record is
saved.  Keys not listed are allowed, so a record may carry more than this
version reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

Check = Callable[[Any], bool]


def _is(*types: type | None) -> Check:
    allowed = tuple(type(None) if kind is None else kind for kind in types)

    def check(value: Any) -> bool:
        return type(value) in allowed

    return check


STR: Final = _is(str)
OPT_STR: Final = _is(str, None)
INT: Final = _is(int)
OPT_INT: Final = _is(int, None)
BOOL: Final = _is(bool)
NUMBER: Final = _is(int, float)


def list_of(item: Check) -> Check:
    def check(value: Any) -> bool:
        return type(value) is list and all(item(v) for v in value)

    return check


def dict_of(item: Check) -> Check:
    def check(value: Any) -> bool:
        return type(value) is dict and all(type(k) is str and item(v) for k, v in value.items())

    return check


def record(fields: Mapping[str, Check], optional: Mapping[str, Check] | None = None) -> Check:
    """A dict with every key of ``fields`` (and, where present, those of ``optional``)."""
    required = tuple(fields.items())
    maybe = tuple((optional or {}).items())

    def check(value: Any) -> bool:
        if type(value) is not dict:
            return False
        for key, check_field in required:
            if key not in value or not check_field(value[key]):
                return False
        return all(key not in value or check_field(value[key]) for key, check_field in maybe)

    return check


def optional(check: Check) -> Check:
    def maybe(value: Any) -> bool:
        return value is None or check(value)

    return maybe


CRITERION: Final = record({"kode": STR, "nama": STR, "bobot": NUMBER}, {"panduan": list_of(STR)})
ROLE_WEIGHTS: Final = dict_of(NUMBER)

PERIOD: Final = record(
    {
        "kode": STR,
        "nama": STR,
        "jenis": STR,
        "tanggal_mulai": STR,
        "tanggal_selesai": STR,
        "status": STR,
        "kriteria": list_of(CRITERION),
    },
    {
        "organisasi": OPT_STR,
        "penutupan": optional(
            record({"pegawai": dict_of(STR), "bobot_peran": ROLE_WEIGHTS, "min_rekan": INT})
        ),
    },
)
SETTINGS: Final = record(
    {
        "kriteria": list_of(CRITERION),
        "bobot_peran": ROLE_WEIGHTS,
        "min_rekan": INT,
    },
    {
        "nama_kantor": STR,
        "tempat": STR,
        "jumlah_penghargaan": INT,
        "target_jp": INT,
    },
)
SESSION: Final = record({"no": INT, "mulai": STR, "selesai": STR}, {"batal": BOOL})
WORKSHOP: Final = record(
    {
        "judul": STR,
        "jenis": STR,
        "kapasitas": INT,
        "jp_per_sesi": INT,
        "jadwal": dict_of(lambda _value: True),
        "sesi": list_of(SESSION),
        "peserta": list_of(STR),
        "antrian": list_of(STR),
        "kehadiran": dict_of(dict_of(STR)),
    },
    {"kriteria": OPT_STR, "penyelenggara": OPT_STR, "tempat": OPT_STR},
)
AWARD: Final = record({"nip": STR, "periode": STR, "jenis": STR})
EVALUATION: Final = record(
    {
        "periode": STR,
        "nip": STR,
        "hasil_kerja": OPT_STR,
        "perilaku_kerja": OPT_STR,
        "alasan": STR,
        "catatan": STR,
    },
    {"penilai_nip": OPT_STR},
)

SHAPES: Final[dict[str, Check]] = {
    "periods": PERIOD,
    "settings": SETTINGS,
    "workshops": WORKSHOP,
    "awards": AWARD,
    "evaluations": EVALUATION,
}
"""Record shapes of the small tables, by logical table name."""


def _bad_employee(doc: dict[str, Any]) -> bool:
    s = str
    gelar_depan, gelar_belakang = doc.get("gelar_depan"), doc.get("gelar_belakang")
    return (
        doc["nip"].__class__ is not s
        or doc["nama"].__class__ is not s
        or doc["jenis_asn"].__class__ is not s
        or doc["golongan"].__class__ is not s
        or doc["jabatan"].__class__ is not s
        or doc["jenis_jabatan"].__class__ is not s
        or doc["unit"].__class__ is not s
        or doc["aktif"].__class__ is not bool
        or (doc["atasan_nip"] is not None and doc["atasan_nip"].__class__ is not s)
        or (gelar_depan is not None and gelar_depan.__class__ is not s)
        or (gelar_belakang is not None and gelar_belakang.__class__ is not s)
    )


def _bad_rating(doc: dict[str, Any]) -> bool:
    s = str
    skor = doc["skor"]
    return (
        doc["periode"].__class__ is not s
        or doc["nip_dinilai"].__class__ is not s
        or doc["nip_penilai"].__class__ is not s
        or doc["peran"].__class__ is not s
        or doc.get("catatan", "").__class__ is not s
        or skor.__class__ is not dict
        or any(v.__class__ is not int for v in skor.values())
    )


def _bad_audit(doc: dict[str, Any]) -> bool:
    s = str
    return (
        doc["aksi"].__class__ is not s
        or doc["waktu"].__class__ is not s
        or doc["pengguna"].__class__ is not s
    )


_FAST: Final[dict[str, Callable[[dict[str, Any]], bool]]] = {
    "employees": _bad_employee,
    "ratings": _bad_rating,
    "audit": _bad_audit,
}
"""The large tables, checked by hand-written functions: they are loaded at start-up
(employees) or hold tens of thousands of records (ratings, audit)."""


def _no_check(_doc: dict[str, Any]) -> bool:
    return False


def first_bad_record(table: str, docs: Mapping[str, Any]) -> str | None:
    """The key of the first record of ``docs`` that is not a valid ``table`` record.

    ``table`` is a physical table name: ``ratings/2026-S1/07`` is a ``ratings`` shard.
    Every record needs an integer ``id`` equal to its key and an integer ``rev``.
    """
    logical = table.split("/", 1)[0]
    bad = _FAST.get(logical)
    if bad is None:
        check = SHAPES.get(logical)
        bad = _no_check if check is None else (lambda doc: not check(doc))
    for key, doc in docs.items():
        try:
            record_id = doc["id"]
            if (
                doc.__class__ is not dict
                or record_id.__class__ is not int
                or doc["rev"].__class__ is not int
                or str(record_id) != key
                or bad(doc)
            ):
                return key
        except (KeyError, TypeError, AttributeError):
            return key
    return None
