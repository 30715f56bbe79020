"""Records with stable ids and revisions, transactions, sharding and the audit trail.

Every change goes through ``Store.transaction()``: it takes the file lock,
catches up with what other clerks saved, applies the changes through TinyDB,
writes one audit entry per changed record and commits atomically.  A record
edited from a stale revision raises ``ConflictError`` instead of overwriting
someone else's work.
"""

from __future__ import annotations

import contextlib
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from models import backup
from models.backup import Backup
from models.errors import KinerjaError
from models.manifest import Manifest, Tables, now_text, os_user
from models.storage import BusyError, ShardedStorage, StorageError

__all__ = ["BusyError", "ConflictError", "StorageError", "Store", "Txn"]

RATING_BUCKETS = 32
EVALUATION_BUCKETS = 8
AUDIT_CHUNK_SIZE = 250
SHARDED = ("ratings", "evaluations", "audit")


class ConflictError(KinerjaError):
    """The record changed since the clerk opened it; ``current`` is what is stored now."""

    def __init__(self, table: str, current: dict[str, Any] | None) -> None:
        super().__init__("store.conflict" if current else "store.conflict_deleted", table=table)
        self.table = table
        self.current = current


def rating_shard(periode: str, nip_dinilai: str) -> str:
    """Ratings are split per period and by a stable hash of the ratee's NIP."""
    bucket = zlib.crc32(nip_dinilai.encode()) % RATING_BUCKETS
    return f"ratings/{periode}/{bucket:02d}"


def evaluation_shard(periode: str, nip: str) -> str:
    """Official evaluations are split per period and by a stable hash of the NIP."""
    bucket = zlib.crc32(nip.encode()) % EVALUATION_BUCKETS
    return f"evaluations/{periode}/{bucket:02d}"


def _physical(table: str, doc: Mapping[str, Any]) -> str:
    if table == "ratings":
        return rating_shard(str(doc["periode"]), str(doc["nip_dinilai"]))
    if table == "evaluations":
        return evaluation_shard(str(doc["periode"]), str(doc["nip"]))
    if table in SHARDED:
        raise ValueError(f"{table} is written through its own method")
    return table


def _related(doc: Mapping[str, Any]) -> tuple[list[str], str | None]:
    """The NIPs and period an audit entry concerns, so it can be shown per employee/period."""
    nips: list[str] = []
    for key in ("nip", "nip_dinilai", "nip_penilai"):
        value = doc.get(key)
        if isinstance(value, str) and value and value not in nips:
            nips.append(value)
    periode = doc.get("periode")
    if periode is None and "status" in doc and "kode" in doc:
        periode = doc.get("kode")
    return nips, str(periode) if periode is not None else None


