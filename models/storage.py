"""Crash-safe, multi-process file storage behind TinyDB.

Layout of one office data file ``kinerja.json``:

- ``kinerja.json`` is a small *manifest*: format name and version, a
  generation counter, the next record id, and for every table the name of the
  shard file holding it with its size and CRC.
- ``kinerja.json.d/`` holds the shard files.  A shard file is written once
  under a new name and never modified, so a save only writes the shards it
  changed plus the manifest; the ``os.replace`` of the manifest is the single
  atomic commit point of a save, however many shards it touched.
- ``kinerja.json.lock`` is the lock file (``flock``) held across every
  read-modify-write, so several clerks' processes never lose each other's work.
- ``kinerja.json.backups/`` holds copies of earlier manifests; the shards they
  name are kept as long as a backup names them.

Large tables (ratings, audit) are split into many shards by the layer above
(``models.store``), so saving one score costs about the same in a 40-person
office as in a 5,000-person one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import os
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from models.errors import KinerjaError

FORMAT_NAME = "kinerja"
FORMAT_VERSION = 1
FILE_MODE = 0o660
DIR_MODE = 0o770
BACKUPS_KEPT = 10
BACKUP_INTERVAL_SECONDS = 300.0
TEMP_PREFIX = ".kinerja-tmp-"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")

Tables = dict[str, dict[str, Any]]


class StorageError(KinerjaError):
    """The data file cannot be read or written; nothing was changed."""


class BusyError(StorageError):
    """Another process held the lock for longer than the wait limit."""


@dataclass(frozen=True)
class ShardRef:
    """Where one table lives: the shard file, its document count and CRC-32."""

    file: str
    count: int
    crc: int


@dataclass(frozen=True)
class Manifest:
    generation: int
    next_id: int
    tables: dict[str, ShardRef]
    saved_at: str
    saved_by: str
    meta: dict[str, Any]

    def to_json(self) -> bytes:
        return orjson.dumps(
            {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "generation": self.generation,
                "next_id": self.next_id,
                "saved_at": self.saved_at,
                "saved_by": self.saved_by,
                "meta": self.meta,
                "tables": {
                    name: {"file": ref.file, "count": ref.count, "crc": ref.crc}
                    for name, ref in sorted(self.tables.items())
                },
            },
            option=orjson.OPT_INDENT_2,
        )


def shard_dir_of(path: Path) -> Path:
    return path.with_name(path.name + ".d")


def lock_path_of(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def backup_dir_of(path: Path) -> Path:
    return path.with_name(path.name + ".backups")


def os_user() -> str:
    """The login name recorded in the audit trail."""
    for var in ("KINERJA_USER", "LOGNAME", "USER", "USERNAME"):
        value = os.environ.get(var)
        if value:
            return value
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return "unknown"


def _damaged(path: Path, reason: str, data_file: Path | None = None) -> StorageError:
    """``path`` is the damaged file; the backups are those of ``data_file`` (default: path)."""
    backups = backup_dir_of(data_file or path)
    return StorageError("storage.damaged", path=str(path), reason=reason, backups=str(backups))


def parse_manifest(raw: bytes, path: Path) -> Manifest:
    """Validate a manifest's bytes; any doubt is an error, never a guess."""
    if not raw.strip():
        raise _damaged(path, "empty")
    if b"\x00" in raw:
        raise _damaged(path, "nul")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _damaged(path, f"json: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise _damaged(path, "format")
    version = data.get("version")
    if not isinstance(version, int):
        raise _damaged(path, "version")
    if version > FORMAT_VERSION:
        raise StorageError("storage.newer_version", path=str(path), version=version)
    tables = data.get("tables")
    generation = data.get("generation")
    next_id = data.get("next_id")
    if not isinstance(tables, dict) or not isinstance(generation, int):
        raise _damaged(path, "tables")
    if not isinstance(next_id, int):
        raise _damaged(path, "next_id")
    refs: dict[str, ShardRef] = {}
    for name, ref in tables.items():
        if (
            not isinstance(ref, dict)
            or not isinstance(ref.get("file"), str)
            or not isinstance(ref.get("count"), int)
            or not isinstance(ref.get("crc"), int)
            or "/" in ref["file"]
            or ref["file"].startswith(".")
        ):
            raise _damaged(path, f"table {name}")
        refs[name] = ShardRef(ref["file"], ref["count"], ref["crc"])
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    return Manifest(
        generation=generation,
        next_id=next_id,
        tables=refs,
        saved_at=str(data.get("saved_at", "")),
        saved_by=str(data.get("saved_by", "")),
        meta=meta or {},
    )


def _make_shared_dir(directory: Path) -> None:
    """Create ``directory`` writable by the office group whatever the umask, as the files are."""
    try:
        directory.mkdir(mode=DIR_MODE)
    except FileExistsError:
        return
    with contextlib.suppress(OSError):
        os.chmod(directory, DIR_MODE)


_GENERATION_AT_HEAD = re.compile(
    rb'^\{\s*"format":\s*"kinerja",\s*"version":\s*\d+,\s*"generation":\s*(\d+),'
)


def _quick_generation(raw: bytes) -> int | None:
    """The generation read off the start of a manifest we wrote, without parsing it all.

    Only used to confirm "nothing changed"; any other answer leads to a full parse.
    """
    found = _GENERATION_AT_HEAD.match(raw[:200])
    return int(found.group(1)) if found else None


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file_durably(target: Path, content: bytes) -> None:
    """Write ``content`` to a temp file beside ``target``, fsync it, then ``os.replace`` it.

    Readers see either the old file or the new one, never a mix.  On any
    failure the temp file is removed and the old target is untouched.
    """
    tmp = target.with_name(f"{TEMP_PREFIX}{os.getpid()}-{time.monotonic_ns()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(content)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
        docs = self._storage.load_shard(name)
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
        self.path = Path(path).absolute()
        self.shard_dir = shard_dir_of(self.path)
        self.lock_path = lock_path_of(self.path)
        self.backup_dir = backup_dir_of(self.path)
        self.lock_timeout = lock_timeout
        self.on_busy = on_busy
        self._lock_fd: int | None = None
        self._lock_owner: int | None = None
        self._backup_cache: dict[tuple[str, int, int], Manifest | None] = {}
        self.version = 0
        """Bumped whenever the in-memory tables change (commit, reload, discard)."""
        self._stat_key: tuple[int, int, int] | None = None
        self.manifest = Manifest(0, 1, {}, "", "", {})
        self.tables = LazyTables(self)
        if not self.path.exists():
            if initial is None:
                raise StorageError("storage.missing", path=str(self.path))
            self._create(initial)
        self.reload(force=True)

    # ---------------------------------------------------------------- reading

    def _current_stat_key(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def changed_on_disk(self) -> bool:
        """Cheap check (one ``stat``) whether another process committed since we read."""
        return self._current_stat_key() != self._stat_key

    def reload(self, *, force: bool = False) -> bool:
        """Re-read the manifest if it changed; drop cached shards whose file changed.

        Returns True when anything changed.  The cheap ``stat`` check is trusted
        only outside the lock: inode numbers are reused and timestamps are coarse,
        so a writer compares the generation, or it could save over newer work.
        """
        if not force and self._lock_fd is None and not self.changed_on_disk():
            return False
        for _attempt in range(20):
            key = self._current_stat_key()
            if key is None:
                raise StorageError("storage.missing", path=str(self.path))
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StorageError("storage.read_failed", path=str(self.path), error=exc) from None
            if (
                not force
                and key == self._stat_key
                and _quick_generation(raw) == self.manifest.generation
            ):
                # Same file as we last read or wrote, same generation: nothing to parse.
                return False
            manifest = parse_manifest(raw, self.path)
            if not force and manifest.generation == self.manifest.generation:
                self._stat_key = key
                return False
            old = self.manifest.tables
            self.manifest = manifest
            self._stat_key = key
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
        raise StorageError("storage.read_failed", path=str(self.path), error="unstable")

    def load_shard(self, name: str, manifest: Manifest | None = None) -> dict[str, Any]:
        """Read and verify one shard of ``manifest`` (default: the current one)."""
        own = manifest is None
        ref = (manifest or self.manifest).tables[name]
        target = self.shard_dir / ref.file
        try:
            raw = target.read_bytes()
        except FileNotFoundError:
            # A writer may have replaced the shard since we read the manifest.
            if own and self.reload():
                return self.tables[name]
            raise _damaged(target, "missing", self.path) from None
        except OSError as exc:
            raise StorageError("storage.read_failed", path=str(target), error=exc) from None
        if zlib.crc32(raw) != ref.crc:
            if own and self.reload():
                return self.tables[name]
            raise _damaged(target, "crc", self.path)
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise _damaged(target, f"json: {exc}", self.path) from None
        docs = data.get("docs") if isinstance(data, dict) else None
        if not isinstance(docs, dict):
            raise _damaged(target, "docs", self.path)
        # Loaded records are long-lived and hold no reference cycles: keep them out of
        # the cyclic collector's scans, whose cost would otherwise grow with the office.
        gc.freeze()
        return docs

    def read(self) -> LazyTables:  # type: ignore[override]
        return self.tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """TinyDB hands back the table mapping it changed; the commit happens in ``commit``."""
        if self._lock_fd is None:
            raise StorageError("storage.not_locked")
        if data is not self.tables:
            for name, docs in data.items():
                self.tables[name] = docs

    # ---------------------------------------------------------------- locking

    @contextlib.contextmanager
    def locked(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the exclusive lock, waiting at most ``timeout`` (default ``lock_timeout``) s."""
        limit = self.lock_timeout if timeout is None else timeout
        if self._lock_fd is not None and self._lock_owner == threading.get_ident():
            yield
            return
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            raise StorageError(
                "storage.write_failed", path=str(self.lock_path), error=exc
            ) from None
        try:
            with contextlib.suppress(OSError):
                os.fchmod(fd, FILE_MODE)
            started = time.monotonic()
            told = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                waited = time.monotonic() - started
                if waited >= limit:
                    raise BusyError("storage.busy_timeout", seconds=round(limit))
                if not told and waited >= 0.3 and self.on_busy is not None:
                    told = True
                    self.on_busy(waited)
                time.sleep(0.02)
            self._lock_fd = fd
            self._lock_owner = threading.get_ident()
            try:
                yield
            finally:
                self._lock_fd = None
                self._lock_owner = None
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    # ---------------------------------------------------------------- writing

    def _shard_file_name(self, name: str, generation: int) -> str:
        return f"{_SAFE_NAME.sub('_', name.replace('/', '~'))}.g{generation}.json"

    def commit(self, *, next_id: int, meta: dict[str, Any] | None = None) -> Manifest:
        """Write the dirty shards and a new manifest; the manifest replace is the commit.

        Must be called with the lock held.  On failure, the files on disk are
        as before and the in-memory state is re-read from them; the one
        exception is ``storage.sync_failed``, raised after the commit point.
        """
        if self._lock_fd is None:
            raise StorageError("storage.not_locked")
        old = self.manifest
        generation = old.generation + 1
        tables = dict(old.tables)
        written: list[Path] = []
        try:
            _make_shared_dir(self.shard_dir)
            for name in sorted(self.tables.dirty):
                docs = self.tables.loaded[name]
                content = orjson.dumps({"table": name, "generation": generation, "docs": docs})
                file_name = self._shard_file_name(name, generation)
                target = self.shard_dir / file_name
                write_file_durably(target, content)
                written.append(target)
                tables[name] = ShardRef(file_name, len(docs), zlib.crc32(content))
            for name in self.tables.dropped:
                tables.pop(name, None)
            if written:
                _fsync_dir(self.shard_dir)
            manifest = Manifest(
                generation=generation,
                next_id=next_id,
                tables=tables,
                saved_at=datetime.now().astimezone().isoformat(timespec="seconds"),
                saved_by=os_user(),
                meta=old.meta if meta is None else meta,
            )
            self._maybe_backup(old)
            write_file_durably(self.path, manifest.to_json())
        except OSError as exc:
            for target in written:
                with contextlib.suppress(OSError):
                    target.unlink()
            self.reload(force=True)
            raise StorageError("storage.write_failed", path=str(self.path), error=exc) from None
        except BaseException:
            self.reload(force=True)
            raise
        self.manifest = manifest
        self._stat_key = self._current_stat_key()
        self.tables.dirty.clear()
        self.tables.dropped.clear()
        self.version += 1
        try:
            _fsync_dir(self.path.parent)
        except OSError as exc:
            # The new manifest is already what every process reads, so the save
            # happened and its shards must stay; only surviving a power cut is in doubt.
            raise StorageError("storage.sync_failed", path=str(self.path), error=exc) from None
        self._collect_garbage(old, manifest)
        return manifest

    def discard_changes(self) -> None:
        """Forget uncommitted edits (after an error inside a transaction)."""
        self.reload(force=True)

    def _create(self, initial: Callable[[], Tables]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.locked():
            if self.path.exists():
                return
            if self.shard_dir.is_dir() and any(self.shard_dir.iterdir()):
                # The index is gone but the data is not: never start an empty office over it.
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
            self.commit(next_id=next_id)

    # ---------------------------------------------------------------- backups

    def backup_manifests(self) -> list[tuple[Path, Manifest | None]]:
        """Backups, newest first; a damaged backup is listed with ``None``.

        Parsed backups are remembered by file name, size and mtime, so the
        commits that consult them (garbage collection, backup timing) pay only
        for a directory listing.
        """
        if not self.backup_dir.is_dir():
            return []
        found: list[tuple[Path, Manifest | None]] = []
        cache: dict[tuple[str, int, int], Manifest | None] = {}
        for path in self.backup_dir.glob("*.json"):
            try:
                st = path.stat()
            except OSError:
                continue
            key = (path.name, st.st_size, st.st_mtime_ns)
            if key in self._backup_cache:
                manifest = self._backup_cache[key]
            else:
                try:
                    manifest = parse_manifest(path.read_bytes(), path)
                except (StorageError, OSError):
                    manifest = None
            cache[key] = manifest
            found.append((path, manifest))
        self._backup_cache = cache
        found.sort(key=lambda item: (item[1].generation if item[1] else -1, item[0].name))
        found.reverse()
        return found

    def _maybe_backup(self, old: Manifest) -> None:
        if old.generation == 0 or not old.tables:
            return
        backups = self.backup_manifests()
        if backups:
            newest = backups[0][0]
            if time.time() - newest.stat().st_mtime < BACKUP_INTERVAL_SECONDS:
                return
        self.write_backup(old)

    def write_backup(self, manifest: Manifest) -> Path:
        _make_shared_dir(self.backup_dir)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.backup_dir / f"{stamp}-g{manifest.generation}.json"
        write_file_durably(target, manifest.to_json())
        backups = self.backup_manifests()
        rotated_out = backups[BACKUPS_KEPT:]
        for path, _m in rotated_out:
            with contextlib.suppress(OSError):
                path.unlink()
        # Shards only the rotated-out backups named are garbage now.  Files of a
        # commit in progress are newer than any backup, so they are never among them.
        orphans = {
            ref.file for _p, m in rotated_out if m is not None for ref in m.tables.values()
        } - self._referenced(self.manifest)
        for file_name in orphans:
            with contextlib.suppress(OSError):
                (self.shard_dir / file_name).unlink()
        return target

    def _referenced(self, current: Manifest) -> set[str]:
        files = {ref.file for ref in current.tables.values()}
        for _path, manifest in self.backup_manifests():
            if manifest is not None:
                files.update(ref.file for ref in manifest.tables.values())
        return files

    def _collect_garbage(self, old: Manifest, new: Manifest) -> None:
        """Delete shard files this commit superseded, unless a backup still names them."""
        superseded = {ref.file for ref in old.tables.values()} - {
            ref.file for ref in new.tables.values()
        }
        if not superseded:
            return
        keep = self._referenced(new)
        for file_name in superseded - keep:
            with contextlib.suppress(OSError):
                (self.shard_dir / file_name).unlink()

    def sweep(self) -> list[str]:
        """Remove leftover temp files and unreferenced shards (lock held). Returns their names."""
        removed: list[str] = []
        keep = self._referenced(self.manifest)
        for directory in (self.path.parent, self.shard_dir, self.backup_dir):
            if not directory.is_dir():
                continue
            for entry in directory.iterdir():
                stale_temp = entry.name.startswith(TEMP_PREFIX)
                orphan = directory == self.shard_dir and entry.name not in keep
                if stale_temp or orphan:
                    with contextlib.suppress(OSError):
                        entry.unlink()
                        removed.append(entry.name)
        return removed
