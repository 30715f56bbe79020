"""Making a backup current again, whatever part of the live office is damaged.

A restore works from the backup's own copies (``models.backup``), so it does not
need the live manifest or any live shard to be readable.  It is one commit:
the backed-up tables are written as a new generation together with a new
manifest, and until that manifest replaces the old one nothing has changed.
What the live office still has that the backup lacks is kept where it can be:

- the audit trail: every live audit chunk that is whole replaces the backup's
  older copy of it, and the restore itself is audited;
- record ids: the next id is above every id the office ever handed out, so an
  id is never reused, even when the live manifest is lost;
- the state before the restore is backed up first when it is whole, so a
  restore can itself be undone.  A failed restore removes that backup again
  and rotates nothing out.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from models import backup
from models.backup import Backup
from models.manifest import (
    Manifest,
    ShardRef,
    decode_shard,
    encode_shard,
    new_writer,
    now_text,
    os_user,
    parse_manifest,
    shard_file_name,
    shard_generation,
)
from models.office_files import BACKUPS, SHARDS, OfficeFiles, StorageError, fsync_dir, read_regular
from models.schema import first_bad_record
from models.storage import commit_files, remove_unreferenced
from models.store import AUDIT_CHUNK_SIZE, audit_chunk_name, audit_record, note_entry


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    backup: Backup
    generation: int
    """The generation the office has now."""
    before: str | None
    """The id of the backup of the state before the restore (None: it was damaged)."""


@dataclass
class _Live:
    """What can still be read of the live office."""

    raw: bytes | None
    manifest: Manifest | None
    shards: dict[str, tuple[bytes, int]]
    """Whole live shards by table name: their bytes and record count."""
    whole: bool
    """Whether every table of the live manifest was read and checked."""
    highest_id: int
    highest_generation: int


def restore_backup(
    path: str | Path,
    wanted: str,
    *,
    lock_timeout: float = 10.0,
    on_busy: Callable[[float], None] | None = None,
) -> Restored:
    """Make the backup named ``wanted`` (``g42``) the office's current state."""
    files = OfficeFiles(path)
    try:
        files.refuse_unsafe()
        files.require_office()
        with files.lock(lock_timeout, on_busy):
            chosen, saved, shards = backup.read_backup(files, wanted)
            return _restore(files, chosen, saved, shards)
    finally:
        files.close()


def _restore(
    files: OfficeFiles, chosen: Backup, saved: Manifest, shards: dict[str, bytes]
) -> Restored:
    live = _read_live(files)
    everything = backup.list_backups(files, "manifest")
    generation = 1 + max(live.highest_generation, *(b.generation for b in everything))
    next_id = max(
        saved.next_id,
        live.highest_id + 1,
        live.manifest.next_id if live.manifest else 1,
        *(b.manifest.next_id for b in everything if b.manifest),
    )
    # The backup's tables, but the audit trail as the live office has it.
    tables = {name: (shards[ref.file], ref.count) for name, ref in saved.tables.items()}
    tables.update((name, shard) for name, shard in live.shards.items() if name.startswith("audit/"))
    meta = dict(live.manifest.meta if live.manifest else saved.meta)
    meta["audit_chunk"] = _append_note(tables, chosen, next_id, generation)
    next_id += 1

    blobs: dict[str, bytes] = {}
    refs: dict[str, ShardRef] = {}
    writer = new_writer()
    for name, (raw, count) in tables.items():
        file_name = shard_file_name(name, generation, writer)
        blobs[file_name] = raw
        refs[name] = ShardRef(file_name, count, zlib.crc32(raw))
    manifest = Manifest(
        generation=generation,
        next_id=next_id,
        tables=refs,
        saved_at=now_text(),
        saved_by=os_user(),
        meta=meta,
    )
    before: str | None = None
    written: str | None = None
    try:
        if live.manifest is not None and live.whole and live.manifest.tables:
            current = live.manifest
            written = backup.write_backup(
                files, current, lambda ref: live.shards[_table_of(current, ref)][0]
            )
            before = f"g{current.generation}"
        commit_files(files, seen=live.raw, manifest=manifest, blobs=blobs)
    except BaseException as exc:
        if written is not None:
            _remove_backup(files, written)
        if isinstance(exc, OSError):
            raise StorageError("storage.write_failed", path=str(files.path), error=exc) from None
        raise
    try:
        fsync_dir(files.fd)
    except OSError as exc:
        # Restored (every process reads the new manifest); only a power cut could undo it.
        unsynced: OSError | None = exc
    else:
        unsynced = None
    backup.rotate(files)
    remove_unreferenced(files, manifest)
    if unsynced is not None:
        raise StorageError("storage.sync_failed", path=str(files.path), error=unsynced)
    return Restored(chosen, generation, before)