class Store:
    """One office data file, opened by one process (the TUI or one CLI command)."""

    def __init__(
        self,
        path: str | Path,
        *,
        initial: Callable[[], Tables] | None = None,
        lock_timeout: float = 10.0,
        on_busy: Callable[[float], None] | None = None,
    ) -> None:
        self.storage = ShardedStorage(
            path, lock_timeout=lock_timeout, on_busy=on_busy, initial=initial
        )
        self.db = TinyDB(storage=_Reuse(self.storage))
        self.path = self.storage.path
        self._txn: Txn | None = None
        self.mutex = threading.RLock()
        """Serialises transactions and refreshes between threads of one process."""

    # ----------------------------------------------------------------- reads

    @property
    def generation(self) -> int:
        return self.storage.manifest.generation

    @property
    def manifest(self) -> Manifest:
        return self.storage.manifest

    def changed_on_disk(self) -> bool:
        return self.storage.changed_on_disk()

    def refresh(self) -> bool:
        """Catch up with other processes' saves; True when something changed.

        Skipped while a transaction runs in another thread: it catches up itself.
        """
        if not self.mutex.acquire(blocking=False):
            return False
        try:
            return self.storage.reload()
        finally:
            self.mutex.release()

    def physical_tables(self, prefix: str) -> list[str]:
        tables = self.storage.tables
        return sorted(name for name in tables if name == prefix or name.startswith(prefix + "/"))

    def all(self, table: str, *, shard: str | None = None) -> list[dict[str, Any]]:
        """Every record of a logical table (or of one shard prefix, e.g. one period's ratings).

        The dicts are the cached records: treat them as read-only.
        """
        prefix = f"{table}/{shard}" if shard else table
        docs: list[dict[str, Any]] = []
        tables = self.storage.tables
        for name in self.physical_tables(prefix):
            docs.extend(tables[name].values())
        return docs

    def get(self, table: str, record_id: int) -> dict[str, Any] | None:
        if table in SHARDED:
            raise ValueError("sharded records are found through all()")
        tables = self.storage.tables
        if table not in tables:
            return None
        doc = tables[table].get(str(record_id))
        return doc

    def find_rating(
        self, periode: str, nip_dinilai: str, nip_penilai: str
    ) -> dict[str, Any] | None:
        name = rating_shard(periode, nip_dinilai)
        tables = self.storage.tables
        if name not in tables:
            return None
        for doc in tables[name].values():
            if doc["nip_dinilai"] == nip_dinilai and doc["nip_penilai"] == nip_penilai:
                return doc  # type: ignore[no-any-return]
        return None

    def ratings_of(self, periode: str, nip_dinilai: str) -> list[dict[str, Any]]:
        name = rating_shard(periode, nip_dinilai)
        tables = self.storage.tables
        if name not in tables:
            return []
        return [d for d in tables[name].values() if d["nip_dinilai"] == nip_dinilai]

    def audit(self, *, nip: str | None = None, periode: str | None = None) -> list[dict[str, Any]]:
        """Audit entries, oldest first, optionally only those about one employee or period."""
        entries = sorted(self.all("audit"), key=lambda e: int(e["id"]))
        if nip is not None:
            entries = [e for e in entries if nip in e.get("nip", ())]
        if periode is not None:
            entries = [e for e in entries if e.get("periode") == periode]
        return entries

    # ----------------------------------------------------------------- writes

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Txn]:
        """Lock, catch up, yield a ``Txn``; commit when the block ends without error."""
        if self._txn is not None and self._txn.thread == threading.get_ident():
            yield self._txn
            return
        with self.storage.locked(), self.mutex:
            self.storage.reload()
            txn = Txn(self)
            self._txn = txn
            try:
                yield txn
                if txn.changed:
                    txn.flush_audit()
                    self.storage.commit(next_id=txn.next_id, meta=txn.meta)
            except BaseException:
                if txn.changed:
                    self.storage.discard_changes()
                raise
            finally:
                self._txn = None

    def tidy(self, *, wait: bool = False) -> list[str]:
        """Remove temp files left by a killed process and shards nothing names any more.

        Runs under the lock after catching up with other clerks, so a shard
        another process has just committed is never taken for an orphan.
        Without ``wait`` it is skipped (returns []) when someone holds the lock.
        """
        try:
            with self.storage.locked(None if wait else 0.0), self.mutex:
                self.storage.reload()
                return self.storage.sweep()
        except BusyError:
            if wait:
                raise
            return []

    # ---------------------------------------------------------------- backups

    def backups(self) -> list[Backup]:
        """Backups newest first, each checked, as ``kinerja backup list`` shows them."""
        return backup.list_backups(self.storage.files)

    def close(self) -> None:
        self.storage.close()


class _Reuse:
    """Hands TinyDB our already-open storage instead of letting it construct one."""

    def __init__(self, storage: ShardedStorage) -> None:
        self.storage = storage

    def __call__(self) -> ShardedStorage:
        return self.storage


