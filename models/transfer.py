"""Moving office data in and out through files: employee and rating imports, exports.

The command line and the Pegawai screen share these use cases, so a file
that the TUI refuses is refused by ``kinerja import`` with the same report.
Imports are all-or-nothing: every row is checked under the store lock, every
bad row is reported with its line number, and nothing is written unless the
whole file is good.  Exports go through ``tabular.write_table`` so formula
injection is neutralised the same way for every kind of export.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TextIO

from models.criteria import target_jp
from models.eligibility import check_rating, validate_scores
from models.employee_io import EMPLOYEE_FIELDS, employee_export_rows, plan_employee_import
from models.errors import KinerjaError, ValidationError
from models.i18n import t
from models.nip import format_nip
from models.office import Office
from models.scoring import RANKING_FIELDS, ranking_rows
from models.tabular import FORMATS, read_table, write_table
from models.workshop import JP_EXPORT_FIELDS, jp_tally

EXPORTS: Final[tuple[str, ...]] = ("employees", "ranking", "jp")
"""What ``export`` can write."""

RATING_COLUMNS: Final[tuple[str, ...]] = ("periode", "nip_dinilai", "nip_penilai", "peran")
"""Columns a ratings file must have; every other column but ``catatan`` is a criterion code."""

CATATAN: Final = "catatan"


@dataclass(frozen=True)
class ReportLine:
    """One finding about one row of an import file."""

    line: int
    nip: str
    """The NIP the row is about (without spaces when it could be read), or ``""``."""
    message: str
    warning: bool = False
    """A warning is reported but does not stop the import (e.g. a rekan from another unit)."""

    def text(self) -> str:
        """``baris 7 (NIP 19860926 201505 1 001): ...`` in the clerk's language."""
        message = t("transfer.warning", message=self.message) if self.warning else self.message
        if self.nip:
            return t("transfer.row_nip", line=self.line, nip=format_nip(self.nip), message=message)
        return t("transfer.row", line=self.line, message=message)


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    findings: list[ReportLine] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    drafts: int = 0
    """Ratings imported with some criterion still unscored (ratings imports only)."""

    @property
    def errors(self) -> list[ReportLine]:
        return [item for item in self.findings if not item.warning]

    @property
    def ok(self) -> bool:
        """True when the file was good and its changes were saved."""
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({item.line for item in self.errors})

    def lines(self) -> list[str]:
        """The per-row findings in file order, then a one-line summary."""
        result = [item.text() for item in sorted(self.findings, key=lambda item: item.line)]
        if not self.ok:
            result.append(t("transfer.nothing_saved", count=self.bad_rows))
            return result
        summary = t(
            "transfer.summary", added=self.added, updated=self.updated, unchanged=self.unchanged
        )
        if self.drafts:
            summary += t("transfer.drafts", count=self.drafts)
        result.append(summary)
        return result


# --------------------------------------------------------------------------- employees


def import_employees(office: Office, path: Path | str) -> ImportReport:
    """Add and update employees from a CSV or XLSX file, all or nothing.

    A file that cannot be read at all (missing, wrong type, empty) raises a
    ``KinerjaError``; problems in rows are reported, not raised.  The file is
    checked against the register under the store lock, so another clerk's
    save cannot slip in between the check and the write.
    """
    rows = read_table(path)
    if not rows:
        raise KinerjaError("transfer.no_rows", path=str(path))
    report = ImportReport()
    with office.store.transaction():
        plan = plan_employee_import(rows, office.employees_by_nip())
        report.findings = [ReportLine(err.line, err.nip, err.message) for err in plan.errors]
        report.added, report.updated, report.unchanged = (
            len(plan.added),
            len(plan.updated),
            plan.unchanged,
        )
        if report.ok and (plan.added or plan.updated):
            office.save_employees(plan.added, plan.updated)
    return report


# --------------------------------------------------------------------------- ratings


@dataclass
class _RatingRow:
    line: int
    periode: str
    nip_dinilai: str
    nip_penilai: str
    peran: str
    skor: dict[str, int]
    catatan: str | None


def _nip(text: str) -> str:
    return "".join(text.split())


def _check_rating_row(
    line: int,
    row: Mapping[str, str],
    score_columns: Sequence[str],
    has_catatan: bool,
    office: Office,
    periods: dict[str, Mapping[str, Any] | None],
    employees: Mapping[str, Mapping[str, Any]],
) -> tuple[_RatingRow | None, list[ReportLine]]:
    """The row as a rating to store, or the problems that stop it."""
    ratee = _nip(row.get("nip_dinilai", ""))
    findings: list[ReportLine] = []

    def problem(message: str) -> tuple[None, list[ReportLine]]:
        findings.append(ReportLine(line, ratee, message))
        return None, findings

    kode = row.get("periode", "").strip()
    if not kode:
        return problem(t("transfer.periode_required"))
    if kode not in periods:
        try:
            periods[kode] = office.period(kode)
        except KinerjaError:
            periods[kode] = None
    period = periods[kode]
    if period is None:
        return problem(t("transfer.periode_unknown", kode=kode))
    rater = _nip(row.get("nip_penilai", ""))
    if not ratee:
        return problem(t("transfer.nip_dinilai_required"))
    if not rater:
        return problem(t("transfer.nip_penilai_required"))
    peran = row.get("peran", "").strip().lower()
    raw_scores = {code: row.get(code, "") for code in score_columns if row.get(code, "").strip()}
    try:
        warnings = check_rating(period, ratee, rater, peran, employees)
        skor = validate_scores(raw_scores, period["kriteria"])
    except ValidationError as err:
        return problem(str(err))
    findings.extend(ReportLine(line, ratee, message, warning=True) for message in warnings)
    catatan = " ".join(row.get(CATATAN, "").split()) if has_catatan else None
    return _RatingRow(line, kode, ratee, rater, peran, skor, catatan), findings


