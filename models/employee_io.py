"""Employee import plans and export rows.

An import is all-or-nothing: the whole file is checked against the register
first, and every bad row is reported with its line number, so the clerk fixes
the spreadsheet once instead of discovering problems one at a time.  The plan
says what would change; applying it is the storage layer's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from models.employee import EMPLOYEE_FIELDS as EMPLOYEE_FIELDS
from models.employee import (
    check_deactivate,
    check_supervisor,
    clean_employee,
    employee_errors,
)
from models.errors import ValidationError
from models.i18n import t
from models.nip import format_nip, normalize_nip

REQUIRED_COLUMNS: tuple[str, ...] = (
    "nip",
    "nama",
    "jenis_asn",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "unit",
)
"""Columns a file must have; the others may be left out and then keep their current value."""

_OPTIONAL_DEFAULTS: dict[str, object] = {
    "gelar_depan": "",
    "gelar_belakang": "",
    "atasan_nip": None,
    "aktif": True,
}
# Excel turns an 18-digit NIP typed as a number into "1.98609E+17" or drops the
# last digits to 000; both deserve a hint about formatting the column as text.
_SCIENTIFIC = re.compile(r"\d(?:[.,]\d+)?[eE]\+?\d+")
_EXCEL_HINT_FIELDS = ("nip", "atasan_nip")


@dataclass(frozen=True)
class RowError:
    """One problem in one row of an import file."""

    line: int
    nip: str
    """The row's NIP as written (without spaces when it could be read), for the report."""
    message: str


@dataclass
class ImportPlan:
    """What importing a file would do.

    Only a plan without errors may be applied.  ``added`` and ``updated`` are
    filled for the good rows even when other rows have errors, so a report can
    say what the file would do once fixed.
    """

    errors: list[RowError] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)
    """New employees, as clean records."""
    updated: list[dict[str, Any]] = field(default_factory=list)
    """Changed employees: the full new record, keeping the stored keys (``id``, ``rev``)."""
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    nip_text: str
    nip: str | None
    record: dict[str, Any] | None
    problems: list[str]


def _message(err: ValidationError, row: Mapping[str, str]) -> str:
    """The translated error, with a hint when Excel has visibly mangled a NIP."""
    text = str(err)
    if err.field in _EXCEL_HINT_FIELDS:
        raw = "".join(row.get(err.field or "", "").split())
        if _SCIENTIFIC.fullmatch(raw) or (
            err.key.endswith("sequence_invalid") and raw.endswith("000")
        ):
            text = f"{text} ({t('employee_io.excel_hint')})"
    return text


def _read_row(
    line: int, row: Mapping[str, str], columns: set[str], existing: Mapping[str, Mapping[str, Any]]
) -> _Row:
    nip_text = "".join(row.get("nip", "").split())
    try:
        nip: str | None = normalize_nip(nip_text)
    except ValidationError:
        nip = None
    base = existing.get(nip) if nip else None
    data: dict[str, object] = {name: row[name] for name in EMPLOYEE_FIELDS if name in columns}
    for name, default in _OPTIONAL_DEFAULTS.items():
        if name not in columns:
            data[name] = base.get(name, default) if base else default
    problems = [_message(err, row) for err in employee_errors(data)]
    record = None if problems else clean_employee(data)
    return _Row(line, nip_text, nip, record, problems)


def plan_employee_import(
    rows: list[tuple[int, dict[str, str]]], existing: Mapping[str, Mapping[str, Any]]
) -> ImportPlan:
    """Check ``rows`` (from ``read_table``) against the register ``existing`` (keyed by NIP).

    Rows add new employees or replace the fields of existing ones; employees
    not in the file are left alone.  Supervisors may be employees already
    registered or rows anywhere in the file, earlier or later.
    """
    plan = ImportPlan()
    if not rows:
        return plan
    columns = {name for _, row in rows for name in row}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        message = t("employee_io.missing_columns", columns=", ".join(missing))
        plan.errors.append(RowError(line=1, nip="", message=message))
        return plan

    parsed = [_read_row(line, row, columns, existing) for line, row in rows]

    lines_by_nip: dict[str, list[int]] = {}
    for item in parsed:
        if item.nip:
            lines_by_nip.setdefault(item.nip, []).append(item.line)
    for item in parsed:
        lines = lines_by_nip.get(item.nip or "", [])
        if len(lines) > 1:
            item.problems.append(
                t(
                    "employee_io.duplicate_nip",
                    nip=format_nip(item.nip or ""),
                    lines=", ".join(str(line) for line in lines),
                )
            )

    # The register as it would be after the import, for the supervisor rules.
    proposed: dict[str, Mapping[str, Any]] = dict(existing)
    unresolved: set[str] = set()
    good = [item for item in parsed if not item.problems]
    for item in parsed:
        if item.problems and item.nip:
            unresolved.add(item.nip)
    for item in good:
        assert item.record is not None and item.nip is not None
        proposed[item.nip] = {**existing.get(item.nip, {}), **item.record}

    file_nips = set(lines_by_nip)
    for item in good:
        assert item.record is not None and item.nip is not None
        atasan = item.record["atasan_nip"]
        # A supervisor whose own row is wrong is already reported there.
        if atasan and atasan not in unresolved:
            try:
                check_supervisor(item.nip, atasan, proposed, aktif=item.record["aktif"])
            except ValidationError as err:
                item.problems.append(str(err))
        if not item.record["aktif"]:
            try:
                check_deactivate(item.nip, proposed, ignore=file_nips)
            except ValidationError as err:
                item.problems.append(str(err))

    for item in parsed:
        for problem in item.problems:
            plan.errors.append(
                RowError(line=item.line, nip=item.nip or item.nip_text, message=problem)
            )
        if item.problems or item.record is None or item.nip is None:
            continue
        current = existing.get(item.nip)
        if current is None:
            plan.added.append(item.record)
        elif all(current.get(name) == item.record[name] for name in EMPLOYEE_FIELDS):
            plan.unchanged += 1
        else:
            plan.updated.append({**current, **item.record})
    plan.errors.sort(key=lambda err: err.line)
    return plan


def employee_export_rows(employees: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Rows in the import format: exporting and importing them again changes nothing."""
    return [
        {
            **{name: str(emp.get(name) or "") for name in EMPLOYEE_FIELDS},
            "atasan_nip": emp.get("atasan_nip") or "",
            "aktif": "ya" if emp.get("aktif", True) else "tidak",
        }
        for emp in employees
    ]
