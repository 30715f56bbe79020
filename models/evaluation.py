"""The official evaluation (PermenPANRB 6/2022, SE MenPANRB 3/2023) beside the 360 nilai.

For every employee and period the pejabat penilai gives two ratings, hasil kerja
and perilaku kerja, each *di atas*, *sesuai* or *di bawah ekspektasi*; the
employee's predikat kinerja follows from a 3x3 table.  The 360 nilai suggests the
perilaku rating; choosing otherwise needs a reason.  The predikat of all employees
together must follow a distribution that depends on the organisation's own
predikat.  The table, the thresholds and the distribution rules are settings data
with the official values as defaults (README, "The official evaluation"), so a
correction needs no code change.  Every comparison with a percentage is exact:
``count * 100`` against ``percent * N``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from models.errors import ValidationError
from models.i18n import t
from models.labels import official_predikat_label, organisation_label

RATINGS: Final = ("di_atas", "sesuai", "di_bawah")
"""Hasil kerja and perilaku kerja: above, meeting or below expectations."""

PREDIKAT: Final = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
"""The employee's official predikat kinerja ("kurang" is Kurang/Misconduct)."""

ORGANISASI: Final = ("istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
"""The organisation's own predikat (capaian kinerja organisasi)."""

COMPARISONS: Final = ("<=", ">=")

ALASAN_MAX: Final = 300
"""The longest reason for a rating that differs from the 360 suggestion."""

DEFAULT_MATRIX: Final[dict[str, dict[str, str]]] = {
    # hasil kerja -> perilaku kerja -> predikat kinerja
    "di_atas": {"di_bawah": "kurang", "sesuai": "baik", "di_atas": "sangat_baik"},
    "sesuai": {"di_bawah": "kurang", "sesuai": "baik", "di_atas": "baik"},
    "di_bawah": {
        "di_bawah": "sangat_kurang",
        "sesuai": "butuh_perbaikan",
        "di_atas": "butuh_perbaikan",
    },
}

DEFAULT_THRESHOLDS: Final[dict[str, int]] = {"di_atas": 90, "sesuai": 70}
"""The 360 nilai from which perilaku kerja is suggested as di atas / sesuai (else di bawah)."""

DEFAULT_CURVE: Final[dict[str, list[dict[str, Any]]]] = {
    "istimewa": [{"predikat": ["sangat_baik"], "banding": "<=", "persen": 70}],
    "baik": [
        {"predikat": ["baik"], "banding": "<=", "persen": 70},
        {"predikat": ["butuh_perbaikan", "kurang"], "banding": ">=", "jumlah": 1},
    ],
    "butuh_perbaikan": [
        {"predikat": ["butuh_perbaikan"], "banding": ">=", "persen": 60},
        {"predikat": ["sangat_baik"], "banding": "<=", "persen": 10},
    ],
    "kurang": [
        {"predikat": ["kurang"], "banding": ">=", "persen": 60},
        {"predikat": ["butuh_perbaikan"], "banding": ">=", "persen": 10},
        {"predikat": ["sangat_baik"], "banding": "<=", "persen": 10},
    ],
    "sangat_kurang": [
        {"predikat": ["sangat_kurang"], "banding": ">=", "persen": 60},
        {"predikat": ["kurang", "butuh_perbaikan"], "banding": ">=", "persen": 10},
        {"predikat": ["sangat_baik"], "banding": "<=", "jumlah": 0},
    ],
}
"""SE MenPANRB 3/2023: how the employees' predikat may be spread, by the organisation's."""

DEFAULT_MIN_ANONYMOUS: Final = 3
"""A role's breakdown and comments are shown to the rated employee from this many raters."""


def default_settings() -> dict[str, Any]:
    """The ``evaluasi`` part of a new office's settings (a fresh copy)."""
    return {
        "matriks": copy.deepcopy(DEFAULT_MATRIX),
        "ambang_perilaku": dict(DEFAULT_THRESHOLDS),
        "kurva": copy.deepcopy(DEFAULT_CURVE),
        "min_penilai_anonim": DEFAULT_MIN_ANONYMOUS,
        "pejabat_luar": {"penilai": _empty_official(), "atasan": _empty_official()},
    }


OFFICIAL_FIELDS: Final = ("nama", "nip", "pangkat", "jabatan", "instansi")
"""What is recorded of an official outside the office (for the head of office)."""


def _empty_official() -> dict[str, str]:
    return dict.fromkeys(OFFICIAL_FIELDS, "")


def settings_of(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The office's ``evaluasi`` settings, with defaults for what an older office lacks."""
    stored = settings.get("evaluasi")
    merged = default_settings()
    if isinstance(stored, Mapping):
        merged.update({k: copy.deepcopy(v) for k, v in stored.items() if k in merged})
    return merged


# --------------------------------------------------------------------------- validation

SETTINGS_KEYS: Final = ("matriks", "ambang_perilaku", "kurva", "min_penilai_anonim", "pejabat_luar")
"""The parts of the ``evaluasi`` settings, in the order they are written out."""

RULE_KEYS: Final = ("predikat", "banding", "persen", "jumlah")


def shown(value: object) -> str:
    """A stored or imported value as JSON writes it: ``"70"`` (text) reads apart from ``70``."""
    import json

    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def merge_settings(stored: Mapping[str, Any], changes: object) -> dict[str, Any]:
    """``stored`` with the parts in ``changes`` replaced, checked as a whole.

    A part ``changes`` does not name keeps its stored value; a name that is no
    part of the settings is refused, so a misspelt part is never silently lost.
    """
    if not isinstance(changes, Mapping):
        raise ValidationError("evaluation.settings_invalid", field="evaluasi")
    unknown = [str(key) for key in changes if key not in SETTINGS_KEYS]
    if unknown:
        raise ValidationError(
            "evaluation.unknown_part",
            field="evaluasi",
            key=shown(unknown[0]),
            known=", ".join(SETTINGS_KEYS),
        )
    return validate_settings({**stored, **changes})


def validate_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    """A checked copy of ``evaluasi`` settings; raises the first problem in words."""
    clean = default_settings()
    clean["matriks"] = _clean_matrix(data.get("matriks", clean["matriks"]))

    thresholds = data.get("ambang_perilaku", clean["ambang_perilaku"])
    atas = sesuai = None
    if isinstance(thresholds, Mapping):
        atas, sesuai = _whole(thresholds.get("di_atas")), _whole(thresholds.get("sesuai"))
    if atas is None or sesuai is None or not 20 <= sesuai <= atas <= 100:
        raise ValidationError("evaluation.threshold_invalid", field="ambang_perilaku")
    clean["ambang_perilaku"] = {"di_atas": atas, "sesuai": sesuai}

    clean["kurva"] = _clean_curve(data.get("kurva", clean["kurva"]))

    minimum = data.get("min_penilai_anonim", clean["min_penilai_anonim"])
    if type(minimum) is not int or not 1 <= minimum <= 20:
        raise ValidationError("evaluation.min_anonymous", field="min_penilai_anonim")
    clean["min_penilai_anonim"] = minimum

    officials = data.get("pejabat_luar", clean["pejabat_luar"])
    if not isinstance(officials, Mapping) or set(officials) - {"penilai", "atasan"}:
        raise ValidationError("evaluation.official_invalid", field="pejabat_luar")
    clean["pejabat_luar"] = {
        role: clean_official(officials.get(role) or {}) for role in ("penilai", "atasan")
    }
    return clean


def _whole(value: object) -> int | None:
    """A whole number given as a number or as typed digits; None for anything else."""
    if type(value) is int:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _clean_matrix(matrix: object) -> dict[str, dict[str, str]]:
    if not isinstance(matrix, Mapping) or set(matrix) != set(RATINGS):
        raise ValidationError("evaluation.matrix_shape", field="matriks")
    for hasil in RATINGS:
        row = matrix[hasil]
        if not isinstance(row, Mapping) or set(row) != set(RATINGS):
            raise ValidationError("evaluation.matrix_shape", field="matriks")
        for perilaku in RATINGS:
            if not isinstance(row[perilaku], str) or row[perilaku] not in PREDIKAT:
                raise ValidationError(
                    "evaluation.matrix_value",
                    field="matriks",
                    hasil=hasil,
                    perilaku=perilaku,
                    value=shown(row[perilaku]),
                    known=", ".join(PREDIKAT),
                )
    return {h: {p: str(matrix[h][p]) for p in RATINGS} for h in RATINGS}


def _clean_curve(curve: object) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(curve, Mapping):
        raise ValidationError("evaluation.curve_shape", field="kurva", known=", ".join(ORGANISASI))
    unknown = [key for key in curve if key not in ORGANISASI]
    if unknown:
        raise ValidationError(
            "evaluation.curve_unknown",
            field="kurva",
            value=shown(unknown[0]),
            known=", ".join(ORGANISASI),
        )
    clean: dict[str, list[dict[str, Any]]] = {}
    for org in ORGANISASI:
        if org not in curve:
            raise ValidationError("evaluation.curve_missing", field="kurva", organisasi=org)
        rules = curve[org]
        if not isinstance(rules, list):
            raise ValidationError("evaluation.curve_rules", field="kurva", organisasi=org)
        clean[org] = [_clean_rule(rule, org, index) for index, rule in enumerate(rules)]
    return clean


def _rule_error(message: str, org: str, index: int, /, **params: object) -> ValidationError:
    """A refused rule, named as the clerk finds it: the organisation's curve and its number."""
    shown = organisation_label(org) if org in ORGANISASI else org
    where = t("evaluation.rule_where", organisasi=shown, number=index + 1)
    return ValidationError(message, field=rule_field(org, index), where=where, **params)


def rule_field(org: str, index: int) -> str:
    """The ``ValidationError.field`` of rule ``index`` (from 0) of ``org``'s curve."""
    return f"kurva.{org}.{index}"


def _clean_rule(rule: object, org: str, index: int) -> dict[str, Any]:
    if not isinstance(rule, Mapping):
        raise _rule_error("evaluation.rule_invalid", org, index)
    unknown = [key for key in rule if key not in RULE_KEYS]
    if unknown:
        raise _rule_error(
            "evaluation.rule_unknown_key",
            org,
            index,
            key=shown(unknown[0]),
            known=", ".join(RULE_KEYS),
        )
    predikat = rule.get("predikat")
    if not isinstance(predikat, list) or not predikat:
        raise _rule_error("evaluation.rule_predikat_list", org, index)
    for position, code in enumerate(predikat):
        if not isinstance(code, str) or code not in PREDIKAT:
            raise _rule_error(
                "evaluation.rule_predikat",
                org,
                index,
                value=shown(code),
                known=", ".join(PREDIKAT),
            )
        if code in predikat[:position]:
            raise _rule_error("evaluation.rule_predikat_twice", org, index, value=code)
    if rule.get("banding") not in COMPARISONS:
        raise _rule_error("evaluation.rule_banding", org, index, value=shown(rule.get("banding")))
    if ("persen" in rule) == ("jumlah" in rule):
        raise _rule_error("evaluation.rule_limit_kind", org, index)
    limit_key = "persen" if "persen" in rule else "jumlah"
    limit = rule[limit_key]
    if type(limit) is not int or limit < 0 or (limit_key == "persen" and limit > 100):
        raise _rule_error(f"evaluation.rule_{limit_key}", org, index, value=shown(limit))
    return {"predikat": list(predikat), "banding": rule["banding"], limit_key: limit}


def clean_official(data: object) -> dict[str, str]:
    """An official outside the office: each field one line of at most 100 characters."""
    if not isinstance(data, Mapping) or set(data) - set(OFFICIAL_FIELDS):
        raise ValidationError("evaluation.official_invalid", field="pejabat_luar")
    clean: dict[str, str] = {}
    for key in OFFICIAL_FIELDS:
        raw = data.get(key)
        if raw is not None and (type(raw) is bool or not isinstance(raw, str | int)):
            raise ValidationError("evaluation.official_invalid", field="pejabat_luar")
        value = " ".join(str(raw or "").split())
        if len(value) > 100:
            raise ValidationError("evaluation.official_too_long", field=key, max=100)
        clean[key] = value
    return clean


# --------------------------------------------------------------------------- corrections


def with_limits(
    curve: Mapping[str, Sequence[Mapping[str, Any]]], org: str, typed: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """``curve`` with the limits of ``org``'s rules replaced by what was typed, in order.

    A limit is a whole number (a share may be typed with its ``%``); the range
    is checked with the rest of the settings (``validate_settings``), so a typed
    limit and an imported one are refused with the same words.
    """
    rules = curve[org]
    if len(typed) != len(rules):
        raise ValidationError("evaluation.curve_changed", field="kurva")
    changed = {code: [copy.deepcopy(dict(rule)) for rule in rules] for code, rules in curve.items()}
    for index, (rule, text) in enumerate(zip(changed[org], typed, strict=True)):
        key = "jumlah" if "jumlah" in rule else "persen"
        value = text.strip()
        if key == "persen":
            value = value.removesuffix("%").strip()
        digits = value[1:] if value[:1] in "+-" else value
        # Python reads at most 4,300 digits; a limit never needs more than a few.
        if not digits.isdigit() or not digits.isascii() or len(digits) > 9:
            raise _rule_error(f"evaluation.rule_{key}", org, index, value=shown(text.strip()))
        rule[key] = int(value)
    return changed


def changed_cells(matrix: Mapping[str, Mapping[str, str]]) -> int:
    """How many cells of the predikat table differ from the official one."""
    return sum(matrix[h][p] != DEFAULT_MATRIX[h][p] for h in RATINGS for p in RATINGS)


def curve_is_official(curve: Mapping[str, Sequence[Mapping[str, Any]]], org: str) -> bool:
    """Whether ``org``'s rules are the official ones (SE MenPANRB 3/2023)."""
    return list(curve[org]) == DEFAULT_CURVE[org]


def parse_rating(text: object, field: str) -> str:
    """``di-atas``, ``di atas``, ``Di Atas`` and ``di_atas`` are one rating."""
    value = "_".join(str(text or "").strip().lower().replace("-", " ").split())
    if value not in RATINGS:
        raise ValidationError(
            "evaluation.rating_invalid",
            field=field,
            value=str(text),
            known="di-atas, sesuai, di-bawah",
        )
    return value


def parse_organisation(text: object) -> str:
    value = "_".join(str(text or "").strip().lower().replace("-", " ").split())
    if value not in ORGANISASI:
        raise ValidationError(
            "evaluation.organisation_invalid",
            field="organisasi",
            value=str(text),
            known=", ".join(code.replace("_", "-") for code in ORGANISASI),
        )
    return value


# --------------------------------------------------------------------------- rules


def predikat_kinerja(hasil: str, perilaku: str, matrix: Mapping[str, Mapping[str, str]]) -> str:
    """The employee's predikat from the two ratings (rows: hasil kerja)."""
    return matrix[hasil][perilaku]


def suggest_perilaku(nilai: Decimal | None, thresholds: Mapping[str, int]) -> str | None:
    """The perilaku rating the 360 nilai suggests; None without a nilai."""
    if nilai is None:
        return None
    if nilai >= thresholds["di_atas"]:
        return "di_atas"
    if nilai >= thresholds["sesuai"]:
        return "sesuai"
    return "di_bawah"


def needs_reason(perilaku: str, suggested: str | None) -> bool:
    """A perilaku rating that differs from the 360 suggestion must be explained."""
    return suggested is not None and perilaku != suggested


def clean_reason(text: object) -> str:
    """One line, control characters removed, at most ``ALASAN_MAX`` characters."""
    from models.text import clean_comment

    value = " ".join(clean_comment(str(text or ""))[0].split())
    if len(value) > ALASAN_MAX:
        raise ValidationError("evaluation.reason_too_long", field="alasan", max=ALASAN_MAX)
    return value


@dataclass(frozen=True)
class Breach:
    """One distribution rule the office's predikat do not follow."""

    rule: Mapping[str, Any]
    count: int
    n: int

    def __str__(self) -> str:
        names = " + ".join(official_predikat_label(code) for code in self.rule["predikat"])
        if "jumlah" in self.rule:
            key = (
                "evaluation.breach_count_max"
                if self.rule["banding"] == "<="
                else ("evaluation.breach_count_min")
            )
            return t(key, predikat=names, count=self.count, limit=self.rule["jumlah"])
        key = (
            "evaluation.breach_share_max"
            if self.rule["banding"] == "<="
            else ("evaluation.breach_share_min")
        )
        return t(
            key,
            predikat=names,
            count=self.count,
            n=self.n,
            share=_percent(self.count, self.n),
            limit=self.rule["persen"],
        )


def describe_rule(rule: Mapping[str, Any]) -> str:
    """One distribution rule in words: "Sangat Baik paling banyak 70%"."""
    names = " + ".join(official_predikat_label(code) for code in rule["predikat"])
    kind = "count" if "jumlah" in rule else "share"
    side = "max" if rule["banding"] == "<=" else "min"
    limit = rule["jumlah"] if "jumlah" in rule else rule["persen"]
    if side == "max" and limit == 0:
        return t("evaluation.rule_none", predikat=names)
    return t(f"evaluation.rule_{kind}_{side}", predikat=names, limit=limit)


def _percent(count: int, n: int) -> str:
    from models.dates import format_decimal
    from models.i18n import get_language

    share = Decimal(count * 100) / Decimal(n) if n else Decimal(0)
    return format_decimal(share, get_language(), 1)


def rule_holds(rule: Mapping[str, Any], count: int, n: int) -> bool:
    """Whether ``count`` of ``n`` employees satisfy one rule (exact integer comparison)."""
    if "jumlah" in rule:
        left, right = count, int(rule["jumlah"])
    else:
        left, right = count * 100, int(rule["persen"]) * n
    return left <= right if rule["banding"] == "<=" else left >= right


@dataclass(frozen=True)
class Distribution:
    """How the office's official predikat are spread against the organisation's curve."""

    organisasi: str | None
    jumlah: int
    """N: employees with an official predikat."""
    belum: int
    """Active employees still without both ratings (counted apart)."""
    counts: Mapping[str, int]
    breaches: Sequence[Breach]

    @property
    def sesuai(self) -> bool:
        """True when every rule holds, the organisation's predikat being set and at
        least one employee having an official predikat (with none, nothing is checked)."""
        return self.organisasi is not None and self.jumlah > 0 and not self.breaches

    def shares(self) -> dict[str, str]:
        return {code: _percent(self.counts[code], self.jumlah) for code in PREDIKAT}

    def as_json(self) -> dict[str, Any]:
        """The ``kinerja export distribusi`` document."""
        return {
            "organisasi": self.organisasi,
            "jumlah": self.jumlah,
            "belum": self.belum,
            "counts": dict(self.counts),
            "pelanggaran": [str(b) for b in self.breaches],
            "sesuai": self.sesuai,
        }


def distribution(
    organisasi: str | None,
    predikat: Iterable[str | None],
    curve: Mapping[str, Sequence[Mapping[str, Any]]],
) -> Distribution:
    """Count ``predikat`` (None: not yet rated) and check them against the curve.

    The check warns, it never blocks: it only reports which rules do not hold.
    """
    counts = dict.fromkeys(PREDIKAT, 0)
    belum = 0
    for code in predikat:
        if code is None:
            belum += 1
        else:
            counts[code] += 1
    n = sum(counts.values())
    breaches: list[Breach] = []
    if organisasi is not None and n:
        for rule in curve[organisasi]:
            count = sum(counts[code] for code in rule["predikat"])
            if not rule_holds(rule, count, n):
                breaches.append(Breach(rule, count, n))
    return Distribution(organisasi, n, belum, counts, breaches)
