"""Self-contained backups: rotation, stable ids, and restores whatever is damaged."""

from __future__ import annotations

import errno
import io
import os
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from storage_helpers import FaultyOs, employee, rating

from models import backup, office_files
from models.backup import BACKUPS_KEPT
from models.check import check_office
from models.errors import KinerjaError
from models.restore import restore_backup
from models.storage import StorageError, backup_dir_of, shard_dir_of
from models.store import Store

COMMITS = 14


def _names(store: Store) -> list[str]:
    return sorted(doc["nama"] for doc in store.all("employees"))


def _all_ids(store: Store) -> set[int]:
    return (
        {d["id"] for d in store.all("employees")}
        | {d["id"] for d in store.all("ratings")}
        | {e["id"] for e in store.audit()}
    )


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its content, to prove that nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, dict]]:
    """A file saved ``COMMITS`` times with a backup at every save; names per generation."""
    monkeypatch.setattr(backup, "BACKUP_INTERVAL_SECONDS", 0.0)
    store = Store(tmp_path / "kinerja.json", initial=dict)
    names: dict[int, list[str]] = {}
    for i in range(COMMITS):
        with store.transaction() as txn:
            txn.insert("employees", employee(f"1990010120201210{i:02d}", f"Pegawai {i:02d}"))
            if i % 3 == 0:
                txn.insert("ratings", rating(f"1990010120201210{i:02d}", "atasan", 1 + i % 5))
        names[store.generation] = _names(store)
    yield store, names


def test_every_save_backs_up_and_only_the_newest_are_kept(history: tuple[Store, dict]) -> None:
    store, names = history
    backups = store.backups()
    assert len(backups) == BACKUPS_KEPT
    # Each save backed up the state before it; the newest backup is the previous save.
    assert [b.generation for b in backups] == [
        store.generation - n for n in range(1, BACKUPS_KEPT + 1)
    ]
    assert [b.id for b in backups] == [f"g{b.generation}" for b in backups]
    assert all(b.ok and b.manifest and b.manifest.saved_by for b in backups)
    for b in backups:
        assert b.records == len(names[b.generation]) + len(
            [n for n in names[b.generation] if int(n.split()[1]) % 3 == 0]
        )
    zips = sorted(p.name for p in backup_dir_of(store.path).iterdir())
    assert zips == sorted(b.file for b in backups)
    assert all(name.endswith(".zip") for name in zips)


def test_a_backup_shares_no_file_with_the_live_office(history: tuple[Store, dict]) -> None:
    """Every table is copied into the backup, so deleting every live shard loses nothing."""
    store, names = history
    oldest = store.backups()[-1]
    with zipfile.ZipFile(backup_dir_of(store.path) / oldest.file) as z:
        assert z.testzip() is None
        manifest = orjson.loads(z.read("manifest.json"))
        assert manifest["generation"] == oldest.generation
        for ref in manifest["tables"].values():
            assert zlib.crc32(z.read(f"d/{ref['file']}")) == ref["crc"]
    for shard in shard_dir_of(store.path).iterdir():
        shard.unlink()
    restore_backup(store.path, oldest.id)
    assert _names(Store(store.path)) == names[oldest.generation]
    assert check_office(store.path) == []


def test_restoring_a_backup_brings_back_its_records_and_keeps_history(
    history: tuple[Store, dict],
) -> None:
    store, names = history
    before_restore = _names(store)
    ids_before = _all_ids(store)
    audit_before = store.audit()
    target = store.backups()[4]

    done = restore_backup(store.path, target.id)
    assert done.backup.id == target.id
    assert done.generation == max(names) + 1
    assert done.before == f"g{max(names)}"
    fresh = Store(store.path)
    assert _names(fresh) == names[target.generation]
    assert len(_names(fresh)) == COMMITS - 5

    audit = fresh.audit()
    assert audit[: len(audit_before)] == audit_before
    assert len(audit) == len(audit_before) + 1
    restore_entry = audit[-1]
    assert restore_entry["aksi"] == "pulihkan"
    assert restore_entry["baru"] == {
        "backup": target.id,
        "file": target.file,
        "generation": target.generation,
    }
    assert restore_entry["pengguna"]

    # Ids handed out after the restore are above every id ever used.
    with fresh.transaction() as txn:
        new = txn.insert("employees", employee("200404042025041006", "Fajar"))
    assert new["id"] > max(ids_before | {restore_entry["id"]})
    assert check_office(store.path) == []
    assert _names(Store(store.path)) == sorted([*names[target.generation], "Fajar"])

    # The restore is itself undoable: the state before it was backed up under the id given.
    restore_backup(store.path, done.before)
    again = Store(store.path)
    assert _names(again) == before_restore
    assert check_office(store.path) == []
    assert [e["aksi"] for e in again.audit()][-3:] == ["pulihkan", "tambah", "pulihkan"]

    # The store that was open all along catches up with the restores.
    assert store.refresh() is True
    assert _names(store) == before_restore


