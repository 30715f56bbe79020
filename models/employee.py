"""The employee register's rules: what a valid employee record is, and who may supervise whom.

Records are plain dicts (see EMPLOYEE_FIELDS).  Every write goes through
``clean_employee`` so stored text is trimmed and codes are canonical, and every
change of supervisor goes through ``check_supervisor`` so the organisation chart
stays a tree of active people.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from typing import Any, Final, TypeVar

from models.errors import ValidationError
from models.golongan import normalize_golongan, normalize_jenis_jabatan, pangkat
from models.nip import format_nip, normalize_jenis_asn, normalize_nip, validate_nip
from models.text import one_line

# The order of the import/export columns; cleaned records use the same order.
EMPLOYEE_FIELDS: Final[list[str]] = [
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jenis_asn",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "unit",
    "atasan_nip",
    "aktif",
]
NAMA_MAX = 100

ATASAN_UNSET: Final = "atasan_belum_diisi"
"""Record key, true while an employee's supervisor is not known yet (added from SIASN).

Such an employee is not the head of the office, whose ``atasan_nip`` is also
``None``: they still need an atasan rating, and Kelengkapan lists them.
Setting a supervisor clears it.
"""
ATASAN_UNSET_MARK: Final = "?"
"""How the employee file writes an unknown supervisor (blank means the head of the office)."""

_AKTIF_WORDS = {"ya": True, "true": True, "1": True, "tidak": False, "false": False, "0": False}

E = TypeVar("E", bound=Mapping[str, Any])


def _text(data: Mapping[str, object], field: str) -> str:
    """One line of clean text: no control characters, single spaces, no outer spaces."""
    value = data.get(field)
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValidationError("employee.not_text", field=field, kolom=field)
    # Line breaks and tabs pasted from spreadsheets become single spaces; any
    # other invisible character is refused (models/text.py).
    return one_line(value, field)


def parse_aktif(value: object) -> bool:
    """``True``/``False`` from a bool or from ``ya``/``tidak``, ``true``/``false``, ``1``/``0``.

    A missing or blank value means active: a new employee is normally working.
    """
    if value is None:
        return True
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if not text:
        return True
    if text in _AKTIF_WORDS:
        return _AKTIF_WORDS[text]
    raise ValidationError("employee.aktif_invalid", field="aktif", value=str(value).strip())


def _check_employee(data: Mapping[str, object]) -> tuple[dict[str, Any], list[ValidationError]]:
    """The cleaned record and every problem found, field by field in form order."""
    errors: list[ValidationError] = []
    clean: dict[str, Any] = {}

    jenis: str | None = None
    try:
        jenis = normalize_jenis_asn(data.get("jenis_asn"))
    except ValidationError as err:
        errors.append(err)

    try:
        nip = normalize_nip(_text(data, "nip"))
        if jenis is not None:
            validate_nip(nip, jenis)
        clean["nip"] = nip
    except ValidationError as err:
        errors.append(err)
    clean["jenis_asn"] = jenis

    try:
        nama = _text(data, "nama")
        if not nama:
            raise ValidationError("employee.nama_required", field="nama")
        if len(nama) > NAMA_MAX:
            raise ValidationError(
                "employee.nama_too_long", field="nama", max=NAMA_MAX, count=len(nama)
            )
        clean["nama"] = nama
    except ValidationError as err:
        errors.append(err)

    for field in ("gelar_depan", "gelar_belakang"):
        try:
            clean[field] = _text(data, field)
        except ValidationError as err:
            errors.append(err)

    try:
        golongan = _text(data, "golongan")
        if jenis is not None:
            clean["golongan"] = normalize_golongan(golongan, jenis)
    except ValidationError as err:
        errors.append(err)

    for field, key in (
        ("jabatan", "employee.jabatan_required"),
        ("unit", "employee.unit_required"),
    ):
        try:
            value = _text(data, field)
            if not value:
                raise ValidationError(key, field=field)
            clean[field] = value
        except ValidationError as err:
            errors.append(err)

    try:
        clean["jenis_jabatan"] = normalize_jenis_jabatan(_text(data, "jenis_jabatan"))
    except ValidationError as err:
        errors.append(err)

    try:
        atasan = _text(data, "atasan_nip")
        clean["atasan_nip"] = normalize_nip(atasan, field="atasan_nip") if atasan else None
    except ValidationError as err:
        errors.append(err)

    try:
        clean["aktif"] = parse_aktif(data.get("aktif"))
    except ValidationError as err:
        errors.append(err)

    return {field: clean.get(field) for field in EMPLOYEE_FIELDS}, errors


def employee_errors(data: Mapping[str, object]) -> list[ValidationError]:
    """Every problem in ``data`` at once, so a form or an import report can show them all."""
    return _check_employee(data)[1]


def clean_employee(data: Mapping[str, object]) -> dict[str, Any]:
    """The normalised employee record for ``data``; raises the first problem found.

    The result holds exactly EMPLOYEE_FIELDS: NIPs without spaces, canonical
    jenis_asn / golongan / jenis_jabatan, trimmed text, ``atasan_nip`` ``None``
    for the head of office and ``aktif`` a bool.  Supervisor rules need the
    whole register and are checked separately by ``check_supervisor``.
    """
    clean, errors = _check_employee(data)
    if errors:
        raise errors[0]
    return clean


def derived(emp: Mapping[str, Any]) -> dict[str, Any]:
    """Facts read from the NIP and grade, shown read-only beside the record.

    Dates are ISO strings like every stored date; ``tmt_cpns`` is ``None`` for PPPK.
    """
    info = validate_nip(emp["nip"], emp["jenis_asn"])
    return {
        "tanggal_lahir": info.tanggal_lahir.isoformat(),
        "jenis_kelamin": info.jenis_kelamin,
        "tmt_cpns": info.tmt_cpns.isoformat() if info.tmt_cpns else None,
        "pangkat": pangkat(emp["golongan"], emp["jenis_asn"]),
    }


def display_name(emp: Mapping[str, Any]) -> str:
    """The name with academic titles, as written on letters: ``Dr. Siti Aminah, S.Sos.``."""
    name = " ".join(
        part
        for part in (str(emp.get("gelar_depan") or "").strip(), str(emp["nama"]).strip())
        if part
    )
    belakang = str(emp.get("gelar_belakang") or "").strip()
    return f"{name}, {belakang}" if belakang else name


def _label(nip: str, employees_by_nip: Mapping[str, Mapping[str, Any]]) -> str:
    """How a message names an employee: the name, or the NIP when the name is unknown."""
    emp = employees_by_nip.get(nip)
    nama = str(emp.get("nama") or "") if emp else ""
    return nama or format_nip(nip)


def _chain_to(
    nip: str, atasan_nip: str, employees_by_nip: Mapping[str, Mapping[str, Any]]
) -> list[str] | None:
    """The supervisor chain from ``atasan_nip`` up to ``nip``, or ``None`` if it never reaches it.

    ``nip``'s own current supervisor is never followed, because it is the link
    being replaced.  A cycle elsewhere in damaged data ends the walk.
    """
    chain: list[str] = []
    seen: set[str] = set()
    current: str | None = atasan_nip
    while current:
        chain.append(current)
        if current == nip:
            return chain
        if current in seen:
            return None
        seen.add(current)
        emp = employees_by_nip.get(current)
        if emp is None:
            return None
        current = emp.get("atasan_nip") or None
    return None


def would_cycle(
    nip: str, atasan_nip: str, employees_by_nip: Mapping[str, Mapping[str, Any]]
) -> bool:
    """Whether making ``atasan_nip`` the supervisor of ``nip`` closes a loop (self included)."""
    return _chain_to(nip, atasan_nip, employees_by_nip) is not None


def check_supervisor(
    nip: str,
    atasan_nip: str | None,
    employees_by_nip: Mapping[str, Mapping[str, Any]],
    *,
    aktif: bool = True,
) -> None:
    """Raise a ValidationError (field ``atasan_nip``) unless ``atasan_nip`` may supervise ``nip``.

    The supervisor must be registered, must not be the employee, must not sit
    below the employee in the chart, and must be active while the employee is
    (an inactive employee keeps the supervisor they had, as history).
    ``None`` means the employee heads the office and is always allowed.
    """
    if not atasan_nip:
        return
    check_supervisor_link(nip, atasan_nip, employees_by_nip, aktif=aktif)
    nama = _label(nip, employees_by_nip)
    atasan_nama = _label(atasan_nip, employees_by_nip)
    chain = _chain_to(nip, atasan_nip, employees_by_nip)
    if chain is None:
        return
    if len(chain) == 2:
        raise ValidationError(
            "employee.atasan_cycle_direct", field="atasan_nip", atasan=atasan_nama, nama=nama
        )
    path = " → ".join(_label(link, employees_by_nip) for link in reversed(chain))
    raise ValidationError(
        "employee.atasan_cycle_indirect",
        field="atasan_nip",
        atasan=atasan_nama,
        nama=nama,
        path=path,
    )


def check_supervisor_link(
    nip: str,
    atasan_nip: str,
    employees_by_nip: Mapping[str, Mapping[str, Any]],
    *,
    aktif: bool = True,
) -> None:
    """The rules of ``check_supervisor`` that look at the two people only, not the chain.

    A bulk check (an import) tests these per row and finds loops in the whole
    chart at once, which keeps it linear in the number of employees.
    """
    if atasan_nip == nip:
        nama = _label(nip, employees_by_nip)
        raise ValidationError("employee.atasan_self", field="atasan_nip", nama=nama)
    atasan = employees_by_nip.get(atasan_nip)
    if atasan is None:
        raise ValidationError(
            "employee.atasan_unknown", field="atasan_nip", atasan_nip=format_nip(atasan_nip)
        )
    if aktif and not atasan.get("aktif", True):
        atasan_nama = _label(atasan_nip, employees_by_nip)
        raise ValidationError("employee.atasan_inactive", field="atasan_nip", atasan=atasan_nama)


def subordinates(nip: str, employees: Iterable[E]) -> list[E]:
    """The employees whose direct supervisor is ``nip``, in the order given."""
    return [emp for emp in employees if emp.get("atasan_nip") == nip]


def check_deactivate(
    nip: str,
    employees_by_nip: Mapping[str, Mapping[str, Any]],
    *,
    ignore: Container[str] = (),
) -> None:
    """Raise unless ``nip`` can be made inactive: no active employee may still report to them.

    ``ignore`` skips subordinates whose own records are being changed in the
    same operation (an import reports those on their own rows).
    """
    blocking = [
        emp
        for emp in subordinates(nip, employees_by_nip.values())
        if emp.get("aktif", True) and emp.get("nip") not in ignore
    ]
    if blocking:
        raise ValidationError(
            "employee.deactivate_has_subordinates",
            field="aktif",
            nama=_label(nip, employees_by_nip),
            bawahan=", ".join(str(emp.get("nama") or emp.get("nip")) for emp in blocking),
        )
