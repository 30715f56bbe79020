"""Score entry: the sheets of the entry grid, what is still missing, and undo.

A clerk types paper forms into the grid one form at a time: either one
rater's form (everyone that rater scores) or everything said about one
employee.  These functions build those sheets from the org tree
(``eligibility.rateable_by`` / ``raters_of``) plus whatever was already
entered, report per employee what keeps them from being complete (with the
very rule ``scoring.compute_period`` uses), and turn single-cell edits into
reversible changes.  Every write goes through ``Office.save_rating`` or
``Office.delete_rating``, so the period status and eligibility are checked
under the store lock exactly as for the CSV import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from models import eligibility
from models.criteria import ROLES
from models.errors import KinerjaError, ValidationError
from models.i18n import t
from models.labels import role_label
from models.period import ensure_open_for_entry

if TYPE_CHECKING:
    from models.office import Office

Record = dict[str, Any]

STATUS_KOSONG: Final = "kosong"
"""No rating stored yet for this pair."""
STATUS_DRAF: Final = "draf"
"""Some criteria scored (or only a comment): the rating does not count yet."""
STATUS_LENGKAP: Final = "lengkap"
"""Every criterion scored: the rating counts."""

_ROLE_ORDER: Final = {peran: i for i, peran in enumerate(ROLES)}
_ATASAN_MISSING: Final = ("scoring.reason_atasan_missing", "scoring.reason_atasan_unset")


def entry_refusal(office: Office, kode: str) -> str | None:
    """Why nothing can be entered in this period right now (draf or ditutup), else None."""
    try:
        ensure_open_for_entry(office.period(kode))
    except ValidationError as err:
        return str(err)
    return None


# --------------------------------------------------------------------------- sheets


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One line of the entry grid: one rater's scores for one ratee."""

    ratee: str
    """NIP of the employee being rated (nip_dinilai)."""
    rater: str
    """NIP of the one giving the scores (nip_penilai)."""
    peran: str
    """The role the next save uses: the one the org tree gives the rater today."""
    nip: str
    """The person the row names: the ratee on a rater's sheet, the rater on a ratee's."""
    nama: str
    unit: str
    skor: Mapping[str, int]
    catatan: str
    status: str
    """STATUS_KOSONG, STATUS_DRAF or STATUS_LENGKAP."""
    usulan: bool
    """True when the org tree suggests this pair; False for a rekan added by hand."""
    peringatan: tuple[str, ...] = ()
    """Warnings that do not block the rating, e.g. a rekan from another unit."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.ratee, self.rater)


def _status(rating: Mapping[str, Any] | None, criteria: Sequence[Mapping[str, Any]]) -> str:
    if rating is None:
        return STATUS_KOSONG
    return STATUS_LENGKAP if eligibility.is_complete(rating, criteria) else STATUS_DRAF


def _row(
    ratee: str,
    rater: str,
    peran: str,
    shown: Mapping[str, Any],
    rating: Mapping[str, Any] | None,
    criteria: Sequence[Mapping[str, Any]],
    *,
    usulan: bool,
    peringatan: Sequence[str] = (),
) -> SheetRow:
    skor = dict(rating.get("skor") or {}) if rating else {}
    return SheetRow(
        ratee=ratee,
        rater=rater,
        peran=peran,
        nip=str(shown["nip"]),
        nama=str(shown.get("nama", "")),
        unit=str(shown.get("unit", "")),
        skor=skor,
        catatan=str(rating.get("catatan") or "") if rating else "",
        status=_status(rating, criteria),
        usulan=usulan,
        peringatan=tuple(peringatan),
    )


def _sort_rows(rows: list[SheetRow]) -> list[SheetRow]:
    rows.sort(key=lambda r: (_ROLE_ORDER.get(r.peran, 9), r.nama.casefold(), r.nip))
    return rows


def _other_pair(
    ratee: str, rater: str, employees: Mapping[str, Mapping[str, Any]]
) -> tuple[str, list[str]] | None:
    """Role and warnings for a pair outside the org tree's suggestions; None if not allowed."""
    if ratee not in employees or rater not in employees:
        return None
    try:
        peran = eligibility.role_for(rater, ratee, employees)
        return peran, eligibility.check_pair(ratee, rater, peran, employees)
    except ValidationError:
        return None


def sheet_for_rater(
    office: Office, kode: str, rater_nip: str, extra: Iterable[str] = ()
) -> list[SheetRow]:
    """Everyone ``rater_nip`` scores in period ``kode``, grouped by role.

    The org tree's suggestions (subordinates as atasan, peers as rekan, their
    own atasan as bawahan, themself as diri), plus anyone this rater already
    rated outside that list, plus ``extra`` ratees added by hand.  Pairs that
    are no longer allowed (someone left) are left out.
    """
    employees = office.employees_by_nip()
    criteria = office.criteria_of(kode)
    if rater_nip not in employees:
        return []
    existing = {r["nip_dinilai"]: r for r in office.ratings(kode) if r["nip_penilai"] == rater_nip}
    suggested = eligibility.rateable_by(rater_nip, employees)
    return _sheet(rater_nip, suggested, existing, extra, employees, criteria, as_rater=True)


