"""Text from outside is shown as written on every console screen, never drawn as markup.

The data are hostile: an organisation that is a red "DISETUJUI" heading with a local image,
a purpose that is a link, staff and deny-list names in bold, a deny-list reason in green,
invitations from a CSV file with markup in them, a site name in the configuration. Every
screen and dialog that shows a visit, a staff member, a deny-list entry or an invitation is
opened, and each label shows the raw string, with every label's format set to plain text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.clock import at_site, travel_to
from kiosk.domain.types import IdType, Role
from kiosk.services import denylist, invitations, staff, visits
from kiosk.services.actors import SYSTEM, Actor
from kiosk.services.badges import available_numbers
from kiosk.ui.context import AppContext
from kiosk.ui.operator.approve_dialog import ApproveDialog
from kiosk.ui.operator.checkout_dialog import CheckoutDialog
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.operator.day_end_dialog import DayEndDialog
from kiosk.ui.operator.escort_dialog import EscortDialog
from kiosk.ui.operator.reason_dialog import ReasonDialog
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.supervisor.denylist_page import DenyListPage
from kiosk.ui.supervisor.staff_page import StaffPage
from kiosk.ui.widgets.header import Header
from kiosk.ui.widgets.plain import ask_text, message_box, plain_tooltip
from tests.support import factories
from tests.support.factories import PIN
from tests.support.plain_text import (
    DENY_NAME,
    DENY_REASON,
    DEVICE,
    INVITED_ORGANISATION,
    INVITED_PIC,
    INVITED_PURPOSE,
    ORGANISATION,
    PIC,
    PURPOSE,
    SITE_NAME,
    STAFF_NAME,
    SUPERVISOR_NAME,
    draws_cells_as_text,
    guessing_labels,
    shows_exactly,
    shows_within,
)

Start = Callable[..., OperatorConsole]
WAIT = 15_000
DAY = dt.date(2026, 11, 23)
DENIED_NIK = "6171010101800009"
SHOTS = Path("/tmp")


def at(hour: int, minute: int = 0) -> dt.datetime:
    return at_site(DAY, dt.time(hour, minute))


def cells(table: RecordTable[object], column: int) -> list[str]:
    model = table.model()
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def assert_plain(widget: QWidget) -> None:
    assert not guessing_labels(widget), guessing_labels(widget)


def _hostile_day(db: Database, settings: Settings) -> tuple[Actor, int]:
    """A supervisor and an escort with markup names, a deny-list entry, a form waiting from
    a denied visitor, a visitor inside with the escort, three invitations from a CSV file."""
    supervisor = staff.actor_for_record(staff.add_staff(
        db, SYSTEM, "supervisi", PIN, Role.SUPERVISOR, SUPERVISOR_NAME))
    escort = staff.add_staff(db, SYSTEM, "pendamping", PIN, Role.OPERATOR, STAFF_NAME)
    team = factories.make_team(db)
    denylist.add_entry(db, supervisor, IdType.KTP, DENIED_NIK, DENY_NAME, DENY_REASON)
    factories.submitted(db, settings, id_number=DENIED_NIK, full_name="Rudi Hartono",
                        organisation=ORGANISATION, purpose_text=PURPOSE, pic=PIC,
                        devices=(DEVICE,))
    waiting = factories.submitted(db, settings, id_number="6171014506900002",
                                  organisation=ORGANISATION, purpose_text=PURPOSE, pic=PIC,
                                  devices=(DEVICE,), full_name="Eko Prasetyo")
    approved = visits.approve(db, team.operator, waiting.id, waiting.version, visits.Approval(
        escort_id=escort.id, badge_number=available_numbers(db)[0], id_card_type="ktp",
        id_card_number="6171014506900002", id_card_note=PURPOSE, enter_now=True),
        settings=settings)
    text = "nama;nik;instansi;keperluan;tanggal;pic;keterangan\n" + "".join(
        f"{name};617101450690001{i};{INVITED_ORGANISATION};repair;{DAY:%d/%m/%Y};"
        f"{INVITED_PIC};{INVITED_PURPOSE}\n"
        for i, name in enumerate(("Joko Permana", "Maya Utami", "Siti Nasution")))
    report = invitations.import_csv(db, settings, supervisor, text)
    assert report.ok, report.errors
    return supervisor, approved.id


def test_every_console_screen_shows_outside_text_as_written(
        qtbot: QtBot, db: Database, settings: Settings, ctx: AppContext,
        console_for: Start) -> None:
    ctx = dataclasses.replace(ctx, settings=dataclasses.replace(settings,
                                                                site_name=SITE_NAME))
    with travel_to(at(10)):
        supervisor, inside_id = _hostile_day(db, ctx.settings)
        console = console_for(supervisor, ctx)
        console.resize(1920, 1000)
        assert shows_within(console, SUPERVISOR_NAME)  # the bar: who is signed in

        # The queue and the form the operator decides on.
        queue = console.queue
        qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=WAIT)
        assert draws_cells_as_text(queue.table)
        assert cells(queue.table, 2) == [ORGANISATION]  # type: ignore[arg-type]
        queue.table.selectRow(0)
        qtbot.waitUntil(lambda: queue.approve_button.isEnabled(), timeout=WAIT)
        panel = queue.panel
        for text in (ORGANISATION, PURPOSE, PIC):
            assert shows_exactly(panel, text), text
        assert shows_within(panel, DEVICE.kind) and shows_within(panel, DEVICE.brand_model)
        assert shows_within(panel, DENY_REASON)  # the deny-list banner
        assert_plain(console)
        panel.grab().save(str(SHOTS / "pintu-plain-visit-panel.png"))

        queue.approve_button.click()
        approve = queue.active_dialog
        assert isinstance(approve, ApproveDialog)
        qtbot.waitUntil(lambda: approve.escort.count() > 0, timeout=WAIT)
        assert STAFF_NAME in [approve.escort.itemText(i) for i in range(approve.escort.count())]
        assert_plain(approve)
        approve.reject()
        queue.refuse_button.click()
        refuse = queue.active_dialog
        assert isinstance(refuse, ReasonDialog)
        assert_plain(refuse)
        refuse.reject()

        # The board, the check-out and the change of escort.
        inside = console.inside
        console.tabs.setCurrentWidget(inside)
        qtbot.waitUntil(lambda: inside.model.rowCount() == 1, timeout=WAIT)
        assert draws_cells_as_text(inside.table)
        assert cells(inside.table, 1) == [ORGANISATION]  # type: ignore[arg-type]
        assert cells(inside.table, 3) == [STAFF_NAME]  # type: ignore[arg-type]
        inside.open_checkout(inside_id)
        qtbot.waitUntil(lambda: isinstance(inside.active_dialog, CheckoutDialog), timeout=WAIT)
        checkout = inside.active_dialog
        assert checkout is not None
        assert shows_within(checkout, DEVICE.kind) and shows_within(checkout, DEVICE.brand_model)
        assert_plain(checkout)
        checkout.grab().save(str(SHOTS / "pintu-plain-checkout.png"))
        checkout.reject()
        inside.table.select_key(inside_id)
        inside.escort.click()
        escort = inside.active_dialog
        assert isinstance(escort, EscortDialog)
        qtbot.waitUntil(lambda: escort.escort.count() > 0, timeout=WAIT)
        assert shows_within(escort, "Eko Prasetyo")
        assert_plain(escort)
        escort.reject()

        # Invitations from the CSV file, staff, the deny list, badges, reports, outbox.
        prereg = console.preregistration
        console.tabs.setCurrentWidget(prereg)
        qtbot.waitUntil(lambda: prereg.model.rowCount() == 3, timeout=WAIT)
        assert draws_cells_as_text(prereg.table)
        assert set(cells(prereg.table, 2)) == {INVITED_ORGANISATION}  # type: ignore[arg-type]
        assert set(cells(prereg.table, 4)) == {INVITED_PIC}  # type: ignore[arg-type]
        for index in range(3, console.tabs.count()):
            page = console.tabs.widget(index)
            console.tabs.setCurrentIndex(index)
            wait_for_ops()
            qtbot.wait(50)
            table = getattr(page, "table", None)
            if isinstance(table, RecordTable):
                assert draws_cells_as_text(table)
            expected = {StaffPage: {STAFF_NAME, SUPERVISOR_NAME},
                        DenyListPage: {DENY_NAME, DENY_REASON}}.get(type(page), set())
            if expected:
                assert isinstance(table, RecordTable)
                qtbot.waitUntil(lambda t=table: t.model().rowCount() > 0, timeout=WAIT)
                shown = {t for c in range(table.model().columnCount())
                         for t in cells(table, c)}  # type: ignore[arg-type]
                assert expected <= shown
                table.selectRow(0)
            assert_plain(page)
        for combo in console.findChildren(QComboBox):  # escorts, printers: items are text
            assert all(isinstance(combo.itemText(i), str) for i in range(combo.count()))
        assert_plain(console)

    # The day's end: the visit still open after 18:00, with its escort's name.
    with travel_to(at(18, 30)):
        day_end = DayEndDialog(ctx, supervisor, console)
        qtbot.addWidget(day_end)
        qtbot.waitUntil(lambda: day_end.model.rowCount() == 2, timeout=WAIT)
        assert draws_cells_as_text(day_end.table)
        assert_plain(day_end)
        day_end.reject()
        wait_for_ops()


def test_the_header_shows_the_configured_site_name_as_written(qtbot: QtBot) -> None:
    header = Header(SITE_NAME)
    qtbot.addWidget(header)
    header.resize(1920, 88)
    header.show()
    assert shows_exactly(header, SITE_NAME)
    assert_plain(header)
    tip = next(label.toolTip() for label in header.findChildren(QWidget)
               if label.toolTip())
    assert tip == plain_tooltip(SITE_NAME)
    assert "&lt;b style=" in tip and "<b" not in tip.replace("<p style", "")


def test_message_boxes_and_prompts_show_text_as_written(qtbot: QtBot) -> None:
    box = message_box(QMessageBox.Icon.Warning, "Pintu", DENY_REASON,
                      QMessageBox.StandardButton.Ok, None)
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText and box.text() == DENY_REASON
    assert shows_exactly(box, DENY_REASON)
    seen: list[list[str]] = []

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, inspect)
            return
        seen.append(guessing_labels(dialog))
        seen.append([label.text() for label in dialog.findChildren(QLabel)])
        dialog.reject()

    QTimer.singleShot(0, inspect)
    assert ask_text(box, "Pintu", STAFF_NAME) is None
    assert seen == [[], [STAFF_NAME]]
