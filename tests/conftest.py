"""Shared fixtures: a fresh copy of the generated demo office for every test that needs one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models.i18n import set_language
from models.office import Office


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    """Every test starts in the default language and leaves it so."""
    set_language("id")
    yield
    set_language("id")


@pytest.fixture
def office_path(tmp_path: Path) -> Path:
    from models import demo

    path = tmp_path / "kinerja.json"
    demo.write_office(demo.generate_office("S", year=2026, seed=2026), path)
    return path


@pytest.fixture
def office(office_path: Path) -> Office:
    return Office.open(office_path)


@pytest.fixture
def empty_office(tmp_path: Path) -> Office:
    """A brand-new office file: default settings, no employees, no periods."""
    return Office.init(tmp_path / "baru.json")
