"""Removing or replacing the lock file cannot switch off mutual exclusion.

The lock is an ``flock`` on ``PATH.lock``.  A group member who deletes that file
(or renames another file over it) while a clerk holds the lock would let a
second clerk lock a new file and save at the same time.  The holder therefore
checks, right before its commit point, that the lock path still names the file
it locked and that the manifest is still the one it read; otherwise it commits
nothing and says so.  Nothing acknowledged is ever lost.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from storage_helpers import Spawn, employee, read_line, tell

from models.check import check_office
from models.storage import lock_path_of
from models.store import Store


def _remove(lock: Path) -> None:
    lock.unlink()


def _replace(lock: Path) -> None:
    other = lock.with_name("lain.txt")
    other.write_bytes(b"")
    os.replace(other, lock)


@pytest.mark.parametrize("preload", ["yes", "no"], ids=["tables-read", "tables-unread"])
@pytest.mark.parametrize("attack", [_remove, _replace], ids=["removed", "replaced"])
def test_a_lock_file_swapped_during_a_save_loses_nothing_acknowledged(
    office_file: Path, spawn: Spawn, attack: object, preload: str
) -> None:
    holder = spawn("hold_txn", office_file, 1000, preload)
    assert read_line(holder) == "LOCKED"
    attack(lock_path_of(office_file))  # type: ignore[operator]

    # Another clerk now locks the new lock file and saves: acknowledged.
    other = spawn("insert", office_file, "employees", json.dumps(employee("nip-Eko", "Eko")))
    saved = json.loads(read_line(other))
    assert other.wait(timeout=30) == 0

    # The first clerk's commit is refused, not written over the other's save.
    tell(holder)
    assert read_line(holder) == "ERROR storage.lock_lost"
    assert holder.wait(timeout=30) == 0

    store = Store(office_file)
    assert store.get("employees", saved["id"]) == saved
    assert not [r for r in store.all("ratings") if r["nip_penilai"] == "hold"]
    assert check_office(office_file) == []
    # The office works on normally with the new lock file.
    with store.transaction() as txn:
        txn.insert("employees", employee("nip-Fajar", "Fajar"))
    assert {e["nama"] for e in Store(office_file).all("employees")} >= {"Eko", "Fajar"}


def test_without_an_attack_the_held_save_commits(office_file: Path, spawn: Spawn) -> None:
    holder = spawn("hold_txn", office_file, 1000)
    assert read_line(holder) == "LOCKED"
    tell(holder)
    assert read_line(holder) == "SAVED"
    assert len([r for r in Store(office_file).all("ratings") if r["nip_penilai"] == "hold"]) == 1000
