"""Dates, times and numbers written the way an Indonesian office writes them.

"Senin, 23 November 2026", "08.15", "1.234" in Indonesian; "Monday, 23 November 2026",
"08:15", "1,234" in English. Times are shown in the site's time zone (WIB), since that is
the clock on the server-room wall.
"""

from __future__ import annotations

import datetime as dt

from kiosk.domain.clock import SITE_TIMEZONE

DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
ZONE_NAME = "WIB"
_SWAP_SEPARATORS = str.maketrans(",.", ".,")


def _lang(language: str) -> str:
    return "en" if language == "en" else "id"


def long_date(day: dt.date, language: str = "id") -> str:
    """"Senin, 23 November 2026"."""
    lang = _lang(language)
    return f"{DAYS[lang][day.weekday()]}, {date_text(day, lang)}"


def date_text(day: dt.date, language: str = "id") -> str:
    """"23 November 2026"."""
    return f"{day.day} {MONTHS[_lang(language)][day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """"23/11/2026": the same in both languages, for dense tables."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def month_text(year: int, month: int, language: str = "id") -> str:
    """"November 2026"."""
    return f"{MONTHS[_lang(language)][month - 1]} {year}"


def time_text(moment: dt.datetime | None, language: str = "id", *,
              seconds: bool = False) -> str:
    """"08.15" (Indonesian) or "08:15" in site time; an en dash when there is no time.

    ``seconds`` adds them ("08.15.32"), for records of minutes that count, such as a
    roll call."""
    if moment is None:
        return "–"
    here = moment.astimezone(SITE_TIMEZONE)
    sep = ":" if _lang(language) == "en" else "."
    text = f"{here.hour:02d}{sep}{here.minute:02d}"
    return f"{text}{sep}{here.second:02d}" if seconds else text


def elapsed_text(delta: dt.timedelta) -> str:
    """"4:05" (minutes and seconds), "1:02:05" past an hour: time since a start."""
    total = max(int(delta.total_seconds()), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def datetime_text(moment: dt.datetime | None, language: str = "id", *,
                  seconds: bool = False) -> str:
    """"23 November 2026, 08.15 WIB" ("08.15.32 WIB" with ``seconds``)."""
    if moment is None:
        return "–"
    here = moment.astimezone(SITE_TIMEZONE)
    clock = time_text(moment, language, seconds=seconds)
    return f"{date_text(here.date(), language)}, {clock} {ZONE_NAME}"


def number_text(value: int | float, language: str = "id", decimals: int = 0) -> str:
    """"1.234,5" in Indonesian, "1,234.5" in English."""
    text = f"{value:,.{decimals}f}"
    if _lang(language) == "en":
        return text
    return text.translate(_SWAP_SEPARATORS)


def minutes_text(minutes: float | None, language: str = "id") -> str:
    """A duration in minutes to a tenth ("4,5"; "7" when whole), or an en dash when it was
    not measured."""
    if minutes is None:
        return "–"
    tenths = round(minutes * 10)
    if tenths % 10 == 0:
        return number_text(tenths // 10, language)
    return number_text(tenths / 10, language, decimals=1)
