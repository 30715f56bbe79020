"""Damaged data files: a clear message pointing at the backups, and the file never overwritten."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from storage_helpers import employee

from models.check import check_office
from models.i18n import t
from models.storage import StorageError, backup_dir_of, shard_dir_of
from models.store import Store


def _edit(field: str, value: object) -> Callable[[bytes], bytes]:
    def change(raw: bytes) -> bytes:
        data = orjson.loads(raw)
        data[field] = value
        return orjson.dumps(data)

    return change


def _escape_shard_dir(raw: bytes) -> bytes:
    data = orjson.loads(raw)
    data["tables"]["employees"]["file"] = "../../etc/passwd"
    return orjson.dumps(data)


# (kind, how the manifest is damaged, expected message key, a word of the reason)
MANIFEST_DAMAGE: list[tuple[str, Callable[[bytes], bytes], str, str]] = [
    ("empty", lambda raw: b"", "storage.damaged", "empty"),
    ("blank", lambda raw: b"  \n\n", "storage.damaged", "empty"),
    ("truncated", lambda raw: raw[: len(raw) // 2], "storage.damaged", "json"),
    ("trailing-garbage", lambda raw: raw + b"\n}{garbage", "storage.damaged", "json"),
    ("all-nul", lambda raw: b"\x00" * len(raw), "storage.damaged", "nul"),
    ("nul-inside", lambda raw: raw[:40] + b"\x00\x00\x00\x00" + raw[44:], "storage.damaged", "nul"),
    ("list", lambda raw: b"[" + raw + b"]", "storage.damaged", "format"),
    ("not-json", lambda raw: b"kinerja", "storage.damaged", "json"),
    ("unknown-format", _edit("format", "tinydb"), "storage.damaged", "format"),
    ("version-text", _edit("version", "1"), "storage.damaged", "version"),
    ("newer-version", _edit("version", 99), "storage.newer_version", ""),
    ("tables-list", _edit("tables", []), "storage.damaged", "tables"),
    ("next-id-missing", _edit("next_id", None), "storage.damaged", "next_id"),
    ("shard-outside-dir", _escape_shard_dir, "storage.damaged", "table employees"),
]


def _damage(path: Path, content: bytes) -> None:
    """Overwrite in place (as a crash or a bad copy would), with a surely different mtime."""
    before = path.stat()
    path.write_bytes(content)
    stamp = before.st_mtime_ns - 10**9
    os.utime(path, ns=(stamp, stamp))


def _assert_clear_message(
    error: StorageError, key: str, path: Path, office_file: Path, language: Callable[[str], None]
) -> None:
    """Translated in both languages, naming the damaged file and where the backups are."""
    assert type(error) is StorageError
    assert error.key == key
    for lang, hint in (("id", "pulihkan yang terbaru"), ("en", "restore the newest good")):
        language(lang)
        message = str(error)
        assert str(path) in message
        if key == "storage.damaged":
            assert hint in message
            assert "'kinerja backup list'" in message
            assert "'kinerja backup restore ID'" in message
            assert str(backup_dir_of(office_file)) in message
        else:
            assert "99" in message
            assert "Kinerja" in message


@pytest.mark.parametrize(
    ("damage", "key", "reason"),
    [case[1:] for case in MANIFEST_DAMAGE],
    ids=[case[0] for case in MANIFEST_DAMAGE],
)
def test_a_damaged_manifest_is_reported_and_never_overwritten(
    office_file: Path,
    damage: Callable[[bytes], bytes],
    key: str,
    reason: str,
    language: Callable[[str], None],
) -> None:
    already_open = Store(office_file)
    assert len(already_open.all("employees")) == 2
    _damage(office_file, damage(office_file.read_bytes()))
    damaged = office_file.read_bytes()
    shards = sorted(p.name for p in shard_dir_of(office_file).iterdir())

    with pytest.raises(StorageError) as caught:
        Store(office_file)
    _assert_clear_message(caught.value, key, office_file, office_file, language)
    assert reason in str(caught.value.params.get("reason", ""))

    # Opening with a fresh-office template must not "repair" it either.
    with pytest.raises(StorageError):
        Store(office_file, initial=dict)

    # A clerk who opened the file before it was damaged cannot save over it.
    with pytest.raises(StorageError) as caught, already_open.transaction() as txn:
        txn.insert("employees", employee("200001012022011003", "Citra"))
    assert caught.value.key == key
    findings = check_office(office_file)
    assert str(office_file) in findings[0]
    # No backup was made yet (the first save came less than five minutes ago).
    assert findings[1:] == [t("check.no_good_backup")]

    assert office_file.read_bytes() == damaged
    assert sorted(p.name for p in shard_dir_of(office_file).iterdir()) == shards


def _employees_shard(office_file: Path) -> Path:
    ref = Store(office_file).manifest.tables["employees"]
    return shard_dir_of(office_file) / ref.file


def _flip_byte(shard: Path) -> None:
    raw = bytearray(shard.read_bytes())
    raw[len(raw) // 2] ^= 0x20
    shard.write_bytes(bytes(raw))


def _truncate(shard: Path) -> None:
    shard.write_bytes(shard.read_bytes()[:-7])


SHARD_DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    ("flipped-byte", _flip_byte, "crc"),
    ("truncated", _truncate, "crc"),
    ("missing", Path.unlink, "missing"),
]


@pytest.mark.parametrize(
    ("damage", "reason"), [c[1:] for c in SHARD_DAMAGE], ids=[c[0] for c in SHARD_DAMAGE]
)
def test_a_damaged_shard_is_reported_and_never_overwritten(
    office_file: Path,
    damage: Callable[[Path], None],
    reason: str,
    language: Callable[[str], None],
) -> None:
    shard = _employees_shard(office_file)
    manifest = office_file.read_bytes()
    damage(shard)
    shard_bytes = shard.read_bytes() if shard.exists() else None

    # Shards are read when first needed, so the damage shows on the first read.
    store = Store(office_file)
    with pytest.raises(StorageError) as caught:
        store.all("employees")
    _assert_clear_message(caught.value, "storage.damaged", shard, office_file, language)
    assert caught.value.params["reason"] == reason

    with pytest.raises(StorageError) as caught, store.transaction() as txn:
        txn.insert("employees", employee("200001012022011003", "Citra"))
    assert caught.value.key == "storage.damaged"

    findings = check_office(office_file)
    assert str(shard) in findings[0]
    assert findings[1:] == [t("check.no_good_backup")]

    assert office_file.read_bytes() == manifest
    assert (shard.read_bytes() if shard.exists() else None) == shard_bytes
    # The other tables are still readable, so the clerk can see what is affected.
    assert len(store.all("ratings")) == 1
