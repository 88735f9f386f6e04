"""The console's passes page (supervisors issue and revoke, operators see and print) and the
desk's side of access windows: a pass visit's card check and a supervisor letting a
visitor in outside the window, with the reason audited."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.domain.clock import at_site, today
from kiosk.domain.types import VisitState
from kiosk.domain.windows import AccessWindow
from kiosk.services import badges, passes, visits
from kiosk.services.passes import PassInput
from kiosk.services.queries import get_visit
from kiosk.ui.context import AppContext
from kiosk.ui.operator.approve_dialog import ApproveDialog
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.operator.reason_dialog import ReasonDialog
from kiosk.ui.supervisor.passes_page import PassesPage
from tests.support import factories
from tests.support.factories import Team

WAIT = 10_000
Start = Callable[..., OperatorConsole]
NIK = "6171011203850002"


def _page(console: OperatorConsole) -> PassesPage:
    return next(p for p in console._supervisor_pages if isinstance(p, PassesPage))


def test_a_supervisor_issues_and_revokes_a_pass_on_the_page(
        qtbot: QtBot, ctx: AppContext, db: Database, team: Team, console_for: Start) -> None:
    page = _page(console_for(team.supervisor))
    page.name.setText("Rudi Hartono")
    page.number.setText(NIK)
    page.organisation.setText("PT <b>Jaringan</b> Nusantara")
    page.purposes["repair"].setChecked(True)
    page.purposes["installation"].setChecked(True)
    page.days.setValue(30)
    qtbot.mouseClick(page.issue, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    record = passes.list_passes(db)[0]
    assert record.purposes == ("repair", "installation")
    assert record.valid_until == today() + dt.timedelta(days=29)
    assert "P0001" in page.message.text() and page.message.textFormat() is \
        Qt.TextFormat.PlainText
    assert page.name.text() == ""  # ready for the next one
    page.table.selectRow(0)
    qtbot.waitUntil(page.revoke.isEnabled, timeout=WAIT)
    qtbot.mouseClick(page.revoke, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, ReasonDialog)
    prompt = next(label for label in dialog.findChildren(QLabel) if "P0001" in label.text())
    assert prompt.textFormat() is Qt.TextFormat.PlainText
    dialog.reason.setPlainText("Kontrak pemeliharaan selesai")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: passes.get_pass(db, record.id).revoked_at is not None,
                    timeout=WAIT)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 2)) == "Dicabut",
                    timeout=WAIT)
    assert not page.revoke.isEnabled() and not page.print_card.isEnabled()


def test_an_operator_sees_passes_but_may_not_issue_or_revoke(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start) -> None:
    passes.issue_pass(db, settings, team.supervisor, PassInput(
        full_name="Rudi Hartono", id_number=NIK, organisation="PT Jaringan Nusantara",
        purposes="repair", days=7))
    page = _page(console_for(team.operator))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    assert not page.issue.isEnabled() and not page.name.isEnabled()
    assert page.form_title.text() == ("Hanya supervisor yang dapat menerbitkan atau mencabut "
                                      "kartu izin.")
    page.table.selectRow(0)
    qtbot.waitUntil(page.print_card.isEnabled, timeout=WAIT)
    assert not page.revoke.isEnabled()
    row = [page.model.data(page.model.index(0, c)) for c in range(page.model.columnCount())]
    assert row[0] == "P0001" and NIK not in " ".join(row) and row[2] == "Berlaku"


def test_the_approve_dialog_asks_for_the_pass_holders_card(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start) -> None:
    holder = passes.issue_pass(db, settings, team.supervisor, PassInput(
        full_name="Rudi Hartono", id_number=NIK, organisation="PT Jaringan Nusantara",
        purposes="repair", days=7))
    visit = factories.submitted(db, settings, pass_id=holder.id, id_number=NIK,
                                full_name="Rudi Hartono", purpose_key="repair")
    console = console_for(team.operator)
    qtbot.waitUntil(lambda: console.queue.model.rowCount() == 1, timeout=WAIT)
    console.queue.table.selectRow(0)
    qtbot.waitUntil(console.queue.approve_button.isEnabled, timeout=WAIT)
    qtbot.mouseClick(console.queue.approve_button, Qt.MouseButton.LeftButton)
    dialog = console.queue.active_dialog
    assert isinstance(dialog, ApproveDialog)
    qtbot.waitUntil(lambda: dialog.escort.count() > 0 and dialog.badge.count() > 0,
                    timeout=WAIT)
    note = dialog.findChild(QLabel, "pass-note")
    assert note is not None and "P0001" in note.text() and "6171********0002" in note.text()
    assert dialog.findChild(QLabel, "visit-window") is not None  # the pass's days
    dialog.id_number.setText("6171014506900001")
    dialog.id_note.setText("Kartu saudaranya")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible, timeout=WAIT)
    assert "bukan yang tercantum pada kartu izin P0001" in dialog.error.text()
    dialog.id_number.setText(NIK)
    dialog.work_order.setText("WO-2026/0143")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_summary is not None, timeout=WAIT)
    detail = get_visit(db, visit.id)
    assert detail.summary.state is VisitState.INSIDE and detail.work_order == "WO-2026/0143"


def test_a_supervisor_lets_a_visitor_in_outside_the_window_with_a_reason(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start) -> None:
    start = at_site(today() + dt.timedelta(days=1), dt.time(8))
    window = AccessWindow(start.astimezone(dt.UTC),
                          (start + dt.timedelta(hours=9)).astimezone(dt.UTC))
    visit = factories.submitted(db, settings)
    approved = visits.approve(db, team.operator, visit.id, visit.version, visits.Approval(
        escort_id=team.second_operator.staff_id or 0,
        badge_number=badges.available_numbers(db)[0], id_card_type="ktp",
        id_card_number="6171014506900001", work_order="WO-5", window=window))
    assert approved.state is VisitState.APPROVED

    operator = console_for(team.operator)
    operator.tabs.setCurrentWidget(operator.inside)
    qtbot.waitUntil(lambda: operator.inside.model.rowCount() == 1, timeout=WAIT)
    operator.inside.table.selectRow(0)
    qtbot.waitUntil(operator.inside.entered.isEnabled, timeout=WAIT)
    qtbot.mouseClick(operator.inside.entered, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(operator.inside.message.isVisible, timeout=WAIT)
    assert "Supervisor dapat mengizinkan" in operator.inside.message.text()
    assert operator.inside.active_dialog is None

    boss = console_for(team.supervisor)
    boss.tabs.setCurrentWidget(boss.inside)
    qtbot.waitUntil(lambda: boss.inside.model.rowCount() == 1, timeout=WAIT)
    boss.inside.table.selectRow(0)
    qtbot.waitUntil(boss.inside.entered.isEnabled, timeout=WAIT)
    qtbot.mouseClick(boss.inside.entered, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(boss.inside.active_dialog, ReasonDialog), timeout=WAIT)
    dialog = boss.inside.active_dialog
    assert isinstance(dialog, ReasonDialog)
    dialog.reason.setPlainText("Gangguan jaringan darurat")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: get_visit(db, visit.id).summary.state is VisitState.INSIDE,
                    timeout=WAIT)
    assert get_visit(db, visit.id).window_override_reason == "Gangguan jaringan darurat"
    with db.session() as session:
        rows = session.execute(select(AuditEvent.actor, AuditEvent.detail).where(
            AuditEvent.action == "window_override", AuditEvent.visit_id == visit.id)).all()
    assert [(actor, json.loads(detail)) for actor, detail in rows] == [
        ("sari", {"early": True, "pass_id": None})]
