"""``kinerja check``: read-only, no false alarm while others save, every backup checked."""

from __future__ import annotations

import stat
from pathlib import Path

import orjson
import pytest
from storage_helpers import Spawn, employee, read_line, tell

from models import backup
from models.check import check_office
from models.i18n import t
from models.storage import backup_dir_of, lock_path_of, shard_dir_of
from models.store import Store


def _everything(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(folder)): (stat.S_IMODE(p.lstat().st_mode), p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(backup, "BACKUP_INTERVAL_SECONDS", 0.0)
    path = tmp_path / "kinerja.json"
    store = Store(path, initial=dict)
    for nama in ("Ani", "Budi", "Citra", "Dewi"):
        with store.transaction() as txn:
            txn.insert("employees", employee(f"nip-{nama}", nama))
    return path


def test_check_changes_nothing_and_creates_no_lock(saved: Path) -> None:
    leftovers = [
        saved.parent / f".{saved.name}.tmp-1-2",
        shard_dir_of(saved) / "employees.g999.json",
        shard_dir_of(saved) / ".employees.g9.json.tmp-3-4",
        backup_dir_of(saved) / ".g00000009-20261101T080000.zip.tmp-5-6",
    ]
    for file in leftovers:
        file.write_bytes(b"{}")
    lock_path_of(saved).unlink()
    before = _everything(saved.parent)

    assert check_office(saved) == []

    assert _everything(saved.parent) == before
    assert not lock_path_of(saved).exists()


def test_check_validates_every_backup(saved: Path) -> None:
    backups = Store(saved).backups()
    assert len(backups) == 3
    damaged = backup_dir_of(saved) / backups[1].file
    raw = bytearray(damaged.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    damaged.write_bytes(bytes(raw))

    findings = check_office(saved)

    assert len(findings) == 1
    assert backups[1].id in findings[0] and backups[1].file in findings[0]
    # The live office is fine: no restore is suggested for it.
    assert "kinerja backup restore" not in findings[0]


def test_each_finding_names_the_way_out(saved: Path) -> None:
    store = Store(saved)
    shard = shard_dir_of(saved) / store.manifest.tables["employees"].file
    shard.write_bytes(shard.read_bytes()[:-3])
    newest = store.backups()[0]

    findings = check_office(saved)

    assert str(shard) in findings[0] and "kinerja backup list" in findings[0]
    assert findings[-1] == t("check.way_out", id=newest.id, taken=newest.taken)


def test_a_record_of_the_wrong_shape_is_damage_even_with_the_right_checksum(saved: Path) -> None:
    import zlib

    store = Store(saved)
    manifest = orjson.loads(saved.read_bytes())
    ref = manifest["tables"]["employees"]
    shard = shard_dir_of(saved) / ref["file"]
    data = orjson.loads(shard.read_bytes())
    first = next(iter(data["docs"]))
    data["docs"][first]["aktif"] = "ya"
    raw = orjson.dumps(data)
    shard.write_bytes(raw)
    ref["crc"] = zlib.crc32(raw)
    saved.write_bytes(orjson.dumps(manifest))

    findings = check_office(saved)
    assert str(shard) in findings[0] and f"record {first}" in findings[0]
    with pytest.raises(Exception) as caught:
        Store(saved).all("employees")
    assert getattr(caught.value, "key", None) == "storage.damaged"
    del store


@pytest.mark.slow
def test_no_false_alarm_while_another_clerk_saves(saved: Path, spawn: Spawn) -> None:
    """Saves commit new shards and remove the old ones while the check reads them."""
    writer = spawn("mixed", saved, 7, 400, 77, saved.parent / "acks")
    assert read_line(writer) == "READY"
    tell(writer)
    runs = 0
    generations: set[int] = set()
    while writer.poll() is None:
        assert check_office(saved) == [], f"false alarm after {runs} clean runs"
        runs += 1
        generations.add(orjson.loads(saved.read_bytes())["generation"])
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert check_office(saved) == []
    # The check really ran alongside many saves.
    assert runs >= 10 and len(generations) >= 10, (runs, len(generations))
    print(f"{runs} checks during {len(generations)} generations, no false alarm")
