"""``kinerja check``: verify an office and every backup, changing nothing.

The check takes no write lock, creates no file and removes nothing, so it can
run while clerks work.  It reads the manifest, checks every shard it names
(checksum, JSON, record count, every record's shape, ids) and reads the
manifest again: when the manifest is unchanged, whatever was found was really
there; when another clerk saved meanwhile, the check starts over, and if the
office keeps changing it finishes under a shared lock, which only waits for a
save in progress.  Each finding says the way out.
"""

from __future__ import annotations

import time
from pathlib import Path

from models import backup
from models.i18n import t
from models.manifest import damaged, decode_shard, parse_manifest
from models.office_files import SHARDS, OfficeFiles, StorageError, read_regular

ATTEMPTS = 20
SHARED_LOCK_TIMEOUT = 30.0


def check_office(path: str | Path) -> list[str]:
    """Findings about the office at ``path`` and its backups; empty when all is sound.

    Raises ``StorageError`` when there is no office at ``path`` at all.
    """
    files = OfficeFiles(path)
    try:
        try:
            files.refuse_unsafe()
        except StorageError as exc:
            return [str(exc)]
        files.require_office()
        live = _check_live(files)
        backups = backup.list_backups(files)
        findings = list(live)
        for item in backups:
            if not item.ok:
                findings.append(
                    t("check.backup_damaged", id=item.id, file=item.file, reason=item.problem)
                )
        for name in backup.legacy_files(files):
            findings.append(t("check.backup_legacy", file=name))
        if live:
            good = [item for item in backups if item.ok]
            if good:
                findings.append(t("check.way_out", id=good[0].id, taken=good[0].taken))
            else:
                findings.append(t("check.no_good_backup"))
        return findings
    finally:
        files.close()


def _check_live(files: OfficeFiles) -> list[str]:
    if files.manifest_stat() is None:
        return [
            str(
                StorageError(
                    "storage.manifest_lost", path=str(files.path), backups=str(files.backup_dir)
                )
            )
        ]
    for _attempt in range(ATTEMPTS):
        try:
            raw = files.read_manifest()
        except StorageError as exc:
            return [str(exc)]
        findings = _scan(files, raw)
        if not findings:
            return []
        try:
            again = files.read_manifest()
        except StorageError:
            again = None
        if again == raw:
            return findings
        time.sleep(0.05)
    with files.lock(SHARED_LOCK_TIMEOUT, shared=True):
        try:
            return _scan(files, files.read_manifest())
        except StorageError as exc:
            return [str(exc)]


def _scan(files: OfficeFiles, raw: bytes) -> list[str]:
    """Findings about one manifest and the shards it names."""
    try:
        manifest = parse_manifest(raw, files.path)
    except StorageError as exc:
        return [str(exc)]
    findings: list[str] = []
    highest = 0
    with files.directory(SHARDS) as shard_fd:
        for name, ref in sorted(manifest.tables.items()):
            shown = files.shard_dir / ref.file
            try:
                if shard_fd is None:
                    raise FileNotFoundError(ref.file)
                docs = decode_shard(
                    read_regular(shard_fd, ref.file, shown), name, ref, shown, files.path
                )
            except FileNotFoundError:
                findings.append(str(damaged(shown, "missing", files.path)))
                continue
            except StorageError as exc:
                findings.append(str(exc))
                continue
            highest = max([highest, *map(int, docs)])
    if highest >= manifest.next_id:
        findings.append(t("store.id_counter", next_id=manifest.next_id, highest=highest))
    return findings