def sheet_for_ratee(
    office: Office, kode: str, ratee_nip: str, extra: Iterable[str] = ()
) -> list[SheetRow]:
    """Everyone who scores ``ratee_nip`` in period ``kode``, grouped by role.

    Their atasan, their peers, their direct subordinates and themself, plus any
    other rater who already rated them (e.g. a rekan from another unit), plus
    ``extra`` raters added by hand.
    """
    employees = office.employees_by_nip()
    criteria = office.criteria_of(kode)
    if ratee_nip not in employees:
        return []
    existing = {r["nip_penilai"]: r for r in office.store.ratings_of(kode, ratee_nip)}
    suggested = eligibility.raters_of(ratee_nip, employees)
    return _sheet(ratee_nip, suggested, existing, extra, employees, criteria, as_rater=False)


def _sheet(
    subject: str,
    suggested: Iterable[tuple[str, str]],
    existing: Mapping[str, Mapping[str, Any]],
    extra: Iterable[str],
    employees: Mapping[str, Mapping[str, Any]],
    criteria: list[dict[str, Any]],
    *,
    as_rater: bool,
) -> list[SheetRow]:
    """Rows for one person's sheet: the suggested pairs, then earlier and added ones.

    ``subject`` is the rater (``as_rater``) or the ratee; the rows are about the
    other person of each pair.  Pairs no longer allowed (someone left) are dropped.
    """

    def pair(other: str) -> tuple[str, str]:
        return (other, subject) if as_rater else (subject, other)

    rows: list[SheetRow] = []
    seen: set[str] = set()
    for other, peran in suggested:
        seen.add(other)
        ratee, rater = pair(other)
        rows.append(
            _row(ratee, rater, peran, employees[other], existing.get(other), criteria, usulan=True)
        )
    for other in [*existing, *extra]:
        if other in seen:
            continue
        seen.add(other)
        ratee, rater = pair(other)
        allowed = _other_pair(ratee, rater, employees)
        if allowed is None:
            continue
        peran, warnings = allowed
        rows.append(
            _row(
                ratee,
                rater,
                peran,
                employees[other],
                existing.get(other),
                criteria,
                usulan=False,
                peringatan=warnings,
            )
        )
    return _sort_rows(rows)


def reload_row(office: Office, kode: str, row: SheetRow) -> SheetRow:
    """``row`` with the rating as stored now (after a save, without rebuilding the sheet)."""
    rating = office.rating(kode, row.ratee, row.rater)
    skor = dict(rating.get("skor") or {}) if rating else {}
    return replace(
        row,
        skor=skor,
        catatan=str(rating.get("catatan") or "") if rating else "",
        status=_status(rating, office.criteria_of(kode)),
    )


def check_addition(
    office: Office, kode: str, ratee_nip: str, rater_nip: str
) -> tuple[str, list[str]]:
    """The role and warnings for adding this pair to a sheet by hand.

    Raises ValidationError with the reason when the pair may not be rated
    (period not open, someone inactive, ...), so the grid never offers a row
    that a save would refuse.
    """
    employees = office.employees_by_nip()
    peran = eligibility.role_for(rater_nip, ratee_nip, employees)
    return peran, office.check_rater(kode, ratee_nip, rater_nip, peran)


# --------------------------------------------------------------------------- completeness


@dataclass(frozen=True, slots=True)
class DraftRating:
    """A started but unfinished rating: it does not count until every criterion is scored."""

    rater: str
    nama: str
    peran: str
    kurang: int
    """How many criteria still have no score."""


@dataclass(frozen=True, slots=True)
class MissingLine:
    """What one active employee still lacks to be complete (SPEC section 3, step 6)."""

    nip: str
    nama: str
    unit: str
    atasan: str | None
    """NIP of their atasan (whose form fills the atasan rating), None for the head of office."""
    atasan_kurang: bool
    """No counted atasan rating yet (never true for the head of office)."""
    rekan: int
    """Counted rekan ratings."""
    min_rekan: int
    draf: tuple[DraftRating, ...]
    alasan: tuple[str, ...]
    """The scoring reasons in the UI language ("atasan belum menilai", "rekan 1/2")."""

    @property
    def rekan_kurang(self) -> int:
        return max(0, self.min_rekan - self.rekan)

    @property
    def kurang(self) -> int:
        """How many ratings are still missing; at least 1 for a listed employee."""
        return max(1, int(self.atasan_kurang) + self.rekan_kurang)

    @property
    def keterangan(self) -> str:
        """Everything missing in one line, drafts named with their rater."""
        parts = list(self.alasan)
        if self.draf:
            names = ", ".join(f"{d.nama} ({role_label(d.peran)})" for d in self.draf)
            parts.append(t("entry.drafts_by", names=names))
        return "; ".join(parts)


