"""Starting the kiosk: Qt application, theme, database, token secret, main window.

A start that fails for a reason people can fix (a damaged or read-only database, a server
still booting) shows ``StartupProblem`` with what to do, and starts once it is fixed.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication

from kiosk.config import Settings
from kiosk.domain.tokens import load_or_create_secret
from kiosk.errors import KnownError
from kiosk.files import RunLock
from kiosk.i18n import set_language
from kiosk.services import staff
from kiosk.services.store import open_database
from kiosk.ui.context import AppContext
from kiosk.ui.crash import install_crash_handler
from kiosk.ui.keep_awake import ScreenKeeper
from kiosk.ui.main_window import MainWindow
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.qt_translation import install_qt_translation
from kiosk.ui.startup_problem import StartupProblem
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


def start_or_explain(settings: Settings, camera: str | None = None, *,
                     fullscreen: bool = False) -> tuple[AppContext, bool] | None:
    """Open everything the kiosk needs, and say whether the first administrator must be
    set up; while that fails for a reason people can fix, show ``StartupProblem`` and wait
    for Try again. None when staff chose to close."""
    while True:
        try:
            ctx = build_context(settings, camera)
            return ctx, staff.needs_first_admin(ctx.db)
        except KnownError as exc:
            log.warning("start-up failed: %s", exc)
            if not _explain(exc, settings, fullscreen):
                return None


def _explain(error: KnownError, settings: Settings, fullscreen: bool) -> bool:
    """Show the problem until staff ask to try again (True) or to close (False)."""
    screen = StartupProblem(error, settings)
    loop = QEventLoop()
    screen.retry_requested.connect(lambda: loop.exit(1))
    screen.close_requested.connect(lambda: loop.exit(0))
    if fullscreen:
        screen.showFullScreen()
    else:
        screen.resize(1280, 800)
        screen.show()
    retry = loop.exec() == 1
    screen.blockSignals(True)  # closing it now is not a request to quit
    screen.close()
    screen.deleteLater()
    return retry


def run_app(settings: Settings, *, camera: str | None = None, fullscreen: bool = False) -> int:
    set_language(settings.default_language)  # first: Qt's own strings follow it
    app = make_application()
    started = start_or_explain(settings, camera, fullscreen=fullscreen)
    if started is None:
        return 1
    ctx, first_run = started
    lock = RunLock(settings.lock_path)  # tells ``pintu restore`` the kiosk is running
    if not lock.acquire():
        log.warning("another Pintu window already runs on the data folder %s",
                    settings.data_dir)
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
    lock.release()
    return int(code)
