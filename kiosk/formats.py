"""Dates, times, numbers and durations, written one way on screens, on paper and on the
command line: from the CLDR locale data Babel carries, never by hand.

Indonesian is CLDR's ``id``; English is ``en_ID``, English as written in Indonesia, so the
two languages differ in words only: "Senin, 23 November 2026" / "Monday, 23 November
2026", "08.15" in both, "1.234,5" in both, "WIB" in both. Times are on the site's wall clock
(``kiosk.domain.clock.site_timezone``, the ``timezone`` setting), whatever zone the PC is
set to, and the zone's short name is CLDR's ("WIB", "WITA", "WIT").

Babel's output depends only on its locale data, which comes with the exact Babel version
``requirements.lock`` pins: a past day's report renders to the same bytes every time.

The CSV export is for machines and does not come here: ISO dates and HH:MM
(``kiosk.documents.csv_export``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import (
    DateTimePattern,
    format_date,
    format_interval,
    format_time,
    tokenize_pattern,
)
from babel.numbers import format_decimal

from kiosk.domain.clock import local, site_timezone
from kiosk.i18n import current_language

#: The CLDR locale each language of the kiosk writes with.
LOCALES = {"id": "id", "en": "en_ID"}
#: What is written where there is no time to show.
NO_TIME = "–"


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(LOCALES.get(language, LOCALES["id"]))


def _resolve(language: str | None) -> Locale:
    return _locale(language or current_language())


def _skeleton(name: str, locale: Locale) -> str:
    """The locale's own pattern for a combination of fields (CLDR "availableFormats"),
    "d/M/y" for "yMd" in Indonesian."""
    pattern: DateTimePattern = locale.datetime_skeletons[name]
    return pattern.pattern


def _glue(width: str, date: str, time: str, locale: Locale) -> str:
    """A date and a time joined as the locale joins them ("{1} {0}", "{1}, {0}")."""
    pattern: str = locale.datetime_formats[width]
    return pattern.replace("'", "").replace("{1}", date).replace("{0}", time)


# --- dates --------------------------------------------------------------------------------

def long_date(day: dt.date, language: str | None = None) -> str:
    """"Senin, 23 November 2026"."""
    return format_date(day, "full", locale=_resolve(language))


def date_text(day: dt.date, language: str | None = None) -> str:
    """"23 November 2026"."""
    return format_date(day, "long", locale=_resolve(language))


def short_date(day: dt.date, language: str | None = None) -> str:
    """"23/11/2026", for tables and screens."""
    locale = _resolve(language)
    return format_date(day, _skeleton("yMd", locale), locale=locale)


def day_month(day: dt.date, language: str | None = None) -> str:
    """"23/11"."""
    locale = _resolve(language)
    return format_date(day, _skeleton("Md", locale), locale=locale)


def month_text(year: int, month: int, language: str | None = None) -> str:
    """"November 2026"."""
    locale = _resolve(language)
    return format_date(dt.date(year, month, 1), _skeleton("yMMMM", locale), locale=locale)


def short_month(year: int, month: int, language: str | None = None) -> str:
    """"Nov 2026", under a chart's column."""
    locale = _resolve(language)
    return format_date(dt.date(year, month, 1), _skeleton("yMMM", locale), locale=locale)



def days_text(first: dt.date, last: dt.date, language: str | None = None) -> str:
    """A span of days as CLDR writes an interval: "1–30 Nov 2026", "24 Nov–23 Des 2026"
    (short month names keep a chart's title whole on a 1280 px screen)."""
    return format_interval(first, last, "yMMMd", locale=_resolve(language))


def day_time_text(moment: dt.datetime, today: dt.date, language: str | None = None) -> str:
    """The time on the site's clock, with the day in front when it is not ``today``:
    "08.15", "29/11 08.15"."""
    if local(moment).date() == today:
        return time_text(moment, language)
    locale = _resolve(language)
    day = format_date(local(moment).date(), _skeleton("Md", locale), locale=locale)
    return _glue("short", day, time_text(moment, language), locale)

# --- times on the site's clock --------------------------------------------------------------

def time_text(moment: dt.datetime | None, language: str | None = None) -> str:
    """"08.15" on the site's clock; an en dash when there is no time."""
    if moment is None:
        return NO_TIME
    return format_time(moment, "short", tzinfo=site_timezone(), locale=_resolve(language))


