"""The file lock, stale-revision conflicts and catching up with other processes' saves."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from storage_helpers import Spawn, employee, read_line, tell

from models.check import check_office
from models.storage import BusyError
from models.store import ConflictError, Store

ANI, BUDI = 1, 2


def _names(store: Store) -> list[str]:
    return sorted(doc["nama"] for doc in store.all("employees"))


@pytest.mark.slow
def test_a_held_lock_makes_a_save_wait_then_fail_busy_then_succeed(
    office_file: Path, spawn: Spawn
) -> None:
    holder = spawn("hold", office_file)
    assert read_line(holder) == "LOCKED"
    waits: list[float] = []
    store = Store(office_file, lock_timeout=0.5, on_busy=waits.append)
    before = office_file.read_bytes()

    started = time.monotonic()
    with pytest.raises(BusyError) as caught, store.transaction() as txn:
        txn.insert("employees", employee("200001012022011003", "Citra"))
    waited = time.monotonic() - started

    assert caught.value.key == "storage.busy_timeout"
    assert waited >= 0.5
    # The clerk was told "busy, retrying" once, before giving up.
    assert len(waits) == 1
    assert 0.3 <= waits[0] < 0.5
    assert office_file.read_bytes() == before
    assert _names(store) == ["Ani", "Budi"]

    tell(holder, "RELEASE")
    _, err = holder.communicate(timeout=10)
    assert holder.returncode == 0, err
    with store.transaction() as txn:
        txn.insert("employees", employee("200001012022011003", "Citra"))
    assert _names(Store(office_file)) == ["Ani", "Budi", "Citra"]
    assert len(waits) == 1


def test_a_crashed_lock_holder_never_blocks(office_file: Path, spawn: Spawn) -> None:
    holder = spawn("hold", office_file)
    assert read_line(holder) == "LOCKED"
    store = Store(office_file, lock_timeout=0)
    with pytest.raises(BusyError), store.transaction() as txn:
        txn.insert("employees", employee("200001012022011003", "Citra"))
    holder.kill()
    holder.communicate(timeout=10)
    assert holder.returncode == -9
    # The kernel dropped the dead process's flock: the very first try succeeds.
    with store.transaction() as txn:
        txn.insert("employees", employee("200001012022011003", "Citra"))
    assert _names(Store(office_file)) == ["Ani", "Budi", "Citra"]


def _other_clerk_updates(
    how: str, office_file: Path, run_child: Callable[..., str], nama: str
) -> dict[str, Any]:
    """Clerk A saves Ani's record, from another process or another Store in this one."""
    if how == "process":
        result: dict[str, Any] = json.loads(
            run_child("update", office_file, "employees", ANI, json.dumps({"nama": nama}))
        )
        return result
    other = Store(office_file)
    with other.transaction() as txn:
        record = txn.get("employees", ANI)
        assert record is not None
        return txn.update("employees", record, {"nama": nama})


@pytest.mark.parametrize("how", ["process", "object"])
def test_saving_from_a_stale_rev_is_a_conflict_and_writes_nothing(
    office_file: Path, run_child: Callable[..., str], how: str
) -> None:
    clerk_b = Store(office_file)
    ani_as_b_saw_it = dict(clerk_b.get("employees", ANI) or {})
    assert ani_as_b_saw_it["rev"] == 1

    saved_by_a = _other_clerk_updates(how, office_file, run_child, "Ani (A)")
    assert saved_by_a["rev"] == 2
    before = office_file.read_bytes()
    audit_before = len(Store(office_file).audit())

    with pytest.raises(ConflictError) as caught, clerk_b.transaction() as txn:
        # An earlier change in the same save must be dropped with it.
        txn.insert("employees", employee("200303032024031005", "Eko"))
        txn.update("employees", ani_as_b_saw_it, {"nama": "Ani (B)"})
    conflict = caught.value
    assert conflict.key == "store.conflict"
    assert conflict.table == "employees"
    assert conflict.current is not None
    assert (conflict.current["nama"], conflict.current["rev"]) == ("Ani (A)", 2)
    assert "employees" in str(conflict)

    assert office_file.read_bytes() == before
    assert _names(clerk_b) == ["Ani (A)", "Budi"]
    # B's next, unrelated save commits only itself (no leftover "Eko").
    with clerk_b.transaction() as txn:
        budi = txn.get("employees", BUDI)
        assert budi is not None
        txn.update("employees", budi, {"unit": "Keuangan"})
    fresh = Store(office_file)
    assert _names(fresh) == ["Ani (A)", "Budi"]
    assert fresh.get("employees", BUDI)["unit"] == "Keuangan"  # type: ignore[index]
    audit = fresh.audit()
    assert len(audit) == audit_before + 1
    assert audit[-1]["lama"] == {"unit": "Umum"} and audit[-1]["baru"] == {"unit": "Keuangan"}
    assert check_office(office_file) == []

    # Resolving the conflict: B saves on top of what A saved (current rev).
    with clerk_b.transaction() as txn:
        txn.update("employees", conflict.current, {"nama": "Ani (B)"})
    assert Store(office_file).get("employees", ANI)["rev"] == 3  # type: ignore[index]


