"""Self-contained backups of an office, restorable whatever part of it is damaged.

A backup is one zip file in ``PATH.backups/`` named after the generation it saved
and the time it was taken (``g00000042-20261130T050202.zip``).  It holds that
generation's manifest (``manifest.json``) and a copy of every one of its shards
(``d/<shard file>``), so it shares no file with the live office: a shard damaged
or deleted in ``PATH.d/`` is still whole in every backup that saved it.  Zip
entries carry their own CRC and the manifest carries each shard's CRC and record
count; a backup is used only after all of them were checked.

A backup is named by its id, ``g`` and the generation (``g42``), which never
changes while the backup exists, unlike a position in a list.
"""

from __future__ import annotations

import contextlib
import io
import re
import stat
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from models.errors import KinerjaError
from models.manifest import Manifest, ShardRef, decode_shard, parse_manifest
from models.office_files import (
    BACKUPS,
    OfficeFiles,
    StorageError,
    fsync_dir,
    is_temp_name,
    read_regular,
    write_in,
)

if TYPE_CHECKING:
    import zipfile

    from models.storage import ShardedStorage

BACKUPS_KEPT = 10
BACKUP_INTERVAL_SECONDS = 300.0
"""A save backs up the state before it when the newest backup is older than this."""

MANIFEST_ENTRY = "manifest.json"
_NAME = re.compile(r"^g(\d{8})-(\d{8}T\d{6})\.zip$")
_LEGACY = re.compile(r"^\d{8}-\d{6}-g\d+\.json$")
_ID = re.compile(r"^g?(\d+)$")


@dataclass(frozen=True)
class Backup:
    """One backup as ``kinerja backup list`` shows it."""

    file: str
    generation: int
    taken: datetime
    manifest: Manifest | None
    problem: str | None
    """Why the backup cannot be used (None when it was checked and is whole)."""

    @property
    def id(self) -> str:
        return f"g{self.generation}"

    @property
    def ok(self) -> bool:
        return self.problem is None and self.manifest is not None

    @property
    def records(self) -> int | None:
        """Records in the backed-up state, the audit trail not counted."""
        if self.manifest is None:
            return None
        return sum(
            ref.count for name, ref in self.manifest.tables.items() if not name.startswith("audit")
        )


def file_name(generation: int, when: datetime | None = None) -> str:
    return f"g{generation:08d}-{(when or datetime.now()):%Y%m%dT%H%M%S}.zip"


def _entry(ref: ShardRef) -> str:
    return f"d/{ref.file}"


def encode(manifest: Manifest, shards: dict[str, bytes]) -> bytes:
    """The zip of ``manifest`` and its shards' bytes (by shard file name)."""
    import zipfile  # here and below: only when a backup is written or read, not at start-up

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(MANIFEST_ENTRY, manifest.to_json())
        for ref in sorted(manifest.tables.values(), key=lambda r: r.file):
            z.writestr(_entry(ref), shards[ref.file])
    return buffer.getvalue()


def write_backup(
    files: OfficeFiles, manifest: Manifest, read_shard: Callable[[ShardRef], bytes]
) -> str | None:
    """Back up ``manifest`` with a checked copy of each of its shards; the new file's name.

    Returns None when a backup of that generation exists already (it is the
    same state).  Raises ``StorageError`` when a shard is missing or damaged:
    a damaged state is not worth a backup, and saying so is better than
    rotating a good backup out for it.
    """
    with files.directory(BACKUPS, create=True) as backup_fd:
        assert backup_fd is not None
        for name, _st in files.entries(backup_fd):
            found = _NAME.match(name)
            if found and int(found.group(1)) == manifest.generation:
                return None
        shards: dict[str, bytes] = {}
        for ref in manifest.tables.values():
            shown = files.shard_dir / ref.file
            try:
                raw = read_shard(ref)
            except FileNotFoundError:
                raise _damaged_live(files, shown, "missing") from None
            if zlib.crc32(raw) != ref.crc:
                raise _damaged_live(files, shown, "crc")
            shards[ref.file] = raw
        target = file_name(manifest.generation)
        write_in(backup_fd, target, encode(manifest, shards))
        try:
            fsync_dir(backup_fd)
        except BaseException:
            files.remove_regular(backup_fd, target)
            raise
        return target


