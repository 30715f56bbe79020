"""The office: every use case the CLI and the TUI offer, on top of the store.

``Office`` is the one domain API (see ARCHITECTURE.md, "The domain API"): the CLI,
the TUI and the benchmark call its methods and never the store.  Each method
validates with the rule modules (``employee``, ``period``, ``eligibility``,
``scoring``, ``workshop``), writes through one store transaction (so it is locked,
audited and atomic) and returns the stored record.  The methods for score sheets,
report cards, workshops, awards and career history are one-line delegations to
their concept modules (``entry``, ``report``, ``workshops``, ``awards``,
``history``), which keep this class from growing a rule of its own.

The rule modules are imported by the methods that need them, so opening the
app (which only lists employees) does not pay for loading all of them.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import KinerjaError, NotFoundError, ValidationError
from models.store import Store, bulk_tables, without_keys
from models.text import check_comment, clean_comment, one_line

if TYPE_CHECKING:
    import datetime as dt

    from models.diagnostics import EmployeeFigures, RaterFigures
    from models.entry import Change, MissingLine, Nilai, SheetRow
    from models.evaluation import Distribution
    from models.evaluations import EvaluationLine, Official, PlannedRow
    from models.history import CareerHistory
    from models.report import ReportCard
    from models.scoring import PeriodResult, ScoreLine

Record = dict[str, Any]


def default_db_path() -> Path:
    """``$KINERJA_DB``, else ``kinerja.json`` in the user data directory."""
    env = os.environ.get("KINERJA_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("kinerja", appauthor=False)) / "kinerja.json"


def initial_tables() -> dict[str, dict[str, Any]]:
    """A fresh office: default settings (criteria, role weights, targets, the official
    evaluation's tables) and nothing else."""
    from models import criteria as criteria_rules
    from models import evaluation

    settings = {
        "id": 1,
        "rev": 1,
        **criteria_rules.default_settings(),
        "evaluasi": evaluation.default_settings(),
    }
    return bulk_tables({"settings": [settings]})


class Office:
    """One office data file and the rules that guard it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[Any, tuple[int, Any]] = {}

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        on_busy: Callable[[float], None] | None = None,
        lock_timeout: float = 10.0,
        tidy: bool = True,
    ) -> Office:
        """Open an existing office; a missing one is an error (``init`` creates one).

        ``tidy`` removes what a killed process left behind, under the lock; a
        read-only command passes False so it changes nothing.
        """
        store = Store(path, on_busy=on_busy, lock_timeout=lock_timeout)
        if tidy:
            store.tidy()
        return cls(store)

    @classmethod
    def init(cls, path: str | Path, *, on_busy: Callable[[float], None] | None = None) -> Office:
        """Create a new, empty office at ``path``: the one way an office comes into being.

        The folder is created when missing.  Refused when any file of an office is
        already there (the data file, its folder of parts, its backups), so nothing
        is ever started over.
        """
        from models.office_files import OfficeFiles, StorageError, make_office_folder

        target = Path(path).expanduser().absolute()
        make_office_folder(target.parent)
        files = OfficeFiles(target)
        try:
            files.refuse_unsafe()
            existing = [p for p in files.existing_members() if p != files.lock_path]
        finally:
            files.close()
        if existing:
            raise StorageError("storage.exists", path=str(existing[0]))
        return cls(Store(target, initial=initial_tables, on_busy=on_busy))

    # ------------------------------------------------------------ caching

    def _cached(
        self, key: Any, build: Callable[[], Any], depends: tuple[str, ...] | None = None
    ) -> Any:
        """``build()`` once per state of the tables it ``depends`` on (default: any change).

        The state of a table is its shard reference in the manifest, which
        changes exactly when a commit changed it; tables with uncommitted edits
        are never cached.
        """
        storage = self.store.storage
        if depends is None:
            stamp: Any = storage.version
        else:
            refs = storage.manifest.tables
            names = [
                name
                for prefix in depends
                for name in refs
                if name == prefix or name.startswith(prefix + "/")
            ]
            if any(name in storage.tables.dirty for name in names) or any(
                prefix in storage.tables.dirty for prefix in depends
            ):
                return build()
            stamp = tuple((name, refs[name]) for name in sorted(names))
        hit = self._cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = build()
        self._cache[key] = (stamp, value)
        return value

    def refresh(self) -> bool:
        """Catch up with other clerks' saves (True when something changed)."""
        return self.store.refresh()

    @property
    def generation(self) -> int:
        return self.store.generation

    # ------------------------------------------------------------ settings

    def settings(self) -> Record:
        docs = self.store.all("settings")
        if not docs:
            raise NotFoundError("office.no_settings")
        # A copy: a screen editing it in place must not change the cached record.
        return copy.deepcopy(docs[0])

    @property
    def name(self) -> str:
        return str(self.settings().get("nama_kantor", ""))

    def update_settings(self, current: Mapping[str, Any], changes: Mapping[str, Any]) -> Record:
        """Validate and save office settings (name, role weights, minimums, criteria).

        ``evaluasi`` (the official evaluation's tables, README "The official
        evaluation") may be given in part: the parts not given keep their values,
        and a part the settings do not have is refused.
        """
        from models import criteria as criteria_rules
        from models import evaluation

        clean: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "nama_kantor":
                text = one_line(str(value), key)
                if not 1 <= len(text) <= 100:
                    raise ValidationError("office.name_invalid", field=key)
                clean[key] = text
            elif key == "tempat":
                text = one_line(str(value), key)
                if len(text) > 60:
                    raise ValidationError("office.place_too_long", field=key, max=60)
                clean[key] = text
            elif key == "bobot_peran":
                clean[key] = criteria_rules.validate_role_weights(value)
            elif key == "kriteria":
                clean[key] = criteria_rules.validate_criteria(value)
            elif key == "evaluasi":
                clean[key] = evaluation.merge_settings(evaluation.settings_of(current), value)
            elif key in ("min_rekan", "jumlah_penghargaan", "target_jp"):
                number = _whole_number(value, key, minimum=0 if key == "min_rekan" else 1)
                clean[key] = number
            else:
                raise ValidationError("office.unknown_setting", field=key, key=key)
        with self.store.transaction() as txn:
            return txn.update("settings", current, clean)

    # ------------------------------------------------------------ employees

    def employees(self) -> list[Record]:
        """All employees (active and inactive), by nama then NIP."""

        def build() -> list[Record]:
            return sorted(self.store.all("employees"), key=lambda e: (e["nama"].lower(), e["nip"]))

        result: list[Record] = self._cached("employees", build, ("employees",))
        return result

    def employees_by_nip(self) -> dict[str, Record]:
        result: dict[str, Record] = self._cached(
            "employees_by_nip",
            lambda: {e["nip"]: e for e in self.store.all("employees")},
            ("employees",),
        )
        return result

    def employee(self, nip: str) -> Record:
        found = self.employees_by_nip().get(nip)
        if found is None:
            raise NotFoundError("office.employee_not_found", nip=nip)
        return found

    def units(self) -> list[str]:
        return sorted({e["unit"] for e in self.store.all("employees")})

    def add_employee(self, data: Mapping[str, Any]) -> Record:
        from models import employee

        clean = employee.clean_employee(data)
        with self.store.transaction() as txn:
            by_nip = {e["nip"]: e for e in txn.all("employees")}
            if clean["nip"] in by_nip:
                raise ValidationError("office.nip_taken", field="nip", nip=clean["nip"])
            employee.check_supervisor(
                clean["nip"],
                clean["atasan_nip"],
                {**by_nip, clean["nip"]: clean},
                aktif=clean["aktif"],
            )
            return txn.insert("employees", clean)

    def edit_employee(self, current: Mapping[str, Any], data: Mapping[str, Any]) -> Record:
        """Save an edited employee; the NIP itself cannot change (it keys the history)."""
        from models import employee

        clean = employee.clean_employee({**current, **data})
        if clean["nip"] != current["nip"]:
            raise ValidationError("office.nip_immutable", field="nip")
        if clean["atasan_nip"] and current.get(employee.ATASAN_UNSET):
            clean[employee.ATASAN_UNSET] = False
        with self.store.transaction() as txn:
            by_nip = {e["nip"]: e for e in txn.all("employees")}
            merged = {**by_nip, clean["nip"]: clean}
            employee.check_supervisor(
                clean["nip"], clean["atasan_nip"], merged, aktif=clean["aktif"]
            )
            if not clean["aktif"]:
                employee.check_deactivate(clean["nip"], merged)
            return txn.update("employees", current, clean)

    def set_active(self, current: Mapping[str, Any], aktif: bool) -> Record:
        return self.edit_employee(current, {"aktif": aktif})

    def has_history(self, nip: str) -> bool:
        """Whether anything refers to this employee (ratings, workshops, awards, subordinates)."""
        if any(e.get("atasan_nip") == nip for e in self.store.all("employees")):
            return True
        for doc in self.store.all("ratings"):
            if nip in (doc["nip_dinilai"], doc["nip_penilai"]):
                return True
        for ws in self.store.all("workshops"):
            if nip in ws.get("peserta", ()) or nip in ws.get("antrian", ()):
                return True
        return any(a.get("nip") == nip for a in self.store.all("awards"))

    def delete_employee(self, current: Mapping[str, Any]) -> None:
        """Delete a record entered by mistake; anyone with history is deactivated instead."""
        if self.has_history(current["nip"]):
            raise ValidationError("office.delete_has_history", field="nip", nama=current["nama"])
        with self.store.transaction() as txn:
            txn.delete("employees", current)

    def save_employees(
        self, added: Iterable[Mapping[str, Any]], updated: Iterable[Mapping[str, Any]]
    ) -> None:
        """Write an already validated import in one transaction (all or nothing).

        ``updated`` records replace the stored ones field by field, whatever
        their rev (the import is the clerk's latest word); time is linear in
        the number of records.
        """
        with self.store.transaction() as txn:
            current = {e["nip"]: e for e in txn.all("employees")}
            for row in added:
                if row["nip"] in current:
                    raise ValidationError("office.nip_taken", field="nip", nip=row["nip"])
            changes = [
                (current[row["nip"]], without_keys(row)) for row in updated if row["nip"] in current
            ]
            txn.write_many("employees", added, changes)

    def save_ratings(
        self,
        added: Iterable[Mapping[str, Any]],
        updated: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
    ) -> None:
        """Write an already validated ratings import in one transaction (all or nothing).

        ``updated`` pairs a stored rating with the fields to change; the one
        stored now is changed, whatever its rev (last writer wins).
        """
        with self.store.transaction() as txn:
            inserts = list(added)
            changes: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
            for old, fields in updated:
                current = self.store.find_rating(
                    old["periode"], old["nip_dinilai"], old["nip_penilai"]
                )
                if current is None:
                    # Deleted meanwhile by another clerk: the import's rating stands.
                    inserts.append({**without_keys(old), **fields})
                else:
                    changes.append((current, fields))
            txn.write_many("ratings", inserts, changes)

    # ------------------------------------------------------------ periods

    def periods(self) -> list[Record]:
        """Periods, newest start first."""
        return sorted(
            self.store.all("periods"), key=lambda p: (p["tanggal_mulai"], p["kode"]), reverse=True
        )

    def period(self, kode: str) -> Record:
        for p in self.store.all("periods"):
            if p["kode"] == kode:
                return copy.deepcopy(p)
        raise NotFoundError("office.period_not_found", kode=kode)

    def current_period(self) -> Record | None:
        """The newest open period, else the newest period of any status."""
        periods = self.periods()
        for p in periods:
            if p["status"] == "terbuka":
                return p
        return periods[0] if periods else None

    def create_period(
        self,
        kode: str,
        jenis: str,
        mulai: Any,
        nama: str | None = None,
        selesai: Any = None,
    ) -> Record:
        from models import period

        record = period.new_period(kode, jenis, mulai, nama=nama, selesai=selesai)
        with self.store.transaction() as txn:
            others = txn.all("periods")
            if any(p["kode"].lower() == record["kode"].lower() for p in others):
                raise ValidationError("office.period_exists", field="kode", kode=record["kode"])
            period.refuse_overlap(record, others)
            return txn.insert("periods", record)

    def set_period_status(
        self,
        kode: str,
        status: str,
        *,
        confirm: bool = False,
        close_incomplete: bool = False,
    ) -> Record:
        """Open, close or (with ``confirm``) reopen a period; reopening is audited.

        Closing a period in which employees are still incomplete is refused,
        naming how many and who, unless ``close_incomplete`` says the clerk
        knows: they would get no rank and no award for the period.
        """
        from models import period
        from models.scoring import incomplete, incomplete_summary

        with self.store.transaction() as txn:
            current = self.period(kode)
            office_criteria = self.settings()["kriteria"]
            moved = period.transition(current, status, office_criteria, confirm=confirm)
            if status == "ditutup" and not close_incomplete:
                missing = incomplete(self.results(kode))
                if missing:
                    raise ValidationError(
                        "office.close_incomplete",
                        field="status",
                        kode=kode,
                        count=len(missing),
                        who=incomplete_summary(missing),
                    )
            if status == "ditutup":
                moved["penutupan"] = self._closing_snapshot()
            elif current.get("penutupan"):
                moved["penutupan"] = None
            saved = txn.update("periods", current, moved, check_rev=False)
            if current["status"] == "ditutup" and status == "terbuka":
                txn.note("buka_kembali", tabel="periods", rid=current["id"], periode=kode)
            return saved

    def _closing_snapshot(self) -> dict[str, Any]:
        """What else a closed period's results depend on, frozen when it closes.

        Later changes to who is active, to units or to the role weights must
        not rewrite a closed period's ranking.
        """
        s = self.settings()
        return {
            "pegawai": {e["nip"]: e["unit"] for e in self.employees() if e.get("aktif", True)},
            "bobot_peran": s["bobot_peran"],
            "min_rekan": s["min_rekan"],
        }

    def edit_period(
        self, current: Mapping[str, Any], nama: str, mulai: Any, selesai: Any
    ) -> Record:
        from models import period

        if current["status"] == "ditutup":
            raise ValidationError(
                "office.period_closed_readonly", field="status", kode=current["kode"]
            )
        record = period.new_period(
            current["kode"], current["jenis"], mulai, nama=nama, selesai=selesai
        )
        changes = {k: record[k] for k in ("nama", "tanggal_mulai", "tanggal_selesai")}
        with self.store.transaction() as txn:
            period.refuse_overlap({**current, **changes}, txn.all("periods"))
            return txn.update("periods", current, changes)

    # ------------------------------------------------------------ ratings

    def ratings(self, kode: str) -> list[Record]:
        return self.store.all("ratings", shard=kode)

    def rating(self, kode: str, nip_dinilai: str, nip_penilai: str) -> Record | None:
        return self.store.find_rating(kode, nip_dinilai, nip_penilai)

    def check_rater(self, kode: str, nip_dinilai: str, nip_penilai: str, peran: str) -> list[str]:
        """Raise when this rater may not rate this ratee in this role; return warnings."""
        from models import eligibility

        return eligibility.check_rating(
            self.period(kode), nip_dinilai, nip_penilai, peran, self.employees_by_nip()
        )

    def save_rating(
        self,
        kode: str,
        nip_dinilai: str,
        nip_penilai: str,
        peran: str,
        skor: Mapping[str, int | None],
        catatan: str | None = None,
        *,
        seen: Mapping[str | None, Nilai] | None = None,
        resolved: Mapping[str, Any] | None = None,
    ) -> Record:
        """Store (or update) one rater's scores for one ratee; ``None`` clears a criterion.

        Eligibility and the period's status are checked under the lock, so a
        period closed by another clerk a moment ago refuses the save.  ``seen``
        holds the values the clerk saw in the cells being changed (criterion
        code, or None for the comment): one another clerk changed since raises
        ``CellConflict`` instead of being overwritten.  ``resolved`` records in
        the audit trail how the clerk settled such a conflict.
        """
        from models import eligibility

        if catatan is not None:
            catatan = check_comment(clean_comment(catatan)[0])
        with self.store.transaction() as txn:
            p = self.period(kode)
            eligibility.check_rating(p, nip_dinilai, nip_penilai, peran, self.employees_by_nip())
            existing = self.store.find_rating(kode, nip_dinilai, nip_penilai)
            self._check_seen(kode, nip_dinilai, nip_penilai, existing, seen, skor, catatan)
            if resolved is not None:
                txn.note("konflik", periode=kode, nip=[nip_dinilai, nip_penilai], **resolved)
            merged: dict[str, int] = dict(existing["skor"]) if existing else {}
            for kode_k, value in skor.items():
                if value is None:
                    merged.pop(kode_k, None)
                else:
                    merged[kode_k] = value
            clean_skor = eligibility.validate_scores(merged, p["kriteria"])
            if existing is None:
                return txn.insert(
                    "ratings",
                    {
                        "periode": kode,
                        "nip_dinilai": nip_dinilai,
                        "nip_penilai": nip_penilai,
                        "peran": peran,
                        "skor": clean_skor,
                        "catatan": catatan or "",
                    },
                )
            changes: dict[str, Any] = {"skor": clean_skor, "peran": peran}
            if catatan is not None:
                changes["catatan"] = catatan
            return txn.update("ratings", existing, changes, check_rev=False)

    def delete_rating(
        self,
        kode: str,
        nip_dinilai: str,
        nip_penilai: str,
        *,
        seen: Mapping[str | None, Nilai] | None = None,
        resolved: Mapping[str, Any] | None = None,
    ) -> None:
        """Remove a rating (its last score or comment was cleared); ``seen`` as for a save."""
        from models import period

        with self.store.transaction() as txn:
            period.ensure_open_for_entry(self.period(kode))
            existing = self.store.find_rating(kode, nip_dinilai, nip_penilai)
            cleared = {key: None for key in (seen or {}) if key is not None}
            self._check_seen(kode, nip_dinilai, nip_penilai, existing, seen, cleared, None)
            if resolved is not None:
                txn.note("konflik", periode=kode, nip=[nip_dinilai, nip_penilai], **resolved)
            if existing is not None:
                txn.delete("ratings", existing, check_rev=False)

    def _check_seen(
        self,
        kode: str,
        ratee: str,
        rater: str,
        existing: Mapping[str, Any] | None,
        seen: Mapping[str | None, Nilai] | None,
        skor: Mapping[str, int | None],
        catatan: str | None,
    ) -> None:
        """Refuse to overwrite a cell another clerk changed since the clerk saw it."""
        if not seen:
            return
        from models.entry import CellConflict

        stored_skor = dict(existing.get("skor") or {}) if existing else {}
        stored_catatan = str(existing.get("catatan") or "") if existing else ""
        for cell, shown in seen.items():
            if cell is None:
                theirs: int | str | None = stored_catatan
                mine: int | str | None = catatan
                shown = shown or ""
            else:
                value = stored_skor.get(cell)
                theirs = value if isinstance(value, int) else None
                mine = skor.get(cell)
            if theirs != shown and theirs != mine:
                people = self.employees_by_nip()
                raise CellConflict(
                    kode,
                    ratee,
                    rater,
                    cell,
                    theirs=theirs,
                    mine=mine,
                    dinilai=str(people.get(ratee, {}).get("nama", ratee)),
                    penilai=str(people.get(rater, {}).get("nama", rater)),
                )

    # ------------------------------------------------------------ results

    def results(self, kode: str) -> PeriodResult:
        """The period's scores and ranks, recomputed whenever anything was saved."""
        from models.scoring import compute_period

        def build() -> PeriodResult:
            p = self.period(kode)
            s = self.settings()
            kriteria = p["kriteria"] or s["kriteria"]
            employees: Mapping[str, Mapping[str, Any]] = self.employees_by_nip()
            bobot, min_rekan = s["bobot_peran"], s["min_rekan"]
            frozen = p.get("penutupan") if p["status"] == "ditutup" else None
            if frozen:
                units: dict[str, str] = frozen["pegawai"]
                employees = {
                    nip: {**emp, "aktif": nip in units, "unit": units.get(nip, emp["unit"])}
                    for nip, emp in employees.items()
                }
                bobot, min_rekan = frozen["bobot_peran"], frozen["min_rekan"]
            return compute_period(kriteria, bobot, min_rekan, employees, self.ratings(kode))

        result: PeriodResult = self._cached(
            ("results", kode), build, ("employees", "settings", "periods", f"ratings/{kode}")
        )
        return result

    def criteria_of(self, kode: str) -> list[Record]:
        """The criteria of a period: its snapshot once opened, else the office's current set."""
        p = self.period(kode)
        return copy.deepcopy(p["kriteria"] or self.settings()["kriteria"])

    # ------------------------------------------------------------ entry sheets (models.entry)

    def rater_sheet(self, kode: str, rater: str, extra: Iterable[str] = ()) -> list[SheetRow]:
        """Everyone ``rater`` scores in period ``kode`` (the rater's paper form)."""
        from models import entry

        return entry.sheet_for_rater(self, kode, rater, extra)

    def ratee_sheet(self, kode: str, ratee: str, extra: Iterable[str] = ()) -> list[SheetRow]:
        """Everyone who scores ``ratee`` in period ``kode``."""
        from models import entry

        return entry.sheet_for_ratee(self, kode, ratee, extra)

    def sheet_row(self, kode: str, row: SheetRow) -> SheetRow:
        """``row`` as stored now (after a save)."""
        from models import entry

        return entry.reload_row(self, kode, row)

    def entry_refusal(self, kode: str) -> str | None:
        """Why scores cannot be entered in period ``kode`` now, or None."""
        from models import entry

        return entry.entry_refusal(self, kode)

    def check_addition(self, kode: str, ratee: str, rater: str) -> tuple[str, list[str]]:
        """The role ``rater`` would have towards ``ratee``, and warnings; refuses a bad pair."""
        from models import entry

        return entry.check_addition(self, kode, ratee, rater)

    def set_score(
        self,
        kode: str,
        ratee: str,
        rater: str,
        peran: str,
        kriteria: str,
        nilai: int | None,
        *,
        seen: Mapping[str | None, Nilai] | None = None,
        resolved: Mapping[str, Any] | None = None,
    ) -> Change | None:
        """Store one score (None clears it); the change is what undo needs.

        ``seen`` holds the value the clerk saw in the cell: a change by another
        clerk since is a ``CellConflict`` (``entry.set_score``).
        """
        from models import entry

        return entry.set_score(
            self,
            kode,
            ratee,
            rater,
            peran,
            kriteria,
            nilai,
            seen=seen,
            resolved=resolved,
        )

    def set_comment(
        self,
        kode: str,
        ratee: str,
        rater: str,
        peran: str,
        catatan: str,
        *,
        seen: Mapping[str | None, Nilai] | None = None,
        resolved: Mapping[str, Any] | None = None,
    ) -> Change | None:
        from models import entry

        return entry.set_comment(
            self,
            kode,
            ratee,
            rater,
            peran,
            catatan,
            seen=seen,
            resolved=resolved,
        )

    def completeness(self, kode: str, unit: str | None = None) -> list[MissingLine]:
        """Who is not complete yet in period ``kode``, the most missing first."""
        from models import entry

        return entry.completeness(self, kode, unit)

    def report_card(self, kode: str, nip: str) -> ReportCard:
        """Everything the report card of ``nip`` in period ``kode`` shows (models.report)."""
        from models import report

        return report.report_card(self, kode, nip)

    # ------------------------------------------------------------ official evaluation

    def evaluation_settings(self) -> Record:
        """The ``evaluasi`` settings (table, thresholds, curve, anonymity, outside officials)."""
        from models import evaluations

        return evaluations.settings(self)

    def evaluation_lines(self, kode: str) -> list[EvaluationLine]:
        """Every employee active in period ``kode`` with both ratings and the 360 evidence."""
        from models import evaluations

        found: list[EvaluationLine] = self._cached(
            ("evaluation_lines", kode),
            lambda: evaluations.lines(self, kode),
            ("employees", "settings", "periods", f"ratings/{kode}", f"evaluations/{kode}"),
        )
        return list(found)

    def save_evaluation(
        self, kode: str, nip: str, *, seen: Mapping[str, Any] | None, **fields: Any
    ) -> Record:
        """Set hasil, perilaku, alasan or catatan of one employee (``evaluations.save``)."""
        from models import evaluations

        return evaluations.save(self, kode, nip, seen=seen, **fields)

    def save_evaluations(self, planned: Iterable[PlannedRow]) -> None:
        """Write an already checked ``import evaluasi`` in one transaction."""
        from models import evaluations

        evaluations.save_planned(self, planned)

    def set_organisation(self, kode: str, code: str | None) -> Record:
        """Record the organisation's own predikat for period ``kode``."""
        from models import evaluations

        return evaluations.set_organisation(self, kode, code)

    def distribution(self, kode: str) -> Distribution:
        """The period's official predikat against the organisation's curve (warns only)."""
        from models import evaluations

        return evaluations.distribution(self, kode)

    def officials(self, nip: str) -> tuple[Official | None, Official | None]:
        """The pejabat penilai of ``nip`` and their superior (tree or settings)."""
        from models import evaluations

        return evaluations.officials(self, nip, evaluations.settings(self)["pejabat_luar"])

    def rater_figures(self, kode: str) -> list[RaterFigures]:
        """Per rater: mean and spread of the scores given, lenient or severe (advisory)."""
        from models import diagnostics

        return diagnostics.rater_figures(self, kode)

    def agreement(self, kode: str) -> dict[str, EmployeeFigures]:
        """Per rated employee: how much the raters agree, and self against others."""
        from models import diagnostics

        return diagnostics.agreement(self, kode)

    # ------------------------------------------------------------ workshops (models.workshops)

    def workshops(self, year: int | None = None) -> list[Record]:
        """Workshops by first session; with ``year``, those with a session in it."""
        from models import workshops

        return workshops.workshops(self, year)

    def workshop(self, workshop_id: int) -> Record:
        from models import workshops

        return workshops.workshop(self, workshop_id)

    def create_workshop(self, data: Mapping[str, Any]) -> Record:
        from models import workshops

        return workshops.create_workshop(self, data)

    def edit_workshop(self, current: Mapping[str, Any], data: Mapping[str, Any]) -> Record:
        from models import workshops

        return workshops.edit_workshop(self, current, data)

    def delete_workshop(self, current: Mapping[str, Any]) -> None:
        from models import workshops

        workshops.delete_workshop(self, current)

    def enrol(self, workshop: Mapping[str, Any], nip: str) -> str:
        """ "peserta" when a seat was free, "antrian" when put on the waiting list."""
        from models import workshops

        return workshops.enrol(self, workshop, nip)

    def withdraw(self, workshop: Mapping[str, Any], nip: str) -> str | None:
        """Who moved up from the waiting list, if anyone."""
        from models import workshops

        return workshops.withdraw(self, workshop, nip)

    def set_capacity(self, workshop: Mapping[str, Any], kapasitas: int | str) -> list[str]:
        from models import workshops

        return workshops.set_capacity(self, workshop, kapasitas)

    def move_session(
        self, workshop: Mapping[str, Any], no: int, new_start: str | dt.datetime
    ) -> Record:
        from models import workshops

        return workshops.move_session(self, workshop, no, new_start)

    def cancel_session(self, workshop: Mapping[str, Any], no: int) -> Record:
        from models import workshops

        return workshops.cancel_session(self, workshop, no)

    def record_attendance(
        self,
        workshop: Mapping[str, Any],
        no: int,
        nip: str,
        status: str,
        now: dt.datetime | None = None,
    ) -> Record:
        from models import workshops

        return workshops.record_attendance(self, workshop, no, nip, status, now)

    def jp_tally(self, year: int) -> list[dict[str, Any]]:
        """JP per active employee in ``year`` against the office's target, by nama."""
        from models import workshops

        return workshops.jp_tally(self, year)

    def latest_scored_period(self) -> Record | None:
        from models import workshops

        return workshops.latest_scored_period(self)

    def recommendations(self, workshop: Mapping[str, Any]) -> list[tuple[str, float | None]]:
        """Who would gain most from ``workshop``, weakest first, with the mean that ranks them."""
        from models import workshops

        return workshops.recommendations(self, workshop)

    def high_potential(self, n: int = 10) -> list[ScoreLine]:
        from models import workshops

        return workshops.high_potential(self, n)

    # ------------------------------------------------------------ awards (models.awards)

    def awards(self, kode: str | None = None, nip: str | None = None) -> list[Record]:
        from models import awards

        return awards.awards(self, kode, nip)

    def award_candidates(self, kode: str) -> list[ScoreLine]:
        from models import awards

        return awards.candidates(self, kode)

    def awarded_nips(self, kode: str) -> set[str]:
        from models import awards

        return awards.awarded_nips(self, kode)

    def check_award_candidate(self, kode: str, nip: str) -> ScoreLine:
        from models import awards

        return awards.check_candidate(self, kode, nip)

    def confirm_award(self, kode: str, nip: str, **fields: str) -> Record:
        """Record an award for a candidate (jenis, nomor_sk, tanggal_sk, catatan)."""
        from models import awards

        return awards.confirm_award(self, kode, nip, **fields)

    def revoke_award(self, record: Mapping[str, Any]) -> None:
        from models import awards

        awards.revoke_award(self, record)

    # ------------------------------------------------------------ history (models.history)

    def history(self, nip: str) -> CareerHistory:
        """One employee's career record: results, training per year, awards, rating changes."""
        from models import history

        return history.history(self, nip)


def _whole_number(value: Any, field: str, *, minimum: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError("office.not_a_number", field=field, value=value) from None
    if number < minimum:
        raise ValidationError("office.number_too_small", field=field, minimum=minimum)
    return number


__all__ = ["KinerjaError", "Office", "default_db_path", "initial_tables"]
