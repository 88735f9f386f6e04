"""The desk's tables and buttons fit the screen: nothing is cut at 1280x800 or 1920x1080.

Times read at a glance ("10 j 33 m", never "633:07"), anything over the SOP's standard
time carries a sign as well as a colour, every column but a name or an organisation shows
its whole text, and the buttons under the visit panel are wholly on screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QFontMetrics, QRegion
from PySide6.QtWidgets import QPushButton, QStyle, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.clock import travel_to, utcnow
from kiosk.domain.types import Role
from kiosk.i18n import tr
from kiosk.services import exits, staff
from kiosk.services.actors import SYSTEM
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.main_window import MainWindow
from kiosk.ui.operator.common import duration_text
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.ops import wait_for_ops
from tests.support import factories
from tests.support.factories import PIN, Team

WAIT = 15_000
SIZES = [(1280, 800), (1920, 1080)]
LONG_ORG = "Dinas Komunikasi, Informatika, Statistik dan Persandian Provinsi Kalimantan Barat"
LONG_NAME = "Raden Ajeng Kartika Dewi Purnamasari Wijayakusuma"


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team
           ) -> Iterator[MainWindow]:
    """A desk ten and a half hours into a day: one form waiting since the morning, three
    visitors inside (one overdue, one at the kiosk to leave)."""
    now = utcnow()
    with travel_to(now - dt.timedelta(minutes=633, seconds=7)):
        factories.submitted(db, settings, full_name=LONG_NAME, organisation=LONG_ORG)
    with travel_to(now - dt.timedelta(minutes=84)):
        overdue = factories.inside(db, settings, team, organisation=LONG_ORG,
                                   full_name="Hendra Siregar", id_number="6171030507850011")
    factories.inside(db, settings, team, full_name="Maya Utami", id_number="6171024906920003",
                     planned_minutes=90)
    assert overdue.badge_number is not None
    exits.request_exit_by_number(db, overdue.badge_number)
    made = MainWindow(ctx)
    qtbot.addWidget(made)
    made.show()
    # A long signed-in name with titles, as staff lists have them.
    made.console.start(staff.actor_for_record(staff.add_staff(
        db, SYSTEM, "kepala", PIN, Role.SUPERVISOR,
        "Dra. Sari Wulandari Kusumaningrum, S.Kom., M.T.")))
    made.show_console()
    yield made
    made.console.shutdown()
    wait_for_ops()
    language().switch("id")


def _settle(qtbot: QtBot) -> None:
    wait_for_ops()
    qtbot.wait(50)


def assert_columns_fit(table: RecordTable[object]) -> None:
    """Every section is inside the viewport (no column pushed off to the right), and every
    column's text fits its section, except names and organisations, which may end in …"""
    header = table.horizontalHeader()
    viewport = table.viewport().width()
    model = table.model()
    metrics = QFontMetrics(table.font())
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin,
                                            None, table) + 1)
    sizes = {model.headerData(c, header.orientation()): header.sectionSize(c)
             for c in range(model.columnCount())}
    for column in range(model.columnCount()):
        title = model.headerData(column, header.orientation())
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= viewport, f"{title!r} ends at {right}, the view at {viewport}: {sizes}"
        assert header.sectionSize(column) >= header.sectionSizeHint(column), \
            f"the title of {title!r} is cut: {sizes}"
        if model.column(column).elide:
            assert header.sectionSize(column) >= 100, f"{title!r} is too narrow to read: {sizes}"
            continue
        for row in range(model.rowCount()):
            text = model.data(model.index(row, column, QModelIndex()))
            needed = metrics.horizontalAdvance(text) + margin
            assert needed <= header.sectionSize(column), \
                f"{title!r}: {text!r} needs {needed}, has {header.sectionSize(column)}"
    assert not table.horizontalScrollBar().isVisible()


def assert_wholly_visible(button: QPushButton, within: QWidget) -> None:
    assert button.isVisible(), button.objectName()
    assert button.visibleRegion() == QRegion(button.rect()), \
        f"{button.objectName()} is partly hidden"
    top_left = button.mapTo(within, button.rect().topLeft())
    bottom_right = button.mapTo(within, button.rect().bottomRight())
    assert within.rect().contains(top_left) and within.rect().contains(bottom_right), \
        f"{button.objectName()} is outside the window"


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_queue_and_the_board_fit_the_screen(qtbot: QtBot, window: MainWindow,
                                                 size: tuple[int, int], lang: str) -> None:
    language().switch(lang)
    window.resize(*size)
    console = window.console
    _settle(qtbot)
    assert (window.width(), window.height()) == size, "a page is wider or taller than the screen"
    tab_bar = console.tabs.tabBar()
    assert tab_bar.sizeHint().width() <= console.tabs.width(), "the tabs do not all show"
    queue = console.queue
    console.tabs.setCurrentWidget(queue)  # a supervisor starts on the overview
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=WAIT)
    queue.table.selectRow(0)
    qtbot.waitUntil(lambda: queue.panel.review is not None, timeout=WAIT)
    _settle(qtbot)

    waiting = queue.model.data(queue.model.index(0, 5))
    assert waiting == "⚠ " + tr("{hours} h {minutes} m", hours=10, minutes=33) + " / " + \
        tr("{minutes} m", minutes=5)
    assert waiting.startswith("⚠ 10 j 33 m / 5 m" if lang == "id" else "⚠ 10 h 33 m / 5 m")
    assert_columns_fit(queue.table)  # type: ignore[arg-type]
    for button in (queue.refuse_button, queue.approve_button):
        assert_wholly_visible(button, window)
    panel = queue.panel
    assert not panel.horizontalScrollBar().isVisible()
    assert panel.widget().width() <= panel.viewport().width()

    console.tabs.setCurrentWidget(console.inside)
    inside = console.inside
    qtbot.waitUntil(lambda: inside.model.rowCount() == 2, timeout=WAIT)
    inside.table.selectRow(0)
    _settle(qtbot)
    assert_columns_fit(inside.table)  # type: ignore[arg-type]
    for button in (inside.entered, inside.escort, inside.cancel, inside.checkout,
                   inside.evacuation):
        assert_wholly_visible(button, window)
    texts = {inside.model.data(inside.model.index(row, 5))
             for row in range(inside.model.rowCount())}
    hour = duration_text(dt.timedelta(hours=1))
    assert "⚠ " + tr("{hours} h {minutes} m", hours=1, minutes=24) + " / " + hour in texts
    window.grab().save(f"/tmp/pintu-layout-{lang}-{size[0]}x{size[1]}.png")


def test_durations_read_as_hours_and_minutes() -> None:
    language().switch("en")
    try:
        assert duration_text(dt.timedelta(minutes=633, seconds=7)) == "10 h 33 m"
        assert duration_text(dt.timedelta(minutes=4, seconds=59)) == "4 m"
        assert duration_text(dt.timedelta(seconds=40)) == "0 m"
        assert duration_text(dt.timedelta(hours=2)) == "2 h"
    finally:
        language().switch("id")
    assert duration_text(dt.timedelta(minutes=633)) == "10 j 33 m"
    assert duration_text(dt.timedelta(minutes=60)) == "1 j"
    assert duration_text(dt.timedelta(minutes=5)) == "5 m"
