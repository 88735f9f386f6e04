"""The operator's side of the SOP, driven through the console's own widgets."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.domain.types import BadgeState, DeviceExit, IdType, VisitState
from kiosk.domain.validation import DeviceInput
from kiosk.errors import PermissionDenied
from kiosk.services import badges, denylist, exits, staff
from kiosk.services.queries import get_visit
from kiosk.ui import theme
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.operator.approve_dialog import ApproveDialog
from kiosk.ui.operator.checkout_dialog import CheckoutDialog
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.operator.login import LoginDialog
from kiosk.ui.supervisor.staff_page import StaffPage
from tests.support import factories
from tests.support.factories import PIN, Team

Start = Callable[..., OperatorConsole]
#: Generous: a loaded CI machine renders the archive PDF slowly. The 2-second promises
#: (new visits, exit requests) are tested with their own limit.
WAIT = 15_000
TWO_DEVICES = (DeviceInput("Laptop", "Lenovo ThinkPad T14", "PF-1A2B3C"),
               DeviceInput("Hard disk eksternal", "WD Elements 2TB", "WX41A77"))


def _sign_in(qtbot: QtBot, ctx: AppContext, name: str, pin: str) -> LoginDialog:
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.username.setText(name)
    dialog.pin.setText(pin)
    qtbot.mouseClick(dialog.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.actor is not None or bool(dialog.error.text()),
                    timeout=WAIT)
    return dialog


def _select_first(qtbot: QtBot, console: OperatorConsole) -> None:
    qtbot.waitUntil(lambda: console.queue.model.rowCount() == 1, timeout=WAIT)
    console.queue.table.selectRow(0)
    qtbot.waitUntil(lambda: console.queue.approve_button.isEnabled(), timeout=WAIT)


def _open_approve(qtbot: QtBot, console: OperatorConsole) -> ApproveDialog:
    qtbot.mouseClick(console.queue.approve_button, Qt.MouseButton.LeftButton)
    dialog = console.queue.active_dialog
    assert isinstance(dialog, ApproveDialog)
    qtbot.waitUntil(lambda: dialog.escort.count() > 0 and dialog.badge.count() > 0,
                    timeout=WAIT)
    return dialog


def test_operator_approves_sees_the_board_and_checks_out_with_a_device_missing(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start) -> None:
    visit = factories.submitted(db, settings, devices=TWO_DEVICES)
    login = _sign_in(qtbot, ctx, "budi", PIN)
    assert login.actor is not None
    console = console_for(login.actor)
    _select_first(qtbot, console)
    assert console.queue.panel.review is not None
    assert console.queue.panel.review.nik is not None  # NIK check shown with the form

    # Approve: escort, badge by scanning its card QR, ID card typed from the card.
    dialog = _open_approve(qtbot, console)
    dialog.escort.setCurrentIndex(dialog.escort.findData(team.second_operator.staff_id))
    card = next(b for b in badges.list_badges(db) if b.number == 7)
    dialog.badge_scan.setText(badges.badge_token(ctx.token_secret, card))
    qtbot.keyClick(dialog.badge_scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.badge.currentData() == 7, timeout=WAIT)
    dialog.id_number.setText("6171014506900001")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_summary is not None, timeout=WAIT)

    # The board shows the visitor inside, with badge and escort.
    qtbot.waitUntil(lambda: console.inside.model.rowCount() == 1, timeout=WAIT)
    row = console.inside.model.record(0)
    assert (row.id, row.state, row.badge_number, row.escort_name) == (
        visit.id, VisitState.INSIDE, 7, "Rina Marlina")
    assert console.queue.model.rowCount() == 0

    # Check-out: the laptop is scanned, the disk is missing and needs a note.
    console.tabs.setCurrentWidget(console.inside)
    console.inside.table.selectRow(0)
    qtbot.mouseClick(console.inside.checkout, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(console.inside.active_dialog, CheckoutDialog),
                    timeout=WAIT)
    out = console.inside.active_dialog
    assert isinstance(out, CheckoutDialog)
    out.scan.setText("pf 1a2b3c")
    qtbot.keyClick(out.scan, Qt.Key.Key_Return)
    laptop, disk = out._rows
    assert laptop.state.currentData() == DeviceExit.CARRIED_OUT.value
    disk.state.setCurrentIndex(disk.state.findData(DeviceExit.MISSING.value))
    out.badge_returned.setChecked(True)
    out.id_returned.setChecked(True)
    qtbot.mouseClick(out.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: out.error.isVisible(), timeout=WAIT)
    assert "WX41A77" in out.error.text()  # "explain what happened to device WX41A77"
    disk.note.setText("Tertinggal di kantor, diantar besok")
    qtbot.mouseClick(out.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: out.result_summary is not None, timeout=WAIT)
    assert out.result_summary is not None
    assert out.result_summary.state is VisitState.CHECKED_OUT

    detail = get_visit(db, visit.id)
    assert detail.summary.left_at is not None and detail.checked_out_by == "Budi Santoso"
    assert [(d.serial, d.exit_state) for d in detail.devices] == [
        ("PF-1A2B3C", DeviceExit.CARRIED_OUT), ("WX41A77", DeviceExit.MISSING)]
    assert detail.devices[1].exit_note == "Tertinggal di kantor, diantar besok"
    assert all(c.returned_at is not None for c in detail.id_cards)
    assert all(b.returned_at is not None for b in detail.badge_loans)
    assert next(b for b in badges.list_badges(db) if b.number == 7).state is \
        BadgeState.AVAILABLE
    # The form is then filed (SOP step 7); the board says so.
    qtbot.waitUntil(lambda: get_visit(db, visit.id).summary.state is VisitState.ARCHIVED,
                    timeout=WAIT)
    qtbot.waitUntil(lambda: "arsip" in console.inside.message.text(), timeout=WAIT)


def test_wrong_pins_make_the_terminal_wait_with_a_countdown_and_are_audited_once(
        qtbot: QtBot, ctx: AppContext, db: Database, team: Team) -> None:
    first = _sign_in(qtbot, ctx, "budi", "000000")
    assert first.actor is None
    assert first.error.text() == "Nama atau PIN salah, atau akun sedang dikunci atau nonaktif."
    assert not first.submit.isEnabled()
    assert first.wait.text() == "Tunggu 1 detik sebelum mencoba lagi."
    qtbot.waitUntil(first.submit.isEnabled, timeout=WAIT)  # the countdown ran out
    assert first.wait.text() == ""

    second = _sign_in(qtbot, ctx, "admin", "000000")
    assert second.wait.text() == "Tunggu 2 detik sebelum mencoba lagi."
    assert not second.submit.isEnabled()
    # Closing the dialog does not end the wait: a new one asks the database.
    language().switch("en")
    reopened = LoginDialog(ctx)
    qtbot.addWidget(reopened)
    qtbot.waitUntil(lambda: not reopened.submit.isEnabled(), timeout=WAIT)
    assert reopened.wait.text().startswith("Wait ")
    assert reopened.wait.text().endswith(" s before the next try.")
    language().switch("id")

    # Nobody was locked out; the audit trail has nothing yet, one summary at the sign-in.
    assert all(s.locked_until is None for s in staff.list_staff(db))
    assert _audited(db, "login_failures") == []
    qtbot.waitUntil(reopened.submit.isEnabled, timeout=WAIT)
    reopened.username.setText("budi")
    reopened.pin.setText(PIN)
    qtbot.mouseClick(reopened.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reopened.actor is not None, timeout=WAIT)
    assert _audited(db, "login_failures") == ['"failures":2']


def _audited(db: Database, action: str) -> list[str]:
    with db.session() as session:
        details = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == action))
        return [part for detail in details for part in detail.strip("{}").split(",")
                if part.startswith('"failures"')]


def test_console_locks_itself_when_idle(qtbot: QtBot, ctx: AppContext, db: Database,
                                        team: Team, settings: Settings) -> None:
    quick = AppContext(Settings(data_dir=settings.data_dir, operator_idle_seconds=1), db,
                       ctx.token_secret, "none")
    console = OperatorConsole(quick)
    qtbot.addWidget(console)
    console.start(team.operator)
    try:
        with qtbot.waitSignal(console.signed_out, timeout=4000):
            pass
        assert console.actor is None
    finally:
        console.shutdown()


def test_an_operator_cannot_manage_staff(qtbot: QtBot, ctx: AppContext, team: Team,
                                         console_for: Start) -> None:
    console = console_for(team.operator)
    titles = [console.tabs.tabText(i) for i in range(console.tabs.count())]
    assert "Petugas" not in titles and len(titles) == 4
    assert titles[3] == "Kartu izin"  # operators see passes, only supervisors issue them
    # Even a staff screen opened by an operator gets nothing from the service.
    page = StaffPage(ctx, team.operator)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: bool(page.message.text()), timeout=WAIT)
    assert page.message.text() == PermissionDenied(
        "Your account may not do this. Ask a supervisor.").text("id")
    assert page.model.rowCount() == 0
    supervisor = console_for(team.supervisor)
    assert supervisor.tabs.count() > 3


def test_deny_list_blocks_the_operator_and_a_supervisor_overrides(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start) -> None:
    visit = factories.submitted(db, settings)
    denylist.add_entry(db, team.supervisor, IdType.KTP, "6171014506900001", "Dewi Lestari",
                       "Merusak perangkat pada kunjungan sebelumnya")
    console = console_for(team.operator)
    _select_first(qtbot, console)
    assert console.queue.panel.review is not None
    assert console.queue.panel.review.deny is not None
    dialog = _open_approve(qtbot, console)
    assert dialog.override is not None and not dialog.override.isEnabled()
    dialog.id_number.setText("6171014506900001")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT)
    assert "daftar tolak" in dialog.error.text().lower()
    dialog.reject()
    assert get_visit(db, visit.id).summary.state is VisitState.SUBMITTED

    boss = console_for(team.supervisor)
    _select_first(qtbot, boss)
    override = _open_approve(qtbot, boss)
    assert override.override is not None and override.override.isEnabled()
    override.id_number.setText("6171014506900001")
    override.override.setPlainText("Dikawal langsung oleh Kepala Seksi")
    qtbot.mouseClick(override.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: override.result_summary is not None, timeout=WAIT)
    detail = get_visit(db, visit.id)
    assert detail.deny_override_reason == "Dikawal langsung oleh Kepala Seksi"
    with db.session() as session:
        overrides = session.scalar(select(func.count()).where(
            AuditEvent.action == "deny_override", AuditEvent.visit_id == visit.id))
    assert overrides == 1


def test_a_possible_match_shows_why_and_the_operator_confirms(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start, tmp_path: Path) -> None:
    visit = factories.submitted(db, settings, full_name="Lestari Dewi",
                                id_number="6171024506900002")  # born 05-06-1990 too
    denylist.add_entry(db, team.supervisor, IdType.KTP, "6171014506900001", "Dewi Lestari",
                       "Merusak perangkat")
    console = console_for(team.operator)
    _select_first(qtbot, console)
    review = console.queue.panel.review
    assert review is not None and review.deny is None and len(review.possible) == 1
    why = ("Nama 100% mirip dengan 'Dewi Lestari' di daftar tolak; tanggal lahir sama "
           "5/6/1990.")
    banner = console.queue.panel.findChild(QFrame, "possible-deny-banner")
    assert banner is not None and why in banner.findChild(QLabel).text()
    assert "Merusak perangkat" in banner.findChild(QLabel).text()
    console.grab().save(str(tmp_path / "possible-match-panel.png"))
    dialog = _open_approve(qtbot, console)
    warning = dialog.findChild(QLabel, "possible-deny-warning")
    assert warning is not None and why in warning.text()
    assert dialog.override is None and dialog.possible_checked is not None
    dialog.id_number.setText("6171024506900002")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT)
    assert "Dewi Lestari" in dialog.error.text()
    dialog.adjustSize()
    dialog.grab().save(str(tmp_path / "possible-match-dialog.png"))
    dialog.possible_checked.setChecked(True)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_summary is not None, timeout=WAIT)
    assert get_visit(db, visit.id).summary.state is VisitState.INSIDE


def test_a_visit_submitted_elsewhere_appears_within_two_seconds(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start, monkeypatch: pytest.MonkeyPatch) -> None:
    console = console_for(team.operator)
    qtbot.waitUntil(lambda: console.status.text() != "", timeout=WAIT)
    # Another terminal's submit reaches this one only through the database.
    from kiosk.services import visits

    monkeypatch.setattr(visits, "publish", lambda _event: None)
    other = Database(str(db.url))
    try:
        factories.submitted(other, Settings(data_dir=settings.data_dir,
                                            terminal_name="Pintu 2"))
    finally:
        other.dispose()
    qtbot.waitUntil(lambda: console.queue.model.rowCount() == 1, timeout=10_000)
    assert console.queue.model.record(0).terminal == "Pintu 2"


def test_badge_scanned_at_the_kiosk_shows_who_wants_to_leave(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start) -> None:
    visit = factories.inside(db, settings, team)
    console = console_for(team.operator)
    qtbot.waitUntil(lambda: console.inside.model.rowCount() == 1, timeout=WAIT)
    assert visit.badge_number is not None
    exits.request_exit_by_number(db, visit.badge_number)
    qtbot.waitUntil(lambda: console.exit_banner.isVisible(), timeout=10_000)
    assert console.exit_text.text() == (f"Kartu tamu {visit.badge_number} (Dewi Lestari) "
                                        "diketik di kios untuk keluar: periksa kartunya.")
    status = console.inside.model.index(0, console.inside.model.columnCount() - 1)
    assert console.inside.model.data(status) == "Diketik di kios: cek kartu"
    card = next(b for b in badges.list_badges(db) if b.number == visit.badge_number)
    exits.request_exit(db, ctx.token_secret, badges.badge_token(ctx.token_secret, card))
    qtbot.waitUntil(lambda: "diketik" not in console.exit_text.text(), timeout=10_000)
    assert "Dewi Lestari" in console.exit_text.text()
    qtbot.mouseClick(console.exit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(console.inside.active_dialog, CheckoutDialog),
                    timeout=WAIT)
    assert console.tabs.currentWidget() is console.inside


def _printing_to(ctx: AppContext, printer: str, auto_print_badge: bool = False) -> AppContext:
    settings = dataclasses.replace(ctx.settings, printer=printer,
                                   auto_print_badge=auto_print_badge)
    return dataclasses.replace(ctx, settings=settings)


def test_approval_completes_with_a_missing_printer_and_the_badge_waits_in_a_banner(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start) -> None:
    visit = factories.submitted(db, settings)
    console = console_for(team.operator, _printing_to(ctx, "no-such-printer",
                                                      auto_print_badge=True))
    _select_first(qtbot, console)
    dialog = _open_approve(qtbot, console)
    dialog.id_number.setText("6171014506900001")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_summary is not None, timeout=WAIT)
    assert get_visit(db, visit.id).summary.state is VisitState.INSIDE

    qtbot.waitUntil(console.print_banner.isVisible, timeout=WAIT)
    text = console.print_text.text()
    assert text.startswith("Kartu tamu belum tercetak.") and "no-such-printer" in text
    assert (console.print_retry.text(), console.print_discard.text()) == ("Coba lagi", "Buang")
    [job] = console.print_queue.pending()
    assert job.path.name == f"badge-{visit.number}.pdf" and job.path.exists()
    language().switch("en")
    try:
        assert console.print_text.text().startswith("Visitor badge was not printed.")
        assert console.print_retry.text() == "Retry"
    finally:
        language().switch("id")
    # The desk carries on while the job waits: the board shows the visitor inside.
    qtbot.waitUntil(lambda: console.inside.model.rowCount() == 1, timeout=WAIT)
    qtbot.mouseClick(console.print_discard, Qt.MouseButton.LeftButton)
    assert console.print_queue.pending() == [] and not console.print_banner.isVisible()


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_evacuation_list_is_kept_until_the_printer_works_then_retried(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start, tmp_path: Path) -> None:
    factories.inside(db, settings, team)
    out = tmp_path / "printer-not-ready" / "evakuasi.pdf"
    console = console_for(team.operator, _printing_to(ctx, f"pdf:{out}"))
    console.tabs.setCurrentWidget(console.inside)
    qtbot.waitUntil(console.inside.evacuation.isEnabled, timeout=WAIT)
    with qtbot.waitSignal(console.print_queue.failed, timeout=WAIT):
        qtbot.mouseClick(console.inside.evacuation, Qt.MouseButton.LeftButton)
    message = console.inside.message.text()
    assert message.startswith("Daftar evakuasi telah dikirim ke printer")
    [kept] = (settings.data_dir / "print").glob("evakuasi-*.pdf")
    assert str(kept) in message
    assert "Dewi Lestari" in PdfReader(kept).pages[0].extract_text()
    assert console.print_banner.isVisible()
    assert console.print_text.text().startswith("Daftar evakuasi belum tercetak.")

    out.parent.mkdir()  # the printer is back
    with qtbot.waitSignal(console.print_queue.printed, timeout=WAIT):
        qtbot.mouseClick(console.print_retry, Qt.MouseButton.LeftButton)
    assert not console.print_banner.isVisible() and console.print_queue.pending() == []
    assert len(PdfReader(out).pages) == len(PdfReader(kept).pages)


def _fill(button: QPushButton) -> str:
    image = button.grab().toImage()
    return image.pixelColor(image.width() // 2, 5).name()


def test_refuse_and_approve_follow_the_selection(
        qtbot: QtBot, db: Database, settings: Settings, team: Team,
        console_for: Start) -> None:
    console = console_for(team.operator)
    queue = console.queue
    assert not queue.refuse_button.isEnabled() and not queue.approve_button.isEnabled()
    # Disabled must look disabled: the danger colour only when the button can be used.
    assert _fill(queue.refuse_button) != theme.DANGER.lower()
    factories.submitted(db, settings)
    _select_first(qtbot, console)
    assert queue.refuse_button.isEnabled()
    assert _fill(queue.refuse_button) == theme.DANGER.lower()
    queue.table.clearSelection()
    assert not queue.refuse_button.isEnabled() and not queue.approve_button.isEnabled()
    assert queue.panel.review is None
