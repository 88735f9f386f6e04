"""The overview's numbers are the reports' numbers.

Each chart is one grouped query (``kiosk.services.overview``), the reports read visit by
visit (``kiosk.domain.figures``): here both read the two known days of
``tests/support/doc_scenario`` (a normal Monday, and a day that ends with visits left
open, closed late, refused for the deny list, with a missing device and a lost badge),
and must agree day by day, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.domain.clock import travel_to
from kiosk.domain.figures import Period, ReportFigures
from kiosk.domain.overview import Window, week_start
from kiosk.errors import PermissionDenied
from kiosk.services import overview, staff, visits
from kiosk.services.actors import SYSTEM, Actor
from kiosk.services.reports import report_figures
from tests.support.doc_scenario import (
    CLOSING_DAY,
    DAY,
    at,
    build_closing_day,
    build_day,
    fresh_database,
    next_morning,
)
from tests.support.factories import make_form, make_team
from tests.support.pgserver import PgServer


@dataclass(frozen=True)
class Scene:
    db: Database
    settings: Settings
    supervisor: Actor
    days: tuple[dt.date, ...]  # the days with visits


SCENES = [pytest.param((name, backend), id=f"{name}-{backend}",
                        marks=[pytest.mark.postgres] if backend == "postgres" else [])
          for name in ("monday", "closing") for backend in ("sqlite", "postgres")]


@pytest.fixture(scope="module")
def scenes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[dict[tuple[str, str], Scene]]:
    """The scenes, each built once per module and backend, when a test first asks."""
    class Scenes(dict[tuple[str, str], Scene]):
        def __missing__(self, key: tuple[str, str]) -> Scene:
            name, backend = key
            settings = Settings(data_dir=tmp_path_factory.mktemp(name) / "data")
            if backend == "sqlite":
                db = fresh_database(settings)
            else:
                server: PgServer = request.getfixturevalue("pg_server")
                db = Database(server.create_database())
                migrate.upgrade(db)
            self[key] = _build(name, db, settings)
            return self[key]

    built = Scenes()
    yield built
    for scene in built.values():
        scene.db.dispose()


def _build(name: str, db: Database, settings: Settings) -> Scene:
    if name == "monday":
        # Monday 23 November 2026, with a visit of the Sunday before, never decided.
        built = build_day(db, settings)
        return Scene(db, settings, built.team.supervisor, (DAY - dt.timedelta(days=1), DAY))
    # Tuesday 1 December 2026, closed at its end, the overnight visitor out next morning.
    team = make_team(db)
    ids = build_closing_day(db, settings, team).ids
    next_morning(db, settings, team, ids)
    return Scene(db, settings, team.supervisor, (CLOSING_DAY,))


@pytest.fixture(params=SCENES)
def scene(request: pytest.FixtureRequest, scenes: dict[tuple[str, str], Scene]) -> Scene:
    return scenes[request.param]


@pytest.fixture
def monday(scenes: dict[tuple[str, str], Scene]) -> Scene:
    return scenes["monday", "sqlite"]


def _report(scene: Scene, day: dt.date, now: dt.datetime) -> ReportFigures:
    with travel_to(now):
        return report_figures(scene.db, scene.settings, SYSTEM, Period.day(day))


def _later(scene: Scene) -> dt.datetime:
    """A moment a few days on, when every day of the scene is over."""
    return at(10, 0, scene.days[-1] + dt.timedelta(days=3))


def test_anomalies_of_past_days_are_the_reports(scene: Scene) -> None:
    now = _later(scene)
    days = Window(now.date()).all_days[:-1]
    with scene.db.session() as session:
        counted = overview.anomalies_per_day(session, days, scene.settings.sop.visit)
    expected = {day: _report(scene, day, now).anomaly_visits for day in scene.days}
    assert {day: counted.get(day, 0) for day in scene.days} == expected
    assert sum(counted.values()) == sum(expected.values())  # and nothing on other days
    if scene.days == (CLOSING_DAY,):
        assert expected[CLOSING_DAY] == 9  # as tests/documents/test_closing_day.py says


def test_visits_per_day_and_purpose_are_the_reports(scene: Scene) -> None:
    now = _later(scene)
    with travel_to(now):
        seen = overview.load_overview(scene.db, scene.settings, scene.supervisor)
    for day in scene.days:
        fig = _report(scene, day, now)
        assert seen.visits_on(day) == fig.totals.visits  # purged counts included
        by_purpose = {p.purpose_key: p.visits for p in seen.visits if p.day == day}
        assert by_purpose == {p.key: p.visits for p in fig.purposes if p.visits}


def test_step_medians_are_the_reports(scene: Scene) -> None:
    """The scene's last day is the only day of its week with visits: the week's medians
    are that day's."""
    now = _later(scene)
    day = scene.days[-1]
    with travel_to(now):
        seen = overview.load_overview(scene.db, scene.settings, scene.supervisor)
    fig = _report(scene, day, now)
    week = {s.step: s for s in seen.steps if s.week == week_start(day)}
    for timing in fig.timings:
        assert week[timing.key].measured == timing.measured
        assert week[timing.key].median == timing.median
        assert week[timing.key].standard == timing.standard


