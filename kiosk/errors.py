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

from typing import Any

from kiosk.i18n import lookup, translate


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
