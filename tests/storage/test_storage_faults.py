"""Disk errors injected into every write step of a save: nothing half-saved, ever.

The faults are injected by replacing the ``os`` module seen by
``models.office_files`` (through which every file of an office is written)
with a proxy whose ``write``/``fsync``/``replace``/``open`` fails on the n-th
call, for every n a save makes, so each step of the commit (shards, their
directory, the backup, the manifest, the final directory sync) gets its turn
to fail.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from storage_helpers import FaultyOs, employee, rating, temp_files

from models import office_files
from models.check import check_office
from models.storage import StorageError, shard_dir_of
from models.store import Store

ERRNOS = [errno.ENOSPC, errno.EIO, errno.EACCES]
FUNCTIONS = ["write", "fsync", "replace", "open"]


def _save(store: Store) -> None:
    """The save under test: an update, an insert, and a rating (a sharded table)."""
    with store.transaction() as txn:
        ani = txn.get("employees", 1)
        assert ani is not None
        txn.update("employees", ani, {"nama": "Ani Suryani"})
        txn.insert("employees", employee("200001012022011003", "Citra"))
        txn.insert("ratings", rating("198609262015051001", "199001012020121002", 5))


def _snapshot(path: Path) -> tuple[bytes, list[str], list[Path]]:
    return (
        path.read_bytes(),
        sorted(p.name for p in shard_dir_of(path).iterdir()),
        temp_files(path.parent),
    )


def _names(store: Store) -> list[str]:
    return sorted(doc["nama"] for doc in store.all("employees"))


def _copy_office(office_file: Path, path: Path) -> None:
    """A fresh copy of the office file (manifest, shards, backups) for one failing step."""
    path.parent.mkdir()
    shutil.copy2(office_file, path)
    for suffix in (".d", ".backups"):
        source = office_file.with_name(office_file.name + suffix)
        if source.is_dir():
            shutil.copytree(source, path.with_name(path.name + suffix))


def _calls_in_one_save(tmp_path: Path, office_file: Path, function: str) -> int:
    """How many times a successful save calls ``function`` (same shape of file)."""
    twin = tmp_path / "twin" / office_file.name
    twin.parent.mkdir()
    store = Store(twin, initial=lambda: {})
    with store.transaction() as txn:
        txn.insert("employees", employee("198609262015051001", "Ani"))
        txn.insert("employees", employee("199001012020121002", "Budi"))
        txn.insert("ratings", rating("199001012020121002", "198609262015051001", 4))
    counting = FaultyOs(function, None, 0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(office_files, "os", counting)
        _save(store)
    return counting.calls


@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_failing_step_leaves_the_old_file_and_the_store_usable(
    tmp_path: Path,
    office_file: Path,
    function: str,
    code: int,
    monkeypatch: pytest.MonkeyPatch,
    language: Callable[[str], None],
) -> None:
    calls = _calls_in_one_save(tmp_path, office_file, function)
    assert calls >= 3, f"a save should call os.{function} for shards, backup and manifest"
    language("en")
    for fail_on in range(1, calls + 1):
        path = tmp_path / f"k{fail_on}" / office_file.name
        _copy_office(office_file, path)
        store = Store(path)
        assert _names(store) == ["Ani", "Budi"]
        audit_before = len(store.audit())
        before = _snapshot(path)

        faulty = FaultyOs(function, fail_on, code)
        monkeypatch.setattr(office_files, "os", faulty)
        with pytest.raises(StorageError) as caught:
            _save(store)
        monkeypatch.setattr(office_files, "os", os)

        where = f"os.{function} call {fail_on}/{calls}"
        assert faulty.failed == 1, where
        assert type(caught.value) is StorageError, where
        if function == "fsync" and fail_on == calls:
            _check_failed_after_commit_point(store, path, caught.value)
            continue
        assert caught.value.key == "storage.write_failed", where
        message = str(caught.value)
        assert "NOT saved" in message and str(path) in message, where
        assert os.strerror(code) in message, where
        # On disk: the manifest byte for byte, no new shard, no temp file.
        assert _snapshot(path) == before, where
        assert check_office(path) == [], where
        fresh = Store(path)
        assert _names(fresh) == ["Ani", "Budi"], where
        assert len(fresh.all("ratings")) == 1, where
        assert len(fresh.audit()) == audit_before, where
        # In memory: the failed save is forgotten, not waiting to be committed later.
        assert _names(store) == ["Ani", "Budi"], where
        assert len(store.all("ratings")) == 1, where
        assert len(store.audit()) == audit_before, where

        # With the disk healthy again the same store object saves normally.
        _save(store)
        assert check_office(path) == [], where
        fresh = Store(path)
        assert _names(fresh) == ["Ani Suryani", "Budi", "Citra"], where
        assert len(fresh.all("ratings")) == 2, where
        assert len(fresh.audit()) == audit_before + 3, where
        assert fresh.get("employees", 1)["rev"] == 2, where  # type: ignore[index]
        assert not temp_files(path.parent), where


def _check_failed_after_commit_point(store: Store, path: Path, error: StorageError) -> None:
    """The directory sync after the manifest replace failed: the save happened.

    Its shards must not be deleted (the live manifest names them), and the
    clerk is told the change was saved but the disk is suspect, not that it
    was lost (which would make them enter it twice).
    """
    assert error.key == "storage.sync_failed"
    assert "Changes saved" in str(error) and str(path) in str(error)
    assert check_office(path) == []
    fresh = Store(path)
    assert _names(fresh) == ["Ani Suryani", "Budi", "Citra"]
    assert _names(store) == ["Ani Suryani", "Budi", "Citra"]
    assert store.generation == fresh.generation
    with store.transaction() as txn:
        txn.insert("employees", employee("200202022023022004", "Dewi"))
    assert _names(Store(path)) == ["Ani Suryani", "Budi", "Citra", "Dewi"]
    assert not temp_files(path.parent)


def test_the_message_says_not_saved_in_indonesian(
    office_file: Path, monkeypatch: pytest.MonkeyPatch, language: Callable[[str], None]
) -> None:
    language("id")
    store = Store(office_file)
    monkeypatch.setattr(office_files, "os", FaultyOs("write", 1, errno.ENOSPC))
    with pytest.raises(StorageError) as caught:
        _save(store)
    message = str(caught.value)
    assert message.startswith("Perubahan TIDAK tersimpan")
    assert str(office_file) in message
    assert os.strerror(errno.ENOSPC) in message


def test_an_unopenable_lock_file_is_a_storage_error(
    office_file: Path, monkeypatch: pytest.MonkeyPatch, language: Callable[[str], None]
) -> None:
    """A clerk without write access to the lock file gets a message, not a traceback."""
    language("en")
    real_open = os.open

    def refuse_lock(target: Any, *args: Any, **kwargs: Any) -> int:
        if str(target).endswith(".lock"):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real_open(target, *args, **kwargs)

    proxy = FaultyOs("fsync", None, 0)
    proxy.open = refuse_lock  # type: ignore[attr-defined]
    before = office_file.read_bytes()
    store = Store(office_file)
    monkeypatch.setattr(office_files, "os", proxy)
    with pytest.raises(StorageError) as caught:
        _save(store)
    assert caught.value.key == "storage.write_failed"
    assert f"{office_file}.lock" in str(caught.value)
    assert os.strerror(errno.EACCES) in str(caught.value)
    monkeypatch.setattr(office_files, "os", os)
    assert office_file.read_bytes() == before
    assert _names(store) == ["Ani", "Budi"]
    _save(store)
    assert _names(Store(office_file)) == ["Ani Suryani", "Budi", "Citra"]
