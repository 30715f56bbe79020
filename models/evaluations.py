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
from typing import TYPE_CHECKING, Any, Final

from models import evaluation as rules
from models.errors import KinerjaError, ValidationError
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
    from models.i18n import t

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


@dataclass(frozen=True)
class EvaluationLine:
    """One active employee's official evaluation in a period, with its 360 evidence."""

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


def records(office: Office, kode: str) -> dict[str, Record]:
    """The stored evaluations of period ``kode`` by NIP."""
    return {doc["nip"]: doc for doc in office.store.all(TABLE, shard=kode)}


def settings(office: Office) -> dict[str, Any]:
    return rules.settings_of(office.settings())


def _official(emp: Mapping[str, Any] | None) -> Official | None:
    if emp is None:
        return None
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


def officials(
    office: Office, nip: str, outside: Mapping[str, Mapping[str, str]]
) -> tuple[Official | None, Official | None]:
    """The pejabat penilai (the atasan) and their own superior, from the supervisor tree.

    The head of the office has no atasan inside it: both come from the officials
    recorded in the settings.  For someone reporting to the head, the superior
    of the pejabat penilai is the outside official.
    """
    people = office.employees_by_nip()
    emp = people[nip]
    atasan = people.get(str(emp.get("atasan_nip") or ""))
    if atasan is None:
        return _outside(outside["penilai"]), _outside(outside["atasan"])
    atasan_atasan = people.get(str(atasan.get("atasan_nip") or ""))
    if atasan_atasan is None:
        return _official(atasan), _outside(outside["penilai"])
    return _official(atasan), _official(atasan_atasan)


def lines(office: Office, kode: str) -> list[EvaluationLine]:
    """Every employee active in the period, in ranking-list order (unit, then name)."""
    result = office.results(kode)
    config = settings(office)
    stored = records(office, kode)
    people = office.employees_by_nip()
    found: list[EvaluationLine] = []
    for score in sorted(result.lines, key=lambda s: (s.unit.casefold(), s.nama.casefold(), s.nip)):
        doc = stored.get(score.nip)
        hasil = doc.get("hasil_kerja") if doc else None
        perilaku = doc.get("perilaku_kerja") if doc else None
        penilai, atasan = officials(office, score.nip, config["pejabat_luar"])
        found.append(
            EvaluationLine(
                nip=score.nip,
                nama=score.nama,
                unit=score.unit,
                jabatan=str(people.get(score.nip, {}).get("jabatan", "")),
                nilai=score.nilai,
                saran=rules.suggest_perilaku(score.nilai, config["ambang_perilaku"]),
                hasil=hasil,
                perilaku=perilaku,
                predikat=(
                    rules.predikat_kinerja(hasil, perilaku, config["matriks"])
                    if hasil and perilaku
                    else None
                ),
                alasan=str(doc.get("alasan") or "") if doc else "",
                catatan=str(doc.get("catatan") or "") if doc else "",
                record=doc,
                penilai=penilai,
                atasan_penilai=atasan,
            )
        )
    return found


