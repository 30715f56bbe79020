"""One rule finds an employee by typed text, whichever list the clerk types in."""

from __future__ import annotations

from typing import Any

from models.search import employee_text, parse_query, search

PEOPLE: list[dict[str, Any]] = [
    {
        "nip": "198609262015051001",
        "nama": "Budi Santoso",
        "gelar_belakang": "S.Kom.",
        "jabatan": "Analis",
        "unit": "Seksi Data",
        "golongan": "III/b",
    },
    {
        "nip": "199001012019032002",
        "nama": "Sri Wahyuni",
        "jabatan": "Bendahara",
        "unit": "Subbagian Umum",
        "golongan": "III/a",
    },
]


def found(text: str) -> list[str]:
    return [
        p["nip"] for p in search(PEOPLE, parse_query(text), employee_text, lambda p: str(p["nip"]))
    ]


def test_words_anywhere_in_any_order_any_case() -> None:
    assert found("santoso BUDI") == ["198609262015051001"]
    assert found("umum") == ["199001012019032002"]
    assert found("iii/") == ["198609262015051001", "199001012019032002"]
    assert found("budi umum") == []
    assert found("") == ["198609262015051001", "199001012019032002"]


def test_nip_with_or_without_spaces() -> None:
    assert found("198609262015051001") == ["198609262015051001"]
    assert found("19860926 201505 1 001") == ["198609262015051001"]
    assert found("19900101 2019") == ["199001012019032002"]
    assert found("2015051") == ["198609262015051001"]
