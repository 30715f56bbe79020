"""Rotating backups, restoring one, group-shared file modes and sweeping leftovers."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from storage_helpers import FaultyOs, employee

from models import storage
from models.errors import KinerjaError
from models.storage import (
    BACKUPS_KEPT,
    TEMP_PREFIX,
    StorageError,
    backup_dir_of,
    lock_path_of,
    shard_dir_of,
)
from models.store import Store

COMMITS = 14


def _names(store: Store) -> list[str]:
    return sorted(doc["nama"] for doc in store.all("employees"))


def _all_ids(store: Store) -> set[int]:
    return {d["id"] for d in store.all("employees")} | {e["id"] for e in store.audit()}


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, dict]]:
    """A file saved ``COMMITS`` times with a backup at every save; names per generation."""
    monkeypatch.setattr(storage, "BACKUP_INTERVAL_SECONDS", 0.0)
    store = Store(tmp_path / "kinerja.json", initial=dict)
    names: dict[int, list[str]] = {}
    for i in range(COMMITS):
        with store.transaction() as txn:
            txn.insert("employees", employee(f"1990010120201210{i:02d}", f"Pegawai {i:02d}"))
        names[store.generation] = _names(store)
    yield store, names


def test_every_save_backs_up_and_only_the_newest_are_kept(history: tuple[Store, dict]) -> None:
    store, names = history
    backups = store.backups()
    assert len(backups) == BACKUPS_KEPT
    assert [b["nomor"] for b in backups] == list(range(1, BACKUPS_KEPT + 1))
    # Each save backed up the state before it; the newest backup is the previous save.
    assert [b["generation"] for b in backups] == [
        store.generation - n for n in range(1, BACKUPS_KEPT + 1)
    ]
    assert all(b["ok"] and b["saved_by"] for b in backups)
    for b in backups:
        assert b["records"] == len(names[b["generation"]])
    assert len(list(backup_dir_of(store.path).glob("*.json"))) == BACKUPS_KEPT


def test_restoring_a_backup_brings_back_its_records_and_keeps_history(
    history: tuple[Store, dict],
) -> None:
    store, names = history
    before_restore = _names(store)
    ids_before = _all_ids(store)
    audit_before = store.audit()
    target = store.backups()[4]

    generation = store.restore_backup(5)
    assert generation == max(names) + 1 == store.generation
    assert _names(store) == names[target["generation"]]
    assert len(_names(store)) == COMMITS - 5

    audit = store.audit()
    assert audit[: len(audit_before)] == audit_before
    assert len(audit) == len(audit_before) + 1
    restore_entry = audit[-1]
    assert restore_entry["aksi"] == "pulihkan"
    assert restore_entry["baru"] == {"file": target["file"], "generation": target["generation"]}
    assert restore_entry["pengguna"]

    # Ids handed out after the restore are above every id ever used.
    with store.transaction() as txn:
        new = txn.insert("employees", employee("200404042025041006", "Fajar"))
    assert new["id"] > max(ids_before | {restore_entry["id"]})

    fresh = Store(store.path)
    assert fresh.check() == []
    assert _names(fresh) == sorted([*names[target["generation"]], "Fajar"])
    assert len(fresh.audit()) == len(audit_before) + 2

    # The restore is itself undoable: the state before it was backed up.
    undo = next(b for b in fresh.backups() if b["generation"] == max(names))
    fresh.restore_backup(undo["nomor"])
    assert _names(fresh) == before_restore
    assert fresh.check() == []
    assert [e["aksi"] for e in fresh.audit()][-3:] == ["pulihkan", "tambah", "pulihkan"]


@pytest.mark.parametrize("number", [0, -1, BACKUPS_KEPT + 1, 99])
def test_restoring_a_backup_that_does_not_exist_is_refused(
    history: tuple[Store, dict], number: int, language: Callable[[str], None]
) -> None:
    store, _names_by_generation = history
    before = store.path.read_bytes()
    with pytest.raises(KinerjaError) as caught:
        store.restore_backup(number)
    assert caught.value.key == "store.no_such_backup"
    language("id")
    assert str(caught.value) == (
        f"Cadangan nomor {number} tidak ada (ada {BACKUPS_KEPT} cadangan; "
        "lihat 'kinerja backup list')."
    )
    assert store.path.read_bytes() == before


def _backup_shard_only_it_names(store: Store, number: int) -> Path:
    """The employees shard of backup ``number``, which the current file no longer uses."""
    manifests = store.storage.backup_manifests()
    manifest = manifests[number - 1][1]
    assert manifest is not None
    name = manifest.tables["employees"].file
    assert name != store.manifest.tables["employees"].file
    return shard_dir_of(store.path) / name


def test_a_damaged_backup_is_refused_and_the_current_data_stays(
    history: tuple[Store, dict],
) -> None:
    store, _names_by_generation = history
    current = _names(store)
    manifest_before = store.path.read_bytes()

    # A backup whose shard was damaged on disk.
    shard = _backup_shard_only_it_names(store, 3)
    raw = bytearray(shard.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    shard.write_bytes(bytes(raw))
    with pytest.raises(StorageError) as caught:
        store.restore_backup(3)
    assert caught.value.key == "storage.damaged"
    assert str(shard) in str(caught.value)

    # A backup whose shard is gone, and a backup manifest that is itself damaged.
    _backup_shard_only_it_names(store, 5).unlink()
    with pytest.raises(KinerjaError) as caught:
        store.restore_backup(5)
    assert caught.value.key == "store.backup_incomplete"
    damaged_backup = store.storage.backup_manifests()[7][0]
    damaged_backup.write_bytes(b'{"format": "kinerja", "versi')
    listed = {b["file"]: b for b in store.backups()}
    assert listed[damaged_backup.name]["ok"] is False
    number = listed[damaged_backup.name]["nomor"]
    with pytest.raises(KinerjaError) as caught:
        store.restore_backup(number)
    assert caught.value.key == "store.backup_damaged"

    # None of the refused restores touched the data, on disk or in memory, and
    # the next save keeps every record.
    assert store.path.read_bytes() == manifest_before
    assert _names(store) == current
    with store.transaction() as txn:
        txn.insert("employees", employee("200404042025041006", "Fajar"))
    fresh = Store(store.path)
    assert _names(fresh) == sorted([*current, "Fajar"])
    assert fresh.check() == []


@pytest.mark.parametrize("function", ["write", "fsync", "replace"])
def test_a_restore_that_hits_a_disk_error_changes_nothing(
    history: tuple[Store, dict], function: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, names = history
    current = _names(store)
    manifest_before = store.path.read_bytes()
    target = store.backups()[1]
    fail_on = 1
    while True:
        faulty = FaultyOs(function, fail_on, errno.ENOSPC)
        monkeypatch.setattr(storage, "os", faulty)
        # Each attempt backs up the current state first, which renumbers the list.
        number = next(b["nomor"] for b in store.backups() if b["file"] == target["file"])
        try:
            store.restore_backup(number)
        except StorageError as exc:
            if exc.key == "storage.sync_failed":
                # Only the directory sync after the commit point failed: restored.
                assert faulty.failed == 1
                break
            assert exc.key == "storage.write_failed", (function, fail_on)
            # Nothing changed, on disk or in memory.
            assert store.path.read_bytes() == manifest_before
            assert _names(store) == current
            fail_on += 1
            continue
        finally:
            monkeypatch.setattr(storage, "os", os)
        # The call count went past every step: this restore went through.
        assert faulty.failed == 0
        assert function != "fsync", "the last fsync of a save is the directory sync"
        break
    assert fail_on > 2, f"a restore should call os.{function} more than once"
    assert _names(store) == names[target["generation"]]
    assert Store(store.path).check() == []


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_created_for_the_office_group(
    tmp_path: Path, umask_022: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "BACKUP_INTERVAL_SECONDS", 0.0)
    path = tmp_path / "kinerja.json"
    store = Store(path, initial=dict)
    for nama in ("Ani", "Budi"):
        with store.transaction() as txn:
            txn.insert("employees", employee(f"nip-{nama}", nama))
    shards = list(shard_dir_of(path).iterdir())
    backups = list(backup_dir_of(path).iterdir())
    assert shards and backups
    for file in [path, lock_path_of(path), *shards, *backups]:
        assert _mode(file) == 0o660, file
    # Another clerk of the group must be able to add shard files and backups.
    for directory in (shard_dir_of(path), backup_dir_of(path)):
        assert _mode(directory) == 0o770, directory


def test_sweep_removes_temp_files_and_orphan_shards_only(history: tuple[Store, dict]) -> None:
    store, _names_by_generation = history
    path = store.path
    stale = [
        path.parent / f"{TEMP_PREFIX}111-222",
        shard_dir_of(path) / f"{TEMP_PREFIX}333-444",
        backup_dir_of(path) / f"{TEMP_PREFIX}555-666",
    ]
    orphans = [shard_dir_of(path) / "employees.g999.json", shard_dir_of(path) / "notes.json"]
    for file in stale + orphans:
        file.write_bytes(b"{}")
    # Rotating a backup out deletes the shards only it named, so nothing is left over.
    referenced = {ref.file for ref in store.manifest.tables.values()}
    for _backup, manifest in store.storage.backup_manifests():
        assert manifest is not None
        referenced |= {ref.file for ref in manifest.tables.values()}
    on_disk = {p.name for p in shard_dir_of(path).iterdir()}
    pruned = on_disk - referenced - {p.name for p in stale + orphans}
    assert not pruned, "fourteen saves with ten backups kept left unreferenced shards behind"
    kept = on_disk & referenced
    manifest_before = path.read_bytes()

    with store.storage.locked():
        removed = store.storage.sweep()

    assert sorted(removed) == sorted({p.name for p in stale + orphans} | pruned)
    assert not any(p.exists() for p in stale + orphans)
    assert {p.name for p in shard_dir_of(path).iterdir()} == kept
    assert path.read_bytes() == manifest_before
    assert Store(path).check() == []
    # Every backup can still be restored: the shards they name were kept.
    for _backup, manifest in store.storage.backup_manifests():
        assert manifest is not None
        assert {ref.file for ref in manifest.tables.values()} <= kept
    with store.storage.locked():
        assert store.storage.sweep() == []
