"""Moving office data in and out through files: employee and rating imports, exports.

The command line and the Pegawai screen share these use cases, so a file
that the TUI refuses is refused by ``kinerja import`` with the same report.

Imports are all-or-nothing, and their time is linear in the size of the
file: the file is read and every row checked against a snapshot of the
office before the write lock is taken; under the lock, only when another
clerk saved in between are the rows checked again (against what is stored
now), and then everything is committed at once.  So the lock, which every
other clerk's save waits for, is held for the commit, not for the reading.

Exports go through ``tabular.render_table`` (formula injection neutralised
the same way for every kind) and ``outfile.write_file`` (no overwriting
without ``force``, never into an office's own files).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TextIO

from models import evaluations
from models.criteria import target_jp
from models.eligibility import check_rating, validate_scores
from models.employee_io import (
    EMPLOYEE_FIELDS,
    ImportPlan,
    employee_export_rows,
    plan_employee_import,
)
from models.errors import KinerjaError, ValidationError
from models.i18n import t
from models.jsonfile import read_json
from models.nip import format_nip
from models.office import Office
from models.outfile import write_file
from models.scoring import RANKING_FIELDS, ROLES, ranking_rows
from models.tabular import FORMATS, Sheet, header_problems, read_sheet, render_table
from models.text import check_comment, clean_comment, printable, refuse_controls
from models.workshop import JP_EXPORT_FIELDS, jp_tally

EXPORTS: Final[tuple[str, ...]] = (
    "employees",
    "ratings",
    "ranking",
    "jp",
    "evaluasi",
    "distribusi",
    "pengaturan-evaluasi",
)
"""What ``export`` can write (``distribusi`` and ``pengaturan-evaluasi`` as JSON only:
each is one document, not rows)."""

JSON_ONLY: Final = ("distribusi", "pengaturan-evaluasi")

EVALUATION_REQUIRED: Final = ("periode", "nip", "hasil_kerja", "perilaku_kerja")

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
        """``baris 7 (NIP 19860926 201505 1 001): ...`` in the clerk's language.

        The message may quote the file: it is shown, never obeyed by the terminal.
        """
        message = t("transfer.warning", message=self.message) if self.warning else self.message
        if self.nip:
            nip = format_nip(self.nip)
            return printable(t("transfer.row_nip", line=self.line, nip=nip, message=message))
        return printable(t("transfer.row", line=self.line, message=message))


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    findings: list[ReportLine] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    drafts: int = 0
    """Ratings imported with some criterion still unscored (ratings imports only)."""
    replaced_scores: int | None = None
    """Scores already stored that the file changes or clears (ratings imports only)."""

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
        if self.replaced_scores is not None:
            result.append(t("transfer.replaced_scores", count=self.replaced_scores))
        return result


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Keep the cyclic garbage collector out of an import while it runs.

    An import builds hundreds of thousands of small records without
    reference cycles (reference counting frees them); the collector would
    scan the whole growing heap again and again meanwhile, which makes the
    time grow faster than the file.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(office: Office, plan: Callable[[], Any]) -> Any:
    """Plan outside the lock; under it, plan again only if another clerk saved meanwhile.

    ``plan`` returns an object with ``ok``, ``changes`` and ``commit()``.
    """
    office.refresh()
    seen = office.generation
    planned = plan()
    if not planned.ok or not planned.changes:
        return planned
    with office.store.transaction():
        if office.generation != seen:
            planned = plan()
            if not planned.ok or not planned.changes:
                return planned
        planned.commit()
    return planned


# --------------------------------------------------------------------------- employees


@dataclass
class _EmployeePlan:
    office: Office
    plan: ImportPlan

    @property
    def ok(self) -> bool:
        return self.plan.ok

    @property
    def changes(self) -> bool:
        return bool(self.plan.added or self.plan.updated)

    def commit(self) -> None:
        self.office.save_employees(self.plan.added, self.plan.updated)

    def report(self) -> ImportReport:
        plan = self.plan
        report = ImportReport(
            findings=[ReportLine(e.line, e.nip, e.message) for e in plan.errors]
            + [ReportLine(w.line, w.nip, w.message, warning=True) for w in plan.warnings],
            added=len(plan.added),
            updated=len(plan.updated),
            unchanged=plan.unchanged,
        )
        return report


def import_employees(
    office: Office, path: Path | str, *, encoding: str | None = None
) -> ImportReport:
    """Add and update employees from a CSV or XLSX file (ours or SIASN's), all or nothing.

    A file that cannot be read at all (missing, wrong type or encoding, empty)
    raises a ``KinerjaError``; problems in rows are reported, not raised.
    """
    with _no_cycle_collection():
        sheet = read_sheet(path, encoding=encoding)
        if not sheet.rows:
            raise KinerjaError("transfer.no_rows", path=str(path))

        def plan() -> _EmployeePlan:
            return _EmployeePlan(
                office, plan_employee_import(sheet.rows, office.employees_by_nip(), sheet=sheet)
            )

        planned: _EmployeePlan = _import(office, plan)
        return planned.report()


# --------------------------------------------------------------------------- ratings


@dataclass
class _RatingsPlan:
    office: Office
    report: ImportReport = field(default_factory=ImportReport)
    added: list[dict[str, Any]] = field(default_factory=list)
    updated: list[tuple[Mapping[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def changes(self) -> bool:
        return bool(self.added or self.updated)

    def commit(self) -> None:
        self.office.save_ratings(self.added, self.updated)


def _nip(text: str) -> str:
    return "".join(text.split())


class _RatingsFile:
    """Checks the rows of one ratings file against the office as it is now."""

    def __init__(self, office: Office, sheet: Sheet) -> None:
        self.office = office
        self.sheet = sheet
        self.periods: dict[str, Mapping[str, Any] | None] = {}
        self.stored: dict[str, dict[tuple[str, str], Mapping[str, Any]]] = {}
        self.score_columns = [
            name for name in sheet.columns if name not in (*RATING_COLUMNS, CATATAN)
        ]
        self.has_catatan = CATATAN in sheet.columns

    def period(self, kode: str) -> Mapping[str, Any] | None:
        if kode not in self.periods:
            try:
                self.periods[kode] = self.office.period(kode)
            except KinerjaError:
                self.periods[kode] = None
        return self.periods[kode]

    def stored_rating(self, kode: str, ratee: str, rater: str) -> Mapping[str, Any] | None:
        index = self.stored.get(kode)
        if index is None:
            index = self.stored[kode] = {
                (r["nip_dinilai"], r["nip_penilai"]): r for r in self.office.ratings(kode)
            }
        return index.get((ratee, rater))

    def header(self) -> list[str]:
        """Unknown columns: those that are no criterion of any period the file names."""
        kodes = {row.get("periode", "").strip() for _, row in self.sheet.rows}
        periods = [p for p in map(self.period, sorted(kodes)) if p is not None]
        if not periods:
            return header_problems(self.sheet, self.sheet.columns, RATING_COLUMNS)
        known = [*RATING_COLUMNS, *(c["kode"] for p in periods for c in p["kriteria"]), CATATAN]
        return header_problems(self.sheet, known, RATING_COLUMNS)

    def plan(self) -> _RatingsPlan:
        self.periods.clear()
        self.stored.clear()
        result = _RatingsPlan(self.office)
        report = result.report
        report.replaced_scores = 0
        problems = self.header()
        if problems:
            report.findings = [ReportLine(self.sheet.header_line, "", p) for p in problems]
            return result
        employees = self.office.employees_by_nip()
        first_line: dict[tuple[str, str, str], int] = {}
        for line, row in self.sheet.rows:
            findings: list[ReportLine] = []
            checked = self.row(line, row, employees, findings)
            report.findings.extend(findings)
            if checked is None:
                continue
            key = (checked["periode"], checked["nip_dinilai"], checked["nip_penilai"])
            if key in first_line:
                message = t(
                    "transfer.duplicate_rating",
                    penilai=format_nip(checked["nip_penilai"]),
                    first=first_line[key],
                )
                report.findings.append(ReportLine(line, checked["nip_dinilai"], message))
                continue
            first_line[key] = line
            self.place(checked, result)
        return result

    def row(
        self,
        line: int,
        row: Mapping[str, str],
        employees: Mapping[str, Mapping[str, Any]],
        findings: list[ReportLine],
    ) -> dict[str, Any] | None:
        """The row as a rating to store, or None with the problems in ``findings``."""
        ratee = _nip(row.get("nip_dinilai", ""))

        def problem(message: str) -> dict[str, Any] | None:
            findings.append(ReportLine(line, ratee, message))
            return None

        try:
            for name, value in row.items():
                if name != CATATAN:
                    refuse_controls(value, name)
        except ValidationError as err:
            return problem(str(err))
        kode = row.get("periode", "").strip()
        if not kode:
            return problem(t("transfer.periode_required"))
        period = self.period(kode)
        if period is None:
            return problem(t("transfer.periode_unknown", kode=kode))
        rater = _nip(row.get("nip_penilai", ""))
        if not ratee:
            return problem(t("transfer.nip_dinilai_required"))
        if not rater:
            return problem(t("transfer.nip_penilai_required"))
        peran = row.get("peran", "").strip().lower()
        raw = {code: row[code] for code in self.score_columns if row.get(code, "").strip()}
        catatan: str | None = None
        try:
            skor = validate_scores(raw, period["kriteria"])
            if self.has_catatan:
                catatan, removed = clean_comment(row.get(CATATAN, ""))
                check_comment(catatan)
                if removed:
                    message = t("text.controls_removed", count=removed)
                    findings.append(ReportLine(line, ratee, message, warning=True))
        except ValidationError as err:
            return problem(str(err))
        rating = {
            "periode": kode,
            "nip_dinilai": ratee,
            "nip_penilai": rater,
            "peran": peran,
            "skor": skor,
            "catatan": catatan,
            "lengkap": len(skor) == len(period["kriteria"]),
        }
        stored = self.stored_rating(kode, ratee, rater)
        if stored is not None and _same(stored, rating):
            # Nothing would change, so no rule is at stake (a closed period,
            # someone inactive since): exporting and importing back is a no-op.
            return rating
        try:
            warnings = check_rating(period, ratee, rater, peran, employees)
        except ValidationError as err:
            return problem(str(err))
        findings.extend(ReportLine(line, ratee, message, warning=True) for message in warnings)
        return rating

    def place(self, rating: dict[str, Any], result: _RatingsPlan) -> None:
        """Count the rating as new, changed or unchanged, and queue what must be written."""
        report = result.report
        stored = self.stored_rating(rating["periode"], rating["nip_dinilai"], rating["nip_penilai"])
        if not rating.pop("lengkap"):
            report.drafts += 1
        catatan = rating.pop("catatan")
        if stored is None:
            result.added.append({**rating, "catatan": catatan or ""})
            report.added += 1
            return
        if _same(stored, {**rating, "catatan": catatan}):
            report.unchanged += 1
            return
        changes: dict[str, Any] = {"peran": rating["peran"], "skor": rating["skor"]}
        if catatan is not None:
            changes["catatan"] = catatan
        old = stored.get("skor") or {}
        assert report.replaced_scores is not None
        report.replaced_scores += sum(
            1 for code, value in old.items() if rating["skor"].get(code) != value
        )
        result.updated.append((stored, changes))
        report.updated += 1


def _same(stored: Mapping[str, Any], rating: Mapping[str, Any]) -> bool:
    """Whether storing ``rating`` would leave ``stored`` as it is (no catatan: kept)."""
    if stored.get("peran") != rating["peran"] or (stored.get("skor") or {}) != rating["skor"]:
        return False
    return rating["catatan"] is None or (stored.get("catatan") or "") == rating["catatan"]


def import_ratings(
    office: Office, path: Path | str, *, encoding: str | None = None
) -> ImportReport:
    """Store the ratings of a CSV/XLSX file in one transaction, all or nothing.

    Each row is one rater's scores for one ratee in one period, checked by the
    same rules as the entry grid (period open, role allowed by the org tree,
    scores 1-5).  A row replaces the stored scores of that (periode, ratee,
    rater), whoever saved them last: a blank score cell leaves that criterion
    unscored, so the rating is kept as a draft, and the report counts the
    stored scores the file replaced.  Without a ``catatan`` column stored
    comments are kept.  A row equal to what is stored changes nothing and is
    counted as unchanged, whatever the rules say now.
    """
    with _no_cycle_collection():
        sheet = read_sheet(path, encoding=encoding)
        if not sheet.rows:
            raise KinerjaError("transfer.no_rows", path=str(path))
        planned: _RatingsPlan = _import(office, _RatingsFile(office, sheet).plan)
        return planned.report


# --------------------------------------------------------------------------- evaluations


@dataclass
class _EvaluationsPlan:
    office: Office
    plan: evaluations.ImportPlan

    @property
    def ok(self) -> bool:
        return not self.plan.errors

    @property
    def changes(self) -> bool:
        return bool(self.plan.rows)

    def commit(self) -> None:
        self.office.save_evaluations(self.plan.rows)

    def report(self) -> ImportReport:
        plan = self.plan
        return ImportReport(
            findings=[ReportLine(line, nip, message) for line, nip, message in plan.errors]
            + [
                ReportLine(line, nip, message, warning=True) for line, nip, message in plan.warnings
            ],
            added=plan.added,
            updated=plan.updated,
            unchanged=plan.unchanged,
        )


def import_evaluations(
    office: Office, path: Path | str, *, encoding: str | None = None
) -> ImportReport:
    """Store the official ratings of a CSV/XLSX file in one transaction, all or nothing.

    Columns ``periode,nip,hasil_kerja,perilaku_kerja`` and optionally ``alasan``;
    the other columns of ``export evaluasi`` are read past, so an exported file
    imports back unchanged (``evaluations.plan_import`` has the row rules).
    """
    with _no_cycle_collection():
        sheet = read_sheet(path, encoding=encoding)
        if not sheet.rows:
            raise KinerjaError("transfer.no_rows", path=str(path))
        known = [*evaluations.IMPORT_FIELDS, *evaluations.INFORMATION_FIELDS]
        problems = header_problems(sheet, known, EVALUATION_REQUIRED)
        if problems:
            return ImportReport(findings=[ReportLine(sheet.header_line, "", p) for p in problems])

        def plan() -> _EvaluationsPlan:
            return _EvaluationsPlan(
                office, evaluations.plan_import(office, sheet.rows, sheet.columns)
            )

        planned: _EvaluationsPlan = _import(office, plan)
        return planned.report()


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class SettingsImport:
    """What ``import pengaturan-evaluasi`` did: the parts it changed, or why it did nothing."""

    changed: tuple[str, ...] = ()
    refusal: str = ""

    @property
    def ok(self) -> bool:
        return not self.refusal

    def lines(self) -> list[str]:
        if self.refusal:
            return [printable(t("transfer.settings_refused", message=self.refusal))]
        if not self.changed:
            return [t("transfer.settings_unchanged")]
        return [t("transfer.settings_changed", parts=", ".join(self.changed))]


def import_evaluation_settings(
    office: Office, path: Path | str, *, encoding: str | None = None
) -> SettingsImport:
    """Replace the ``evaluasi`` settings by a JSON file's, all or nothing (README,
    "Correcting the table and the curve").

    The file holds the document ``export pengaturan-evaluasi`` writes; a part it
    leaves out keeps its stored value.  A file that cannot be read raises; one
    whose content the settings refuse is reported with the first problem, and
    nothing is saved; one that changes nothing writes nothing.  The stored
    settings are read and replaced under one lock.
    """
    from models import evaluation

    document = read_json(path, encoding=encoding)
    if not isinstance(document, dict):
        return SettingsImport(refusal=t("transfer.settings_not_object"))
    with office.store.transaction():
        current = office.settings()
        before = evaluation.settings_of(current)
        try:
            after = evaluation.merge_settings(before, document)
        except ValidationError as err:
            return SettingsImport(refusal=str(err))
        changed = tuple(key for key in evaluation.SETTINGS_KEYS if before[key] != after[key])
        if changed:
            office.update_settings(current, {"evaluasi": document})
    return SettingsImport(changed=changed)


def evaluation_settings_json(office: Office) -> bytes:
    """``export pengaturan-evaluasi``: the ``evaluasi`` settings as ``import`` reads them."""
    import orjson

    return orjson.dumps(
        office.evaluation_settings(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    )


# --------------------------------------------------------------------------- exports


def _period_code(office: Office, periode: str | None) -> str:
    if periode is None:
        current = office.current_period()
        if current is None:
            raise KinerjaError("transfer.no_period")
        periode = str(current["kode"])
    return str(office.period(periode)["kode"])


def _rating_rows(office: Office, kode: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Every stored rating of a period in the columns ``import ratings`` reads."""
    codes = [str(c["kode"]) for c in office.criteria_of(kode)]
    people = office.employees_by_nip()
    order = {peran: i for i, peran in enumerate(ROLES)}

    def name(nip: str) -> str:
        return str(people.get(nip, {}).get("nama", "")).casefold()

    ratings = sorted(
        office.ratings(kode),
        key=lambda r: (
            name(r["nip_dinilai"]),
            r["nip_dinilai"],
            order.get(r["peran"], len(order)),
            name(r["nip_penilai"]),
            r["nip_penilai"],
        ),
    )
    rows = [
        {
            "periode": kode,
            "nip_dinilai": r["nip_dinilai"],
            "nip_penilai": r["nip_penilai"],
            "peran": r["peran"],
            **{code: (r.get("skor") or {}).get(code) for code in codes},
            CATATAN: r.get("catatan") or "",
        }
        for r in ratings
    ]
    return rows, [*RATING_COLUMNS, *codes, CATATAN]


