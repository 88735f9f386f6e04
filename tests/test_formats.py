"""Dates, times, numbers and durations written one way (``kiosk.formats``), on the site's
clock (the ``timezone`` setting), and no hand-made date format anywhere else in the code."""

from __future__ import annotations

import ast
import datetime as dt
import re
from contextlib import AbstractContextManager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import kiosk
from kiosk import formats
from kiosk.config import settings_from_mapping
from kiosk.domain.clock import day_bounds, local, site_timezone, site_zone, today, travel_to
from kiosk.domain.lifecycle import past_day_end
from tests.support.factories import WIB

MONDAY = dt.date(2026, 11, 23)
#: 08.15 in Pontianak (WIB), stored as the database stores every moment: in UTC.
STORED = dt.datetime(2026, 11, 23, 1, 15, tzinfo=dt.UTC)
#: 23.30 WIB on Monday, which is already Tuesday in Makassar and Jayapura.
LATE = dt.datetime(2026, 11, 23, 16, 30, tzinfo=dt.UTC)


def _zone(name: str) -> AbstractContextManager[ZoneInfo]:
    """The site's clock as the ``timezone`` setting ``name`` sets it."""
    return site_zone(settings_from_mapping({"timezone": name}).zone)


@pytest.mark.parametrize(("language", "long", "date", "month"), [
    ("id", "Senin, 23 November 2026", "23 November 2026", "November 2026"),
    ("en", "Monday, 23 November 2026", "23 November 2026", "November 2026"),
])
def test_dates_in_both_languages(language: str, long: str, date: str, month: str) -> None:
    assert formats.long_date(MONDAY, language) == long
    assert formats.date_text(MONDAY, language) == date
    assert formats.month_text(2026, 11, language) == month
    assert formats.short_month(2026, 11, language) == "Nov 2026"
    assert formats.short_date(MONDAY, language) == "23/11/2026"
    assert formats.day_month(MONDAY, language) == "23/11"


def test_month_and_day_names_are_indonesian_in_indonesian() -> None:
    assert formats.long_date(dt.date(2026, 8, 17), "id") == "Senin, 17 Agustus 2026"
    assert formats.long_date(dt.date(2026, 3, 20), "id") == "Jumat, 20 Maret 2026"
    assert formats.month_text(2026, 12, "id") == "Desember 2026"
    assert formats.long_date(dt.date(2026, 3, 20), "en") == "Friday, 20 March 2026"


def test_the_language_of_the_screen_is_the_default() -> None:
    assert formats.date_text(dt.date(2026, 5, 1)) == "1 Mei 2026"


@pytest.mark.parametrize(("language", "moment", "weekday"), [
    ("id", "23 November 2026 08.15 WIB", "Senin, 23 November 2026 08.15 WIB"),
    ("en", "23 November 2026, 08.15 WIB", "Monday, 23 November 2026, 08.15 WIB"),
])
def test_a_stored_utc_time_is_shown_on_the_sites_clock(language: str, moment: str,
                                                       weekday: str) -> None:
    assert formats.time_text(STORED, language) == "08.15"
    assert formats.zoned_time_text(STORED, language) == "08.15 WIB"
    assert formats.seconds_text(STORED, language) == "08.15.00"
    assert formats.datetime_text(STORED, language) == moment
    assert formats.datetime_text(STORED, language, weekday=True) == weekday
    assert formats.datetime_text(STORED, language, zone=False) == moment.removesuffix(" WIB")
    assert formats.clock_text(dt.time(18, 0), language) == "18.00"


def test_no_time_is_an_en_dash() -> None:
    for write in (formats.time_text, formats.zoned_time_text, formats.datetime_text,
                  formats.short_datetime_text, formats.minutes_text):
        assert write(None) == "–"


@pytest.mark.parametrize(("setting", "written", "day"), [
    ("Asia/Pontianak", "23 November 2026 23.30 WIB", MONDAY),
    ("WIB", "23 November 2026 23.30 WIB", MONDAY),
    ("WITA", "24 November 2026 00.30 WITA", MONDAY + dt.timedelta(days=1)),
    ("WIT", "24 November 2026 01.30 WIT", MONDAY + dt.timedelta(days=1)),
    ("Asia/Jayapura", "24 November 2026 01.30 WIT", MONDAY + dt.timedelta(days=1)),
])
def test_the_timezone_setting_moves_every_time_shown(setting: str, written: str,
                                                    day: dt.date) -> None:
    with _zone(setting):
        assert formats.datetime_text(LATE, "id") == written
        assert local(LATE).date() == day
    assert site_timezone() == WIB  # leaving the block puts the default back


def test_a_zone_without_a_cldr_short_name_shows_its_offset() -> None:
    with _zone("Asia/Dubai"):
        assert formats.zoned_time_text(STORED, "en") == "05.15 +0400"


