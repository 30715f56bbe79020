"""Period scoring: nilai, predikat, completeness, ranks and award candidates (SPEC section 3).

Everything here is a pure function of one period's criteria snapshot, the office's role
weights, the employees and the period's ratings, so the CLI export, the TUI ranking screen
and the tests all compute exactly the same numbers.

Arithmetic is exact: ratings are accumulated as integer score sums per (ratee, role,
criterion), weights are turned into integers over a common denominator, and F is an exact
fraction.  Rounding F * 20 half-up to two decimals is then done on integers, so a value
that lies exactly on 89.995 becomes 90.00 and one a hair below stays 89.99, with no float
drift deciding a clerk's predikat.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from models.employee import ATASAN_UNSET
from models.errors import ValidationError
from models.i18n import t

ROLES: Final[tuple[str, ...]] = ("atasan", "rekan", "bawahan", "diri")
"""Rating roles in display order."""

SKOR_MIN: Final = 1
SKOR_MAX: Final = 5

SANGAT_BAIK: Final = "Sangat Baik"
PREDIKAT: Final[tuple[str, ...]] = (
    SANGAT_BAIK,
    "Baik",
    "Butuh Perbaikan",
    "Kurang",
    "Sangat Kurang",
)
"""The five predikat, best first."""

_BANDS: Final[tuple[tuple[Decimal, str], ...]] = (
    (Decimal(90), PREDIKAT[0]),
    (Decimal(70), PREDIKAT[1]),
    (Decimal(50), PREDIKAT[2]),
    (Decimal(30), PREDIKAT[3]),
)
PREDIKAT_FLOORS: Final = _BANDS
"""(lowest nilai, predikat) for every predikat but the last, which is everything below."""

RANKING_FIELDS: Final[list[str]] = [
    "periode",
    "peringkat",
    "peringkat_unit",
    "nip",
    "nama",
    "unit",
    "nilai",
    "predikat",
    "lengkap",
    "alasan",
]
"""Columns of the ranking export (SPEC section 5), in order."""

ALASAN_SEPARATOR: Final = "; "


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Alasan:
    """Why an employee is incomplete; kept as a catalog key so it shows in either language."""

    key: str
    params: tuple[tuple[str, int], ...] = ()

    def __str__(self) -> str:
        return t(self.key, **dict(self.params))


@dataclass(frozen=True, slots=True)
class CriteriaWeights:
    """The period's criteria as used for scoring: configured weights and integer equivalents."""

    kode: tuple[str, ...]
    bobot: tuple[Fraction, ...]
    """Weights as configured (exact)."""
    skala: tuple[int, ...]
    """Integers proportional to ``bobot`` (common denominator cleared)."""
    total_skala: int

    def bobot_map(self) -> dict[str, Fraction]:
        return dict(zip(self.kode, self.bobot, strict=True))

    def porsi_map(self) -> dict[str, Fraction]:
        """Each criterion's share of the total weight (sums to 1)."""
        return {
            k: Fraction(w, self.total_skala) for k, w in zip(self.kode, self.skala, strict=True)
        }


class RoleScore(NamedTuple):
    """One role's part of an employee's score: counted ratings, means and role score.

    A named tuple, as ``ScoreLine``: a 5,000-person ranking builds up to four per
    employee, and a frozen dataclass took twice as long to build.
    """

    peran: str
    bobot: Fraction
    """W_r as configured (before renormalisation)."""
    jumlah: int
    """Number of counted ratings in this role."""
    total: tuple[int, ...]
    """Sum of the counted scores per criterion, in the period's criteria order."""
    kriteria: CriteriaWeights

    @property
    def dipakai(self) -> bool:
        """Whether this role enters F (weight above zero and at least one counted rating)."""
        return self.bobot > 0 and self.jumlah > 0

    @property
    def rerata(self) -> dict[str, Fraction]:
        """m[r][c]: mean score per criterion; empty when the role has no counted rating."""
        if self.jumlah == 0:
            return {}
        return {
            k: Fraction(s, self.jumlah) for k, s in zip(self.kriteria.kode, self.total, strict=True)
        }

    @property
    def skor(self) -> Fraction | None:
        """s[r]: criterion-weighted mean of the role (1..5), None without counted ratings."""
        if self.jumlah == 0:
            return None
        weighted = sum(w * s for w, s in zip(self.kriteria.skala, self.total, strict=True))
        return Fraction(weighted, self.kriteria.total_skala * self.jumlah)


