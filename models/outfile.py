"""Writing a file the clerk asked for (an export, a report) without harming anything else.

``write_file`` is the one way Kinerja writes outside an office's own files:

* an existing file is replaced only when asked (``force``), and the check
  cannot be raced: without ``force`` the new file is linked into place, which
  fails if a file appeared meanwhile;
* a symbolic link is never written through, and never replaced either: the
  clerk is told, since it may point anywhere;
* an office's own files (its manifest, ``PATH.lock``, anything in ``PATH.d/``
  or ``PATH.backups/``) are refused even with ``force``, so a mistyped
  ``--out`` cannot destroy the data (README, "Exports");
* the file is written under a temporary name in the same folder, synced and
  renamed, so a half-written file never takes the place of a good one, and it
  is created 0660 whatever the umask: nothing Kinerja writes is world-readable.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Final

from models.errors import KinerjaError
from models.office_files import fsync_dir, open_folder
from models.storage import backup_dir_of, lock_path_of, shard_dir_of

FILE_MODE: Final = 0o660
_MANIFEST_HEAD = 64 * 1024
# The manifest is JSON naming its format first (README, "The data file").
_MANIFEST = re.compile(rb'"format"\s*:\s*"kinerja"')


class ExistsError(KinerjaError):
    """The target exists and replacing it was not asked for."""


def check_target(path: Path | str, *, force: bool = False) -> Path:
    """The absolute target, or the refusal ``write_file`` would raise, without writing.

    A long document is checked before it is made, so a refusal comes at once;
    ``write_file`` checks again when it writes.
    """
    target = Path(path).expanduser().absolute()
    office = office_owning(target)
    if office is not None:
        raise KinerjaError("outfile.office_file", path=str(target), office=str(office))
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise _failed(target, err) from err
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise KinerjaError("outfile.symlink", path=str(target))
        if not stat.S_ISREG(info.st_mode):
            raise KinerjaError("outfile.not_a_file", path=str(target))
        if not force:
            raise ExistsError("outfile.exists", path=str(target))
    return target


def write_file(path: Path | str, content: bytes, *, force: bool = False) -> Path:
    """Write ``content`` to ``path`` safely (see the module docstring); the path written.

    Raises ``ExistsError`` for an existing file without ``force`` and
    ``KinerjaError`` for every other refusal or failure, each naming the file.
    """
    target = check_target(path, force=force)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(tmp, flags, FILE_MODE)
    except OSError as err:
        raise _failed(target, err) from err
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if force:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
        folder = open_folder(target.parent)
        try:
            fsync_dir(folder)
        finally:
            os.close(folder)
    except OSError as err:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _failed(target, err) from err
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target


def _link_new(tmp: Path, target: Path) -> None:
    """Put ``tmp`` in place as ``target`` only if ``target`` still does not exist."""
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        raise ExistsError("outfile.exists", path=str(target)) from None
    except OSError:
        # A file system without hard links: the check above is the best there is.
        if os.path.lexists(target):
            raise ExistsError("outfile.exists", path=str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def _failed(target: Path, err: OSError) -> KinerjaError:
    return KinerjaError("outfile.write_failed", path=str(target), reason=err.strerror or str(err))


def office_owning(target: Path) -> Path | None:
    """The office data file whose own files include ``target``, or ``None``.

    Both the path as given and the path with its folders' symbolic links
    resolved are checked, so a link to an office folder does not hide it.
    """
    target = target.absolute()
    resolved = Path(os.path.realpath(target.parent)) / target.name
    for candidate in dict.fromkeys((target, resolved)):
        if is_manifest(candidate):
            return candidate
        if candidate.name.endswith(".lock"):
            office = candidate.with_name(candidate.name[: -len(".lock")])
            if lock_path_of(office) == candidate and _present(office):
                return office
        for folder in (candidate, *candidate.parents):
            for suffix, folder_of in ((".d", shard_dir_of), (".backups", backup_dir_of)):
                if not folder.name.endswith(suffix) or folder.name == suffix:
                    continue
                office = folder.with_name(folder.name[: -len(suffix)])
                if folder_of(office) == folder and _present(office):
                    return office
    return None


def _present(office: Path) -> bool:
    """Whether something that could be an office data file is at ``office``."""
    return os.path.lexists(office) and not os.path.isdir(office)


def is_manifest(path: Path) -> bool:
    """Whether ``path`` is a regular file whose content starts like a Kinerja manifest."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, _MANIFEST_HEAD)
    except OSError:
        return False
    finally:
        os.close(fd)
    return head.lstrip().startswith(b"{") and _MANIFEST.search(head) is not None
