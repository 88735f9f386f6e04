"""Time at the door: stored in UTC, shown and grouped by day in the site's time zone.

Everything asks ``utcnow()`` so the demo generator and tests can set the clock to a
known moment with ``travel_to``; the kiosk itself always runs on the real clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

SITE_TIMEZONE = ZoneInfo("Asia/Pontianak")  # WIB, UTC+7, where the SOP comes from


def _real_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_source: Callable[[], dt.datetime] = _real_now


def utcnow() -> dt.datetime:
    return _source()


@contextmanager
def travel_to(moment: dt.datetime) -> Iterator[Callable[[dt.timedelta], None]]:
    """Run the block as if it were ``moment``; the yielded function moves time forward."""
    global _source
    if moment.tzinfo is None:
        raise ValueError("travel_to needs an aware datetime")
    current = [moment.astimezone(dt.UTC)]

    def advance(step: dt.timedelta) -> None:
        current[0] += step

    previous, _source = _source, lambda: current[0]
    try:
        yield advance
    finally:
        _source = previous


def local(moment: dt.datetime, tz: dt.tzinfo = SITE_TIMEZONE) -> dt.datetime:
    return moment.astimezone(tz)


def today(tz: dt.tzinfo = SITE_TIMEZONE) -> dt.date:
    return utcnow().astimezone(tz).date()


def day_bounds(day: dt.date, tz: dt.tzinfo = SITE_TIMEZONE) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants that start this local day and the next, for range queries."""
    start = dt.datetime.combine(day, dt.time(), tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def next_day_end(moment: dt.datetime, closing: dt.time,
                 tz: dt.tzinfo = SITE_TIMEZONE) -> dt.datetime:
    """The first closing time (local ``closing``) at or after ``moment``, in UTC."""
    here = moment.astimezone(tz)
    end = dt.datetime.combine(here.date(), closing, tz)
    if here > end:
        end = dt.datetime.combine(here.date() + dt.timedelta(days=1), closing, tz)
    return end.astimezone(dt.UTC)