class ScoreLine(NamedTuple):
    """One active employee's result for the period, with the full breakdown behind it.

    A named tuple rather than a frozen dataclass: equally immutable, and a
    5,000-person ranking builds one per employee, which tuples do several
    times faster.
    """

    nip: str
    nama: str
    unit: str
    peran: Mapping[str, RoleScore]
    """Every role in ``ROLES`` order, including those with no counted rating."""
    bobot_kriteria: Mapping[str, Fraction]
    porsi_kriteria: Mapping[str, Fraction]
    porsi_peran: Mapping[str, Fraction]
    """Renormalised role shares over the roles that enter F; empty when there is no score."""
    skor_akhir: Fraction | None
    """F of SPEC section 3: the final score on the 1..5 scale (exact)."""
    nilai: Decimal | None
    """F * 20 rounded half-up to two decimals."""
    predikat: str | None
    lengkap: bool
    alasan_kode: tuple[Alasan, ...]
    peringkat: int | None
    """Office-wide rank; None when incomplete."""
    peringkat_unit: int | None
    """Rank within the unit; None when incomplete."""

    @property
    def alasan(self) -> list[str]:
        """Reasons for being incomplete, in the current language."""
        return [str(a) for a in self.alasan_kode]


@dataclass(frozen=True, slots=True)
class PeriodResult:
    """All lines of one period: ranked employees by rank, then incomplete ones by name."""

    kriteria: CriteriaWeights
    bobot_peran: Mapping[str, Fraction]
    min_rekan: int
    lines: tuple[ScoreLine, ...]
    by_nip: Mapping[str, ScoreLine]


# --------------------------------------------------------------------------- helpers


def _exact(value: object) -> Fraction | None:
    """A weight as an exact fraction; floats are read as the decimal the clerk typed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    return None


def _integer_scale(values: Sequence[Fraction]) -> tuple[int, ...]:
    """Integers proportional to ``values`` (all denominators cleared)."""
    denominator = math.lcm(*(v.denominator for v in values)) if values else 1
    return tuple(int(v * denominator) for v in values)


def _criteria_weights(criteria: Sequence[Mapping[str, Any]]) -> CriteriaWeights:
    if not criteria:
        raise ValidationError("scoring.criteria_empty", field="kriteria")
    kodes: list[str] = []
    weights: list[Fraction] = []
    for criterion in criteria:
        kode = criterion.get("kode")
        if not isinstance(kode, str) or not kode:
            raise ValidationError("scoring.criterion_code_invalid", field="kode")
        if kode in kodes:
            raise ValidationError("scoring.criterion_duplicate", field="kode", kode=kode)
        weight = _exact(criterion.get("bobot"))
        if weight is None or weight <= 0:
            raise ValidationError("scoring.criterion_weight_invalid", field="bobot", kode=kode)
        kodes.append(kode)
        weights.append(weight)
    skala = _integer_scale(weights)
    return CriteriaWeights(tuple(kodes), tuple(weights), skala, sum(skala))


def _role_weights(role_weights: Mapping[str, Any]) -> dict[str, Fraction]:
    weights = dict.fromkeys(ROLES, Fraction(0))
    for peran, raw in role_weights.items():
        if peran not in weights:
            raise ValidationError("scoring.role_unknown", field="bobot_peran", peran=peran)
        weight = _exact(raw)
        if weight is None or weight < 0:
            raise ValidationError("scoring.role_weight_invalid", field="bobot_peran", peran=peran)
        weights[peran] = weight
    if not any(weights.values()):
        raise ValidationError("scoring.role_weights_zero", field="bobot_peran")
    return weights


def _counted_scores(skor: object, kodes: Sequence[str]) -> list[int] | None:
    """The scores in criteria order, or None when the rating is a draft."""
    if type(skor) is not dict and not isinstance(skor, Mapping):  # the ABC check is slow
        return None
    values: list[int] = []
    for kode in kodes:
        value = skor.get(kode)
        # type() rather than isinstance(): a stray True must not pass as a score of 1.
        if type(value) is not int or value < SKOR_MIN or value > SKOR_MAX:
            return None
        values.append(value)
    return values


def is_counted(rating: Mapping[str, Any], criteria: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a rating scores every criterion of the period with an integer 1..5."""
    kodes = [c["kode"] for c in criteria]
    return _counted_scores(rating.get("skor"), kodes) is not None