def distribution(office: Office, kode: str) -> rules.Distribution:
    """The period's predikat against the organisation's curve (a warning, never a block)."""
    period = office.period(kode)
    return rules.distribution(
        period.get("organisasi"),
        (line.predikat for line in lines(office, kode)),
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
) -> Record:
    """Set some of an employee's evaluation fields; the stored record.

    ``seen`` is the record as the clerk saw it (None: there was none).  A field
    being set that another clerk changed since is a ``CellConflict``; a field
    someone else changed that this clerk does not set is kept.  A perilaku
    rating that differs from the 360 suggestion needs a reason, and so does
    every change made while calibrating (``calibration``).
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
                saran=rules.rating_label(saran) if saran else "-",
            )
        merged["penilai_nip"] = emp.get("atasan_nip")
        return _write(txn, current, merged)


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


def _file_code(code: str | None) -> str:
    return code.replace("_", "-") if code else ""


def export_rows(office: Office, kode: str) -> list[dict[str, Any]]:
    """One row per employee active in the period; empty ratings where none were given."""
    rows = []
    for line in lines(office, kode):
        rows.append(
            {
                "periode": kode,
                "nip": line.nip,
                "nama": line.nama,
                "unit": line.unit,
                "hasil_kerja": _file_code(line.hasil),
                "perilaku_kerja": _file_code(line.perilaku),
                "perilaku_saran": _file_code(line.saran),
                "predikat_kinerja": line.predikat or "",
                "penilai_nip": line.penilai.nip.replace(" ", "") if line.penilai else "",
                "penilai_nama": line.penilai.nama if line.penilai else "",
                "penilai_jabatan": line.penilai.jabatan if line.penilai else "",
            }
        )
    return rows


@dataclass(frozen=True)
class PlannedRow:
    line: int
    kode: str
    nip: str
    hasil: str
    perilaku: str
    alasan: str


def plan_import(
    office: Office, rows: Sequence[Mapping[str, Any]]
) -> tuple[list[PlannedRow], list[tuple[int, str, str]]]:
    """Check every row of an ``import evaluasi`` file: (good rows, (line, nip, error) list).

    The same rules as the grid: the period open for entry, the employee active,
    a reason wherever perilaku differs from the 360 suggestion.
    """
    from models.nip import normalize_nip

    config = settings(office)
    good: list[PlannedRow] = []
    errors: list[tuple[int, str, str]] = []
    suggestions: dict[str, dict[str, str | None]] = {}
    seen: set[tuple[str, str]] = set()
    for index, row in enumerate(rows, start=2):
        line = int(row.get("_line", index))
        nip = str(row.get("nip") or "").strip()
        try:
            kode = str(row.get("periode") or "").strip()
            period = office.period(kode)
            ensure_open_for_entry(period)
            nip = normalize_nip(nip, field="nip")
            emp = office.employee(nip)
            if not emp.get("aktif", True):
                raise ValidationError("evaluations.inactive", field="nip", nama=emp["nama"])
            hasil = rules.parse_rating(row.get("hasil_kerja"), "hasil_kerja")
            perilaku = rules.parse_rating(row.get("perilaku_kerja"), "perilaku_kerja")
            alasan = rules.clean_reason(row.get("alasan"))
            if kode not in suggestions:
                result = office.results(kode)
                suggestions[kode] = {
                    score.nip: rules.suggest_perilaku(score.nilai, config["ambang_perilaku"])
                    for score in result.lines
                }
            saran = suggestions[kode].get(nip)
            if rules.needs_reason(perilaku, saran) and not alasan:
                raise ValidationError(
                    "evaluations.reason_needed",
                    field="alasan",
                    nama=emp["nama"],
                    saran=rules.rating_label(saran) if saran else "-",
                )
            if (kode, nip) in seen:
                raise ValidationError("evaluations.duplicate_row", field="nip")
            seen.add((kode, nip))
        except KinerjaError as err:
            errors.append((line, nip, str(err)))
            continue
        good.append(PlannedRow(line, kode, nip, hasil, perilaku, alasan))
    return good, errors


def save_planned(office: Office, planned: Iterable[PlannedRow]) -> tuple[int, int, int]:
    """Write checked import rows in one transaction: (added, changed, unchanged)."""
    added = changed = unchanged = 0
    with office.store.transaction() as txn:
        inserts: list[Record] = []
        updates: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
        for row in planned:
            ensure_open_for_entry(office.period(row.kode))
            current = _find(office, row.kode, row.nip)
            fields = {
                "hasil_kerja": row.hasil,
                "perilaku_kerja": row.perilaku,
                "alasan": row.alasan,
                "penilai_nip": office.employee(row.nip).get("atasan_nip"),
            }
            if current is None:
                inserts.append({**_blank(row.kode, row.nip), **fields})
                added += 1
            elif any(current.get(k) != v for k, v in fields.items()):
                updates.append((current, fields))
                changed += 1
            else:
                unchanged += 1
        txn.write_many(TABLE, inserts, updates)
    return added, changed, unchanged
