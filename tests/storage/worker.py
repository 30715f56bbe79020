"""Child-process side of the storage fault tests.

Run as ``python tests/storage/worker.py COMMAND ARGS...`` with the project root on
``PYTHONPATH``.  Every command that the parent must synchronise with prints a
line (``READY``, ``LOCKED``) and then waits for a line on stdin, so the tests
never guess timing with sleeps.  A write is acknowledged only after the
transaction that made it has returned, i.e. after the commit reached the disk.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from storage_helpers import employee

from models.storage import ShardedStorage
from models.store import Store

PERIODE = "2026-S1"


def _announce(word: str) -> None:
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


def _wait_for_parent() -> None:
    sys.stdin.readline()


def mixed(path: str, worker: str, count: str, seed: str, ack_file: str) -> None:
    """Inserts and updates of this worker's own employees, one transaction each.

    An update passes the record as last acknowledged, with its rev: if the
    store had lost or missed one of this worker's commits, the rev check
    would raise ``ConflictError`` and the worker would fail loudly.
    """
    rng = random.Random(int(seed))
    # Generous: on a busy machine eight writers can queue for a long time.
    store = Store(path, lock_timeout=300.0)
    own: dict[int, dict[str, Any]] = {}
    _announce("READY")
    _wait_for_parent()
    with open(ack_file, "a", encoding="utf-8") as acks:
        for i in range(int(count)):
            # A clerk's pause between saves.  The lock is polled, so a process
            # saving back to back would otherwise keep winning it and the
            # writers would barely interleave.
            time.sleep(rng.uniform(0.0, 0.002))
            if own and rng.random() < 0.35:
                record = own[rng.choice(sorted(own))]
                with store.transaction() as txn:
                    stored = txn.update("employees", record, {"nama": f"w{worker}-u{i}"})
            else:
                with store.transaction() as txn:
                    stored = txn.insert(
                        "employees", employee(f"{worker}-{i}", f"w{worker}-i{i}", worker=worker)
                    )
            own[stored["id"]] = dict(stored)
            acks.write(f"ACK {stored['id']} {stored['rev']} {stored['nip']} {stored['nama']}\n")
            acks.flush()


def crashloop(path: str, seed: str, ack_file: str) -> None:
    """Write until killed: each transaction inserts an employee and a rating, or updates.

    Each commit touches several shards (employees, a ratings bucket, an audit
    chunk) and the manifest, so a kill can land between any two of those steps.
    Acknowledgements are single ``write`` calls followed by ``fsync``.
    """
    rng = random.Random(int(seed))
    store = Store(path, lock_timeout=5.0)
    fd = os.open(ack_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    own: dict[int, dict[str, Any]] = {}
    _announce("READY")
    _wait_for_parent()
    _announce("WRITING")
    i = 0
    while True:
        i += 1
        if own and rng.random() < 0.3:
            record = own[rng.choice(sorted(own))]
            with store.transaction() as txn:
                stored = txn.update("employees", record, {"nama": f"s{seed}-u{i}"})
            line = f"EMP {stored['id']} {stored['rev']} {stored['nama']}\n"
        else:
            nip = f"s{seed}-{i}"
            with store.transaction() as txn:
                stored = txn.insert("employees", employee(nip, f"s{seed}-i{i}"))
                rating = txn.insert(
                    "ratings",
                    {
                        "periode": PERIODE,
                        "nip_dinilai": nip,
                        "nip_penilai": "atasan",
                        "peran": "atasan",
                        "skor": {"disiplin": 1 + i % 5},
                        "catatan": "",
                    },
                )
            line = (
                f"EMP {stored['id']} {stored['rev']} {stored['nama']}\n"
                f"RAT {rating['id']} {nip} {1 + i % 5}\n"
            )
        own[stored["id"]] = dict(stored)
        os.write(fd, line.encode())
        os.fsync(fd)


def hold(path: str) -> None:
    """Take the file lock and keep it until the parent writes a line (or kills us)."""
    storage = ShardedStorage(path)
    with storage.locked():
        _announce("LOCKED")
        _wait_for_parent()


def hold_txn(path: str, count: str, preload: str = "no") -> None:
    """Insert ``count`` ratings in one transaction, then wait for the parent before committing.

    With ``preload`` "yes" every table is read first, so the commit itself (not
    a late read of a table) is what finds out about the other save.  Announces
    ``SAVED`` when the commit went through, else ``ERROR <key>``.
    """
    from models.errors import KinerjaError

    store = Store(path, lock_timeout=10.0)
    try:
        with store.transaction() as txn:
            if preload == "yes":
                for name in list(store.storage.tables):
                    store.storage.tables[name]
            for i in range(int(count)):
                txn.insert(
                    "ratings",
                    {
                        "periode": PERIODE,
                        "nip_dinilai": f"dinilai-{i}",
                        "nip_penilai": "hold",
                        "peran": "rekan",
                        "skor": {"disiplin": 3},
                        "catatan": "",
                    },
                )
            _announce("LOCKED")
            _wait_for_parent()
    except KinerjaError as exc:
        _announce(f"ERROR {exc.key}")
        return
    _announce("SAVED")


def set_score(path: str, kode: str, ratee: str, rater: str, kriteria: str, value: str) -> None:
    """A clerk's grid: show the cell, wait while someone else may change it, then type.

    Announces the value it saw, then ``SAVED`` or ``CONFLICT <theirs> <mine>``.
    """
    from models.entry import CellConflict
    from models.office import Office

    office = Office.open(path)
    rating = office.rating(kode, ratee, rater)
    assert rating is not None
    shown = rating["skor"].get(kriteria)
    _announce(f"SHOWN {shown}")
    _wait_for_parent()
    try:
        office.set_score(
            kode, ratee, rater, rating["peran"], kriteria, int(value), seen={kriteria: shown}
        )
    except CellConflict as conflict:
        _announce(f"CONFLICT {conflict.theirs} {conflict.mine}")
        return
    _announce("SAVED")


def insert(path: str, table: str, doc_json: str) -> None:
    store = Store(path, lock_timeout=10.0)
    with store.transaction() as txn:
        stored = txn.insert(table, json.loads(doc_json))
    _announce(json.dumps(stored))


def update(path: str, table: str, record_id: str, changes_json: str) -> None:
    """Update from the record as stored now (the other clerk's side of a conflict)."""
    store = Store(path, lock_timeout=10.0)
    with store.transaction() as txn:
        record = txn.get(table, int(record_id))
        assert record is not None
        stored = txn.update(table, record, json.loads(changes_json))
    _announce(json.dumps(stored))


def delete(path: str, table: str, record_id: str) -> None:
    store = Store(path, lock_timeout=10.0)
    with store.transaction() as txn:
        record = txn.get(table, int(record_id))
        assert record is not None
        txn.delete(table, record)
    _announce("DELETED")


COMMANDS = {
    "mixed": mixed,
    "crashloop": crashloop,
    "hold": hold,
    "hold_txn": hold_txn,
    "set_score": set_score,
    "insert": insert,
    "update": update,
    "delete": delete,
}


def main(argv: list[str]) -> None:
    command, *args = argv
    if not Path(args[0]).parent.is_dir():
        raise SystemExit(f"no such directory for {args[0]}")
    COMMANDS[command](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
