"""The official evaluation kept in the office data file (rules: ``models.evaluation``).

Per period, the organisation's predikat is a field of the period record; per
employee, one record in the ``evaluations`` table holds the pejabat penilai's two
ratings, the reason when perilaku differs from the 360 suggestion, and a note
(catatan / rekomendasi).  Every save is one store transaction: it takes the lock,
refuses a period not open for entry, and refuses to overwrite a rating another
clerk changed since this clerk saw it (``CellConflict``); the audit trail keeps
the old and new values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from models import evaluation as rules
from models.errors import KinerjaError, ValidationError
from models.i18n import t
from models.labels import evaluation_rating_label
from models.period import ensure_open_for_entry
from models.store import Txn, without_keys

if TYPE_CHECKING:
    from models.office import Office

Record = dict[str, Any]

TABLE: Final = "evaluations"
FIELDS: Final = ("hasil_kerja", "perilaku_kerja", "alasan", "catatan")
"""What a clerk sets on an evaluation record."""


class CellConflict(KinerjaError):
    """Another clerk changed this rating since it was shown: theirs and mine, to choose."""

    def __init__(self, nama: str, field: str, theirs: Any, mine: Any) -> None:
        super().__init__("evaluations.conflict", nama=nama, field=rules_field_label(field))
        self.field = field
        self.theirs = theirs
        self.mine = mine


def rules_field_label(field: str) -> str:
    return t(f"evaluations.field.{field}")


@dataclass(frozen=True)
class Official:
    """Someone named on an evaluation document: pejabat penilai or their superior."""

    nama: str
    nip: str
    pangkat: str
    jabatan: str
    unit: str
    instansi: str = ""

    @property
    def known(self) -> bool:
        return bool(self.nama)


class EvaluationLine(NamedTuple):
    """One active employee's official evaluation in a period, with its 360 evidence.

    A named tuple, like ``scoring.ScoreLine``: a 5,000-person list builds one per
    employee every time something is saved, which tuples do several times faster.
    """

    nip: str
    nama: str
    unit: str
    jabatan: str
    nilai: Decimal | None
    """The 360 nilai (README, "How the score is computed"); None without counted ratings."""
    saran: str | None
    """The perilaku rating the 360 nilai suggests."""
    hasil: str | None
    perilaku: str | None
    predikat: str | None
    """The official predikat kinerja, once both ratings are given."""
    alasan: str
    catatan: str
    record: Mapping[str, Any] | None
    """The stored record as read (for conflict checks); None before the first rating."""
    penilai: Official | None
    atasan_penilai: Official | None

    @property
    def perlu_alasan(self) -> bool:
        """A perilaku rating different from the suggestion, still without a reason."""
        return (
            self.perilaku is not None
            and rules.needs_reason(self.perilaku, self.saran)
            and not self.alasan
        )


def _find(office: Office, kode: str, nip: str) -> Record | None:
    from models.store import evaluation_shard

    tables = office.store.storage.tables
    name = evaluation_shard(kode, nip)
    if name not in tables:
        return None
    for doc in tables[name].values():
        if doc["nip"] == nip:
            return doc  # type: ignore[no-any-return]
    return None


def official(
    office: Office, kode: str, nip: str, config: Mapping[str, Any] | None = None
) -> tuple[str | None, str | None, str | None]:
    """(hasil, perilaku, predikat kinerja) of one employee in one period, as stored.

    Reads one shard, not the whole period (the career history asks per period).
    """
    doc = _find(office, kode, nip)
    if doc is None:
        return None, None, None
    hasil, perilaku = doc.get("hasil_kerja"), doc.get("perilaku_kerja")
    if not (hasil and perilaku):
        return hasil, perilaku, None
    matrix = (config or settings(office))["matriks"]
    return hasil, perilaku, rules.predikat_kinerja(hasil, perilaku, matrix)


def records(office: Office, kode: str) -> dict[str, Record]:
    """The stored evaluations of period ``kode`` by NIP."""
    return {doc["nip"]: doc for doc in office.store.all(TABLE, shard=kode)}


def settings(office: Office) -> dict[str, Any]:
    """The office's ``evaluasi`` settings, checked: a damaged table is refused in words."""
    return rules.validate_settings(rules.settings_of(office.settings()))


