"""The kiosk's first start on an empty installation, the demo PIN changed before the
console opens, and a staff member changing their own PIN, through the real widgets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.pins import DEMO_PIN
from kiosk.domain.types import Role
from kiosk.services import signin, staff
from kiosk.services.actors import SYSTEM
from kiosk.ui.context import AppContext
from kiosk.ui.main_window import MainWindow
from kiosk.ui.operator.change_pin_dialog import ChangePinDialog
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.operator.login import LoginDialog
from kiosk.ui.ops import wait_for_ops
from tests.support.factories import PIN, Team

WAIT = 15_000
NEW = "802461"


@pytest.fixture
def window_for(qtbot: QtBot, ctx: AppContext) -> Iterator[Callable[[], MainWindow]]:
    """The main window as ``run_app`` builds it."""
    made: list[MainWindow] = []

    def open_window() -> MainWindow:
        window = MainWindow(ctx, first_run=staff.needs_first_admin(ctx.db))
        window.resize(1280, 800)
        window.show()
        made.append(window)
        return window

    yield open_window
    for window in made:
        window.close()
        window.deleteLater()
    wait_for_ops()


def _fill(widget: QDialog, **fields: str) -> None:
    for name, text in fields.items():
        edit = widget.findChild(QLineEdit, name.replace("_", "-"))
        assert edit is not None, name
        edit.setText(text)


def test_an_empty_installation_starts_on_the_first_administrator_screen(
        qtbot: QtBot, window_for: Callable[[], MainWindow], db: Database,
        tmp_path: Path) -> None:
    window = window_for()
    page = window.first_run
    assert page is not None and window.pages.currentWidget() is page
    assert not window.header.staff_button.isVisible()  # nothing else to reach yet
    assert page.title.text() == "Buat administrator pertama"
    assert window.grab().save(str(tmp_path / "first-run.png"))

    page.username.setText("kepala")
    page.full_name.setText("Hadi Pranoto")
    for pin, again, says in (("111111", "111111", "terlalu mudah ditebak"),
                             (NEW, "802460", "Kedua PIN tidak sama.")):
        page.pin.setText(pin)
        page.again.setText(again)
        qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda s=says: s in page.error.text(), timeout=WAIT)
        if pin == "111111":
            assert window.grab().save(str(tmp_path / "first-run-error.png"))
    assert staff.needs_first_admin(db)

    page.pin.setText(NEW)
    page.again.setText(NEW)
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.console, timeout=WAIT)
    actor = window.console.actor
    assert actor is not None and (actor.username, actor.role) == ("kepala", Role.ADMIN)
    assert window.first_run is None
    window.console.sign_out()
    assert window.pages.currentWidget() is window.visitor
    assert window.header.staff_button.isVisible()
    # The next start goes straight to the visitor's side.
    assert window_for().first_run is None


def _when_modal(kind: type[QDialog], act: Callable[[QDialog], None]) -> None:
    """Run ``act`` on the next modal dialog of ``kind`` (modal dialogs run their own loop
    inside the click that opened them, so they are driven from a timer)."""
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            act(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def _sign_in_as(name: str, pin: str) -> None:
    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, LoginDialog)
        _fill(dialog, username=name, pin=pin)
        dialog.submit.click()

    _when_modal(LoginDialog, act)


def test_a_demo_account_chooses_its_own_pin_before_the_console_opens(
        qtbot: QtBot, window_for: Callable[[], MainWindow], db: Database,
        tmp_path: Path) -> None:
    staff.add_staff(db, SYSTEM, "sari", DEMO_PIN, Role.SUPERVISOR, "Sari <b>Wulandari</b>",
                    demo_account=True)
    window = window_for()
    assert window.first_run is None

    # Signing out of the PIN dialog leads back to the visitor's side.
    _sign_in_as("sari", DEMO_PIN)
    seen: list[str] = []

    def leave(dialog: QDialog) -> None:
        reason = dialog.findChild(QLabel, "change-pin-reason")
        assert reason is not None and reason.textFormat() is Qt.TextFormat.PlainText
        seen.append(reason.text())
        dialog.grab().save(str(tmp_path / "forced-pin.png"))
        dialog.reject()

    _when_modal(ChangePinDialog, leave)
    qtbot.mouseClick(window.header.staff_button, Qt.MouseButton.LeftButton)
    assert seen == ["Sari <b>Wulandari</b>, Anda masuk dengan PIN demo yang diumumkan "
                    "bersama Pintu. Pilih PIN Anda sendiri untuk melanjutkan."]
    assert window.pages.currentWidget() is window.visitor and window.console.actor is None

    # The demo PIN again is refused as new PIN; an own PIN opens the console.
    _sign_in_as("sari", DEMO_PIN)
    errors: list[str] = []

    def change(dialog: QDialog) -> None:
        assert isinstance(dialog, ChangePinDialog)
        _fill(dialog, current_pin=DEMO_PIN, new_pin=DEMO_PIN, new_pin_again=DEMO_PIN)
        dialog.confirm.click()

        def then() -> None:
            if not dialog.error.text():
                QTimer.singleShot(20, then)
                return
            errors.append(dialog.error.text())
            _fill(dialog, current_pin=DEMO_PIN, new_pin=NEW, new_pin_again=NEW)
            dialog.confirm.click()

        then()

    _when_modal(ChangePinDialog, change)
    qtbot.mouseClick(window.header.staff_button, Qt.MouseButton.LeftButton)
    assert errors and "terlalu mudah ditebak" in errors[0]
    assert window.pages.currentWidget() is window.console
    actor = window.console.actor
    assert actor is not None and actor.username == "sari" and not actor.must_change_pin
    assert not staff.find_staff(db, "sari").must_change_pin
    window.console.sign_out()


def test_staff_change_their_own_pin_from_the_console(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Callable[..., OperatorConsole]) -> None:
    console = console_for(team.operator)
    assert console.change_pin_button.text() == "Ganti PIN"
    qtbot.mouseClick(console.change_pin_button, Qt.MouseButton.LeftButton)
    dialog = console.pin_dialog
    assert dialog is not None and dialog.isVisible()
    _fill(dialog, current_pin="802469", new_pin=NEW, new_pin_again=NEW)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() == "PIN sekarang salah.", timeout=WAIT)
    _fill(dialog, current_pin=PIN, new_pin=NEW, new_pin_again=NEW)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: console.pin_dialog is None, timeout=WAIT)
    assert console.status.text() == "PIN baru Anda sudah disimpan."
    assert signin.authenticate(db, settings, "budi", NEW).username == "budi"