def _damaged_live(files: OfficeFiles, shown: Path, reason: str) -> StorageError:
    return StorageError(
        "storage.damaged", path=str(shown), reason=reason, backups=str(files.backup_dir)
    )


def maybe_backup(storage: ShardedStorage, old: Manifest) -> None:
    """Back up the state a save is about to replace, at most every few minutes."""
    if old.generation == 0 or not old.tables:
        return
    newest = _newest_mtime(storage.files)
    if newest is not None and time.time() - newest < BACKUP_INTERVAL_SECONDS:
        return
    if write_backup(storage.files, old, storage.read_shard_bytes) is not None:
        rotate(storage.files)


def _newest_mtime(files: OfficeFiles) -> float | None:
    with files.directory(BACKUPS) as backup_fd:
        if backup_fd is None:
            return None
        newest: tuple[int, float] | None = None
        for name, st in files.entries(backup_fd):
            found = _NAME.match(name)
            if found and stat.S_ISREG(st.st_mode):
                candidate = (int(found.group(1)), st.st_mtime)
                newest = candidate if newest is None else max(newest, candidate)
        return None if newest is None else newest[1]


def rotate(files: OfficeFiles, keep: int = BACKUPS_KEPT) -> list[str]:
    """Remove all but the ``keep`` newest backups (by generation); their names."""
    with files.directory(BACKUPS) as backup_fd:
        if backup_fd is None:
            return []
        ours = sorted(
            (
                (int(found.group(1)), name)
                for name, st in files.entries(backup_fd)
                if (found := _NAME.match(name)) and stat.S_ISREG(st.st_mode)
            ),
            reverse=True,
        )
        removed = [name for _g, name in ours[keep:] if files.remove_regular(backup_fd, name)]
        if removed:
            with contextlib.suppress(OSError):
                fsync_dir(backup_fd)
        return removed


# --------------------------------------------------------------------------- reading


def _taken(stamp: str) -> datetime:
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S")
    except ValueError:
        return datetime.min


def _read_zip(raw: bytes, shown: Path) -> tuple[Manifest, zipfile.ZipFile]:
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        manifest_raw = archive.read(MANIFEST_ENTRY)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, zlib.error) as exc:
        raise StorageError("backup.damaged", path=str(shown), reason=str(exc)) from None
    try:
        manifest = parse_manifest(manifest_raw, shown)
    except StorageError as exc:
        raise StorageError(
            "backup.damaged", path=str(shown), reason=exc.params.get("reason", exc.key)
        ) from None
    return manifest, archive


def _shards_of(
    archive: zipfile.ZipFile, manifest: Manifest, shown: Path, *, parse: bool
) -> dict[str, bytes]:
    """Every shard of a backup, checked (CRCs; with ``parse`` also each record's shape)."""
    import zipfile

    shards: dict[str, bytes] = {}
    for name, ref in manifest.tables.items():
        try:
            raw = archive.read(_entry(ref))
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, zlib.error) as exc:
            raise StorageError("backup.damaged", path=str(shown), reason=str(exc)) from None
        if zlib.crc32(raw) != ref.crc:
            raise StorageError("backup.damaged", path=str(shown), reason=f"{ref.file}: crc")
        if parse:
            try:
                decode_shard(raw, name, ref, shown, shown)
            except StorageError as exc:
                reason = f"{ref.file}: {exc.params.get('reason', exc.key)}"
                raise StorageError("backup.damaged", path=str(shown), reason=reason) from None
        shards[ref.file] = raw
    return shards


Depth = Literal["manifest", "crc", "full"]
"""How closely ``list_backups`` checks: only the manifest, every CRC, or every record."""


def list_backups(files: OfficeFiles, depth: Depth = "full") -> list[Backup]:
    """Every backup, newest first, checked to ``depth``.

    Works whatever state the live office is in: it reads only ``PATH.backups``.
    """
    found: list[Backup] = []
    with files.directory(BACKUPS) as backup_fd:
        if backup_fd is None:
            return []
        for name, st in files.entries(backup_fd):
            match = _NAME.match(name)
            if not match:
                continue
            generation, taken = int(match.group(1)), _taken(match.group(2))
            shown = files.backup_dir / name
            if not stat.S_ISREG(st.st_mode):
                problem = "symlink" if stat.S_ISLNK(st.st_mode) else "not a file"
                found.append(Backup(name, generation, taken, None, problem))
                continue
            try:
                manifest, archive = _read_zip(read_regular(backup_fd, name, shown), shown)
                with archive:
                    if depth != "manifest":
                        _shards_of(archive, manifest, shown, parse=depth == "full")
                if manifest.generation != generation:
                    raise StorageError("backup.damaged", path=str(shown), reason="generation")
            except (StorageError, FileNotFoundError) as exc:
                found.append(Backup(name, generation, taken, None, _reason(exc)))
                continue
            found.append(Backup(name, generation, taken, manifest, None))
    found.sort(key=lambda b: (b.generation, b.file), reverse=True)
    return found