def test_a_site_in_jayapura_gets_its_day_boundaries_right() -> None:
    with _zone("WIT"):
        start, end = day_bounds(MONDAY)
        assert (start, end) == (dt.datetime(2026, 11, 22, 15, tzinfo=dt.UTC),
                                dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC))
        with travel_to(LATE):  # 01.30 WIT on Tuesday
            assert today() == MONDAY + dt.timedelta(days=1)
        # Submitted at 17.00 WIT (a Pontianak clock would say 15.00): the 18.00 day end
        # comes at 18.00 WIT, two hours before it would in Pontianak.
        submitted = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
        assert not past_day_end(submitted, dt.datetime(2026, 11, 23, 8, 59, tzinfo=dt.UTC),
                                dt.time(18))
        assert past_day_end(submitted, dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC),
                            dt.time(18))
    assert not past_day_end(submitted, dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC),
                            dt.time(18))


@pytest.mark.parametrize("language", ["id", "en"])
def test_numbers_and_durations(language: str) -> None:
    assert formats.number_text(1234, language) == "1.234"
    assert formats.number_text(1234.5, language) == "1.234,5"
    assert formats.minutes_text(4.5, language) == "4,5"
    assert formats.minutes_text(7.0, language) == "7"
    assert formats.minutes_text(4.04, language) == "4"
    assert formats.duration_text(dt.timedelta(minutes=65), language) == "1.05"
    assert formats.duration_text(dt.timedelta(minutes=-5), language) == "0.00"
    assert formats.short_duration_text(dt.timedelta(seconds=187), language) == "3.07"


def test_screens_and_paper_write_a_moment_alike() -> None:
    """The short form of tables and status lines and the long form of PDFs agree on the
    clock: 08.15 in both, not 08:15 on one and 08.15 on the other."""
    assert formats.short_datetime_text(STORED, "id") == "23/11/2026 08.15"
    assert formats.time_text(STORED, "id") in formats.datetime_text(STORED, "id")


# --- no hand-made date formats --------------------------------------------------------------

#: A strftime pattern that only names a file or sorts (20261123-081500, 2026-11): the
#: fields in ISO order, joined by nothing or hyphens. Anything else is written for people
#: and belongs in ``kiosk.formats``.
MACHINE_STAMP = re.compile(r"(%Y)?(-?%m)?(-?%d)?(-?%H)?(%M)?(%S)?")
PACKAGE = Path(kiosk.__file__).parent


def _patterns(tree: ast.AST) -> list[tuple[int, str]]:
    """Every strftime/format pattern with a % directive: ``x.strftime("...")``,
    ``format(x, "...")`` and the spec of an f-string field ``{x:...}``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[-1], ast.Constant) \
                and ((isinstance(node.func, ast.Attribute) and node.func.attr == "strftime")
                     or (isinstance(node.func, ast.Name) and node.func.id == "format")):
            found.append((node.lineno, str(node.args[-1].value)))
        elif isinstance(node, ast.FormattedValue) and isinstance(node.format_spec, ast.JoinedStr):
            spec = "".join(str(part.value) for part in node.format_spec.values
                           if isinstance(part, ast.Constant))
            found.append((node.lineno, spec))
    return sorted((line, pattern) for line, pattern in found if "%" in pattern)


def hand_made_formats(root: Path = PACKAGE) -> list[str]:
    return [f"{path.relative_to(root)}:{line}: {pattern!r}"
            for path in sorted(root.rglob("*.py"))
            for line, pattern in _patterns(ast.parse(path.read_text(encoding="utf-8")))
            if not MACHINE_STAMP.fullmatch(pattern)]


def test_no_hand_made_date_format_is_left_in_the_kiosk() -> None:
    assert hand_made_formats() == []


def test_the_scan_finds_a_hand_made_format_in_every_form(tmp_path: Path) -> None:
    (tmp_path / "screen.py").write_text(
        "a = now.strftime('%d/%m/%Y')\n"
        "b = f'{now:%H:%M}'\n"
        "c = format(now, '%A, %d %B %Y')\n"
        "d = f'{now:%d.%m.%Y  %H:%M}'\n"
        "e = now.strftime('%Y%m%d-%H%M%S')\n"
        "f = f'{day:%Y-%m}'\n"
        "g = f'{value:.1f}'\n", encoding="utf-8")
    assert [line.split(": ", 1)[1] for line in hand_made_formats(tmp_path)] == [
        "'%d/%m/%Y'", "'%H:%M'", "'%A, %d %B %Y'", "'%d.%m.%Y  %H:%M'"]


MONTH_NAMES = frozenset({
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Januari", "Februari", "Maret", "Mei", "Juni", "Juli",
    "Agustus", "Oktober", "Desember", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"})


def test_no_module_keeps_its_own_month_or_day_names() -> None:
    """Names of months and days come from CLDR; a table of them is a second formatter."""
    tables = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        names = {node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Constant) and node.value in MONTH_NAMES}
        if len(names) >= 3:
            tables[str(path.relative_to(PACKAGE))] = sorted(names)
    assert tables == {}