def test_purged_visits_are_counted(monday: Scene) -> None:
    with travel_to(_later(monday)):
        seen = overview.load_overview(monday.db, monday.settings, monday.supervisor)
    assert seen.visits_on(DAY) == 6  # four on record, two purged deliveries


def test_today_is_the_daily_report_made_now(monday: Scene) -> None:
    now = at(16, 0)
    with travel_to(now):
        seen = overview.load_overview(monday.db, monday.settings, monday.supervisor)
    fig = _report(monday, DAY, now)
    tiles = seen.tiles
    assert (tiles.visits, tiles.inside, tiles.waiting, tiles.anomalies, tiles.unclosed) == (
        fig.totals.visits, fig.totals.inside, fig.totals.waiting, fig.anomaly_visits,
        len(fig.unclosed))
    assert (tiles.visits, tiles.inside, tiles.unclosed, tiles.day_end_reached) == (
        6, 1, 0, False)
    this_week = next(a for a in seen.anomalies if a.week == week_start(DAY))
    assert this_week.visits == fig.anomaly_visits  # Monday: the week so far is today
    assert [b.number for b in seen.badges_out] == [3]
    assert seen.badges_out[0].holder == "Dewi Lestari"


def test_a_refresh_reads_this_week_and_keeps_the_weeks_that_are_over(scene: Scene) -> None:
    """The weeks before this one hold still: an overview made from the one before it
    equals one made afresh, and what happens today is in it."""
    now = at(9, 0, scene.days[-1] + dt.timedelta(days=7))
    with travel_to(now):
        first = overview.load_overview(scene.db, scene.settings, scene.supervisor)
    with travel_to(now + dt.timedelta(minutes=1)):
        visits.submit_visit(scene.db, scene.settings, make_form(
            id_number="6171014506900099", purpose_key="delivery"))
    later = now + dt.timedelta(minutes=2)
    with travel_to(later):
        again = overview.load_overview(scene.db, scene.settings, scene.supervisor,
                                       earlier=first)
        fresh = overview.load_overview(scene.db, scene.settings, scene.supervisor)
    assert (again.visits, again.steps, again.anomalies, again.tiles) == (
        fresh.visits, fresh.steps, fresh.anomalies, fresh.tiles)
    assert again.visits_on(now.date()) == first.visits_on(now.date()) + 1
    assert again.steps != () and again.anomalies != ()


def test_the_window_is_thirty_days_and_five_weeks() -> None:
    for today in (dt.date(2026, 11, 23), dt.date(2026, 11, 29), dt.date(2026, 12, 1)):
        window = Window(today)
        assert len(window.days) == 30 and window.days[-1] == today
        assert len(window.weeks) == 5 and window.weeks[-1] == week_start(today)
        assert window.all_days[0] == min(window.days[0], window.weeks[0])
        assert window.all_days[-1] == today


def test_only_supervisors_see_it(monday: Scene) -> None:
    operator = staff.actor_for_record(next(
        s for s in staff.list_staff(monday.db) if s.username == "budi"))
    with pytest.raises(PermissionDenied):
        overview.load_overview(monday.db, monday.settings, operator)
