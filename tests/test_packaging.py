"""The package builds without setuptools warnings: every folder that ships files is a
listed package (setuptools warns of any it would leave out), and the licence is SPDX."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {"__pycache__"}


def _config() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _package_folders() -> dict[str, Path]:
    """Every folder of the shipped code and data that holds files, as a dotted package name."""
    found: dict[str, Path] = {}
    for top, name in (("models", "models"), ("tui", "tui"), ("data", "kinerja_data")):
        for folder in [ROOT / top, *(p for p in (ROOT / top).rglob("*") if p.is_dir())]:
            if SKIPPED & set(folder.parts) or not any(p.is_file() for p in folder.iterdir()):
                continue
            relative = folder.relative_to(ROOT / top).parts
            found[".".join((name, *relative))] = folder
    return found


def test_every_folder_with_files_is_a_listed_package() -> None:
    setuptools = _config()["tool"]["setuptools"]  # type: ignore[index]
    listed = set(setuptools["packages"])  # type: ignore[index]
    assert set(_package_folders()) == listed


def test_every_data_file_is_shipped() -> None:
    """Files that are not Python are named in package-data, by their folder's package."""
    data = _config()["tool"]["setuptools"]["package-data"]  # type: ignore[index]
    for package, folder in _package_folders().items():
        for file in folder.iterdir():
            if file.is_file() and file.suffix != ".py":
                patterns = data.get(package, [])
                assert any(file.match(p) for p in patterns), f"{file} not in {package}"


def test_the_licence_is_an_spdx_expression() -> None:
    assert _config()["project"]["license"] == "MIT"  # type: ignore[index]