def nilai_for(f: Fraction) -> Decimal:
    """F (1..5) to nilai: F * 20 rounded half-up to two decimals, computed exactly."""
    hundredths, remainder = divmod(f.numerator * 2000, f.denominator)
    if 2 * remainder >= f.denominator:
        hundredths += 1
    return Decimal(hundredths).scaleb(-2)


def predikat_for(nilai: Decimal) -> str:
    """The predikat band of a nilai."""
    for lower, name in _BANDS:
        if nilai >= lower:
            return name
    return PREDIKAT[-1]


def _name_key(nama: str, nip: str) -> tuple[str, str, str]:
    # Case-insensitive first so "dewi" does not sort after "Zainal"; nip settles the rest.
    return (nama.casefold(), nama, nip)


def _competition_ranks(nilai_in_order: Sequence[Decimal]) -> list[int]:
    """1, 2, 2, 4 ranking of values already sorted best first."""
    ranks: list[int] = []
    previous: Decimal | None = None
    for position, value in enumerate(nilai_in_order, start=1):
        ranks.append(ranks[-1] if value == previous else position)
        previous = value
    return ranks


# --------------------------------------------------------------------------- computation


@dataclass(slots=True)
class _Draft:
    """An employee's numbers before ranks are known."""

    nip: str
    nama: str
    unit: str
    peran: Mapping[str, RoleScore]
    porsi_peran: Mapping[str, Fraction]
    f: Fraction | None
    nilai: Decimal | None
    predikat: str | None
    lengkap: bool
    alasan: tuple[Alasan, ...]