def person(emp: Mapping[str, Any]) -> Official:
    """Someone of the office as named on a document: nama with titles, pangkat, golongan."""
    from models.employee import display_name
    from models.golongan import pangkat
    from models.nip import format_nip

    golongan = str(emp.get("golongan", ""))
    try:
        rank = f"{pangkat(golongan, str(emp.get('jenis_asn', 'PNS')))}, {golongan}"
    except KinerjaError:
        rank = golongan
    return Official(
        nama=display_name(emp),
        nip=format_nip(str(emp["nip"])),
        pangkat=rank,
        jabatan=str(emp.get("jabatan", "")),
        unit=str(emp.get("unit", "")),
    )


def _outside(data: Mapping[str, str]) -> Official | None:
    official = Official(
        nama=data.get("nama", ""),
        nip=data.get("nip", ""),
        pangkat=data.get("pangkat", ""),
        jabatan=data.get("jabatan", ""),
        unit="",
        instansi=data.get("instansi", ""),
    )
    return official if official.known else None


class _Officials:
    """Names the officials of many employees: one entry per person, one pair per atasan."""

    def __init__(
        self, people: Mapping[str, Mapping[str, Any]], outside: Mapping[str, Mapping[str, str]]
    ) -> None:
        self.people = people
        self.outside = (_outside(outside["penilai"]), _outside(outside["atasan"]))
        self.pairs: dict[str, tuple[Official | None, Official | None]] = {}

    def of(self, nip: str) -> tuple[Official | None, Official | None]:
        key = str(self.people[nip].get("atasan_nip") or "")
        found = self.pairs.get(key)
        if found is None:
            found = self.pairs[key] = self._pair(key)
        return found

    def _pair(self, atasan_nip: str) -> tuple[Official | None, Official | None]:
        atasan = self.people.get(atasan_nip)
        if atasan is None:
            return self.outside
        atasan_atasan = self.people.get(str(atasan.get("atasan_nip") or ""))
        if atasan_atasan is None:
            return person(atasan), self.outside[0]
        return person(atasan), person(atasan_atasan)


def officials(
    office: Office, nip: str, outside: Mapping[str, Mapping[str, str]]
) -> tuple[Official | None, Official | None]:
    """The pejabat penilai (the atasan) and their own superior, from the supervisor tree.

    The head of the office has no atasan inside it: both come from the officials
    recorded in the settings.  For someone reporting to the head, the superior
    of the pejabat penilai is the outside official.
    """
    return _Officials(office.employees_by_nip(), outside).of(nip)


def lines(office: Office, kode: str) -> list[EvaluationLine]:
    """Every employee active in the period, in ranking-list order (unit, then name)."""
    result = office.results(kode)
    config = settings(office)
    stored = records(office, kode)
    people = office.employees_by_nip()
    named = _Officials(people, config["pejabat_luar"])
    thresholds, matrix = config["ambang_perilaku"], config["matriks"]
    found: list[EvaluationLine] = []
    for score in sorted(result.lines, key=lambda s: (s.unit.casefold(), s.nama.casefold(), s.nip)):
        nip = score.nip
        doc = stored.get(nip)
        hasil = perilaku = predikat = None
        alasan = catatan = ""
        if doc is not None:
            hasil, perilaku = doc.get("hasil_kerja"), doc.get("perilaku_kerja")
            if hasil and perilaku:
                predikat = rules.predikat_kinerja(hasil, perilaku, matrix)
            alasan, catatan = str(doc.get("alasan") or ""), str(doc.get("catatan") or "")
        emp = people.get(nip)
        # Positional, in field order: the fastest way to build a named tuple.
        found.append(
            EvaluationLine(
                nip,
                score.nama,
                score.unit,
                str(emp.get("jabatan", "")) if emp else "",
                score.nilai,
                rules.suggest_perilaku(score.nilai, thresholds),
                hasil,
                perilaku,
                predikat,
                alasan,
                catatan,
                doc,
                *named.of(nip),
            )
        )
    return found


