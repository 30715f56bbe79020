"""The files of one office, touched without ever following a symbolic link.

An office is its data file ``PATH`` (the manifest) plus ``PATH.d/``, ``PATH.lock``
and ``PATH.backups/`` beside it (README, "The data file and sharing it").  The
folder holding them is writable by every clerk of the office group, so any member
could plant a symlink, a FIFO or a device there.  Every member of the set is
therefore opened relative to a descriptor of its folder with ``O_NOFOLLOW``, and
anything but a regular file (or, for ``.d``/``.backups``, a real folder) is refused
with a message naming it.  Nothing outside the office folder is ever created,
changed or removed.

Files are created 0660 and folders 0770 whatever the umask; a folder keeps the
setgid bit it inherits from a shared folder, so what is created in it later still
belongs to the office group.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import time
import weakref
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from models.errors import KinerjaError

FILE_MODE = 0o660
DIR_MODE = 0o770
SHARDS = ".d"
BACKUPS = ".backups"
LOCK = ".lock"
SUFFIXES = ("", SHARDS, LOCK, BACKUPS)
"""The members of an office's file set, as suffixes of the data file's name."""

_TEMP = re.compile(r"^\..+\.tmp-\d+-\d+$")
_O_FILE = os.O_NOFOLLOW | os.O_CLOEXEC
_O_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class StorageError(KinerjaError):
    """The data file cannot be read or written; nothing was changed."""


class BusyError(StorageError):
    """Another process held the lock for longer than the wait limit."""


def temp_name(target: str) -> str:
    """The name a file is written under before it is renamed to ``target``."""
    return f".{target}.tmp-{os.getpid()}-{time.monotonic_ns()}"


def is_temp_name(name: str, target: str | None = None) -> bool:
    """Whether ``name`` is a temp file Kinerja made (for ``target``, when given)."""
    if not _TEMP.match(name):
        return False
    return target is None or name.startswith(f".{target}.tmp-")


def unsafe(path: Path, st: os.stat_result, *, directory: bool) -> StorageError | None:
    """The refusal for a member of the file set that is not what it must be, else None."""
    if stat.S_ISLNK(st.st_mode):
        return StorageError("storage.symlink", path=str(path))
    if directory and not stat.S_ISDIR(st.st_mode):
        return StorageError("storage.not_directory", path=str(path))
    if not directory and not stat.S_ISREG(st.st_mode):
        return StorageError("storage.not_regular", path=str(path))
    return None


def _refused_open(exc: OSError, path: Path) -> StorageError:
    if exc.errno == errno.ELOOP:
        return StorageError("storage.symlink", path=str(path))
    if exc.errno in (errno.ENOTDIR, errno.ENXIO):
        return StorageError("storage.not_regular", path=str(path))
    return StorageError("storage.read_failed", path=str(path), error=exc)


def _open_regular(dir_fd: int, name: str, shown: Path) -> tuple[int, int]:
    """(fd, size) of the regular file ``name`` in ``dir_fd``, opened for reading.

    Raises ``FileNotFoundError`` when it does not exist and ``StorageError`` when
    it is a symlink, a FIFO, a device or unreadable.  ``O_NONBLOCK`` keeps a
    planted FIFO from hanging the open; it has no effect on a regular file.
    """
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _O_FILE, dir_fd=dir_fd)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _refused_open(exc, shown) from None
    try:
        st = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise StorageError("storage.read_failed", path=str(shown), error=exc) from None
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise StorageError("storage.not_regular", path=str(shown))
    return fd, st.st_size


def crc_of_regular(dir_fd: int, name: str, shown: Path, buffer: bytearray) -> int:
    """The CRC-32 of the regular file ``name`` in ``dir_fd`` (refused as ``read_regular``).

    Read through ``buffer``, reused from file to file: checking every table at
    start-up then allocates nothing, which took longer than the checksums.
    """
    fd, _size = _open_regular(dir_fd, name, shown)
    view = memoryview(buffer)
    crc = 0
    try:
        while True:
            count = os.readv(fd, [view])
            if not count:
                return crc
            crc = zlib.crc32(view[:count], crc)
    except OSError as exc:
        raise StorageError("storage.read_failed", path=str(shown), error=exc) from None
    finally:
        os.close(fd)


def read_regular(dir_fd: int, name: str, shown: Path) -> bytes:
    """The whole content of the regular file ``name`` in ``dir_fd``.

    Raises ``FileNotFoundError`` when it does not exist and ``StorageError`` when
    it is a symlink, a FIFO, a device or unreadable.
    """
    fd, size = _open_regular(dir_fd, name, shown)
    try:
        chunks: list[bytes] = []
        while True:
            chunk = os.read(fd, max(size + 1, 65536))
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise StorageError("storage.read_failed", path=str(shown), error=exc) from None
    finally:
        os.close(fd)


def write_in(dir_fd: int, name: str, content: bytes, *, mode: int = FILE_MODE) -> None:
    """Write ``content`` as ``name`` in ``dir_fd``: temp file, fsync, rename.

    Readers see the old file or the new one, never a mix.  On failure the temp
    file is removed and ``name`` is untouched.  The folder itself is not synced;
    the caller does that once for a batch of files.
    """
    tmp = temp_name(name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_FILE, mode, dir_fd=dir_fd)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(content)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise


def fsync_dir(dir_fd: int) -> None:
    os.fsync(dir_fd)


def open_folder(folder: Path) -> int:
    """A descriptor of the folder holding an office (a symlinked folder path is fine)."""
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise StorageError("storage.folder_missing", path=str(folder)) from None
    except NotADirectoryError:
        raise StorageError("storage.not_directory", path=str(folder)) from None
    except OSError as exc:
        raise StorageError("storage.read_failed", path=str(folder), error=exc) from None


def make_office_folder(folder: Path) -> None:
    """Create the folder of a new office (and any missing above it), group-shared like its files.

    Only ``kinerja init``, the TUI after asking, and the demo writer create an
    office, so only they call this.
    """
    if folder.is_dir():
        return
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
        inherited = folder.stat().st_mode & stat.S_ISGID
        os.chmod(folder, DIR_MODE | inherited)
    except OSError as exc:
        raise StorageError("storage.write_failed", path=str(folder), error=exc) from None


def _shared_dir_mode(fd: int, parent_fd: int) -> None:
    """0770, plus the setgid bit when the folder shares the office folder's group.

    ``mkdir`` in a setgid folder inherits the bit, but a ``chmod`` to 0770 would
    clear it; folders made that way by an earlier version get it back here.
    """
    st = os.fstat(fd)
    parent = os.fstat(parent_fd)
    setgid = st.st_mode & stat.S_ISGID
    if st.st_gid == parent.st_gid:
        setgid |= parent.st_mode & stat.S_ISGID
    wanted = DIR_MODE | setgid
    if stat.S_IMODE(st.st_mode) != wanted and st.st_uid == os.geteuid():
        with contextlib.suppress(OSError):
            os.fchmod(fd, wanted)


class OfficeFiles:
    """Safe access to the file set of the office whose data file is ``path``.

    Holds a descriptor of the office folder for its lifetime, so every member
    is found in the same folder even if its path is renamed meanwhile.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).absolute()
        self.name = self.path.name
        self.folder = self.path.parent
        self.shard_dir = self.folder / (self.name + SHARDS)
        self.lock_path = self.folder / (self.name + LOCK)
        self.backup_dir = self.folder / (self.name + BACKUPS)
        try:
            self.fd = open_folder(self.folder)
        except StorageError as exc:
            if exc.key == "storage.folder_missing":
                raise StorageError("storage.missing", path=str(self.path)) from None
            raise
        self.held_lock: int | None = None
        """The descriptor of the write lock while this process holds it."""
        self._finalizer = weakref.finalize(self, os.close, self.fd)

    def close(self) -> None:
        self._finalizer()

    # ------------------------------------------------------------ the file set

    def member_path(self, suffix: str) -> Path:
        return self.folder / (self.name + suffix)

    def lstat(self, name: str) -> os.stat_result | None:
        try:
            return os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def manifest_stat(self) -> os.stat_result | None:
        return self.lstat(self.name)

    def existing_members(self) -> list[Path]:
        """The members of the file set that exist (of any kind), manifest first."""
        return [
            self.member_path(suffix)
            for suffix in SUFFIXES
            if self.lstat(self.name + suffix) is not None
        ]

    def require_office(self) -> None:
        """Raise "no office here" unless some file of the office exists."""
        if not any(p != self.lock_path for p in self.existing_members()):
            raise StorageError("storage.missing", path=str(self.path))

    def refuse_unsafe(self) -> None:
        """Refuse a symlink, or a member of the wrong kind, anywhere in the file set."""
        for suffix in SUFFIXES:
            st = self.lstat(self.name + suffix)
            if st is None:
                continue
            problem = unsafe(self.member_path(suffix), st, directory=suffix in (SHARDS, BACKUPS))
            if problem is not None:
                raise problem

    # ------------------------------------------------------------ folders

    @contextlib.contextmanager
    def directory(self, suffix: str, *, create: bool = False) -> Iterator[int | None]:
        """A descriptor of ``PATH.d`` or ``PATH.backups``; None when missing and not ``create``."""
        fd = self._open_dir(suffix, create=create)
        if fd is None:
            yield None
            return
        try:
            yield fd
        finally:
            os.close(fd)

    def _open_dir(self, suffix: str, *, create: bool) -> int | None:
        shown = self.member_path(suffix)
        name = self.name + suffix
        try:
            fd = os.open(name, _O_DIR, dir_fd=self.fd)
        except FileNotFoundError:
            if not create:
                return None
        except OSError as exc:
            raise self._dir_refusal(exc, shown) from None
        else:
            if create:
                _shared_dir_mode(fd, self.fd)
            return fd
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, DIR_MODE, dir_fd=self.fd)
        try:
            fd = os.open(name, _O_DIR, dir_fd=self.fd)
        except OSError as exc:
            raise self._dir_refusal(exc, shown) from None
        _shared_dir_mode(fd, self.fd)
        return fd

    def _dir_refusal(self, exc: OSError, shown: Path) -> StorageError:
        st = self.lstat(shown.name)
        if st is not None:
            problem = unsafe(shown, st, directory=True)
            if problem is not None:
                return problem
        return StorageError("storage.read_failed", path=str(shown), error=exc)

    @staticmethod
    def entries(dir_fd: int) -> list[tuple[str, os.stat_result]]:
        """Every entry of a folder with its ``lstat``, symlinks included (to be skipped)."""
        found: list[tuple[str, os.stat_result]] = []
        for name in os.listdir(dir_fd):
            with contextlib.suppress(FileNotFoundError):
                found.append((name, os.stat(name, dir_fd=dir_fd, follow_symlinks=False)))
        return found

    @staticmethod
    def remove_regular(dir_fd: int, name: str) -> bool:
        """Remove ``name`` only if it is a regular file; True when it was removed."""
        try:
            st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                return False
            os.unlink(name, dir_fd=dir_fd)
        except OSError:
            return False
        return True

    # ------------------------------------------------------------ the manifest

    def read_manifest(self) -> bytes:
        """The manifest's bytes; ``StorageError`` when missing, a symlink or not a file."""
        try:
            return read_regular(self.fd, self.name, self.path)
        except FileNotFoundError:
            raise StorageError("storage.missing", path=str(self.path)) from None

    def write_manifest(self, content: bytes) -> None:
        write_in(self.fd, self.name, content)

    # ------------------------------------------------------------ the lock

    def _open_lock(self, *, create: bool) -> int | None:
        flags = (os.O_RDWR | os.O_CREAT if create else os.O_RDONLY) | _O_FILE | os.O_NONBLOCK
        try:
            fd = os.open(self.name + LOCK, flags, FILE_MODE, dir_fd=self.fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StorageError("storage.symlink", path=str(self.lock_path)) from None
            raise StorageError(
                "storage.write_failed", path=str(self.lock_path), error=exc
            ) from None
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            os.close(fd)
            raise StorageError("storage.not_regular", path=str(self.lock_path))
        if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) != FILE_MODE:
            with contextlib.suppress(OSError):
                os.fchmod(fd, FILE_MODE)
        return fd

    def names_lock(self, fd: int) -> bool:
        """Whether the lock path still names the file ``fd`` has open (and locked)."""
        st = self.lstat(self.name + LOCK)
        if st is None or not stat.S_ISREG(st.st_mode):
            return False
        mine = os.fstat(fd)
        return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)

    @contextlib.contextmanager
    def lock(
        self,
        timeout: float,
        on_busy: Callable[[float], None] | None = None,
        *,
        shared: bool = False,
    ) -> Iterator[int | None]:
        """Hold ``flock`` on ``PATH.lock``, waiting at most ``timeout`` seconds.

        After the lock is granted the path must still name the locked file: a
        lock file removed or replaced by someone else would otherwise let two
        writers in at once.  A shared lock (for a reader) never creates the
        file and yields None when there is none.
        """
        started = time.monotonic()
        told = False
        operation = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        while True:
            fd = self._open_lock(create=not shared)
            if fd is None:
                yield None
                return
            try:
                while True:
                    try:
                        fcntl.flock(fd, operation | fcntl.LOCK_NB)
                        break
                    except OSError as exc:
                        if exc.errno not in (errno.EAGAIN, errno.EACCES):
                            raise StorageError(
                                "storage.write_failed", path=str(self.lock_path), error=exc
                            ) from None
                    waited = time.monotonic() - started
                    if waited >= timeout:
                        raise BusyError("storage.busy_timeout", seconds=round(timeout))
                    if not told and waited >= 0.3 and on_busy is not None:
                        told = True
                        on_busy(waited)
                    time.sleep(0.02)
            except BaseException:
                os.close(fd)
                raise
            if self.names_lock(fd):
                break
            # Someone removed or replaced the lock file while we waited: the lock
            # we hold guards nothing.  Lock the file the path names now instead.
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            if time.monotonic() - started >= timeout:
                raise BusyError("storage.busy_timeout", seconds=round(timeout))
        if not shared:
            self.held_lock = fd
        try:
            yield fd
        finally:
            if not shared:
                self.held_lock = None
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
