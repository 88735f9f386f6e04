"""Starting the kiosk: Qt application, theme, database, token secret, main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.config import Settings
from kiosk.domain.tokens import load_or_create_secret
from kiosk.errors import KnownError
from kiosk.i18n import set_language, tr
from kiosk.services import staff
from kiosk.services.store import open_database
from kiosk.ui.context import AppContext
from kiosk.ui.crash import install_crash_handler
from kiosk.ui.keep_awake import ScreenKeeper
from kiosk.ui.main_window import MainWindow
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.qt_translation import install_qt_translation
from kiosk.ui.theme import apply_theme
from kiosk.ui.upkeep import install_upkeep

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("Pintu")
    app.setOrganizationName("Pintu")
    install_qt_translation(app)
    apply_theme(app)
    install_crash_handler()
    return app


def build_context(settings: Settings, camera: str | None = None) -> AppContext:
    db = open_database(settings)
    secret = load_or_create_secret(settings.secret_path)
    return AppContext(settings=settings, db=db, token_secret=secret,
                      camera=camera if camera is not None else settings.camera)


def run_app(settings: Settings, *, camera: str | None = None, fullscreen: bool = False) -> int:
    set_language(settings.default_language)  # first: Qt's own strings follow it
    app = make_application()
    while True:
        try:
            ctx = build_context(settings, camera)
            first_run = staff.needs_first_admin(ctx.db)
            break
        except KnownError as exc:
            log.warning("start-up failed: %s", exc)
            answer = QMessageBox.critical(
                None, tr("Pintu cannot start"), exc.text(),
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close)
            if answer != QMessageBox.StandardButton.Retry:
                return 1
    window = MainWindow(ctx, kiosk_mode=fullscreen, first_run=first_run)
    install_upkeep(window, ctx)
    awake = ScreenKeeper()
    if fullscreen:
        window.setCursor(Qt.CursorShape.BlankCursor)
        window.showFullScreen()
        awake.inhibit()
    else:
        window.resize(1280, 800)
        window.show()
    code = app.exec()
    awake.release()
    wait_for_ops()
    ctx.db.dispose()
    return int(code)