def distribution(office: Office, kode: str) -> rules.Distribution:
    """The period's predikat against the organisation's curve (a warning, never a block)."""
    period = office.period(kode)
    return rules.distribution(
        period.get("organisasi"),
        (line.predikat for line in office.evaluation_lines(kode)),
        settings(office)["kurva"],
    )


_UNSET: Final = object()


def save(
    office: Office,
    kode: str,
    nip: str,
    *,
    seen: Mapping[str, Any] | None,
    hasil: str | object | None = _UNSET,
    perilaku: str | object | None = _UNSET,
    alasan: str | object = _UNSET,
    catatan: str | object = _UNSET,
    calibration: bool = False,
    resolved: Mapping[str, Any] | None = None,
) -> Record:
    """Set some of an employee's evaluation fields; the stored record.

    ``seen`` is the record as the clerk saw it (None: there was none).  A field
    being set that another clerk changed since is a ``CellConflict``; a field
    someone else changed that this clerk does not set is kept.  A perilaku
    rating that differs from the 360 suggestion needs a reason, and so does
    every change made while calibrating (``calibration``).  ``resolved``
    (``resolution``) records in the audit trail how the clerk settled a conflict.
    """
    changes: dict[str, Any] = {}
    if hasil is not _UNSET:
        changes["hasil_kerja"] = None if hasil is None else rules.parse_rating(hasil, "hasil_kerja")
    if perilaku is not _UNSET:
        changes["perilaku_kerja"] = (
            None if perilaku is None else rules.parse_rating(perilaku, "perilaku_kerja")
        )
    if alasan is not _UNSET:
        changes["alasan"] = rules.clean_reason(alasan)
    if catatan is not _UNSET:
        changes["catatan"] = _clean_note(catatan)
    config = settings(office)
    with office.store.transaction() as txn:
        ensure_open_for_entry(office.period(kode))
        emp = office.employee(nip)
        if not emp.get("aktif", True):
            raise ValidationError("evaluations.inactive", field="nip", nama=emp["nama"])
        current = _find(office, kode, nip)
        for field in changes:
            theirs = current.get(field) if current else None
            shown = seen.get(field) if seen else None
            if theirs != shown and theirs != changes[field]:
                raise CellConflict(str(emp["nama"]), field, theirs, changes[field])
        merged = {**_blank(kode, nip), **(without_keys(current) if current else {}), **changes}
        line_nilai = office.results(kode).by_nip.get(nip)
        saran = rules.suggest_perilaku(
            line_nilai.nilai if line_nilai else None, config["ambang_perilaku"]
        )
        perilaku_now = merged["perilaku_kerja"]
        needs = calibration and any(
            (current or {}).get(f) != merged[f] for f in ("hasil_kerja", "perilaku_kerja")
        )
        if perilaku_now is not None and rules.needs_reason(perilaku_now, saran):
            needs = True
        if needs and not merged["alasan"]:
            key = "evaluations.reason_calibration" if calibration else "evaluations.reason_needed"
            raise ValidationError(
                key,
                field="alasan",
                nama=emp["nama"],
                saran=evaluation_rating_label(saran),
            )
        merged["penilai_nip"] = emp.get("atasan_nip")
        if resolved is not None:
            txn.note("konflik", tabel=TABLE, periode=kode, nip=[nip], **resolved)
        return _write(txn, current, merged)


def resolution(conflict: CellConflict, chosen: str) -> dict[str, Any]:
    """What the audit trail keeps of a settled conflict: the field, both values, the choice
    (``tersimpan``: the other clerk's value, ``diketik``: this clerk's)."""
    return {
        "kolom": conflict.field,
        "tersimpan": conflict.theirs,
        "diketik": conflict.mine,
        "dipilih": chosen,
    }


def _blank(kode: str, nip: str) -> Record:
    return {
        "periode": kode,
        "nip": nip,
        "hasil_kerja": None,
        "perilaku_kerja": None,
        "alasan": "",
        "catatan": "",
        "penilai_nip": None,
    }


def _clean_note(text: object) -> str:
    """The catatan / rekomendasi: a comment, with the one comment length limit."""
    from models.text import check_comment, clean_comment

    return check_comment(clean_comment(str(text or ""))[0], "catatan")


