"""The worked example in the README is what the scoring engine computes."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from models.criteria import DEFAULT_ROLE_WEIGHTS, default_settings
from models.scoring import compute_period

README = Path(__file__).resolve().parents[2] / "README.md"


def _emp(nip: str, nama: str, atasan: str | None) -> dict[str, object]:
    return {"nip": nip, "nama": nama, "unit": "Sekretariat", "aktif": True, "atasan_nip": atasan}


def _rating(ratee: str, rater: str, peran: str, a: int, b: int, c: int) -> dict[str, object]:
    return {
        "periode": "2026-S2",
        "nip_dinilai": ratee,
        "nip_penilai": rater,
        "peran": peran,
        "skor": {"disiplin": a, "kualitas": b, "komunikasi": c},
    }


def test_siti_example_matches_the_readme() -> None:
    employees = {
        "1": _emp("1", "Camat", None),
        "2": _emp("2", "Siti", "1"),
        "3": _emp("3", "Rekan A", "1"),
        "4": _emp("4", "Rekan B", "1"),
    }
    ratings = [
        _rating("2", "1", "atasan", 4, 5, 4),
        _rating("2", "3", "rekan", 4, 4, 4),
        _rating("2", "4", "rekan", 3, 4, 5),
    ]
    criteria = default_settings()["kriteria"]
    result = compute_period(criteria, DEFAULT_ROLE_WEIGHTS, 2, employees, ratings)
    siti = result.by_nip["2"]
    assert siti.peran["atasan"].skor == Fraction(44, 10)
    assert siti.peran["rekan"].skor == Fraction(4)
    assert siti.skor_akhir == Fraction(425, 100)
    assert siti.nilai == Decimal("85.00")
    assert siti.predikat == "Baik"
    assert siti.lengkap and siti.peringkat == 1
    text = README.read_text(encoding="utf-8")
    assert "F = (50×4,40 + 30×4,00) / 80 = 4,25" in text
    assert "Nilai = 4,25 × 20 = 85,00, predikat Baik" in text


def _table_after(heading: str) -> list[list[str]]:
    """The rows of the first Markdown table after ``heading`` (header row first)."""
    text = README.read_text(encoding="utf-8")
    rows = []
    for line in text[text.index(heading) :].splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return [row for row in rows if not set("".join(row)) <= {"-"}]


def test_the_readmes_evaluation_table_is_the_default() -> None:
    from models.evaluation import DEFAULT_MATRIX
    from models.labels import official_predikat_label

    header, *rows = _table_after("4. The two ratings give the employee's **predikat kinerja**")
    columns = [name.replace(" ", "_") for name in header[1:]]
    for row in rows:
        hasil = row[0].replace(" ", "_")
        for perilaku, shown in zip(columns, row[1:], strict=True):
            assert shown == official_predikat_label(DEFAULT_MATRIX[hasil][perilaku])


def test_the_readmes_distribution_rules_are_the_default() -> None:
    from models.evaluation import DEFAULT_CURVE, ORGANISASI
    from models.labels import organisation_label

    _, *rows = _table_after("5. The predikat of all employees together")
    assert [row[0] for row in rows] == [organisation_label(code) for code in ORGANISASI]
    for code, row in zip(ORGANISASI, rows, strict=True):
        written = row[1].split("; ")
        assert len(written) == len(DEFAULT_CURVE[code])
        for text, rule in zip(written, DEFAULT_CURVE[code], strict=True):
            limit = rule.get("persen", rule.get("jumlah"))
            if "persen" in rule:
                sign = "≤" if rule["banding"] == "<=" else "≥"
                assert text.endswith(f"{sign} {limit}%"), text
            elif rule["banding"] == "<=":
                assert limit == 0 and text.startswith("no "), text
            else:
                assert limit == 1 and text.startswith("at least one "), text