def import_ratings(office: Office, path: Path | str) -> ImportReport:
    """Store the ratings of a CSV/XLSX file in one transaction, all or nothing.

    Each row is one rater's scores for one ratee in one period, checked by the
    same rules as the entry grid (period open, role allowed by the org tree,
    scores 1-5).  A row replaces the stored scores of that (periode, ratee,
    rater): a blank score cell leaves that criterion unscored, so the rating
    is kept as a draft.  Without a ``catatan`` column stored comments are kept.
    """
    rows = read_table(path)
    report = ImportReport()
    if not rows:
        raise KinerjaError("transfer.no_rows", path=str(path))
    columns: list[str] = []
    for _, row in rows:
        columns.extend(name for name in row if name not in columns)
    missing = [name for name in RATING_COLUMNS if name not in columns]
    if missing:
        message = t("transfer.missing_columns", columns=", ".join(missing))
        report.findings.append(ReportLine(1, "", message))
        return report
    score_columns = [name for name in columns if name not in (*RATING_COLUMNS, CATATAN)]
    has_catatan = CATATAN in columns

    with office.store.transaction() as txn:
        employees = office.employees_by_nip()
        periods: dict[str, Mapping[str, Any] | None] = {}
        good: list[_RatingRow] = []
        first_line: dict[tuple[str, str, str], int] = {}
        for line, row in rows:
            checked, findings = _check_rating_row(
                line, row, score_columns, has_catatan, office, periods, employees
            )
            report.findings.extend(findings)
            if checked is None:
                continue
            key = (checked.periode, checked.nip_dinilai, checked.nip_penilai)
            if key in first_line:
                message = t(
                    "transfer.duplicate_rating",
                    penilai=format_nip(checked.nip_penilai),
                    first=first_line[key],
                )
                report.findings.append(ReportLine(line, checked.nip_dinilai, message))
                continue
            first_line[key] = line
            good.append(checked)
        if not report.ok:
            return report

        for item in good:
            period = periods[item.periode]
            assert period is not None
            if len(item.skor) < len(period["kriteria"]):
                report.drafts += 1
            existing = office.store.find_rating(item.periode, item.nip_dinilai, item.nip_penilai)
            if existing is None:
                txn.insert(
                    "ratings",
                    {
                        "periode": item.periode,
                        "nip_dinilai": item.nip_dinilai,
                        "nip_penilai": item.nip_penilai,
                        "peran": item.peran,
                        "skor": item.skor,
                        "catatan": item.catatan or "",
                    },
                )
                report.added += 1
                continue
            changes: dict[str, Any] = {"peran": item.peran, "skor": item.skor}
            if item.catatan is not None:
                changes["catatan"] = item.catatan
            if all(existing.get(name) == value for name, value in changes.items()):
                report.unchanged += 1
                continue
            txn.update("ratings", existing, changes, check_rev=False)
            report.updated += 1
    return report


# --------------------------------------------------------------------------- exports


def export_rows(
    office: Office, what: str, *, periode: str | None = None, year: int | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows and columns of one export, without writing anything.

    ``periode`` (ranking) defaults to the office's current period; ``year``
    (jp) to this calendar year.  The ranking lists everyone with a score,
    complete or not (with the reason); people not scored at all have nothing
    to rank, so a period without ratings gives an empty ranking, not an error.
    """
    if what == "employees":
        return list(employee_export_rows(office.employees())), list(EMPLOYEE_FIELDS)
    if what == "ranking":
        if periode is None:
            current = office.current_period()
            if current is None:
                raise KinerjaError("transfer.no_period")
            periode = str(current["kode"])
        kode = str(office.period(periode)["kode"])
        rows = [row for row in ranking_rows(kode, office.results(kode)) if row["nilai"] is not None]
        return rows, list(RANKING_FIELDS)
    if what == "jp":
        tahun = year if year is not None else dt.date.today().year
        target = target_jp(office.settings())
        rows = jp_tally(
            workshops=office.store.all("workshops"),
            employees=office.employees(),
            year=tahun,
            target=target,
        )
        return rows, list(JP_EXPORT_FIELDS)
    raise ValidationError(
        "transfer.unknown_export", field="what", what=what, options=", ".join(EXPORTS)
    )


def export(
    office: Office,
    what: str,
    *,
    fmt: str = "csv",
    out: Path | str | None = None,
    periode: str | None = None,
    year: int | None = None,
    stdout: TextIO | None = None,
) -> Path | None:
    """Write an export to ``out`` and return its path, or print it and return ``None``.

    Without ``out``, csv and json go to standard output (for pipes and
    redirection); a workbook is binary, so xlsx needs ``out``.
    """
    if fmt not in FORMATS:
        raise ValidationError(
            "tabular.unknown_format", field="format", fmt=fmt, options=", ".join(FORMATS)
        )
    if out is None and fmt == "xlsx":
        raise ValidationError("transfer.xlsx_needs_out", field="out")
    rows, fields = export_rows(office, what, periode=periode, year=year)
    if out is not None:
        target = Path(out).expanduser()
        write_table(rows, fields, fmt, target)
        return target
    stream = stdout if stdout is not None else sys.stdout
    folder = Path(tempfile.mkdtemp(prefix="kinerja-export-"))
    try:
        scratch = folder / f"export.{fmt}"
        write_table(rows, fields, fmt, scratch)
        stream.write(scratch.read_text(encoding="utf-8"))
        stream.flush()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return None
