"""Every dialog the console can open speaks Indonesian, Qt's own standard buttons included.

Qt has no Indonesian translation of its own; ``kiosk.ui.qt_translation`` answers it from
the kiosk's catalogue. Each dialog is opened the way a person opens it (its button on the
real page) and every button in it is read back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.types import IdType
from kiosk.services import badges, denylist
from kiosk.ui.context import AppContext
from kiosk.ui.operator.approve_dialog import ApproveDialog
from kiosk.ui.operator.checkout_dialog import CheckoutDialog
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.operator.escort_dialog import EscortDialog
from kiosk.ui.operator.login import LoginDialog
from kiosk.ui.operator.reason_dialog import ReasonDialog
from kiosk.ui.supervisor.badges_page import BadgesPage
from kiosk.ui.supervisor.denylist_page import DenyListPage
from kiosk.ui.supervisor.reports_page import ReportsScreen
from kiosk.ui.supervisor.staff_page import StaffPage
from tests.support import factories
from tests.support.factories import Team

Start = Callable[..., OperatorConsole]
Page = TypeVar("Page", bound=QWidget)
WAIT = 15_000

#: Qt's English labels for its standard buttons (QDialogButtonBox, QMessageBox), and the
#: file dialog's accept button.
ENGLISH_BUTTONS = {
    "ok", "cancel", "retry", "close", "yes", "no", "abort", "ignore", "save", "open", "apply",
    "reset", "help", "discard", "save all", "yes to all", "no to all", "restore defaults",
    "close without saving", "choose",
}


def button_texts(dialog: QWidget) -> list[str]:
    return [b.text() for b in dialog.findChildren(QAbstractButton) if b.text()]


def english(texts: list[str]) -> list[str]:
    return [t for t in texts if t.replace("&", "").strip().lower() in ENGLISH_BUTTONS]


def assert_indonesian(dialog: QWidget) -> list[str]:
    texts = button_texts(dialog)
    assert texts, f"{type(dialog).__name__} shows no button"
    assert not english(texts), f"{type(dialog).__name__}: {texts}"
    return texts


def modal(qtbot: QtBot, kind: type[QDialog], open_it: Callable[[], object]) -> list[str]:
    """Open a dialog that runs its own event loop, read it from inside that loop and close
    it; checks its buttons and returns its button and label texts."""
    seen: list[list[str]] = []

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, inspect)
            return
        seen.append(button_texts(dialog) + [label.text() for label in
                                            dialog.findChildren(QLabel)])
        dialog.reject()

    QTimer.singleShot(0, inspect)
    open_it()
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
    texts = [t for t in seen[0] if t]
    assert not english(texts), f"{kind.__name__}: {texts}"
    return texts


def opened(qtbot: QtBot, page: QWidget, kind: type[QDialog]) -> QDialog:
    """The dialog a page opened without blocking (``QDialog.open``)."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in page.findChildren(kind)), timeout=WAIT)
    return next(d for d in page.findChildren(kind) if d.isVisible())


def close(dialog: QDialog) -> None:
    assert_indonesian(dialog)
    dialog.reject()


def test_sign_in(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Masuk" in assert_indonesian(dialog)


def test_approve_and_refuse(qtbot: QtBot, db: Database, settings: Settings, team: Team,
                           console_for: Start) -> None:
    factories.submitted(db, settings)
    console = console_for(team.operator)
    qtbot.waitUntil(lambda: console.queue.model.rowCount() == 1, timeout=WAIT)
    console.queue.table.selectRow(0)
    qtbot.waitUntil(lambda: console.queue.approve_button.isEnabled(), timeout=WAIT)
    console.queue.approve_button.click()
    close(opened(qtbot, console.queue, ApproveDialog))
    console.queue.refuse_button.click()
    close(opened(qtbot, console.queue, ReasonDialog))


def test_escort_cancel_and_check_out(qtbot: QtBot, db: Database, settings: Settings,
                                     team: Team, console_for: Start) -> None:
    inside = factories.inside(db, settings, team)
    waiting = factories.approved(db, settings, team)  # approved, not yet gone in
    console = console_for(team.operator)
    page = console.inside
    console.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT)
    for visit, button, kind in ((inside, page.escort, EscortDialog),
                                (inside, page.checkout, CheckoutDialog),
                                (waiting, page.cancel, ReasonDialog)):
        assert page.table.select_key(visit.id)
        button.click()
        close(opened(qtbot, page, kind))


def _page(console: OperatorConsole, kind: type[Page]) -> Page:
    """The supervisor page of that kind, shown."""
    page = next(w for w in map(console.tabs.widget, range(console.tabs.count()))
                if isinstance(w, kind))
    console.tabs.setCurrentWidget(page)
    return page


def test_retire_a_badge_and_lift_a_deny_entry(qtbot: QtBot, db: Database, team: Team,
                                             console_for: Start) -> None:
    badges.add_badges(db, team.supervisor, 1)
    denylist.add_entry(db, team.supervisor, IdType.KTP, "6171014506900001", "Dewi Lestari",
                       "Merusak perangkat")
    console = console_for(team.supervisor)
    badge_page = _page(console, BadgesPage)
    qtbot.waitUntil(lambda: badge_page.model.rowCount() > 0, timeout=WAIT)
    badge_page.table.selectRow(0)
    badge_page.retire.click()
    close(opened(qtbot, badge_page, ReasonDialog))
    deny_page = _page(console, DenyListPage)
    qtbot.waitUntil(lambda: deny_page.model.rowCount() > 0, timeout=WAIT)
    deny_page.table.selectRow(0)
    deny_page.remove.click()
    close(opened(qtbot, deny_page, ReasonDialog))


def test_new_pin(qtbot: QtBot, team: Team, console_for: Start) -> None:
    console = console_for(team.supervisor)
    page = _page(console, StaffPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT)
    page.table.selectRow(0)
    texts = modal(qtbot, QInputDialog, page.reset.click)
    assert "Batal" in texts


def test_import_file_and_export_folder(qtbot: QtBot, team: Team, console_for: Start,
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # the import dialog opens in the home folder
    console = console_for(team.supervisor)
    texts = modal(qtbot, QFileDialog, console.preregistration.import_button.click)
    assert {"&Buka", "Batal", "&Nama berkas:", "&Jenis berkas:"} <= set(texts)
    texts = modal(qtbot, QFileDialog, _page(console, ReportsScreen)._choose_folder)
    assert {"&Pilih", "Batal", "Folder:"} <= set(texts)