def _ranking_rows(office: Office, kode: str) -> list[dict[str, Any]]:
    """Every employee active in the period, rated or not; nilai exactly as computed."""
    result = office.results(kode)
    rows = ranking_rows(kode, result)
    no_score = "scoring.reason_no_score"
    for row, line in zip(rows, result.lines, strict=True):
        row["nilai"] = line.nilai
        if line.nilai is None and all(a.key != no_score for a in line.alasan_kode):
            row["alasan"] = "; ".join([t(no_score), *line.alasan])
    return rows


def export_rows(
    office: Office, what: str, *, periode: str | None = None, year: int | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows and columns of one export, without writing anything.

    ``periode`` (ratings, ranking) defaults to the office's current period;
    ``year`` (jp) to this calendar year.  The ranking lists every employee
    active in the period: those without a counted rating have no nilai,
    predikat or rank, and the reason says so.
    """
    if what == "employees":
        return list(employee_export_rows(office.employees())), list(EMPLOYEE_FIELDS)
    if what == "ratings":
        return _rating_rows(office, _period_code(office, periode))
    if what == "ranking":
        return _ranking_rows(office, _period_code(office, periode)), list(RANKING_FIELDS)
    if what == "evaluasi":
        kode = _period_code(office, periode)
        return evaluations.export_rows(office, kode), list(evaluations.EXPORT_FIELDS)
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


def distribution_json(office: Office, kode: str) -> bytes:
    """``export distribusi``: the period's predikat against the curve, as one JSON object."""
    import orjson

    document = office.distribution(kode).as_json()
    document["pelanggaran"] = [printable(text) for text in document["pelanggaran"]]
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def export(
    office: Office,
    what: str,
    *,
    fmt: str = "csv",
    out: Path | str | None = None,
    periode: str | None = None,
    year: int | None = None,
    stdout: TextIO | None = None,
    force: bool = False,
) -> Path | None:
    """Write an export to ``out`` and return its path, or print it and return ``None``.

    Without ``out``, the text formats go to standard output (for pipes and
    redirection); a workbook is binary, so xlsx needs ``out``.  An existing
    ``out`` is replaced only with ``force``.
    """
    if fmt not in FORMATS:
        raise ValidationError(
            "tabular.unknown_format", field="format", fmt=fmt, options=", ".join(FORMATS)
        )
    if what in JSON_ONLY and fmt != "json":
        raise ValidationError("transfer.json_only", field="format", what=what, fmt=fmt)
    if out is None and fmt == "xlsx":
        raise ValidationError("transfer.xlsx_needs_out", field="out")
    if what == "distribusi":
        content = distribution_json(office, _period_code(office, periode))
    elif what == "pengaturan-evaluasi":
        content = evaluation_settings_json(office)
    else:
        rows, fields = export_rows(office, what, periode=periode, year=year)
        content = render_table(rows, fields, fmt)
    if out is not None:
        return write_file(out, content, force=force)
    stream = stdout if stdout is not None else sys.stdout
    binary = getattr(stream, "buffer", None)
    if binary is not None:
        stream.flush()
        binary.write(content)
        binary.flush()
    else:
        stream.write(content.decode("utf-8"))
        stream.flush()
    return None
