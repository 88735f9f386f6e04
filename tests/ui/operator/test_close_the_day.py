"""Closing the day on the console: the banner, the dialog listing the open visits, each
one resolved, the banner gone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.clock import travel_to
from kiosk.domain.types import BadgeState, DeviceExit, VisitState
from kiosk.services import badges
from kiosk.services.queries import get_visit
from kiosk.ui.operator.checkout_dialog import CheckoutDialog
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.operator.day_end_dialog import DayEndDialog
from kiosk.ui.operator.reason_dialog import ReasonDialog
from tests.support import factories
from tests.support.factories import WIB, Team

Start = Callable[..., OperatorConsole]
WAIT = 15_000
DAY = dt.date(2026, 12, 1)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), WIB)


def _choose(qtbot: QtBot, dialog: DayEndDialog, visit_id: int) -> None:
    qtbot.waitUntil(lambda: dialog.model.row_of(visit_id) is not None, timeout=WAIT)
    assert dialog.table.select_key(visit_id)


def _reason(qtbot: QtBot, dialog: DayEndDialog, text: str) -> ReasonDialog:
    reason = dialog.active_dialog
    assert isinstance(reason, ReasonDialog)
    reason.reason.setPlainText(text)
    qtbot.mouseClick(reason.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reason.result_value is not None, timeout=WAIT)
    return reason


def test_the_operator_closes_the_day(qtbot: QtBot, db: Database, settings: Settings,
                                     team: Team, console_for: Start) -> None:
    with travel_to(at(13, 0)):
        inside = factories.inside(db, settings, team, full_name="Yusuf Habibi")
    with travel_to(at(14, 0)):
        gone = factories.inside(db, settings, team, full_name="Eko Prasetyo",
                                id_number="6171014506900002")
    with travel_to(at(16, 0)):
        waiting = factories.submitted(db, settings, full_name="Bayu Saputra",
                                      id_number="6171014506900003")
    with travel_to(at(17, 30)):
        console = console_for(team.operator)
        qtbot.waitUntil(lambda: console.inside.model.rowCount() == 2, timeout=WAIT)
        assert not console.day_banner.isVisible()  # the day has not ended yet
        console.shutdown()

    with travel_to(at(18, 5)):
        console = console_for(team.operator)
        qtbot.waitUntil(lambda: console.day_banner.isVisible(), timeout=WAIT)
        assert "3" in console.day_text.text() and "(18.00)" in console.day_text.text()
        qtbot.mouseClick(console.day_button, Qt.MouseButton.LeftButton)
        dialog = console.day_dialog
        assert isinstance(dialog, DayEndDialog)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT)
        assert [v.id for v in dialog.model.records()] == [inside.id, gone.id, waiting.id]

        # Checked out late, at the real exit time the escort gives.
        _choose(qtbot, dialog, inside.id)
        assert dialog.late.isEnabled() and not dialog.no_show.isEnabled()
        qtbot.mouseClick(dialog.late, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(dialog.active_dialog, CheckoutDialog), timeout=WAIT)
        out = dialog.active_dialog
        assert isinstance(out, CheckoutDialog) and out.left_at is not None
        assert out.late_reason is not None
        (laptop,) = out._rows
        laptop.state.setCurrentIndex(laptop.state.findData(DeviceExit.CARRIED_OUT.value))
        out.badge_returned.setChecked(True)
        out.id_returned.setChecked(True)
        out.left_at.setDateTime(QDateTime(QDate(2026, 12, 1), QTime(17, 30)))
        qtbot.mouseClick(out.confirm, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: out.error.isVisible(), timeout=WAIT)  # no reason given
        out.late_reason.setText("Lupa dicatat; jam keluar dari pendamping")
        qtbot.mouseClick(out.confirm, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: out.result_summary is not None, timeout=WAIT)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=WAIT)

        # Nobody saw the second visitor go; the badge is not at the desk.
        _choose(qtbot, dialog, gone.id)
        assert not dialog.no_show.isEnabled()
        qtbot.mouseClick(dialog.unrecorded, Qt.MouseButton.LeftButton)
        reason = dialog.active_dialog
        assert isinstance(reason, ReasonDialog)
        badge_back = reason.findChild(QCheckBox, "badge-at-desk")
        assert badge_back is not None and not badge_back.isChecked()
        _reason(qtbot, dialog, "Tidak terlihat keluar; pendamping sudah pulang")
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=WAIT)

        # The form nobody decided: the visitor did not come in.
        _choose(qtbot, dialog, waiting.id)
        assert dialog.no_show.isEnabled() and not dialog.late.isEnabled()
        qtbot.mouseClick(dialog.no_show, Qt.MouseButton.LeftButton)
        _reason(qtbot, dialog, "Pergi sebelum diputuskan")
        qtbot.waitUntil(lambda: dialog.done_label.isVisible(), timeout=WAIT)
        assert dialog.closed_day

        qtbot.mouseClick(dialog.findChild(type(dialog.late), "day-end-close"),
                         Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not console.day_banner.isVisible(), timeout=WAIT)

        # The ID card of the visitor who left unrecorded waits at the desk.
        qtbot.waitUntil(lambda: console.inside.cards_note.isVisibleTo(console.inside),
                        timeout=WAIT)
        assert "Eko Prasetyo" in console.inside.cards_note.text()
        qtbot.mouseClick(console.inside.card_back, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not console.inside.cards_note.isVisibleTo(console.inside),
                        timeout=WAIT)
        assert all(c.returned_at == at(18, 5) for c in get_visit(db, gone.id).id_cards)
        # ... and the late check-out's form is filed in the archive, as after any exit.
        qtbot.waitUntil(lambda: get_visit(db, inside.id).summary.state
                        is VisitState.ARCHIVED, timeout=WAIT)

    late = get_visit(db, inside.id)
    assert late.summary.left_at == at(17, 30)
    assert get_visit(db, gone.id).summary.state is VisitState.LEFT_UNRECORDED
    assert get_visit(db, waiting.id).summary.state is VisitState.NO_SHOW
    pool = {b.number: b.state for b in badges.list_badges(db)}
    assert pool[gone.badge_number or 0] is BadgeState.RETIRED
    assert pool[inside.badge_number or 0] is BadgeState.AVAILABLE