def _table_of(manifest: Manifest, ref: ShardRef) -> str:
    return next(name for name, candidate in manifest.tables.items() if candidate == ref)


def _remove_backup(files: OfficeFiles, name: str) -> None:
    with files.directory(BACKUPS) as backup_fd:
        if backup_fd is not None:
            files.remove_regular(backup_fd, name)


def _append_note(
    tables: dict[str, tuple[bytes, int]], chosen: Backup, record_id: int, generation: int
) -> int:
    """Add the restore's own audit entry to the last audit chunk; returns that chunk."""
    chunks = sorted(name for name in tables if name.startswith("audit/"))
    chunk = int(chunks[-1].split("/", 1)[1]) if chunks else 0
    name = audit_chunk_name(chunk)
    docs: dict[str, Any] = orjson.loads(tables[name][0])["docs"] if name in tables else {}
    if len(docs) >= AUDIT_CHUNK_SIZE:
        chunk += 1
        name = audit_chunk_name(chunk)
        docs = {}
    entry = note_entry("pulihkan", backup=chosen.id, file=chosen.file, generation=chosen.generation)
    docs[str(record_id)] = audit_record(record_id, now_text(), os_user(), entry)
    tables[name] = (encode_shard(name, generation, docs), len(docs))
    return chunk


def _read_live(files: OfficeFiles) -> _Live:
    """Everything whole that the live office still has, whatever is damaged."""
    raw: bytes | None
    try:
        raw = files.read_manifest()
    except StorageError as exc:
        if exc.key != "storage.missing":
            raise
        raw = None
    manifest: Manifest | None = None
    if raw is not None:
        with contextlib.suppress(StorageError):
            manifest = parse_manifest(raw, files.path)
    live = _Live(raw, manifest, {}, True, 0, manifest.generation if manifest else 0)
    with files.directory(SHARDS) as shard_fd:
        if shard_fd is None:
            live.whole = manifest is None or not manifest.tables
            return live
        if manifest is not None:
            for name, ref in manifest.tables.items():
                shown = files.shard_dir / ref.file
                try:
                    data = read_regular(shard_fd, ref.file, shown)
                    docs = decode_shard(data, name, ref, shown, files.path)
                except (StorageError, FileNotFoundError):
                    live.whole = False
                    continue
                live.shards[name] = (data, ref.count)
                live.highest_id = max([live.highest_id, *map(int, docs)])
        else:
            live.whole = False
            _scan_loose_shards(files, shard_fd, live)
        for name, _st in files.entries(shard_fd):
            found = shard_generation(name)
            if found is not None:
                live.highest_generation = max(live.highest_generation, found)
    return live


def _scan_loose_shards(files: OfficeFiles, shard_fd: int, live: _Live) -> None:
    """Without a manifest: the highest id in any readable shard, and the newest audit chunks."""
    newest: dict[str, tuple[int, bytes]] = {}
    for name, _st in files.entries(shard_fd):
        found = shard_generation(name)
        if found is None:
            continue
        try:
            data = read_regular(shard_fd, name, files.shard_dir / name)
            parsed = orjson.loads(data)
            table, docs = parsed["table"], parsed["docs"]
            if not isinstance(table, str) or not isinstance(docs, dict):
                continue
            if first_bad_record(table, docs) is not None:
                continue
        except (StorageError, FileNotFoundError, orjson.JSONDecodeError, KeyError, TypeError):
            continue
        live.highest_id = max([live.highest_id, *map(int, docs)])
        if table.startswith("audit/") and found > newest.get(table, (-1, b""))[0]:
            newest[table] = (found, data)
    for table, (_generation, data) in newest.items():
        live.shards[table] = (data, len(orjson.loads(data)["docs"]))