class Txn:
    """Changes made under the lock; created by ``Store.transaction``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.next_id = store.storage.manifest.next_id
        self.meta = dict(store.storage.manifest.meta)
        self.changed = False
        self.thread = threading.get_ident()
        self._audit: list[dict[str, Any]] = []
        self.user = os_user()

    def _new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def _table(self, name: str) -> Any:
        return self.store.db.table(name, cache_size=0)

    def all(self, table: str, *, shard: str | None = None) -> list[dict[str, Any]]:
        return self.store.all(table, shard=shard)

    def get(self, table: str, record_id: int) -> dict[str, Any] | None:
        return self.store.get(table, record_id)

    def insert(self, table: str, doc: Mapping[str, Any]) -> dict[str, Any]:
        record_id = self._new_id()
        stored = {**doc, "id": record_id, "rev": 1}
        self._table(_physical(table, stored)).insert(Document(stored, doc_id=record_id))
        self.changed = True
        self._log("tambah", table, stored, None, without_keys(stored))
        return stored

    def _current(self, table: str, record: Mapping[str, Any]) -> dict[str, Any] | None:
        name = _physical(table, record)
        tables = self.store.storage.tables
        if name not in tables:
            return None
        found = tables[name].get(str(record["id"]))
        return found

    def update(
        self,
        table: str,
        record: Mapping[str, Any],
        changes: Mapping[str, Any],
        *,
        check_rev: bool = True,
    ) -> dict[str, Any]:
        """Apply ``changes`` to ``record`` (as the clerk saw it); a stale rev is a conflict."""
        current = self._current(table, record)
        if current is None:
            raise ConflictError(table, None)
        if check_rev and current["rev"] != record["rev"]:
            raise ConflictError(table, dict(current))
        old = {k: current.get(k) for k in changes if current.get(k) != changes[k]}
        if not old:
            return current
        new = {k: changes[k] for k in old}
        stored = {**current, **new, "id": current["id"], "rev": current["rev"] + 1}
        # Remove + insert rather than an in-place update: TinyDB then builds new
        # dicts, so a reader in another thread never sees a half-changed record.
        physical = self._table(_physical(table, stored))
        physical.remove(doc_ids=[int(current["id"])])
        physical.insert(Document(stored, doc_id=int(current["id"])))
        self.changed = True
        self._log("ubah", table, stored, old, new)
        return stored

    def write_many(
        self,
        table: str,
        inserts: Iterable[Mapping[str, Any]],
        updates: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
    ) -> None:
        """Insert ``inserts`` and apply ``(current, changes)`` pairs, copying each shard once.

        ``insert`` and ``update`` rebuild a whole shard for every record, so an
        import of n rows through them costs n²; here the time is linear.  Every
        record gets its id, rev and audit entry exactly as those methods give
        them, and records are replaced, never changed in place, so a reader in
        another thread never sees half a change.  ``updates`` apply to the
        stored record whatever its rev (an import is the clerk's latest word).
        """
        tables = self.store.storage.tables
        shards: dict[str, dict[str, Any]] = {}

        def shard(doc: Mapping[str, Any]) -> dict[str, Any]:
            name = _physical(table, doc)
            docs = shards.get(name)
            if docs is None:
                docs = shards[name] = dict(tables[name]) if name in tables else {}
            return docs

        for doc in inserts:
            record_id = self._new_id()
            stored = {**doc, "id": record_id, "rev": 1}
            shard(stored)[str(record_id)] = stored
            self._log("tambah", table, stored, None, without_keys(stored))
        for current, changes in updates:
            old = {k: current.get(k) for k in changes if current.get(k) != changes[k]}
            if not old:
                continue
            new = {k: changes[k] for k in old}
            stored = {**current, **new, "id": current["id"], "rev": current["rev"] + 1}
            shard(stored)[str(current["id"])] = stored
            self._log("ubah", table, stored, old, new)
        for name, docs in shards.items():
            tables[name] = docs
        if shards:
            self.changed = True

    def delete(self, table: str, record: Mapping[str, Any], *, check_rev: bool = True) -> None:
        current = self._current(table, record)
        if current is None:
            raise ConflictError(table, None)
        if check_rev and current["rev"] != record["rev"]:
            raise ConflictError(table, dict(current))
        self._table(_physical(table, current)).remove(doc_ids=[int(current["id"])])
        self.changed = True
        self._log("hapus", table, current, without_keys(current), None)

    def note(self, aksi: str, **info: Any) -> None:
        """An audit entry for an action that is not a plain record change (reopen, restore)."""
        self.changed = True
        self._audit.append(note_entry(aksi, **info))

    def _log(
        self,
        aksi: str,
        table: str,
        doc: Mapping[str, Any],
        old: dict[str, Any] | None,
        new: dict[str, Any] | None,
    ) -> None:
        if table == "audit":
            return
        nips, periode = _related(doc)
        self._audit.append(
            {
                "aksi": aksi,
                "tabel": table,
                "rid": doc["id"],
                "nip": nips,
                "periode": periode,
                "lama": old,
                "baru": new,
            }
        )

    def flush_audit(self) -> None:
        """Append this transaction's audit entries to the current audit chunk."""
        if not self._audit:
            return
        now = now_text()
        tables = self.store.storage.tables
        chunk = int(self.meta.get("audit_chunk", 0))
        name = audit_chunk_name(chunk)
        docs = dict(tables[name]) if name in tables else {}
        for entry in self._audit:
            if len(docs) >= AUDIT_CHUNK_SIZE:
                tables[name] = docs
                chunk += 1
                name = audit_chunk_name(chunk)
                docs = {}
            record_id = self._new_id()
            docs[str(record_id)] = audit_record(record_id, now, self.user, entry)
        tables[name] = docs
        self.meta["audit_chunk"] = chunk
        self._audit.clear()


def audit_chunk_name(chunk: int) -> str:
    return f"audit/{chunk:06d}"


def note_entry(aksi: str, **info: Any) -> dict[str, Any]:
    """The body of an audit entry for an action that is not a plain record change."""
    return {
        "aksi": aksi,
        "tabel": info.pop("tabel", ""),
        "rid": info.pop("rid", None),
        "nip": info.pop("nip", []),
        "periode": info.pop("periode", None),
        "lama": None,
        "baru": info or None,
    }


def audit_record(
    record_id: int, waktu: str, pengguna: str, entry: Mapping[str, Any]
) -> dict[str, Any]:
    return {"id": record_id, "rev": 1, "waktu": waktu, "pengguna": pengguna, **entry}


def without_keys(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A record's fields without its id and rev."""
    return {k: v for k, v in doc.items() if k not in ("id", "rev")}


def bulk_tables(records: Mapping[str, Iterable[dict[str, Any]]]) -> Tables:
    """Lay out freshly generated records (with ids and revs) as physical tables.

    Used by the demo generator and imports of whole offices, which write a
    new file in one go rather than record by record.
    """
    tables: Tables = {}
    for table, docs in records.items():
        for doc in docs:
            name = _physical(table, doc)
            tables.setdefault(name, {})[str(doc["id"])] = doc
    return tables