def completeness(office: Office, kode: str, unit: str | None = None) -> list[MissingLine]:
    """Every active employee who is not complete yet, the most missing first.

    Uses ``Office.results`` so the rule is exactly the ranking's: the head of
    office needs no atasan rating, drafts do not count, inactive raters do not
    count.  ``unit`` limits the list to one unit kerja.
    """
    employees = office.employees_by_nip()
    criteria = office.criteria_of(kode)
    result = office.results(kode)
    drafts: dict[str, list[DraftRating]] = {}
    for rating in office.ratings(kode):
        rater = employees.get(rating["nip_penilai"])
        ratee = employees.get(rating["nip_dinilai"])
        if rater is None or ratee is None or not rater.get("aktif", True):
            continue
        missing = eligibility.missing_criteria(rating, criteria)
        if not missing and criteria:
            continue
        drafts.setdefault(rating["nip_dinilai"], []).append(
            DraftRating(
                rater=rating["nip_penilai"],
                nama=str(rater.get("nama", "")),
                peran=str(rating.get("peran", "")),
                kurang=len(missing),
            )
        )
    lines: list[MissingLine] = []
    for line in result.lines:
        if line.lengkap or (unit is not None and line.unit != unit):
            continue
        emp = employees.get(line.nip, {})
        own_drafts = sorted(
            drafts.get(line.nip, []),
            key=lambda d: (_ROLE_ORDER.get(d.peran, 9), d.nama.casefold(), d.rater),
        )
        lines.append(
            MissingLine(
                nip=line.nip,
                nama=line.nama,
                unit=line.unit,
                atasan=emp.get("atasan_nip") or None,
                atasan_kurang=any(a.key in _ATASAN_MISSING for a in line.alasan_kode),
                rekan=line.peran["rekan"].jumlah,
                min_rekan=result.min_rekan,
                draf=tuple(own_drafts),
                alasan=tuple(line.alasan),
            )
        )
    lines.sort(key=lambda m: (-m.kurang, m.nama.casefold(), m.nip))
    return lines


# --------------------------------------------------------------------------- changes and undo

Nilai = int | str | None
"""A cell value: a score (int), a comment (str) or nothing."""


class CellConflict(KinerjaError):
    """Another clerk changed this cell since the grid showed it: theirs and mine, to choose.

    ``kriteria`` is the criterion code, or None for the comment.  Nothing was saved.
    """

    def __init__(
        self,
        kode: str,
        ratee: str,
        rater: str,
        kriteria: str | None,
        *,
        theirs: Nilai,
        mine: Nilai,
        dinilai: str,
        penilai: str,
    ) -> None:
        super().__init__("entry.cell_conflict", dinilai=dinilai, penilai=penilai)
        self.kode = kode
        self.ratee = ratee
        self.rater = rater
        self.kriteria = kriteria
        self.theirs = theirs
        self.mine = mine


def resolution(conflict: CellConflict, chosen: str) -> dict[str, Any]:
    """What the audit trail keeps of a settled conflict: the cell, both values, the choice."""
    return {
        "kriteria": conflict.kriteria or "catatan",
        "tersimpan": conflict.theirs,
        "diketik": conflict.mine,
        "dipilih": chosen,
    }


@dataclass(frozen=True, slots=True)
class Change:
    """One cell edited in the grid, with what it held before."""

    kode: str
    ratee: str
    rater: str
    peran: str
    kriteria: str | None
    """The criterion code, or None for the comment (umpan balik)."""
    lama: Nilai
    baru: Nilai


def _current(office: Office, kode: str, ratee: str, rater: str, kriteria: str | None) -> Nilai:
    rating = office.rating(kode, ratee, rater)
    if kriteria is None:
        return str(rating.get("catatan") or "") if rating else ""
    if rating is None:
        return None
    value = (rating.get("skor") or {}).get(kriteria)
    return value if isinstance(value, int) else None


def _is_empty(skor: Mapping[str, Any], catatan: str) -> bool:
    return not skor and not catatan.strip()