@pytest.mark.parametrize("how", ["process", "object"])
def test_deleted_and_stale_deletes_are_conflicts(
    office_file: Path, run_child: Callable[..., str], how: str
) -> None:
    clerk_b = Store(office_file)
    ani = dict(clerk_b.get("employees", ANI) or {})
    budi = dict(clerk_b.get("employees", BUDI) or {})

    # A changes Ani: B's delete from the old rev is refused.
    _other_clerk_updates(how, office_file, run_child, "Ani (A)")
    with pytest.raises(ConflictError) as caught, clerk_b.transaction() as txn:
        txn.delete("employees", ani)
    assert caught.value.current is not None
    assert caught.value.current["nama"] == "Ani (A)"

    # A deletes Budi: B's update and B's delete both report the deletion.
    if how == "process":
        assert run_child("delete", office_file, "employees", BUDI).strip() == "DELETED"
    else:
        other = Store(office_file)
        with other.transaction() as txn:
            txn.delete("employees", budi)
    before = office_file.read_bytes()
    for attempt in ("update", "delete"):
        with pytest.raises(ConflictError) as caught, clerk_b.transaction() as txn:
            if attempt == "update":
                txn.update("employees", budi, {"nama": "Budi (B)"})
            else:
                txn.delete("employees", budi)
        assert caught.value.key == "store.conflict_deleted"
        assert caught.value.current is None
    assert office_file.read_bytes() == before
    fresh = Store(office_file)
    assert _names(fresh) == ["Ani (A)"]
    assert [e["aksi"] for e in fresh.audit()] == ["tambah", "tambah", "tambah", "ubah", "hapus"]


def test_refresh_rereads_only_after_another_process_saved(
    office_file: Path, run_child: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(office_file)
    assert _names(store) == ["Ani", "Budi"]
    assert len(store.all("ratings")) == 1
    loads: list[str] = []
    real_load = store.storage.load_shard

    def counting_load(name: str, manifest: Any = None) -> dict[str, Any]:
        loads.append(name)
        return real_load(name, manifest)

    monkeypatch.setattr(store.storage, "load_shard", counting_load)

    # Nothing saved elsewhere: one stat, no reading.
    assert store.changed_on_disk() is False
    assert store.refresh() is False
    assert _names(store) == ["Ani", "Budi"]
    assert loads == []

    generation = store.generation
    citra = json.loads(
        run_child(
            "insert", office_file, "employees", json.dumps(employee("200001012022011003", "Citra"))
        )
    )
    assert store.changed_on_disk() is True
    assert store.refresh() is True
    assert store.generation == generation + 1
    assert store.get("employees", citra["id"]) == citra
    assert _names(store) == ["Ani", "Budi", "Citra"]
    # Only the shard that changed was read again; the ratings stayed cached.
    assert loads == ["employees"]
    assert len(store.all("ratings")) == 1
    assert loads == ["employees"]

    assert store.changed_on_disk() is False
    assert store.refresh() is False
    assert loads == ["employees"]


def test_a_save_catches_up_even_when_the_file_looks_unchanged(
    office_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inode numbers are reused and mtimes are coarse: two quick saves elsewhere can
    leave the manifest with the very stat a process remembers.  Under the lock the
    generation decides, so this clerk's save does not wipe out the other's.
    """
    clerk_a = Store(office_file)
    assert _names(clerk_a) == ["Ani", "Budi"]
    remembered = clerk_a.storage._stat_key
    clerk_b = Store(office_file)
    with clerk_b.transaction() as txn:
        txn.insert("employees", employee("200001012022011003", "Citra"))
    monkeypatch.setattr(clerk_a.storage, "_current_stat_key", lambda: remembered)
    assert clerk_a.changed_on_disk() is False

    with clerk_a.transaction() as txn:
        txn.insert("employees", employee("200303032024031005", "Eko"))
    fresh = Store(office_file)
    assert _names(fresh) == ["Ani", "Budi", "Citra", "Eko"]
    assert fresh.generation == clerk_b.generation + 1
    assert check_office(office_file) == []
