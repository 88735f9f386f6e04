"""Files on disk: written whole or not at all, read with one clear error, folders private.

Everything Pintu writes for people (reports, CSV lists, badge sheets, archived forms,
backups) goes through ``write_atomic`` or ``write_all``: the bytes go to a temporary file
in the destination folder, are flushed to the disk, and only then take the final name, so
a power cut, a full disk or a pulled USB stick leaves either the old file or the new one,
never half of one. Every failure becomes ``FileAccessError`` naming the file and the cause.

Folders the user names (``--out``, an export folder) must already exist: creating
``/media/usb`` because a stick was not mounted would write personal data to the wrong
disk. Only the application's own folders are created, by ``make_private_dir``, readable
by the app's user alone from the first moment.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

from kiosk.errors import FileAccessError

PRIVATE_DIR = 0o700


def make_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing folder above it, each 0700; existing ones are left
    as they are (they may be shared folders the app does not own)."""
    try:
        missing = []
        current = path
        while not current.exists():
            missing.append(current)
            current = current.parent
        if not current.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(current))
        for folder in reversed(missing):
            with contextlib.suppress(FileExistsError):  # another process made it first
                folder.mkdir(mode=PRIVATE_DIR)
                folder.chmod(PRIVATE_DIR)  # the umask may have taken bits away
    except OSError as exc:
        raise FileAccessError.writing(path, exc) from exc
    return path


def check_folder_writable(path: Path) -> None:
    """Before work that changes something: refuse now if ``path`` (a file to be written)
    could not be written later, so the change is not made without its file."""
    folder = path.parent
    if not folder.is_dir():
        raise FileAccessError.missing_folder(folder)
    if not os.access(folder, os.W_OK):
        raise FileAccessError.writing(path, PermissionError(errno.EACCES, "denied"))


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> Path:
    """Write the whole file or nothing (see the module docstring); returns ``path``."""
    write_all({path: data}, mode)
    return path


def write_all(files: Mapping[Path, bytes], mode: int = 0o644) -> list[Path]:
    """Write several files as one: if any cannot be written, none of them is.

    A report's PDF and its CSV either both appear or neither does; a file that was there
    before keeps its old content when the new one cannot be written.
    """
    temps: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            temps[path] = _write_temp(path, data, mode)
        for path, temp in temps.items():
            try:
                temp.replace(path)
            except OSError as exc:
                raise FileAccessError.writing(path, exc) from exc
            fsync_dir(path.parent)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
    return list(files)


def _write_temp(path: Path, data: bytes, mode: int) -> Path:
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise FileAccessError.writing(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise FileAccessError.writing(path, exc) from exc
    return temp


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileAccessError.reading(path, exc) from exc


def read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """The file as text; a file that is not in ``encoding`` is refused like a missing one."""
    data = read_bytes(path)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileAccessError.reading(path, exc) from exc


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (where the system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class RunLock:
    """A lock file held while a program runs (the kiosk window), released by the system
    when the process ends, even by a crash or a power cut, so it never goes stale.

    Another program asks ``held_elsewhere`` before doing what must not happen under a
    running kiosk (restoring its database).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None

    def held_elsewhere(self) -> bool:
        if self._fd is not None or not self.path.exists():
            return False
        if self.acquire():
            self.release()
            return False
        return True


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