def test_a_backup_is_named_the_same_however_many_are_added(history: tuple[Store, dict]) -> None:
    store, names = history
    target = store.backups()[3]
    for wanted in (target.id, str(target.generation), target.file):
        assert backup.find(store.backups(), wanted) == target
    with store.transaction() as txn:
        txn.insert("employees", employee("200505052025051007", "Gita"))
    # One more backup moved every position, not the id.
    assert store.backups()[4].id == target.id
    restore_backup(store.path, target.id)
    assert _names(Store(store.path)) == names[target.generation]


@pytest.mark.parametrize("wanted", ["g1", "3", "g999", "kemarin", ""])
def test_restoring_a_backup_that_does_not_exist_is_refused(
    history: tuple[Store, dict], wanted: str
) -> None:
    store, _names_by_generation = history
    before = _files(store.path.parent)
    with pytest.raises(KinerjaError) as caught:
        restore_backup(store.path, wanted)
    assert caught.value.key == "backup.not_found"
    assert "kinerja backup list" in str(caught.value)
    assert _files(store.path.parent) == before


def _rezip(path: Path, change: dict[str, bytes]) -> None:
    """Rewrite a backup with some entries replaced (their zip CRCs are then right)."""
    with zipfile.ZipFile(path) as z:
        entries = {name: z.read(name) for name in z.namelist()}
    entries.update(change)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def _employees_entry(path: Path) -> tuple[str, dict]:
    with zipfile.ZipFile(path) as z:
        manifest = orjson.loads(z.read("manifest.json"))
    ref = manifest["tables"]["employees"]
    return f"d/{ref['file']}", manifest


