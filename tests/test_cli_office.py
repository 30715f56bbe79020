"""Creating, checking, backing up and restoring an office from the command line."""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path

import pytest

from models import backup
from models.office import Office
from models.storage import backup_dir_of, shard_dir_of
from tui.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_init_creates_an_empty_office_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kantor" / "kinerja.json"
    code, out, _err = _run(capsys, "init", str(path))
    assert code == EXIT_OK and str(path) in out
    assert Office.open(path).employees() == []
    code, out, err = _run(capsys, "--db", str(path), "check")
    assert code == EXIT_OK

    before = path.read_bytes()
    code, _out, err = _run(capsys, "init", str(path))
    assert code == EXIT_ERROR
    assert err.count("\n") == 1 and str(path) in err
    assert path.read_bytes() == before


def test_init_never_starts_over_the_remains_of_an_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kinerja.json"
    shard_dir_of(path).mkdir()
    (shard_dir_of(path) / "employees.g4.json").write_bytes(b"{}")
    code, _out, err = _run(capsys, "init", str(path))
    assert code == EXIT_ERROR and str(shard_dir_of(path)) in err
    assert not path.exists()


COMMANDS = [
    ["period", "list"],
    ["period", "create", "2026-S1", "--jenis", "semester", "--mulai", "01-01-2026"],
    ["period", "open", "2026-S1"],
    ["import", "employees", "pegawai.csv"],
    ["import", "ratings", "nilai.csv"],
    ["export", "employees"],
    ["export", "ranking", "--period", "2026-S1"],
    ["period", "org", "2026-S1", "--predikat", "baik"],
    ["import", "evaluasi", "nilai.csv"],
    ["export", "evaluasi", "--period", "2026-S1"],
    ["export", "distribusi", "--period", "2026-S1"],
    ["report", "evaluasi", "--period", "2026-S1", "--all", "--out", "evaluasi.pdf"],
    ["report", "penetapan", "--period", "2026-S1", "--out", "penetapan.pdf"],
    ["backup", "list"],
    ["backup", "restore", "g3"],
    ["check"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_every_command_on_a_missing_office_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    folder = tmp_path / "kantor"
    folder.mkdir()
    (folder / "pegawai.csv").write_text("nip,nama\n", encoding="utf-8")
    (folder / "nilai.csv").write_text("periode,nip_dinilai\n", encoding="utf-8")
    before = sorted(p.name for p in folder.iterdir())
    path = folder / "kinerja.json"
    os.chdir(folder)

    code, out, err = _run(capsys, "--db", str(path), *command)

    assert code in (EXIT_ERROR, EXIT_FINDINGS)
    message = (err or out).strip()
    assert message.count("\n") == 0, message
    assert str(path) in message and "kinerja init" in message
    assert sorted(p.name for p in folder.iterdir()) == before


def test_backup_list_and_restore_work_on_an_office_whose_index_is_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "BACKUP_INTERVAL_SECONDS", 0.0)
    path = tmp_path / "kinerja.json"
    office = Office.init(path)
    for kode, mulai in (("2026-S1", "01-01-2026"), ("2026-S2", "01-07-2026")):
        office.create_period(kode, "semester", mulai)
    path.write_bytes(b'{"format": "kinerja", "vers')

    code, _out, err = _run(capsys, "--db", str(path), "period", "list")
    assert code == EXIT_ERROR and "kinerja backup list" in err

    code, out, _err = _run(capsys, "--db", str(path), "check")
    assert code == EXIT_FINDINGS
    assert "kinerja backup restore g2" in out.splitlines()[-1]

    code, out, _err = _run(capsys, "--db", str(path), "backup", "list")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["g2", "g1"]
    user = pwd.getpwuid(os.geteuid()).pw_name
    assert all(user in line for line in lines)

    code, out, _err = _run(capsys, "--db", str(path), "backup", "restore", "g2")
    assert code == EXIT_OK and "g2" in out.splitlines()[0]
    # The damaged state could not be backed up, and the clerk is told so.
    assert len(out.splitlines()) == 2
    assert [p["kode"] for p in Office.open(path).periods()] == ["2026-S1"]
    assert _run(capsys, "--db", str(path), "check")[0] == EXIT_OK

    code, _out, err = _run(capsys, "--db", str(path), "backup", "restore", "g77")
    assert code == EXIT_ERROR and "g77" in err and "kinerja backup list" in err


def test_the_audit_names_the_os_account_whatever_the_environment_says(
    office_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("KINERJA_USER", "LOGNAME", "USER", "USERNAME"):
        monkeypatch.setenv(variable, "mallory")
    office = Office.open(office_path)
    office.create_period("2027-S1", "semester", "01-01-2027")
    entry = office.store.audit(periode="2027-S1")[-1]
    assert entry["pengguna"] == pwd.getpwuid(os.geteuid()).pw_name != "mallory"


def test_the_error_log_is_private_whatever_the_umask(tmp_path: Path) -> None:
    from tui.app import append_private

    old = os.umask(0o000)
    try:
        log = tmp_path / "log" / "kinerja-error.log"
        append_private(log, "--- Traceback with Siti's NIP\n")
        append_private(log, "--- another\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) & 0o077 == 0
    assert log.read_text(encoding="utf-8").count("---") == 2


def test_backups_keep_nothing_world_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "BACKUP_INTERVAL_SECONDS", 0.0)
    old = os.umask(0o000)
    try:
        path = tmp_path / "kinerja.json"
        office = Office.init(path)
        office.create_period("2026-S1", "semester", "01-01-2026")
        office.create_period("2026-S2", "semester", "01-07-2026")
    finally:
        os.umask(old)
    files = [path, *shard_dir_of(path).iterdir(), *backup_dir_of(path).iterdir()]
    assert len(list(backup_dir_of(path).iterdir())) == 2
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o660, file
    for folder in (shard_dir_of(path), backup_dir_of(path)):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o770, folder
