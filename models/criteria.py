"""Assessment criteria, role weights and the office settings that hold them.

Criteria live in the office settings and are copied into a period when it
opens, so everything here hands out fresh copies: editing one office's list
must never reach into a preset, the defaults or an opened period.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeGuard

from models.errors import ValidationError
from models.i18n import t
from models.labels import role_label
from models.text import one_line

Criterion = dict[str, Any]

ROLES = ("atasan", "rekan", "bawahan", "diri")
"""The four rater roles, in the order forms and reports list them."""

SCORE_MIN = 1
SCORE_MAX = 5
SCORE_LABELS: dict[int, str] = {
    1: "Sangat Kurang",
    2: "Kurang",
    3: "Cukup",
    4: "Baik",
    5: "Sangat Baik",
}
"""The wording of the paper forms; ``score_label`` gives it in the UI language."""

CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,29}")
"""Codes become CSV column names, so they stay short lower-case ASCII."""
NAME_MAX = 60
GUIDE_MAX = 300

DEFAULT_CRITERIA: list[Criterion] = [
    {"kode": "disiplin", "nama": "Disiplin", "bobot": 30, "panduan": []},
    {"kode": "kualitas", "nama": "Kualitas Kerja", "bobot": 40, "panduan": []},
    {"kode": "komunikasi", "nama": "Kemampuan Berkomunikasi", "bobot": 30, "panduan": []},
]

# The ASN core values "BerAKHLAK" with the behaviour guides (panduan perilaku)
# published with them by the Ministry of State Apparatus (SE MenPAN-RB 20/2021).
BERAKHLAK_CRITERIA: list[Criterion] = [
    {
        "kode": "pelayanan",
        "nama": "Berorientasi Pelayanan",
        "bobot": 10,
        "panduan": [
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ],
    },
    {
        "kode": "akuntabel",
        "nama": "Akuntabel",
        "bobot": 10,
        "panduan": [
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, "
            "dan berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, "
            "efektif, dan efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ],
    },
    {
        "kode": "kompeten",
        "nama": "Kompeten",
        "bobot": 10,
        "panduan": [
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ],
    },
    {
        "kode": "harmonis",
        "nama": "Harmonis",
        "bobot": 10,
        "panduan": [
            "Menghargai setiap orang apa pun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ],
    },
    {
        "kode": "loyal",
        "nama": "Loyal",
        "bobot": 10,
        "panduan": [
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik "
            "Indonesia Tahun 1945, setia kepada NKRI serta pemerintahan yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ],
    },
    {
        "kode": "adaptif",
        "nama": "Adaptif",
        "bobot": 10,
        "panduan": [
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ],
    },
    {
        "kode": "kolaboratif",
        "nama": "Kolaboratif",
        "bobot": 10,
        "panduan": [
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ],
    },
]

PRESETS: dict[str, list[Criterion]] = {
    "default": DEFAULT_CRITERIA,
    "berakhlak": BERAKHLAK_CRITERIA,
}

DEFAULT_ROLE_WEIGHTS: dict[str, int] = {"atasan": 50, "rekan": 30, "bawahan": 20, "diri": 0}

DEFAULT_TARGET_JP = 20
"""Training hours (JP) each employee should reach per year when the office set no target."""

DEFAULT_SETTINGS: dict[str, Any] = {
    "nama_kantor": "Kantor Kecamatan",
    "tempat": "",
    "bobot_peran": DEFAULT_ROLE_WEIGHTS,
    "min_rekan": 2,
    "jumlah_penghargaan": 3,
    "target_jp": DEFAULT_TARGET_JP,
    "kriteria": DEFAULT_CRITERIA,
}
"""Read-only template; use ``default_settings()`` for a record to store or edit."""


def default_settings() -> dict[str, Any]:
    """A fresh, independent copy of the settings a new office starts with."""
    return copy.deepcopy(DEFAULT_SETTINGS)


def target_jp(settings: Mapping[str, Any]) -> int:
    """The office's yearly JP target per employee (the default when none is stored)."""
    return int(settings.get("target_jp", DEFAULT_TARGET_JP))


def preset_criteria(name: str) -> list[Criterion]:
    """A fresh copy of a named criteria set ("default" or "berakhlak")."""
    try:
        return copy.deepcopy(PRESETS[name])
    except KeyError:
        raise ValidationError(
            "criteria.preset_unknown", field="kriteria", name=name, known=", ".join(PRESETS)
        ) from None


