"""Run the installed ``kinerja`` command in a real pseudo-terminal, as a clerk would."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte
import pytest

COLUMNS, LINES = 80, 24


def _kinerja() -> str:
    found = shutil.which("kinerja", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("the kinerja console script is not installed next to this Python")
    return found


class Terminal:
    """A pexpect child whose output is fed to a pyte screen we can read."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(
            _kinerja(), args, env=env, dimensions=(LINES, COLUMNS), timeout=30
        )

    def pump(self) -> None:
        try:
            data = self.child.read_nonblocking(65536, timeout=0.2)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            return
        self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if needle in self.text():
                return self.text()
            if not self.child.isalive():
                break
        raise AssertionError(f"{needle!r} never appeared; screen was:\n{self.text()}")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
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
    return environment


@pytest.mark.parametrize(
    ("term", "no_color"), [("xterm-256color", False), ("linux", False), ("linux", True)]
)
def test_demo_opens_shows_office_and_quits_cleanly(
    env: dict[str, str], term: str, no_color: bool
) -> None:
    env["TERM"] = term
    if no_color:
        env["NO_COLOR"] = "1"
    else:
        env.pop("NO_COLOR", None)
    terminal = Terminal(["--demo"], env)
    screen = terminal.wait_for("Kantor Kecamatan Sukamaju")
    first_line = screen.splitlines()[0]
    assert "Kantor Kecamatan Sukamaju" in first_line
    assert "DEMO" in first_line
    terminal.child.sendcontrol("q")
    terminal.child.expect(pexpect.EOF, timeout=20)
    terminal.child.close()
    assert terminal.child.exitstatus == 0


def test_demo_copy_is_removed_after_quitting(env: dict[str, str], tmp_path: Path) -> None:
    env["TMPDIR"] = str(tmp_path)
    terminal = Terminal(["--demo"], env)
    terminal.wait_for("Sukamaju")
    assert any(p.name.startswith("kinerja-demo-") for p in tmp_path.iterdir())
    terminal.child.sendcontrol("q")
    terminal.child.expect(pexpect.EOF, timeout=20)
    terminal.child.close()
    assert not any(p.name.startswith("kinerja-demo-") for p in tmp_path.iterdir())


