"""The two kinds of failure the kiosk tells people about.

``DomainError``: a rule of the procedure refused an action (invalid NIK, a visit already
handled, a missing escort). The person at the screen fixes their input.
``KnownError``: the environment failed (database unreachable, disk full, camera
unplugged). Nobody made a mistake; the message says what to check and the action can be
retried. Anything else is a bug and is logged with its traceback.

Messages are English source strings with ``{placeholders}``; they are translated when
shown, in the language of whoever reads them (see ``kiosk.i18n``).
"""

from __future__ import annotations

import errno
from typing import Any

from kiosk.i18n import N_, lookup, translate


class PintuError(Exception):
    def __init__(self, message: str, /, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params

    def text(self, language: str | None = None) -> str:
        """The message in ``language`` (default: the current UI language).

        Text parameters that are themselves catalogue entries (a state's label, say) are
        translated too; names and numbers pass through unchanged.
        """
        params = {
            key: (lookup(value, language) or value) if isinstance(value, str) else value
            for key, value in self.params.items()
        }
        return translate(self.message, language, **params)


class DomainError(PintuError):
    """A rule refused the action; nothing was changed."""


class ValidationError(DomainError):
    """One field's value is not acceptable."""

    def __init__(self, field: str, message: str, /, **params: Any) -> None:
        super().__init__(message, **params)
        self.field = field


class IllegalTransition(DomainError):
    """The visit is not in a state where this step is allowed."""


class AlreadyHandled(DomainError):
    """Another operator acted on the same visit first."""


class PermissionDenied(DomainError):
    """The signed-in person's role may not do this."""


class NotFound(DomainError):
    """The visit, badge, staff account or invitation does not exist."""


class KnownError(PintuError):
    """The environment failed in a way a person can fix; the action may be retried."""


class DatabaseUnavailable(KnownError):
    """The database could not be reached or written (server down, disk full, read-only)."""


class DatabaseFileError(DatabaseUnavailable):
    """The SQLite file cannot be opened for writing as it is (read-only, a folder, out of
    reach). Nothing was written to it; a person fixes the file or its permissions."""


class DatabaseDamaged(DatabaseFileError):
    """The file is not a SQLite database, or SQLite's own check finds it damaged.

    Opening stops before the migrations run, so a damaged file is never written to: the
    way back is the latest backup (``pintu restore``).
    """


class FileAccessError(KnownError):
    """A file or folder cannot be read or written: missing, not allowed, read-only, full.

    The one error for every file Pintu reads or writes for people (reports, badge sheets,
    imports, the archive, backups, the data folder), so each failure reads the same: one
    line naming the file and the cause in the reader's language, built from the
    operating system's error by ``reading`` or ``writing``.
    """

    @classmethod
    def reading(cls, path: object, exc: OSError | UnicodeDecodeError) -> FileAccessError:
        reason = NOT_TEXT if isinstance(exc, UnicodeDecodeError) else os_reason(exc)
        return cls(CANNOT_READ, path=str(path), reason=reason)

    @classmethod
    def writing(cls, path: object, exc: OSError) -> FileAccessError:
        return cls(CANNOT_WRITE, path=str(path), reason=os_reason(exc, writing=True))

    @classmethod
    def missing_folder(cls, folder: object) -> FileAccessError:
        """A folder someone named is not there; it is never created for them, because an
        unmounted USB stick or network share would then fill the local disk."""
        return cls(CANNOT_WRITE, path=str(folder), reason=FOLDER_MISSING)


CANNOT_READ = N_("Cannot read {path}: {reason}.")
CANNOT_WRITE = N_("Cannot write {path}: {reason}.")
NOT_TEXT = N_("it is not UTF-8 text")
FOLDER_MISSING = N_("the folder does not exist (is the disk connected?)")

#: The causes people can act on, by ``errno``; anything else is the system's own words.
_REASONS: dict[int, str] = {
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk is full"),
    errno.EFBIG: N_("the file is too large for this disk"),
    errno.ENOTDIR: N_("part of the path is a file, not a folder"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.EIO: N_("the disk reported an input/output error"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}


def os_reason(exc: OSError, *, writing: bool = False) -> str:
    """Why ``exc`` happened, as a catalogue entry (translated when the message is shown)."""
    if exc.errno == errno.ENOENT:
        return N_("its folder does not exist") if writing else N_("the file does not exist")
    if exc.errno is not None and exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or str(exc)
