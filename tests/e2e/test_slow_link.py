"""A slow link: the terminal reads the app's output slowly while the clerk types ahead.

Keys sent in one write (as an SSH packet delivers them) must all be handled, in
order, and the screen must settle to the same state a fast terminal shows.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from models import demo
from models.office import Office
from tests.pty_session import PtySession, key_bytes

PEGAWAI_KEYS = ["down"] * 25 + ["pagedown", "up", "up"]
SCORE_KEYS = ["3", "4", "5", "3", "2", "1", "right_square_bracket", "5", "5"]


def _kinerja() -> str:
    found = shutil.which("kinerja", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("the kinerja console script is not installed next to this Python")
    return found


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "kinerja.json"
    demo.write_office(demo.generate_office("S", year=2026, seed=2026), path)
    return path


def _copy(template: Path, folder: Path) -> Path:
    target = folder / "kantor"
    shutil.copytree(template.parent, target)
    return target / template.name


def _burst(keys: list[str]) -> bytes:
    return b"".join(b"]" if key == "right_square_bracket" else key_bytes(key) for key in keys)


def _drain_slowly(session: PtySession, chunk: int, pause: float, quiet: float = 2.0) -> None:
    """Read ``chunk`` bytes at a time with ``pause`` between reads until ``quiet`` seconds
    pass without output: a link of about chunk / pause bytes a second."""
    last = time.monotonic()
    while time.monotonic() - last < quiet:
        if session.read_some(0.05, limit=chunk):
            last = time.monotonic()
        time.sleep(pause)


def _run(template: Path, folder: Path, *, slow: bool) -> tuple[str, str, Path]:
    """Type the bursts on Pegawai and Penilaian; the two settled screens and the office."""
    path = _copy(template, folder)
    env = dict(os.environ, TERM="xterm-256color", HOME=str(folder), KINERJA_LANG="id")
    env.pop("NO_COLOR", None)
    session = PtySession([_kinerja(), "--db", str(path)], env)
    try:
        session.wait_for("NIP")
        session.settle(1.0)
        screens = []
        for before, keys in ((None, PEGAWAI_KEYS), ("f3", SCORE_KEYS)):
            if before:
                session.press(before, 1.0)
                session.wait_for("Penilai 1/")
            session.send(_burst(keys))
            if slow:
                _drain_slowly(session, chunk=128, pause=0.04)  # about 3 KB/s, 25 kbit/s
            else:
                session.settle(1.0)
            screens.append(session.text())
        assert session.quit() == 0
    finally:
        session.close()
    return screens[0], screens[1], path


def test_keys_typed_ahead_on_a_slow_link_all_land_in_order_and_the_screen_settles(
    template: Path, tmp_path: Path
) -> None:
    fast_pegawai, fast_penilaian, _ = _run(template, tmp_path / "fast", slow=False)
    slow_pegawai, slow_penilaian, path = _run(template, tmp_path / "slow", slow=True)
    assert slow_pegawai == fast_pegawai
    assert slow_penilaian == fast_penilaian
    assert "Penilai 2/" in slow_penilaian, "the ] after the digits moved to the next rater"
    office = Office.open(path)
    kode = office.current_period()["kode"]  # type: ignore[index]
    names = {e["nip"]: e["nama"] for e in office.employees()}
    criteria = [c["kode"] for c in office.period(kode)["kriteria"]]
    rater = office.employees()[0]["nip"]  # Penilai 1: the first in the list, by name
    given = {
        names[r["nip_dinilai"]]: [r["skor"].get(k) for k in criteria]
        for r in office.ratings(kode)
        if r["nip_penilai"] == rater
    }
    assert given["Ai Herawati"] == [3, 4, 5]
    assert given["Fikri Maulana"] == [3, 2, 1], "after a complete row the next empty one"
    second_rater_rows = [line for line in slow_penilaian.splitlines() if " 5 " in line]
    assert second_rater_rows, slow_penilaian