def _write(txn: Txn, current: Mapping[str, Any] | None, merged: Record) -> Record:
    if current is None:
        return txn.insert(TABLE, merged)
    return txn.update(TABLE, current, merged, check_rev=False)


def set_organisation(office: Office, kode: str, code: str | None) -> Record:
    """Record the organisation's own predikat for period ``kode`` (None clears it)."""
    value = None if code is None else rules.parse_organisation(code)
    with office.store.transaction() as txn:
        period = office.period(kode)
        if period["status"] == "ditutup":
            raise ValidationError(
                "office.period_closed_readonly", field="organisasi", kode=period["kode"]
            )
        return txn.update("periods", period, {"organisasi": value}, check_rev=False)


# --------------------------------------------------------------------------- files

EXPORT_FIELDS: Final = (
    "periode",
    "nip",
    "nama",
    "unit",
    "hasil_kerja",
    "perilaku_kerja",
    "perilaku_saran",
    "predikat_kinerja",
    "penilai_nip",
    "penilai_nama",
    "penilai_jabatan",
)
IMPORT_FIELDS: Final = ("periode", "nip", "hasil_kerja", "perilaku_kerja", "alasan")


def _file_code(code: str | None) -> str | None:
    return code.replace("_", "-") if code else None


def export_rows(office: Office, kode: str) -> list[dict[str, Any]]:
    """One row per employee active in the period; empty (None) where nothing was given.

    Ratings are written as the import reads them (``di-atas``), the predikat as
    its code (``sangat_baik``).
    """
    rows = []
    for line in office.evaluation_lines(kode):
        penilai = line.penilai
        rows.append(
            {
                "periode": kode,
                "nip": line.nip,
                "nama": line.nama,
                "unit": line.unit,
                "hasil_kerja": _file_code(line.hasil),
                "perilaku_kerja": _file_code(line.perilaku),
                "perilaku_saran": _file_code(line.saran),
                "predikat_kinerja": line.predikat,
                "penilai_nip": ("".join(penilai.nip.split()) or None) if penilai else None,
                "penilai_nama": penilai.nama if penilai else None,
                "penilai_jabatan": penilai.jabatan if penilai else None,
            }
        )
    return rows


INFORMATION_FIELDS: Final = tuple(f for f in EXPORT_FIELDS if f not in IMPORT_FIELDS)
"""Columns of the export an import reads past, so an exported file can be imported back."""


@dataclass(frozen=True)
class PlannedRow:
    """One row of an import file that changes a stored evaluation."""

    line: int
    kode: str
    nip: str
    current: Mapping[str, Any] | None
    changes: Mapping[str, Any]


@dataclass
class ImportPlan:
    """What an ``import evaluasi`` file would change, or the problems found in it."""

    rows: list[PlannedRow]
    unchanged: int
    errors: list[tuple[int, str, str]]
    """(line, NIP, message) for every bad row."""
    warnings: list[tuple[int, str, str]]

    @property
    def added(self) -> int:
        return sum(1 for row in self.rows if row.current is None)

    @property
    def updated(self) -> int:
        return sum(1 for row in self.rows if row.current is not None)