def set_score(
    office: Office,
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
    """Store one score (None clears it); the Change to undo it, or None if nothing changed.

    ``seen`` maps the cell (the criterion code) to the value the clerk saw in
    it: if another clerk changed it since, ``CellConflict`` is raised and
    nothing is saved.  Clearing the
    last score of a rating without a comment deletes the rating, so an emptied
    row does not linger as a draft in the completeness list.
    """
    rating = office.rating(kode, ratee, rater)
    skor: dict[str, Any] = dict(rating.get("skor") or {}) if rating else {}
    lama = skor.get(kriteria)
    if not isinstance(lama, int):
        lama = None
    if lama == nilai and resolved is None:
        return None
    if nilai is None:
        skor.pop(kriteria, None)
        if rating is not None and _is_empty(skor, str(rating.get("catatan") or "")):
            office.delete_rating(kode, ratee, rater, seen=seen, resolved=resolved)
            return Change(kode, ratee, rater, peran, kriteria, lama, None)
    office.save_rating(kode, ratee, rater, peran, {kriteria: nilai}, seen=seen, resolved=resolved)
    return Change(kode, ratee, rater, peran, kriteria, lama, nilai)


def set_comment(
    office: Office,
    kode: str,
    ratee: str,
    rater: str,
    peran: str,
    catatan: str,
    *,
    seen: Mapping[str | None, Nilai] | None = None,
    resolved: Mapping[str, Any] | None = None,
) -> Change | None:
    """Store the comment (umpan balik) of one rating; the Change to undo it, or None.

    ``seen`` as for ``set_score``, the comment's cell being None.  The comment
    alone may start a rating (a draft until scored); clearing the comment of a
    rating without scores deletes it.
    """
    text = catatan.strip()
    rating = office.rating(kode, ratee, rater)
    lama = str(rating.get("catatan") or "") if rating else ""
    if lama == text and resolved is None:
        return None
    if not text and rating is not None and not rating.get("skor"):
        office.delete_rating(kode, ratee, rater, seen=seen, resolved=resolved)
    else:
        office.save_rating(
            kode, ratee, rater, peran, {}, catatan=text, seen=seen, resolved=resolved
        )
    return Change(kode, ratee, rater, peran, None, lama, text)


def apply_value(
    office: Office,
    change: Change,
    value: Nilai,
    *,
    seen: Mapping[str | None, Nilai] | None = None,
) -> Change | None:
    """Write ``value`` into the cell ``change`` is about."""
    if change.kriteria is None:
        return set_comment(
            office,
            change.kode,
            change.ratee,
            change.rater,
            change.peran,
            str(value or ""),
            seen=seen,
        )
    score = value if isinstance(value, int) else None
    return set_score(
        office,
        change.kode,
        change.ratee,
        change.rater,
        change.peran,
        change.kriteria,
        score,
        seen=seen,
    )


class UndoLog:
    """The grid's undo stack: each edit remembered with its old value, newest last.

    Undo writes the old value back through the office (so a closed period or
    a lost eligibility refuses it with the usual message).  If another clerk
    changed the cell after this edit, undo refuses instead of silently
    overwriting their work, and drops that step.
    """

    def __init__(self, limit: int = 1000) -> None:
        self._changes: list[Change] = []
        self.limit = limit

    def __len__(self) -> int:
        return len(self._changes)

    def push(self, change: Change | None) -> None:
        """Remember an edit (None, an edit that changed nothing, is ignored)."""
        if change is None:
            return
        self._changes.append(change)
        if len(self._changes) > self.limit:
            del self._changes[0]

    def peek(self) -> Change | None:
        return self._changes[-1] if self._changes else None

    def clear(self) -> None:
        self._changes.clear()

    def undo(self, office: Office) -> Change | None:
        """Restore the value before the newest edit; the edit undone, or None if none left.

        Raises KinerjaError when the office refuses the write; the step stays
        on the stack then (the clerk may retry), except when the cell was
        changed by someone else meanwhile, which drops the step.
        """
        change = self.peek()
        if change is None:
            return None
        now = _current(office, change.kode, change.ratee, change.rater, change.kriteria)
        if now != change.baru:
            self._changes.pop()
            raise ValidationError("entry.undo_stale", field=change.kriteria or "catatan")
        try:
            apply_value(office, change, change.lama, seen={change.kriteria: change.baru})
        except CellConflict:
            # Changed by another clerk between the check above and the save.
            self._changes.pop()
            raise ValidationError("entry.undo_stale", field=change.kriteria or "catatan") from None
        self._changes.pop()
        return change


__all__ = [
    "STATUS_DRAF",
    "STATUS_KOSONG",
    "STATUS_LENGKAP",
    "CellConflict",
    "Change",
    "DraftRating",
    "MissingLine",
    "SheetRow",
    "UndoLog",
    "apply_value",
    "check_addition",
    "completeness",
    "entry_refusal",
    "reload_row",
    "resolution",
    "set_comment",
    "set_score",
    "sheet_for_ratee",
    "sheet_for_rater",
]
