"""The supervisor's overview on real widgets: what its tiles and charts show is what the
daily report says of the same day, it follows the door while it stays open, and a day
tapped on its chart opens that day's report.

The days are ``tests/support/doc_scenario``'s: a Monday in the afternoon (a visitor
inside, one waiting since the day before is not today's), and the closing day in the
evening (visits left open at the day's end, one still inside).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCharts import QStackedBarSeries
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.clock import travel_to
from kiosk.domain.figures import Period, ReportFigures
from kiosk.services import visits
from kiosk.services.actors import SYSTEM, Actor
from kiosk.services.reports import report_figures
from kiosk.ui.context import AppContext
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.operator.style import console_style_sheet
from kiosk.ui.supervisor.overview_page import OverviewPage
from tests.support.doc_scenario import CLOSING_DAY, DAY, at, build_closing_day, build_day
from tests.support.factories import make_form, make_team

Start = Callable[..., OperatorConsole]
WAIT = 15_000


@dataclass(frozen=True)
class Seen:
    day: dt.date
    now: dt.datetime
    supervisor: Actor


@pytest.fixture(params=["monday", "closing"])
def seeded(request: pytest.FixtureRequest, db: Database, settings: Settings) -> Seen:
    if request.param == "monday":
        return Seen(DAY, at(16, 0), build_day(db, settings).team.supervisor)
    team = make_team(db)
    build_closing_day(db, settings, team)
    return Seen(CLOSING_DAY, at(20, 0, CLOSING_DAY), team.supervisor)


@pytest.fixture
def clock(seeded: Seen) -> Iterator[None]:
    """The page reads on its worker thread; the moment holds there too."""
    with travel_to(seeded.now):
        yield


def _page(qtbot: QtBot, ctx: AppContext, actor: Actor) -> OverviewPage:
    page = OverviewPage(ctx, actor)
    qtbot.addWidget(page)
    page.setStyleSheet(console_style_sheet())
    page.resize(1264, 560)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None, timeout=WAIT)
    return page


def _report(db: Database, settings: Settings, day: dt.date) -> ReportFigures:
    return report_figures(db, settings, SYSTEM, Period.day(day))


def _tiles(page: OverviewPage) -> dict[str, int | None]:
    return {key: tile.value() for key, tile in page.tiles.items()}


def _charted(page: OverviewPage, day: dt.date) -> int:
    """The height of ``day``'s stacked bar, read from the chart's own bar sets."""
    overview = page.overview
    assert overview is not None
    index = overview.window.days.index(day)
    series = [s for s in page.visits_chart.chart().series()
              if isinstance(s, QStackedBarSeries)]
    return round(sum(bars.at(index) for s in series for bars in s.barSets()))


def test_the_tiles_and_the_chart_show_the_daily_reports_figures(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, seeded: Seen,
        clock: None) -> None:
    page = _page(qtbot, ctx, seeded.supervisor)
    fig = _report(db, settings, seeded.day)
    assert _tiles(page) == {
        "visits": fig.totals.visits, "inside": fig.totals.inside,
        "waiting": fig.totals.waiting, "anomalies": fig.anomaly_visits,
        "unclosed": len(fig.unclosed)}
    assert _charted(page, seeded.day) == fig.totals.visits
    if seeded.day == DAY:  # a working afternoon: one inside, nothing left open yet
        assert _tiles(page)["inside"] == 1 and _tiles(page)["unclosed"] == 0
        assert "Dewi Lestari" in page.badges_list.text()
        assert page.badges_list.textFormat() == Qt.TextFormat.PlainText
    else:  # after the day end: the overnight visitor is still open
        assert _tiles(page)["unclosed"] == len(fig.unclosed) > 0
        assert page.tiles["unclosed"].number.property("tone") == "warn"
        assert page.tiles["anomalies"].number.property("tone") == "danger"


def test_the_page_follows_the_door_while_it_is_open(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, seeded: Seen
        ) -> None:
    with travel_to(seeded.now) as advance:
        page = _page(qtbot, ctx, seeded.supervisor)
        before = _tiles(page)
        advance(dt.timedelta(minutes=1))
        visits.submit_visit(db, settings, make_form(id_number="6171014506900099",
                                                    purpose_key="delivery"))
        advance(dt.timedelta(minutes=1))
        page.refresh()  # what the page's minute timer does
        qtbot.waitUntil(lambda: _tiles(page)["visits"] == before["visits"] + 1, timeout=WAIT)
        assert _tiles(page)["waiting"] == before["waiting"] + 1
        fig = _report(db, settings, seeded.day)
        assert _charted(page, seeded.day) == fig.totals.visits
        assert _tiles(page)["waiting"] == fig.totals.waiting


def test_a_supervisor_starts_on_the_overview_and_a_tapped_day_opens_its_report(
        qtbot: QtBot, seeded: Seen, clock: None, console_for: Start) -> None:
    console = console_for(seeded.supervisor)
    overview = console.overview
    assert overview is not None and console.tabs.currentWidget() is overview
    qtbot.waitUntil(lambda: overview.overview is not None, timeout=WAIT)
    overview.visits_chart.click_day(seeded.day)
    reports = console.reports
    assert reports is not None and console.tabs.currentWidget() is reports
    assert reports.period() == Period.day(seeded.day)
    qtbot.waitUntil(lambda: reports.page_count() > 0, timeout=WAIT * 2)
