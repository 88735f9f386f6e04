"""Time at the door: stored in UTC, shown and grouped by day in the site's time zone.

Everything asks ``utcnow()`` so the demo generator and tests can set the clock to a
known moment with ``travel_to``; the kiosk itself always runs on the real clock.

The site's zone (``timezone`` in the settings: WIB, WITA, WIT or an IANA name) is a fact
about the whole running process, like its language: ``pintu`` enters ``site_zone`` once
with the configured zone and everything inside (screens, services, reports, background
work on other threads) reads it through ``site_timezone()``. Passing the zone down
instead would add a parameter to every query by day and every function that writes a
time, in every layer, for a value that never changes while the kiosk runs. Tests enter
``site_zone`` the same way, and leaving the block restores the zone before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Pontianak (WIB, UTC+7), where the SOP comes from.
DEFAULT_TIMEZONE = "Asia/Pontianak"
#: Indonesia's three legal time zones by the names everybody uses for them.
ZONE_ABBREVIATIONS = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
#: Names the zone database knows that follow the machine or stand for no place.
_NOT_A_PLACE = frozenset({"localtime", "posixrules", "Factory"})

_zone = ZoneInfo(DEFAULT_TIMEZONE)


def zone_named(name: str) -> ZoneInfo:
    """The zone a ``timezone`` setting names: "WIB", "WITA", "WIT" (any case) or an IANA
    name such as "Asia/Jayapura"; ValueError for anything else."""
    key = ZONE_ABBREVIATIONS.get(name.strip().upper(), name.strip())
    if key in _NOT_A_PLACE:
        raise ValueError(f"{name!r} follows the machine, not a place")
    try:
        return ZoneInfo(key)
    except (ValueError, ZoneInfoNotFoundError, OSError) as exc:
        raise ValueError(f"unknown time zone {name[:64]!r}") from exc


def site_timezone() -> ZoneInfo:
    """The zone of the site's wall clock: day boundaries, day end, times on screen and
    paper."""
    return _zone


@contextmanager
def site_zone(zone: ZoneInfo) -> Iterator[ZoneInfo]:
    """Run the block with the site in ``zone``; the zone before comes back at its end."""
    global _zone
    previous, _zone = _zone, zone
    try:
        yield zone
    finally:
        _zone = previous


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


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` on the site's wall clock."""
    return moment.astimezone(_zone)


def today() -> dt.date:
    return local(utcnow()).date()


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants that start this local day and the next, for range queries."""
    start = dt.datetime.combine(day, dt.time(), _zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), _zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def at_site(day: dt.date, time: dt.time) -> dt.datetime:
    """The moment the site's wall clock shows ``time`` on ``day``, in UTC."""
    return dt.datetime.combine(day, time, _zone).astimezone(dt.UTC)


def next_day_end(moment: dt.datetime, closing: dt.time) -> dt.datetime:
    """The first closing time (local ``closing``) at or after ``moment``, in UTC."""
    here = local(moment)
    end = at_site(here.date(), closing)
    if here > end:
        end = at_site(here.date() + dt.timedelta(days=1), closing)
    return end