def _flip_middle(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def _wrong_shape_with_right_crc(path: Path) -> None:
    """A record without a name, its shard's CRC in the backup's manifest made to match."""
    entry, manifest = _employees_entry(path)
    with zipfile.ZipFile(path) as z:
        shard = orjson.loads(z.read(entry))
    key = next(iter(shard["docs"]))
    del shard["docs"][key]["nama"]
    raw = orjson.dumps(shard)
    manifest["tables"]["employees"]["crc"] = zlib.crc32(raw)
    _rezip(path, {entry: raw, "manifest.json": orjson.dumps(manifest)})


def _shard_crc_wrong(path: Path) -> None:
    entry, _manifest = _employees_entry(path)
    _rezip(path, {entry: b'{"table": "employees", "generation": 1, "docs": {}}'})


BACKUP_DAMAGE = [
    ("flipped-byte", _flip_middle),
    ("truncated", lambda p: p.write_bytes(p.read_bytes()[:-100])),
    ("empty", lambda p: p.write_bytes(b"")),
    ("not-a-zip", lambda p: p.write_bytes(b'{"format": "kinerja"}')),
    ("wrong-shape", _wrong_shape_with_right_crc),
    ("shard-replaced", _shard_crc_wrong),
    ("manifest-gone", lambda p: _rezip_without(p, "manifest.json")),
]


def _rezip_without(path: Path, gone: str) -> None:
    with zipfile.ZipFile(path) as z:
        entries = {name: z.read(name) for name in z.namelist() if name != gone}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize("damage", [d[1] for d in BACKUP_DAMAGE], ids=[d[0] for d in BACKUP_DAMAGE])
def test_a_damaged_backup_is_refused_and_nothing_changes(
    history: tuple[Store, dict], damage: object
) -> None:
    store, _names_by_generation = history
    target = store.backups()[2]
    path = backup_dir_of(store.path) / target.file
    damage(path)  # type: ignore[operator]
    before = _files(store.path.parent)

    listed = {b.id: b for b in store.backups()}
    assert listed[target.id].ok is False and listed[target.id].problem
    with pytest.raises(StorageError) as caught:
        restore_backup(store.path, target.id)
    assert caught.value.key == "backup.damaged"
    assert str(path) in str(caught.value)
    assert _files(store.path.parent) == before
    findings = check_office(store.path)
    assert any(target.id in f and target.file in f for f in findings)
    # The office itself is fine, so no way out is offered for it.
    assert not any("restore" in f and "kinerja backup restore" in f for f in findings)


# --------------------------------------------------------------------------- damaged live office


def _corrupt(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x20
    path.write_bytes(bytes(raw))


def _live_shard(store: Store, table: str) -> Path:
    return shard_dir_of(store.path) / store.manifest.tables[table].file


LIVE_DAMAGE = [
    # (kind, damage, whose audit trail survives: the live one or the backup's)
    ("manifest-damaged", lambda s: _corrupt(s.path), "live"),
    ("manifest-deleted", lambda s: s.path.unlink(), "live"),
    ("employees-shard-damaged", lambda s: _corrupt(_live_shard(s, "employees")), "live"),
    ("employees-shard-deleted", lambda s: _live_shard(s, "employees").unlink(), "live"),
    ("untouched-settings-deleted", lambda s: _live_shard(s, "settings").unlink(), "live"),
    ("audit-chunk-damaged", lambda s: _corrupt(_live_shard(s, "audit/000000")), "backup"),
    (
        "all-shards-deleted",
        lambda s: [p.unlink() for p in shard_dir_of(s.path).iterdir()],
        "backup",
    ),
]


@pytest.mark.parametrize(
    ("damage", "audit_from"), [d[1:] for d in LIVE_DAMAGE], ids=[d[0] for d in LIVE_DAMAGE]
)
def test_a_backup_restores_whatever_part_of_the_office_is_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object, audit_from: str
) -> None:
    monkeypatch.setattr(backup, "BACKUP_INTERVAL_SECONDS", 0.0)
    path = tmp_path / "kinerja.json"
    store = Store(path, initial=lambda: {"settings": {"1": {"id": 1, "rev": 1, **_settings()}}})
    for i in range(6):
        with store.transaction() as txn:
            txn.insert("employees", employee(f"1990010120201210{i:02d}", f"Pegawai {i:02d}"))
    ids_before = _all_ids(store)
    expected = _names(store)[:-1]  # the newest backup holds the state before the last save
    live_audit = [e["id"] for e in store.audit()]
    damage(store)  # type: ignore[operator]

    findings = check_office(path)
    assert findings, "check must see the damage"
    newest = store.backups()[0]
    assert newest.generation == 6
    assert f"kinerja backup restore {newest.id}" in findings[-1]
    # The damaged office is refused, never opened as empty; its backups are all listed.
    with pytest.raises(StorageError):
        opened = Store(path)
        opened.storage.verify_files()
    assert [b.ok for b in backup.list_backups(office_files.OfficeFiles(path))] == [True] * 6

    done = restore_backup(path, newest.id)
    # A damaged state cannot be backed up, so no undo backup is claimed for it.
    assert done.before is None
    restored = Store(path)
    assert _names(restored) == expected
    assert restored.all("settings")[0]["nama_kantor"] == "Kantor Uji"
    assert check_office(path) == []
    audit = [e["id"] for e in restored.audit()]
    assert restored.audit()[-1]["aksi"] == "pulihkan"
    kept = live_audit if audit_from == "live" else live_audit[:-1]
    assert audit[:-1] == kept
    with restored.transaction() as txn:
        new = txn.insert("employees", employee("200404042025041006", "Fajar"))
    assert new["id"] > max(ids_before)


def _settings() -> dict:
    return {
        "nama_kantor": "Kantor Uji",
        "kriteria": [{"kode": "disiplin", "nama": "Disiplin", "bobot": 30, "panduan": []}],
        "bobot_peran": {"atasan": 50, "rekan": 30, "bawahan": 20, "diri": 0},
        "min_rekan": 2,
    }


def test_a_damaged_audit_chunk_blocks_saves_until_a_restore(history: tuple[Store, dict]) -> None:
    store, names = history
    _corrupt(_live_shard(store, "audit/000000"))
    fresh = Store(store.path)
    with pytest.raises(StorageError) as caught, fresh.transaction() as txn:
        txn.insert("employees", employee("200505052025051007", "Gita"))
    assert caught.value.key == "storage.damaged"
    newest = fresh.backups()[0]
    restore_backup(store.path, newest.id)
    restored = Store(store.path)
    with restored.transaction() as txn:
        txn.insert("employees", employee("200505052025051007", "Gita"))
    assert _names(Store(store.path)) == sorted([*names[newest.generation], "Gita"])
    assert check_office(store.path) == []


# --------------------------------------------------------------------------- failed restores


@pytest.mark.parametrize("function", ["write", "fsync", "replace", "open"])
def test_a_restore_that_hits_a_disk_error_changes_nothing(
    history: tuple[Store, dict], function: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No new backup, no rotation, the same files byte for byte; the next try works."""
    store, names = history
    target = store.backups()[1]
    folder = store.path.parent
    fail_on = 1
    while True:
        before = _files(folder)
        faulty = FaultyOs(function, fail_on, errno.ENOSPC)
        monkeypatch.setattr(office_files, "os", faulty)
        try:
            restore_backup(store.path, target.id)
        except StorageError as exc:
            monkeypatch.setattr(office_files, "os", os)
            if exc.key == "storage.sync_failed":
                # Only the folder sync after the commit point failed: restored.
                assert function == "fsync" and faulty.failed == 1
                break
            assert exc.key == "storage.write_failed", (function, fail_on)
            assert _files(folder) == before, (function, fail_on)
            fail_on += 1
            continue
        finally:
            monkeypatch.setattr(office_files, "os", os)
        # The call count went past every step: this restore went through.
        assert faulty.failed == 0
        break
    assert fail_on > 2, f"a restore should call os.{function} more than once"
    assert _names(Store(store.path)) == names[target.generation]
    assert check_office(store.path) == []


def test_two_restores_of_the_same_backup_restore_that_backup(
    history: tuple[Store, dict],
) -> None:
    """Two clerks restoring g-something at once both get exactly that state."""
    import subprocess
    import sys

    from storage_helpers import ROOT, child_env

    store, names = history
    target = store.backups()[5]
    code = (
        "import sys; from models.restore import restore_backup; "
        "d = restore_backup(sys.argv[1], sys.argv[2]); print(d.backup.id, d.generation)"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(store.path), target.id],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outputs.append(out.split())
    assert sorted(o[0] for o in outputs) == [target.id, target.id]
    assert sorted(int(o[1]) for o in outputs) == [max(names) + 1, max(names) + 2]
    fresh = Store(store.path)
    assert _names(fresh) == names[target.generation]
    assert [e["aksi"] for e in fresh.audit()][-2:] == ["pulihkan", "pulihkan"]
    assert check_office(store.path) == []


# --------------------------------------------------------------------------- tidying


def test_old_format_backups_are_converted_when_their_parts_are_whole(tmp_path: Path) -> None:
    """A backup of an earlier version (a bare manifest) becomes a self-contained zip."""
    from models.i18n import t

    path = tmp_path / "kinerja.json"
    store = Store(path, initial=dict)
    for nama in ("Ani", "Budi"):
        with store.transaction() as txn:
            txn.insert("employees", employee(f"nip-{nama}", nama))
    legacy = backup_dir_of(path)
    (legacy / "20261101-080000-g3.json").write_bytes(path.read_bytes())
    named = {ref.file for ref in store.manifest.tables.values()}
    broken = orjson.loads(path.read_bytes())
    broken["generation"] = 1
    broken["tables"]["employees"]["file"] = "employees.g1.json"
    (legacy / "20261101-070000-g1.json").write_bytes(orjson.dumps(broken))
    with store.transaction() as txn:
        txn.insert("employees", employee("nip-Citra", "Citra"))
    # Until it is converted, the shards the old backup names are kept.
    assert named <= {p.name for p in shard_dir_of(path).iterdir()}

    store.tidy(wait=True)

    assert [b.id for b in store.backups()] == ["g3", "g2"]
    assert all(b.ok for b in store.backups())
    assert "20261101-080000-g3.json" not in {p.name for p in legacy.iterdir()}
    assert {p.name for p in shard_dir_of(path).iterdir()} == {
        ref.file for ref in store.manifest.tables.values()
    }
    assert check_office(path) == [t("check.backup_legacy", file="20261101-070000-g1.json")]
    restore_backup(path, "g3")
    assert _names(Store(path)) == ["Ani", "Budi"]


def test_sweep_removes_temp_files_and_orphan_shards_only(history: tuple[Store, dict]) -> None:
    store, _names_by_generation = history
    path = store.path
    stale = [
        path.parent / f".{path.name}.tmp-111-222",
        shard_dir_of(path) / ".employees.g9.json.tmp-333-444",
        backup_dir_of(path) / ".g00000009-20261101T080000.zip.tmp-555-666",
    ]
    orphans = [shard_dir_of(path) / "employees.g999.json"]
    kept_anyway = [
        shard_dir_of(path) / "notes.json",
        path.parent / ".other.json.tmp-1-2",
        backup_dir_of(path) / "README.txt",
    ]
    for file in stale + orphans + kept_anyway:
        file.write_bytes(b"{}")
    referenced = {ref.file for ref in store.manifest.tables.values()}
    manifest_before = path.read_bytes()
    backups_before = [b.file for b in store.backups()]

    with store.storage.locked():
        removed = store.storage.sweep()

    assert sorted(removed) == sorted(p.name for p in stale + orphans)
    assert not any(p.exists() for p in stale + orphans)
    assert all(p.exists() for p in kept_anyway)
    assert {p.name for p in shard_dir_of(path).iterdir()} == referenced | {"notes.json"}
    assert path.read_bytes() == manifest_before
    assert [b.file for b in store.backups()] == backups_before
    with store.storage.locked():
        assert store.storage.sweep() == []