def seconds_text(moment: dt.datetime | None, language: str | None = None) -> str:
    """"08.15.30", for "up to date at" and the marks of a roll call."""
    if moment is None:
        return NO_TIME
    return format_time(moment, "medium", tzinfo=site_timezone(), locale=_resolve(language))


def zone_name(moment: dt.datetime, language: str | None = None) -> str:
    """The site zone's short name at ``moment`` as CLDR writes it: "WIB", "WITA", "WIT"
    (a zone CLDR has no short name for shows its offset, "+0800")."""
    return format_time(moment, "z", tzinfo=site_timezone(), locale=_resolve(language))


def zoned_time_text(moment: dt.datetime | None, language: str | None = None) -> str:
    """"08.15 WIB"."""
    if moment is None:
        return NO_TIME
    return f"{time_text(moment, language)} {zone_name(moment, language)}"


def datetime_text(moment: dt.datetime | None, language: str | None = None,
                  zone: bool = True, weekday: bool = False, seconds: bool = False) -> str:
    """"23 November 2026 08.15 WIB" ("23 November 2026, 08.15 WIB" in English); without
    the zone's name when ``zone`` is false; "Senin, 23 November 2026 08.15 WIB" with
    ``weekday``; "08.15.32" with ``seconds``, for records where seconds tell the order
    (a roll call)."""
    if moment is None:
        return NO_TIME
    day = local(moment).date()
    time = seconds_text(moment, language) if seconds else time_text(moment, language)
    if zone:
        time = f"{time} {zone_name(moment, language)}"
    if weekday:
        return _glue("full", long_date(day, language), time, _resolve(language))
    return _glue("long", date_text(day, language), time, _resolve(language))


def short_datetime_text(moment: dt.datetime | None, language: str | None = None) -> str:
    """"23/11/2026 08.15", for tables and status lines."""
    if moment is None:
        return NO_TIME
    locale = _resolve(language)
    return _glue("short", short_date(local(moment).date(), language),
                 time_text(moment, language), locale)


def clock_text(time: dt.time, language: str | None = None) -> str:
    """A time of day from the settings ("18.00" for ``day_end``), as the clock writes it."""
    return format_time(time, "short", locale=_resolve(language))


# --- numbers and durations ------------------------------------------------------------------

def number_text(value: int | float | Decimal, language: str | None = None) -> str:
    """"1.234" or "4,5" (as many decimals as ``value`` has, at most three)."""
    return format_decimal(value, locale=_resolve(language))


def minutes_text(minutes: float | None, language: str | None = None) -> str:
    """A duration in minutes to a tenth ("4,5"; "7" when whole), or an en dash when it was
    not measured."""
    if minutes is None:
        return NO_TIME
    return number_text(Decimal(round(minutes * 10)) / 10, language)


def _clock_like(skeleton: str, big: int, small: int, language: str | None) -> str:
    """Two numbers in the places and with the punctuation of the two fields of the
    locale's pattern for ``skeleton`` ("Hm": hours and minutes, "ms": minutes and seconds),
    the first one not padded: a duration punctuated like the clock."""
    numbers = iter((str(big), f"{small:02d}"))
    return "".join(next(numbers) if kind == "field" else str(value)
                   for kind, value in tokenize_pattern(_skeleton(skeleton, _resolve(language))))


def duration_text(delta: dt.timedelta, language: str | None = None) -> str:
    """Hours and minutes of a stay, "1.05", punctuated like the clock."""
    total = max(int(delta.total_seconds() // 60), 0)
    return _clock_like("Hm", total // 60, total % 60, language)


def short_duration_text(delta: dt.timedelta, language: str | None = None) -> str:
    """Minutes and seconds of a short wait at the desk, "3.07"."""
    total = max(int(delta.total_seconds()), 0)
    return _clock_like("ms", total // 60, total % 60, language)


def elapsed_text(delta: dt.timedelta, language: str | None = None) -> str:
    """Time since a start, to the second: "4.05", "1.02.05" past an hour (a roll call's
    running clock), punctuated like the clock."""
    total = max(int(delta.total_seconds()), 0)
    hours, rest = divmod(total, 3600)
    minutes_seconds = _clock_like("ms", rest // 60, rest % 60, language)
    if not hours:
        return minutes_seconds
    hours_minutes = _clock_like("Hm", hours, rest // 60, language)
    return hours_minutes + minutes_seconds[len(str(rest // 60)):]