def compute_period(
    criteria: Sequence[Mapping[str, Any]],
    role_weights: Mapping[str, Any],
    min_rekan: int,
    employees: Mapping[str, Mapping[str, Any]],
    ratings: Iterable[Mapping[str, Any]],
) -> PeriodResult:
    """Score, classify and rank every active employee of one period.

    Ratings count only when complete (every criterion scored 1..5) and when both ratee and
    rater are active employees.  Inactive employees get no line.  The head of the office
    (``atasan_nip`` None) has no one who can give an atasan rating, so for them the atasan
    requirement of completeness is waived; the rekan minimum still applies.
    """
    kriteria = _criteria_weights(criteria)
    weights = _role_weights(role_weights)
    if type(min_rekan) is not int or min_rekan < 0:
        raise ValidationError("scoring.min_rekan_invalid", field="min_rekan")

    role_scale = dict(zip(ROLES, _integer_scale([weights[r] for r in ROLES]), strict=True))
    active = {nip for nip, emp in employees.items() if emp.get("aktif", True)}
    kodes = kriteria.kode

    # Single pass: per ratee, per role a list [count, sum_c1, sum_c2, ...] of plain ints.
    sums: dict[str, dict[str, list[int]]] = {}
    for rating in ratings:
        ratee = rating.get("nip_dinilai")
        if ratee not in active or rating.get("nip_penilai") not in active:
            continue
        peran = rating.get("peran")
        if peran not in role_scale:
            continue
        scores = _counted_scores(rating.get("skor"), kodes)
        if scores is None:
            continue
        by_role = sums.get(ratee)
        if by_role is None:
            sums[ratee] = {peran: [1, *scores]}
            continue
        slot = by_role.get(peran)
        if slot is None:
            by_role[peran] = [1, *scores]
        else:
            slot[0] += 1
            for i, value in enumerate(scores, start=1):
                slot[i] += value

    no_ratings = (0,) * len(kodes)
    # A role without ratings looks the same for everyone: share one object per role.
    unrated = {peran: RoleScore(peran, weights[peran], 0, no_ratings, kriteria) for peran in ROLES}
    nobody: dict[str, list[int]] = {}
    skala = kriteria.skala
    # Many employees share an exact F, and every reason object is immutable: reuse them.
    outcomes: dict[tuple[int, int], tuple[Fraction, Decimal, str]] = {}
    atasan_missing = Alasan("scoring.reason_atasan_missing")
    atasan_unset = Alasan("scoring.reason_atasan_unset")
    no_score = Alasan("scoring.reason_no_score")
    rekan_short: dict[int, Alasan] = {}
    share_cache: dict[tuple[str, ...], Mapping[str, Fraction]] = {}
    drafts: list[_Draft] = []
    for nip, emp in employees.items():
        if nip not in active:
            continue
        used: list[tuple[str, int, int]] = []  # (peran, count, sum_c w_c * total_c)
        by_role = sums.get(nip, nobody)
        role_scores: dict[str, RoleScore] = {}
        for peran in ROLES:
            slot = by_role.get(peran)
            if slot is None:
                role_scores[peran] = unrated[peran]
                continue
            total = tuple(slot[1:])
            role_scores[peran] = RoleScore(peran, weights[peran], slot[0], total, kriteria)
            if role_scale[peran] > 0:
                weighted = sum(map(operator.mul, skala, total))
                used.append((peran, slot[0], weighted))

        f: Fraction | None = None
        nilai: Decimal | None = None
        predikat: str | None = None
        porsi: Mapping[str, Fraction] = MappingProxyType({})
        if used:
            # F = sum_r W_r * A_r / n_r / (sum_c w_c * sum_r W_r), over a common denominator.
            common = math.lcm(*(count for _, count, _ in used))
            numerator = sum(
                role_scale[peran] * weighted * (common // count) for peran, count, weighted in used
            )
            role_total = sum(role_scale[peran] for peran, _, _ in used)
            exact = (numerator, kriteria.total_skala * role_total * common)
            known = outcomes.get(exact)
            if known is None:
                exact_f = Fraction(*exact)
                exact_nilai = nilai_for(exact_f)
                known = outcomes[exact] = (exact_f, exact_nilai, predikat_for(exact_nilai))
            f, nilai, predikat = known
            roles_used = tuple(peran for peran, _, _ in used)
            porsi = share_cache.get(roles_used) or share_cache.setdefault(
                roles_used,
                MappingProxyType({p: Fraction(role_scale[p], role_total) for p in roles_used}),
            )

        alasan: list[Alasan] = []
        # An employee added from SIASN has no atasan yet but is not the head either.
        unset = emp.get(ATASAN_UNSET, False)
        head_of_office = "atasan_nip" in emp and emp["atasan_nip"] is None and not unset
        if not head_of_office and role_scores["atasan"].jumlah == 0:
            alasan.append(atasan_unset if unset else atasan_missing)
        rekan = role_scores["rekan"].jumlah
        if rekan < min_rekan:
            short = rekan_short.get(rekan)
            if short is None:
                short = rekan_short[rekan] = Alasan(
                    "scoring.reason_rekan_short", (("n", rekan), ("min", min_rekan))
                )
            alasan.append(short)
        if nilai is None and not alasan:
            alasan.append(no_score)

        drafts.append(
            _Draft(
                nip=nip,
                nama=str(emp.get("nama", "")),
                unit=str(emp.get("unit", "")),
                peran=MappingProxyType(role_scores),
                porsi_peran=porsi,
                f=f,
                nilai=nilai,
                predikat=predikat,
                lengkap=not alasan,
                alasan=tuple(alasan),
            )
        )

    # Complete implies a nilai (an employee without one gets the "belum ada nilai" reason).
    scored = [(d.nilai, d) for d in drafts if d.lengkap and d.nilai is not None]
    scored.sort(key=lambda pair: (-pair[0], pair[1].nama.casefold(), pair[1].nama, pair[1].nip))
    ranked = [d for _, d in scored]
    office_ranks = _competition_ranks([nilai for nilai, _ in scored])

    unit_ranks: list[int] = []
    unit_state: dict[str, tuple[int, Decimal, int]] = {}  # unit -> (seen, last nilai, last rank)
    for line_nilai, d in scored:
        seen, last_nilai, last_rank = unit_state.get(d.unit, (0, Decimal(-1), 0))
        seen += 1
        rank = last_rank if line_nilai == last_nilai else seen
        unit_state[d.unit] = (seen, line_nilai, rank)
        unit_ranks.append(rank)

    incomplete = sorted(
        (d for d in drafts if not d.lengkap), key=lambda d: _name_key(d.nama, d.nip)
    )

    bobot_kriteria = MappingProxyType(kriteria.bobot_map())
    porsi_kriteria = MappingProxyType(kriteria.porsi_map())

    def line(d: _Draft, rank: int | None, rank_unit: int | None) -> ScoreLine:
        return ScoreLine(
            nip=d.nip,
            nama=d.nama,
            unit=d.unit,
            peran=d.peran,
            bobot_kriteria=bobot_kriteria,
            porsi_kriteria=porsi_kriteria,
            porsi_peran=d.porsi_peran,
            skor_akhir=d.f,
            nilai=d.nilai,
            predikat=d.predikat,
            lengkap=d.lengkap,
            alasan_kode=d.alasan,
            peringkat=rank,
            peringkat_unit=rank_unit,
        )

    lines = [
        line(d, rank, rank_unit)
        for d, rank, rank_unit in zip(ranked, office_ranks, unit_ranks, strict=True)
    ]
    lines.extend(line(d, None, None) for d in incomplete)
    return PeriodResult(
        kriteria=kriteria,
        bobot_peran=MappingProxyType(weights),
        min_rekan=min_rekan,
        lines=tuple(lines),
        by_nip=MappingProxyType({ln.nip: ln for ln in lines}),
    )


# --------------------------------------------------------------------------- views


def incomplete(result: PeriodResult) -> list[ScoreLine]:
    """The active employees who are not complete yet, in the ranking's order."""
    return [line for line in result.lines if not line.lengkap]


def incomplete_summary(lines: Sequence[ScoreLine], limit: int = 5) -> str:
    """ "Ani (atasan belum menilai), Budi (rekan 1/2), … and 6 more": who, in words."""
    shown = [f"{line.nama} ({ALASAN_SEPARATOR.join(line.alasan)})" for line in lines[:limit]]
    text = ", ".join(shown)
    if len(lines) > limit:
        text += " " + t("scoring.and_more", count=len(lines) - limit)
    return text


def award_candidates(result: PeriodResult, n: int) -> list[ScoreLine]:
    """Complete Sangat Baik employees ranked within the top ``n`` (ties at the cut-off too)."""
    return [
        ln
        for ln in result.lines
        if ln.lengkap
        and ln.predikat == SANGAT_BAIK
        and ln.peringkat is not None
        and ln.peringkat <= n
    ]


def predikat_distribution(result: PeriodResult) -> dict[str, dict[str, int]]:
    """Per unit, how many complete employees fall in each predikat (all five keys, best first).

    Incomplete employees are left out: their nilai is provisional.  Every unit with an
    active employee appears, even when nobody there is complete yet.
    """
    units = sorted({ln.unit for ln in result.lines}, key=lambda u: (u.casefold(), u))
    table = {unit: dict.fromkeys(PREDIKAT, 0) for unit in units}
    for ln in result.lines:
        if ln.lengkap and ln.predikat is not None:
            table[ln.unit][ln.predikat] += 1
    return table


def criterion_means(result: PeriodResult, kode: str) -> dict[str, float]:
    """Role-weighted mean (1..5) on one criterion, per employee who has a score.

    Uses the same renormalised role shares as F, so it answers "how does this person do on
    this criterion" consistently with their nilai.  Employees without a score are absent.
    """
    try:
        index = result.kriteria.kode.index(kode)
    except ValueError:
        raise ValidationError("scoring.criterion_unknown", field="kriteria", kode=kode) from None
    means: dict[str, float] = {}
    for ln in result.lines:
        if not ln.porsi_peran:
            continue
        mean = sum(
            (
                share * Fraction(ln.peran[peran].total[index], ln.peran[peran].jumlah)
                for peran, share in ln.porsi_peran.items()
            ),
            Fraction(0),
        )
        means[ln.nip] = float(mean)
    return means


def ranking_rows(periode_kode: str, result: PeriodResult) -> list[dict[str, Any]]:
    """The ranking export rows (``RANKING_FIELDS``), in the order of ``result.lines``."""
    return [
        {
            "periode": periode_kode,
            "peringkat": ln.peringkat,
            "peringkat_unit": ln.peringkat_unit,
            "nip": ln.nip,
            "nama": ln.nama,
            "unit": ln.unit,
            "nilai": float(ln.nilai) if ln.nilai is not None else None,
            "predikat": ln.predikat,
            "lengkap": ln.lengkap,
            "alasan": ALASAN_SEPARATOR.join(ln.alasan),
        }
        for ln in result.lines
    ]
