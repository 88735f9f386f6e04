"""Access windows: the span of time a work order, an invitation or a pass lets someone in.

Operators of big data centres issue work visits valid for a fixed window ("from Monday
08:00 to Wednesday 17:00"); staff type it in site time, it is stored in UTC, and the
door refuses to let anyone in outside it unless a supervisor gives a reason. The window
includes its start and excludes its end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.domain.clock import site_timezone
from kiosk.domain.validation import clean_text
from kiosk.errors import DomainError, ValidationError
from kiosk.formats import short_datetime_text
from kiosk.i18n import N_

#: A window longer than this is a typing mistake (a year typed wrong), not a work order.
MAX_WINDOW_DAYS = 366
#: How staff type a moment, in site time; the first pattern is also how one is shown.
MOMENT_PATTERNS = ("%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%dT%H:%M")

TOO_EARLY = N_("Entry is allowed from {start} only; it is {now} now. A supervisor may let "
               "the visitor in with a reason.")
TOO_LATE = N_("Entry was allowed until {end}; it is {now} now. A supervisor may let the "
              "visitor in with a reason.")


class OutsideWindow(DomainError):
    """Someone would go in outside their access window; ``early`` says which side."""

    def __init__(self, message: str, /, *, early: bool, **params: object) -> None:
        super().__init__(message, **params)
        self.early = early


def moment_text(moment: dt.datetime) -> str:
    """A moment as staff read it: site time, day first."""
    return short_datetime_text(moment)


def parse_moment(value: dt.datetime | str, field: str) -> dt.datetime:
    """A moment typed in site time (or an aware datetime), in UTC."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=site_timezone())
        return moment.astimezone(dt.UTC)
    text = clean_text(value)
    for pattern in MOMENT_PATTERNS:
        try:
            parsed = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return parsed.replace(tzinfo=site_timezone()).astimezone(dt.UTC)
    raise ValidationError(field, "Write the time as DD/MM/YYYY HH:MM, for example "
                                 "14/03/2026 08:00.")


@dataclass(frozen=True)
class AccessWindow:
    start: dt.datetime  # aware, UTC; included
    end: dt.datetime  # aware, UTC; excluded

    @classmethod
    def typed(cls, start: dt.datetime | str, end: dt.datetime | str) -> AccessWindow:
        """A window as staff typed it, checked: the end after the start, not a year long."""
        begins, ends = parse_moment(start, "window_start"), parse_moment(end, "window_end")
        if ends <= begins:
            raise ValidationError("window_end", "The end of the window must be after its "
                                                "start.")
        if ends - begins > dt.timedelta(days=MAX_WINDOW_DAYS):
            raise ValidationError("window_end", "A window may last at most a year.")
        return cls(begins, ends)

    @classmethod
    def for_days(cls, first: dt.date, last: dt.date) -> AccessWindow:
        """Whole site days, ``first`` to ``last`` both included."""
        start = dt.datetime.combine(first, dt.time(), site_timezone())
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), site_timezone())
        return cls(start.astimezone(dt.UTC), end.astimezone(dt.UTC))

    @classmethod
    def optional(cls, start: dt.datetime | None, end: dt.datetime | None
                 ) -> AccessWindow | None:
        """The window stored in two nullable columns, if any."""
        return cls(start, end) if start is not None and end is not None else None

    def position(self, moment: dt.datetime) -> int:
        """-1 before the window, 0 inside it, 1 after it."""
        if moment < self.start:
            return -1
        return 0 if moment < self.end else 1

    def check_entry(self, moment: dt.datetime) -> None:
        """Refuse entry at ``moment`` outside the window, saying when it opens or closed."""
        side = self.position(moment)
        if side < 0:
            raise OutsideWindow(TOO_EARLY, early=True, start=moment_text(self.start),
                                now=moment_text(moment))
        if side > 0:
            raise OutsideWindow(TOO_LATE, early=False, end=moment_text(self.end),
                                now=moment_text(moment))

    def text(self) -> str:
        return f"{moment_text(self.start)} – {moment_text(self.end)}"
