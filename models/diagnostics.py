"""Rater diagnostics: advisory figures about the 360 ratings, never changing a result.

Two questions a calibration meeting asks (README, "The official evaluation"):

- Is a rater lenient or severe?  A rater's ratings are compared with everyone's:
  the mean of the rater's rating scores against the office mean.  A rater is
  flagged only with at least ``MIN_RATINGS`` counted ratings and a mean at least
  ``FLAG_POINTS`` away from the office's, on the 1-5 scale.
- Do an employee's raters agree?  The spread (standard deviation) of the scores
  their raters gave, and the gap between the self-assessment and the others.

A rating's score is its criterion-weighted mean (step 2 of the formula) for one
rater, so every figure is on the same 1-5 scale as the scores typed in.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from models.office import Office

MIN_RATINGS: Final = 5
"""Counted ratings a rater needs before being flagged."""
FLAG_POINTS: Final = Fraction(1, 2)
"""How far (in points of the 1-5 scale) a rater's mean must be from the office's."""


@dataclass(frozen=True)
class RaterFigures:
    nip: str
    jumlah: int
    """Counted ratings the rater gave in the period."""
    rerata: float
    sebaran: float
    """Standard deviation of the rater's rating scores (0 with one rating)."""
    selisih: float
    """The rater's mean minus the office mean."""
    tanda: str | None
    """"longgar" (lenient), "ketat" (severe) or None."""


@dataclass(frozen=True)
class EmployeeFigures:
    nip: str
    jumlah: int
    """Counted ratings by others (self-assessment not included)."""
    sebaran: float | None
    """Standard deviation of the others' scores; None with fewer than two."""
    selisih_diri: float | None
    """The self-assessment minus the mean of the others; None without both."""


def rating_score(skor: Mapping[str, Any], weights: Mapping[str, Fraction]) -> Fraction | None:
    """A counted rating's criterion-weighted mean; None when a criterion is unscored."""
    total = Fraction(0)
    for kode, weight in weights.items():
        value = skor.get(kode)
        if type(value) is not int:
            return None
        total += weight * value
    return total / sum(weights.values())


def _weights(criteria: Sequence[Mapping[str, Any]]) -> dict[str, Fraction]:
    return {str(c["kode"]): Fraction(str(c["bobot"])) for c in criteria}


def raters(
    ratings: Iterable[Mapping[str, Any]], criteria: Sequence[Mapping[str, Any]]
) -> list[RaterFigures]:
    """Per rater who gave counted ratings (self-assessments left out), by NIP."""
    weights = _weights(criteria)
    by_rater: dict[str, list[Fraction]] = defaultdict(list)
    for rating in ratings:
        if rating.get("peran") == "diri":
            continue
        score = rating_score(rating.get("skor") or {}, weights)
        if score is not None:
            by_rater[str(rating["nip_penilai"])].append(score)
    every = [score for scores in by_rater.values() for score in scores]
    if not every:
        return []
    office_mean = sum(every, Fraction(0)) / len(every)
    found = []
    for nip in sorted(by_rater):
        scores = by_rater[nip]
        mean = sum(scores, Fraction(0)) / len(scores)
        difference = mean - office_mean
        tanda = None
        if len(scores) >= MIN_RATINGS and abs(difference) >= FLAG_POINTS:
            tanda = "longgar" if difference > 0 else "ketat"
        found.append(
            RaterFigures(
                nip=nip,
                jumlah=len(scores),
                rerata=float(mean),
                sebaran=statistics.pstdev(float(s) for s in scores),
                selisih=float(difference),
                tanda=tanda,
            )
        )
    return found


def employees(
    ratings: Iterable[Mapping[str, Any]], criteria: Sequence[Mapping[str, Any]]
) -> dict[str, EmployeeFigures]:
    """Per rated employee: how much the raters agree, and self against the others."""
    weights = _weights(criteria)
    others: dict[str, list[Fraction]] = defaultdict(list)
    own: dict[str, Fraction] = {}
    for rating in ratings:
        score = rating_score(rating.get("skor") or {}, weights)
        if score is None:
            continue
        ratee = str(rating["nip_dinilai"])
        if rating.get("peran") == "diri":
            own[ratee] = score
        else:
            others[ratee].append(score)
    found = {}
    for nip in sorted(set(others) | set(own)):
        scores = others.get(nip, [])
        mean = sum(scores, Fraction(0)) / len(scores) if scores else None
        found[nip] = EmployeeFigures(
            nip=nip,
            jumlah=len(scores),
            sebaran=statistics.pstdev(float(s) for s in scores) if len(scores) >= 2 else None,
            selisih_diri=float(own[nip] - mean) if nip in own and mean is not None else None,
        )
    return found


def _period_ratings(office: Office, kode: str) -> list[Mapping[str, Any]]:
    """The ratings the nilai can count: between employees active in the period."""
    active = office.results(kode).by_nip
    return [
        r for r in office.ratings(kode) if r["nip_dinilai"] in active and r["nip_penilai"] in active
    ]


def rater_figures(office: Office, kode: str) -> list[RaterFigures]:
    """``raters`` for period ``kode`` of the office."""
    return raters(_period_ratings(office, kode), office.criteria_of(kode))


def agreement(office: Office, kode: str) -> dict[str, EmployeeFigures]:
    """``employees`` for period ``kode`` of the office."""
    return employees(_period_ratings(office, kode), office.criteria_of(kode))
