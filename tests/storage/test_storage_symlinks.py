"""A group member who plants symlinks in the office folder gets nothing out of it.

Every member of an office's file set (the manifest, ``.d`` and what is in it,
``.lock``, ``.backups`` and what is in it) is opened without following links.
A planted link is refused with a message naming it, before anything is written,
and whatever it points at is neither read, created, changed nor removed, even
when the clerk who runs into it is root.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from storage_helpers import ROOT, child_env, employee

from models import backup
from models.check import check_office
from models.office_files import StorageError
from models.restore import restore_backup
from models.storage import backup_dir_of, lock_path_of, shard_dir_of
from models.store import Store


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """Files outside the office that an attacker would like changed or removed."""
    folder = tmp_path / "victim"
    folder.mkdir()
    for name in ("gaji.xlsx", "employees.g999.json", ".x.tmp-1-2"):
        (folder / name).write_bytes(b"berharga")
        os.chmod(folder / name, 0o600)
    return folder


def _state(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (stat.S_IMODE(p.stat().st_mode), p.read_bytes()) for p in folder.iterdir()}


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(backup, "BACKUP_INTERVAL_SECONDS", 0.0)
    path = tmp_path / "kantor" / "kinerja.json"
    path.parent.mkdir()
    store = Store(path, initial=dict)
    for nama in ("Ani", "Budi", "Citra"):
        with store.transaction() as txn:
            txn.insert("employees", employee(f"nip-{nama}", nama))
    return path


def _replace_with_link(member: Path, target: Path) -> None:
    if member.is_dir() and not member.is_symlink():
        os.rename(member, member.with_name(member.name + ".asli"))
    elif member.exists() or member.is_symlink():
        member.unlink()
    member.symlink_to(target)


def _save(path: Path) -> None:
    store = Store(path)
    with store.transaction() as txn:
        txn.insert("employees", employee("nip-Dewi", "Dewi"))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=60,
    )


PLANTS: list[tuple[str, Callable[[Path], Path], Callable[[Path], Path]]] = [
    # (what, the member replaced by a link, where the link points)
    ("lock-to-a-file", lock_path_of, lambda v: v / "gaji.xlsx"),
    ("lock-to-a-new-file", lock_path_of, lambda v: v / "baru.txt"),
    ("data-folder", shard_dir_of, lambda v: v),
    ("backup-folder", backup_dir_of, lambda v: v),
    ("manifest", lambda p: p, lambda v: v / "gaji.xlsx"),
]


@pytest.mark.parametrize(
    ("member_of", "target_of"), [p[1:] for p in PLANTS], ids=[p[0] for p in PLANTS]
)
def test_a_planted_link_is_refused_and_its_target_untouched(
    office: Path, victim: Path, member_of: Callable[[Path], Path], target_of: Callable[[Path], Path]
) -> None:
    member = member_of(office)
    _replace_with_link(member, target_of(victim))
    before = _state(victim)

    with pytest.raises(StorageError) as caught:
        _save(office)
    assert caught.value.key == "storage.symlink"
    assert str(member) in str(caught.value)

    for command in (["period", "list"], ["check"], ["backup", "list"], ["export", "employees"]):
        done = _cli("--db", str(office), *command)
        assert done.returncode != 0, command
        lines = done.stderr.strip().splitlines() or done.stdout.strip().splitlines()
        assert len(lines) == 1 and str(member) in lines[0], (command, done.stderr, done.stdout)
        assert "Traceback" not in done.stderr
    done = _cli("--db", str(office), "backup", "restore", "g2")
    assert done.returncode != 0 and str(member) in done.stderr

    assert _state(victim) == before
    assert not (victim / "baru.txt").exists()


def test_a_link_planted_while_the_office_is_open_is_refused_at_the_next_save(
    office: Path, victim: Path
) -> None:
    store = Store(office)
    assert len(store.all("employees")) == 3
    before = _state(victim)
    _replace_with_link(shard_dir_of(office), victim)
    with pytest.raises(StorageError) as caught, store.transaction() as txn:
        txn.insert("employees", employee("nip-Dewi", "Dewi"))
    assert caught.value.key == "storage.symlink"
    _replace_with_link(lock_path_of(office), victim / "gaji.xlsx")
    with pytest.raises(StorageError) as caught, store.transaction() as txn:
        txn.insert("employees", employee("nip-Dewi", "Dewi"))
    assert caught.value.key == "storage.symlink"
    assert _state(victim) == before


def test_a_shard_replaced_by_a_link_is_not_read(office: Path, victim: Path) -> None:
    store = Store(office)
    shard = shard_dir_of(office) / store.manifest.tables["employees"].file
    _replace_with_link(shard, victim / "employees.g999.json")
    with pytest.raises(StorageError) as caught:
        Store(office).all("employees")
    assert caught.value.key == "storage.symlink"
    assert str(shard) in str(caught.value)
    findings = check_office(office)
    assert str(shard) in findings[0]
    # The way out works: a backup restores the table and the link is no longer named.
    restore_backup(office, store.backups()[0].id)
    assert sorted(e["nama"] for e in Store(office).all("employees")) == ["Ani", "Budi"]
    assert (victim / "employees.g999.json").read_bytes() == b"berharga"


def test_links_inside_the_data_and_backup_folders_are_never_followed_when_tidying(
    office: Path, victim: Path
) -> None:
    """Names Kinerja makes, planted as links: tidying neither follows nor trusts them."""
    shards, backups = shard_dir_of(office), backup_dir_of(office)
    (shards / "employees.g999.json").symlink_to(victim / "employees.g999.json")
    (shards / ".x.tmp-1-2").symlink_to(victim / ".x.tmp-1-2")
    (backups / ".y.tmp-3-4").symlink_to(victim / "gaji.xlsx")
    (backups / "g00000099-20261101T080000.zip").symlink_to(victim / "gaji.xlsx")
    before = _state(victim)

    store = Store(office)
    store.tidy(wait=True)

    assert _state(victim) == before
    listed = {b.id: b for b in store.backups()}
    assert listed["g99"].ok is False and listed["g99"].problem == "symlink"
    with pytest.raises(StorageError) as caught:
        restore_backup(office, "g99")
    assert caught.value.key == "backup.damaged"
    assert _state(victim) == before


def test_a_data_file_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path) -> None:
    """A FIFO would hang a reader, a device would feed it forever, a folder is no office."""
    fifo = tmp_path / "antrian.json"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    for path, key in (
        (fifo, "storage.not_regular"),
        (folder, "storage.not_regular"),
        (Path("/dev/zero"), "storage.not_regular"),
        (Path("/dev/null"), "storage.not_regular"),
    ):
        with pytest.raises(StorageError) as caught:
            Store(path)
        assert caught.value.key == key, path
        done = _cli("--db", str(path), "period", "list")
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and str(path) in done.stderr
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["antrian.json", "folder.json"]