def _reason(exc: Exception) -> str:
    if isinstance(exc, KinerjaError):
        return str(exc.params.get("reason", exc))
    return "missing"


def legacy_files(files: OfficeFiles) -> list[str]:
    """Backups in the format of earlier versions (a bare manifest naming live shards)."""
    with files.directory(BACKUPS) as backup_fd:
        if backup_fd is None:
            return []
        return sorted(name for name, _st in files.entries(backup_fd) if _LEGACY.match(name))


def legacy_references(files: OfficeFiles) -> set[str]:
    """The shard files that old-format backups still name (empty when there are none)."""
    names = legacy_files(files)
    if not names:
        return set()
    referenced: set[str] = set()
    with files.directory(BACKUPS) as backup_fd:
        if backup_fd is None:
            return referenced
        for name in names:
            shown = files.backup_dir / name
            try:
                manifest = parse_manifest(read_regular(backup_fd, name, shown), shown)
            except (StorageError, FileNotFoundError):
                continue
            referenced.update(ref.file for ref in manifest.tables.values())
    return referenced


def find(backups: list[Backup], wanted: str) -> Backup:
    """The backup a clerk named: ``g42``, ``42`` or its file name."""
    text = wanted.strip()
    match = _ID.match(text)
    for candidate in backups:
        if candidate.file in (text, text + ".zip") or (
            match and candidate.generation == int(match.group(1))
        ):
            return candidate
    known = ", ".join(b.id for b in backups[:5]) or "-"
    raise KinerjaError("backup.not_found", id=text, known=known)


def read_backup(files: OfficeFiles, wanted: str) -> tuple[Backup, Manifest, dict[str, bytes]]:
    """The backup ``wanted`` with every shard checked down to each record; else an error."""
    backup = find(list_backups(files, "manifest"), wanted)
    shown = files.backup_dir / backup.file
    if backup.problem is not None:
        raise StorageError("backup.damaged", path=str(shown), reason=backup.problem)
    with files.directory(BACKUPS) as backup_fd:
        if backup_fd is None:
            raise KinerjaError("backup.not_found", id=wanted, known="-")
        try:
            raw = read_regular(backup_fd, backup.file, shown)
        except FileNotFoundError:
            raise KinerjaError("backup.not_found", id=wanted, known="-") from None
    manifest, archive = _read_zip(raw, shown)
    with archive:
        shards = _shards_of(archive, manifest, shown, parse=True)
    return backup, manifest, shards


# --------------------------------------------------------------------------- tidying


def sweep(storage: ShardedStorage) -> list[str]:
    """Under the lock: remove temp files in ``PATH.backups`` and convert old-format backups.

    An old-format backup names shards in ``PATH.d``; it becomes a zip when all of
    them are still there and whole, and is left alone (``kinerja check`` reports
    it) when not.
    """
    files = storage.files
    removed: list[str] = []
    with files.directory(BACKUPS) as backup_fd:
        if backup_fd is None:
            return []
        for name, _st in files.entries(backup_fd):
            if is_temp_name(name) and files.remove_regular(backup_fd, name):
                removed.append(name)
        for name in legacy_files(files):
            shown = files.backup_dir / name
            try:
                manifest = parse_manifest(read_regular(backup_fd, name, shown), shown)
                write_backup(files, manifest, storage.read_shard_bytes)
            except (StorageError, FileNotFoundError):
                continue
            if files.remove_regular(backup_fd, name):
                removed.append(name)
    if removed:
        rotate(files)
    return removed


__all__ = [
    "BACKUPS_KEPT",
    "BACKUP_INTERVAL_SECONDS",
    "Backup",
    "list_backups",
    "maybe_backup",
    "read_backup",
    "rotate",
    "write_backup",
]
