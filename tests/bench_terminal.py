"""The benchmark's figures taken in a real pseudo-terminal: bytes sent per key, start-up.

What a clerk on a slow SSH link waits for is the bytes a key makes the app send
to the terminal.  They are counted here for Kinerja as shipped, for Kinerja with
Textual's own output (every repainted region sent whole: the "before"), and for
VisiData, a curses data browser, on a CSV of the same employees: the same keys,
the same 80x24 terminal, the same run.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.pty_session import PtySession

ROOT = Path(__file__).resolve().parent.parent
QUIET = 0.3
"""Seconds without output after which a key's output is taken to be complete."""
KEYS_PER_FIGURE = 8


def terminal_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, TERM="xterm-256color", HOME=str(home), KINERJA_LANG="id")
    env["PYTHONPATH"] = str(ROOT)
    env.pop("NO_COLOR", None)
    return env


# --------------------------------------------------------------------------- children


def child_tty(variant: str, db: str) -> None:
    """Run Kinerja in this terminal: as shipped ("lean") or with Textual's own output ("plain")."""
    from models.office import Office
    from tui.app import KinerjaApp, check_before_start

    office = Office.open(db)
    check_before_start(office)
    app = KinerjaApp(office)
    if variant == "plain":
        # The instance's changes-only output, if any: back to Textual's own method.
        vars(app).pop("_display", None)
    app.run()


def run_in_pty(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run a ``--child`` of the benchmark in a pseudo-terminal; the JSON it leaves in a file."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        result_path = Path(out.name)
    env = dict(env, KINERJA_BENCH_OUT=str(result_path), KINERJA_BENCH_T0=repr(time.time()))
    session = PtySession([sys.executable, "-m", "tests.bench", "--child", *args], env, cwd=ROOT)
    try:
        while session.child.isalive():
            session.read_some(0.1)
        session.read_some(0.1)
    finally:
        session.close()
    try:
        result: dict[str, float] = json.loads(result_path.read_text())
    finally:
        result_path.unlink()
    return result


def write_result(result: dict[str, float]) -> None:
    Path(os.environ["KINERJA_BENCH_OUT"]).write_text(json.dumps(result))


# --------------------------------------------------------------------------- bytes per key


def _median(values: list[int]) -> float:
    return float(statistics.median(values))


def _list_keys(session: PtySession, visible_rows: int) -> dict[str, float]:
    """Down inside the view, down that scrolls, page down: median bytes of each."""
    inside = [session.press("down", QUIET) for _ in range(KEYS_PER_FIGURE)]
    for _ in range(visible_rows - KEYS_PER_FIGURE):
        session.press("down", QUIET)  # to the bottom row
    scroll = [session.press("down", QUIET) for _ in range(KEYS_PER_FIGURE)]
    page = [session.press("pagedown", QUIET) for _ in range(KEYS_PER_FIGURE)]
    return {"down": _median(inside), "scroll": _median(scroll), "page": _median(page)}


def _kinerja_keys(variant: str, db: Path, home: Path) -> dict[str, float]:
    """Every key figure of Kinerja, on a fresh copy of the office (the scores are saved)."""
    folder = Path(tempfile.mkdtemp(prefix="kinerja-bytes-"))
    try:
        shutil.copytree(db.parent, folder / "kantor")
        path = folder / "kantor" / db.name
        session = PtySession(
            [sys.executable, "-m", "tests.bench", "--child", "tty", variant, str(path)],
            terminal_env(home),
            cwd=str(ROOT),
        )
        try:
            session.wait_for("NIP")
            session.settle(1.0)
            figures = _list_keys(session, visible_rows=19)
            session.press("f3", 1.0)
            session.wait_for("Penilai 1/")
            session.settle(1.0)
            figures["score"] = _median([session.press(d, QUIET) for d in "34532134"])
            session.press("f6", 1.0)
            session.press("enter", 1.0)
            session.press("h", 1.0)
            session.wait_for("Sesi ")
            # Each mark changes the cell (the last row keeps the cursor).
            figures["mark"] = _median([session.press(k, QUIET) for k in "hihihihi"])
            session.quit()
        finally:
            session.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def write_employee_csv(db: Path, path: Path) -> Path:
    """The Pegawai list's columns for every employee of the office, as a CSV for VisiData."""
    from models.employee import display_name
    from models.labels import employee_status_label
    from models.nip import format_nip
    from models.office import Office

    office = Office.open(db)
    by_nip = office.employees_by_nip()
    with path.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(["nip", "nama", "jabatan", "golongan", "unit", "atasan", "status"])
        for emp in office.employees():
            atasan = by_nip.get(emp.get("atasan_nip") or "")
            out.writerow(
                [
                    format_nip(emp["nip"]),
                    display_name(emp),
                    emp["jabatan"],
                    emp["golongan"],
                    emp["unit"],
                    display_name(atasan) if atasan else "—",
                    employee_status_label(bool(emp["aktif"])),
                ]
            )
    return path


def visidata_command() -> str | None:
    return shutil.which("vd", path=str(Path(sys.executable).parent))


def _visidata_keys(csv_path: Path, home: Path) -> dict[str, float]:
    vd = visidata_command()
    assert vd is not None
    session = PtySession([vd, str(csv_path)], terminal_env(home))
    try:
        session.wait_for("nip")
        session.settle(1.0)
        figures = _list_keys(session, visible_rows=21)
        session.send(b"gq")  # quit every sheet
        session.settle(0.5)
    finally:
        session.close()
    return figures


def bench_bytes_per_key(db: Path, folder: Path) -> dict[str, Any]:
    """Median bytes written to an 80x24 terminal per key: Kinerja, its "before", VisiData."""
    home = folder / "home"
    home.mkdir(exist_ok=True)
    figures: dict[str, Any] = {}
    lean = _kinerja_keys("lean", db, home)
    plain = _kinerja_keys("plain", db, home)
    for key, value in lean.items():
        figures[f"bytes_{key}"] = value
        figures[f"bytes_{key}_textual"] = plain[key]
    if visidata_command() is None:
        print("VisiData is not installed (pip install -e '.[bench]'): no VisiData figures")
    else:
        visidata = _visidata_keys(write_employee_csv(db, folder / "pegawai.csv"), home)
        for key, value in visidata.items():
            figures[f"bytes_{key}_visidata"] = value
            figures[f"bytes_{key}_over_visidata"] = lean[key] / value
    for key in ("score", "mark"):
        figures[f"bytes_{key}_over_down"] = lean[key] / lean["down"]
    return figures