class _Importer:
    """Checks the rows of one ``import evaluasi`` file against the office as it is now."""

    def __init__(self, office: Office, columns: Sequence[str]) -> None:
        self.office = office
        self.config = settings(office)
        self.people = office.employees_by_nip()
        self.has_alasan = "alasan" in columns
        self.periods: dict[str, Mapping[str, Any]] = {}
        self.stored: dict[str, dict[str, Record]] = {}
        self.suggestions: dict[str, dict[str, str | None]] = {}

    def period(self, kode: str) -> Mapping[str, Any]:
        if kode not in self.periods:
            self.periods[kode] = self.office.period(kode)
            self.stored[kode] = records(self.office, kode)
            result = self.office.results(kode)
            self.suggestions[kode] = {
                line.nip: rules.suggest_perilaku(line.nilai, self.config["ambang_perilaku"])
                for line in result.lines
            }
        return self.periods[kode]

    def row(self, row: Mapping[str, str], warnings: list[str]) -> tuple[str, str, dict[str, Any]]:
        """(periode, NIP, the fields the row gives); raises the row's first problem."""
        from models.nip import normalize_nip
        from models.text import clean_comment, refuse_controls

        for name in ("periode", "nip", "hasil_kerja", "perilaku_kerja"):
            refuse_controls(row.get(name, ""), name)
        kode = row.get("periode", "").strip()
        if not kode:
            raise ValidationError("evaluations.periode_required", field="periode")
        self.period(kode)
        nip = normalize_nip(row.get("nip", ""), field="nip")
        if nip not in self.people:
            raise ValidationError("office.employee_not_found", field="nip", nip=nip)
        given: dict[str, Any] = {}
        for name in ("hasil_kerja", "perilaku_kerja"):
            if row.get(name, "").strip():
                given[name] = rules.parse_rating(row[name], name)
        if self.has_alasan and row.get("alasan", "").strip():
            text, removed = clean_comment(row["alasan"])
            if removed:
                warnings.append(t("text.controls_removed", count=removed))
            given["alasan"] = rules.clean_reason(text)
        return kode, nip, given

    def check(self, kode: str, nip: str, merged: Mapping[str, Any]) -> None:
        """The grid's rules for a row that changes something."""
        ensure_open_for_entry(self.periods[kode])
        emp = self.people[nip]
        if not emp.get("aktif", True):
            raise ValidationError("evaluations.inactive", field="nip", nama=emp["nama"])
        saran = self.suggestions[kode].get(nip)
        perilaku = merged.get("perilaku_kerja")
        if perilaku is not None and rules.needs_reason(perilaku, saran) and not merged["alasan"]:
            raise ValidationError(
                "evaluations.reason_needed",
                field="alasan",
                nama=emp["nama"],
                saran=evaluation_rating_label(saran),
            )


def plan_import(
    office: Office, rows: Sequence[tuple[int, Mapping[str, str]]], columns: Sequence[str]
) -> ImportPlan:
    """Check every row of an ``import evaluasi`` file (``columns``: the file's header).

    A blank cell gives nothing: the stored value stays (a rating is cleared in the
    grid, not by a file).  A row that would change nothing is unchanged and passes
    whatever the rules say now (a closed period, someone inactive since), so
    exporting and importing back is a no-op.  A row that changes something obeys
    the grid's rules: the period open for entry, the employee active, a reason
    wherever perilaku differs from the 360 suggestion.
    """
    importer = _Importer(office, columns)
    plan = ImportPlan(rows=[], unchanged=0, errors=[], warnings=[])
    first: dict[tuple[str, str], int] = {}
    for line, row in rows:
        shown_nip = "".join(row.get("nip", "").split())
        notes: list[str] = []
        try:
            kode, nip, given = importer.row(row, notes)
            if (kode, nip) in first:
                raise ValidationError(
                    "evaluations.duplicate_row", field="nip", first=first[(kode, nip)]
                )
            first[(kode, nip)] = line
            current = importer.stored[kode].get(nip)
            base = {**_blank(kode, nip), **(current or {})}
            changes = {k: v for k, v in given.items() if base.get(k) != v}
            if not changes:
                plan.unchanged += 1
                continue
            importer.check(kode, nip, {**base, **changes})
        except KinerjaError as err:
            plan.errors.append((line, shown_nip, str(err)))
            continue
        finally:
            plan.warnings.extend((line, shown_nip, note) for note in notes)
        plan.rows.append(PlannedRow(line, kode, nip, current, changes))
    return plan


def save_planned(office: Office, planned: Iterable[PlannedRow]) -> None:
    """Write checked import rows in one transaction (all or nothing, audited)."""
    with office.store.transaction() as txn:
        inserts: list[Record] = []
        updates: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
        people = office.employees_by_nip()
        for row in planned:
            penilai = {"penilai_nip": people[row.nip].get("atasan_nip")}
            current = _find(office, row.kode, row.nip)
            if current is None:
                inserts.append({**_blank(row.kode, row.nip), **row.changes, **penilai})
            else:
                updates.append((current, {**row.changes, **penilai}))
        txn.write_many(TABLE, inserts, updates)