def test_damaged_data_file_gives_one_clear_line(env: dict[str, str], tmp_path: Path) -> None:
    damaged = tmp_path / "rusak.json"
    damaged.write_text('{"format": "kinerja", "version": 1, "gen', encoding="utf-8")
    child = pexpect.spawn(_kinerja(), ["--db", str(damaged)], env=env, timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    output = child.before.decode()
    assert child.exitstatus == 2
    assert "rusak" in output and "kinerja backup" in output
    assert "Traceback" not in output
    assert damaged.read_text(encoding="utf-8") == '{"format": "kinerja", "version": 1, "gen'


def test_a_missing_office_is_created_only_after_the_clerk_says_yes(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "kantor" / "kinerja.json"
    terminal = Terminal(["--db", str(path)], env)
    terminal.wait_for("Buat kantor baru")
    terminal.child.send("n\r")
    terminal.child.expect(pexpect.EOF, timeout=20)
    terminal.child.close()
    assert terminal.child.exitstatus == 2
    assert not (tmp_path / "kantor").exists()

    terminal = Terminal(["--db", str(path)], env)
    terminal.wait_for("Buat kantor baru")
    terminal.child.send("y\r")
    terminal.wait_for("Belum ada pegawai")
    terminal.child.sendcontrol("q")
    terminal.child.expect(pexpect.EOF, timeout=20)
    terminal.child.close()
    assert terminal.child.exitstatus == 0
    assert path.is_file()


def _forge(path: Path, table: str, change: object) -> Path:
    """Rewrite one table with a record of the wrong shape and a matching checksum."""
    import zlib

    import orjson

    manifest = orjson.loads(path.read_bytes())
    name = next(n for n in manifest["tables"] if n.startswith(table))
    ref = manifest["tables"][name]
    shard = path.with_name(path.name + ".d") / ref["file"]
    data = orjson.loads(shard.read_bytes())
    change(next(iter(data["docs"].values())))  # type: ignore[operator]
    raw = orjson.dumps(data)
    shard.write_bytes(raw)
    ref["crc"] = zlib.crc32(raw)
    path.write_bytes(orjson.dumps(manifest))
    return shard


def _demo_office(tmp_path: Path) -> Path:
    import subprocess

    path = tmp_path / "kinerja.json"
    subprocess.run([_kinerja(), "demo", "--size", "S", "--out", str(path)], check=True)
    return path


def _flip_a_byte(path: Path, table: str) -> Path:
    """Damage one table's file so that its checksum no longer matches."""
    import orjson

    manifest = orjson.loads(path.read_bytes())
    name = next(n for n in manifest["tables"] if n.startswith(table))
    shard = path.with_name(path.name + ".d") / manifest["tables"][name]["file"]
    raw = bytearray(shard.read_bytes())
    raw[len(raw) // 2] ^= 0x20
    shard.write_bytes(bytes(raw))
    return shard


@pytest.mark.parametrize(
    "damage",
    [
        # A record of the wrong shape with a matching checksum: found reading the table.
        lambda path: _forge(path, "employees", lambda doc: doc.pop("nama")),
        # A table no first screen reads, with a wrong checksum: found by the checksums
        # checked before the first frame.
        lambda path: _flip_a_byte(path, "ratings"),
    ],
    ids=["shape", "checksum"],
)
def test_the_app_never_starts_on_a_damaged_office(
    env: dict[str, str], tmp_path: Path, damage: Callable[[Path], Path]
) -> None:
    path = _demo_office(tmp_path)
    shard = damage(path)
    child = pexpect.spawn(_kinerja(), ["--db", str(path)], env=env, timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    output = child.before.decode()
    assert child.exitstatus == 2
    assert str(shard) in output.replace("\r\n", "") and "Traceback" not in output
    assert "Belum ada pegawai" not in output


def test_damage_found_while_working_stops_the_app_with_the_way_out(
    env: dict[str, str], tmp_path: Path
) -> None:
    """A forged table is read only when its screen opens: the app stops there, status 2."""
    path = _demo_office(tmp_path)
    _forge(path, "ratings", lambda doc: doc.update(skor={"disiplin": "lima"}))
    terminal = Terminal(["--db", str(path)], env)
    terminal.wait_for("Sukamaju")
    terminal.child.sendcontrol("g")
    terminal.child.send("n")
    terminal.child.expect(pexpect.EOF, timeout=20)
    terminal.child.close()
    output = terminal.child.before.decode()
    assert terminal.child.exitstatus == 2
    assert "kinerja backup list" in output.replace("\r\n", "")
    assert "Traceback" not in output


def test_stored_escape_sequences_never_reach_the_terminal(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Text written into the data file by another tool, escape sequences and all, is only shown."""
    import subprocess

    from models.office import Office

    path = tmp_path / "kinerja.json"
    subprocess.run([_kinerja(), "demo", "--size", "S", "--out", str(path)], check=True)
    office = Office.open(path)
    with office.store.transaction() as txn:
        employee = txn.all("employees")[0]
        txn.update(
            "employees", employee, {"nama": "Aaa Jahat\x1b]0;PWNED\x07\x1b[2J"}, check_rev=False
        )
        settings = txn.all("settings")[0]
        txn.update(
            "settings", settings, {"nama_kantor": "Kantor\x1b]2;OWNED\x07X"}, check_rev=False
        )
    child = pexpect.spawn(_kinerja(), ["--db", str(path)], env=env, dimensions=(LINES, COLUMNS))
    output = bytearray()
    deadline = time.monotonic() + 30
    while not (b"OWNED" in output and b"Jahat" in output) and time.monotonic() < deadline:
        with contextlib.suppress(pexpect.TIMEOUT):
            output += child.read_nonblocking(65536, timeout=0.2)
    child.sendcontrol("q")
    child.expect(pexpect.EOF, timeout=20)
    child.close()
    assert b"OWNED" in output and b"Jahat" in output
    for raw in (b"\x1b]0;PWNED", b"\x1b]2;OWNED", b"\x1b[2J"):
        assert raw not in bytes(output), raw


def test_a_burst_of_evaluation_keys_in_one_write_lands_rating_by_rating(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Evaluasi, as keys arrive over SSH: ratings, a reason typed into the dialog the key
    before opened, the organisation chosen in a picker, all sent in one write (README,
    "Fast typing")."""
    from models import evaluations
    from models.office import Office

    kode = "2026-S2"
    path = _demo_office(tmp_path)
    first = Office.open(path).evaluation_lines(kode)[:4]
    # In the grid's order: suggested di bawah, sesuai, di atas, di bawah.
    assert [line.saran for line in first] == ["di_bawah", "sesuai", "di_atas", "di_bawah"]

    terminal = Terminal(["--db", str(path)], env)
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
    lines = {line.nip: line for line in office.evaluation_lines(kode)}
    assert [(lines[n.nip].hasil, lines[n.nip].perilaku, lines[n.nip].alasan) for n in first] == [
        ("sesuai", "di_bawah", ""),
        ("di_atas", "di_bawah", "Terlambat melapor"),
        ("di_atas", "di_atas", ""),
        ("sesuai", "di_bawah", ""),
    ]
    assert office.period(kode)["organisasi"] == "baik"
    # Four records, each written by the keys meant for it: nothing else was saved.
    assert sorted(evaluations.records(office, kode)) == sorted(line.nip for line in first)
