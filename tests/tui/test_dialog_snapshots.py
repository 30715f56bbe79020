"""Every dialog at 80x24, as a snapshot: readable, nothing cut off, its keys in reach.

The dialogs are reached through the walk in ``tests/tui/tour.py``; the screens have
their snapshots beside their own tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui import tour
from tui.screens.pelatihan import clock

SNAPSHOT_STOPS = (
    *tour.DIALOGS,
    *(stop for stop in tour.SCREENS if stop.name in ("pelatihan_detail", "pelatihan_sesi")),
)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tour.Files:
    return tour.prepare(tmp_path_factory.mktemp("tour"))


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(clock, "now", lambda: tour.TODAY)
    yield


@pytest.mark.parametrize("stop", SNAPSHOT_STOPS, ids=[stop.name for stop in SNAPSHOT_STOPS])
def test_dialog_80x24(
    stop: tour.Stop,
    prepared: tour.Files,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    snap_compare: Callable[..., bool],
) -> None:
    files = tour.copy_of(prepared, tmp_path)
    # File names are typed relative to here, so no temporary folder shows in a snapshot.
    monkeypatch.chdir(files.office.parent)

    async def go(pilot: Pilot[Any]) -> None:
        await tour.visit(pilot, stop, files)

    assert snap_compare(tour.app_for(stop, files), terminal_size=(80, 24), run_before=go)


def test_the_walk_reaches_every_dialog() -> None:
    """A new dialog gets a stop in tests/tui/tour.py, hence a snapshot and the language check."""
    import importlib
    import pkgutil

    import tui
    from tui.dialogs.base import Dialog
    from tui.dialogs.form import FormDialog

    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        importlib.import_module(module.name)

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        for sub in list(found):
            found |= subclasses(sub)
        return found

    dialogs = {cls.__name__ for cls in subclasses(Dialog) if cls is not FormDialog}
    reached = {stop.expect for stop in tour.STOPS}
    assert dialogs - reached == set()
