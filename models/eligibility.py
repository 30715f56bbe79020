"""Who may rate whom, in which role, and what a valid score sheet looks like.

These are the rating rules of the specification (section 2), kept in one
place so the entry grid, the CSV import and the data check refuse exactly the
same ratings, each with a message that names the people involved.

Roles follow the org tree: the ratee's ``atasan_nip`` rates as "atasan", a
direct subordinate of the ratee as "bawahan", the ratee themself as "diri",
and any other active employee as "rekan" (another unit only warns).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from models.criteria import ROLES, SCORE_MAX, SCORE_MIN
from models.errors import ValidationError
from models.i18n import t
from models.labels import criterion_label
from models.period import ensure_open_for_entry

Employee = Mapping[str, Any]
Employees = Mapping[str, Employee]

_ROLE_ORDER = {peran: i for i, peran in enumerate(ROLES)}


@dataclass(frozen=True)
class OrgIndex:
    """Direct subordinates per supervisor, built once for bulk questions.

    Listing raters for every employee of a large office would otherwise scan
    the whole staff once per employee.
    """

    employees: Employees
    subordinates: Mapping[str | None, tuple[str, ...]]
    """atasan_nip -> nips of the employees reporting to it (None: heads of office)."""


def build_index(employees: Employees) -> OrgIndex:
    """The org tree of ``employees`` (mapping nip -> employee) as an OrgIndex."""
    groups: dict[str | None, list[str]] = {}
    for nip, employee in employees.items():
        groups.setdefault(employee.get("atasan_nip") or None, []).append(nip)
    return OrgIndex(employees, {k: tuple(v) for k, v in groups.items()})


def _clean_nip(nip: str) -> str:
    return "".join(str(nip).split())


def _name(employee: Employee) -> str:
    return str(employee.get("nama") or employee.get("nip") or "?")


def _active(employee: Employee) -> bool:
    return bool(employee.get("aktif", True))


def _atasan_of(employee: Employee) -> str | None:
    return employee.get("atasan_nip") or None


def _lookup(nip: str, employees: Employees, key: str, field: str) -> tuple[str, Employee]:
    cleaned = _clean_nip(nip)
    employee = employees.get(cleaned)
    if employee is None:
        raise ValidationError(key, field=field, nip=nip)
    return cleaned, employee


def role_for(rater_nip: str, ratee_nip: str, employees: Employees) -> str:
    """The role implied by the org tree: diri, atasan, bawahan, otherwise rekan."""
    rater, rater_emp = _lookup(rater_nip, employees, "eligibility.rater_not_found", "nip_penilai")
    ratee, ratee_emp = _lookup(ratee_nip, employees, "eligibility.ratee_not_found", "nip_dinilai")
    if rater == ratee:
        return "diri"
    if _atasan_of(ratee_emp) == rater:
        return "atasan"
    if _atasan_of(rater_emp) == ratee:
        return "bawahan"
    return "rekan"


def check_pair(ratee_nip: str, rater_nip: str, peran: str, employees: Employees) -> list[str]:
    """Warnings for a rating of ``ratee_nip`` by ``rater_nip`` as ``peran``.

    Raises ValidationError for the first rule broken: unknown role, unknown or
    inactive people, or a role the org tree does not give the rater.  A rekan
    from another unit is allowed and returned as a warning.
    """
    if peran not in ROLES:
        raise ValidationError(
            "eligibility.role_unknown", field="peran", peran=peran, known=", ".join(ROLES)
        )
    ratee, ratee_emp = _lookup(ratee_nip, employees, "eligibility.ratee_not_found", "nip_dinilai")
    rater, rater_emp = _lookup(rater_nip, employees, "eligibility.rater_not_found", "nip_penilai")
    dinilai, penilai = _name(ratee_emp), _name(rater_emp)
    if not _active(ratee_emp):
        raise ValidationError("eligibility.ratee_inactive", field="nip_dinilai", nama=dinilai)
    if not _active(rater_emp):
        raise ValidationError("eligibility.rater_inactive", field="nip_penilai", nama=penilai)

    same = rater == ratee
    rater_is_atasan = _atasan_of(ratee_emp) == rater
    rater_is_bawahan = _atasan_of(rater_emp) == ratee
    people = {"penilai": penilai, "dinilai": dinilai}

    if peran == "diri":
        if not same:
            raise ValidationError("eligibility.diri_other", field="peran", **people)
        return []
    if same:
        raise ValidationError("eligibility.self_as_other", field="peran", nama=dinilai, peran=peran)
    if peran == "atasan":
        if not rater_is_atasan:
            atasan_nip = _atasan_of(ratee_emp)
            atasan = employees.get(atasan_nip) if atasan_nip else None
            if atasan is None:
                raise ValidationError("eligibility.not_atasan_none", field="peran", **people)
            raise ValidationError(
                "eligibility.not_atasan", field="peran", atasan=_name(atasan), **people
            )
        return []
    if peran == "bawahan":
        if not rater_is_bawahan:
            raise ValidationError("eligibility.not_bawahan", field="peran", **people)
        return []
    # rekan
    if rater_is_atasan:
        raise ValidationError("eligibility.rekan_is_atasan", field="peran", **people)
    if rater_is_bawahan:
        raise ValidationError("eligibility.rekan_is_bawahan", field="peran", **people)
    warnings: list[str] = []
    rater_unit = str(rater_emp.get("unit", "")).strip()
    ratee_unit = str(ratee_emp.get("unit", "")).strip()
    if rater_unit.casefold() != ratee_unit.casefold():
        warnings.append(t("eligibility.rekan_other_unit", penilai=penilai, unit=rater_unit))
    return warnings


def check_rating(
    periode: Mapping[str, Any],
    ratee_nip: str,
    rater_nip: str,
    peran: str,
    employees: Employees,
) -> list[str]:
    """Warnings for entering this rating now; ValidationError if it is not allowed.

    The period must be open (terbuka), then every rule of ``check_pair`` applies.
    """
    ensure_open_for_entry(periode)
    return check_pair(ratee_nip, rater_nip, peran, employees)


def _sorted(pairs: list[tuple[str, str]], employees: Employees) -> list[tuple[str, str]]:
    def key(pair: tuple[str, str]) -> tuple[int, str, str]:
        nip, peran = pair
        return (_ROLE_ORDER[peran], _name(employees[nip]).casefold(), nip)

    return sorted(pairs, key=key)


def _peers(nip: str, employee: Employee, index: OrgIndex) -> list[str]:
    """Active colleagues under the same supervisor, in the same unit.

    Someone with no such colleague (typically a unit head under the office
    head) is instead paired with the colleagues who are likewise alone in
    their unit, so unit heads suggest each other while staff on loan from
    another unit are still not suggested.  The relation stays symmetric.
    """

    def unit_of(other: str) -> str:
        return str(index.employees[other].get("unit", "")).strip().casefold()

    colleagues = [
        other
        for other in index.subordinates.get(_atasan_of(employee), ())
        if _active(index.employees[other])
    ]
    unit = str(employee.get("unit", "")).strip().casefold()
    same_unit = [other for other in colleagues if other != nip and unit_of(other) == unit]
    if same_unit:
        return same_unit
    units = [unit_of(other) for other in colleagues]
    return [other for other in colleagues if other != nip and units.count(unit_of(other)) == 1]


def rateable_by(
    rater_nip: str, employees: Employees, index: OrgIndex | None = None
) -> list[tuple[str, str]]:
    """The natural score sheet of one rater as (ratee nip, peran) pairs.

    Their direct subordinates (rated as atasan), their peers under the same
    supervisor (as rekan, see ``_peers``), their own supervisor (as bawahan) and
    themself (diri); only active people, listed in role order then by name.
    An inactive rater rates nobody.  Other rekan are allowed but not suggested.
    """
    rater, rater_emp = _lookup(rater_nip, employees, "eligibility.rater_not_found", "nip_penilai")
    if not _active(rater_emp):
        return []
    org = index or build_index(employees)
    pairs: list[tuple[str, str]] = [(rater, "diri")]
    pairs += [(sub, "atasan") for sub in org.subordinates.get(rater, ()) if _active(employees[sub])]
    atasan = _atasan_of(rater_emp)
    if atasan and atasan in employees and _active(employees[atasan]):
        pairs.append((atasan, "bawahan"))
    pairs += [(peer, "rekan") for peer in _peers(rater, rater_emp, org)]
    return _sorted(pairs, employees)


def raters_of(
    ratee_nip: str, employees: Employees, index: OrgIndex | None = None
) -> list[tuple[str, str]]:
    """The natural raters of one employee as (rater nip, peran) pairs.

    Their supervisor (atasan), peers under the same supervisor (rekan, see
    ``_peers``), direct subordinates (bawahan) and themself (diri); only
    active people, in role order then by name.  Nobody rates an inactive
    employee.
    """
    ratee, ratee_emp = _lookup(ratee_nip, employees, "eligibility.ratee_not_found", "nip_dinilai")
    if not _active(ratee_emp):
        return []
    org = index or build_index(employees)
    pairs: list[tuple[str, str]] = [(ratee, "diri")]
    atasan = _atasan_of(ratee_emp)
    if atasan and atasan in employees and _active(employees[atasan]):
        pairs.append((atasan, "atasan"))
    pairs += [(peer, "rekan") for peer in _peers(ratee, ratee_emp, org)]
    pairs += [
        (sub, "bawahan") for sub in org.subordinates.get(ratee, ()) if _active(employees[sub])
    ]
    return _sorted(pairs, employees)


def _criterion_names(criteria: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {str(c["kode"]): criterion_label(c) for c in criteria}


def validate_scores(
    skor: Mapping[str, object], criteria: Sequence[Mapping[str, Any]]
) -> dict[str, int]:
    """The scores as {kode: int 1..5}, in criteria order, or a ValidationError.

    Keys must be criterion codes of the period.  Values are ints 1-5; a single
    digit as text ("4", from a CSV cell) is accepted, while 4.5, "4.0", True or
    "baik" are not.  None or blank text means "not scored yet" and is dropped,
    so the result is a (possibly partial) draft.
    """
    names = _criterion_names(criteria)
    for kode in skor:
        if kode not in names:
            raise ValidationError("eligibility.score_unknown_criterion", field=str(kode), kode=kode)
    result: dict[str, int] = {}
    for kode, nama in names.items():
        if kode not in skor:
            continue
        value = skor[kode]
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        score = _as_score(value)
        if score is None:
            raise ValidationError(
                "eligibility.score_invalid", field=kode, nilai=value, kriteria=nama
            )
        result[kode] = score
    return result


def _as_score(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if SCORE_MIN <= value <= SCORE_MAX else None
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 1 and text in "12345":
            return int(text)
    return None


def missing_criteria(rating: Mapping[str, Any], criteria: Sequence[Mapping[str, Any]]) -> list[str]:
    """Codes of the period's criteria this rating has no valid score for yet."""
    skor = rating.get("skor") or {}
    return [
        str(c["kode"])
        for c in criteria
        if not (
            isinstance(v := skor.get(c["kode"]), int)
            and not isinstance(v, bool)
            and SCORE_MIN <= v <= SCORE_MAX
        )
    ]


def is_complete(rating: Mapping[str, Any], criteria: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the rating counts: every criterion of the period scored 1-5.

    A period without criteria has nothing to complete, so no rating counts.
    """
    return bool(criteria) and not missing_criteria(rating, criteria)
