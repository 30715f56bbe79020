"""The evaluation grid in the installed ``kinerja`` command: a whole burst of keys in one
write, as they arrive over SSH, lands rating by rating (README, "Fast typing")."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pexpect

from models import evaluations
from models.office import Office
from tests.e2e.test_installed_command import Terminal, _kinerja

KODE = "2026-S2"


def _environment(tmp_path: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        {
            "TERM": "xterm-256color",
            "HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "KINERJA_LANG": "id",
        }
    )
    environment.pop("KINERJA_DB", None)
    environment.pop("NO_COLOR", None)
    return environment


def test_a_burst_of_ratings_a_reason_and_the_organisation_in_one_write(tmp_path: Path) -> None:
    path = tmp_path / "kinerja.json"
    subprocess.run([_kinerja(), "demo", "--size", "S", "--out", str(path)], check=True)
    first = Office.open(path).evaluation_lines(KODE)[:4]
    # In the grid's order: suggested di bawah, sesuai, di atas, di bawah.
    assert [line.saran for line in first] == ["di_bawah", "sesuai", "di_atas", "di_bawah"]

    terminal = Terminal(["--db", str(path)], _environment(tmp_path))
    terminal.wait_for("Sukamaju")
    terminal.child.sendcontrol("g")
    terminal.child.send("e")
    terminal.wait_for("Saran")
    burst = (
        "sb"  # 1st: hasil sesuai, perilaku di bawah (as suggested)
        "ab"  # 2nd: di atas, di bawah against the suggestion: the reason dialog opens
        "Terlambat melapor\r"
        "aa"  # 3rd: di atas, di atas
        "obaik\r"  # the organisation's predikat, chosen in the picker
        "\x7f"  # Backspace on the 4th's hasil, still empty: nothing to clear, nothing saved
        "sb"  # 4th: sesuai, di bawah
    )
    terminal.child.send(burst)
    screen = terminal.wait_for(f"{first[3].nama} · perilaku kerja Di bawah")
    assert "Organisasi: Baik" in screen
    terminal.child.sendcontrol("q")
    terminal.child.expect(pexpect.EOF, timeout=20)
    terminal.child.close()
    assert terminal.child.exitstatus == 0

    office = Office.open(path)
    lines = {line.nip: line for line in office.evaluation_lines(KODE)}
    assert [(lines[n.nip].hasil, lines[n.nip].perilaku, lines[n.nip].alasan) for n in first] == [
        ("sesuai", "di_bawah", ""),
        ("di_atas", "di_bawah", "Terlambat melapor"),
        ("di_atas", "di_atas", ""),
        ("sesuai", "di_bawah", ""),
    ]
    assert office.period(KODE)["organisasi"] == "baik"
    # Four records, each written by the keys meant for it: nothing else was saved.
    assert sorted(evaluations.records(office, KODE)) == sorted(line.nip for line in first)