def score_label(score: int) -> str:
    """The word for a score (1 "Sangat Kurang" .. 5 "Sangat Baik") in the UI language."""
    if score not in SCORE_LABELS:
        raise ValueError(f"score out of range: {score!r}")
    return t(f"criteria.score_label.{score}")


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def parse_weight(text: str, *, field: str = "bobot") -> int | float:
    """A weight typed in a form: "30", "12,5" or "12.5"; whole numbers stay ints."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValidationError("criteria.weight_not_number", field=field, value=text)
    if value <= 0:
        raise ValidationError("criteria.weight_not_positive", field=field, value=text)
    return int(value) if value.is_integer() else value


def validate_criteria(criteria: Sequence[Mapping[str, Any]]) -> list[Criterion]:
    """A cleaned copy of a criteria list, or the first problem found.

    Codes must be unique and match ``[a-z][a-z0-9_]{0,29}``; names 1-60
    characters; weights positive finite numbers; guides a list of short texts.
    Surrounding spaces are trimmed and a missing ``panduan`` becomes ``[]``.
    """
    if not criteria:
        raise ValidationError("criteria.empty", field="kriteria")
    cleaned: list[Criterion] = []
    seen: set[str] = set()
    for position, item in enumerate(criteria, start=1):
        kode = str(item.get("kode", "")).strip()
        if not CODE_PATTERN.fullmatch(kode):
            raise ValidationError(
                "criteria.code_invalid", field="kode", kode=kode, position=position
            )
        if kode in seen:
            raise ValidationError("criteria.code_duplicate", field="kode", kode=kode)
        seen.add(kode)

        nama = one_line(str(item.get("nama", "")), "nama")
        if not 1 <= len(nama) <= NAME_MAX:
            raise ValidationError("criteria.name_invalid", field="nama", kode=kode, max=NAME_MAX)

        bobot = item.get("bobot")
        if not _is_number(bobot):
            raise ValidationError(
                "criteria.weight_not_number", field="bobot", kode=kode, value=bobot
            )
        if bobot <= 0:
            raise ValidationError(
                "criteria.weight_not_positive", field="bobot", kode=kode, value=bobot
            )

        panduan_raw = item.get("panduan", [])
        if panduan_raw is None:
            panduan_raw = []
        if isinstance(panduan_raw, str) or not isinstance(panduan_raw, Sequence):
            raise ValidationError("criteria.guide_invalid", field="panduan", kode=kode)
        panduan: list[str] = []
        for guide in panduan_raw:
            if not isinstance(guide, str):
                raise ValidationError("criteria.guide_invalid", field="panduan", kode=kode)
            text = one_line(guide, "panduan")
            if not text:
                continue
            if len(text) > GUIDE_MAX:
                raise ValidationError(
                    "criteria.guide_too_long", field="panduan", kode=kode, max=GUIDE_MAX
                )
            panduan.append(text)

        cleaned.append({"kode": kode, "nama": nama, "bobot": bobot, "panduan": panduan})
    return cleaned


def weight_shares(criteria: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """Each criterion's weight as a fraction of the total (fractions sum to 1)."""
    total = sum(float(c["bobot"]) for c in criteria)
    if total <= 0:
        raise ValidationError("criteria.empty", field="kriteria")
    return {str(c["kode"]): float(c["bobot"]) / total for c in criteria}


def validate_role_weights(weights: Mapping[str, Any]) -> dict[str, int | float]:
    """A cleaned copy of the role weights, or the first problem found.

    All four roles must be present, each a non-negative number; the atasan
    weight must be positive because a complete result always needs the atasan.
    """
    unknown = sorted(set(weights) - set(ROLES))
    if unknown:
        raise ValidationError(
            "criteria.role_unknown", field="bobot_peran", peran=", ".join(unknown)
        )
    cleaned: dict[str, int | float] = {}
    for peran in ROLES:
        if peran not in weights:
            raise ValidationError("criteria.role_missing", field="bobot_peran", peran=peran)
        value = weights[peran]
        if not _is_number(value):
            raise ValidationError(
                "criteria.role_weight_not_number", field="bobot_peran", peran=peran, value=value
            )
        if value < 0:
            raise ValidationError(
                "criteria.role_weight_negative", field="bobot_peran", peran=peran, value=value
            )
        cleaned[peran] = value
    if cleaned["atasan"] <= 0:
        raise ValidationError("criteria.role_atasan_zero", field="bobot_peran")
    return cleaned


# --------------------------------------------------------------------------- editing


def parse_role_weight(text: str, peran: str) -> int | float:
    """A role weight typed in a form ("50", "12,5"); zero is allowed (the role is ignored)."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValidationError(
            "criteria.role_weight_not_number",
            field=peran,
            peran=role_label(peran, capitalized=True),
            value=text,
        )
    return int(value) if value.is_integer() else value


def parse_role_weights(typed: Mapping[str, str]) -> dict[str, int | float]:
    """The four role weights from a form's text fields (checked by ``validate_role_weights``)."""
    return {peran: parse_role_weight(typed.get(peran, ""), peran) for peran in ROLES}


def put_criterion(
    criteria: Sequence[Mapping[str, Any]],
    original: str | None,
    kode: str,
    nama: str,
    bobot: str,
    panduan: Sequence[str],
) -> list[Criterion]:
    """The criteria list with one criterion added (``original`` None) or replacing ``original``.

    The typed fields are checked top to bottom (code and name before the weight), so
    the clerk is told about the first field in the form that is wrong.
    """
    criterion: dict[str, Any] = {
        "kode": kode.strip(),
        "nama": nama,
        "bobot": 1,
        "panduan": [line for line in panduan],
    }
    validate_criteria([criterion])
    criterion["bobot"] = parse_weight(bobot)
    updated: list[dict[str, Any]] = [dict(c) for c in criteria]
    position = next((i for i, c in enumerate(updated) if c["kode"] == original), None)
    if position is None:
        updated.append(criterion)
    else:
        updated[position] = criterion
    return validate_criteria(updated)


def remove_criterion(criteria: Sequence[Mapping[str, Any]], kode: str) -> list[dict[str, Any]]:
    """The criteria list without ``kode`` (the office refuses an empty list when saving)."""
    return [dict(c) for c in criteria if c["kode"] != kode]
