"""The office file format: the manifest and the shard files it names.

The manifest (``kinerja.json``) names, for every table, the shard file in
``kinerja.json.d/`` that holds it, with its record count and CRC-32; shards are
JSON written once under a name that carries the generation and the commit that
wrote it.  Reading either is strict: any doubt is reported as damage, naming the
file and the way to restore a backup (README, "Backups and checking").  Both the
live storage (``models.storage``) and the backups (``models.backup``) use this.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from models.office_files import BACKUPS, LOCK, SHARDS, StorageError
from models.schema import first_bad_record

FORMAT_NAME = "kinerja"
FORMAT_VERSION = 1
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")
_SHARD_FILE = re.compile(r"^[A-Za-z0-9_.~-]+?\.g(\d+)(?:-[0-9a-f]+)?\.json$")

Tables = dict[str, dict[str, Any]]


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


EMPTY = Manifest(0, 1, {}, "", "", {})


def shard_dir_of(path: Path) -> Path:
    return path.with_name(path.name + SHARDS)


def lock_path_of(path: Path) -> Path:
    return path.with_name(path.name + LOCK)


def backup_dir_of(path: Path) -> Path:
    return path.with_name(path.name + BACKUPS)


def os_user() -> str:
    """The OS account this process runs as, recorded in the audit trail.

    Taken from the effective user id, never from the environment, so nobody
    can write the audit trail under another clerk's name.
    """
    uid = os.geteuid()
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"uid {uid}"


def now_text() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def damaged(path: Path, reason: str, data_file: Path | None = None) -> StorageError:
    """``path`` is the damaged file; the backups are those of ``data_file`` (default: path)."""
    backups = backup_dir_of(data_file or path)
    return StorageError("storage.damaged", path=str(path), reason=reason, backups=str(backups))


def parse_manifest(raw: bytes, path: Path) -> Manifest:
    """Validate a manifest's bytes; any doubt is an error, never a guess."""
    if not raw.strip():
        raise damaged(path, "empty")
    if b"\x00" in raw:
        raise damaged(path, "nul")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise damaged(path, f"json: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise damaged(path, "format")
    version = data.get("version")
    if type(version) is not int:
        raise damaged(path, "version")
    if version > FORMAT_VERSION:
        raise StorageError("storage.newer_version", path=str(path), version=version)
    tables = data.get("tables")
    generation = data.get("generation")
    next_id = data.get("next_id")
    if not isinstance(tables, dict) or type(generation) is not int or generation < 0:
        raise damaged(path, "tables")
    if type(next_id) is not int or next_id < 1:
        raise damaged(path, "next_id")
    refs: dict[str, ShardRef] = {}
    for name, ref in tables.items():
        if (
            not isinstance(ref, dict)
            or not isinstance(ref.get("file"), str)
            or type(ref.get("count")) is not int
            or type(ref.get("crc")) is not int
            or not _SHARD_FILE.match(ref["file"])
        ):
            raise damaged(path, f"table {name}")
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


def shard_file_name(name: str, generation: int, writer: str) -> str:
    """``ratings~2026-S1~07.g42-1f2e3d.json``: table, generation and the writing commit.

    ``writer`` is drawn afresh for every commit, so two processes can never
    write the same file name, even if someone switched the lock off between them.
    """
    return f"{_SAFE_NAME.sub('_', name.replace('/', '~'))}.g{generation}-{writer}.json"


def new_writer() -> str:
    """Six random hex digits (``os.urandom``: the ``secrets`` module costs 4 ms at start-up)."""
    return os.urandom(3).hex()


def shard_generation(file_name: str) -> int | None:
    """The generation in a shard file name Kinerja made, else None."""
    found = _SHARD_FILE.match(file_name)
    return int(found.group(1)) if found else None


def encode_shard(name: str, generation: int, docs: Mapping[str, Any]) -> bytes:
    return orjson.dumps({"table": name, "generation": generation, "docs": docs})


def decode_shard(raw: bytes, name: str, ref: ShardRef, shown: Path, data_file: Path) -> Tables:
    """The records of one shard, verified: checksum, JSON, count and every record's shape."""
    if zlib.crc32(raw) != ref.crc:
        raise damaged(shown, "crc", data_file)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise damaged(shown, f"json: {exc}", data_file) from None
    docs = data.get("docs") if isinstance(data, dict) else None
    if not isinstance(docs, dict) or data.get("table") != name:
        raise damaged(shown, "docs", data_file)
    if len(docs) != ref.count:
        raise damaged(shown, f"count {len(docs)} != {ref.count}", data_file)
    bad = first_bad_record(name, docs)
    if bad is not None:
        raise damaged(shown, f"record {bad}", data_file)
    return docs
