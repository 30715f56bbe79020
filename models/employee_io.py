"""Employee import plans and export rows.

An import is all-or-nothing: the whole file is checked against the register
first, and every bad row is reported with its line number, so the clerk fixes
the spreadsheet once instead of discovering problems one at a time.  The plan
says what would change; applying it is the office's job.

Two kinds of file are read: Kinerja's own (``EMPLOYEE_FIELDS``) and SIASN's
"Export Data ASN" (``models.siasn``), told apart by the header.  Planning is
linear in the size of the file and of the register: the supervisor rules
that look at the whole chart (loops, deactivating someone with staff) are
answered from indexes built once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from models import siasn
from models.employee import (
    ATASAN_UNSET,
    ATASAN_UNSET_MARK,
    check_deactivate,
    check_supervisor,
    check_supervisor_link,
    clean_employee,
    employee_errors,
)
from models.employee import EMPLOYEE_FIELDS as EMPLOYEE_FIELDS
from models.errors import ValidationError
from models.i18n import t
from models.nip import format_nip, normalize_nip
from models.tabular import Sheet, header_problems

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
# Loops longer than this are reported without walking the whole loop for every row.
_LOOP_DETAIL = 20


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
    warnings: list[RowError] = field(default_factory=list)
    """Findings that do not stop the import (SIASN anomalies, supervisors still to fill in)."""
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
    line: int,
    row: Mapping[str, str],
    columns: Iterable[str],
    existing: Mapping[str, Mapping[str, Any]],
    reported: Sequence[ValidationError] = (),
) -> _Row:
    """One row checked on its own; ``reported`` are problems already found in it."""
    nip_text = "".join(row.get("nip", "").split())
    try:
        nip: str | None = normalize_nip(nip_text)
    except ValidationError:
        nip = None
    base = existing.get(nip) if nip else None
    data: dict[str, object] = {name: row[name] for name in EMPLOYEE_FIELDS if name in columns}
    unset = "atasan_nip" in data and str(data["atasan_nip"]).strip() == ATASAN_UNSET_MARK
    if unset:
        data["atasan_nip"] = ""
    for name, default in _OPTIONAL_DEFAULTS.items():
        if name not in columns:
            data[name] = base.get(name, default) if base else default
    fields = {err.field for err in reported}
    problems = [str(err) for err in reported]
    problems += [_message(err, row) for err in employee_errors(data) if err.field not in fields]
    record = None if problems else clean_employee(data)
    if record is not None:
        if "atasan_nip" in columns:
            # The file says who the supervisor is: "?" that it is not known yet.
            if unset or (base and base.get(ATASAN_UNSET)):
                record[ATASAN_UNSET] = unset
        elif base is not None and base.get(ATASAN_UNSET):
            record[ATASAN_UNSET] = True
    return _Row(line, nip_text, nip, record, problems)


def plan_employee_import(
    rows: list[tuple[int, dict[str, str]]],
    existing: Mapping[str, Mapping[str, Any]],
    *,
    sheet: Sheet | None = None,
) -> ImportPlan:
    """Check ``rows`` (from ``read_table``) against the register ``existing`` (keyed by NIP).

    Rows add new employees or replace the fields of existing ones; employees
    not in the file are left alone.  Supervisors may be employees already
    registered or rows anywhere in the file, earlier or later.  ``sheet``
    gives the header, so columns nobody knows are refused by name.
    """
    plan = ImportPlan()
    if not rows:
        return plan
    columns = list(sheet.columns) if sheet is not None else list(rows[0][1])
    header_line = sheet.header_line if sheet is not None else 1
    if siasn.is_siasn(columns):
        return _plan_siasn(rows, columns, header_line, existing, sheet)
    plan.errors = _header_errors(sheet, columns, header_line, EMPLOYEE_FIELDS, REQUIRED_COLUMNS)
    if plan.errors:
        return plan
    parsed = [_read_row(line, row, columns, existing) for line, row in rows]
    _resolve(parsed, existing, plan)
    return plan


def _header_errors(
    sheet: Sheet | None,
    columns: Sequence[str],
    header_line: int,
    known: Sequence[str],
    required: Sequence[str],
) -> list[RowError]:
    """Unknown and missing columns (without the sheet, only missing ones can be told)."""
    if sheet is not None:
        problems = header_problems(sheet, known, required)
    else:
        missing = [name for name in required if name not in columns]
        problems = [t("tabular.missing_columns", columns=", ".join(missing))] if missing else []
    return [RowError(header_line, "", problem) for problem in problems]


def _plan_siasn(
    rows: list[tuple[int, dict[str, str]]],
    columns: Sequence[str],
    header_line: int,
    existing: Mapping[str, Mapping[str, Any]],
    sheet: Sheet | None,
) -> ImportPlan:
    """A SIASN "Export Data ASN" file: its rows mapped by ``models.siasn``, then as ours."""
    plan = ImportPlan()
    known = [siasn.key(column) for column in siasn.COLUMNS]
    required = [siasn.key(column) for column in siasn.REQUIRED]
    plan.errors = _header_errors(sheet, columns, header_line, known, required)
    if plan.errors:
        return plan
    target = [name for name, column in siasn.COPIED.items() if siasn.key(column) in columns]
    target += ["jenis_asn", "golongan", "jenis_jabatan"]
    parsed: list[_Row] = []
    for line, row in rows:
        converted = siasn.convert(row, existing)
        item = _read_row(line, converted.data, target, existing, converted.problems)
        parsed.append(item)
        nip = item.nip or item.nip_text
        plan.warnings.extend(RowError(line, nip, note) for note in converted.anomalies)
        if item.record is not None and item.nip not in existing:
            item.record[ATASAN_UNSET] = True
            plan.warnings.append(RowError(line, nip, t("employee_io.atasan_unset")))
    _resolve(parsed, existing, plan)
    return plan


def _loops(register: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    """Every NIP on a supervisor loop, with the length of its loop; one pass over the chart."""
    on_loop: dict[str, int] = {}
    done: set[str] = set()
    for start in register:
        if start in done:
            continue
        path: list[str] = []
        index: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done and node not in index:
            index[node] = len(path)
            path.append(node)
            following = register[node].get("atasan_nip") or None
            node = following if following in register else None
        if node is not None and node in index:
            loop = path[index[node] :]
            for member in loop:
                on_loop[member] = len(loop)
        done.update(path)
    return on_loop


def _resolve(
    parsed: list[_Row], existing: Mapping[str, Mapping[str, Any]], plan: ImportPlan
) -> None:
    """Check the rows against each other and the register; fill ``plan``."""
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
    unresolved = {item.nip for item in parsed if item.problems and item.nip}
    good = [item for item in parsed if not item.problems]
    for item in good:
        assert item.record is not None and item.nip is not None
        proposed[item.nip] = {**existing.get(item.nip, {}), **item.record}
    staff: dict[str, list[str]] = {}
    for nip, emp in proposed.items():
        atasan = emp.get("atasan_nip")
        if atasan:
            staff.setdefault(atasan, []).append(nip)
    loops = _loops(proposed)

    file_nips = set(lines_by_nip)
    for item in good:
        assert item.record is not None and item.nip is not None
        atasan = item.record["atasan_nip"]
        aktif = item.record["aktif"]
        # A supervisor whose own row is wrong is already reported there.
        if atasan and atasan not in unresolved:
            try:
                loop = loops.get(item.nip, 0)
                if loop and loop <= _LOOP_DETAIL:
                    check_supervisor(item.nip, atasan, proposed, aktif=aktif)
                else:
                    check_supervisor_link(item.nip, atasan, proposed, aktif=aktif)
                if loop > _LOOP_DETAIL:
                    raise ValidationError(
                        "employee_io.atasan_loop_long", field="atasan_nip", count=loop
                    )
            except ValidationError as err:
                item.problems.append(str(err))
        if not aktif:
            team = {item.nip: proposed[item.nip]}
            team.update((nip, proposed[nip]) for nip in staff.get(item.nip, ()))
            try:
                check_deactivate(item.nip, team, ignore=file_nips)
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
        elif all(current.get(name) == item.record[name] for name in EMPLOYEE_FIELDS) and bool(
            current.get(ATASAN_UNSET)
        ) == bool(item.record.get(ATASAN_UNSET)):
            plan.unchanged += 1
        else:
            plan.updated.append({**current, **item.record})
    plan.errors.sort(key=lambda err: err.line)
    plan.warnings.sort(key=lambda err: err.line)


def employee_export_rows(employees: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Rows in the import format: exporting and importing them again changes nothing."""
    return [
        {
            **{name: str(emp.get(name) or "") for name in EMPLOYEE_FIELDS},
            "atasan_nip": emp.get("atasan_nip")
            or (ATASAN_UNSET_MARK if emp.get(ATASAN_UNSET) else ""),
            "aktif": "ya" if emp.get("aktif", True) else "tidak",
        }
        for emp in employees
    ]
