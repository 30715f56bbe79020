"""Crash-safe, multi-process file storage behind TinyDB.

Layout of one office data file ``kinerja.json``:

- ``kinerja.json`` is a small *manifest*: format name and version, a
  generation counter, the next record id, and for every table the name of the
  shard file holding it with its record count and CRC.
- ``kinerja.json.d/`` holds the shard files.  A shard file is written once
  under a new name and never modified, so a save only writes the shards it
  changed plus the manifest; the ``os.replace`` of the manifest is the single
  atomic commit point of a save, however many shards it touched.
- ``kinerja.json.lock`` is the lock file (``flock``) held across every
  read-modify-write, so several clerks' processes never lose each other's work.
- ``kinerja.json.backups/`` holds self-contained backups (``models.backup``).

Every member of the set is reached through ``models.office_files``, which
never follows a symlink.  Large tables (ratings, audit) are split into many
shards by the layer above (``models.store``), so saving one score costs about
the same in a 40-person office as in a 5,000-person one.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

from tinydb.storages import Storage

from models.manifest import (
    EMPTY,
    Manifest,
    ShardRef,
    Tables,
    backup_dir_of,
    damaged,
    decode_shard,
    encode_shard,
    lock_path_of,
    new_writer,
    now_text,
    os_user,
    parse_manifest,
    shard_dir_of,
    shard_file_name,
    shard_generation,
)
from models.office_files import (
    SHARDS,
    BusyError,
    OfficeFiles,
    StorageError,
    crc_of_regular,
    fsync_dir,
    is_temp_name,
    read_regular,
    write_in,
)

__all__ = [
    "BusyError",
    "Manifest",
    "ShardRef",
    "ShardedStorage",
    "StorageError",
    "Tables",
    "backup_dir_of",
    "damaged",
    "lock_path_of",
    "os_user",
    "parse_manifest",
    "shard_dir_of",
]

UNUSABLE = frozenset(
    {
        "storage.damaged",
        "storage.missing",
        "storage.manifest_lost",
        "storage.newer_version",
        "storage.symlink",
        "storage.not_regular",
        "storage.not_directory",
    }
)
"""Errors meaning the office cannot be worked on until someone repairs or restores it."""


def commit_files(
    files: OfficeFiles,
    *,
    seen: bytes | None,
    manifest: Manifest,
    blobs: Mapping[str, bytes],
    before_commit: Callable[[], None] | None = None,
) -> None:
    """Write ``blobs`` (shard file name -> bytes) and then ``manifest``, the commit point.

    Must be called holding the write lock.  ``seen`` is the manifest as the
    caller read it (None: there was none): if the file on disk is different
    now, or the lock file is no longer the one locked, another process got in
    without the lock and nothing is committed.  On failure the shard files
    written here are removed and the old manifest stays.
    """
    written: list[str] = []
    with files.directory(SHARDS, create=True) as shard_fd:
        assert shard_fd is not None
        try:
            for file_name, content in blobs.items():
                write_in(shard_fd, file_name, content)
                written.append(file_name)
            if written:
                fsync_dir(shard_fd)
            if before_commit is not None:
                before_commit()
            _ensure_still_ours(files, seen)
            files.write_manifest(manifest.to_json())
        except BaseException:
            for file_name in written:
                files.remove_regular(shard_fd, file_name)
            raise


def _ensure_still_ours(files: OfficeFiles, seen: bytes | None) -> None:
    lock_fd = files.held_lock
    if lock_fd is None or not files.names_lock(lock_fd):
        raise StorageError("storage.lock_lost", path=str(files.lock_path))
    try:
        now = files.read_manifest()
    except StorageError as exc:
        if exc.key != "storage.missing" or seen is not None:
            raise
        now = None
    if now != seen:
        raise StorageError("storage.lock_lost", path=str(files.lock_path))


class LazyTables(MutableMapping[str, dict[str, Any]]):
    """The tables TinyDB sees: shards are loaded on first access and writes are tracked."""

    def __init__(self, storage: ShardedStorage) -> None:
        self._storage = storage
        self.loaded: dict[str, dict[str, Any]] = {}
        self.dirty: set[str] = set()
        self.dropped: set[str] = set()

    def __getitem__(self, name: str) -> dict[str, Any]:
        if name in self.loaded:
            return self.loaded[name]
        if name in self.dropped or name not in self._storage.manifest.tables:
            raise KeyError(name)
        try:
            docs = self._storage.load_shard(name)
        except StorageError as exc:
            self._storage.note_unusable(exc)
            raise
        self.loaded[name] = docs
        return docs

    def __setitem__(self, name: str, docs: dict[str, Any]) -> None:
        self.loaded[name] = docs
        self.dirty.add(name)
        self.dropped.discard(name)

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self.loaded.pop(name, None)
        self.dirty.discard(name)
        self.dropped.add(name)

    def _names(self) -> set[str]:
        return (set(self._storage.manifest.tables) | set(self.loaded)) - self.dropped

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._names()))

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._names()


class ShardedStorage(Storage):
    """TinyDB storage over the manifest + shard layout described in the module docstring."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float = 10.0,
        on_busy: Callable[[float], None] | None = None,
        initial: Callable[[], Tables] | None = None,
    ) -> None:
        self.files = OfficeFiles(path)
        self.path = self.files.path
        self.shard_dir = self.files.shard_dir
        self.lock_path = self.files.lock_path
        self.backup_dir = self.files.backup_dir
        self.lock_timeout = lock_timeout
        self.on_busy = on_busy
        self._lock_owner: int | None = None
        self.version = 0
        """Bumped whenever the in-memory tables change (commit, reload, discard)."""
        self._stat_key: tuple[int, int, int] | None = None
        self._raw: bytes | None = None
        """The manifest's bytes as last read or written (to detect a writer without the lock)."""
        self.manifest = EMPTY
        self.tables = LazyTables(self)
        self.unusable: StorageError | None = None
        """The first error found that means the office cannot be worked on (damage, a symlink)."""
        self.files.refuse_unsafe()
        if self.files.manifest_stat() is None:
            if initial is None:
                if any(p != self.lock_path for p in self.files.existing_members()):
                    raise StorageError(
                        "storage.manifest_lost", path=str(self.path), backups=str(self.backup_dir)
                    )
                raise StorageError("storage.missing", path=str(self.path))
            self._create(initial)
        self.reload(force=True)

    def close(self) -> None:
        self.files.close()

    # ---------------------------------------------------------------- reading

    def _current_stat_key(self) -> tuple[int, int, int] | None:
        st = self.files.manifest_stat()
        if st is None:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def changed_on_disk(self) -> bool:
        """Cheap check (one ``lstat``) whether another process committed since we read."""
        return self._current_stat_key() != self._stat_key

    def note_unusable(self, exc: StorageError) -> None:
        """Remember ``exc`` when it means the office cannot be worked on any more."""
        if exc.key in UNUSABLE and self.unusable is None:
            self.unusable = exc

    def reload(self, *, force: bool = False) -> bool:
        """Re-read the manifest if it changed; drop cached shards whose file changed.

        Returns True when anything changed.  The cheap ``stat`` check is trusted
        only outside the lock: inode numbers are reused and timestamps are coarse,
        so a writer compares the generation, or it could save over newer work.
        """
        if not force and self._lock_owner is None and not self.changed_on_disk():
            return False
        key = self._current_stat_key()
        try:
            raw = self.files.read_manifest()
            if not force and raw == self._raw:
                self._stat_key = key
                return False
            manifest = parse_manifest(raw, self.path)
        except StorageError as exc:
            self.note_unusable(exc)
            raise
        self._raw = raw
        self._stat_key = key
        old = self.manifest.tables
        self.manifest = manifest
        # Tables edited in memory but not committed are read again: keeping
        # them would resurrect a failed or abandoned save.
        keep = {
            name: docs
            for name, docs in self.tables.loaded.items()
            if name not in self.tables.dirty
            and name in manifest.tables
            and old.get(name) == manifest.tables[name]
        }
        self.tables = LazyTables(self)
        self.tables.loaded.update(keep)
        self.version += 1
        return True

    def read_shard_bytes(self, ref: ShardRef) -> bytes:
        """The raw bytes of a shard file; ``FileNotFoundError`` when it is gone."""
        with self.files.directory(SHARDS) as shard_fd:
            if shard_fd is None:
                raise FileNotFoundError(ref.file)
            return read_regular(shard_fd, ref.file, self.shard_dir / ref.file)

    def load_shard(self, name: str, manifest: Manifest | None = None) -> dict[str, Any]:
        """Read and verify one shard of ``manifest`` (default: the current one)."""
        own = manifest is None
        ref = (manifest or self.manifest).tables[name]
        shown = self.shard_dir / ref.file
        try:
            raw = self.read_shard_bytes(ref)
        except FileNotFoundError:
            # A writer may have replaced the shard since we read the manifest.
            if own and self._caught_up():
                return self.tables[name]
            raise damaged(shown, "missing", self.path) from None
        if own and zlib.crc32(raw) != ref.crc and self._caught_up():
            return self.tables[name]
        docs = decode_shard(raw, name, ref, shown, self.path)
        # Loaded records are long-lived and hold no reference cycles: keep them out of
        # the cyclic collector's scans, whose cost would otherwise grow with the office.
        gc.freeze()
        return docs

    def _caught_up(self) -> bool:
        """After a shard of the current manifest was found gone: did another process save?

        Outside the lock that is a normal race, and the newer manifest is read.
        Holding the lock, nobody else can have saved unless the lock file was
        removed or replaced meanwhile: that save is refused, never mixed in.
        """
        if self._lock_owner is None:
            return self.reload()
        with contextlib.suppress(StorageError):
            _ensure_still_ours(self.files, self._raw)
            return False
        raise StorageError("storage.lock_lost", path=str(self.lock_path))

    def verify_files(self) -> None:
        """Check that every shard of the current manifest is there with the right checksum.

        Cheap (no parsing), so the TUI can refuse to start on a damaged office.
        """
        buffer = bytearray(1 << 18)
        with self.files.directory(SHARDS) as shard_fd:
            for ref in self.manifest.tables.values():
                shown = self.shard_dir / ref.file
                try:
                    if shard_fd is None:
                        raise FileNotFoundError(ref.file)
                    crc = crc_of_regular(shard_fd, ref.file, shown, buffer)
                except FileNotFoundError:
                    raise damaged(shown, "missing", self.path) from None
                if crc != ref.crc:
                    raise damaged(shown, "crc", self.path)

    def read(self) -> LazyTables:  # type: ignore[override]
        return self.tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """TinyDB hands back the table mapping it changed; the commit happens in ``commit``."""
        if self._lock_owner is None:
            raise StorageError("storage.not_locked")
        if data is not self.tables:
            for name, docs in data.items():
                self.tables[name] = docs

    # ---------------------------------------------------------------- locking

    @contextlib.contextmanager
    def locked(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the exclusive lock, waiting at most ``timeout`` (default ``lock_timeout``) s."""
        limit = self.lock_timeout if timeout is None else timeout
        if self._lock_owner == threading.get_ident():
            yield
            return
        with self.files.lock(limit, self.on_busy):
            self._lock_owner = threading.get_ident()
            try:
                yield
            finally:
                self._lock_owner = None

    # ---------------------------------------------------------------- writing

    def commit(self, *, next_id: int, meta: dict[str, Any] | None = None) -> Manifest:
        """Write the dirty shards and a new manifest; the manifest replace is the commit.

        Must be called with the lock held.  On failure, the files on disk are
        as before and the in-memory state is re-read from them; the one
        exception is ``storage.sync_failed``, raised after the commit point.
        """
        if self._lock_owner is None:
            raise StorageError("storage.not_locked")
        from models import backup

        old = self.manifest
        generation = old.generation + 1
        writer = new_writer()
        tables = dict(old.tables)
        blobs: dict[str, bytes] = {}
        for name in sorted(self.tables.dirty):
            docs = self.tables.loaded[name]
            content = encode_shard(name, generation, docs)
            file_name = shard_file_name(name, generation, writer)
            blobs[file_name] = content
            tables[name] = ShardRef(file_name, len(docs), zlib.crc32(content))
        for name in self.tables.dropped:
            tables.pop(name, None)
        manifest = Manifest(
            generation=generation,
            next_id=next_id,
            tables=tables,
            saved_at=now_text(),
            saved_by=os_user(),
            meta=old.meta if meta is None else meta,
        )
        try:
            commit_files(
                self.files,
                seen=self._raw,
                manifest=manifest,
                blobs=blobs,
                before_commit=lambda: backup.maybe_backup(self, old),
            )
        except OSError as exc:
            self._reload_after_failure()
            raise StorageError("storage.write_failed", path=str(self.path), error=exc) from None
        except BaseException:
            self._reload_after_failure()
            raise
        self.manifest = manifest
        self._raw = manifest.to_json()
        self._stat_key = self._current_stat_key()
        self.tables.dirty.clear()
        self.tables.dropped.clear()
        self.version += 1
        try:
            fsync_dir(self.files.fd)
        except OSError as exc:
            # The new manifest is already what every process reads, so the save
            # happened and its shards must stay; only surviving a power cut is in doubt.
            raise StorageError("storage.sync_failed", path=str(self.path), error=exc) from None
        self._collect_garbage(old, manifest)
        return manifest

    def _reload_after_failure(self) -> None:
        with contextlib.suppress(StorageError):
            self.reload(force=True)
            return
        # The manifest cannot be read any more: forget every uncommitted edit anyway.
        self.tables = LazyTables(self)
        self.version += 1

    def discard_changes(self) -> None:
        """Forget uncommitted edits (after an error inside a transaction)."""
        self._reload_after_failure()

    def _create(self, initial: Callable[[], Tables]) -> None:
        with self.locked():
            leftovers = [p for p in self.files.existing_members() if p != self.files.lock_path]
            if self.files.manifest_stat() is not None:
                raise StorageError("storage.exists", path=str(self.path))
            if leftovers:
                # Data or backups without an index: never start an empty office over them.
                raise StorageError(
                    "storage.manifest_lost", path=str(self.path), backups=str(self.backup_dir)
                )
            tables = initial()
            self.tables = LazyTables(self)
            for name, docs in tables.items():
                self.tables[name] = docs
            next_id = 1 + max(
                (int(k) for docs in tables.values() for k in docs),
                default=0,
            )
            self._raw = None
            self.commit(next_id=next_id)

    # ---------------------------------------------------------------- tidying

    def _collect_garbage(self, old: Manifest, new: Manifest) -> None:
        """Delete the shard files this commit superseded (backups hold copies of their own)."""
        superseded = {ref.file for ref in old.tables.values()} - {
            ref.file for ref in new.tables.values()
        }
        if not superseded:
            return
        from models import backup

        # An old-format backup names live shards; keep them until it is converted.
        superseded -= backup.legacy_references(self.files)
        with contextlib.suppress(StorageError), self.files.directory(SHARDS) as shard_fd:
            if shard_fd is None:
                return
            for file_name in superseded:
                self.files.remove_regular(shard_fd, file_name)

    def sweep(self) -> list[str]:
        """Remove leftovers: temp files and shards the manifest no longer names.

        Call with the lock held, after catching up.  Only regular files whose
        names Kinerja itself makes are removed, never through a symlink; a file
        of the office's own that lost the office group (made by an earlier
        version) gets it back.
        """
        if self._lock_owner is None:
            raise StorageError("storage.not_locked")
        from models import backup

        # Old-format backups name shards in PATH.d: convert them before those go.
        removed = backup.sweep(self)
        for name, _st in self.files.entries(self.files.fd):
            if is_temp_name(name, self.files.name) and self.files.remove_regular(
                self.files.fd, name
            ):
                removed.append(name)
        removed.extend(remove_unreferenced(self.files, self.manifest))
        return removed


def remove_unreferenced(files: OfficeFiles, manifest: Manifest) -> list[str]:
    """Remove temp files and shard files ``manifest`` does not name from ``PATH.d``.

    Only with the lock held.  Files Kinerja did not name are left alone; an own
    file that lost the office group (made by an earlier version) gets it back.
    """
    keep = {ref.file for ref in manifest.tables.values()}
    removed: list[str] = []
    with files.directory(SHARDS) as shard_fd:
        if shard_fd is None:
            return removed
        group = os.fstat(shard_fd).st_gid
        for name, st in files.entries(shard_fd):
            if not (is_temp_name(name) or shard_generation(name) is not None):
                continue
            if name not in keep:
                if files.remove_regular(shard_fd, name):
                    removed.append(name)
            elif st.st_gid != group and st.st_uid == os.geteuid():
                with contextlib.suppress(OSError):
                    os.chown(name, -1, group, dir_fd=shard_fd, follow_symlinks=False)
    return removed
